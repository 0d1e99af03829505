"""Which backups are kept: the last ten and the last of each of the past four weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reader.store.autobackup import KEEP_LAST, kept

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def days_ago(*days: float) -> list[datetime]:
    return [NOW - timedelta(days=d) for d in days]


def test_fewer_backups_than_the_last_ten_are_all_kept():
    stamps = days_ago(0.1, 3, 20, 60)
    assert kept(stamps, NOW) == set(stamps)


def test_the_last_ten_and_the_last_of_each_of_four_weeks_are_kept():
    # Hourly backups for 40 days: the newest ten are the last ten hours.
    stamps = [NOW - timedelta(hours=h) for h in range(40 * 24)]
    keep = kept(stamps, NOW)
    last_ten = set(stamps[:KEEP_LAST])
    weekly = {NOW - timedelta(weeks=w) for w in range(1, 4)}  # newest of weeks 2, 3 and 4
    assert keep == last_ten | weekly
    assert len(keep) == 13


def test_a_week_without_backups_keeps_nothing_from_an_older_week():
    # Two in week one, nothing in weeks two and three, three in week four, and one older still.
    stamps = days_ago(1, 2, 22, 23, 24, 40)
    newest_ten = set(stamps)
    assert kept(stamps, NOW) == newest_ten  # fewer than ten: all of them
    many = [NOW - timedelta(minutes=m) for m in range(1, 13)] + days_ago(22, 23, 24, 40)
    keep = kept(many, NOW)
    assert keep == set(many[:10]) | set(days_ago(22))


def test_the_same_moment_twice_counts_once():
    stamps = days_ago(*([1] * 12))
    assert kept(stamps, NOW) == {stamps[0]}


def test_backups_from_a_clock_set_ahead_are_among_the_newest():
    ahead = NOW + timedelta(days=3)
    stamps = [ahead, *[NOW - timedelta(hours=h) for h in range(1, 30)]]
    assert ahead in kept(stamps, NOW)
