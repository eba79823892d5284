"""Configuration: shipped defaults, merging, and strict validation with one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cli import main
from crawler.config import ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rasad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_defaults_load() -> None:
    settings = load_settings()
    ids = [s.id for s in settings.sources]
    assert "enab-baladi" in ids and "sy24" in ids
    assert settings.source("enab-baladi").feeds == ("https://www.enabbaladi.net/feed/",)
    assert settings.redis_url == "" and settings.channels == ()
    assert settings.alert_max_age_hours == 72


def test_user_file_overrides_scalars_and_replaces_lists(tmp_path: Path) -> None:
    path = write(tmp_path, 'alert_max_age_hours = 5\n[[sources]]\nid = "x"\nfeeds = ["https://x.org/feed/"]\n')
    settings = load_settings(path, tmp_path / "data")
    assert settings.alert_max_age_hours == 5
    assert [s.id for s in settings.sources] == ["x"]
    assert settings.source("x").interval_seconds == 120  # defaults fill the rest
    assert settings.data_dir == tmp_path / "data"
    assert settings.user_agent.startswith("Rasad/")  # untouched shipped key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alert_max_age_hour = 5\n", "alert_max_age_hour: unknown key"),
        ('[[sources]]\nid = "x"\nfeeds = ["https://x.org/feed/"]\nintervall_seconds = 5\n', "sources[0].intervall_seconds: unknown key"),
        ('[[sources]]\nid = "x"\nfeeds = ["ftp://x.org/feed"]\n', "sources[0].feeds"),
        ('[[sources]]\nid = "x"\n', "sources[0].feeds: required key is missing"),
        ('[[channels]]\nid = "ops"\nkind = "telegram"\nchat_id = "1"\n', "channels[0].token_env: required key is missing"),
        ('[[channels]]\nid = "ops"\nkind = "pigeon"\n', "channels[0]"),
        ('[[rules]]\nchannels = ["nope"]\n', "no channel with id 'nope'"),
        ("alert_max_age_hours = -1\n", "alert_max_age_hours"),
        ("alert_max_age_hours = [\n", "not valid TOML"),
        ('[[channels]]\nid = "ops"\nkind = "telegram"\nchat_id = "1"\ntoken_env = "T"\napi_url = "http://bot.example.org"\n',
         "channels[0].api_url: plain http would send the bot token in the clear"),
        ('[[channels]]\nid = "d"\nkind = "email"\nsmtp_host = "mail.example.org"\nsecurity = "none"\nusername = "u"\n'
         'sender = "a@example.org"\nrecipients = ["b@example.org"]\n', "would send the password in the clear"),
    ],
)
def test_bad_config_is_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert expected in message
    assert "\n" not in message


def test_cli_exits_2_naming_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "redis_ulr = 'redis://localhost'\n")
    assert main(["--config", str(path), "sources"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"rasad: {path}: redis_ulr: unknown key"


def test_env_names_config_and_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '[[sources]]\nid = "only-one"\nfeeds = ["https://x.org/feed/"]\n')
    monkeypatch.setenv("RASAD_CONFIG", str(path))
    monkeypatch.setenv("RASAD_DATA_DIR", str(tmp_path / "d"))
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert "only-one" in out and "enab-baladi" not in out
    assert (tmp_path / "d" / "rasad.sqlite3").exists()


def test_missing_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "sources"]) == 2
    assert "nope.toml: file not found" in capsys.readouterr().err
