"""Generate ``domain/iso_codes.py`` from the installed pycountry: ``make iso-codes``.

``tests/unit/domain/test_iso_codes.py`` fails when the file differs from what this would write.
"""

from __future__ import annotations

import textwrap
from importlib.metadata import version
from pathlib import Path

import pycountry

TARGET = Path(__file__).resolve().parent.parent / "domain" / "iso_codes.py"

HEADER = '''"""ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes: GENERATED from pycountry {version}
by ``make iso-codes`` (tools/iso_codes.py); do not edit by hand.

A generated copy rather than pycountry itself: the domain imports no third-party data packages,
and its value types (``CountryCode``, ``Currency``) check codes in validators and name them in their
JSON schema when they are defined, so the codes cannot be passed in later by the composition root
without making those types depend on wiring. Reading two frozensets is also all that importing the
domain costs (pycountry loads its JSON databases). ``tests/unit/domain/test_iso_codes.py`` fails when
the installed pycountry has other codes: then run ``make iso-codes``.
"""


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())
'''


def _assignment(name: str, codes: set[str]) -> str:
    lines = textwrap.wrap(" ".join(sorted(codes)), width=96)
    body = "\n".join(f'    "{line} "' for line in lines[:-1]) + f'\n    "{lines[-1]}"'
    return f"{name} = _codes(\n{body}\n)\n"


def render() -> str:
    countries = {c.alpha_2 for c in pycountry.countries}
    currencies = {c.alpha_3 for c in pycountry.currencies}
    return "\n".join(
        [
            HEADER.format(version=version("pycountry")),
            "",
            _assignment("COUNTRY_CODES", countries),
            _assignment("CURRENCY_CODES", currencies),
        ]
    )


def main() -> None:
    TARGET.write_text(render())
    print(f"wrote {TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET}")


if __name__ == "__main__":
    main()
