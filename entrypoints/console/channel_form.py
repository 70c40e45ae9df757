"""The Add channel form, built from a kind's settings JSON schema (what GET /channel-kinds shows).

Each property becomes one input; a secret (``format: password`` / ``secret: true``) becomes a
password field whose value is never put back into the page. What was posted is turned into the
settings dict the API's POST /channels takes, and the kind's own model judges it (``Channels``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SETTING_PREFIX = "setting_"
_LIST_SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class SettingField:
    name: str
    label: str
    description: str
    kind: str
    """``text``, ``password``, ``number``, ``checkbox``, ``select`` or ``list`` (comma-separated)."""
    required: bool
    default: str
    choices: tuple[str, ...] = ()

    @property
    def input_name(self) -> str:
        return SETTING_PREFIX + self.name


def setting_fields(schema: Mapping[str, Any]) -> list[SettingField]:
    """The form's fields, required ones first, each in the schema's order."""
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        fields.append(
            SettingField(
                name=name,
                label=str(prop.get("title") or name),
                description=str(prop.get("description", "")),
                kind=_input_kind(prop),
                required=name in required,
                default=_shown(prop.get("default")),
                choices=tuple(str(c) for c in prop.get("enum", ())),
            )
        )
    return sorted(fields, key=lambda f: not f.required)


def settings_from_form(fields: list[SettingField], form: Mapping[str, Any]) -> dict[str, Any]:
    """The settings as POST /channels takes them: a blank field is left out (the kind's default,
    or "missing" for a required one), a list is split at commas and blanks."""
    settings: dict[str, Any] = {}
    for f in fields:
        raw = form.get(f.input_name)
        value = raw.strip() if isinstance(raw, str) else ""
        if f.kind == "checkbox":
            settings[f.name] = bool(value)
        elif f.kind == "list":
            if value:
                settings[f.name] = [item for item in _LIST_SEPARATORS.split(value) if item]
        elif value:
            settings[f.name] = value
    return settings


def typed_values(fields: list[SettingField], form: Mapping[str, Any]) -> dict[str, str]:
    """What to show again after a refusal: everything typed except the secrets."""
    shown = {}
    for f in fields:
        raw = form.get(f.input_name)
        if f.kind != "password" and isinstance(raw, str):
            shown[f.name] = raw
    return shown


def _input_kind(prop: Mapping[str, Any]) -> str:
    if prop.get("secret") or prop.get("format") == "password" or prop.get("writeOnly"):
        return "password"
    if "enum" in prop:
        return "select"
    kind = prop.get("type")
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "checkbox"
    if kind == "array":
        return "list"
    return "text"


def _shown(default: Any) -> str:
    if default is None:
        return ""
    if isinstance(default, list):
        return ", ".join(str(d) for d in default)
    return str(default)
