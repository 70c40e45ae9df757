"""Carrier names and tracking-URL templates for ``cLogistik``/``cLogistikURL`` in set_bestellung.xml.

JTL-Shop replaces ``#IdentCode#`` (and ``#PLZ#``) in ``cLogistikURL`` and shows the link under
"Mein Konto". The templates are the carriers' public tracking pages [not verified against the carriers].
"""

from __future__ import annotations

TRACKING_URLS: dict[str, tuple[str, str]] = {
    "dhl": (
        "DHL",
        "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=#IdentCode#",
    ),
    "deutsche post": (
        "Deutsche Post",
        "https://www.deutschepost.de/sendung/simpleQuery.html?form.sendungsnummer=#IdentCode#",
    ),
    "dpd": ("DPD", "https://tracking.dpd.de/status/de_DE/parcel/#IdentCode#"),
    "ups": ("UPS", "https://www.ups.com/track?loc=de_DE&tracknum=#IdentCode#"),
    "gls": ("GLS", "https://gls-group.com/DE/de/paketverfolgung?match=#IdentCode#"),
    "hermes": (
        "Hermes",
        "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation/#IdentCode#",
    ),
    "fedex": ("FedEx", "https://www.fedex.com/fedextrack/?trknbr=#IdentCode#"),
}


def carrier_and_url(carrier: str) -> tuple[str, str]:
    """The carrier's display name and URL template; unknown carriers keep their name and get no link."""
    key = " ".join(carrier.casefold().split())
    for prefix, known in TRACKING_URLS.items():
        if key == prefix or key.startswith(prefix + " "):
            return known
    return carrier.strip(), ""
