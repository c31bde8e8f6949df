"""formats.timestamp and formats.datetime_column write what strftime would (they %-format instead,
for speed): Eloquent timestamps "Y-m-d\\TH:i:s.000000Z" and DATETIME columns "Y-m-d H:i:s"."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from emulator.apis.essentials.formats import datetime_column, timestamp

pytestmark = pytest.mark.no_emulator

EDGES = [datetime(1, 1, 1, tzinfo=UTC), datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
         datetime(1000, 1, 1, tzinfo=UTC), datetime(2026, 1, 15, 9, 5, 7, 123456, tzinfo=UTC),
         datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)]


def _instants() -> list[datetime]:
    rnd = random.Random(13)
    span = (datetime(9999, 12, 30, tzinfo=UTC) - datetime(1, 1, 2, tzinfo=UTC)) // timedelta(microseconds=1)
    out = [datetime(1, 1, 2, tzinfo=UTC) + timedelta(microseconds=rnd.randrange(span)) for _ in range(2000)]
    return EDGES + [at.astimezone(timezone(timedelta(minutes=rnd.randrange(-840, 840)))) for at in out]


def test_timestamp_is_strftime_with_whole_seconds():
    for at in _instants():
        if EDGES[0] < at < EDGES[-1]:  # astimezone(UTC) of the extremes may leave datetime's range
            expected = at.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            assert timestamp(at) == expected, at


def test_datetime_column_is_strftime():
    for at in _instants():
        naive = at.replace(tzinfo=None)
        assert datetime_column(naive) == naive.strftime("%Y-%m-%d %H:%M:%S"), naive
