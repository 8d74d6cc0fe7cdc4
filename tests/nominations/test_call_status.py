from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from nominations.models import CallPage, CallStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI)
CLOSES = datetime(2026, 5, 31, 17, 0, tzinfo=SHANGHAI)
SECOND = timedelta(seconds=1)


@pytest.fixture
def call(db):
    return CallPage(title="Call", opens_at=OPENS, closes_at=CLOSES)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - SECOND, CallStatus.UPCOMING),
        (OPENS, CallStatus.OPEN),
        (CLOSES - timedelta(days=7) - SECOND, CallStatus.OPEN),
        (CLOSES - timedelta(days=7), CallStatus.CLOSING_SOON),
        (CLOSES - SECOND, CallStatus.CLOSING_SOON),
        (CLOSES, CallStatus.CLOSED),
        (CLOSES + timedelta(days=400), CallStatus.CLOSED),
    ],
)
def test_call_status_at_boundaries(call, moment, expected):
    assert call.status(moment) == expected


def test_call_status_same_instant_in_another_time_zone(call):
    # 17:00 in Shanghai is 09:00 UTC: the same instant, so the call is closed.
    assert CLOSES.astimezone(UTC).hour == 9
    assert call.status(datetime(2026, 5, 31, 9, 0, tzinfo=UTC)) == CallStatus.CLOSED
    assert call.status(datetime(2026, 5, 31, 8, 59, 59, tzinfo=UTC)) == CallStatus.CLOSING_SOON
    assert call.status(datetime(2026, 3, 1, 0, 59, 59, tzinfo=UTC)) == CallStatus.UPCOMING
    assert call.status(datetime(2026, 3, 1, 1, 0, tzinfo=UTC)) == CallStatus.OPEN


def test_call_accepts_nominations_only_while_open_or_closing_soon(call):
    assert call.is_accepting(OPENS - SECOND) is False
    assert call.is_accepting(OPENS) is True
    assert call.is_accepting(CLOSES - SECOND) is True
    assert call.is_accepting(CLOSES) is False


def test_closing_soon_window_follows_setting(call, settings):
    settings.CALL_CLOSING_SOON_DAYS = 2
    assert call.status(CLOSES - timedelta(days=3)) == CallStatus.OPEN
    assert call.status(CLOSES - timedelta(days=2)) == CallStatus.CLOSING_SOON
