"""The Add channel form built from a kind's settings schema."""

from __future__ import annotations

import pytest

from adapters.channels.registry import discover_kinds
from application.channels import validate_settings
from application.errors import ChannelSettingsError
from entrypoints.console.channel_form import setting_fields, settings_from_form, typed_values


def amazon_fields() -> list:
    kind = discover_kinds().get("amazon")
    assert kind is not None
    return setting_fields(kind.settings_model.model_json_schema())


def test_secrets_become_password_fields_and_required_fields_come_first() -> None:
    fields = amazon_fields()
    kinds = {f.name: f.kind for f in fields}
    assert kinds["client_secret"] == kinds["refresh_token"] == "password"
    assert kinds["marketplace_ids"] == "list" and kinds["overlap_minutes"] == "number"
    assert [f.required for f in fields] == sorted((f.required for f in fields), reverse=True)


def test_posted_settings_are_what_the_kinds_model_takes() -> None:
    kind = discover_kinds().get("amazon")
    assert kind is not None
    form = {
        "setting_client_id": "amzn1.app",
        "setting_client_secret": "s3cret",
        "setting_refresh_token": "Atzr|x",
        "setting_marketplace_ids": "A1PA6795UKMFR9, APJ6JRA9NG5V4",
        "setting_overlap_minutes": "7",
        "setting_api_base_url": "",
    }
    settings = validate_settings(kind, settings_from_form(amazon_fields(), form))
    assert settings.marketplace_ids == ["A1PA6795UKMFR9", "APJ6JRA9NG5V4"]  # type: ignore[attr-defined]
    assert settings.overlap_minutes == 7  # type: ignore[attr-defined]


def test_a_refusal_names_each_setting_apart() -> None:
    kind = discover_kinds().get("amazon")
    assert kind is not None
    with pytest.raises(ChannelSettingsError) as refused:
        validate_settings(kind, settings_from_form(amazon_fields(), {"setting_overlap_minutes": "-1"}))
    assert {"client_id", "client_secret", "marketplace_ids", "overlap_minutes"} <= set(refused.value.fields)


def test_secrets_are_never_shown_again() -> None:
    shown = typed_values(amazon_fields(), {"setting_client_id": "app", "setting_client_secret": "s3cret"})
    assert shown == {"client_id": "app"}
