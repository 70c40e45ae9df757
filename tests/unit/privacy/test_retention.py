"""Retention: every person's documents keys of the years whose period ended are destroyed, once a
run, and the run is recorded (by the system, up to which year)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.actor import Actor
from domain.retention import RETENTION_RECORD_ID, RetentionRecord, last_year_to_destroy
from ports.personal_keys import CONTACT, KeyRef, documents
from tests.unit.privacy.erasure_setup import BERLIN, shop


def test_the_last_year_to_destroy_is_kept_to_the_end_of_year_plus_the_period() -> None:
    # documents of 2015 are kept until 31 December 2025 (Berlin), destroyed from 1 January 2026
    assert last_year_to_destroy(datetime(2025, 12, 31, 22, 59, tzinfo=UTC), BERLIN, 10) == 2014
    assert last_year_to_destroy(datetime(2025, 12, 31, 23, 0, tzinfo=UTC), BERLIN, 10) == 2015


def test_a_run_destroys_the_documents_keys_of_expired_years_for_everyone() -> None:
    now = datetime(2026, 1, 2, 3, 0, tzinfo=UTC)
    with shop(now=now) as s:
        old = s.import_order("E1", "bea", None, placed_at=datetime(2015, 6, 1, tzinfo=UTC))
        s.keys.key_for(KeyRef(old.customer_id, CONTACT))
        s.keys.key_for(KeyRef(old.customer_id, documents(2015)))
        s.keys.key_for(KeyRef(old.customer_id, documents(2016)))
        someone = uuid4()
        s.keys.key_for(KeyRef(someone, documents(2014)))

        run = s.retention.run()

        assert (run.until_year, run.keys_destroyed) == (2015, 2)
        assert run.documents_before == datetime(2016, 1, 1, tzinfo=BERLIN)
        assert s.keys.destroyed == {
            KeyRef(old.customer_id, documents(2015)),
            KeyRef(someone, documents(2014)),
        }
        [started, ran] = list(s.services.book.events.get(RETENTION_RECORD_ID))
        assert isinstance(ran, RetentionRecord.Ran) and ran.actor == Actor.system("retention")
        assert (ran.until_year, ran.keys_destroyed) == (2015, 2)
        assert started.actor == Actor.system("retention")


def test_running_again_destroys_nothing_more_and_records_the_run() -> None:
    with shop() as s:
        s.keys.key_for(KeyRef(uuid4(), documents(2000)))
        assert s.retention.run().keys_destroyed == 1
        again = s.retention.run()
        assert again.keys_destroyed == 0
        record = s.services.book.get(RETENTION_RECORD_ID)
        assert record.runs == 2 and record.last_run_at == again.ran_at


def test_a_run_is_due_once_a_day() -> None:
    with shop() as s:
        assert s.retention.due()
        s.retention.run()
        assert not s.retention.due()
        s.clock.advance(hours=23, minutes=59)
        assert not s.retention.due()
        s.clock.advance(minutes=1)
        assert s.retention.due()
        assert s.retention.last_run() == s.clock.now() - timedelta(days=1)


def test_an_erased_customers_retained_documents_go_when_their_period_ends() -> None:
    with shop(now=datetime(2026, 3, 1, tzinfo=UTC)) as s:
        order = s.import_order("E1", "bea", None, placed_at=datetime(2016, 3, 1, tzinfo=UTC))
        s.keys.key_for(KeyRef(order.customer_id, documents(2016)))
        report = s.erasure.erase(order.customer_id, "request")
        assert [r.order_id for r in report.retained] == [order.id]
        assert s.retention.run().keys_destroyed == 0  # kept to the end of 2026
        s.clock.set(datetime(2027, 1, 1, tzinfo=BERLIN))
        assert s.retention.run().keys_destroyed == 1
        assert s.erasure.erase(order.customer_id, "request").retained == []
