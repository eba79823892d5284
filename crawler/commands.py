"""What each ``rasad`` command does; cli.py parses and dispatches here."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path

from crawler.config import Settings, SourceConfig
from crawler.items import CrawledPage
from crawler.timeutil import SYRIA
from extractors.models import Incident

log = logging.getLogger(__name__)


class UsageError(Exception):
    """Bad arguments the parser could not catch (an unknown source id, a missing file); exit 2."""


def _usage(message: str) -> Exception:
    return UsageError(message)


def extract(args: argparse.Namespace) -> int:
    from extractors.incidents import extract_incidents
    from extractors.models import NotAnArticle
    from extractors.text import article_from_text, extract_article

    path: Path = args.path
    if not path.is_file():
        raise _usage(f"{path}: no such file")
    published = None
    if args.published:
        try:
            published = datetime.strptime(args.published, "%Y-%m-%d").replace(hour=12, tzinfo=SYRIA)
        except ValueError:
            raise _usage(f"--published {args.published!r}: expected YYYY-MM-DD") from None
    rules = None
    if args.source_id:  # the configured outlet's page rules, as a crawl of that outlet would apply them
        from crawler.config import load_settings

        settings = load_settings(getattr(args, "config", None))
        try:
            source = settings.source(args.source_id)
        except KeyError:
            known = ", ".join(s.id for s in settings.sources)
            raise _usage(f"--source {args.source_id!r}: no such source (configured: {known})") from None
        rules = source.page_rules()
    data = path.read_bytes()
    try:
        if path.suffix.lower() in (".html", ".htm", ".xhtml"):
            article = extract_article(data, url=args.url, source_id=args.source_id, rules=rules)
        else:
            article = article_from_text(data.decode("utf-8", errors="replace"), url=args.url,
                                        published=published, source_id=args.source_id)  # fmt: skip
    except NotAnArticle as reason:
        print(f"rasad: {path}: not an article: {reason}", file=sys.stderr)
        return 1
    if published is not None and article.published != published:
        # The caller's date wins; no page evidence gave it, so published_from says nothing.
        from dataclasses import replace

        article = replace(article, published=published, published_from=None)
    found = extract_incidents(article)
    output = {"article": article.to_json(), "incidents": [i.to_json() for i in found]}
    print(json.dumps(output, ensure_ascii=False, indent=2))
    return 0


def select_sources(settings: Settings, ids: list[str]) -> list[SourceConfig]:
    if not ids:
        return [s for s in settings.sources if s.enabled]
    known = {s.id for s in settings.sources}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise _usage(f"unknown source id(s): {', '.join(unknown)} (configured: {', '.join(sorted(known))})")
    return [settings.source(i) for i in ids]


def crawl(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.crawl import run_crawl

    sources = select_sources(settings, args.source_ids)
    if not sources:
        raise _usage("no sources configured")

    def progress(page: CrawledPage) -> None:
        if not args.quiet:
            title = page.article.title[:70] if page.article else ""
            print(f"new  [{page.source_id}] {title}  ({page.new_incidents} incident(s), {page.alerts} alert(s))"
                  f"\n     {page.url}", flush=True)  # fmt: skip

    if not args.quiet:
        print(f"crawling {len(sources)} source(s): {', '.join(s.id for s in sources)}", flush=True)
    report = run_crawl(settings, sources, verbose=bool(getattr(args, "verbose", False)), on_page=progress)
    for source_id, entry in report.sources.items():
        if entry.error and not args.quiet:  # quiet (the daemon's crawls): the log line says it already
            print(f"FAILED [{source_id}] {entry.error}", file=sys.stderr)
        elif entry.waiting_until is not None and not args.quiet:
            print(f"waiting [{source_id}] the site asked us to wait until {entry.waiting_until:%Y-%m-%d %H:%M:%S}"
                  f" UTC (Retry-After); {entry.articles} new article(s) before that")  # fmt: skip
        elif not args.quiet:
            print(f"done [{source_id}] {entry.articles} new article(s), {entry.skipped} skipped, "
                  f"{entry.incidents} new incident(s), {entry.alerts} alert(s) queued")  # fmt: skip
    return 1 if report.failed and len(report.failed) == len(report.sources) else 0


def worker(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.service import WorkerBusy, build_worker

    try:
        service = build_worker(settings, environ)
    except WorkerBusy as busy:
        print(f"rasad: {busy}", file=sys.stderr)
        return 1
    stop = threading.Event()
    if not args.burst:  # SIGTERM/SIGINT finish the alert in hand, then stop; nothing unsent is acked
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    try:
        stats = service.run(burst=args.burst, stop=stop)
    finally:
        service.close()
    print(f"worker: {stats}", file=sys.stderr)
    return 0


def incidents(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.export import located, render

    found = _filtered_incidents(args, settings)
    sys.stdout.write(render(found, args.format, _source_names(settings)))
    if args.format == "geojson" and len(located(found)) < len(found):
        print(f"{len(found) - len(located(found))} of {len(found)} incident(s) have no coordinates "
              "and are left out", file=sys.stderr)  # fmt: skip
    return 0


def incident_map(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.map_render import render_map

    found = _filtered_incidents(args, settings)
    page, shown = render_map(found, _source_names(settings))
    try:
        args.output.write_text(page, encoding="utf-8")
    except OSError as error:
        raise _usage(f"-o {args.output}: {error.strerror}") from None
    print(f"{len(found)} incident(s), {len(found) - shown} without coordinates, written to {args.output} "
          f"({len(page.encode()) // 1024} KB)", file=sys.stderr)  # fmt: skip
    return 0


def _filtered_incidents(args: argparse.Namespace, settings: Settings) -> list[Incident]:
    from crawler.history import filter_from_args, select_incidents
    from crawler.store import Store

    try:
        wanted = filter_from_args(args)
    except ValueError as error:
        raise _usage(str(error)) from None
    store = Store(settings.effective_database_url)
    try:
        return select_incidents(store.engine, wanted)
    finally:
        store.close()


def _source_names(settings: Settings) -> dict[str, str]:
    return {source.id: source.name for source in settings.sources if source.name}


def status(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler import status as report
    from crawler.redis_conn import connect, release
    from crawler.store import Store
    from crawler.stream import AlertStream

    depth, problem = None, None
    try:
        client = connect(settings)
        try:
            depth = AlertStream(client, name=settings.stream).depth()
        finally:
            release(client)
    except Exception as error:  # noqa: BLE001 - status still shows what the store knows
        problem = f"Redis: {type(error).__name__}: {error}"
    store = Store(settings.effective_database_url)
    try:
        collected = report.collect(settings, store, depth, problem)
    finally:
        store.close()
    print(report.render_json(collected) if args.format == "json" else report.render_text(collected))
    return 0


def sources(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.health import check_feeds, describe_sources

    print(describe_sources(settings))
    if args.check:
        problems = check_feeds(settings)
        return 1 if problems else 0
    return 0


def reprocess(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.export import parse_since
    from crawler.reprocess import reprocess as run_reprocess

    try:
        since = parse_since(args.since)
    except ValueError as error:
        raise _usage(str(error)) from None
    if args.source_ids:
        select_sources(settings, args.source_ids)  # unknown ids are a usage error
    report = run_reprocess(settings, since, set(args.source_ids) or None)
    print(f"reprocessed {report.pages} archived page(s): {report.articles} article(s), {report.skipped} not "
          f"articles, {report.failed} failed; {report.new_incidents} new incident(s), {report.alerts} alert(s) queued")  # fmt: skip
    return 1 if report.failed else 0


def alerts(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    if args.alerts_command == "dead":
        return dead_letters(args, settings)
    from crawler.alerts.rules import effective_channels
    from crawler.alerts.worker import send_test

    channels = effective_channels(settings)  # with none configured: the implicit console channel
    if args.channel_id not in {c.id for c in channels}:
        known = ", ".join(c.id for c in channels)
        raise _usage(f"unknown channel id {args.channel_id!r} (channels: {known})") from None
    print(send_test(settings, args.channel_id, environ))
    return 0


def dead_letters(args: argparse.Namespace, settings: Settings) -> int:
    """List dead letters; with ``--requeue ID|all`` put them back on the stream."""
    from crawler.alerts.deadletters import describe, requeue
    from crawler.redis_conn import connect, release
    from crawler.store import Store
    from crawler.stream import AlertStream

    client = connect(settings)
    store = Store(settings.effective_database_url)
    try:
        stream = AlertStream(client, name=settings.stream)
        if not args.requeue:
            print(describe(stream.dead_letters(count=100_000)))
            return 0
        stream.ensure_group()
        try:
            lines = requeue(stream, store, args.requeue)
        except KeyError:
            raise _usage(f"no dead letter {args.requeue!r} (see `rasad alerts dead`)") from None
        print("\n".join(lines) or "no dead letters")
        return 0
    finally:
        store.close()
        release(client)


def run(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.daemon import Daemon

    return Daemon(settings, environ, config_args=_child_args(args, settings)).run_forever()


def demo(args: argparse.Namespace, settings: Settings, environ: dict[str, str]) -> int:
    from crawler.demo import run_demo

    return run_demo(settings, environ, timeout=args.timeout, keep_running=args.keep_running)


def _child_args(args: argparse.Namespace, settings: Settings) -> list[str]:
    """Global options for crawl subprocesses, so they see exactly this configuration."""
    child = ["--data-dir", str(settings.data_dir), "--log-format", getattr(args, "log_format", "text")]
    config = getattr(args, "config", None)
    if config:
        child += ["--config", str(Path(config).resolve())]
    return child
