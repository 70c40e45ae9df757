"""eBay Marketplace Account Deletion through HTTP, with notifications the eBay simulator makes and
signs, verified with the key orderhub fetches from the simulator's Notification API."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest

from entrypoints.http.routes_ebay_deletion import ChallengeAnswer
from entrypoints.scheduler import SyncScheduler
from ports.account_deletion import DeletionState
from tests.support.ebay_deletion import (
    CHANNEL,
    ENDPOINT,
    PATH,
    TOKEN,
    EbayDeletionWorld,
    ebay_deletion_world,
)
from tests.support.harness import Harness


@pytest.fixture
def world(start_harness: Callable[..., Harness]) -> Iterator[EbayDeletionWorld]:
    with ebay_deletion_world(start_harness) as made:
        yield made


def test_the_challenge_is_answered_without_a_key(world: EbayDeletionWorld) -> None:
    answer = world.public.get(PATH, params={"challenge_code": "a8628072-3d33"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    expected = hashlib.sha256(("a8628072-3d33" + TOKEN + ENDPOINT).encode()).hexdigest()
    assert answer.json() == {"challengeResponse": expected}
    ChallengeAnswer.model_validate(answer.json())  # the documented model, extra fields refused


def test_a_challenge_without_its_code_or_with_strangers_is_422(world: EbayDeletionWorld) -> None:
    missing = world.public.get(PATH)
    assert missing.status_code == 422 and "challenge_code" in missing.text
    assert world.public.get(PATH, params={"challenge_code": "x", "other": "y"}).status_code == 422


def test_a_channel_without_the_endpoint_answers_404(world: EbayDeletionWorld) -> None:
    h = world.h
    h.register_channel("ebay-plain", "ebay", world.market.channel_settings(world.sim_url))
    h.register_channel(
        "amazon-de",
        "amazon",
        {
            "api_base_url": "http://127.0.0.1:9",
            "token_url": "http://127.0.0.1:9/auth/o2/token",
            "client_id": "amzn1.application-oa2-client.x",
            "client_secret": "s",
            "refresh_token": "Atzr|x",
            "marketplace_ids": ["A1PA6795UKMFR9"],
        },
    )
    for name in ("ebay-plain", "amazon-de", "no-such-channel"):
        url = f"/api/v1/channels/{name}/ebay/account-deletion"
        challenge = world.public.get(url, params={"challenge_code": "x"})
        assert challenge.status_code == 404, f"{name}: {challenge.text}"
        notification = world.public.post(url, content=b"{}", headers={"X-EBAY-SIGNATURE": "x"})
        assert notification.status_code == 404, f"{name}: {notification.text}"
    assert (
        "has no account deletion endpoint"
        in world.public.get(
            "/api/v1/channels/ebay-plain/ebay/account-deletion", params={"challenge_code": "x"}
        ).json()["detail"]
    )


def test_a_signed_notification_erases_the_customer_of_that_ebay_user(world: EbayDeletionWorld) -> None:
    username, customer_id = next(iter(world.buyers().items()))
    answer = world.post(username)
    assert answer.status_code == 204, answer.text
    assert answer.content == b""
    assert world.erased() == [customer_id]
    customer = world.h.client.get(f"/api/v1/customers/{customer_id}").json()
    assert customer["erased_at"] is not None and customer.get("name") is None
    [erasure] = [
        e
        for e in world.h.client.get(f"/api/v1/customers/{customer_id}/events").json()
        if "Erased" in e["type"]
    ]
    assert erasure["actor"] == {"kind": "channel", "name": CHANNEL}
    assert username not in world.h.client.get(f"/api/v1/customers/{customer_id}").text


@pytest.mark.parametrize("mode", ["tampered", "unsigned", "foreign-key", "unknown-kid"])
def test_a_notification_eBay_did_not_sign_is_412_and_erases_nothing(
    world: EbayDeletionWorld, mode: str
) -> None:
    username = next(iter(world.buyers()))
    answer = world.post(username, mode=mode)
    assert answer.status_code == 412, answer.text
    assert "X-EBAY-SIGNATURE" in answer.json()["detail"] or "public key" in answer.json()["detail"]
    assert world.erased() == []
    assert world.h.services.account_deletions.retry_pending() == dict.fromkeys(DeletionState, 0)


@pytest.mark.parametrize(
    "header",
    ["not base64!", "eyJhbGciOiAiZWNkc2EifQ==", "bm90IGpzb24="],  # not base64; {"alg": "ecdsa"}; "not json"
)
def test_a_malformed_signature_header_is_412(world: EbayDeletionWorld, header: str) -> None:
    username = next(iter(world.buyers()))
    document = world.market.notifications.notification(username, world.h.clock.now())
    body, _ = world.market.notifications.signed_request(document, "signed")
    answer = world.public.post(PATH, content=body, headers={"X-EBAY-SIGNATURE": header})
    assert answer.status_code == 412, answer.text
    assert world.erased() == []


def test_a_replayed_notification_is_204_and_erases_once(world: EbayDeletionWorld) -> None:
    username, customer_id = next(iter(world.buyers().items()))
    first = world.post(username, notification_id="n-1")
    events = world.h.client.get(f"/api/v1/customers/{customer_id}/events").json()
    again = world.post(username, notification_id="n-1")
    assert (first.status_code, again.status_code) == (204, 204)
    assert world.h.client.get(f"/api/v1/customers/{customer_id}/events").json() == events  # nothing more
    assert world.post(username, notification_id="n-2").status_code == 204  # erased already: nothing
    assert world.h.client.get(f"/api/v1/customers/{customer_id}/events").json() == events
    assert world.erased() == [customer_id]


def test_a_user_orderhub_does_not_know_is_204_and_nothing_happens(world: EbayDeletionWorld) -> None:
    assert "stranger_1" not in world.buyers()
    answer = world.post("stranger_1")
    assert answer.status_code == 204, answer.text
    assert world.erased() == []


def test_the_key_is_fetched_once_an_hour(world: EbayDeletionWorld) -> None:
    names = list(world.buyers())
    assert world.post(names[0]).status_code == 204
    assert world.post(names[1]).status_code == 204
    assert world.market.notifications.key_requests == [world.market.notifications.key_id]
    world.h.clock.advance(minutes=61)
    assert world.post(names[2]).status_code == 204
    assert len(world.market.notifications.key_requests) == 2
    assert len(world.erased()) == 3


def test_ebay_unreachable_for_the_key_is_503_with_retry_after_and_the_resent_one_erases(
    world: EbayDeletionWorld,
) -> None:
    username = next(iter(world.buyers()))
    world.market.faults.inject("503", times=2, target="notification")
    answer = world.post(username, notification_id="n-503")
    assert answer.status_code == 503, answer.text
    assert int(answer.headers["Retry-After"]) > 0
    assert world.erased() == []
    assert world.post(username, notification_id="n-503").status_code == 204  # eBay sends it again
    assert len(world.erased()) == 1


@pytest.mark.parametrize(
    ("body", "why"),
    [(b"not json", "not JSON"), (b'{"metadata": {"topic": "ITEM_SOLD"}, "notification": {}}', "ITEM_SOLD")],
)
def test_a_body_that_is_no_deletion_notification_is_422(
    world: EbayDeletionWorld, body: bytes, why: str
) -> None:
    document = world.market.notifications.notification("anyone", world.h.clock.now())
    _, headers = world.market.notifications.signed_request(document, "signed")
    answer = world.public.post(PATH, content=body, headers=headers)
    assert answer.status_code == 422, answer.text
    assert why in answer.json()["detail"]
    assert world.erased() == []


def test_a_customer_with_an_open_order_is_erased_later_and_ebay_gets_its_204(
    world: EbayDeletionWorld,
) -> None:
    username = world.open_order()
    customer_id = world.buyers()[username]
    answer = world.post(username, notification_id="n-open")
    assert answer.status_code == 204, answer.text
    assert world.erased() == []
    deletions = world.h.services.account_deletions
    assert deletions.retry_pending() == {**dict.fromkeys(DeletionState, 0), DeletionState.PENDING: 1}
    assert world.post(username, notification_id="n-open").status_code == 204  # replayed: still waits
    [order] = [o for o in world.h.orders(channel=CHANNEL) if o["customer_id"] == customer_id]
    world.market.ship(order["source"]["external_id"])
    assert world.h.sync(CHANNEL)["complete"]
    assert deletions.retry_pending()[DeletionState.ERASED] == 1
    assert world.erased() == [customer_id]
    assert deletions.retry_pending() == dict.fromkeys(DeletionState, 0)


def test_the_verification_token_is_shown_masked_and_a_bad_one_is_refused(world: EbayDeletionWorld) -> None:
    shown = world.h.client.get(f"/api/v1/channels/{CHANNEL}").json()["settings"]
    assert shown["deletion_endpoint_url"] == ENDPOINT
    assert shown["deletion_verification_token"] != TOKEN and TOKEN not in str(shown)
    refused = world.h.client.patch(
        f"/api/v1/channels/{CHANNEL}", json={"settings": {"deletion_verification_token": "too-short"}}
    )
    assert refused.status_code == 422 and "32 to 80 characters" in refused.json()["detail"]


def test_the_scheduled_sync_tries_the_pending_ones_of_its_channel_again(world: EbayDeletionWorld) -> None:
    username = world.open_order()
    customer_id = world.buyers()[username]
    assert world.post(username).status_code == 204
    [order] = [o for o in world.h.orders(channel=CHANNEL) if o["customer_id"] == customer_id]
    world.market.ship(order["source"]["external_id"])  # the next sync brings the shipment
    changed = world.h.client.patch(f"/api/v1/channels/{CHANNEL}", json={"sync_interval_seconds": 60})
    assert changed.status_code == 200, changed.text
    world.h.clock.advance(120)
    scheduler = SyncScheduler(world.h.services)
    [thread] = scheduler.run_due()
    thread.join(30)
    assert world.erased() == [customer_id]


def test_the_daily_job_tries_every_pending_one_again(world: EbayDeletionWorld) -> None:
    username = world.open_order()
    customer_id = world.buyers()[username]
    assert world.post(username).status_code == 204
    [order] = [o for o in world.h.orders(channel=CHANNEL) if o["customer_id"] == customer_id]
    world.h.set_status(order["id"], "cancelled", reason="buyer asked")  # closed here, not by a sync
    SyncScheduler(world.h.services).run_retention_if_due()
    assert world.erased() == [customer_id]
