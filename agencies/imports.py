"""Reading a UPP list from CSV or XLSX for the Admin Lokal's bulk import, with per-row errors."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from agencies.models import Agency, Unit

MAX_ROWS = 500
COLUMNS = {
    "name": ("name", "nama", "nama upp", "nama unit"),
    "head_name": ("head_name", "kepala", "nama kepala", "kepala unit"),
    "email": ("email", "surel"),
    "phone": ("phone", "telepon", "no telepon", "nomor telepon"),
    "address": ("address", "alamat"),
}


@dataclass
class ParsedRow:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)


class ImportFileError(Exception):
    pass


def _rows_from_file(uploaded) -> list[list[str]]:
    data = uploaded.read()
    if data[:2] == b"PK":  # an XLSX file is a zip archive
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception:
            raise ImportFileError(_("The spreadsheet could not be read. Save it as .xlsx or .csv.")) from None
        return [
            ["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def parse_units(uploaded, *, agency: Agency) -> list[ParsedRow]:
    """Rows of the file as unit fields, each with the errors that would stop it being imported."""
    rows = [row for row in _rows_from_file(uploaded) if any(row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header = [cell.lower() for cell in rows[0]]
    positions = {}
    for key, names in COLUMNS.items():
        for index, title in enumerate(header):
            if title in names:
                positions[key] = index
    if "name" not in positions:
        raise ImportFileError(_("The first row must name the columns; a column “nama” (or “name”) is required."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(max)d UPPs can be imported at once.") % {"max": MAX_ROWS})

    existing = {name.lower() for name in Unit.objects.filter(agency=agency).values_list("name", flat=True)}
    seen: set[str] = set()
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        values = {key: (row[index] if index < len(row) else "") for key, index in positions.items()}
        values["name"] = " ".join(values["name"].split())
        item = ParsedRow(number=number, values=values)
        name_key = values["name"].lower()
        if not values["name"]:
            item.errors.append(_("The name is empty."))
        elif len(values["name"]) > Unit._meta.get_field("name").max_length:
            item.errors.append(_("The name is longer than 200 characters."))
        elif name_key in existing:
            item.errors.append(_("A UPP with this name already exists."))
        elif name_key in seen:
            item.errors.append(_("This name appears twice in the file."))
        if values.get("email") and "@" not in values["email"]:
            item.errors.append(_("The email address is not valid."))
        seen.add(name_key)
        parsed.append(item)
    return parsed
