"""Offset paging through a window whose order list changes while we page (eBay offset shifts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.channels.ebay import paging
from ports.channels import RetryableChannelError


class ShiftingList:
    """A fake getOrders: a list of ids paged by offset, with a hook that changes it after each page."""

    def __init__(self, ids: list[str], after_page: Callable[[list[str], int], None] | None = None) -> None:
        self.ids, self.after_page, self.requests = ids, after_page, 0

    def __call__(self, segment: paging.Segment, offset: int) -> dict[str, Any]:
        page = self.ids[offset : offset + paging.LIMIT]
        body: dict[str, Any] = {"orders": [{"orderId": i} for i in page], "total": len(self.ids)}
        if offset + paging.LIMIT < len(self.ids):
            body["next"] = f"...offset={offset + paging.LIMIT}"
        self.requests += 1
        if self.after_page:
            self.after_page(self.ids, self.requests)
        return body


def _delivered(fetch: ShiftingList, segment: paging.Segment | None = None) -> list[str]:
    pages = paging.scan(segment or paging.Segment("a", "b"), fetch)
    return [order["orderId"] for page in pages for order in page]


def test_a_stable_list_is_delivered_once_each_in_overlapping_requests() -> None:
    ids = [f"o{i}" for i in range(1000)]
    delivered = _delivered(ShiftingList(ids))
    assert delivered == ids


def test_orders_leaving_the_window_before_the_offset_do_not_make_later_orders_skipped() -> None:
    ids = [f"o{i}" for i in range(1000)]
    expected = set(ids)  # the modified ones were delivered before they left

    def modify_read_orders(current: list[str], request: int) -> None:
        if request <= 3:  # three orders already delivered are modified again: they leave the window
            del current[request * 10 : request * 10 + 3]

    delivered = _delivered(ShiftingList(ids, modify_read_orders))
    assert set(delivered) == expected
    assert len(delivered) == len(set(delivered))


def test_more_orders_leaving_than_the_overlap_restarts_the_window_without_repeating() -> None:
    ids = [f"o{i}" for i in range(600)]
    survivors = set(ids[50:])

    def mass_modification(current: list[str], request: int) -> None:
        if request == 1:
            del current[0:50]

    fetch = ShiftingList(ids, mass_modification)
    delivered = _delivered(fetch)
    assert survivors <= set(delivered)
    assert len(delivered) == len(set(delivered))


def test_orders_joining_the_window_at_read_offsets_are_picked_up_by_a_second_reading() -> None:
    ids = [f"o{i}" for i in range(500)]

    def late_arrivals(current: list[str], request: int) -> None:
        if request == 2:
            current.insert(5, "late-1")
            current.insert(0, "late-2")

    delivered = _delivered(ShiftingList(ids, late_arrivals))
    assert {"late-1", "late-2"} | set(ids) == set(delivered)


def test_a_list_that_never_settles_gives_up_with_a_retryable_error() -> None:
    ids = [f"o{i}" for i in range(2000)]

    def churn(current: list[str], request: int) -> None:
        del current[0:300]
        current.extend(f"n{request}-{i}" for i in range(300))

    with pytest.raises(RetryableChannelError, match="kept shifting"):
        _delivered(ShiftingList(ids, churn))


def test_a_checkpoint_resumes_where_the_scan_stopped() -> None:
    ids = [f"o{i}" for i in range(1000)]
    segment = paging.Segment("a", "b")
    pages = paging.scan(segment, ShiftingList(ids))
    first = [o["orderId"] for o in next(pages)] + [o["orderId"] for o in next(pages)]
    saved = segment.checkpoint()
    [resumed] = paging.plan("a", "b", saved)
    rest = _delivered(ShiftingList(ids), resumed)
    assert set(first) | set(rest) == set(ids)
    assert len(rest) < len(ids) - len(first) + paging.OVERLAP + 1


def test_a_checkpoint_of_an_older_window_end_adds_the_remainder_as_a_second_segment() -> None:
    saved = paging.Segment("2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", 380, ["x"]).checkpoint()
    segments = paging.plan("2026-01-01T00:00:00.000Z", "2026-01-03T00:00:00.000Z", saved)
    assert [(s.start, s.end, s.offset) for s in segments] == [
        ("2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", 380),
        ("2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z", 0),
    ]


def test_a_finished_checkpoint_leaves_only_the_remainder() -> None:
    saved = paging.Segment(
        "2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", 0, [], done=True
    ).checkpoint()
    segments = paging.plan("2026-01-01T00:00:00.000Z", "2026-01-03T00:00:00.000Z", saved)
    assert [(s.start, s.end) for s in segments] == [("2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z")]


def test_an_unreadable_checkpoint_starts_the_window_afresh() -> None:
    assert [(s.start, s.offset) for s in paging.plan("a", "b", {"v": 9})] == [("a", 0)]


def test_a_checkpoint_of_a_window_long_past_is_ignored() -> None:
    saved = paging.Segment("2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", 380, ["x"]).checkpoint()
    segments = paging.plan("2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z", saved)
    assert [(s.start, s.offset) for s in segments] == [("2026-02-01T00:00:00.000Z", 0)]
