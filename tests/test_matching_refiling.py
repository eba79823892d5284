"""Filing incidents again and filing look-alikes (issue 6, review R2): re-processing pairs an article's
incidents with those it gave before; an outlet's short items that share its standing paragraphs are
no copies; a copy must agree on the date; a copy's grown toll is an update; ties are stable. On
SQLite and PostgreSQL (tests/pg.py), with real reports of the dev set (tests/data/eval/SOURCES.md)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import create_engine, select, text, update

from crawler import neardup
from crawler.schema import incident_sources, incidents
from crawler.store import Store
from extractors.models import Article, Incident
from tests.dev_reports import incident_at, incidents_of, records, report
from tests.pg import PostgresCluster
from tests.test_matching_neardup import reclothed
from tests.test_matching_store import MAX_AGE, outbox, save, store

__all__ = ["store"]  # the fixture: a Store on SQLite and on PostgreSQL


def resave(
    store: Store, article: Article, found: list[Incident], hours_later: int = 5
) -> tuple[int, int, int]:
    assert article.published is not None
    result = store.resave_article(
        replace(article, text=""), found, MAX_AGE, now=article.published + timedelta(hours=hours_later)
    )
    return result.new_incidents, result.joined_incidents, result.alerts


# -- re-processing --------------------------------------------------------------------------------
def test_reprocessing_an_article_whose_incident_joined_another_outlets(store: Store) -> None:
    a = report("dev-03", url="https://a.example/1", source_id="a")
    b = report("dev-03", url="https://b.example/1", source_id="b", hours=13)
    save(store, a, [incident_at(a, "البصيرة")])
    assert save(store, b, [incident_at(b, "البصيرة")]) == (0, 1, 0)  # b's own id never stored
    assert resave(store, b, [incident_at(b, "البصيرة")]) == (0, 1, 0)
    [stored] = store.incidents()
    assert sorted(s.source_id or "" for s in stored.sources) == ["a", "b"]
    assert [kind for _, kind, _ in outbox(store)] == ["new"]


def test_reprocessing_with_an_extractor_that_reads_new_ids(store: Store) -> None:
    levant = report("dev-28", source_id="levant")
    found = incidents_of(levant)
    save(store, levant, found)
    queued = outbox(store)
    # the next extractor version quotes other evidence: every stable id changes
    again = [replace(i, evidence="… " + i.evidence).with_stable_id() for i in found]
    assert not {i.id for i in again} & {i.id for i in found}
    assert resave(store, levant, again) == (0, len(found), 0)
    assert outbox(store) == queued and len(store.incidents()) == len(found)


def test_reprocessing_that_reads_a_higher_toll_is_an_update_not_a_new_incident(store: Store) -> None:
    levant = report("dev-28", source_id="levant")
    now_read = incident_at(levant, "ذيبان")
    # as an older extractor read it: a lower count, a shorter quote (another stable id)
    first = replace(now_read, killed=1, evidence=now_read.evidence[:120]).with_stable_id()
    save(store, levant, [first])
    assert now_read.id != first.id and (now_read.killed or 0) > 1
    assert resave(store, levant, [now_read]) == (0, 1, 1)
    assert [kind for _, kind, _ in outbox(store)] == ["new", "update"]
    assert len(store.incidents()) == 1


def test_reprocessing_to_a_short_text_leaves_no_fingerprint(store: Store) -> None:
    north = report("dev-13", url="https://npa.example/13", source_id="npa")
    save(store, north, incidents_of(north), keep_text=1)
    assert north.published is not None
    store.resave_article(replace(north, text="فقدان عنصر لقسد حياته"), [], MAX_AGE, now=north.published)
    copy = replace(north, url="https://copier.example/13", source_id="copier")
    save(store, copy, incidents_of(copy), keep_text=1)  # the old text is no original any more
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(incident_sources.c.copy_of).where(incident_sources.c.url == copy.url)
        ).all()
    assert rows and {row.copy_of for row in rows} == {None}


# -- near-duplicates ------------------------------------------------------------------------------
def short_item(record: str) -> str:
    """A short North Press item: its dateline and lead, then two standing context paragraphs the
    outlet repeats under its Deir ez-Zor reports (from dev-13 and dev-29, npasyria.com)."""

    def paragraphs(key: str) -> list[str]:
        return [p for p in records()[key]["text"].split("\n") if p.strip()]

    standing = [paragraphs("dev-13")[5], paragraphs("dev-29")[5]]
    return "\n".join(paragraphs(record)[1:3] + standing)


def short_items(second_outlet: str, days_later: int) -> tuple[Article, Article]:
    one = replace(report("dev-13", url="https://npa.example/a", source_id="npa"), text=short_item("dev-13"))
    two = report("dev-29", url=f"https://{second_outlet}.example/b", source_id=second_outlet)
    assert one.published is not None
    two = replace(two, text=short_item("dev-29"), published=one.published + timedelta(days=days_later))
    return one, two


def copies_of(store: Store, url: str) -> set[str | None]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(incident_sources.c.copy_of).where(incident_sources.c.url == url)).all()
    return {row.copy_of for row in rows}


def test_an_outlets_short_items_sharing_its_standing_paragraphs_are_no_copies(store: Store) -> None:
    one, two = short_items("npa", days_later=1)
    first, second = neardup.signature(one.text), neardup.signature(two.text)
    assert first and second and neardup.similarity(first, second) >= neardup.THRESHOLD  # the trap is real
    save(store, one, incidents_of(one), keep_text=1)
    assert save(store, two, incidents_of(two), keep_text=1)[0] == 1
    assert copies_of(store, two.url or "") == {None} and len(store.incidents()) == 2


def test_a_copy_joins_only_an_incident_of_its_dates(store: Store) -> None:
    one, two = short_items("bissan", days_later=0)  # another outlet, same day: a copy by the text
    save(store, one, incidents_of(one), keep_text=1)
    [killing] = incidents_of(two)
    assert killing.date != incidents_of(one)[0].date  # a night four days before
    assert save(store, two, [killing], keep_text=1)[:2] == (1, 0)


def test_a_text_weeks_later_is_no_copy(store: Store) -> None:
    one, two = short_items("bissan", days_later=20)
    save(store, one, incidents_of(one), keep_text=1)
    save(store, two, incidents_of(two), keep_text=1)
    assert copies_of(store, two.url or "") == {None}


def test_a_copy_with_a_grown_toll_is_an_update_but_no_confirmation(store: Store) -> None:
    k24 = report("dev-33", url="https://k24.example/33", source_id="k24")
    assert save(store, k24, incidents_of(k24), keep_text=1) == (1, 0, 1)
    text = reclothed(records()["dev-33"]["text"].replace("خمسة", "ستة"), "002_3a5829bcddb5d438.txt")
    copy = replace(k24, url="https://copier.example/33", source_id="copier", text=text)
    [grown] = incidents_of(copy)
    assert grown.killed == 6
    assert save(store, copy, [grown], hours_later=3, keep_text=1, confirm_sources=2) == (0, 1, 1)
    assert outbox(store)[-1][1:] == ("update", ("killed",))  # no "sources:2": a copy confirms nothing
    assert copies_of(store, copy.url or "") == {k24.url}


# -- ties ---------------------------------------------------------------------------------------
def test_a_tie_goes_to_the_first_stored_whatever_order_rows_come_in(store: Store) -> None:
    a = report("dev-03", url="https://a.example/1", source_id="a")
    busayra, shuhail = incident_at(a, "البصيرة"), incident_at(a, "الشحيل")
    shuhail = replace(shuhail, date=busayra.date, background=False).with_stable_id()
    save(store, a, [busayra, shuhail])  # one article: the same first_seen
    first = min(busayra.id, shuhail.id)
    with store.engine.begin() as conn:  # a rewritten row moves to the end of PostgreSQL's heap
        conn.execute(
            update(incidents).where(incidents.c.id == first).values(updated_at=incidents.c.updated_at)
        )
    c = report("dev-03", url="https://c.example/1", source_id="c", hours=15)
    save(store, c, [incident_at(c, "ريف دير الزور الشرقي")])  # contains both, scores both alike
    joined = {i.id: len(i.sources) for i in store.incidents()}
    assert joined == {first: 2, max(busayra.id, shuhail.id): 1}


# -- two crawls at once (PostgreSQL: SQLite's write lock, taken by the article's INSERT, serialises) --
def race(url: str, first: Callable[[Store], object], second: Callable[[Store], object]) -> None:
    """``first`` files and stops right after its candidate query until ``second`` is seen either
    waiting for a lock or past its own candidate query: without serialisation both would decide
    on the same candidates."""
    stores, probe = (Store(url), Store(url)), create_engine(url)
    inside, second_decided = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        inside.set()
        deadline = time.monotonic() + 20
        while not second_decided.is_set() and time.monotonic() < deadline:
            with probe.connect() as conn:
                if conn.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
                    return  # second waits for first's transaction
            time.sleep(0.01)

    def run(store: Store, file: Callable[[Store], object]) -> None:
        try:
            file(store)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    stores[0].pause_after_candidates = hold
    stores[1].pause_after_candidates = second_decided.set
    threads = [threading.Thread(target=run, args=(stores[0], first))]
    threads[0].start()
    assert inside.wait(20)
    threads.append(threading.Thread(target=run, args=(stores[1], second)))
    threads[1].start()
    for thread in threads:
        thread.join(30)
    for opened in stores:
        opened.close()
    probe.dispose()
    assert errors == []


def outlet_report(name: str, hours: int = 12) -> tuple[Article, Callable[[Store], object]]:
    article = report("dev-03", url=f"https://{name}.example/1", source_id=name, hours=hours)
    return article, lambda store: save(store, article, [incident_at(article, "البصيرة")], hours_later=5)


def test_two_crawls_filing_one_new_event_at_once_make_one_incident(postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    race(url, outlet_report("a")[1], outlet_report("b", 13)[1])
    store = Store(url)
    [stored] = store.incidents()
    assert sorted(s.source_id or "" for s in stored.sources) == ["a", "b"]
    assert [kind for _, kind, _ in outbox(store)] == ["new"]
    store.close()


def test_two_crawls_joining_one_incident_at_once_lose_no_source(postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    store = Store(url)
    for name in "ab":
        outlet_report(name)[1](store)
    race(url, outlet_report("d", 14)[1], outlet_report("e", 14)[1])
    [stored] = store.incidents()
    assert sorted(s.source_id or "" for s in stored.sources) == ["a", "b", "d", "e"]
    with store.engine.connect() as conn:
        assert len(conn.execute(select(incident_sources.c.url)).all()) == 4
    assert [changes for _, kind, changes in outbox(store) if kind == "update"] == [("sources:3",)]
    store.close()
