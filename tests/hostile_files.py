"""Small files that would become huge once read: built in code, written in a second or two."""

from __future__ import annotations

import zipfile
from pathlib import Path

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
        ' Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Events" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        ' Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>title</t></is></c></row>'
)


def _row(n: int, last_column: str | None = None) -> str:
    cells = (
        f'<c r="A{n}" t="inlineStr"><is><t>2024-01-01</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>event</t></is></c>'
    )
    if last_column:
        cells += f'<c r="{last_column}{n}"><v>1</v></c>'
    return f'<row r="{n}">{cells}</row>'


def _workbook(path: Path, rows, dimension: str | None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in _PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            if dimension:
                head += f'<dimension ref="{dimension}"/>'
            sheet.write((head + "<sheetData>" + HEADER).encode())
            chunk: list[str] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) == 10_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return path


# Rows and cells may leave out their positions, so every row can be the same bytes.
_SAME_ROW = (
    '<row><c t="inlineStr"><is><t>2024-01-01</t></is></c>'
    '<c t="inlineStr"><is><t>event</t></is></c></row>'
)


def zip_bomb(path: Path, rows: int = 5_000_000) -> Path:
    """A workbook of `rows` identical events and no declared size: ~1 MB inflating to ~500 MB."""
    return _workbook(path, (_SAME_ROW for _ in range(rows)), None)


def wide_sheet(path: Path, rows: int = 20_000, dimension: bool = True) -> Path:
    """A workbook with a value in column XFD (16,384) of every row, as the issue's 232 KB file."""
    declared = f"A1:XFD{rows + 1}" if dimension else None
    return _workbook(path, (_row(n, "XFD") for n in range(2, rows + 2)), declared)


def long_rows(path: Path, rows: int, dimension: bool = False) -> Path:
    """A plain, valid workbook of `rows` events, optionally without a declared size."""
    declared = f"A1:B{rows + 1}" if dimension else None
    return _workbook(path, (_row(n) for n in range(2, rows + 2)), declared)
