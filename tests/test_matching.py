"""When two reports are one incident (crawler.matching), on incidents read from real reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from crawler.matching import (
    CONTAINS,
    NEIGHBOURS,
    SAME,
    DateSpan,
    actors_conflict,
    date_span,
    dates_overlap,
    match_score,
    name_words,
    place_relation,
    type_family,
)
from extractors.gazetteer import gazetteer
from extractors.models import Incident
from tests.dev_reports import incident_at, report


def score(a: Incident, b: Incident, published: date = date(2021, 1, 11)) -> float | None:
    span_a, span_b = date_span(a, published), date_span(b, published)
    assert span_a and span_b
    return match_score(a, span_a, b, span_b)


def community(name: str, **fields: object) -> Incident:
    """An incident at a Deir ez-Zor community of the gazetteer, as the extractor fills the place fields."""
    [place] = {p.pcode: p for ps in gazetteer().exact.values() for p in ps
               if p.kind == "community" and p.name == name and p.admin1 == "دير الزور"}.values()  # fmt: skip
    found = Incident(types=("raid", "arrest"), date="2021-01-11", place=name, place_id=place.pcode,
                     admin1=place.admin1, admin2=place.admin2, admin3=place.admin3, lat=place.lat, lon=place.lon,
                     geo_precision=1)  # fmt: skip
    return replace(found, **fields)  # type: ignore[arg-type]


def test_two_outlets_on_one_killing_at_a_town_and_its_quarter() -> None:
    # The Levant News: "ذيبان" 11 January; North Press: "حوايج ذيبان" (not in the gazetteer: precision 2), the 10th.
    levant = incident_at(report("dev-28"), "ذيبان")
    north = incident_at(report("dev-29"), "حوايج ذيبان")  # C5199 الحوايج, or an unlisted area of ذيبان
    assert place_relation(levant, north) in (CONTAINS, NEIGHBOURS)
    assert score(north, levant) is not None


def test_a_region_and_a_village_in_it() -> None:
    # North Press: "ريف دير الزور الشمالي", 7 killed; North Pulse: "فنيجين", the same ISIS attack.
    region = incident_at(report("dev-13"), "ريف دير الزور الشمالي")
    village = incident_at(report("dev-30"), "فنيجين")
    assert score(village, region) is not None


def test_a_city_and_its_centre_one_bombing() -> None:
    city = incident_at(report("dev-23"), "دير الزور")
    centre = incident_at(report("dev-34"), "وسط مدينة دير الزور")
    assert type_family(city.types) == type_family(centre.types) == "explosive"
    assert score(centre, city) is not None


def test_two_villages_the_same_day_are_two_raids() -> None:
    article = report("dev-03")  # Snack Syrian: raids in البصيرة and الشحيل (7.7 km apart)
    busayra, shuhail = incident_at(article, "البصيرة"), incident_at(article, "الشحيل")
    shuhail = replace(shuhail, date=busayra.date, background=False)
    assert place_relation(busayra, shuhail) is None
    assert score(busayra, shuhail) is None


def test_parts_of_one_settlement_match_neighbouring_villages_do_not() -> None:
    assert place_relation(community("سفيرة فوقاني"), community("سفيرة تحتاني")) is None  # two sub-districts
    assert place_relation(community("سويدان جزيرة"), community("الكرامة")) is None  # 1.4 km, no shared name
    assert place_relation(community("الجنينة"), community("المعيشية")) is None  # 1.4 km, two villages
    assert place_relation(community("البصيرة"), community("البصيرة")) == SAME
    quarter = community("الجنينة", place="الجنينة الشرقية")
    assert quarter.lat is not None
    assert (
        place_relation(community("الجنينة"), replace(quarter, place_id="C0", lat=quarter.lat + 0.005))
        == NEIGHBOURS
    )


def test_a_quarter_known_by_its_towns_name() -> None:
    # One killing: reported at "حوايج ذيبان" (North Press), resolved to الحوايج (C5199) by another
    # outlet, and at "ذيبان" (C5202, 4.5 km away in the same sub-district) by a third.
    hawayij, dhiban = community("الحوايج"), community("ذيبان")
    assert place_relation(dhiban, hawayij) is None  # nothing says they are one place
    assert place_relation(dhiban, hawayij, name_words("حوايج ذيبان")) == NEIGHBOURS
    assert name_words("جديدة عكيدات") & name_words("جديدة بكارة") == frozenset()
    assert (
        place_relation(community("الشحيل"), hawayij, name_words("حوايج ذيبان")) is None
    )  # another sub-district


def test_a_region_holds_only_its_side_of_the_governorate() -> None:
    # North Press (dev-13): "ريف دير الزور الشمالي" and, the next day, أبو حمام - south-east of the city.
    north = incident_at(report("dev-13"), "ريف دير الزور الشمالي")
    abu_hamam = incident_at(report("dev-13"), "أبو حمام")
    assert place_relation(north, abu_hamam) is None
    east = incident_at(report("dev-03"), "ريف دير الزور الشرقي")  # Snack Syrian
    assert place_relation(east, community("البصيرة")) == CONTAINS
    assert place_relation(east, abu_hamam) == CONTAINS
    assert place_relation(east, community("الشميطية")) is None  # west of the city


def test_a_subdistrict_contains_only_its_own_villages() -> None:
    [sub] = {p.pcode: p for p in gazetteer().exact["البصيره"] if p.kind == "subdistrict"}.values()
    area = Incident(types=("raid",), place="ناحية البصيرة", place_id=sub.pcode, admin1=sub.admin1, admin2=sub.admin2,
                    admin3=sub.admin3, geo_precision=2)  # fmt: skip
    assert place_relation(area, community("الشحيل")) == CONTAINS  # in البصيرة sub-district
    assert place_relation(area, community("ذيبان")) is None  # ذيبان sub-district
    assert place_relation(community("ذيبان"), area) is None


def test_other_governorates_never_match() -> None:
    city = incident_at(report("dev-23"), "دير الزور")
    homs = incident_at(report("dev-23"), "حمص")
    assert place_relation(city, homs) is None


def test_dates_within_a_day_and_undated_reports_by_their_article() -> None:
    day = DateSpan("2021-10-17", "2021-10-17", "text")
    assert dates_overlap(day, DateSpan("2021-10-18", "2021-10-18", "text"))
    assert not dates_overlap(day, DateSpan("2021-10-19", "2021-10-19", "text"))
    undated = incident_at(report("dev-28"), "الشحيل")
    assert date_span(undated, date(2021, 1, 11)) == DateSpan("2021-01-11", "2021-01-11", "published")
    earlier = replace(undated, background=True)
    assert date_span(earlier, date(2021, 1, 11)) == DateSpan("2020-12-28", "2021-01-11", "background")
    assert date_span(undated, None) is None
    # Same place, same family, four months apart: two clashes (Nahr Media and Al-Mohrar on ذيبان).
    october, june = incident_at(report("dev-20"), "ذيبان"), incident_at(report("dev-21"), "ذيبان")
    assert score(october, june) is None


def test_type_families() -> None:
    raid = incident_at(report("dev-03"), "البصيرة")
    killing = replace(incident_at(report("dev-28"), "ذيبان"), place=raid.place, place_id=raid.place_id,
                      admin2=raid.admin2, admin3=raid.admin3, date=raid.date)  # fmt: skip
    assert place_relation(raid, killing) == SAME
    assert score(raid, killing) is None  # an operation and a killing
    assert type_family(("killing", "explosion")) == "explosive"
    assert score(replace(killing, types=("explosion", "killing")), killing) is not None  # both are violence


def test_actor_conflicts() -> None:
    base = community("البصيرة")
    by = lambda *actors: replace(base, actors=actors)  # noqa: E731
    assert not actors_conflict(by("coalition"), by("us_forces"))
    assert not actors_conflict(by("sdf"), by("asayish"))
    assert not actors_conflict(by("coalition"), by("sdf"))  # joint raids, named by either force
    assert not actors_conflict(by("unknown"), by("isis"))
    assert not actors_conflict(by(), by("syrian_government"))
    assert actors_conflict(by("syrian_government"), by("sdf"))
    assert actors_conflict(by("isis"), by("sdf"))
    clash = replace(by("tribal"), targets=("sdf",))  # one outlet names the tribes, another the SDF
    assert not actors_conflict(clash, by("sdf"))
    assert score(by("isis"), by("sdf")) is None


def test_the_closest_place_scores_highest() -> None:
    busayra = incident_at(report("dev-03"), "البصيرة")
    region = incident_at(report("dev-03"), "ريف دير الزور الشرقي")
    again = replace(busayra, sources=())
    published = date(2019, 6, 8)
    exact, vague = score(again, busayra, published), score(again, region, published)
    assert exact is not None and vague is not None and exact > vague


def test_two_regions_of_one_governorate_are_two_places() -> None:
    # Every "ريف دير الزور ..." carries the governorate's place id (SY09); a side is a place, not the id.
    east = incident_at(report("dev-03"), "ريف دير الزور الشرقي")  # Snack Syrian
    north = incident_at(report("dev-13"), "ريف دير الزور الشمالي")  # North Press
    assert east.place_id == north.place_id and east.geo_precision == north.geo_precision == 2
    assert place_relation(east, north) is None and place_relation(north, east) is None
    assert place_relation(east, replace(east, place="ريف دير الزور الغربي")) is None
    assert place_relation(east, replace(east)) == SAME
    assert place_relation(east, replace(east, place="شرقي دير الزور")) == CONTAINS  # one side, other words
    whole = replace(east, place="محافظة دير الزور", geo_precision=3)
    assert place_relation(whole, east) == place_relation(east, whole) == CONTAINS
