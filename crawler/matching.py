"""When two reports are the same incident: a first, strict key (type family, place, day).

Two reports join only when they name the same type family, the same gazetteer place (or the same
place text) and the same day; without a day there is no key, so nothing is merged on a guess.
Issue 6 widens this to admin units, date windows and actor conflicts.
"""

from __future__ import annotations

from extractors.models import Incident

# Types that describe the same kind of event for matching purposes.
TYPE_FAMILIES: dict[str, str] = {
    "raid": "operation", "airdrop": "operation", "arrest": "operation", "hostage_rescue": "operation",
    "weapons_seizure": "operation",
    "killing": "violence", "assassination": "violence", "clash": "violence", "attack": "violence",
    "abduction": "violence",
    "explosion": "explosive", "ied": "explosive", "suicide_bombing": "explosive",
    "airstrike": "remote", "drone_strike": "remote", "shelling": "remote",
}  # fmt: skip

FAMILY_ORDER = ("explosive", "remote", "operation", "violence")


def type_family(types: tuple[str, ...]) -> str | None:
    families = {TYPE_FAMILIES[t] for t in types if t in TYPE_FAMILIES}
    for family in FAMILY_ORDER:
        if family in families:
            return family
    return None


def incident_key(incident: Incident) -> str | None:
    family = type_family(incident.types)
    place = incident.place_id or incident.place
    if family is None or not place or not incident.date:
        return None
    return f"{family}|{place}|{incident.date}"
