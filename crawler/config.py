"""Configuration: the shipped TOML defaults, a user's file over them, validated strictly.

A user's file replaces the shipped ``[[sources]]``, ``[[channels]]`` and ``[[rules]]`` lists
when it has them and overrides the other keys one by one (DESIGN.md 3.3).  Any problem is a
:class:`ConfigError` whose message names the file and the key, so the command line can print
one line and exit with code 2.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from crawler.config_base import IDENTIFIER, Strict
from crawler.config_channels import (  # noqa: F401 - re-exported: the rest of Rasad imports them from here
    Channel,
    ConsoleChannel,
    EmailChannel,
    Rule,
    TelegramChannel,
)

if TYPE_CHECKING:
    from extractors.text import PageRules

LIST_KEYS = ("sources", "channels", "rules")


class ConfigError(Exception):
    """A configuration problem, worded for a one-line message (file, key, problem)."""


class SourceConfig(Strict):
    id: Annotated[str, Field(pattern=IDENTIFIER)]
    name: str = ""
    feeds: tuple[str, ...]  # required (DESIGN 3.3), may be [] when sitemaps or listing_pages are given
    sitemaps: tuple[str, ...] = ()
    listing_pages: tuple[str, ...] = ()
    # CSS selector of the article links on a listing page, newest first (WordPress themes: h2/h3 titles).
    listing_selector: str = "article h2 a, article h3 a, h2.entry-title a, h3.entry-title a"
    # CDN or mirror hosts this outlet's pages may live on or redirect to (beyond its feeds' hosts).
    extra_hosts: tuple[str, ...] = ()
    # WordPress feed paging (?paged=2...) while every item of a page is new; 1 turns it off.
    max_feed_pages: Annotated[int, Field(ge=1, le=20)] = 3
    interval_seconds: Annotated[int, Field(ge=10, le=86_400)] = 120
    jitter_seconds: Annotated[int, Field(ge=0, le=3_600)] = 2  # spreads polls; small, for latency
    allow_private: bool = False
    enabled: bool = True
    # Per-outlet page rules (CSS), for outlets whose pages the generic extraction gets wrong.
    keep_selector: str | None = None
    drop_selectors: tuple[str, ...] = ()
    # Poll only inside this daily window, Syria's time ("06:00-23:30"; over midnight allowed); "": always.
    active_hours: str = ""

    def page_rules(self) -> PageRules:
        """This outlet's CSS rules as the text extractor takes them."""
        from extractors.text import PageRules

        return PageRules(drop_selectors=self.drop_selectors, keep_selector=self.keep_selector)

    @field_validator("active_hours")
    @classmethod
    def _window(cls, value: str) -> str:
        from crawler.alerts.quiet import parse_window

        parse_window(value)
        return value.replace(" ", "")

    @field_validator("feeds", "sitemaps", "listing_pages")
    @classmethod
    def _http_urls(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        for url in urls:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"not an http(s) URL: {url!r}")
        return urls

    @field_validator("extra_hosts")
    @classmethod
    def _bare_hosts(cls, hosts: tuple[str, ...]) -> tuple[str, ...]:
        for host in hosts:
            if not host or "/" in host or ":" in host or " " in host:
                raise ValueError(f"not a bare host name: {host!r}")
        return tuple(h.lower() for h in hosts)

    @model_validator(mode="after")
    def _something_to_poll(self) -> SourceConfig:
        if not (self.feeds or self.sitemaps or self.listing_pages):
            raise ValueError("needs at least one of feeds, sitemaps, listing_pages")
        return self


