"""What the simulated shop does with the Wawi's files (dbeS/Sync/Orders.php and DeliveryNotes.php).

Status derivation and mail rules are the shop's: storno stays storno; else in Bearbeitung →
bezahlt (cBezahlt=Y) → versandt (dVersandt set) → teilversandt (delivery notes exist and
nKomplettAusgeliefert=0). The shipped mail goes out on the transition to versandt, the partly
shipped mail while a delivery note has not been mailed, the paid mail when dBezahltDatum was
empty and a registered customer (kKunde > 0) ordered; storno and re-activation mail every time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from simulators.jtl_shop.state import (
    DeliveryNote,
    Parcel,
    ShopOrder,
    ShopPosition,
    ShopState,
)

ORDER_FIELDS = {"dVersandt", "cIdentCode", "cVersandInfo", "dBezahltDatum", "cSendeEMail", "nKomplettAusgeliefert",
                "cLogistik", "cLogistikURL", "cKommentar", "cZahlungsartName", "cBezahlt"}  # fmt: skip


def _ids(root: ET.Element, tag: str) -> list[int]:
    return [int(e.text) for e in root.iter(tag) if e.text and e.text.strip().isdigit() and int(e.text) > 0]


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def apply_order_files(state: ShopState, files: dict[str, ET.Element]) -> None:
    """Bestellungen_xml; the shop dispatches on the file name, in zip order."""
    for name, root in files.items():
        if "ack_bestellung.xml" in name:
            for order in _orders(state, _ids(root, "kBestellung")):
                order.fetched = True
                order.status = 2 if order.status == 1 else order.status
        elif "delonly_bestellung.xml" in name or "del_bestellung.xml" in name:
            for order_id in _ids(root, "kBestellung"):
                state.orders.pop(order_id, None)
        elif "storno_bestellung.xml" in name:
            for order in _orders(state, _ids(root, "kBestellung")):
                state.send_mail(order, "bestellung_storno")
                order.status = -1
        elif "reaktiviere_bestellung.xml" in name:
            for order in _orders(state, _ids(root, "kBestellung")):
                state.send_mail(order, "bestellung_restorno")
                order.status = 2
        elif "ack_zahlungseingang.xml" in name:
            for payment_id in _ids(root, "kZahlungseingang"):
                if payment_id in state.payments:
                    state.payments[payment_id].fetched = True
        elif "set_bestellung.xml" in name:
            for element in root.findall("tbestellung"):
                _set(state, element)
        elif "upd_bestellung.xml" in name:
            _update(state, root)


def _orders(state: ShopState, ids: list[int]) -> list[ShopOrder]:
    return [state.orders[i] for i in ids if i in state.orders]


def _set(state: ShopState, element: ET.Element) -> None:
    order = state.orders.get(int(element.get("kBestellung", "0") or 0))
    if order is None:
        return
    wawi = {child.tag: (child.text or "").strip() for child in element if child.tag in ORDER_FIELDS}
    old_status, old_paid = order.status, order.paid_date
    new_status = -1 if order.status == -1 else 2
    if new_status != -1:
        if wawi.get("cBezahlt") == "Y":
            new_status = 3
        if wawi.get("dVersandt"):
            new_status = 4
        # PHP: isset() and (int) === 0, so an empty element counts as "not complete"
        partial = "nKomplettAusgeliefert" in wawi and int(wawi["nKomplettAusgeliefert"] or 0) == 0
        if order.notes and partial:
            new_status = 5
    url = ""
    if wawi.get("cIdentCode"):
        postcode = (order.shipping or order.billing).postal_code
        url = (
            wawi.get("cLogistikURL", "").replace("#PLZ#", postcode).replace("#IdentCode#", wawi["cIdentCode"])
        )
    order.shipped_date = wawi.get("dVersandt") or None
    order.tracking_code = wawi.get("cIdentCode", "")
    order.carrier = wawi.get("cLogistik", "")
    order.tracking_url = url
    order.status = new_status
    order.shipping_info = wawi.get("cVersandInfo", "")
    order.payment_method = wawi.get("cZahlungsartName") or order.payment_method
    order.paid_date = wawi.get("dBezahltDatum") or None
    unsent_note = any(not note.email_sent for note in order.notes)
    if (new_status == 4 and old_status != 4) or (new_status == 5 and unsent_note):
        state.send_mail(order, "bestellung_versandt" if new_status == 4 else "bestellung_teilversandt")
        for note in order.notes:
            note.email_sent = True
    if not old_paid and order.paid_date and order.customer_id > 0:
        state.send_mail(order, "bestellung_bezahlt")


def _update(state: ShopState, root: ET.Element) -> None:
    """upd_bestellung.xml: the Wawi edited the order (comment, positions); the shop mails an update."""
    element = root if root.tag == "tbestellung" else root.find("tbestellung")
    if element is None:
        return
    order = state.orders.get(int(element.get("kBestellung", "0") or 0))
    if order is None:
        return
    order.comment = _text(element, "cKommentar") or order.comment
    positions = [
        ShopPosition(
            name=_text(p, "cName"),
            net_price=_text(p, "fPreis") or "0",
            tax_rate=_text(p, "fMwSt") or "0",
            quantity=_text(p, "nAnzahl") or "1",
            pos_type=int(_text(p, "nPosTyp") or 1),
            art_nr=_text(p, "cArtNr"),
        )
        for p in element.findall("twarenkorbpos")
    ]
    order.positions = positions or order.positions
    state.send_mail(order, "bestellung_aktualisiert")


def apply_delivery_notes(state: ShopState, files: dict[str, ET.Element]) -> None:
    """Lieferschein_xml: lief.xml upserts notes by kLieferschein, del_lief.xml deletes them."""
    for name, root in files.items():
        base = name.rsplit("/", 1)[-1]
        if base == "lief.xml":
            for item in root.iter("tlieferschein"):
                order = state.orders.get(int(_text(item, "kInetBestellung") or 0))
                if order is None:
                    continue
                note_id = int(_text(item, "kLieferschein") or 0)
                note = DeliveryNote(
                    note_id=note_id,
                    number=_text(item, "cLieferscheinNr"),
                    created=_text(item, "dErstellt"),
                    email_sent=_text(item, "bEmailVerschickt") not in ("", "0"),
                    parcels=[
                        Parcel(_text(v, "cLogistik"), _text(v, "cIdentCode"), _text(v, "cLogistikURL"))
                        for v in item.findall("tversand")
                    ],
                )
                # kLieferschein is tlieferschein's primary key: the same key replaces the note
                # wherever it was, on another order too.
                for other in state.orders.values():
                    other.notes = [n for n in other.notes if n.note_id != note_id]
                order.notes.append(note)
        elif base == "del_lief.xml":
            gone = set(_ids(root, "kLieferschein"))
            for order in state.orders.values():
                order.notes = [n for n in order.notes if n.note_id not in gone]
