"""Use cases for channels: register one with its kind's settings, read its state."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

from application.aggregate_store import AggregateStore
from application.errors import (
    ChannelNotFoundError,
    ChannelSettingsError,
    DuplicateChannelError,
    QuarantinedOrderNotFoundError,
    UnknownChannelKindError,
)
from application.unit_of_work import Decision, retrying
from domain.channel import Channel
from ports.channel_settings import ChannelSettingsStore
from ports.channels import ChannelKind, ChannelSettings
from ports.clock import Clock
from ports.redaction import MASK, url_without_password
from ports.secrets import UnreadableChannelSecretsError


class Unset:
    """Marks an argument the caller did not give (None is a value: "no schedule")."""


def secret_fields(model: type[BaseModel]) -> set[str]:
    secret = set()
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if info.annotation is SecretStr or (isinstance(extra, dict) and extra.get("secret")):
            secret.add(name)
    return secret


def masked(settings: BaseModel) -> dict[str, Any]:
    public = settings.model_dump(mode="json")
    for name, value in public.items():
        if isinstance(value, str):  # a shop URL may carry its password (http://user:pw@...)
            public[name] = url_without_password(value)
    for name in secret_fields(type(settings)):
        if public.get(name) is not None:
            public[name] = MASK
    return public


def stored_form(settings: BaseModel) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(the settings that are not secret, the secrets in clear)``: the store seals the second."""
    data = settings.model_dump(mode="json")
    secrets = {}
    for name in secret_fields(type(settings)):
        value = getattr(settings, name)
        secrets[name] = value.get_secret_value() if isinstance(value, SecretStr) else data[name]
        del data[name]
    return data, secrets


def validate_settings(kind: ChannelKind, raw: dict[str, Any]) -> ChannelSettings:
    try:
        return kind.settings_model.model_validate(raw)
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for err in exc.errors():
            fields.setdefault(".".join(str(p) for p in err["loc"]), err["msg"])
        problems = "; ".join(
            f"settings.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ChannelSettingsError(problems, fields) from None


class Channels:
    def __init__(
        self, book: AggregateStore, kinds: Any, settings_store: ChannelSettingsStore, clock: Clock
    ) -> None:
        self._book, self._kinds, self._store, self._clock = book, kinds, settings_store, clock

    def kind(self, name: str) -> ChannelKind:
        kind = self._kinds.get(name)
        if kind is None:
            raise UnknownChannelKindError(name, list(self._kinds.kinds))
        return kind  # type: ignore[no-any-return]

    def register(
        self, name: str, kind_name: str, raw_settings: dict[str, Any], sync_interval_seconds: int | None
    ) -> Channel:
        kind = self.kind(kind_name)
        settings = validate_settings(kind, raw_settings)

        def decide() -> Decision[Channel]:  # again after a collision: it then finds the other one
            known = self._book.get(Channel.id_for(name))
            if isinstance(known, Channel) and known.removed:  # the name of a removed channel is free
                known.register_again(
                    kind=kind_name,
                    public_settings=masked(settings),
                    sync_interval_seconds=sync_interval_seconds,
                    now=self._clock.now(),
                )
                return known, [known]
            if known is not None:
                raise DuplicateChannelError(name)
            channel = Channel.register(
                name=name,
                kind=kind_name,
                public_settings=masked(settings),
                sync_interval_seconds=sync_interval_seconds,
                now=self._clock.now(),
            )
            return channel, [channel]

        channel = retrying(self._book, f"channel {name}", decide)
        self._store.put(name, kind_name, *stored_form(settings))
        return channel

    def update(
        self,
        name: str,
        settings_patch: dict[str, Any] | None,
        sync_interval_seconds: int | Unset | None,
        paused: bool | None = None,
    ) -> Channel:
        """Change some settings (others, secrets included, are kept), the sync interval, and/or
        pause or resume it (``paused``; None: as it is)."""
        settings: BaseModel | None = None
        kind_name = ""
        if settings_patch:
            kind_name, stored = self._stored_for_patch(name, settings_patch)
            settings = validate_settings(self.kind(kind_name), {**stored, **settings_patch})

        def decide() -> Decision[Channel]:  # again after a collision: on what a sync recorded meanwhile
            channel = self.get(name)
            if settings is not None:
                channel.change_settings(masked(settings), self._clock.now())
            if not isinstance(sync_interval_seconds, Unset):
                channel.change_schedule(sync_interval_seconds, self._clock.now())
            if paused is not None:
                (channel.pause if paused else channel.resume)(self._clock.now())
            return channel, [channel]

        channel = retrying(self._book, f"channel {name}", decide)
        if settings is not None:
            self._store.put(name, kind_name, *stored_form(settings))
        return channel

    def _stored_for_patch(self, name: str, patch: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        try:
            stored = self._store.get(name)
        except UnreadableChannelSecretsError as exc:
            # The way out when the key that sealed them is lost: a patch that gives every secret again.
            if not secret_fields(self.kind(exc.kind).settings_model) <= set(patch):
                raise
            return exc.kind, exc.readable
        if stored is None:
            raise ChannelNotFoundError(name)
        return stored

    def dismiss_quarantined(self, name: str, external_id: str, reason: str) -> Channel:
        """Staff decided the order is not to be imported; 404 when it is not in quarantine."""

        def decide() -> Decision[Channel]:  # again after a collision: a sync may have released it
            channel = self.get(name)
            if not channel.dismiss_quarantined(external_id, reason, self._clock.now()):
                raise QuarantinedOrderNotFoundError(name, external_id)
            return channel, [channel]

        return retrying(self._book, f"channel {name}", decide)

    def secret_names(self, kind_name: str) -> set[str] | None:
        """The secret fields of an installed kind; None for a kind that is not installed."""
        kind = self._kinds.get(kind_name)
        return None if kind is None else secret_fields(kind.settings_model)

    def list(self) -> list[Channel]:
        ids = [Channel.id_for(name) for name in self._store.names()]
        found = self._book.get_many(ids)  # in one read: the scheduler asks at every tick
        return [c for c in map(found.get, ids) if isinstance(c, Channel) and not c.removed]

    def get(self, name: str) -> Channel:
        channel = self._book.get(Channel.id_for(name))
        if not isinstance(channel, Channel) or channel.removed:
            raise ChannelNotFoundError(name)
        return channel

    def settings(self, name: str) -> tuple[ChannelKind, ChannelSettings]:
        stored = self._store.get(name)
        if stored is None:
            raise ChannelNotFoundError(name)
        kind = self.kind(stored[0])
        return kind, validate_settings(kind, stored[1])
