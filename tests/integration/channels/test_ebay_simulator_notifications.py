"""The eBay simulator's Notification API: the public key for an application token only, the
endpoint check it makes like eBay, and notifications it signs and sends over the network, here to
an orderhub served on a real port."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from adapters.channels.ebay.deletion_signature import compact_json, load_public_key, parse_signature_header
from entrypoints.http.app import create_app
from simulators.ebay.notifications import user_id_of
from simulators.server import BackgroundServer, free_port
from tests.integration.channels.ebay_world import World
from tests.support.ebay_deletion import CHANNEL, TOKEN, close_every_order
from tests.support.harness import Harness

KEYS = "/commerce/notification/v1/public_key/"


def application_token(world: World) -> str:
    answer = httpx.post(
        f"{world.url}/identity/v1/oauth2/token",
        data={"grant_type": "client_credentials", "scope": "https://api.ebay.com/oauth/api_scope"},
        auth=(world.market.client_id, world.market.client_secret),
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def test_the_public_key_is_served_for_an_application_token_as_a_pem_without_line_breaks(world: World) -> None:
    kid = world.market.notifications.key_id
    answer = world.get(KEYS + kid, token=application_token(world))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["algorithm"], body["digest"]) == ("ECDSA", "SHA1")
    assert body["key"].startswith("-----BEGIN PUBLIC KEY-----") and "\n" not in body["key"]
    assert load_public_key(body["key"]).curve.name == "secp256r1"


def test_the_public_key_needs_a_token_with_the_public_scope_and_a_known_kid(world: World) -> None:
    kid = world.market.notifications.key_id
    assert world.get(KEYS + kid, token="not-a-token").status_code == 401
    assert httpx.get(f"{world.url}{KEYS}{kid}").status_code == 401
    assert world.get(KEYS + kid).status_code == 403  # a user token (sell.fulfillment) is not enough
    unknown = world.get(KEYS + "0e4b5a2c-unknown", token=application_token(world))
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["domain"] == "API_NOTIFICATION"


def test_a_notification_is_eBays_shape_signed_over_its_compact_json(world: World) -> None:
    service = world.market.notifications
    document = service.notification("anna_3", world.clock.now())
    assert document["metadata"]["topic"] == "MARKETPLACE_ACCOUNT_DELETION"
    assert document["notification"]["data"]["username"] == "anna_3"
    assert document["notification"]["data"]["userId"] == user_id_of("anna_3")
    body, headers = service.signed_request(document, "signed")
    assert body == compact_json(document)
    fields = json.loads(base64.b64decode(headers["X-EBAY-SIGNATURE"]))
    assert set(fields) == {"alg", "kid", "signature", "digest"}
    signature = parse_signature_header(headers["X-EBAY-SIGNATURE"]).signature
    service.key.public_key().verify(signature, body, ec.ECDSA(hashes.SHA1()))  # raises if it does not


def test_the_simulator_challenges_the_endpoint_and_sends_signed_notifications_over_the_network(
    world: World, start_harness: Callable[..., Harness]
) -> None:
    h = start_harness(now=world.clock.now())
    world.market.generate(2)
    close_every_order(world.market)
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/api/v1/channels/{CHANNEL}/ebay/account-deletion"
    settings = world.market.channel_settings(world.url) | {
        "deletion_verification_token": TOKEN,
        "deletion_endpoint_url": endpoint,
    }
    h.register_channel(CHANNEL, "ebay", settings)
    assert h.sync(CHANNEL)["imported"] == 2
    username = world.market.buyer_usernames()[0]
    with BackgroundServer(create_app(h.services, admin_key=None), port=port):
        subscribe = httpx.post(
            f"{world.url}/_sim/account-deletion/endpoint",
            json={"endpoint": endpoint, "verification_token": TOKEN},
            timeout=20,
        )
        assert subscribe.json() == {"endpoint": endpoint, "verified": True}
        wrong = httpx.post(
            f"{world.url}/_sim/account-deletion/endpoint",
            json={"endpoint": endpoint, "verification_token": "another-token-of-32-characters-xx"},
            timeout=20,
        )
        assert wrong.status_code == 409 and wrong.json()["verified"] is False
        tampered = httpx.post(
            f"{world.url}/_sim/account-deletion", json={"username": username, "mode": "tampered"}, timeout=20
        )
        assert tampered.json()["status"] == 412
        assert not erased(h, customer_of(h, world, username))
        sent = httpx.post(f"{world.url}/_sim/account-deletion", json={"username": username}, timeout=20)
        assert sent.status_code == 200, sent.text
        assert sent.json()["status"] == 204
    assert erased(h, customer_of(h, world, username))


def customer_of(h: Harness, world: World, username: str) -> str:
    [owner] = {
        o["customer_id"]
        for o in h.orders(channel=CHANNEL)
        if world.market.order(o["source"]["external_id"])["buyer"]["username"] == username
    }
    return str(owner)


def erased(h: Harness, customer_id: str) -> bool:
    return h.client.get(f"/api/v1/customers/{customer_id}").json()["erased_at"] is not None


def test_the_admin_endpoints_say_what_is_missing(world: World) -> None:
    assert httpx.post(f"{world.url}/_sim/account-deletion", json={}).status_code == 400
    assert (
        httpx.post(f"{world.url}/_sim/account-deletion", json={"username": "x", "mode": "odd"}).status_code
        == 400
    )
    assert httpx.post(f"{world.url}/_sim/account-deletion", json={"username": "x"}).status_code == 409
    assert httpx.post(f"{world.url}/_sim/account-deletion/endpoint", content=b"[]").status_code == 400
