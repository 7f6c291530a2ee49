"""Tables in the formats spreadsheets open: CSV for a spreadsheet set to French, and Excel.
The cells hold what people typed: shown as text, never run as formulas."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

# What a spreadsheet reads as the start of a formula. The cells hold what people typed
# (names, organisations): shown as text, never run ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_for_a_spreadsheet(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # the apostrophe spreadsheets themselves use for "this is text"
    return value


def as_csv(header: list[str], rows: list[list]) -> bytes:
    # UTF-8 with a BOM and semicolons: what a spreadsheet set to French opens correctly.
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(header)
    writer.writerows([as_text_for_a_spreadsheet(value) for value in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")


def as_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