class Settings(Strict):
    data_dir: Path = Path("~/.local/share/rasad")
    alert_max_age_hours: Annotated[int, Field(ge=1)] = 72
    confirm_sources: Annotated[int, Field(ge=0)] = 3  # independent outlets for an update alert; 0: off
    redis_url: str = ""
    database_url: str = ""
    stream: str = "rasad:alerts"
    claim_idle_seconds: Annotated[int, Field(ge=1)] = 60
    user_agent: str = "Rasad/0.1 (news monitoring; +{contact_url})"
    contact_url: str = "https://github.com/rasad-monitor/rasad"  # where a site's admin learns who polls them
    crawl_timeout_seconds: Annotated[int, Field(ge=10)] = 600
    download_timeout_seconds: Annotated[int, Field(ge=1)] = 30
    download_delay_seconds: Annotated[float, Field(ge=0, le=600)] = 1.0
    max_response_bytes: Annotated[int, Field(ge=10_000)] = 10 * 1024 * 1024
    max_articles_per_crawl: Annotated[int, Field(ge=1)] = 200
    max_concurrent_crawls: Annotated[int, Field(ge=1, le=16)] = 2  # crawl subprocesses at once (memory)
    concurrent_requests_per_site: Annotated[int, Field(ge=1, le=2)] = 2
    max_retry_after_seconds: Annotated[int, Field(ge=0, le=3_600)] = 120  # longer waits fail the source instead
    stale_source_hours: Annotated[int, Field(ge=0)] = 48  # polls fine but nothing new this long: one note (0: off)
    health_alert_after_failures: Annotated[int, Field(ge=1)] = 3  # consecutive failed polls before a health alert
    archive_pages: bool = True  # keep each fetched article page, compressed, for `rasad reprocess`
    metrics_port: Annotated[int, Field(ge=0, le=65_535)] = 0  # 0: no metrics endpoint
    metrics_address: str = "127.0.0.1"
    sources: tuple[SourceConfig, ...] = ()
    channels: tuple[Channel, ...] = ()
    rules: tuple[Rule, ...] = ()

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, path: Path) -> Path:
        return path.expanduser()

    @field_validator("database_url")
    @classmethod
    def _database(cls, url: str, info: ValidationInfo) -> str:
        from crawler.db_url import check_database_url

        return check_database_url(url, info.data.get("data_dir"))  # data_dir is validated before

    @field_validator("contact_url")
    @classmethod
    def _contact(cls, url: str) -> str:
        if not url.startswith(("http://", "https://", "mailto:")):
            raise ValueError(f"not an http(s) or mailto URL: {url!r}")
        return url

    @field_validator("user_agent")
    @classmethod
    def _names_rasad(cls, agent: str) -> str:
        if "rasad" not in agent.lower():
            raise ValueError("must name Rasad, so sites can tell who polls them")
        return agent

    @property
    def effective_user_agent(self) -> str:
        return self.user_agent.replace("{contact_url}", self.contact_url)

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @model_validator(mode="after")
    def _references(self) -> Settings:
        _unique("sources", [s.id for s in self.sources])
        _unique("channels", [c.id for c in self.channels])
        known = {c.id for c in self.channels}
        for index, rule in enumerate(self.rules):
            for channel_id in rule.channels:
                if channel_id not in known:
                    raise ValueError(f"rules[{index}].channels: no channel with id {channel_id!r}")
        return self

    def source(self, source_id: str) -> SourceConfig:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def channel(self, channel_id: str) -> TelegramChannel | EmailChannel | ConsoleChannel:
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        raise KeyError(channel_id)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "rasad.sqlite3"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.database_path}"


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what}: id {item!r} appears twice")
        seen.add(item)


def shipped_files() -> list[Path]:
    """The shipped defaults, in the order they are merged."""
    base = resources.files("crawler") / "defaults"
    return [Path(str(base / "rasad.toml")), Path(str(base / "sources.toml"))]


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def load_settings(config_file: Path | None = None, data_dir: Path | None = None) -> Settings:
    """Shipped defaults, then ``config_file`` over them, then ``data_dir`` over both."""
    merged: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    for path in [*shipped_files(), *([config_file] if config_file else [])]:
        for key, value in read_toml(path).items():
            merged[key] = value  # lists replace whole, scalars override one by one
            origin[key] = path
    if data_dir is not None:
        merged["data_dir"] = str(data_dir)
        origin["data_dir"] = Path("--data-dir")
    try:
        return Settings.model_validate(merged)
    except ValidationError as error:
        raise ConfigError(_describe(error, origin, config_file)) from None


def _describe(error: ValidationError, origin: dict[str, Path], config_file: Path | None) -> str:
    first = error.errors()[0]
    location = [part for part in first["loc"] if part not in ("telegram", "email", "console")]
    key = _dotted(location)
    top = str(location[0]) if location else ""
    where = origin.get(top, config_file) or "configuration"
    if first["type"] == "union_tag_invalid":
        key += ".kind"
        problem = f"must be one of telegram, email, console (got {first['input'].get('kind')!r})"
        return f"{where}: {key}: {problem}"
    problem = {
        "extra_forbidden": "unknown key",
        "missing": "required key is missing",
    }.get(first["type"], first["msg"])
    problem = problem.removeprefix("Value error, ")
    return f"{where}: {key or '(top level)'}: {problem}"


def _dotted(location: list[Any]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
