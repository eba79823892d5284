"""Channel senders built from configuration; secrets come only from the environment.

A channel whose secret is missing is a :class:`ChannelConfigError` for that channel alone:
``build_senders`` returns the channels that can send and the problems of the others, and the
caller decides (the worker logs them and delivers to the rest; ``rasad alerts test`` exits 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from crawler.alerts.alert import Alert
from crawler.alerts.errors import ChannelConfigError
from crawler.alerts.rules import ChannelConfig, effective_channels
from crawler.config import ConsoleChannel, EmailChannel, Settings, TelegramChannel


class Sender(Protocol):
    channel_id: str

    def send(self, alert: Alert, reply_to: str | None = None) -> str:
        """Deliver ``alert``; return the server's message id. Raises a ``DeliveryError``."""
        ...


def build_senders(
    settings: Settings, environ: Mapping[str, str]
) -> tuple[dict[str, Sender], list[ChannelConfigError]]:
    senders: dict[str, Sender] = {}
    problems: list[ChannelConfigError] = []
    for channel in effective_channels(settings):
        try:
            senders[channel.id] = build_sender(channel, settings, environ)
        except ChannelConfigError as problem:
            problems.append(problem)
    return senders, problems


def build_sender(channel: ChannelConfig, settings: Settings, environ: Mapping[str, str]) -> Sender:
    names = {source.id: source.name for source in settings.sources if source.name}
    if isinstance(channel, TelegramChannel):
        import httpx

        from crawler.alerts.telegram import TelegramSender

        token = _secret(channel.id, channel.token_env, environ)
        client = httpx.Client(timeout=channel.timeout_seconds, follow_redirects=False)
        return TelegramSender(channel, client, token, source_names=names)
    if isinstance(channel, EmailChannel):
        from crawler.alerts.email import EmailSender

        password = _secret(channel.id, channel.password_env, environ) if channel.password_env else None
        if channel.username and password is None:
            raise ChannelConfigError(f"channel {channel.id!r}: username is set but password_env is not")
        return EmailSender(channel, password, source_names=names)
    if isinstance(channel, ConsoleChannel):
        from crawler.alerts.console import ConsoleSender

        return ConsoleSender(channel, source_names=names)
    raise ChannelConfigError(f"channel {channel.id!r}: unknown kind")  # pragma: no cover - config forbids it


def _secret(channel_id: str, variable: str, environ: Mapping[str, str]) -> str:
    value = environ.get(variable, "").strip()
    if not value:
        raise ChannelConfigError(f"channel {channel_id!r}: environment variable {variable} is not set")
    return value
