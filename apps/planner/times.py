"""Local wall-clock times to instants, daylight-saving aware, and the recurrence rules (dateutil's rrule).

The one rule for a wall-clock time that a zone's calendar does not hold exactly once:

- in the skipped hour (spring forward) it moves to the first valid time, the transition itself
  (02:30 Europe/Berlin on the last Sunday of March is 03:00 CEST);
- in the repeated hour (fall back) it is the first of the two instants (``fold=0``), so a slot or an
  occurrence there publishes once.

Every other local time keeps its wall-clock reading whatever the offset: 09:00 stays 09:00.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule

from apps.common.serializers import TIME_ZONES

WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def zone_get(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValueError when the name is not one (``zoneinfo`` validates it)."""
    if not name or name not in _ZONE_NAMES:
        raise ValueError(f"{name!r} is not an IANA time zone (e.g. Europe/Berlin).")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone (e.g. Europe/Berlin).") from exc


_ZONE_NAMES = frozenset(TIME_ZONES)  # the names the API's time-zone fields accept


def local_to_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``zone`` (the rule of the module docstring)."""
    wanted = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first = wanted.replace(tzinfo=zone, fold=0)
    instant = first.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wanted:
        return instant
    # Skipped: the two folds bracket the transition; the first valid time is the transition instant.
    low = wanted.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = instant
    low, high = min(low, high), max(low, high)
    step = timedelta(minutes=1)
    before = low.astimezone(zone).utcoffset()
    moment = low
    while moment < high and moment.astimezone(zone).utcoffset() == before:
        moment += step
    return moment


def slot_instants(
    slots: list[tuple[int, time]], zone: ZoneInfo, *, after: datetime, until: datetime
) -> Iterator[datetime]:
    """The instants of the weekly ``slots`` (weekday 0 = Monday, local time) strictly after ``after``
    and before ``until``, in order, each once."""
    if not slots:
        return
    by_day: dict[int, list[time]] = {}
    for weekday, at in slots:
        by_day.setdefault(weekday, []).append(at)
    day = after.astimezone(zone).date() - timedelta(days=1)
    last = until.astimezone(zone).date() + timedelta(days=1)
    while day <= last:
        seen: set[datetime] = set()
        for at in sorted(by_day.get(day.weekday(), ())):
            instant = local_to_instant(day, at, zone)
            if after < instant < until and instant not in seen:
                seen.add(instant)
                yield instant
        day += timedelta(days=1)


def is_slot_instant(slots: list[tuple[int, time]], zone: ZoneInfo, instant: datetime) -> bool:
    """Whether ``instant`` is one of the weekly slots' instants (the local day's, or the day before's
    when a skipped-hour slot moved across midnight, which no zone does today)."""
    local_day = instant.astimezone(zone).date()
    return any(
        local_to_instant(local_day, at, zone) == instant for weekday, at in slots if weekday == local_day.weekday()
    )


def recurrence_rule(
    *,
    frequency: str,
    start: datetime,
    at: time,
    weekdays: list[int] | None = None,
    month_day: int | None = None,
    until: date | None = None,
    count: int | None = None,
) -> rrule.rrule:
    """The rrule of a series from ``start`` (naive local wall-clock), at wall-clock ``at``; each
    datetime it yields is naive local (``local_to_instant`` turns it into an instant). Monthly on a
    day the month lacks is clamped to the month's last day: ``bymonthday=(day, -1)`` with
    ``bysetpos=1`` takes the earlier of the day and the month's last day."""
    kwargs: dict = {
        "dtstart": start.replace(second=0, microsecond=0),
        "byhour": at.hour,
        "byminute": at.minute,
        "bysecond": 0,
        "cache": False,
    }
    if until is not None:
        kwargs["until"] = datetime.combine(until, time(23, 59, 59))
    if count is not None:
        kwargs["count"] = count
    if frequency == "daily":
        return rrule.rrule(rrule.DAILY, **kwargs)
    if frequency == "weekly":
        return rrule.rrule(rrule.WEEKLY, byweekday=[WEEKDAYS[d] for d in sorted(set(weekdays or []))], **kwargs)
    day = month_day or start.day
    if day > 28:
        return rrule.rrule(rrule.MONTHLY, bymonthday=(day, -1), bysetpos=1, **kwargs)
    return rrule.rrule(rrule.MONTHLY, bymonthday=day, **kwargs)


def rule_instants(
    rule: rrule.rrule, zone: ZoneInfo, *, after: datetime, until: datetime, limit: int = 10_000
) -> Iterator[datetime]:
    """The instants of ``rule`` (local wall-clock) in ``zone`` strictly after ``after`` and before
    ``until``, in order, each once (two wall-clock times cannot meet, but a skipped one may move onto
    the next; kept once)."""
    seen: datetime | None = None
    start_local = (after - timedelta(days=1)).astimezone(zone).replace(tzinfo=None)
    for produced, local in enumerate(rule.xafter(start_local, inc=True)):
        if produced >= limit:
            return
        instant = local_to_instant(local.date(), local.time(), zone)
        if instant >= until:
            return
        if instant > after and instant != seen:
            seen = instant
            yield instant
