"""The eBay settings of the account deletion endpoint: eBay's token rule, both or neither, secret."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from adapters.channels.ebay.settings import EbaySettings
from application.channels import masked, secret_fields, stored_form

BASE = {"client_id": "app-id", "client_secret": "cert-id", "refresh_token": "v^1.1#r"}
TOKEN = "a" * 32
URL = "https://orderhub.example/api/v1/channels/ebay-de/ebay/account-deletion"


def settings(**extra: Any) -> EbaySettings:
    return EbaySettings.model_validate(BASE | extra)


def test_without_them_the_channel_takes_no_notifications() -> None:
    assert not settings().receives_account_deletions


def test_with_both_it_does_and_the_url_is_kept_exactly_as_entered() -> None:
    chosen = settings(deletion_verification_token=TOKEN, deletion_endpoint_url=URL + "/")
    assert chosen.receives_account_deletions
    assert chosen.deletion_endpoint_url == URL + "/"  # eBay hashes the URL as entered


@pytest.mark.parametrize("token", ["a" * 31, "a" * 81, "a" * 31 + "!", "ä" * 40, "a" * 31 + " "])
def test_a_token_eBay_would_not_accept_is_refused(token: str) -> None:
    with pytest.raises(ValidationError, match="32 to 80 characters"):
        settings(deletion_verification_token=token, deletion_endpoint_url=URL)


@pytest.mark.parametrize("token", ["a" * 32, "Z9_-" * 20, "orderhub-test-verification-token_0123456789"])
def test_tokens_of_eBays_alphabet_and_length_are_taken(token: str) -> None:
    assert settings(deletion_verification_token=token, deletion_endpoint_url=URL).receives_account_deletions


@pytest.mark.parametrize("extra", [{"deletion_verification_token": TOKEN}, {"deletion_endpoint_url": URL}])
def test_one_without_the_other_is_refused(extra: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="go together"):
        settings(**extra)


@pytest.mark.parametrize(
    "url", ["ftp://x.example/e", "orderhub.example/e", "https://", "https://x/" + "a" * 2000]
)
def test_an_endpoint_that_is_no_http_url_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="deletion_endpoint_url"):
        settings(deletion_verification_token=TOKEN, deletion_endpoint_url=url)


def test_the_token_is_a_secret_sealed_and_masked_the_url_is_not() -> None:
    chosen = settings(deletion_verification_token=TOKEN, deletion_endpoint_url=URL)
    assert "deletion_verification_token" in secret_fields(EbaySettings)
    public, sealed = stored_form(chosen)
    assert sealed["deletion_verification_token"] == TOKEN and "deletion_verification_token" not in public
    assert public["deletion_endpoint_url"] == URL
    assert masked(chosen)["deletion_verification_token"] != TOKEN
    assert TOKEN not in str(masked(chosen)) and TOKEN not in repr(chosen)
