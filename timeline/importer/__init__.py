"""Importing any event table (CSV, TSV, Excel) into the data contract, losing nothing.

read_table (tables) decodes (encodings) and splits the file, propose_mapping (mapping) guesses
which column feeds which field, import_table (conversion) reads dates (dates) and links (sources),
converts and validates through load.parse_events, and write_import saves OUT.csv beside
OUT.rejected.csv. Every data row of the source ends up in exactly one of the two.
"""

from timeline.importer.conversion import (
    MAX_LABELS,
    UNSPECIFIED,
    ImportResult,
    content_key,
    import_file,
    import_table,
    is_contract_file,
    is_foreign_table,
    load_any,
    near_duplicate_labels,
    reason,
    rejected_path,
    rejected_rows,
    write_atomic,
    write_import,
)
from timeline.importer.dates import DATE_FORMATS, EXCEL_SERIAL, DateReading, parse_dates
from timeline.importer.encodings import TEXT_ENCODINGS, decode
from timeline.importer.errors import UnreadableFile
from timeline.importer.mapping import (
    CATEGORY_FIELDS,
    FIELDS,
    JOINERS,
    NAME_HINTS,
    PRESETS,
    Mapping,
    Preset,
    apply_overrides,
    detect_preset,
    normalise_name,
    preset_mapping,
    propose_mapping,
    read_type_map,
)
from timeline.importer.sources import split_sources
from timeline.importer.tables import (
    DEFAULT_MAX_MB,
    DELIMITERS,
    EXCEL_SUFFIXES,
    MAX_COLUMNS,
    PREVIEW_ROWS,
    Table,
    read_source,
    read_table,
    sniff_delimiter,
)

__all__ = [
    "CATEGORY_FIELDS",
    "DATE_FORMATS",
    "DEFAULT_MAX_MB",
    "DELIMITERS",
    "EXCEL_SERIAL",
    "EXCEL_SUFFIXES",
    "FIELDS",
    "JOINERS",
    "MAX_COLUMNS",
    "MAX_LABELS",
    "NAME_HINTS",
    "PRESETS",
    "PREVIEW_ROWS",
    "TEXT_ENCODINGS",
    "UNSPECIFIED",
    "DateReading",
    "ImportResult",
    "Mapping",
    "Preset",
    "Table",
    "UnreadableFile",
    "apply_overrides",
    "content_key",
    "decode",
    "detect_preset",
    "import_file",
    "import_table",
    "is_contract_file",
    "is_foreign_table",
    "load_any",
    "near_duplicate_labels",
    "normalise_name",
    "parse_dates",
    "preset_mapping",
    "propose_mapping",
    "read_source",
    "read_table",
    "read_type_map",
    "reason",
    "rejected_path",
    "rejected_rows",
    "sniff_delimiter",
    "split_sources",
    "write_atomic",
    "write_import",
]
