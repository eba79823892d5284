"""Alert channels and rules in the configuration (DESIGN.md 3.3): Telegram, email, console."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from crawler.config_base import IDENTIFIER, Strict, is_loopback


class _ChannelBase(Strict):
    id: Annotated[str, Field(pattern=IDENTIFIER)]
    include_persons: bool = False
    # Digests and quiet hours (crawler.alerts.digest, crawler.alerts.quiet): held alerts go out together.
    digest: Literal["off", "hourly", "daily"] = "off"
    digest_at: str = "08:00"  # local time of the daily digest
    quiet_hours: str = ""  # e.g. "23:00-07:00": non-urgent alerts wait for the window's end
    timezone: str = "Asia/Damascus"
    urgent_min_killed: Annotated[int, Field(ge=0)] = 5  # never held: this many killed (0: off)...
    urgent_types: tuple[str, ...] = ()  # ...or one of these incident types

    @field_validator("quiet_hours", "digest_at")
    @classmethod
    def _clock_times(cls, value: str, info: Any) -> str:
        from crawler.alerts.quiet import parse_clock, parse_window

        if info.field_name == "digest_at":
            parse_clock(value)
        else:
            parse_window(value)
        return value.replace(" ", "")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value


class TelegramChannel(_ChannelBase):
    kind: Literal["telegram"]
    chat_id: str
    token_env: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
    api_url: str = "https://api.telegram.org"
    per_chat_interval_seconds: Annotated[float, Field(ge=0)] = 1.0
    per_minute: Annotated[int, Field(ge=0)] = 20
    timeout_seconds: Annotated[float, Field(gt=0)] = 20.0

    @field_validator("chat_id", mode="before")
    @classmethod
    def _chat_id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {url!r}")
        if url.startswith("http://") and not is_loopback(urlsplit(url).hostname or ""):
            raise ValueError("plain http would send the bot token in the clear; use https (http only for loopback)")
        return url.rstrip("/")


class EmailChannel(_ChannelBase):
    kind: Literal["email"]
    smtp_host: str
    smtp_port: Annotated[int, Field(ge=1, le=65_535)] = 587
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password_env: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")] | None = None
    sender: str
    recipients: tuple[str, ...]
    timeout_seconds: Annotated[float, Field(gt=0)] = 30.0

    @model_validator(mode="after")
    def _no_cleartext_password(self) -> EmailChannel:
        if self.security == "none" and self.username and not is_loopback(self.smtp_host):
            raise ValueError('security = "none" would send the password in the clear; use "starttls" or "tls"')
        return self

    @field_validator("recipients")
    @classmethod
    def _some_recipients(cls, recipients: tuple[str, ...]) -> tuple[str, ...]:
        if not recipients or any("@" not in r for r in recipients):
            raise ValueError("needs one or more email addresses")
        return recipients


class ConsoleChannel(_ChannelBase):
    kind: Literal["console"]


Channel = Annotated[TelegramChannel | EmailChannel | ConsoleChannel, Field(discriminator="kind")]


class Rule(Strict):
    channels: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_killed: Annotated[int, Field(ge=0)] = 0
    include_background: bool = False
