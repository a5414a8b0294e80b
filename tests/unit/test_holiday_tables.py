"""The holiday tables the build ships: they answer as the `holidays` package does, without importing it."""

from __future__ import annotations

import itertools
import json
import shutil
import string
from pathlib import Path

import pytest

from pico_planner.api.holiday_tables import INDEX_NAME, HolidayTables, UnreadableTables, shipped_tables
from pico_planner.api.holiday_tables_build import COUNTRY_NAMES, write_tables
from pico_planner.api.public_holidays import default_calendar, package_country_facts, package_holidays_in_year
from tests.support.fresh_python import environment_with_path
from tests.support.holiday_probe import tabled_lookups

YEARS = range(2026, 2028)
EVERY_COUNTRY_NAME = ["".join(pair) for pair in itertools.product(string.ascii_uppercase, repeat=2)]
SOURCE_PACKAGE = Path(__file__).resolve().parents[2] / "shared" / "pico_planner"


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


def test_the_names_written_are_every_name_a_request_can_give() -> None:
    assert list(COUNTRY_NAMES) == EVERY_COUNTRY_NAME


def test_writing_the_tables_again_gives_the_same_files(tables_folder: Path, tmp_path: Path) -> None:
    (tmp_path / "left_over.json").write_text("{}", "utf-8")

    write_tables(tmp_path, YEARS)

    files = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*.json"))
    assert files == sorted(path.relative_to(tables_folder) for path in tables_folder.rglob("*.json"))
    assert all((tmp_path / file).read_bytes() == (tables_folder / file).read_bytes() for file in files)


def test_a_year_outside_the_tables_or_categories_not_tabled_are_left_to_the_package(
    tables: HolidayTables,
) -> None:
    assert tables.holidays("GB", "ENG", ("public",), YEARS.start) is not None
    assert tables.holidays("GB", "ENG", ("public",), YEARS.start - 1) is None
    assert tables.holidays("GB", "ENG", ("public",), YEARS.stop) is None
    assert tables.holidays("GB", "ENG", ("bank", "public"), YEARS.start) is None
    assert tables.holidays("ZZ", None, ("public",), YEARS.start) is None
    # A calendar is asked for by its official code; an alias names no table of its own.
    assert tables.holidays("UK", None, ("public",), YEARS.start) is None


YEARS_FIELDS = '"first_year": 2026, "last_year": 2027'


@pytest.mark.parametrize(
    "index_text",
    [
        '{"format": 1, "countries": {"GB"',
        '{"format": 1, ' + YEARS_FIELDS + "}",
        '{"format": 1, "countries": [], ' + YEARS_FIELDS + "}",
        "[]",
    ],
    ids=["truncated", "without countries", "countries not a map", "not an object"],
)
def test_an_index_that_cannot_be_read_means_no_tables(
    index_text: str, tmp_path: Path, tables_folder: Path
) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(tables_folder, damaged)
    (damaged / INDEX_NAME).write_text(index_text, "utf-8")

    assert shipped_tables(damaged) is None


def test_a_missing_or_damaged_table_is_reported_as_unreadable(tmp_path: Path, tables_folder: Path) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(tables_folder, damaged)
    (damaged / "GB.json").unlink()
    (damaged / "FR.json").write_text('{"country": "FR"}', "utf-8")
    (damaged / "DE" / "0.json").write_text("{", "utf-8")
    tables = shipped_tables(damaged)
    assert tables is not None

    with pytest.raises(UnreadableTables):
        tables.country_facts("GB")
    with pytest.raises(UnreadableTables):
        tables.country_facts("FR")
    with pytest.raises(UnreadableTables):
        tables.holidays("DE", None, ("public", "catholic"), YEARS.start)


def test_without_an_index_or_with_another_format_there_are_no_tables(
    tmp_path: Path, tables_folder: Path
) -> None:
    assert shipped_tables(tmp_path / "absent") is None
    other_format = tmp_path / "other"
    shutil.copytree(tables_folder, other_format)
    index = json.loads((other_format / INDEX_NAME).read_text("utf-8"))
    (other_format / INDEX_NAME).write_text(json.dumps({**index, "format": index["format"] + 1}), "utf-8")

    assert shipped_tables(other_format) is None


def layer_with(tables_folder: Path, tmp_path: Path) -> Path:
    """A layer folder holding the project's package (from the source tree) and these tables."""
    layer = tmp_path / "layer"
    shutil.copytree(SOURCE_PACKAGE, layer / "pico_planner", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(tables_folder, layer / "pico_planner" / "holiday_tables")
    return layer


def test_a_layer_with_tables_resolves_regions_and_reads_days_without_importing_holidays(
    tmp_path: Path, tables_folder: Path
) -> None:
    layer = layer_with(tables_folder, tmp_path)

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


def test_a_layer_whose_tables_are_damaged_answers_from_the_package(
    tmp_path: Path, tables_folder: Path
) -> None:
    layer = layer_with(tables_folder, tmp_path)
    tables = layer / "pico_planner" / "holiday_tables"
    (tables / "GB.json").unlink()
    for calendar in (tables / "DE").iterdir():
        calendar.write_text("{", "utf-8")

    answer = tabled_lookups(layer, YEARS, env=environment_with_path(layer))

    assert answer["imported"] is True
    assert answer["refused"] == ["unknown_country", "unknown_subdivision"]
    assert [days for *_, days in answer["found"]] == answer["expected"]
    assert [found[:2] for found in answer["found"]] == [
        ["GB", "ENG"],
        ["DE", "BY"],
        ["HK", None],
        ["US", None],
    ]


def test_the_source_tree_ships_no_tables() -> None:
    """Tests and the local server run on the package itself; tables are made only in a build."""
    assert shipped_tables() is None
    assert not (SOURCE_PACKAGE / "holiday_tables").exists()
