"""The time rules of the planner (apps.planner.times): wall-clock times kept across daylight-saving
changes, the skipped hour moved to the first valid time, the repeated hour once, monthly clamping."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from apps.planner import times


def _local(instant: datetime, zone: str) -> tuple[date, str]:
    local = instant.astimezone(times.zone_get(zone))
    return local.date(), local.strftime("%H:%M")


# Sundays around each transition: (zone, spring-forward day, fall-back day, gap time, repeated time)
TRANSITIONS = [
    ("Europe/Berlin", date(2026, 3, 29), date(2026, 10, 25), time(2, 30), time(2, 30)),
    ("America/New_York", date(2026, 3, 8), date(2026, 11, 1), time(2, 30), time(1, 30)),
    ("Australia/Sydney", date(2026, 10, 4), date(2026, 4, 5), time(2, 30), time(2, 30)),
]


@pytest.mark.parametrize(("zone", "spring", "fall", "_gap", "_repeated"), TRANSITIONS)
def test_weekly_slot_stays_at_nine_local_across_both_transitions(zone, spring, fall, _gap, _repeated):
    tz = times.zone_get(zone)
    for transition in (spring, fall):
        middle = datetime.combine(transition, time(0), tzinfo=tz).astimezone(UTC)
        after, until = middle - timedelta(days=15), middle + timedelta(days=15)
        instants = list(times.slot_instants([(6, time(9, 0))], tz, after=after, until=until))  # Sundays 09:00

        assert len(instants) >= 3
        assert {_local(instant, zone)[1] for instant in instants} == {"09:00"}
        offsets = {instant.astimezone(tz).utcoffset() for instant in instants}
        assert len(offsets) == 2, "the month straddles the transition: two UTC offsets, one wall-clock time"


@pytest.mark.parametrize(("zone", "spring", "_fall", "gap", "_repeated"), TRANSITIONS)
def test_local_time_in_the_skipped_hour_moves_to_the_first_valid_time(zone, spring, _fall, gap, _repeated):
    instant = times.local_to_instant(spring, gap, times.zone_get(zone))

    assert _local(instant, zone) == (spring, "03:00")


@pytest.mark.parametrize(("zone", "_spring", "fall", "_gap", "repeated"), TRANSITIONS)
def test_slot_in_the_repeated_hour_is_published_once_at_the_first_instant(zone, _spring, fall, _gap, repeated):
    tz = times.zone_get(zone)
    after = datetime.combine(fall, time(0), tzinfo=tz).astimezone(UTC)
    until = datetime.combine(fall, time(23), tzinfo=tz).astimezone(UTC)

    instants = list(times.slot_instants([(6, repeated)], tz, after=after, until=until))

    assert len(instants) == 1
    assert instants[0].astimezone(tz).fold == 0
    assert instants[0] == datetime.combine(fall, repeated, tzinfo=tz).astimezone(UTC)
    earlier_offset = datetime.combine(fall, time(0), tzinfo=tz).utcoffset()
    assert instants[0].astimezone(tz).utcoffset() == earlier_offset  # the first of the two


def test_weekly_rule_keeps_nine_local_across_berlin_spring_forward():
    zone = times.zone_get("Europe/Berlin")
    rule = times.recurrence_rule(frequency="weekly", start=datetime(2026, 3, 16), at=time(9), weekdays=[0, 3])

    instants = list(
        times.rule_instants(
            rule, zone, after=datetime(2026, 3, 16, tzinfo=UTC), until=datetime(2026, 4, 10, tzinfo=UTC)
        )
    )

    assert [_local(i, "Europe/Berlin")[1] for i in instants] == ["09:00"] * len(instants)
    assert [i.hour for i in instants] == [8, 8, 8, 8, 7, 7, 7, 7]  # Mar 16, 19, 23, 26 CET; Mar 30 ... Apr 9 CEST


def test_monthly_rule_on_the_31st_is_clamped_to_the_last_day_of_shorter_months():
    rule = times.recurrence_rule(frequency="monthly", start=datetime(2026, 1, 1), at=time(10), month_day=31, count=5)

    assert [d.date() for d in rule] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_monthly_rule_on_the_30th_takes_february_29_in_a_leap_year():
    rule = times.recurrence_rule(frequency="monthly", start=datetime(2028, 1, 1), at=time(10), month_day=30, count=3)

    assert [d.date() for d in rule] == [date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)]


def test_daily_rule_until_a_date_includes_that_day():
    rule = times.recurrence_rule(frequency="daily", start=datetime(2026, 6, 1), at=time(8), until=date(2026, 6, 3))

    assert [d.date() for d in rule] == [date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 3)]


def test_daily_rule_in_the_skipped_hour_gives_one_instant_per_day():
    zone = times.zone_get("America/New_York")
    rule = times.recurrence_rule(frequency="daily", start=datetime(2026, 3, 7), at=time(2, 30), count=3)

    instants = list(
        times.rule_instants(rule, zone, after=datetime(2026, 3, 6, tzinfo=UTC), until=datetime(2026, 3, 12, tzinfo=UTC))
    )

    assert [_local(i, "America/New_York") for i in instants] == [
        (date(2026, 3, 7), "02:30"),
        (date(2026, 3, 8), "03:00"),
        (date(2026, 3, 9), "02:30"),
    ]


def test_zone_get_refuses_a_name_that_is_not_an_iana_zone():
    with pytest.raises(ValueError, match="IANA"):
        times.zone_get("Mars/Olympus")
    with pytest.raises(ValueError, match="IANA"):
        times.zone_get("../etc/passwd")
