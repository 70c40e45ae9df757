"""What the simulated shop's push handlers write: GetBestellungen's and GetZahlungen's ``data.xml``.

Element order and attribute split follow JTL-Shop 5 (dbeS/Push/Orders.php: k* columns become
attributes, kWarenkorb is dropped, the street carries the house number, cLand is the German name
and cISO the code, empty tables are written as ``<tag />``).
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from adapters.channels.jtl_shop.dbes_format import element
from simulators.jtl_shop.state import Payment, ShopAddress, ShopOrder, ShopPosition

HEADER = '<?xml version="1.0" ?>\n'


@cache
def german_country_name(iso: str) -> str:
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return iso
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    return german.gettext(country.name)


def _address(tag: str, key: str, address: ShopAddress | None, address_id: int, customer_id: int) -> str:
    a = address or ShopAddress("", "", "", "", "", country_iso="")
    fields: dict[str, object | None] = {
        "cAnrede": a.salutation if address else None,
        "cTitel": None,
        "cVorname": a.first_name,
        "cNachname": a.last_name,
        "cFirma": a.company,
        "cZusatz": None,
        "cStrasse": a.street,
        "cAdressZusatz": a.extra,
        "cPLZ": a.postal_code,
        "cOrt": a.city,
        "cBundesland": None,
        "cLand": german_country_name(a.country_iso) if a.country_iso else "",
        "cTel": a.phone,
        "cMobil": None,
        "cFax": None,
    }
    if tag == "trechnungsadresse":
        fields.update({"cUSTID": a.vat_id, "cWWW": None})
    fields.update({"cMail": a.email, "cISO": a.country_iso})
    body = "".join(element(k, v, 3) for k, v in fields.items())
    attrs = {key: address_id, "kKunde": customer_id}
    return element(tag, None, 2, attrs).replace(" />\n", f">\n{body}\t\t</{tag}>\n")


def _position(order: ShopOrder, index: int, position: ShopPosition) -> str:
    fields: dict[str, object | None] = {
        "cName": position.name,
        "cLieferstatus": "2-3 Werktage" if position.pos_type == 1 else "",
        "cArtNr": position.art_nr,
        "cEinheit": position.unit,
        "fPreisEinzelNetto": position.net_price,
        "fPreis": position.net_price,
        "fMwSt": position.tax_rate,
        "nAnzahl": position.quantity,
        "nPosTyp": position.pos_type,
        "cHinweis": "",
        "cUnique": "",
        "cResponsibility": "core",
        "kKonfigitem": 0,
        "kBestellpos": 0,
        "fLagerbestandVorAbschluss": None,
        "nLongestMinDelivery": 2,
        "nLongestMaxDelivery": 3,
    }
    body = "".join(element(k, v, 3) for k, v in fields.items())
    if order.broken_xml and index == 1:  # the fault: text the shop failed to escape
        raw = f"\t\t\t<cName>{position.name} <Sonderpreis & Co></cName>\n"
        body = body.replace(element("cName", position.name, 3), raw, 1)
    variations = (
        "".join(
            f'\t\t\t<twarenkorbposeigenschaft kWarenkorbPosEigenschaft="{index * 10 + i}">\n'
            + element("cEigenschaftName", prop, 4)
            + element("cEigenschaftWertName", value, 4)
            + element("cFreifeldWert", "", 4)
            + element("fAufpreis", "0", 4)
            + "\t\t\t</twarenkorbposeigenschaft>\n"
            for i, (prop, value) in enumerate(position.variations, 1)
        )
        or "\t\t\t<twarenkorbposeigenschaft>\n\t\t\t</twarenkorbposeigenschaft>\n"
    )
    pos_id = order.order_id * 100 + index
    attrs = {"kWarenkorbPos": pos_id, "kArtikel": position.article_id, "kVersandklasse": 0}
    attrs["kBestellung"] = order.order_id
    opening = element("twarenkorbpos", None, 2, attrs).replace(" />\n", ">\n")
    return f"{opening}{body}{variations}\t\t</twarenkorbpos>\n"


def order_xml(order: ShopOrder) -> str:
    fields: dict[str, object | None] = {
        "nZahlungsTyp": 0,
        "fGuthaben": order.credit,
        "cSession": "",
        "cZahlungsartName": order.payment_method,
        "cBestellNr": order.number,
        "cVersandInfo": order.shipping_info,
        "dVersandDatum": order.shipped_date,
        "cTracking": order.tracking_code,
        "cKommentar": order.comment,
        "cAbgeholt": "Y" if order.fetched else "N",
        "cStatus": order.status,
        "dErstellt_formatted": order.created.strftime("%d.%m.%Y"),
        "dErstellt": order.created.strftime("%Y-%m-%d %H:%M:%S"),
        "cModulId": "za_ueberweisung_jtl",
        "cPUIZahlungsdaten": "",
        "nLongestMinDelivery": 2,
        "nLongestMaxDelivery": 3,
        "fWaehrungsFaktor": "1",
    }
    attrs = {
        "kBestellung": order.order_id,
        "kKunde": order.customer_id,
        "kLieferadresse": order.order_id if order.shipping else 0,
        "kRechnungsadresse": order.order_id,
        "kZahlungsart": 1,
        "kVersandart": 1,
        "kSprache": 1,
        "kWaehrung": 1,
    }
    parts = [element(k, v, 2) for k, v in fields.items()]
    parts += [element("tkampagne", None, 2), element("ttrackinginfo", None, 2)]
    parts += [_position(order, i, p) for i, p in enumerate(order.positions, 1)]
    shipping_id = order.order_id if order.shipping else 0
    parts.append(_address("tlieferadresse", "kLieferadresse", order.shipping, shipping_id, order.customer_id))
    parts.append(
        _address("trechnungsadresse", "kRechnungsadresse", order.billing, order.order_id, order.customer_id)
    )
    payment = "".join(
        element(k, None, 3)
        for k in ("cBankName", "cBLZ", "cInhaber", "cKontoNr", "cIBAN", "cBIC", "cKartenNr", "cCVV")
    )
    parts.append(f"\t\t<tzahlungsinfo>\n{payment}\t\t</tzahlungsinfo>\n")
    opening = element("tbestellung", None, 1, attrs).replace(" />\n", ">\n")
    return opening + "".join(parts) + "\t</tbestellung>\n"


def orders_document(orders: list[ShopOrder]) -> str:
    body = "".join(order_xml(order) for order in orders)
    return f'{HEADER}<bestellungen anzahl="{len(orders)}">\n{body}</bestellungen>\n'


def payments_document(payments: list[Payment]) -> str:
    items = []
    for p in payments:
        fields = {
            "cZahlungsanbieter": p.provider,
            "fBetrag": p.amount,
            "fZahlungsgebuehr": "0",
            "cISO": p.currency,
            "cEmpfaenger": "",
            "cZahler": p.payer,
            "dZeit": p.paid_at.strftime("%Y-%m-%d %H:%M:%S"),
            "cHinweis": "",
            "cAbgeholt": "Y" if p.fetched else "N",
            "dZeit_formatted": p.paid_at.strftime("%d.%m.%Y"),
        }
        body = "".join(element(k, v, 2) for k, v in fields.items())
        attrs = {"kZahlungseingang": p.payment_id, "kBestellung": p.order_id}
        items.append(
            element("tzahlungseingang", None, 1, attrs).replace(" />\n", ">\n")
            + body
            + "\t</tzahlungseingang>\n"
        )
    return f'{HEADER}<zahlungseingaenge anzahl="{len(payments)}">\n{"".join(items)}</zahlungseingaenge>\n'
