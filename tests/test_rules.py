"""Routing rules (DESIGN.md 3.3): every filter, the defaults, and the implicit console channel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.alerts.rules import channels_for, governorate_key
from tests.fakes.fixtures import make_alert, tmp_settings

CHANNELS = [
    {"id": "ops", "kind": "telegram", "chat_id": "-100123", "token_env": "RASAD_TELEGRAM_TOKEN"},
    {
        "id": "desk",
        "kind": "email",
        "smtp_host": "127.0.0.1",
        "sender": "a@example.org",
        "recipients": ["d@example.org"],
    },
    {"id": "screen", "kind": "console"},
]


def routed(tmp_path: Path, rules: list[dict[str, Any]], **incident: Any) -> list[str]:
    settings = tmp_settings(tmp_path, channels=CHANNELS, rules=rules)
    return [channel.id for channel in channels_for(make_alert(**incident), settings)]


def test_no_channels_means_an_implicit_console_for_all_but_background(tmp_path: Path) -> None:
    settings = tmp_settings(tmp_path)
    alert = make_alert(killed=None, types=("weapons_seizure",))
    assert [(c.id, c.kind) for c in channels_for(alert, settings)] == [("console", "console")]
    assert channels_for(make_alert(background=True), settings) == []  # earlier news is not an alert


def test_channels_without_rules_get_everything_but_background(tmp_path: Path) -> None:
    assert routed(tmp_path, []) == ["ops", "desk", "screen"]
    assert routed(tmp_path, [], background=True) == []


def test_a_rule_without_channels_names_every_channel(tmp_path: Path) -> None:
    assert routed(tmp_path, [{"types": ["airdrop"]}]) == ["ops", "desk", "screen"]


def test_types_filter(tmp_path: Path) -> None:
    rules = [
        {"channels": ["ops"], "types": ["airdrop", "raid"]},
        {"channels": ["desk"], "types": ["shelling"]},
    ]
    assert routed(tmp_path, rules) == ["ops"]
    assert routed(tmp_path, rules, types=("shelling", "killing")) == ["desk"]
    assert routed(tmp_path, rules, types=("abduction",)) == []


def test_governorates_filter_matches_spelling_variants(tmp_path: Path) -> None:
    rules = [{"channels": ["ops"], "governorates": ["محافظة ديرالزور", "الحسكة"]}]
    assert routed(tmp_path, rules) == ["ops"]
    assert routed(tmp_path, rules, admin1="حلب") == []
    assert routed(tmp_path, rules, admin1=None) == []
    assert governorate_key("دير الزّور") == governorate_key("دير الزور") == governorate_key("ديرالزور")
    assert governorate_key("حماة") == governorate_key("حماه")


def test_actors_filter_looks_at_actors_and_targets(tmp_path: Path) -> None:
    rules = [{"channels": ["desk"], "actors": ["isis"]}]
    assert routed(tmp_path, rules) == []  # coalition and SDF against civilians
    assert routed(tmp_path, rules, targets=("isis",)) == ["desk"]
    assert routed(tmp_path, rules, actors=("isis",), targets=()) == ["desk"]


def test_min_killed_and_unknown_counts(tmp_path: Path) -> None:
    rules: list[dict[str, Any]] = [{"channels": ["ops"], "min_killed": 3}]
    assert routed(tmp_path, rules) == ["ops"]  # killed 3
    assert routed(tmp_path, rules, killed=2) == []
    assert routed(tmp_path, rules, killed=None) == []  # "قتلى" without a number is not 3 or more
    assert routed(tmp_path, rules, killed=2, killed_max=4) == ["ops"]  # a toll that grew past the bar


def test_background_only_where_a_rule_includes_it(tmp_path: Path) -> None:
    rules: list[dict[str, Any]] = [
        {"channels": ["ops"]},
        {"channels": ["screen"], "include_background": True},
    ]
    assert routed(tmp_path, rules) == ["ops", "screen"]
    assert routed(tmp_path, rules, background=True) == ["screen"]


def test_every_filter_of_a_rule_must_pass_and_rules_add_up(tmp_path: Path) -> None:
    rules: list[dict[str, Any]] = [
        {"channels": ["ops"], "types": ["airdrop"], "governorates": ["حلب"]},
        {"channels": ["desk", "ops"], "actors": ["coalition"], "min_killed": 1},
    ]
    assert routed(tmp_path, rules) == ["ops", "desk"]  # first fails on governorate, second passes
    assert routed(tmp_path, rules, actors=("sdf",)) == []
