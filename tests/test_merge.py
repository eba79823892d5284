"""One incident from several reports (crawler.merge), on incidents read from real reports."""

from __future__ import annotations

from dataclasses import replace

from crawler.merge import merge, merge_sources
from extractors.models import Source
from tests.dev_reports import incident_at, report


def test_figures_become_a_range_and_a_grown_toll_is_a_change() -> None:
    levant = incident_at(report("dev-28", source_id="levant"), "ذيبان")  # ذيبان, a community
    levant = replace(levant, killed=1, geo_precision=1)  # as an early count had it (the text says 3)
    north = incident_at(report("dev-29", source_id="npa"), "حوايج ذيبان")  # 3 killed, the quarter
    north = replace(north, geo_precision=2)  # read as an area of ذيبان: the town's place is the more precise
    merged = merge(levant, north)
    assert (merged.incident.killed, merged.incident.killed_max) == (1, 3)
    assert merged.changes == ("killed",)
    assert (
        merged.incident.place == "ذيبان" and merged.incident.place_id == levant.place_id
    )  # the more precise
    assert merged.incident.id == levant.id and merged.incident.evidence == levant.evidence
    assert [s.source_id for s in merged.incident.sources] == ["levant", "npa"]
    again = merge(merged.incident, north)  # the same report twice changes nothing
    assert again.changes == () and again.incident == merged.incident


def test_a_lower_figure_widens_the_range_without_an_update() -> None:
    pulse = incident_at(report("dev-30", source_id="pulse"), "فنيجين")  # "7 ... 10"
    region = incident_at(report("dev-13", source_id="npa"), "ريف دير الزور الشمالي")  # 7
    merged = merge(pulse, region)
    assert (merged.incident.killed, merged.incident.killed_max) == (7, 10)
    assert merged.changes == ()
    equal = merge(region, region)
    assert equal.incident.killed_max is None


def test_the_most_precise_place_and_a_date_win() -> None:
    article = report("dev-03", source_id="snack")
    region = incident_at(article, "ريف دير الزور الشرقي")  # undated, geo_precision 2
    village = incident_at(article, "البصيرة")  # 7 June, البصيرة, geo_precision 1
    merged = merge(region, village)
    assert merged.changes == ("place",)
    fields = ("place", "place_id", "admin1", "admin2", "admin3", "lat", "lon", "geo_precision")
    assert all(getattr(merged.incident, f) == getattr(village, f) for f in fields)
    assert merged.incident.date == "2019-06-07"
    assert merge(village, region).changes == ()  # a vaguer report never moves the place


def test_types_actors_united_and_named_actors_beat_unknown() -> None:
    busayra = incident_at(report("dev-03"), "البصيرة")  # raid, arrest by the SDF
    joint = replace(busayra, types=("raid", "airdrop"), actors=("coalition", "unknown"), targets=("isis",))
    merged = merge(busayra, joint).incident
    assert merged.types == ("raid", "airdrop", "arrest")
    assert merged.actors == ("sdf", "coalition")
    assert merged.targets == ("isis", "civilians")


def test_injured_and_arrested_keep_the_highest() -> None:
    busayra = incident_at(report("dev-03"), "البصيرة")
    merged = merge(replace(busayra, arrested=2, injured=None), replace(busayra, arrested=5, injured=1))
    assert (merged.incident.arrested, merged.incident.injured) == (5, 1)
    assert merged.changes == ("injured", "arrested")


def test_sources_earliest_first_each_url_once() -> None:
    late = Source("https://b/2", "b", "2024-06-08T15:00:00+03:00")
    early = Source("https://a/1", "a", "2024-06-08T09:00:00+03:00")
    unknown = Source("https://c/3", "c", None)
    assert merge_sources((late, unknown), (early, late)) == (early, late, unknown)


def test_a_background_report_does_not_make_a_current_incident_background() -> None:
    busayra = incident_at(report("dev-03"), "البصيرة")
    assert not merge(busayra, replace(busayra, background=True)).incident.background
    assert merge(replace(busayra, background=True), replace(busayra, background=True)).incident.background


def test_between_two_areas_the_narrower_unit_wins() -> None:
    # North Pulse's فنيجين is placed by its town أبو خشب (C5098, precision 2), North Press's only by the province
    village = incident_at(report("dev-30", source_id="pulse"), "فنيجين")
    region = incident_at(report("dev-13", source_id="npa"), "ريف دير الزور الشمالي")
    assert (village.geo_precision, region.geo_precision) == (2, 2)
    merged = merge(region, village)
    assert "place" in merged.changes and merged.incident.place_id == "C5098"  # (and the claim's 10 killed)
    assert merge(village, region).changes == ()


def test_a_side_named_by_another_report_reclassifies_the_event() -> None:
    # The Levant News: a notable killed in ذيبان (civilians: ACLED "Violence against civilians");
    # a second report names the victims as SDF fighters: an armed target, so "Battles".
    levant = incident_at(report("dev-28", source_id="levant"), "ذيبان")
    assert levant.acled["event_type"] == "Violence against civilians"
    merged = merge(levant, replace(levant, targets=("sdf",))).incident
    assert merged.types == levant.types and "sdf" in merged.targets
    assert merged.acled == {"event_type": "Battles", "sub_event_type": "Armed clash"}
