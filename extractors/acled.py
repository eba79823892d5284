"""Incident types -> ACLED event type and sub-event type (ACLED Codebook, 2023 edition).

One incident can carry several types (a raid that ends in a clash and a killing); ACLED codes one event
type, chosen by what the incident most is: remote violence first (strikes, shelling, bombs), then
fighting between armed sides, then one-sided violence against civilians, then the strategic
developments (arrests, seizures) that involve no violence.
"""

from __future__ import annotations

from collections.abc import Iterable

EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"

# (type, event type, sub-event type), most telling first.
_ORDER = (
    ("suicide_bombing", EXPLOSIONS, "Suicide bomb"),
    ("airstrike", EXPLOSIONS, "Air/drone strike"),
    ("drone_strike", EXPLOSIONS, "Air/drone strike"),
    ("shelling", EXPLOSIONS, "Shelling/artillery/missile attack"),
    ("ied", EXPLOSIONS, "Remote explosive/landmine/IED"),
    ("explosion", EXPLOSIONS, "Remote explosive/landmine/IED"),
    ("clash", BATTLES, "Armed clash"),
)
_VIOLENT = {"killing", "assassination", "attack"}
_ARMED = {
    "coalition", "us_forces", "sdf", "asayish", "isis", "syrian_government", "assad_forces", "sna", "turkey",
    "russia", "iran_backed", "israel", "hts", "tribal", "local_armed_group",
}  # fmt: skip


def acled_for(types: Iterable[str], targets: Iterable[str] = ()) -> dict[str, str]:
    """``{"event_type": ..., "sub_event_type": ...}`` for an incident's types and targets."""
    kinds = set(types)
    for kind, event_type, sub_event in _ORDER:
        if kind in kinds:
            return {"event_type": event_type, "sub_event_type": sub_event}
    armed_target = bool(set(targets) & _ARMED)
    if kinds & _VIOLENT or "abduction" in kinds:
        if "abduction" in kinds and not armed_target:
            return {"event_type": CIVILIANS, "sub_event_type": "Abduction/forced disappearance"}
        if armed_target or kinds & {"raid", "airdrop"}:
            return {"event_type": BATTLES, "sub_event_type": "Armed clash"}
        return {"event_type": CIVILIANS, "sub_event_type": "Attack"}
    if "weapons_seizure" in kinds and not kinds & {"arrest"}:
        return {"event_type": STRATEGIC, "sub_event_type": "Disrupted weapons use"}
    if kinds & {"arrest", "raid", "airdrop"}:
        return {"event_type": STRATEGIC, "sub_event_type": "Arrests"}
    if "hostage_rescue" in kinds:
        return {"event_type": STRATEGIC, "sub_event_type": "Other"}
    return {"event_type": STRATEGIC, "sub_event_type": "Other"}
