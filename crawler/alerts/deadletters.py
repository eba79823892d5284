"""``rasad alerts dead``: what could not be delivered, with the reason, and putting it back.

Re-queueing first clears the deliveries ledger's "failed" row for that alert and channel (otherwise
the worker would take the alert as settled there and skip it), then moves the dead letter back to
the alert stream. In that order, a worker reading the entry at once never finds the stale row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from crawler.stream import AlertStream, DeadLetter


class ForgetsFailures(Protocol):
    def forget_failure(self, alert_id: str, channel_id: str) -> bool: ...


def describe(letters: Sequence[DeadLetter]) -> str:
    if not letters:
        return "no dead letters"
    rows = [f"{len(letters)} dead letter(s):"]
    for letter in letters:
        alert_id = letter.fields.get("alert_id", "?")
        rows.append(f"{letter.entry_id}  channel={letter.channel_id or '-'}  alert={alert_id}\n    {letter.reason}")
    return "\n".join(rows)


def requeue(stream: AlertStream, ledger: ForgetsFailures, which: str) -> list[str]:
    """Re-queue the dead letter ``which`` (its id) or every one (``"all"``); one line per letter.
    Raises KeyError for an unknown id."""
    letters = stream.dead_letters(count=100_000)
    if which != "all":
        letters = [letter for letter in letters if letter.entry_id == which]
        if not letters:
            raise KeyError(which)
    report = []
    for letter in letters:
        alert = letter.alert
        if alert is None:  # an entry that never parsed: back on the stream it would only die again
            report.append(f"{letter.entry_id}: kept (the entry does not parse: {letter.reason})")
            continue
        if letter.channel_id:
            ledger.forget_failure(alert.alert_id, letter.channel_id)
        new_id = stream.requeue_dead(letter.entry_id)
        report.append(f"{letter.entry_id}: alert {alert.alert_id} re-queued as {new_id} for {letter.channel_id or 'all channels'}")
    return report
