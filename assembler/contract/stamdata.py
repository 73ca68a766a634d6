"""The Stamdata sheet: one field per row (Felt, Værdi), each parsed by its declared kind, the period checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from assembler.contract import declaration as c
from assembler.contract.cells import (
    EXCEL_1900_EPOCH,
    CellValueError,
    describe,
    parse_date,
    parse_year,
    parse_yes_no,
    typed_year,
)
from assembler.contract.model import Stamdata
from assembler.contract.schema import FieldSpec, Kind
from assembler.contract.tables import Problems, RowReader, Table, read_rows
from assembler.contract.vocabulary import Vocabulary, normalize
from assembler.danish import format_period
from assembler.errors import Location
from assembler.read.sheet import CellValue

# Characters no file name on Windows may hold; the status report's own name is a file name.
FILE_NAME_UNSAFE = re.compile(r'[<>:"/\\|?*]')
# Periode start and Periode slut may be a bare year: its first and its last day.
PERIOD_ENDS = {"periode_start": False, "periode_slut": True}


def read_stamdata(table: Table | None, vocabulary: Vocabulary, problems: Problems) -> Stamdata | None:
    """Read the Felt/Værdi rows; return None when a required field is missing or wrong."""
    if table is None:
        return None
    fields = {normalize(f.name): f for f in c.STAMDATA_FIELDS}
    values: dict[str, Any] = {}
    seen: dict[str, Location] = {}
    blank: set[str] = set()
    felt, vaerdi = c.STAMDATA.header("field"), c.STAMDATA.header("value")
    for reader in read_rows(table, problems):
        spec = fields.get(normalize(reader.text(felt, required=False)))
        if spec is None:
            continue
        if spec.attribute in seen:
            problems.error(reader.location(felt), f"feltet '{spec.name}' står også i {seen[spec.attribute].cell}")
            continue
        seen[spec.attribute] = reader.location(vaerdi)
        if reader.raw(vaerdi) is None:
            blank.add(spec.attribute)
        value = read_field(reader, spec, vocabulary)
        if value is not None:
            values[spec.attribute] = value
    for spec in c.STAMDATA_FIELDS:
        if spec.required and spec.attribute not in seen:
            problems.error(
                table.sheet.location(), f"feltet '{spec.name}' mangler; tilføj en række med {felt} '{spec.name}'"
            )
    if any(f.required and f.attribute not in values for f in c.STAMDATA_FIELDS):
        return None
    stamdata = Stamdata(**values)
    check_period(stamdata, seen, problems)
    check_report_name(stamdata, seen, problems)
    warn_without_statusdato(table, seen, blank, problems)
    return stamdata


def read_field(reader: RowReader, spec: FieldSpec, vocabulary: Vocabulary) -> Any:
    """Parse one Stamdata value by its kind."""
    vaerdi = c.STAMDATA.header("value")
    if spec.kind is Kind.TEXT:
        text = reader.text(vaerdi, required=spec.required, label=spec.name)
        if spec.max_length is not None and len(text) > spec.max_length:
            reader.problems.error(
                reader.location(vaerdi),
                f"{spec.name} er {len(text)} tegn lang; den må højst være {spec.max_length} tegn, "
                "fordi den står i rapporternes titel og egenskaber. Forkort den",
            )
            return None
        return text or None
    if spec.kind is Kind.FRAME:
        return reader.value(vaerdi, lambda v: parse_frame(v, vocabulary), label=spec.name)
    parsers: dict[Kind, Callable[[CellValue], Any]] = {
        Kind.DATE: lambda v: parse_stamdata_date(v, spec.attribute, reader.epoch),
        Kind.YEAR: parse_year,
        Kind.YES_NO: parse_yes_no,
    }
    return reader.value(vaerdi, parsers[spec.kind], required=spec.required, label=spec.name)


def parse_frame(value: CellValue, vocabulary: Vocabulary) -> str:
    """Return the key of the bevillingsramme a cell names ('Egen' for a plan's own list)."""
    if isinstance(value, str) and vocabulary.is_own_frame(value):
        return vocabulary.own_frame_word
    frame = vocabulary.find_frame(str(value)) if isinstance(value, str | int) else None
    if frame is None:
        keys = ", ".join(f.key for f in vocabulary.frames)
        raise CellValueError(
            f"ukendt bevillingsramme {describe(value)}. Brug en af: {keys} – eller {vocabulary.own_frame_word} "
            f"med planens egne indsatsområder i arket {c.INDSATSOMRAADER.name}"
        )
    return frame.key


def parse_stamdata_date(value: CellValue, attribute: str, epoch: datetime = EXCEL_1900_EPOCH) -> date:
    """Return a Stamdata date; only the period's ends may be a bare year (Statusdato may not)."""
    if attribute in PERIOD_ENDS:
        return parse_period_bound(value, end=PERIOD_ENDS[attribute], epoch=epoch)
    return parse_date(value, epoch)


def parse_period_bound(value: CellValue, *, end: bool, epoch: datetime = EXCEL_1900_EPOCH) -> date:
    """Return a date; a bare year means its first (or, for an end, last) day."""
    year = typed_year(value, epoch)
    if year is not None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    return parse_date(value, epoch)


def check_period(stamdata: Stamdata, seen: dict[str, Location], problems: Problems) -> None:
    """Check that the period runs forward and holds the status year."""
    start, end = stamdata.periode_start, stamdata.periode_slut
    if start and end and end < start:
        start_name, end_name = c.stamdata_field("periode_start").name, c.stamdata_field("periode_slut").name
        problems.error(seen["periode_slut"], f"{end_name} ligger før {start_name}")
    elif stamdata.years is not None and stamdata.statusaar not in stamdata.years:
        period = format_period(stamdata.years.start, stamdata.years.stop - 1)
        problems.error(
            seen["statusaar"],
            f"statusåret {stamdata.statusaar} ligger uden for perioden {period}",
        )


def check_report_name(stamdata: Stamdata, seen: dict[str, Location], problems: Problems) -> None:
    """Check that the status report's own name can stand in a file name on Windows, macOS and Linux."""
    unsafe = sorted(set(FILE_NAME_UNSAFE.findall(stamdata.statusrapport)))
    if unsafe:
        name = c.stamdata_field("statusrapport").name
        problems.error(
            seen["statusrapport"],
            f"{name} står i rapportens filnavn og må ikke indeholde {' '.join(unsafe)}; ret navnet",
        )


def warn_without_statusdato(table: Table, seen: dict[str, Location], blank: set[str], problems: Problems) -> None:
    """Warn once when Statusdato is empty or missing: the reports then carry no date, never the day they are built."""
    name = c.stamdata_field("statusdato").name
    without = "så rapporterne står uden dato"
    if "statusdato" in blank:
        problems.warn(seen["statusdato"], f"{name} er tom, {without}. Skriv rapporternes dato her, fx 9.12.2019")
    elif "statusdato" not in seen:
        felt = c.STAMDATA.header("field")
        problems.warn(
            table.sheet.location(),
            f"feltet '{name}' mangler, {without}. Tilføj en række med {felt} '{name}' og rapporternes dato",
        )
