"""The JTL-Shop simulator over real HTTP: dbeS routes, auth, zip layout, encoding, sync files, mails."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest

from adapters.channels.jtl_shop import dbes_format as fmt
from simulators.jtl_shop.app import JtlShopSimulator, ShopAddress, ShopPosition
from simulators.server import BackgroundServer

WAWI = {"User-Agent": fmt.WAWI_USER_AGENT}
LOGIN = {"userID": "wawi", "userPWD": "secret"}


@pytest.fixture()
def sim() -> JtlShopSimulator:
    return JtlShopSimulator(seed=7)


@pytest.fixture()
def shop(sim: JtlShopSimulator) -> Iterator[httpx.Client]:
    with BackgroundServer(sim.app) as server, httpx.Client(base_url=server.url, headers=WAWI) as client:
        yield client


def get_orders(shop: httpx.Client, **headers: str) -> ET.Element | None:
    response = shop.post("/dbeS/GetBestellungen_xml", data=LOGIN, headers=headers)
    if response.content == b"0":
        return None
    return ET.fromstring(fmt.read_zip(response.content)["data.xml"])


def send(shop: httpx.Client, files: dict[str, bytes], handler: str = "Bestellungen_xml") -> str:
    upload = {"data": ("data.zip", fmt.make_zip(files), "application/zip")}
    return shop.post(f"/dbeS/{handler}", data=LOGIN, files=upload).text


def order_with(sim: JtlShopSimulator, customer_id: int = 5) -> int:
    billing = ShopAddress("Käthe", "Weiß", "Schloßweg 3", "1010", "Wien", "AT", email="kaethe@example.at")
    positions = [ShopPosition("Früchtetee", "6.065420560747664", "7", "2", 1, "TEE-05")]
    return sim.new_order(positions, billing, customer_id=customer_id).order_id


@pytest.mark.parametrize("path", ["/dbeS/GetBestellungen_xml", "/dbeS/index.php?id=GetBestellungen_xml"])
def test_a_wrong_sync_password_is_answered_3(shop: httpx.Client, path: str) -> None:
    assert shop.post(path, data={"userID": "wawi", "userPWD": "nope"}).text == "3"


def test_the_newer_uid_upwd_fields_are_accepted(shop: httpx.Client) -> None:
    assert shop.post("/dbeS/GetBestellungen_xml", data={"uID": "wawi", "uPWD": "secret"}).text == "0"


def test_nothing_to_fetch_is_answered_0(shop: httpx.Client) -> None:
    assert get_orders(shop) is None


def test_at_most_100_unfetched_orders_come_in_a_zip_with_data_xml(
    sim: JtlShopSimulator, shop: httpx.Client
) -> None:
    sim.generate_orders(130)
    root = get_orders(shop)
    assert root is not None
    assert (root.tag, root.get("anzahl"), len(root.findall("tbestellung"))) == ("bestellungen", "100", 100)


def test_the_order_layout_is_jtl_shops(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_id = order_with(sim)
    root = get_orders(shop)
    assert root is not None
    order = root.find("tbestellung")
    assert order is not None
    assert order.get("kBestellung") == str(order_id) and order.get("kKunde") == "5"
    assert "kWarenkorb" not in order.attrib
    assert [order.findtext(t) for t in ("cBestellNr", "cStatus", "cAbgeholt")] == [f"B0{order_id}", "1", "N"]
    position = order.find("twarenkorbpos")
    assert position is not None and position.get("kBestellung") == str(order_id)
    assert [position.findtext(t) for t in ("fPreis", "fMwSt", "nAnzahl", "nPosTyp")] == [
        "6.065420560747664",
        "7",
        "2",
        "1",
    ]
    billing = order.find("trechnungsadresse")
    assert billing is not None
    assert [billing.findtext(t) for t in ("cLand", "cISO", "cStrasse")] == ["Österreich", "AT", "Schloßweg 3"]
    assert order.find("tlieferadresse") is not None and order.find("tzahlungsinfo") is not None


def test_acknowledged_orders_are_fetched_and_in_bearbeitung(
    sim: JtlShopSimulator, shop: httpx.Client
) -> None:
    first, second = order_with(sim), order_with(sim)
    assert send(shop, fmt.ack_orders_file([first])) == "0"
    assert (sim.order(first).fetched, sim.order(first).status) == (True, 2)
    root = get_orders(shop)
    assert root is not None
    assert [o.get("kBestellung") for o in root.findall("tbestellung")] == [str(second)]


def test_output_is_utf8_for_the_wawi_and_iso_8859_1_otherwise(
    sim: JtlShopSimulator, shop: httpx.Client
) -> None:
    order_with(sim)
    as_wawi = shop.post("/dbeS/GetBestellungen_xml", data=LOGIN).content
    as_other = shop.post("/dbeS/GetBestellungen_xml", data=LOGIN, headers={"User-Agent": "curl/8"}).content
    assert "Österreich".encode() in fmt.read_zip(as_wawi)["data.xml"]
    assert "Österreich".encode("latin-1") in fmt.read_zip(as_other)["data.xml"]


def test_a_corrupt_upload_is_answered_2(shop: httpx.Client) -> None:
    upload = {"data": ("data.zip", b"PK\x03\x04 not really", "application/zip")}
    assert shop.post("/dbeS/Bestellungen_xml", data=LOGIN, files=upload).text == "2"


def test_paid_is_set_and_mailed_once(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_id = order_with(sim)
    paid = fmt.set_order_file(order_id, {"cBezahlt": "Y", "dBezahltDatum": "2024-05-06"})
    assert send(shop, paid) == send(shop, paid) == "0"
    assert (sim.order(order_id).status, sim.order(order_id).paid_date) == (3, "2024-05-06")
    assert [m.template for m in sim.mails(order_id)] == ["bestellung_bezahlt"]


def test_a_guest_gets_no_payment_mail(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_id = order_with(sim, customer_id=0)
    send(shop, fmt.set_order_file(order_id, {"cBezahlt": "Y", "dBezahltDatum": "2024-05-06"}))
    assert sim.order(order_id).status == 3 and sim.mails(order_id) == []


def test_shipped_shows_the_tracking_link_and_mails_on_the_transition_only(
    sim: JtlShopSimulator, shop: httpx.Client
) -> None:
    order_id = order_with(sim)
    shipped = fmt.set_order_file(
        order_id,
        {"dVersandt": "2024-05-07", "cIdentCode": "JJD00123", "cLogistik": "DHL",
         "cLogistikURL": "https://track.example/?code=#IdentCode#&plz=#PLZ#", "nKomplettAusgeliefert": 1},
    )  # fmt: skip
    send(shop, shipped)
    send(shop, shipped)
    view = sim.customer_view(sim.order(order_id).number)
    assert view is not None
    assert (view["status_text"], view["tracking_url"]) == (
        "versandt",
        "https://track.example/?code=JJD00123&plz=1010",
    )
    assert [m.template for m in sim.mails(order_id)] == ["bestellung_versandt"]


def test_delivery_notes_with_nkomplettausgeliefert_0_make_teilversandt(
    sim: JtlShopSimulator, shop: httpx.Client
) -> None:
    order_id = order_with(sim)
    parcel = {
        "cLogistik": "DPD",
        "cLogistikURL": "",
        "cIdentCode": "0815",
        "cHinweis": "",
        "dErstellt": "2024-05-07",
    }
    partial = fmt.set_order_file(order_id, {"dVersandt": "2024-05-07", "nKomplettAusgeliefert": 0})
    send(shop, partial)
    assert sim.order(order_id).status == 4  # no delivery note yet: the shop says versandt
    send(
        shop, fmt.delivery_note_file(77, order_id, "LS-77", "2024-05-07 10:00:00", parcel), "Lieferschein_xml"
    )
    send(shop, partial)
    assert sim.order(order_id).status == 5
    send(shop, partial)  # same note again: no second mail
    send(
        shop, fmt.delivery_note_file(78, order_id, "LS-78", "2024-05-08 10:00:00", parcel), "Lieferschein_xml"
    )
    send(shop, partial)
    assert [m.template for m in sim.mails(order_id)] == ["bestellung_versandt"] + [
        "bestellung_teilversandt"
    ] * 2


def test_storno_cancels_sticks_and_reaktiviere_undoes_it(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_id = order_with(sim)
    send(shop, fmt.storno_file([order_id]))
    send(shop, fmt.set_order_file(order_id, {"cBezahlt": "Y", "dBezahltDatum": "2024-05-06"}))
    assert sim.order(order_id).status == -1
    send(
        shop,
        {
            "reaktiviere_bestellung.xml": fmt.id_list_document(
                "reaktiviere_bestellungen", "kBestellung", [order_id]
            )
        },
    )
    assert sim.order(order_id).status == 2
    assert [m.template for m in sim.mails(order_id)] == [
        "bestellung_storno",
        "bestellung_bezahlt",
        "bestellung_restorno",
    ]


def test_del_bestellung_deletes_the_order(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_id = order_with(sim)
    send(shop, {"del_bestellung.xml": fmt.id_list_document("del_bestellungen", "kBestellung", [order_id])})
    assert sim.orders() == []


def test_payments_are_served_until_acknowledged(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_id = order_with(sim)
    payment = sim.add_payment(order_id, "12.98")
    answer = shop.post("/dbeS/GetZahlungen_xml", data=LOGIN).content
    root = ET.fromstring(fmt.read_zip(answer)["data.xml"])
    item = root.find("tzahlungseingang")
    assert item is not None
    assert (root.get("anzahl"), item.get("kBestellung"), item.findtext("fBetrag")) == (
        "1",
        str(order_id),
        "12.98",
    )
    send(shop, fmt.ack_payments_file([payment.payment_id]))
    assert shop.post("/dbeS/GetZahlungen_xml", data=LOGIN).text == "0"


def test_the_customer_view_shows_status_and_total(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_id = order_with(sim)
    number = sim.order(order_id).number
    view = shop.get(f"/shop/account/orders/{number}").json()
    assert (view["status_text"], Decimal(view["total"])) == ("offen", Decimal("12.98"))
    assert shop.get("/shop/account/orders/NOPE").status_code == 404


def test_injected_answers_and_corrupt_zips(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_with(sim)
    sim.fail_next("<html>Fatal error</html>", status=200, handler="GetBestellungen_xml")
    sim.corrupt_next_zip()
    assert shop.post("/dbeS/GetBestellungen_xml", data=LOGIN).text == "<html>Fatal error</html>"
    broken = shop.post("/dbeS/GetBestellungen_xml", data=LOGIN).content
    with pytest.raises(fmt.CorruptZipError):
        fmt.read_zip(broken)


def test_generated_orders_are_realistic_and_reproducible() -> None:
    a, b = JtlShopSimulator(seed=3), JtlShopSimulator(seed=3)
    orders = a.generate_orders(200)
    assert [o.billing for o in orders] == [o.billing for o in b.generate_orders(200)]
    assert any(o.customer_id == 0 for o in orders) and any(o.shipping for o in orders)
    assert {p.pos_type for o in orders for p in o.positions} >= {1, 2, 3}
    assert {p.tax_rate for o in orders for p in o.positions} >= {"7", "19"}
    assert any(o.billing.country_iso != "DE" for o in orders)


def test_upd_bestellung_replaces_positions_and_mails_an_update(
    sim: JtlShopSimulator, shop: httpx.Client
) -> None:
    order_id = order_with(sim)
    edited = (
        f'<?xml version="1.0" ?>\n<tbestellung kBestellung="{order_id}"><cKommentar>Größe getauscht</cKommentar>'
        "<twarenkorbpos><cName>Tee grün</cName><fPreis>5</fPreis><fMwSt>7</fMwSt><nAnzahl>1</nAnzahl>"
        "<nPosTyp>1</nPosTyp></twarenkorbpos></tbestellung>"
    )
    assert send(shop, {"upd_bestellung.xml": edited.encode()}) == "0"
    order = sim.order(order_id)
    assert (order.comment, [p.name for p in order.positions], order.gross_total) == (
        "Größe getauscht", ["Tee grün"], Decimal("5.35"),
    )  # fmt: skip
    assert [m.template for m in sim.mails(order_id)] == ["bestellung_aktualisiert"]


def test_index_php_takes_the_handler_from_the_query(sim: JtlShopSimulator, shop: httpx.Client) -> None:
    order_with(sim)
    answer = shop.post("/dbeS/index.php", params={"id": "GetBestellungen_xml"}, data=LOGIN).content
    assert "data.xml" in fmt.read_zip(answer)
