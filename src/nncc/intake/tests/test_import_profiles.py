"""Import profiles, arrest rows and templates: mapping, checking, writing through the services.

Who may see and change a profile is the permission matrix's business
(``tests/test_permission_matrix_import_profiles.py``); here: what a profile does to rows, what
it refuses, what its services audit, and that arrest rows land as the forms would land them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.intake import services
from nncc.intake.imports.arrests import ArrestRowReader, ArrestRowWriter
from nncc.intake.imports.parsing import Row, read_rows
from nncc.intake.imports.profiles import apply_profile, check_profile, unmapped_headers
from nncc.intake.imports.rows import RowReader, RowRejected
from nncc.intake.imports.templates import template_csv, template_rows, template_xlsx
from nncc.intake.imports.writing import Outcome
from nncc.intake.models import Arrest, ImportProfile, SeizureEvent
from nncc.kernel.access import Role
from nncc.kernel.models import AuditAction, AuditEntry
from nncc.registry.models import Person

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-2025"


@pytest.fixture
def anf(db: Any) -> Any:
    return agency_create(acting_user=None, code="ANF", name="ANF", kind="federal")


def member(agency: Any, username: str, *roles: str) -> Any:
    return user_add_to_agency(
        acting_user=None, username=username, password=PASSWORD, agency=agency, roles=list(roles)
    )


@pytest.fixture
def officer(anf: Any) -> Any:
    return member(anf, "anf.officer", Role.FIELD_OFFICER)


def profile_of(agency: Any, **values: Any) -> ImportProfile:
    return ImportProfile.objects.create(
        agency=agency,
        name=values.pop("name", "Police system"),
        column_map=values.pop(
            "column_map",
            {"FIR No": "agency_record_id", "Narcotic": "drug", "Qty": "quantity"},
        ),
        value_map=values.pop("value_map", {"drug": {"HSH": "hashish", "Charas": "charas"}}),
        **values,
    )


# --- apply_profile ----------------------------------------------------------------------------


def test_headers_and_codes_are_mapped_whatever_their_case(anf: Any) -> None:
    profile = profile_of(anf)
    rows = [
        Row(2, {" fir  no ": "F-1", "NARCOTIC": "hsh", "qty": "3", "Remarks": "x", "Unit": "kg"}),
        Row(3, {}, "The row has 3 cells but the header has 5 columns."),
        Row(5, {"FIR No": "F-2", "Narcotic": "Unknown stuff", "Qty": ""}),
    ]
    mapped = list(apply_profile(rows, profile))
    assert [row.number for row in mapped] == [2, 3, 5]
    assert mapped[0].values == {
        "agency_record_id": "F-1",
        "drug": "hashish",
        "quantity": "3",
        "unit": "kg",  # already an nncc column: passes through
    }
    assert mapped[1] == rows[1]  # an unreadable row stays as it was, with its error
    assert mapped[2].values["drug"] == "Unknown stuff"  # left for the reader to reject
    assert unmapped_headers(["FIR No", "Remarks", "unit", ""], profile) == ["Remarks"]


def test_an_empty_code_fills_empty_cells_and_missing_columns(anf: Any) -> None:
    profile = profile_of(
        anf,
        value_map={"place_type": {"": "road", "CP": "road"}, "transport_mode": {"": "car"}},
    )
    with_cell, without_column = apply_profile(
        [Row(2, {"FIR No": "F-1", "place_type": "", "transport_mode": "truck"}), Row(3, {})],
        profile,
    )
    assert with_cell.values == {
        "agency_record_id": "F-1",
        "place_type": "road",
        "transport_mode": "truck",  # a value the file gives is kept
    }
    assert without_column.values == {"place_type": "road", "transport_mode": "car"}


def test_two_headers_giving_one_column_differently_is_a_row_error(anf: Any) -> None:
    profile = profile_of(anf, column_map={"FIR No": "agency_record_id", "Case": "agency_record_id"})
    same, different = apply_profile(
        [Row(2, {"FIR No": "F-1", "Case": "F-1"}), Row(3, {"FIR No": "F-1", "Case": "F-9"})],
        profile,
    )
    assert same.values == {"agency_record_id": "F-1"}
    assert different.values == {} and "both give agency_record_id" in different.error


def test_without_a_profile_nncc_headers_in_any_case_are_kept() -> None:
    (row,) = apply_profile([Row(2, {"Agency Record ID": "F-1", "Other": "x"})], None)
    assert row.values == {"agency_record_id": "F-1"}


def test_a_mapped_row_imports_and_a_bad_code_is_rejected_by_the_reader(anf: Any) -> None:
    profile = profile_of(anf)
    base = {
        "occurred_at": "01/03/2025 10:30",
        "district": "Quetta",
        "place_type": "road",
        "transport_mode": "car",
        "unit": "kg",
    }
    good, bad = apply_profile(
        [
            Row(2, {"FIR No": "F-1", "Narcotic": "Charas", "Qty": "2", **base}),
            Row(3, {"FIR No": "F-2", "Narcotic": "XYZ", "Qty": "2", **base}),
        ],
        profile,
    )
    reader = RowReader()
    assert reader.build(good.values).seizure.drug_lines[0].drug is not None
    with pytest.raises(RowRejected) as caught:
        reader.build(bad.values)
    assert caught.value.problems == [
        ("drug", "“XYZ” is not a known drug term; choose the UNODC drug it means.")
    ]


# --- check_profile ----------------------------------------------------------------------------


def test_check_profile_accepts_a_good_profile(anf: Any) -> None:
    assert check_profile("seizure", {"FIR": "agency_record_id"}, {"drug": {"HSH": "hashish"}}) == []
    arrest = check_profile(
        "arrest",
        {"Gender": "sex", "Case": "seizure_record_id"},
        {"sex": {"Male": "m"}, "charges": {"narcotics": "9(c)"}, "role": {"": "other"}},
    )
    assert arrest == []


@pytest.mark.parametrize(
    ("record_type", "column_map", "value_map", "expected"),
    [
        ("cargo", {}, {}, "not a record type"),
        ("seizure", {"FIR": "fir_number"}, {}, "“fir_number” is not a column of seizure"),
        ("seizure", {"Sex": "sex"}, {}, "not a column of seizure rows"),
        ("seizure", {"FIR": "agency_record_id", "fir ": "place"}, {}, "same header"),
        ("seizure", {"": "place"}, {}, "Give your header"),
        ("seizure", ["FIR"], {}, "must map headers"),
        ("seizure", {"FIR": 12}, {}, "must be text"),
        ("seizure", {}, {"colour": {"a": "b"}}, "“colour” is not a column"),
        ("seizure", {}, {"drug": {"HSH": "moonrock"}}, "drug: “moonrock” is not a known drug"),
        ("seizure", {}, {"unit": {"bags": "sacks"}}, "unit: “sacks” is not a unit"),
        ("seizure", {}, {"place_type": {"X": "moon"}}, "not a place type"),
        ("seizure", {}, {"nationality": {"Afghan": "Afghanistan"}}, "ISO 3166"),
        ("seizure", {}, {"province": {"Balochistan": "BA"}}, "not a province"),
        ("seizure", {}, {"district": {"QTA": "Atlantis"}}, "not a district"),
        ("seizure", {}, {"drug": {"HSH": ""}}, "give the value"),
        ("seizure", {}, {"drug": {"HSH": "charas", "hsh": "charas"}}, "same code"),
        ("seizure", {}, {"drug": ["HSH"]}, "must map values"),
        ("arrest", {}, {"charges": {"N": "99"}}, "Unknown charge"),
        ("arrest", {}, {"sex": {"male": "X"}}, "not a sex"),
        ("seizure", {"x" * 300: "place"}, {}, "longer than 200"),
    ],
)
def test_check_profile_names_each_problem(
    anf: Any, record_type: str, column_map: Any, value_map: Any, expected: str
) -> None:
    problems = check_profile(record_type, column_map, value_map)
    assert any(expected in message for _, message in problems), problems


# --- services ---------------------------------------------------------------------------------


def test_profile_services_are_audited_and_owned_by_the_actor(anf: Any, officer: Any) -> None:
    data = services.ProfileData(
        name="  Police   system ",
        column_map={"FIR No": "agency_record_id"},
        value_map={"drug": {"HSH": "hashish"}},
    )
    profile = services.profile_create(acting_user=officer, data=data)
    assert (profile.agency_id, profile.name) == (anf.pk, "Police system")
    created = AuditEntry.objects.get(action=AuditAction.CREATE, target_type="intake.importprofile")
    assert created.after["column_map"] == {"FIR No": "agency_record_id"}
    changed = services.ProfileData(
        name="Police system", column_map={"FIR Number": "agency_record_id"}
    )
    services.profile_update(acting_user=officer, profile=profile, data=changed)
    updated = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(profile.pk))
    assert updated.before["column_map"] == {"FIR No": "agency_record_id"}
    assert updated.after["value_map"] == {}
    with pytest.raises(Exception, match="supervisor"):
        services.profile_delete(acting_user=officer, profile=profile)
    supervisor = member(anf, "anf.supervisor", Role.SUPERVISOR)
    pk = profile.pk
    services.profile_delete(acting_user=supervisor, profile=profile)
    assert not ImportProfile.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, target_id=str(pk)).exists()


def test_profile_errors_name_their_fields_and_write_nothing(anf: Any, officer: Any) -> None:
    profile_of(anf, name="Police system")
    entries = AuditEntry.objects.count()
    data = services.ProfileData(
        name="police SYSTEM",
        record_type="seizure",
        column_map={"FIR": "fir"},
        value_map={"drug": {"HSH": "moonrock"}},
        notes="n" * 5_000,
    )
    with pytest.raises(ValidationError) as caught:
        services.profile_create(acting_user=officer, data=data)
    assert set(caught.value.message_dict) == {"name", "column_map", "value_map", "notes"}
    assert ImportProfile.objects.count() == 1 and AuditEntry.objects.count() == entries


def test_an_analyst_cannot_create_a_profile(anf: Any) -> None:
    analyst = member(anf, "anf.analyst", Role.ANALYST)
    with pytest.raises(Exception, match="own agency"):
        services.profile_create(acting_user=analyst, data=services.ProfileData(name="x"))


# --- the editor page --------------------------------------------------------------------------


def page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def editor_post(**values: str) -> dict[str, str]:
    data = {
        "name": "Customs system",
        "record_type": "seizure",
        "notes": "",
        "columns-TOTAL_FORMS": "3",
        "columns-INITIAL_FORMS": "0",
        "values-TOTAL_FORMS": "3",
        "values-INITIAL_FORMS": "0",
    }
    data.update(values)
    return data


def test_the_editor_adds_rows_without_saving(officer: Any) -> None:
    client = page_client(officer)
    url = reverse("intake:import_profile_create")
    data = editor_post(**{"columns-0-theirs": "FIR No", "columns-0-ours": "agency_record_id"})
    response = client.post(url, {**data, "more": "1"})
    assert response.status_code == 200 and not ImportProfile.objects.exists()
    page = response.content.decode()
    assert 'value="FIR No"' in page and 'name="columns-3-theirs"' in page


def test_the_editor_shows_service_errors_on_its_tables(officer: Any) -> None:
    client = page_client(officer)
    data = editor_post(
        **{
            "columns-0-theirs": "FIR No",
            "columns-0-ours": "agency_record_id",
            "columns-1-theirs": "FIR No",
            "columns-1-ours": "place",
            "values-0-column": "drug",
            "values-0-theirs": "HSH",
            "values-0-ours": "moonrock",
        }
    )
    response = client.post(reverse("intake:import_profile_create"), data)
    assert response.status_code == 200 and not ImportProfile.objects.exists()
    assert "“FIR No” is given twice." in response.content.decode()
    data["columns-1-theirs"] = "Place"
    response = client.post(reverse("intake:import_profile_create"), data)
    assert "moonrock" in response.content.decode() and not ImportProfile.objects.exists()
    data["values-0-ours"] = "hashish"
    response = client.post(reverse("intake:import_profile_create"), data)
    assert response.status_code == 302
    profile = ImportProfile.objects.get()
    assert profile.column_map == {"FIR No": "agency_record_id", "Place": "place"}
    assert profile.value_map == {"drug": {"HSH": "hashish"}}


def test_another_agencys_profile_answers_404(anf: Any) -> None:
    customs = agency_create(acting_user=None, code="CUS", name="Customs", kind="federal")
    stranger = member(customs, "customs.supervisor", Role.SUPERVISOR)
    profile = profile_of(anf)
    client = page_client(stranger)
    for name in ("detail", "edit", "delete"):
        url = reverse(f"intake:import_profile_{name}", args=[profile.pk])
        assert client.get(url).status_code == 404
    url = reverse("intake:import_profile_template", args=[profile.pk, "csv"])
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("intake:import_profile_delete", args=[profile.pk])).status_code == 404
    )
    assert ImportProfile.objects.filter(pk=profile.pk).exists()


# --- templates --------------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", ["seizure", "arrest"])
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_blank_template_reads_back_and_its_example_is_valid(
    tmp_path: Path, record_type: str, format: str
) -> None:
    path = tmp_path / f"template.{format}"
    build = template_csv if format == "csv" else template_xlsx
    path.write_bytes(build(record_type))
    (row,) = list(apply_profile(read_rows(path, format, record_type=record_type), None))
    assert row.number == 2 and not row.error
    reader = RowReader() if record_type == "seizure" else ArrestRowReader()
    reader.build(row.values)  # raises if the example would be rejected


def test_a_profile_template_speaks_the_agencys_language(anf: Any, tmp_path: Path) -> None:
    profile = profile_of(anf, column_map={"FIR No": "agency_record_id", "=cmd()": "place"})
    profile.value_map = {"drug": {"CHR": "charas"}}
    header, example = template_rows("seizure", profile)
    assert header[0] == "FIR No" and header[6] == "=cmd()" and example[7] == "CHR"
    text = template_csv("seizure", profile).decode("utf-8-sig")
    cells = next(csv.reader(io.StringIO(text)))
    assert cells[6] == "'=cmd()"  # neutralised: a spreadsheet shows it, never runs it
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("seizure", profile)))
    assert book.worksheets[0].cell(row=1, column=7).value == "'=cmd()"
    assert book.worksheets[0].cell(row=1, column=7).data_type == "s"
    path = tmp_path / "filled.xlsx"
    path.write_bytes(template_xlsx("seizure", profile))
    (row,) = list(apply_profile(read_rows(path, "xlsx"), profile))
    assert row.values["drug"] == "charas" and row.values["agency_record_id"] == "FIR-2025-001"


# --- arrest rows ------------------------------------------------------------------------------


def arrest_row(**changes: str) -> dict[str, str]:
    row = {
        "agency_record_id": "ARR-1",
        "arrested_on": "02/03/2025",
        "district": "BA-QTA",
        "nationality": "af",
        "role": "courier",
        "charges": "9(c); s.6",
        "person_record_id": "P-1",
        "person_name": "Noor Ahmad",
        "person_name_urdu": "نور احمد",
        "sex": "m",
        "date_of_birth": "1985-06-15",
        "passport": "AB1234567",
        "phone": "03005550002",
    }
    row.update(changes)
    return row


def write_arrest(officer: Any, anf: Any, values: dict[str, str]) -> Outcome:
    data = ArrestRowReader().build(values)
    with transaction.atomic():
        return ArrestRowWriter(officer, anf.pk).write(data)


def seizure(officer: Any, record_id: str) -> SeizureEvent:
    values = {
        "agency_record_id": record_id,
        "occurred_at": "2025-03-01 10:00",
        "district": "BA-QTA",
        "place_type": "road",
        "transport_mode": "car",
        "drug": "charas",
        "quantity": "1",
        "unit": "kg",
    }
    return services.seizure_record(acting_user=officer, data=RowReader().build(values).seizure)


def test_an_arrest_row_is_created_then_unchanged_then_updated(anf: Any, officer: Any) -> None:
    event = seizure(officer, "FIR-9")
    assert write_arrest(officer, anf, arrest_row(seizure_record_id="FIR-9")) == Outcome.CREATED
    arrest = Arrest.objects.get()
    assert (arrest.event_id, arrest.nationality_at_arrest, arrest.charges) == (
        event.pk,
        "AF",
        ["9(c)", "6"],
    )
    person = Person.objects.get()
    assert (person.agency_record_id, person.name_urdu, person.sex) == ("P-1", "نور احمد", "M")
    assert person.source_payload["import_row"]["passport"] == "AB1234567"
    assert {i.kind for i in person.identifiers.all()} == {"passport"}
    entries = AuditEntry.objects.count()
    again = arrest_row(seizure_record_id="FIR-9")
    assert write_arrest(officer, anf, again) == Outcome.UNCHANGED
    assert AuditEntry.objects.count() == entries  # no write, no entry
    edited = arrest_row(seizure_record_id="FIR-9", role="driver", phone="03005550003")
    assert write_arrest(officer, anf, edited) == Outcome.UPDATED
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, target_type="intake.arrest")
    assert (entry.before["role"], entry.after["role"]) == ("courier", "driver")
    assert Person.objects.count() == 1 and Arrest.objects.count() == 1
    assert sorted(Person.objects.get().phones.values_list("e164", flat=True)) == [
        "+923005550002",
        "+923005550003",
    ]


def test_an_arrest_row_reports_every_problem_at_once(anf: Any) -> None:
    values = arrest_row(
        agency_record_id="",
        arrested_on="31/31/2025",
        district="Atlantis",
        nationality="Afghan",
        role="boss",
        charges="9(c); 99",
        person_name="",
        person_name_urdu="",
        sex="X",
        date_of_birth="1800-01-01",
        passport="!",
        phone="12",
        offence_category="murder",
    )
    with pytest.raises(RowRejected) as caught:
        ArrestRowReader().build(values)
    assert {column for column, _ in caught.value.problems} == {
        "agency_record_id",
        "arrested_on",
        "district",
        "nationality",
        "role",
        "charges",
        "person_name",
        "sex",
        "date_of_birth",
        "passport",
        "phone",
        "offence_category",
    }


def test_an_arrest_in_an_unknown_seizure_is_rejected_on_that_column(anf: Any, officer: Any) -> None:
    with pytest.raises(RowRejected) as caught:
        write_arrest(officer, anf, arrest_row(seizure_record_id="FIR-404"))
    assert caught.value.problems[0][0] == "seizure_record_id"
    assert not Person.objects.exists() and not Arrest.objects.exists()


def test_another_agencys_seizure_is_not_found_by_its_id(anf: Any, officer: Any) -> None:
    customs = agency_create(acting_user=None, code="CUS", name="Customs", kind="federal")
    seizure(member(customs, "customs.officer", Role.FIELD_OFFICER), "FIR-C")
    with pytest.raises(RowRejected) as caught:
        write_arrest(officer, anf, arrest_row(seizure_record_id="FIR-C"))
    assert caught.value.problems[0][0] == "seizure_record_id"


def test_service_errors_of_an_arrest_row_name_its_columns(anf: Any, officer: Any) -> None:
    seizure(officer, "FIR-9")
    # The arrest is dated before the seizure: only the service knows the seizure's date.
    with pytest.raises(RowRejected) as caught:
        write_arrest(officer, anf, arrest_row(seizure_record_id="FIR-9", arrested_on="2025-02-01"))
    assert caught.value.problems == [("arrested_on", "The arrest cannot be before the seizure.")]
    assert not Arrest.objects.exists() and not Person.objects.exists()
