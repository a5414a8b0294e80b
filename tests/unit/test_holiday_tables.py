"""The holiday tables the build ships: they answer as the `holidays` package does, without importing it."""

from __future__ import annotations

import itertools
import json
import shutil
import string
from pathlib import Path

import pytest

from pico_planner.api.holiday_tables import INDEX_NAME, HolidayTables, shipped_tables
from pico_planner.api.holiday_tables_build import write_tables
from pico_planner.api.public_holidays import default_calendar, package_country_facts, package_holidays_in_year
from tests.support.fresh_python import environment_with_path
from tests.support.holiday_probe import tabled_lookups

YEARS = range(2026, 2028)
EVERY_COUNTRY_NAME = ["".join(pair) for pair in itertools.product(string.ascii_uppercase, repeat=2)]


@pytest.fixture(scope="module")
def tables_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("holiday_tables")
    write_tables(folder, YEARS)
    return folder


@pytest.fixture(scope="module")
def tables(tables_folder: Path) -> HolidayTables:
    loaded = shipped_tables(tables_folder)
    assert loaded is not None
    return loaded


def test_every_two_letter_name_stands_for_the_country_it_does_in_the_package(tables: HolidayTables) -> None:
    differing = [
        name for name in EVERY_COUNTRY_NAME if tables.country_facts(name) != package_country_facts(name)
    ]

    assert differing == []
    known = [name for name in EVERY_COUNTRY_NAME if tables.country_facts(name) is not None]
    assert len(known) > 200 and "UK" in known  # aliases included (UK stands for GB)


def test_every_tabled_calendar_holds_the_days_and_names_the_package_computes(tables: HolidayTables) -> None:
    differing = []
    calendars = 0
    for country in sorted(
        {facts.country for name in EVERY_COUNTRY_NAME if (facts := package_country_facts(name))}
    ):
        facts = package_country_facts(country)
        assert facts is not None
        for subdivision in (None, *facts.subdivisions):
            calendar = default_calendar(facts, subdivision)
            key = (calendar.country, calendar.subdivision, calendar.categories)
            calendars += 1
            for year in YEARS:
                if tables.holidays(*key, year) != package_holidays_in_year(*key, year):
                    differing.append((*key, year))

    assert differing == []
    assert calendars > 800


def test_a_year_outside_the_tables_or_categories_not_tabled_are_left_to_the_package(
    tables: HolidayTables,
) -> None:
    assert tables.holidays("GB", "ENG", ("public",), YEARS.start) is not None
    assert tables.holidays("GB", "ENG", ("public",), YEARS.start - 1) is None
    assert tables.holidays("GB", "ENG", ("public",), YEARS.stop) is None
    assert tables.holidays("GB", "ENG", ("bank", "public"), YEARS.start) is None
    assert tables.holidays("ZZ", None, ("public",), YEARS.start) is None


def test_without_an_index_or_with_another_format_there_are_no_tables(
    tmp_path: Path, tables_folder: Path
) -> None:
    assert shipped_tables(tmp_path / "absent") is None
    other_format = tmp_path / "other"
    shutil.copytree(tables_folder, other_format)
    index = json.loads((other_format / INDEX_NAME).read_text("utf-8"))
    (other_format / INDEX_NAME).write_text(json.dumps({**index, "format": index["format"] + 1}), "utf-8")

    assert shipped_tables(other_format) is None


def test_a_layer_with_tables_resolves_regions_and_reads_days_without_importing_holidays(
    tmp_path: Path, tables_folder: Path
) -> None:
    layer = tmp_path / "layer"
    shutil.copytree(Path(__file__).resolve().parents[2] / "shared" / "pico_planner", layer / "pico_planner")
    shutil.copytree(tables_folder, layer / "pico_planner" / "holiday_tables")

    answer = tabled_lookups(layer, YEARS, env=environment_with_path(layer))

    assert answer["imported"] is False
    assert answer["refused"] == ["unknown_country", "unknown_subdivision"]
    assert [days for *_, days in answer["found"]] == answer["expected"]
    assert [found[:3] for found in answer["found"]] == [
        ["GB", "ENG", ["public"]],
        ["DE", "BY", ["public", "catholic"]],
        ["HK", None, ["public", "optional"]],
        ["US", None, ["public"]],
    ]
    assert all(len(days) >= 2 * 8 for days in answer["expected"])
    # England's Christmas, and its Boxing Day observed on the Monday (26 December 2026 is a Saturday).
    england = answer["found"][0][3]
    assert england["2026-12-25"] == "Christmas Day"
    assert "Boxing Day" in england["2026-12-28"]
