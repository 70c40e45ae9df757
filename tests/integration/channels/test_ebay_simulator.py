"""The eBay simulator's wire format: OAuth grants, getOrders filters and paging, getOrder and error
envelopes; answers validated against eBay's OpenAPI file."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from adapters.channels.ebay.timestamps import ebay_time
from simulators.ebay.auth import PUBLIC
from tests.integration.channels.ebay_schema import validate, validate_errors
from tests.integration.channels.ebay_world import START, FakeClock, World, ebay_world

ORDERS = "/sell/fulfillment/v1/order"
TOKEN = "/identity/v1/oauth2/token"


@pytest.fixture(scope="module")
def shop() -> Iterator[World]:
    """A read-only shop of 120 generated orders from the last 25 days (tests must not change it)."""
    with ebay_world(FakeClock(START)) as world:
        world.market.generate(120, seed=11)
        yield world


def _window(start: timedelta, end: timedelta | None = None) -> str:
    return f"[{ebay_time(START - start)}..{ebay_time(START - end) if end is not None else ''}]"


def _token(world: World, form: dict[str, str], secret: str | None = None) -> httpx.Response:
    auth = (world.market.client_id, secret or world.market.client_secret)
    return httpx.post(world.url + TOKEN, data=form, auth=auth)


# -- OAuth ------------------------------------------------------------------------------------------


def test_the_refresh_grant_returns_a_two_hour_user_token_and_no_new_refresh_token(shop: World) -> None:
    answer = _token(shop, {"grant_type": "refresh_token", "refresh_token": shop.market.refresh_token})
    body = answer.json()
    assert answer.status_code == 200
    assert (body["expires_in"], body["token_type"]) == (7200, "User Access Token")
    assert "refresh_token" not in body


def test_the_authorization_code_grant_returns_a_refresh_token_too(shop: World) -> None:
    code = shop.market.issue_authorization_code()
    body = _token(
        shop, {"grant_type": "authorization_code", "code": code, "redirect_uri": "Shop-RuName"}
    ).json()
    assert body["refresh_token_expires_in"] == 47304000
    assert shop.get(ORDERS, body["access_token"]).status_code == 200


def test_an_application_token_is_denied_by_the_fulfillment_api(shop: World) -> None:
    body = _token(shop, {"grant_type": "client_credentials", "scope": PUBLIC}).json()
    assert body["token_type"] == "Application Access Token"
    denied = shop.get(ORDERS, body["access_token"])
    assert (denied.status_code, denied.json()["errors"][0]["errorId"]) == (403, 1100)
    validate_errors(denied.json())


def test_a_wrong_client_secret_is_invalid_client(shop: World) -> None:
    answer = _token(shop, {"grant_type": "refresh_token", "refresh_token": shop.market.refresh_token}, "nope")
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")


def test_an_unknown_refresh_token_is_invalid_grant(shop: World) -> None:
    answer = _token(shop, {"grant_type": "refresh_token", "refresh_token": "v^1.1#made-up"})
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")


def test_a_revoked_refresh_token_is_invalid_grant(world: World) -> None:
    world.market.revoke_refresh_token()
    answer = _token(world, {"grant_type": "refresh_token", "refresh_token": world.market.refresh_token})
    assert answer.json()["error"] == "invalid_grant"


def test_basic_auth_must_be_base64_of_client_id_and_secret(shop: World) -> None:
    header = "Basic " + base64.b64encode(b"only-the-id").decode()
    form = {"grant_type": "refresh_token", "refresh_token": shop.market.refresh_token}
    answer = httpx.post(shop.url + TOKEN, data=form, headers={"Authorization": header})
    assert answer.json()["error"] == "invalid_client"


def test_an_expired_access_token_gets_401_with_error_1001(world: World) -> None:
    token = world.user_token()
    world.clock.advance(seconds=7200)
    answer = world.get(ORDERS, token)
    assert (answer.status_code, answer.json()["errors"][0]["errorId"]) == (401, 1001)
    validate_errors(answer.json())


def test_the_expire_knob_invalidates_tokens_before_their_time(world: World) -> None:
    token = world.user_token()
    world.market.expire_access_tokens()
    assert world.get(ORDERS, token).status_code == 401


# -- getOrders ---------------------------------------------------------------------------------------


def test_get_orders_answers_a_valid_order_search_paged_collection(shop: World) -> None:
    body = shop.get(ORDERS, filter=f"creationdate:{_window(timedelta(days=30))}", limit="200").json()
    validate(body, "OrderSearchPagedCollection")
    assert body["total"] == 120


def test_money_is_sent_as_strings_and_cancel_status_is_always_present(shop: World) -> None:
    orders = shop.get(ORDERS, limit="200", filter=f"creationdate:{_window(timedelta(days=30))}").json()[
        "orders"
    ]
    assert all(isinstance(o["pricingSummary"]["total"]["value"], str) for o in orders)
    assert all(o["cancelStatus"]["cancelRequests"] == [] for o in orders)


def test_get_order_answers_a_valid_order_with_the_cancel_requests_filled(world: World) -> None:
    [order_id] = world.market.generate(1)
    world.market.cancel(order_id)
    single = world.get(f"{ORDERS}/{order_id}").json()
    validate(single, "Order")
    assert single["cancelStatus"]["cancelRequests"][0]["cancelRequestState"] == "COMPLETED"
    listed = world.get(ORDERS, orderIds=order_id).json()["orders"][0]
    assert listed["cancelStatus"] == {**single["cancelStatus"], "cancelRequests": []}


def test_get_order_of_an_unknown_id_is_404_with_error_32100(shop: World) -> None:
    answer = shop.get(f"{ORDERS}/99-99999-99999")
    assert (answer.status_code, answer.json()["errors"][0]["errorId"]) == (404, 32100)


def test_the_limit_defaults_to_50_with_next_but_no_prev_on_the_first_page(shop: World) -> None:
    body = shop.get(ORDERS, filter=f"creationdate:{_window(timedelta(days=30))}").json()
    assert (len(body["orders"]), body["limit"], body["offset"], body["total"]) == (50, 50, 0, 120)
    assert "offset=50" in body["next"] and "prev" not in body


def test_the_last_page_has_prev_but_no_next(shop: World) -> None:
    body = shop.get(ORDERS, filter=f"creationdate:{_window(timedelta(days=30))}", offset="100").json()
    assert len(body["orders"]) == 20 and "next" not in body and "offset=50" in body["prev"]


def test_pages_are_stable_and_newest_first(shop: World) -> None:
    window = f"creationdate:{_window(timedelta(days=30))}"
    pages = [shop.get(ORDERS, filter=window, offset=str(o), limit="40").json()["orders"] for o in (0, 40, 80)]
    ids = [o["orderId"] for page in pages for o in page]
    assert len(set(ids)) == 120
    created = [o["creationDate"] for page in pages for o in page]
    assert created == sorted(created, reverse=True)


def test_a_limit_above_200_is_error_31100(shop: World) -> None:
    answer = shop.get(ORDERS, limit="201")
    assert (answer.status_code, answer.json()["errors"][0]["errorId"]) == (400, 31100)
    validate_errors(answer.json())


def test_lastmodifieddate_bounds_are_inclusive(world: World) -> None:
    moment = START - timedelta(hours=1)
    [order_id] = world.market.generate(1, start=moment - timedelta(days=1), end=moment - timedelta(days=1))
    world.market.touch(order_id, at=moment)
    exact = f"lastmodifieddate:[{ebay_time(moment)}..{ebay_time(moment)}]"
    assert world.get(ORDERS, filter=exact).json()["total"] == 1
    later = f"lastmodifieddate:[{ebay_time(moment + timedelta(milliseconds=1))}..]"
    assert world.get(ORDERS, filter=later).json()["total"] == 0


def test_dates_count_to_the_millisecond_as_ebay_keeps_them(world: World) -> None:
    """Modified at .593119: eBay says "….593Z", so a window ending at ….593Z includes the order (a
    sync started in the same millisecond as the change must see it)."""
    moment = START - timedelta(hours=1, microseconds=-593_119)
    [order_id] = world.market.generate(1, start=moment - timedelta(days=1), end=moment - timedelta(days=1))
    world.market.touch(order_id, at=moment)
    window = f"lastmodifieddate:[{ebay_time(moment - timedelta(minutes=5))}..{ebay_time(moment)}]"
    assert world.get(ORDERS, filter=window).json()["total"] == 1
    assert world.get(f"{ORDERS}/{order_id}").json()["lastModifiedDate"] == ebay_time(moment)


def test_an_open_end_reaches_up_to_now(shop: World) -> None:
    assert shop.get(ORDERS, filter=f"lastmodifieddate:{_window(timedelta(days=30))}").json()["total"] == 120


def test_creationdate_wins_when_both_date_filters_are_sent(world: World) -> None:
    [order_id] = world.market.generate(1, start=START - timedelta(days=10), end=START - timedelta(days=10))
    world.market.touch(order_id, at=START - timedelta(minutes=1))
    both = f"creationdate:{_window(timedelta(days=11), timedelta(days=9))},lastmodifieddate:{_window(timedelta(days=1))}"
    assert world.get(ORDERS, filter=both).json()["total"] == 1
    both = f"creationdate:{_window(timedelta(days=2))},lastmodifieddate:{_window(timedelta(days=1))}"
    assert world.get(ORDERS, filter=both).json()["total"] == 0


def test_the_supported_fulfillment_status_combinations_filter(shop: World) -> None:
    window = f"creationdate:{_window(timedelta(days=30))}"
    open_orders = shop.get(
        ORDERS, filter=f"{window},orderfulfillmentstatus:{{NOT_STARTED|IN_PROGRESS}}", limit="200"
    )
    shipped = shop.get(
        ORDERS, filter=f"{window},orderfulfillmentstatus:{{FULFILLED|IN_PROGRESS}}", limit="200"
    )
    assert {o["orderFulfillmentStatus"] for o in open_orders.json()["orders"]} <= {
        "NOT_STARTED",
        "IN_PROGRESS",
    }
    assert {o["orderFulfillmentStatus"] for o in shipped.json()["orders"]} <= {"FULFILLED", "IN_PROGRESS"}
    assert open_orders.json()["total"] + shipped.json()["total"] >= 120


@pytest.mark.parametrize(
    ("filter_", "error_id"),
    [
        ("orderfulfillmentstatus:{NOT_STARTED|FULFILLED}", 30800),
        ("colour:red", 30700),
        ("lastmodifieddate:2026-11-01", 30800),
        ("lastmodifieddate:[2026-11-01..]", 30810),
        ("lastmodifieddate:[2026-11-01T00:00:00Z..]", 30810),
        ("lastmodifieddate:[..2026-11-01T00:00:00.000Z]", 30820),
        ("lastmodifieddate:[2026-11-20T00:00:00.000Z..2026-11-10T00:00:00.000Z]", 30840),
        ("lastmodifieddate:[2026-11-20T00:00:00.000Z..2026-12-31T00:00:00.000Z]", 30850),
        ("creationdate:[2030-01-01T00:00:00.000Z..]", 30850),
    ],
)
def test_invalid_filters_get_ebays_error_ids(shop: World, filter_: str, error_id: int) -> None:
    answer = shop.get(ORDERS, filter=filter_)
    assert (answer.status_code, answer.json()["errors"][0]["errorId"]) == (400, error_id)
    validate_errors(answer.json())


def test_brackets_that_are_not_percent_encoded_are_refused(shop: World) -> None:
    raw = f"{shop.url}{ORDERS}?filter=lastmodifieddate:[2026-11-20T00:00:00.000Z..]"
    answer = httpx.get(raw, headers={"Authorization": f"Bearer {shop.user_token()}"})
    assert (answer.status_code, answer.json()["errors"][0]["errorId"]) == (400, 30800)


def test_order_ids_override_the_filter_and_are_limited_to_50(shop: World) -> None:
    ids = list(shop.market.orders)[:3]
    body = shop.get(
        ORDERS, orderIds=",".join(ids), filter="lastmodifieddate:[2026-11-20T00:00:00.000Z..]"
    ).json()
    assert sorted(o["orderId"] for o in body["orders"]) == sorted(ids)
    too_many = shop.get(ORDERS, orderIds=",".join(f"1{i}-00000-00000" for i in range(51)))
    assert (too_many.status_code, too_many.json()["errors"][0]["errorId"]) == (400, 30900)


def test_without_tax_breakdown_collect_and_remit_tax_stays_out_of_the_total(world: World) -> None:
    world.market.generate(200, seed=5)
    window = f"creationdate:{_window(timedelta(days=30))}"
    plain = world.get(ORDERS, filter=window, limit="200").json()["orders"]
    broken_down = world.get(ORDERS, filter=window, limit="200", fieldGroups="TAX_BREAKDOWN").json()["orders"]
    remitted = [i for i, o in enumerate(broken_down) if o.get("ebayCollectAndRemitTax")]
    assert remitted
    for i in remitted:
        tax = broken_down[i]["pricingSummary"]["tax"]["value"]
        difference = float(broken_down[i]["pricingSummary"]["total"]["value"]) - float(
            plain[i]["pricingSummary"]["total"]["value"]
        )
        assert round(difference, 2) == float(tax)


def test_email_is_gone_after_14_days(world: World) -> None:
    [order_id] = world.market.generate(1, start=START - timedelta(days=15), end=START - timedelta(days=15))
    order = world.get(f"{ORDERS}/{order_id}").json()
    ship_to = order["fulfillmentStartInstructions"][0].get("shippingStep", {}).get("shipTo", {})
    assert "email" not in ship_to and ship_to.get("fullName")
