"""The filter options ``rasad incidents`` and ``rasad map`` share (parsed in crawler.history).

Kept apart from crawler.history so building the command line imports nothing heavy."""

from __future__ import annotations

import argparse

BACKGROUND = ("include", "exclude", "only")


def add_filter_arguments(parser: argparse.ArgumentParser, since_default: str) -> None:
    parser.add_argument("--since", default=since_default,
                        help="first seen by Rasad since: 24h, 7d, 30d, all, or an ISO date/time (Syria's time)")  # fmt: skip
    parser.add_argument(
        "--until", default=None, help="first seen before this (same forms; a date means its end)"
    )
    parser.add_argument(
        "--date-from", help="the incident's own date on or after (YYYY-MM-DD); undated ones drop out"
    )
    parser.add_argument("--date-to", help="the incident's own date on or before (YYYY-MM-DD)")
    parser.add_argument("--governorate", action="append", default=[], metavar="NAME",
                        help="admin1, Arabic or English (دير الزور, Deir ez-Zor); repeatable")  # fmt: skip
    parser.add_argument("--type", dest="types", action="append", default=[], metavar="ID",
                        help="incident type id (raid, arrest, ...); repeatable")  # fmt: skip
    parser.add_argument("--actor", dest="actors", action="append", default=[], metavar="ID",
                        help="actor id, as actor or target (sdf, isis, ...); repeatable")  # fmt: skip
    parser.add_argument("--background", choices=BACKGROUND, default="include",
                        help="incidents reported as earlier news: include (default), exclude, only")  # fmt: skip
