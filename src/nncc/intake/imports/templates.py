"""Downloadable templates: the header row of a record type and one example row, as CSV or XLSX.

Downloaded from a profile, the template speaks the agency's language: its own headers where
the profile maps one, and its own code where the profile maps one to the example's value.
Every text cell goes through ``kernel.exports.neutralise_formula``, as a profile's headers are
typed by users and a template is opened in a spreadsheet program.

The example rows import as they are (a test holds them to it); their identity numbers are
synthetic (CNIC locality 0000, phone exchange 555).
"""

from __future__ import annotations

import csv
import io

from nncc.intake.imports.parsing import column_key
from nncc.intake.imports.profiles import columns_for, value_key
from nncc.intake.models import ImportProfile, ImportRecordType
from nncc.kernel.exports import neutralise_formula

FORMATS = ("csv", "xlsx")

EXAMPLES: dict[str, dict[str, str]] = {
    ImportRecordType.SEIZURE: {
        "agency_record_id": "FIR-2025-001",
        "occurred_at": "2025-03-01 14:30",
        "province": "PK-BA",
        "district": "Quetta",
        "place_type": "road",
        "transport_mode": "car",
        "place": "N-25 checkpost",
        "drug": "charas",
        "quantity": "12.5",
        "unit": "kg",
        "person_name": "Gul Khan",
        "person_name_urdu": "گل خان",
        "father_name": "Sher Khan",
        "cnic": "30000-1234567-1",
        "phone": "03005550001",
        "nationality": "PK",
        "role": "courier",
    },
    ImportRecordType.ARREST: {
        "agency_record_id": "ARR-2025-001",
        "arrested_on": "2025-03-01",
        "province": "PK-BA",
        "district": "Quetta",
        "nationality": "AF",
        "role": "courier",
        "charges": "9(c)",
        "offence_category": "narcotics",
        "seizure_record_id": "",
        "person_record_id": "P-2025-001",
        "person_name": "Noor Ahmad",
        "person_name_urdu": "نور احمد",
        "father_name": "Abdul Ahmad",
        "father_name_urdu": "",
        "sex": "M",
        "date_of_birth": "1985-06-15",
        "cnic": "",
        "passport": "AB1234567",
        "phone": "03005550002",
    },
}

#: what each column holds, for the notes sheet of the XLSX template
NOTES: dict[str, str] = {
    "agency_record_id": "Your agency's own id of the record (FIR or case number). Required; "
    "sending the same id again updates the record.",
    "occurred_at": "Date and time: 2025-03-01 14:30 or 01/03/2025 14:30 (day first).",
    "arrested_on": "Date: 2025-03-01 or 01/03/2025 (day first).",
    "province": "ISO code: PK-BA, PK-KP, PK-PB, PK-SD, PK-GB, PK-IS, PK-JK, PK-TA.",
    "district": "District code (BA-QTA) or name (Quetta).",
    "place_type": "airport, seaport, dry_port, road, post_office, residence, warehouse, "
    "commercial, territorial_waters, international_waters, open_ground, other.",
    "transport_mode": "airplane, vessel, truck, car, postal, train_bus, pedestrian, none, other.",
    "place": "Free text.",
    "drug": "As reported (charas, pukki, ice…) or the UNODC name.",
    "quantity": "A number, at most three decimals.",
    "unit": "kg, g, L, mL, tablets, plants.",
    "nationality": "ISO country code: PK, AF, IR…",
    "role": "courier, driver, owner, financier, facilitator, dealer, cultivator, other.",
    "charges": "CNSA or immigration sections, separated by semicolons: 9(c); 6; FA-14.",
    "offence_category": "narcotics or illegal_stay.",
    "seizure_record_id": "Optional: your id of the seizure the arrest was made in.",
    "person_record_id": "Optional: your id of the person, so arrests of one man name one person.",
    "sex": "M, F or U.",
    "date_of_birth": "Date: 1985-06-15.",
    "cnic": "13 digits: 12345-1234567-1.",
    "passport": "Passport number.",
    "phone": "Phone number: 0300 1234567 or +92 300 1234567.",
}


def template_rows(record_type: str, profile: ImportProfile | None = None) -> list[list[str]]:
    """The header row and the example row, in the profile's headers and codes if given."""
    columns = columns_for(record_type)
    example = EXAMPLES[ImportRecordType(record_type)]
    headers = {column: column for column in columns}
    if profile is not None:
        for theirs, ours in (profile.column_map or {}).items():
            key = column_key(str(ours))
            if key in headers and headers[key] == key:
                headers[key] = str(theirs)  # the first header mapped to a column names it
    values = [_their_code(profile, column, example.get(column, "")) for column in columns]
    return [[headers[column] for column in columns], values]


def _their_code(profile: ImportProfile | None, column: str, value: str) -> str:
    if profile is None or not value:
        return value
    for mapped_column, codes in (profile.value_map or {}).items():
        if column_key(str(mapped_column)) != column or not isinstance(codes, dict):
            continue
        for theirs, ours in codes.items():
            if value_key(str(ours)) == value_key(value):
                return str(theirs)
    return value


def template_filename(record_type: str, profile: ImportProfile | None, format: str) -> str:
    base = f"nncc-{record_type}-template"
    if profile is not None:
        base = f"{base}-profile-{profile.pk}"
    return f"{base}.{format}"


def template_csv(record_type: str, profile: ImportProfile | None = None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in template_rows(record_type, profile):
        writer.writerow([neutralise_formula(cell) for cell in row])
    # A byte-order mark lets spreadsheet programs read Urdu names as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(record_type: str, profile: ImportProfile | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{record_type}s"  # the reader picks the sheet named like the record type
    header, example = template_rows(record_type, profile)
    sheet.append([neutralise_formula(cell) for cell in header])
    sheet.append([neutralise_formula(cell) for cell in example])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, text in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(text) + 4))
        # Text cells: a CNIC or a phone number typed here keeps its leading zeros and dashes.
        sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("notes")
    notes.append(["column", "nncc column", "what it holds"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for theirs, ours in zip(header, columns_for(record_type), strict=True):
        notes.append([neutralise_formula(theirs), ours, NOTES.get(ours, "")])
    notes.column_dimensions["A"].width = notes.column_dimensions["B"].width = 24
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
