"""Which channels an alert goes to (DESIGN.md 3.3 ``[[rules]]``).

An incident goes to a rule's channels when it passes every filter the rule sets; a filter left
empty (or ``min_killed = 0``) passes everything. A rule with no ``channels`` names every channel.
With channels configured but no rules, every channel gets every incident that a filterless rule
passes (background excluded, as ``include_background`` defaults to false). With no channels at all,
alerts go to an implicit console channel with that same filterless rule.
"""

from __future__ import annotations

import re

from crawler.alerts.alert import Alert
from crawler.config import ConsoleChannel, EmailChannel, Rule, Settings, TelegramChannel
from extractors.arabic import normalize
from extractors.models import Incident

ChannelConfig = TelegramChannel | EmailChannel | ConsoleChannel

IMPLICIT_CONSOLE = ConsoleChannel(id="console", kind="console")
PASS_ALL = Rule()


def effective_channels(settings: Settings) -> tuple[ChannelConfig, ...]:
    return settings.channels or (IMPLICIT_CONSOLE,)


def effective_rules(settings: Settings) -> tuple[Rule, ...]:
    if not settings.channels:
        return (PASS_ALL,)
    return settings.rules or (Rule(),)


def channels_for(alert: Alert, settings: Settings) -> list[ChannelConfig]:
    """The channels whose rules ``alert`` passes, in configuration order, each once."""
    channels = effective_channels(settings)
    wanted: set[str] = set()
    for rule in effective_rules(settings):
        if passes(alert.incident, rule):
            wanted.update(rule.channels or (c.id for c in channels))
    return [channel for channel in channels if channel.id in wanted]


def passes(incident: Incident, rule: Rule) -> bool:
    if incident.background and not rule.include_background:
        return False
    if rule.types and not set(rule.types) & set(incident.types):
        return False
    if rule.governorates:
        wanted = {governorate_key(g) for g in rule.governorates}
        if not incident.admin1 or governorate_key(incident.admin1) not in wanted:
            return False
    if rule.actors and not set(rule.actors) & (set(incident.actors) | set(incident.targets)):
        return False
    return not (rule.min_killed and incident.most_killed < rule.min_killed)  # a grown toll counts


def governorate_key(name: str) -> str:
    """So "محافظة دير الزور", "ديرالزور" and "دير الزّور" in a config all match "دير الزور"."""
    text = re.sub(r"^\s*محافظه\s+", "", normalize(name))
    return re.sub(r"\s+", "", text)
