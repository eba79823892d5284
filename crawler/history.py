"""Which stored incidents ``rasad incidents`` and ``rasad map`` show: the filters and their query.

Filters on indexed or plain columns run in SQL (first_seen, date, admin1, types, background); the
actor filter reads the incident JSON, as actors and targets have no column of their own.  Times an
analyst types without a zone are Syria's (Asia/Damascus), as everywhere else in Rasad's interface.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import Engine, literal, or_, select

from crawler.alerts.rules import governorate_key
from crawler.schema import incidents
from crawler.timeutil import SYRIA
from extractors.admin1 import syria_admin1
from extractors.gazetteer import gazetteer
from extractors.models import ACTOR_IDS, INCIDENT_TYPES, Incident

_RELATIVE = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class IncidentFilter:
    since: datetime | None = None  # first seen at or after (UTC)
    until: datetime | None = None  # first seen before (UTC)
    date_from: str | None = None  # the incident's own date, ISO, inclusive
    date_to: str | None = None
    governorates: tuple[str, ...] = ()  # canonical Arabic admin1 names
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    background: str = "include"


def parse_moment(text: str, now: datetime | None = None, end: bool = False) -> datetime | None:
    """``24h``/``7d``/``30m``/``2w`` ago, ``all`` (None), or an ISO date or date-time (UTC out).
    A bare date as an ``end`` means the whole day: the moment the next day starts."""
    text = text.strip()
    if text == "all":
        return None
    try:
        match = _RELATIVE.match(text)
        if match:
            return (now or datetime.now(UTC)) - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text) + timedelta(days=1 if end else 0)
            return datetime.combine(day, time(0), SYRIA).astimezone(UTC)
        moment = datetime.fromisoformat(text)
        return (moment if moment.tzinfo else moment.replace(tzinfo=SYRIA)).astimezone(UTC)
    except OverflowError:  # "99999999999d", "1000000w", "9999-12-31" as an end: past datetime's years
        raise ValueError(f"{text!r}: out of range; use a time after the year 1 and before 9999") from None
    except ValueError:
        raise ValueError(
            f"{text!r}: use 24h, 7d, 30m, 2w, all, or an ISO date or time (2025-01-31, 2025-01-31T18:00)"
        ) from None


def parse_since(text: str, now: datetime | None = None) -> datetime | None:
    """``--since``'s value; the ValueError names the option."""
    try:
        return parse_moment(text, now)
    except ValueError as error:
        raise ValueError(f"--since {error}") from None


def parse_day(text: str, option: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{option} {text!r}: use an ISO date, e.g. 2025-01-31") from None


@lru_cache(maxsize=1)
def governorate_names() -> dict[str, str]:
    """Every accepted spelling (normalized) -> the canonical Arabic name the store uses for admin1."""
    names: dict[str, str] = {}
    for key, places in gazetteer().exact.items():
        for place in places:
            if place.kind == "governorate":
                names[governorate_key(key)] = place.name
    for entry in syria_admin1()["governorates"]:
        names[governorate_key(entry["name"])] = entry["name"]
        for english in entry["names_en"]:
            names[_latin_key(english)] = entry["name"]
    return names


def _latin_key(name: str) -> str:
    """ "Al-Hasakeh", "al hasakeh" -> "hasakeh"; "Dar`a", "Dar'a" -> "dara"."""
    text = re.sub(r"[^a-z0-9 ]", "", re.sub(r"[-_]", " ", name.lower())).strip()
    return re.sub(r"^(al|ar|as|ad|az|el|es|ed|ez)\s+", "", text).replace(" ", "")


def resolve_governorate(name: str) -> str:
    names = governorate_names()
    found = names.get(governorate_key(name)) or names.get(_latin_key(name))
    if found is None:
        valid = "، ".join(sorted(set(names.values())))
        raise ValueError(f"--governorate {name!r}: not a Syrian governorate; one of: {valid}")
    return found


def check_ids(values: Iterable[str], valid: Sequence[str], option: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(v.strip() for v in values))
    unknown = [v for v in wanted if v not in valid]
    if unknown:
        raise ValueError(f"{option} {unknown[0]!r}: unknown id; valid: {', '.join(valid)}")
    return wanted


def filter_from_args(args: argparse.Namespace, now: datetime | None = None) -> IncidentFilter:
    """The filter the options ask for; ValueError (one line) on a bad value."""
    since = parse_since(args.since, now)
    try:
        until = parse_moment(args.until, now, end=True) if args.until else None
    except ValueError as error:
        raise ValueError(f"--until {error}") from None
    return IncidentFilter(
        since=since, until=until,
        date_from=parse_day(args.date_from, "--date-from") if args.date_from else None,
        date_to=parse_day(args.date_to, "--date-to") if args.date_to else None,
        governorates=tuple(dict.fromkeys(resolve_governorate(g) for g in args.governorate)),
        types=check_ids(args.types, INCIDENT_TYPES, "--type"),
        actors=check_ids(args.actors, ACTOR_IDS, "--actor"),
        background=args.background,
    )  # fmt: skip


def select_incidents(engine: Engine, wanted: IncidentFilter) -> list[Incident]:
    """The stored incidents passing ``wanted``, in the order Rasad first saw them."""
    query = select(incidents.c.data).order_by(incidents.c.first_seen, incidents.c.id)
    if wanted.since is not None:
        query = query.where(incidents.c.first_seen >= _stored_utc(wanted.since))
    if wanted.until is not None:
        query = query.where(incidents.c.first_seen < _stored_utc(wanted.until))
    if wanted.date_from:
        query = query.where(incidents.c.date >= wanted.date_from)
    if wanted.date_to:
        query = query.where(incidents.c.date <= wanted.date_to)
    if wanted.governorates:
        query = query.where(incidents.c.admin1.in_(wanted.governorates))
    if wanted.types:  # the column holds "raid,arrest": match whole ids between commas
        padded = literal(",") + incidents.c.types + literal(",")
        query = query.where(or_(*(padded.like(f"%,{t},%") for t in wanted.types)))
    if wanted.background != "include":
        query = query.where(incidents.c.background.is_(wanted.background == "only"))
    with engine.connect() as conn:
        found = [Incident.from_json(json.loads(row.data)) for row in conn.execute(query)]
    if wanted.actors:
        found = [i for i in found if set(wanted.actors) & (set(i.actors) | set(i.targets))]
    return found


def _stored_utc(moment: datetime) -> datetime:
    # SQLite keeps the wall time without its zone, and the store writes UTC: compare in UTC.
    return moment.astimezone(UTC)
