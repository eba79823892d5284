"""Console: the plain-text rendering on stdout, for the demo and for setups with no channels."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from crawler.alerts.alert import Alert
from crawler.alerts.digest import plain_digest
from crawler.alerts.render import RenderOptions, plain_text
from crawler.config import ConsoleChannel


class ConsoleSender:
    def __init__(
        self,
        channel: ConsoleChannel,
        *,
        source_names: Mapping[str, str] | None = None,
        out: TextIO | None = None,
    ) -> None:
        self.channel = channel
        self.channel_id = channel.id
        self._options = RenderOptions(channel.include_persons, dict(source_names or {}))
        self._out = out  # None: whatever sys.stdout is at send time (pytest's capsys swaps it)

    def send(self, alert: Alert, reply_to: str | None = None) -> str:
        out = self._out or sys.stdout
        out.write(f"{'─' * 40}\n{plain_text(alert, self._options)}\n")
        out.flush()
        return f"console:{alert.alert_id}"

    def send_digest(self, alerts: Sequence[Alert]) -> str:
        out = self._out or sys.stdout
        out.write(f"{'═' * 40}\n{plain_digest(alerts, self._options)}\n")
        out.flush()
        return f"console:digest:{alerts[0].alert_id}"

    def send_notice(self, text: str) -> str:
        out = self._out or sys.stdout
        out.write(f"{'─' * 40}\n{text}\n")
        out.flush()
        return "console:notice"
