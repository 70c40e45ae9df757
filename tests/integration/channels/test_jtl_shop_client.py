"""The jtl-shop channel against the simulated shop over real HTTP: paging, ack, faults, pushes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from adapters.channels.jtl_shop import dbes_format as fmt
from adapters.channels.jtl_shop.kind import KIND, JtlShopSettings
from domain.order_line import Tracking
from domain.status import OrderStatus
from ports.channels import (
    ChannelContext,
    OrderChannel,
    PermanentChannelError,
    PulledPage,
    PullWindow,
    RetryableChannelError,
    StatusPush,
)
from simulators.jtl_shop.app import JtlShopSimulator, ShopAddress, ShopPosition
from simulators.jtl_shop.export import orders_document
from simulators.server import BackgroundServer

NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
WINDOW = PullWindow(start=NOW - timedelta(days=30), end=NOW, first_sync=True)


class FixedClock:
    def now(self) -> datetime:
        return NOW


@pytest.fixture()
def sim() -> JtlShopSimulator:
    return JtlShopSimulator(seed=11, clock=FixedClock())


@pytest.fixture()
def server(sim: JtlShopSimulator) -> Iterator[BackgroundServer]:
    with BackgroundServer(sim.app) as running:
        yield running


def open_channel(server: BackgroundServer, password: str = "secret") -> OrderChannel:
    settings = JtlShopSettings(url=server.url, username="wawi", password=password)  # type: ignore[arg-type]
    context = ChannelContext(channel_name="shop", clock=FixedClock(), sleep=lambda s: None, timeout_seconds=5)
    return KIND.open(settings, context)


def sync(channel: OrderChannel, ack: bool = True) -> list[PulledPage]:
    """What the application does: save a page, acknowledge it, then ask for the next."""
    pages = []
    for page in channel.pull(WINDOW, None):
        pages.append(page)
        if ack:
            channel.acknowledge([o.receipt for o in page.orders if o.receipt])
    return pages


def push(channel: OrderChannel, order_id: int, status: OrderStatus, tracking: Tracking | None = None) -> str:
    change = StatusPush(
        push_id=f"{order_id}-{status}", order_id="x", external_id=str(order_id), status=status,
        tracking=tracking, receipt=str(order_id),
    )  # fmt: skip
    outcome = channel.push(change)
    assert outcome.delivered, outcome.detail
    return outcome.reference or outcome.detail or ""


def test_more_orders_than_one_call_returns_come_page_by_page(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    shop_orders = sim.generate_orders(250)
    pages = sync(open_channel(server))
    assert [len(p.orders) for p in pages] == [100, 100, 50]
    assert [o.order.external_id for p in pages for o in p.orders] == [str(o.order_id) for o in shop_orders]
    assert sim.unfetched() == [] and all(o.status in (2, 3) for o in sim.orders())


def test_every_order_total_equals_the_shops_gross_total(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.generate_orders(120)
    pulled = {o.order.external_id: o.order.total for p in sync(open_channel(server)) for o in p.orders}
    assert pulled == {str(o.order_id): o.gross_total for o in sim.orders()}


def test_an_unacknowledged_page_is_not_handed_out_twice_in_one_pull(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.generate_orders(150)
    assert [len(p.orders) for p in sync(open_channel(server), ack=False)] == [100]


def test_a_lost_acknowledgement_redelivers_the_orders_at_the_next_sync(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.generate_orders(3)
    sim.lose_next_acks()
    first = [o.order.external_id for p in sync(open_channel(server)) for o in p.orders]
    again = [o.order.external_id for p in sync(open_channel(server)) for o in p.orders]
    assert first == again and len(first) == 3
    assert sync(open_channel(server)) == []


def test_wrong_credentials_are_a_permanent_error_that_says_what_to_do(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.generate_orders(1)
    with pytest.raises(PermanentChannelError, match="Synclogin") as caught:
        sync(open_channel(server, password="wrong-pw"))
    assert "wrong-pw" not in str(caught.value)


def test_a_broken_zip_is_a_retryable_error(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    sim.generate_orders(1)
    sim.corrupt_next_zip()
    with pytest.raises(RetryableChannelError, match="broken zip"):
        sync(open_channel(server))


def test_an_error_page_instead_of_a_zip_is_a_retryable_error(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.fail_next("<b>Fatal error</b>: Allowed memory size exhausted", handler="GetBestellungen_xml")
    with pytest.raises(RetryableChannelError, match="expected a zip or 0"):
        sync(open_channel(server))


def test_server_errors_are_retried(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    sim.generate_orders(2)
    sim.fail_next("busy", status=503, handler="GetBestellungen_xml", times=2)
    assert [len(p.orders) for p in sync(open_channel(server))] == [2]


def test_a_zip_with_something_else_than_orders_is_a_retryable_error(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.fail_next(fmt.make_zip({"data.xml": b"<html>oops</html>"}), handler="GetBestellungen_xml")
    with pytest.raises(RetryableChannelError, match="expected <bestellungen>"):
        sync(open_channel(server))


def test_a_zip_with_unreadable_xml_is_a_retryable_error(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.fail_next(fmt.make_zip({"data.xml": b"\x00\x01 garbage <<"}), handler="GetBestellungen_xml")
    with pytest.raises(RetryableChannelError, match="not an order document"):
        sync(open_channel(server))


def test_a_zip_without_data_xml_is_a_retryable_error(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    sim.fail_next(fmt.make_zip({"other.txt": b"x"}), handler="GetBestellungen_xml")
    with pytest.raises(RetryableChannelError, match=r"no data\.xml"):
        sync(open_channel(server))


def test_an_unparsable_order_is_quarantined_and_the_rest_imports(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    orders = sim.generate_orders(5)
    sim.break_order(orders[2].order_id)
    [page] = sync(open_channel(server))
    assert [f.external_id for f in page.failures] == [str(orders[2].order_id)]
    assert len(page.orders) == 4
    assert [o.order_id for o in sim.unfetched()] == [orders[2].order_id]


def test_a_quarantined_order_comes_back_at_the_next_sync_and_imports_once_repaired(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    [order] = sim.generate_orders(1)
    sim.make_unmappable(order.order_id)
    [page] = sync(open_channel(server))
    assert "unknown country" in page.failures[0].reason
    sim.repair_order(order.order_id)
    [page] = sync(open_channel(server))
    assert [o.order.external_id for o in page.orders] == [str(order.order_id)]


def test_umlauts_survive_the_wire(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    billing = ShopAddress("Jürgen", "Größ", "Über den Höfen 5", "97070", "Würzburg", email="j@example.de")
    sim.new_order([ShopPosition("Schal „Bärenstark“", "8.394957983193278", "19")], billing, customer_id=3)
    [page] = sync(open_channel(server))
    order = page.orders[0].order
    assert order.lines[0].title == "Schal „Bärenstark“"
    assert order.billing_address is not None and order.billing_address.street == "Über den Höfen 5"


def test_an_iso_8859_1_answer_is_read_too(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    [order] = sim.generate_orders(1)
    latin = orders_document([order]).encode("latin-1", errors="replace")
    sim.fail_next(fmt.make_zip({"data.xml": latin}), handler="GetBestellungen_xml")
    [page, *_] = sync(open_channel(server), ack=False)
    assert (
        page.orders[0].order.billing_address == sync(open_channel(server))[0].orders[0].order.billing_address
    )


def test_paid_reaches_the_shop_and_mails_once(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    [order] = sim.generate_orders(1, guest=False)
    channel = open_channel(server)
    sync(channel)
    push(channel, order.order_id, OrderStatus.PAID)
    assert (sim.order(order.order_id).status, sim.order(order.order_id).paid_date) == (3, "2024-05-06")
    assert [m.template for m in sim.mails(order.order_id)] == ["bestellung_bezahlt"]


def test_shipped_with_tracking_is_what_the_shopper_sees(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    [order] = sim.generate_orders(1)
    channel = open_channel(server)
    sync(channel)
    push(channel, order.order_id, OrderStatus.SHIPPED, Tracking(carrier="DHL", number="JJD000390007"))
    view = sim.customer_view(order.number)
    assert view is not None
    assert (view["status"], view["tracking_code"]) == (4, "JJD000390007")
    assert view["tracking_url"].endswith("JJD000390007")
    assert [m.template for m in sim.mails(order.order_id)] == ["bestellung_versandt"]


def test_partially_shipped_makes_the_shop_derive_teilversandt(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    [order] = sim.generate_orders(1)
    channel = open_channel(server)
    sync(channel)
    push(channel, order.order_id, OrderStatus.PARTIALLY_SHIPPED, Tracking(carrier="DPD", number="01234"))
    assert sim.order(order.order_id).status == 5
    push(channel, order.order_id, OrderStatus.SHIPPED, Tracking(carrier="DPD", number="05678"))
    assert sim.order(order.order_id).status == 4
    assert [m.template for m in sim.mails(order.order_id)] == [
        "bestellung_teilversandt",
        "bestellung_versandt",
    ]


def test_cancelled_reaches_the_shop_as_storno(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    [order] = sim.generate_orders(1)
    channel = open_channel(server)
    sync(channel)
    assert "storno_bestellung.xml" in push(channel, order.order_id, OrderStatus.CANCELLED)
    assert sim.order(order.order_id).status == -1
    assert [m.template for m in sim.mails(order.order_id)] == ["bestellung_storno"]


def test_a_status_the_shop_cannot_take_is_refused_saying_where_to_change_it(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    [order] = sim.generate_orders(1)
    change = StatusPush(
        push_id="p", order_id="x", external_id=str(order.order_id), status=OrderStatus.OPEN,
        receipt=str(order.order_id),
    )  # fmt: skip
    outcome = open_channel(server).push(change)
    assert not outcome.delivered  # PushRejected: not counted as pushed, never retried (issue 18.15)
    assert (outcome.detail or "").startswith("JTL-Shop cannot set an order back to open")
    assert "change the order in the shop's admin" in (outcome.detail or "")
    assert sim.mails(order.order_id) == []  # nothing reached the shop


def test_a_push_the_shop_refuses_as_bad_input_is_not_delivered(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.fail_next("5\nUngültige Eingabe", handler="Bestellungen_xml")
    change = StatusPush(push_id="p", order_id="x", external_id="1", status=OrderStatus.CANCELLED, receipt="1")
    outcome = open_channel(server).push(change)
    assert not outcome.delivered and "Ungültige Eingabe" in (outcome.detail or "")


def test_a_push_during_a_shop_database_error_is_retryable(
    sim: JtlShopSimulator, server: BackgroundServer
) -> None:
    sim.fail_next("1\nDB-Fehler", handler="Bestellungen_xml")
    change = StatusPush(push_id="p", order_id="x", external_id="1", status=OrderStatus.PAID, receipt="1")
    with pytest.raises(RetryableChannelError, match="DB-Fehler"):
        open_channel(server).push(change)


def test_the_settings_keep_the_password_secret() -> None:
    schema = JtlShopSettings.model_json_schema()
    assert schema["properties"]["password"]["secret"] is True
    settings = JtlShopSettings(url="https://shop.example/", username="wawi", password="pw")  # type: ignore[arg-type]
    assert "pw" not in repr(settings) and settings.url == "https://shop.example"
    assert KIND.name == "jtl-shop" and KIND.pulls_by_time is False


def test_exact_amounts_arrive_for_a_coupon_order(sim: JtlShopSimulator, server: BackgroundServer) -> None:
    billing = ShopAddress("Anna", "Schmidt", "Hauptstraße 1", "10115", "Berlin", email="anna@example.de")
    positions = [
        ShopPosition("Tasse", "10.840336134453782", "19", "3", 1, "TASSE-01"),
        ShopPosition("Buch", "22.429906542056074", "7", "1", 1, "BUCH-17"),
        ShopPosition("Versand: DHL Paket", "4.117647058823529", "19", pos_type=2),
        ShopPosition("Kupon: SOMMER5", "-4.201680672268908", "19", pos_type=3),
    ]
    sim.new_order(positions, billing, customer_id=9)
    order = sync(open_channel(server))[0].orders[0].order
    assert [line.unit_price for line in order.lines] == [Decimal("12.90"), Decimal("24.00")]
    assert (order.shipping_cost, order.adjustments[0].amount, order.total) == (
        Decimal("4.90"), Decimal("-5.00"), Decimal("62.60"),
    )  # fmt: skip
