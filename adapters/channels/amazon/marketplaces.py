"""Amazon marketplace ids and their currencies (for orders that carry no amount yet: Pending)."""

from __future__ import annotations

MARKETPLACE_CURRENCY: dict[str, str] = {
    # North America
    "ATVPDKIKX0DER": "USD",  # US
    "A2EUQ1WTGCTBG2": "CAD",  # CA
    "A1AM78C64UM0Y8": "MXN",  # MX
    "A2Q3Y263D00KWC": "BRL",  # BR
    # Europe (the default region of an ``amazon`` channel)
    "A1PA6795UKMFR9": "EUR",  # DE
    "A1RKKUPIHCS9HS": "EUR",  # ES
    "A13V1IB3VIYZZH": "EUR",  # FR
    "APJ6JRA9NG5V4": "EUR",  # IT
    "A1805IZSGTT6HS": "EUR",  # NL
    "AMEN7PMS3EDWL": "EUR",  # BE
    "A28R8C7NBKEWEA": "EUR",  # IE
    "A1F83G8C2ARO7P": "GBP",  # UK
    "A2NODRKZP88ZB9": "SEK",  # SE
    "A1C3SOZRARQ6R3": "PLN",  # PL
    "A33AVAJ2PDY3EV": "TRY",  # TR
    "ARBP9OOSHTCHU": "EGP",  # EG
    "A17E79C6D8DWNP": "SAR",  # SA
    "A2VIGQ35RCS4UG": "AED",  # AE
    "A21TJRUUN4KGV": "INR",  # IN
    "AE08WJ6YKNBMC": "ZAR",  # ZA
    # Far East
    "A1VC38T7YXB528": "JPY",  # JP
    "A39IBJ37TRP1C6": "AUD",  # AU
    "A19VAU5U5O7RUS": "SGD",  # SG
}
