"""``rasad ...``: the command line (DESIGN.md 3.1). The only place that reads the environment and
configures logging.  Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error."""

from __future__ import annotations

import signal
import sys

# A stop signal while the modules below load (the daemon stops a crawl that is still starting) is a
# quiet exit, not a KeyboardInterrupt traceback; main() puts Python's own handler back once loaded.
signal.signal(signal.SIGINT, lambda _signum, _frame: sys.exit(130))

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

from crawler.config import ConfigError, Settings, load_settings  # noqa: E402
from crawler.history_options import add_filter_arguments  # noqa: E402
from crawler.logs import configure_logging  # noqa: E402

log = logging.getLogger("rasad")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="config file merged over the shipped defaults (env RASAD_CONFIG)")  # fmt: skip
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="database, embedded Redis and page archive (env RASAD_DATA_DIR)")  # fmt: skip
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    common.add_argument("--log-format", choices=["text", "json"], default=argparse.SUPPRESS,
                        help="log lines as plain text (default) or JSON (env RASAD_LOG_FORMAT)")  # fmt: skip

    parser = argparse.ArgumentParser(prog="rasad", parents=[common],
                                     description="Arabic news monitoring for security incidents in Syria.")  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("run", parents=[common], help="the daemon: scheduled crawls, alert worker, health")
    crawl = commands.add_parser("crawl", parents=[common], help="crawl now, in the foreground")
    crawl.add_argument("source_ids", nargs="*", metavar="SOURCE_ID")
    crawl.add_argument("--quiet", action="store_true", help="print nothing but errors")

    worker = commands.add_parser("worker", parents=[common], help="deliver queued alerts")
    worker.add_argument("--burst", action="store_true", help="exit when the stream is drained")

    extract = commands.add_parser("extract", parents=[common], help="offline: a page or text -> incidents JSON")
    extract.add_argument("path", type=Path, metavar="PATH", help="an .html page or a .txt article")
    extract.add_argument("--url", help="the page's URL (for dates in it and the incident sources)")
    extract.add_argument("--published", help="publication date YYYY-MM-DD (overrides what the page says)")
    extract.add_argument("--source", dest="source_id", help="the source id to record")
    extract.add_argument("--format", choices=["json"], default="json")

    incidents = commands.add_parser("incidents", parents=[common], help="stored incidents")
    add_filter_arguments(incidents, since_default="all")
    incidents.add_argument("--format", choices=["table", "json", "csv", "geojson"], default="table")

    incident_map = commands.add_parser("map", parents=[common], help="stored incidents on a map: one offline HTML file")
    add_filter_arguments(incident_map, since_default="7d")
    incident_map.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html")

    status = commands.add_parser("status", parents=[common], help="sources, queue, dead letters, last alert")
    status.add_argument("--format", choices=["text", "json"], default="text")

    sources = commands.add_parser("sources", parents=[common], help="configured sources and their health")
    sources.add_argument("--check", action="store_true", help="fetch each feed now and report")

    reprocess = commands.add_parser("reprocess", parents=[common],
                                    help="re-run extraction on archived pages (after the extractors improved)")  # fmt: skip
    reprocess.add_argument("source_ids", nargs="*", metavar="SOURCE_ID")
    reprocess.add_argument("--since", default="all", help="pages fetched in the last 24h, 7d, 30m, or all")

    alerts = commands.add_parser("alerts", parents=[common], help="alert channels")
    alert_commands = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    test = alert_commands.add_parser("test", parents=[common], help="send a test message through one channel")
    test.add_argument("channel_id", metavar="CHANNEL_ID")
    dead = alert_commands.add_parser("dead", parents=[common], help="alerts that failed for good, with the reason")
    dead.add_argument("--requeue", metavar="ID|all", help="put one dead letter (by its id) or all back on the stream")

    demo = commands.add_parser("demo", parents=[common], help="replica outlets on localhost, the whole flow")
    demo.add_argument("--timeout", type=float, default=120.0, help="give up after this many seconds")
    demo.add_argument("--keep-running", action="store_true", help="keep the daemon running after the alerts")
    return parser


def settings_from(args: argparse.Namespace, environ: dict[str, str]) -> Settings:
    config = getattr(args, "config", None) or (Path(environ["RASAD_CONFIG"]) if environ.get("RASAD_CONFIG") else None)
    data_dir = getattr(args, "data_dir", None) or (Path(environ["RASAD_DATA_DIR"]) if environ.get("RASAD_DATA_DIR") else None)
    return load_settings(config, data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    verbose = bool(getattr(args, "verbose", False))
    environ = dict(os.environ)
    log_format = getattr(args, "log_format", None) or environ.get("RASAD_LOG_FORMAT", "text")
    if log_format not in ("text", "json"):
        print(f"rasad: RASAD_LOG_FORMAT={log_format!r}: expected text or json", file=sys.stderr)
        return 2
    args.log_format = log_format
    configure_logging(verbose, log_format)
    try:
        from crawler import commands  # inside the try: a stop signal while importing is a quiet exit
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    from crawler.commands import UsageError

    settings: Settings | None = None  # kept for the last-resort message (its database password)
    try:
        if args.command == "extract":  # offline; the configuration matters only with --source
            if not getattr(args, "config", None) and environ.get("RASAD_CONFIG"):
                args.config = Path(environ["RASAD_CONFIG"])
            return commands.extract(args)
        settings = settings_from(args, environ)
        handler = {
            "run": commands.run,
            "crawl": commands.crawl,
            "worker": commands.worker,
            "incidents": commands.incidents,
            "map": commands.incident_map,
            "sources": commands.sources,
            "reprocess": commands.reprocess,
            "status": commands.status,
            "alerts": commands.alerts,
            "demo": commands.demo,
        }[args.command]
        return handler(args, settings, environ)
    except (ConfigError, UsageError) as error:
        print(f"rasad: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence prints one clear line
        log.debug("failure", exc_info=True)
        from crawler.db_url import redacted_line  # the first line only, a database password masked

        print(f"rasad: {redacted_line(error, settings.database_url if settings else '')}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
