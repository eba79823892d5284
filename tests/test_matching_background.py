"""Background mentions of known incidents (issue 6, review R3): a report of an incident as earlier news
attaches to it silently, is no confirmation by an outlet, and what it brought (a higher toll, a more
precise place) is still announced when a current report brings it. On SQLite and PostgreSQL
(tests/pg.py), with real reports of the dev set (tests/data/eval/SOURCES.md); the upgrade of sources
stored before the ``background`` column existed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from crawler import db
from crawler.schema import incident_sources
from crawler.store import Store
from extractors.models import Article, Incident
from tests.dev_reports import incident_at, report
from tests.test_matching_store import MAX_AGE, outbox, save, store

__all__ = ["store"]  # the fixture: a Store on SQLite and on PostgreSQL


def outlet(name: str, hours: int, record: str = "dev-03") -> Article:
    return report(record, url=f"https://{name}.example/1", source_id=name, hours=hours)


def as_earlier_news(incident: Incident) -> Incident:
    return replace(incident, background=True, date=None)


def kinds(store: Store) -> list[tuple[str, tuple[str, ...]]]:
    return [(kind, changes) for _, kind, changes in outbox(store)]


def test_a_background_mention_is_no_confirmation(store: Store) -> None:
    for name, hours in (("a", 12), ("b", 13)):
        article = outlet(name, hours)
        save(store, article, [incident_at(article, "البصيرة")])
    mention = outlet("c", 40)
    assert save(store, mention, [as_earlier_news(incident_at(mention, "البصيرة"))]) == (0, 1, 0)
    third = outlet("d", 41)  # the third outlet to report it as news: the confirmation is still to tell
    assert save(store, third, [incident_at(third, "البصيرة")])[2] == 1
    assert kinds(store) == [("new", ()), ("update", ("sources:3",))]
    [stored] = store.incidents()
    assert len(stored.sources) == 4  # the mention is listed all the same


def test_the_mention_that_made_an_incident_known_is_no_confirmation(store: Store) -> None:
    first = outlet("a", 12)
    save(store, first, [as_earlier_news(incident_at(first, "البصيرة"))])  # known first as earlier news
    for name, hours in (("b", 13), ("c", 14)):
        article = outlet(name, hours)
        save(store, article, [incident_at(article, "البصيرة")])
    assert [kind for kind, _ in kinds(store)] == ["new", "new"]  # the mention's, then b's :new:current
    third = outlet("d", 15)
    assert save(store, third, [incident_at(third, "البصيرة")])[2] == 1
    assert kinds(store)[-1] == ("update", ("sources:3",))


def test_a_toll_first_raised_by_a_mention_is_announced_by_the_current_report(store: Store) -> None:
    levant = report("dev-28", url="https://levant.example/1", source_id="levant")
    save(store, levant, [replace(incident_at(levant, "ذيبان"), killed=1)])  # as an early count had it
    mentioned = report("dev-29", url="https://mention.example/1", source_id="mention", hours=13)
    mention = as_earlier_news(incident_at(mentioned, "حوايج ذيبان"))
    assert mention.killed == 3 and save(store, mentioned, [mention]) == (0, 1, 0)
    assert store.incidents()[0].killed_max == 3  # kept in the store, silently
    north = report("dev-29", url="https://npa.example/1", source_id="npa", hours=14)
    assert save(store, north, [incident_at(north, "حوايج ذيبان")]) == (0, 1, 1)
    update = store.unpublished_outbox()[-1].alert
    assert (update.kind, update.changes, update.incident.killed_max) == ("update", ("killed",), 3)
    again = report("dev-29", url="https://other.example/1", source_id="other", hours=15)
    save(store, again, [incident_at(again, "حوايج ذيبان")])  # the toll is told now: not again
    assert kinds(store)[-1] == ("update", ("sources:3",))  # the third outlet, the mention not counted


def test_a_place_first_refined_by_a_mention_is_announced_by_the_current_report(store: Store) -> None:
    vague = outlet("a", 12)
    save(store, vague, [incident_at(vague, "ريف دير الزور الشرقي")])
    mentioned = outlet("b", 14)
    assert save(store, mentioned, [as_earlier_news(incident_at(mentioned, "البصيرة"))]) == (0, 1, 0)
    assert store.incidents()[0].place == "البصيرة"
    precise = outlet("c", 16)
    assert save(store, precise, [incident_at(precise, "البصيرة")]) == (0, 1, 1)
    assert kinds(store) == [("new", ()), ("update", ("place",))]


def test_a_mention_reread_as_news_counts_as_an_outlet(store: Store) -> None:
    for name, hours in (("a", 12), ("b", 13)):
        article = outlet(name, hours)
        save(store, article, [incident_at(article, "البصيرة")])
    mentioned = outlet("c", 14)
    save(store, mentioned, [as_earlier_news(incident_at(mentioned, "البصيرة"))])
    assert mentioned.published is not None
    # the next extractor reads c's report as news of the day: c is the third outlet now
    result = store.resave_article(
        replace(mentioned, text=""), [incident_at(mentioned, "البصيرة")], MAX_AGE, now=mentioned.published
    )
    assert (result.joined_incidents, result.alerts) == (1, 1)
    assert kinds(store)[-1] == ("update", ("sources:3",))
    with store.engine.connect() as conn:
        flags = conn.execute(sa.select(incident_sources.c.url, incident_sources.c.background)).all()
    assert not any(row.background for row in flags)


def test_the_confirmation_is_told_once_though_the_count_falls_and_rises(store: Store) -> None:
    for name, hours in (("a", 12), ("b", 13), ("c", 14)):
        article = outlet(name, hours)
        save(store, article, [incident_at(article, "البصيرة")])
    assert kinds(store)[-1] == ("update", ("sources:3",))
    reread = outlet("c", 14)
    assert reread.published is not None
    # the next extractor reads c's report as earlier news: two outlets count now, then d makes three again
    result = store.resave_article(replace(reread, text=""), [as_earlier_news(incident_at(reread, "البصيرة"))],
                                  MAX_AGE, now=reread.published + timedelta(hours=2))  # fmt: skip
    assert (result.joined_incidents, result.alerts) == (1, 0)
    fourth = outlet("d", 15)
    assert save(store, fourth, [incident_at(fourth, "البصيرة")]) == (0, 1, 0)
    assert kinds(store) == [("new", ()), ("update", ("sources:3",))]


def test_an_incident_told_as_news_stays_news_when_its_report_is_reread_as_a_mention(store: Store) -> None:
    only = outlet("a", 12)
    save(store, only, [incident_at(only, "البصيرة")])
    assert only.published is not None
    store.resave_article(replace(only, text=""), [as_earlier_news(incident_at(only, "البصيرة"))],
                         MAX_AGE, now=only.published + timedelta(hours=2))  # fmt: skip
    [stored] = store.incidents()
    assert not stored.background  # its new alert went out as news: later reports of it are updates
    news = outlet("b", 13)
    assert save(store, news, [incident_at(news, "البصيرة")]) == (0, 1, 0)
    assert [kind for kind, _ in kinds(store)] == ["new"]  # no second new (:new:current)


def test_sources_stored_before_the_column_keep_what_they_were(database_url: str) -> None:
    """Revision 0008: an incident still known only as earlier news had only background mentions."""
    engine = sa.create_engine(database_url)
    if engine.dialect.name == "sqlite" and engine.url.database:
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    with engine.connect() as conn:
        db.upgrade(conn, "0007")
    first, news = outlet("a", 12), outlet("b", 13)
    mention = as_earlier_news(incident_at(first, "البصيرة"))
    current = replace(incident_at(news, "الشحيل"), background=False)
    with engine.begin() as conn:  # rows as the store before 0008 wrote them
        for incident, article in ((mention, first), (current, news)):
            conn.execute(
                sa.text(
                    "INSERT INTO incidents (id, first_seen, updated_at, types, background, data)"
                    " VALUES (:id, :now, :now, :types, :background, :data)"
                ),
                {"id": incident.id, "now": article.published, "types": ",".join(incident.types),
                 "background": incident.background, "data": json.dumps(incident.to_json(), ensure_ascii=False)},
            )  # fmt: skip
            conn.execute(
                sa.text(
                    "INSERT INTO incident_sources (incident_id, url, source_id) VALUES (:id, :url, :source)"
                ),
                {"id": incident.id, "url": article.url, "source": article.source_id},
            )
    engine.dispose()
    upgraded = Store(database_url)  # to head as it opens
    with upgraded.engine.connect() as conn:
        rows = conn.execute(sa.select(incident_sources.c.incident_id, incident_sources.c.background)).all()
    assert {row.incident_id: row.background for row in rows} == {mention.id: True, current.id: False}
    upgraded.close()


def test_alert_age_still_holds_for_what_a_mention_brought(store: Store) -> None:
    levant = report("dev-28", url="https://levant.example/1", source_id="levant")
    save(store, levant, [replace(incident_at(levant, "ذيبان"), killed=1)])
    mentioned = report("dev-29", url="https://mention.example/1", source_id="mention", hours=13)
    save(store, mentioned, [as_earlier_news(incident_at(mentioned, "حوايج ذيبان"))])
    north = report("dev-29", url="https://npa.example/1", source_id="npa")
    assert save(store, north, [incident_at(north, "حوايج ذيبان")], hours_later=24 * 5) == (0, 1, 0)
    assert kinds(store) == [("new", ())]
    assert timedelta(days=5) > MAX_AGE
