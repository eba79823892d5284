"""Filing incidents in the store (issue 6): joins, merges, update alerts, background mentions, age,
near-duplicate articles; a Store on SQLite and on PostgreSQL, real reports from the dev set."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from crawler.alerts.render import RenderOptions, plain_text
from crawler.schema import incident_sources
from crawler.store import Store
from extractors.models import Article, Incident
from tests.dev_reports import incident_at, incidents_of, records, report
from tests.test_matching_neardup import reclothed

MAX_AGE = timedelta(hours=72)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """On SQLite and on a throwaway PostgreSQL server (tests/pg.py)."""
    opened = Store(database_url)
    yield opened
    opened.close()


def save(
    store: Store, article: Article, found: list[Incident], hours_later: int = 2, **kwargs: int
) -> tuple[int, int, int]:
    """Store ``article`` with ``found`` (read from its real text). Several tests file one real report as
    if several outlets had written it: the text itself is then left out of the stored article, or the
    near-duplicate check (its own tests below) would rightly take each for a copy of the first."""
    assert article.published is not None
    now = article.published + timedelta(hours=hours_later)
    if not kwargs.pop("keep_text", 0):
        article = replace(article, text="")
    result = store.save_article(article, found, MAX_AGE, now=now, **kwargs)
    return result.new_incidents, result.joined_incidents, result.alerts


def outbox(store: Store) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(r.alert.alert_id, r.alert.kind, r.alert.changes) for r in store.unpublished_outbox()]


def test_a_second_outlet_joins_and_the_grown_toll_is_one_update(store: Store) -> None:
    levant = report("dev-28", url="https://levant.example/1", source_id="levant")
    north = report("dev-29", url="https://npa.example/1", source_id="npa", hours=14)
    first = replace(incident_at(levant, "ذيبان"), killed=1)  # as an early count had it (the text says 3)
    others = [i for i in incidents_of(levant) if i.place != "ذيبان"]
    assert save(store, levant, [first, *others]) == (3, 0, 3)  # ذيبان, البصيرة, الشحيل
    assert save(store, north, [incident_at(north, "حوايج ذيبان")]) == (0, 1, 1)
    [update] = [r.alert for r in store.unpublished_outbox() if r.alert.kind == "update"]
    assert update.alert_id == f"{first.id}:update:1" and update.changes == ("killed",)
    assert (update.incident.killed, update.incident.killed_max, update.incident.place) == (1, 3, "ذيبان")
    assert [s.url for s in update.incident.sources] == ["https://levant.example/1", "https://npa.example/1"]
    assert "ارتفاع عدد القتلى إلى 3" in plain_text(update, RenderOptions())
    # the same report again (another URL of the same outlet, same figures): joined, nothing to tell
    again = replace(north, url="https://npa.example/1?amp")
    assert save(store, again, [incident_at(again, "حوايج ذيبان")], hours_later=3)[2] == 0


def test_one_articles_incidents_never_merge_into_one(store: Store) -> None:
    article = report("dev-03", source_id="snack")  # a region, البصيرة and الشحيل: three raids
    assert save(store, article, incidents_of(article))[:2] == (3, 0)
    assert len(store.incidents()) == 3


def test_the_best_candidate_wins_not_the_first_stored(store: Store) -> None:
    snack = report("dev-03", url="https://snack.example/1", source_id="snack")
    region, busayra = incident_at(snack, "ريف دير الزور الشرقي"), incident_at(snack, "البصيرة")
    save(store, snack, [region, busayra])
    other = report("dev-03", url="https://other.example/1", source_id="other")
    save(store, other, [incident_at(other, "البصيرة")])
    joined = {i.place: len(i.sources) for i in store.incidents()}
    assert joined == {"ريف دير الزور الشرقي": 1, "البصيرة": 2}


def test_a_more_precise_place_is_an_update(store: Store) -> None:
    vague = report("dev-03", url="https://a.example/1", source_id="a")
    save(store, vague, [incident_at(vague, "ريف دير الزور الشرقي")])
    precise = report("dev-03", url="https://b.example/1", source_id="b", hours=16)
    assert save(store, precise, [incident_at(precise, "البصيرة")]) == (0, 1, 1)
    [stored] = store.incidents()
    assert (stored.place, stored.geo_precision, stored.date) == ("البصيرة", 1, "2019-06-07")
    update = store.unpublished_outbox()[-1].alert
    assert update.changes == ("place",)
    assert "تحديد المكان: البصيرة، دير الزور" in plain_text(update, RenderOptions())


def test_confirmation_by_independent_outlets(store: Store) -> None:
    def outlet(name: str, hours: int) -> Article:
        return report("dev-03", url=f"https://{name}.example/1", source_id=name, hours=hours)

    first = outlet("a", 12)
    save(store, first, [incident_at(first, "البصيرة")])
    for name, hours in (("a2", 13), ("b", 14)):  # "a2": outlet a again under another URL
        article = replace(outlet(name, hours), source_id="a" if name == "a2" else name)
        assert save(store, article, [incident_at(article, "البصيرة")])[2] == 0
    third = outlet("c", 15)
    assert save(store, third, [incident_at(third, "البصيرة")])[2] == 1
    assert outbox(store)[-1][1:] == ("update", ("sources:3",))
    assert "أكدته 3 مصادر" in plain_text(store.unpublished_outbox()[-1].alert, RenderOptions())
    fourth = outlet("d", 16)
    assert save(store, fourth, [incident_at(fourth, "البصيرة")])[2] == 0  # said once


def test_confirmation_alerts_can_be_turned_off(store: Store) -> None:
    for name in "abc":
        article = report("dev-03", url=f"https://{name}.example/1", source_id=name)
        save(store, article, [incident_at(article, "البصيرة")], confirm_sources=0)
    assert [kind for _, kind, _ in outbox(store)] == ["new"]


def test_a_background_mention_attaches_silently(store: Store) -> None:
    levant = report("dev-28", source_id="levant")
    save(store, levant, [incident_at(levant, "ذيبان")])
    later = report("dev-29", url="https://npa.example/2", source_id="npa", hours=60)
    mention = replace(incident_at(later, "حوايج ذيبان"), background=True, date=None, killed=9)
    assert save(store, later, [mention]) == (0, 1, 0)
    [stored] = store.incidents()
    assert len(stored.sources) == 2 and stored.killed_max == 9 and not stored.background
    assert [kind for _, kind, _ in outbox(store)] == ["new"]


def test_an_incident_first_known_as_earlier_news_is_new_when_reported_as_news(store: Store) -> None:
    mention = report("dev-03", url="https://a.example/1", source_id="a")
    save(store, mention, [replace(incident_at(mention, "البصيرة"), background=True, date=None)])
    assert [
        (kind, r.alert.incident.background) for r in store.unpublished_outbox() for kind in [r.alert.kind]
    ] == [
        ("new", True)  # queued: only rules with include_background let it through
    ]
    news = report("dev-03", url="https://b.example/1", source_id="b", hours=14)
    assert save(store, news, [incident_at(news, "البصيرة")]) == (0, 1, 1)
    last = store.unpublished_outbox()[-1].alert
    assert (last.kind, last.incident.background, last.incident.date) == ("new", False, "2019-06-07")


def test_no_update_for_an_incident_older_than_the_alert_age(store: Store) -> None:
    levant = report("dev-28", source_id="levant")
    save(store, levant, [replace(incident_at(levant, "ذيبان"), killed=1)])  # an early, lower count
    north = report("dev-29", source_id="npa")
    assert save(store, north, [incident_at(north, "حوايج ذيبان")], hours_later=24 * 5) == (0, 1, 0)
    assert store.incidents()[0].killed_max == 3  # merged all the same


def test_a_near_duplicate_article_attaches_to_the_original(store: Store) -> None:
    north = report("dev-13", url="https://npa.example/13", source_id="npa")
    save(store, north, incidents_of(north), keep_text=1)
    before = {i.id: len(i.sources) for i in store.incidents()}
    text = reclothed(records()["dev-13"]["text"], "002_3a5829bcddb5d438.txt")
    copy = replace(north, url="https://copier.example/x", source_id="copier", text=text)
    found = incidents_of(copy)
    assert found and save(store, copy, found, hours_later=3, keep_text=1) == (0, len(found), 0)
    assert {i.id: len(i.sources) for i in store.incidents()} == {k: v + 1 for k, v in before.items()}
    with store.engine.connect() as conn:
        copies = conn.execute(
            select(incident_sources.c.copy_of).where(incident_sources.c.url == copy.url)
        ).all()
    assert {row.copy_of for row in copies} == {north.url}


def test_reprocessing_an_article_changes_nothing(store: Store) -> None:
    levant = report("dev-28", source_id="levant")
    save(store, levant, incidents_of(levant))
    queued = outbox(store)
    assert levant.published
    result = store.resave_article(
        levant, incidents_of(levant), MAX_AGE, now=levant.published + timedelta(hours=5)
    )
    assert (result.new_incidents, result.alerts) == (0, 0)
    assert outbox(store) == queued and len(store.incidents()) == 3


def test_different_villages_the_same_day_stay_apart(store: Store) -> None:
    a = report("dev-03", url="https://a.example/1", source_id="a")
    save(store, a, [incident_at(a, "البصيرة")])
    b = report("dev-03", url="https://b.example/1", source_id="b")
    shuhail = replace(incident_at(b, "الشحيل"), date="2019-06-07", background=False)
    assert save(store, b, [shuhail])[:2] == (1, 0)


def test_a_report_read_a_month_late_is_stored_not_alerted(store: Store) -> None:
    old = report("dev-20", source_id="nahr")
    assert (
        save(store, old, incidents_of(old), hours_later=24 * 30)[2] == 0
    )  # a month late: stored, not alerted
