"""The demo's one-time sign-in link: once, from this machine, as the demo user."""

from __future__ import annotations

from fastapi.testclient import TestClient

from entrypoints.console.demo_sign_in import OneTimeSignIn
from tests.support.harness import Harness


def link_for(console: Harness, user: str = "anna") -> OneTimeSignIn:
    link = console.app.state.demo_sign_in = OneTimeSignIn(user)
    return link


def browser_at(console: Harness, host: str) -> TestClient:
    return TestClient(
        console.app, client=(host, 50000), raise_server_exceptions=False, follow_redirects=False
    )


def test_the_link_signs_the_visitor_in_once_from_this_machine(console: Harness) -> None:
    link = link_for(console)
    visitor = browser_at(console, "127.0.0.1")
    answer = visitor.get("/console/login/demo", params={"token": link.token})
    assert answer.status_code == 303 and answer.headers["location"] == "/console"
    page = visitor.get("/console")
    assert page.status_code == 200 and "Sign out" in page.text and "anna" in page.text
    again = browser_at(console, "::1").get("/console/login/demo", params={"token": link.token})
    assert again.status_code == 403 and "was used already" in again.text


def test_from_another_machine_the_link_does_nothing_and_stays_unspent(console: Harness) -> None:
    link = link_for(console)
    elsewhere = browser_at(console, "192.168.1.20").get("/console/login/demo", params={"token": link.token})
    assert elsewhere.status_code == 403 and "orderhub_session" not in elsewhere.headers.get("set-cookie", "")
    assert (
        browser_at(console, "127.0.0.1").get("/console/login/demo", params={"token": link.token}).status_code
        == 303
    )


def test_a_wrong_token_or_a_server_without_a_demo_link_signs_nobody_in(console: Harness) -> None:
    visitor = browser_at(console, "127.0.0.1")
    assert visitor.get("/console/login/demo", params={"token": "x"}).status_code == 403
    link = link_for(console)
    wrong = link.token[:-1] + ("B" if link.token.endswith("A") else "A")  # one character off, never equal
    assert visitor.get("/console/login/demo", params={"token": wrong}).status_code == 403
    assert visitor.get("/console").status_code == 303  # still signed out: to the sign-in page


def test_one_time_sign_in_redeems_only_the_right_token_and_only_once() -> None:
    link = OneTimeSignIn("demo")
    assert not link.redeem("wrong")
    assert link.redeem(link.token)
    assert not link.redeem(link.token)
