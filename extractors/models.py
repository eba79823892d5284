"""The data that flows: Article and Incident, frozen, with a JSON round trip (DESIGN.md 2, 3.2)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from typing import Any

INCIDENT_TYPES = (
    "raid", "airdrop", "arrest", "killing", "assassination", "clash", "attack", "explosion", "ied",
    "suicide_bombing", "airstrike", "drone_strike", "shelling", "abduction", "hostage_rescue",
    "weapons_seizure",
)  # fmt: skip

ACTOR_IDS = (
    "coalition", "us_forces", "sdf", "asayish", "isis", "syrian_government", "assad_forces", "sna",
    "turkey", "russia", "iran_backed", "israel", "hts", "tribal", "local_armed_group", "unknown",
    "civilians",
)  # fmt: skip

PUBLISHED_FROM = ("jsonld", "meta", "feed", "url", "text")


class NotAnArticle(ValueError):
    """The page is not one article (a listing, a tag page, empty or binary); the reason says which."""


@dataclass(frozen=True)
class Article:
    url: str | None
    title: str
    text: str
    published: datetime | None = None
    published_from: str | None = None
    source_id: str | None = None
    language: str = "ar"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        published = data.get("published")
        return cls(**{**data, "published": datetime.fromisoformat(published) if published else None})


@dataclass(frozen=True)
class Source:
    url: str | None
    source_id: str | None
    published: str | None


@dataclass(frozen=True)
class Incident:
    types: tuple[str, ...]
    acled: dict[str, str] = field(default_factory=dict)
    date: str | None = None
    date_precision: str | None = None
    background: bool = False
    place: str | None = None
    place_id: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    killed: int | None = None
    killed_max: int | None = None
    injured: int | None = None
    arrested: int | None = None
    persons: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    evidence: str = ""
    confidence: float = 0.5
    id: str = ""

    @property
    def most_killed(self) -> int:
        """The highest toll any report gave (a grown toll lives in ``killed_max``); 0 when none did."""
        return max(self.killed or 0, self.killed_max or 0)

    def with_stable_id(self) -> Incident:
        """An id from what identifies the event, so the same report gives the same id every time."""
        key = "|".join(
            [",".join(sorted(self.types)), self.place_id or self.place or "", self.date or "",
             self.sources[0].url if self.sources and self.sources[0].url else "", self.evidence[:200]]
        )  # fmt: skip
        return replace(self, id=hashlib.sha256(key.encode()).hexdigest()[:16])

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("types", "actors", "targets", "persons"):
            data[name] = list(data[name])
        data["sources"] = [asdict(s) for s in self.sources]
        data["acled"] = dict(self.acled)
        ordered = {"id": data.pop("id")}
        ordered.update(data)
        return ordered

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Incident:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("types", "actors", "targets", "persons"):
            values[name] = tuple(values.get(name) or ())
        values["sources"] = tuple(Source(**s) for s in values.get("sources") or ())
        return cls(**values)
