"""Times as the read models store them (``iso()``) come back as the API shows them, exactly as a
parse of the stored text would give them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.read_models.projection import from_utc_text, iso

OFFSETS = st.builds(lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-23 * 60, 23 * 60))
MOMENTS = st.datetimes(
    min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC) | OFFSETS
)


def parsed(text: str) -> str:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).isoformat()


@given(MOMENTS)
def test_a_stored_time_reads_back_as_its_parse_and_as_the_same_moment(moment: datetime) -> None:
    text = iso(moment)
    shown = from_utc_text(text)
    assert shown == parsed(text)
    assert shown == datetime.fromisoformat(text).isoformat()
    assert datetime.fromisoformat(shown) == moment


def test_a_whole_second_shows_no_fraction_as_isoformat_does() -> None:
    assert from_utc_text("2026-12-04T19:20:01.000000Z") == "2026-12-04T19:20:01+00:00"
    assert from_utc_text("2026-12-04T19:20:01.000100Z") == "2026-12-04T19:20:01.000100+00:00"


def test_text_of_another_shape_is_parsed_and_bad_text_refused() -> None:
    assert from_utc_text("2026-12-04T19:20:01.5Z") == "2026-12-04T19:20:01.500000+00:00"
    with pytest.raises(ValueError):
        from_utc_text("2026-12-04 19:20:01")
