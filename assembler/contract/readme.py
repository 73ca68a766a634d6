"""The README's table of the workbook's sheets and columns, written from the declaration.

Run `python -m assembler.contract.readme` in the repository to rewrite the table in README.md
after a sheet, a column or a list changed; tests/contract/test_readme.py fails while they differ.
Only the text between the two markers is written; the prose around it is the README's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assembler.contract import declaration as c
from assembler.contract.schema import Column, FieldSpec, Kind, SheetSpec, YearColumns
from assembler.contract.vocabulary import Vocabulary, load_vocabulary

BEGIN = "<!-- Arkenes tabel: skrevet af `python -m assembler.contract.readme` ud fra kontrakten; ret dér. -->"
END = "<!-- Slut på arkenes tabel. -->"
PLAIN_KINDS = (Kind.TEXT,)


def sheet_table(vocabulary: Vocabulary | None = None) -> str:
    """Return the Markdown between the markers: a row per sheet, its columns, then which may be left out."""
    vocabulary = vocabulary or load_vocabulary()
    rows = [
        "| Ark | Kolonner i række 1 (* skal udfyldes) |",
        "| --- | --- |",
        *(f"| {sheet_name(spec)} | {columns_text(spec, vocabulary)} |" for spec in c.SHEETS),
    ]
    absent = dict.fromkeys(f"`{col.header}`" for spec in c.SHEETS for col in spec.columns if col.may_be_absent)
    optional = [f"`{spec.name}`" for spec in c.SHEETS if spec.optional]
    note = (
        f"Kun {alternatives(list(absent), 'og')} må mangle som kolonner; "
        f"arkene {alternatives(optional, 'og')} må mangle helt."
    )
    return "\n".join([*rows, "", note])


def sheet_name(spec: SheetSpec) -> str:
    """Return a sheet's name as the table shows it, marked when the sheet may be left out."""
    return f"`{spec.name}` (kan udelades)" if spec.optional else f"`{spec.name}`"


def columns_text(spec: SheetSpec, vocabulary: Vocabulary) -> str:
    """Return a sheet's columns in row 1's order, each with what it holds; then the optional and older forms."""
    text = ", ".join(
        entry(item, vocabulary) if isinstance(item, Column) else years_text(item, spec) for item in spec.layout
    )
    for years in spec.year_columns:
        if not years.every_year:
            text += f"; `{years.prefix} <år>` ({years.kind.value}) kan tilføjes for enkelte år"
            if any(column.header == years.prefix for column in spec.columns):
                text += f" og gælder da i stedet for `{years.prefix}`"
        if years.single_is_status_year:
            text += (
                f"; en projektmappe fra før kolonnerne pr. år kan have én kolonne `{years.prefix}`, "
                "som læses som statusårets"
            )
    if spec is c.STAMDATA:
        fields = ", ".join(entry(field, vocabulary) for field in c.STAMDATA_FIELDS)
        text += f". Ét felt pr. række, navnet i `{spec.columns[0].header}`: {fields}"
    return text


def years_text(years: tuple[YearColumns, ...], spec: SheetSpec) -> str:
    """Return a run of per-year columns: `Budget <år>` og `Regnskab <år>` for hvert år i perioden (beløb)."""
    names = " og ".join(f"`{y.prefix} <år>`" for y in years)
    kinds = ", ".join(dict.fromkeys(y.kind.value for y in years))
    sign = "; negative er indtægter" if spec.negative_amounts else ""
    return f"{names} for hvert år i perioden ({kinds}{sign})"


def entry(column: Column | FieldSpec, vocabulary: Vocabulary) -> str:
    """Return a column (or Stamdata field) as `Navn`*, with what it must hold in parentheses."""
    name = column.header if isinstance(column, Column) else column.name
    holds = holds_text(column, vocabulary)
    return f"`{name}`{'*' if column.required else ''}{f' ({holds})' if holds else ''}"


def holds_text(column: Column | FieldSpec, vocabulary: Vocabulary) -> str:
    """Say what a cell of a column must hold: its kind, or the list in vocabulary.toml it names, with the values."""
    choices = column.choices
    if choices is None:
        if column.kind is Kind.YES_NO:
            return "`Ja` eller `Nej`"
        return "" if column.kind in PLAIN_KINDS else column.kind.value
    if choices.of_frame:
        own = f"`{vocabulary.own_frame_word}`"
        return f"et af bevillingsrammens `{choices.key}`; ved {own} et fra arket `{c.INDSATSOMRAADER.name}`"
    values = [f"`{value}`" for value in vocabulary.values(choices)]
    if column.kind is Kind.POINT:
        return f"nummeret på et punkt i `{choices.key}`: {alternatives(values, 'eller')}, eller punktets overskrift"
    return f"en af `{choices.key}`: {alternatives(values, 'eller')}"


def alternatives(items: list[str], word: str) -> str:
    """Return items as Danish lists them: 'A', 'A og B', 'A, B og C' (or 'eller')."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def with_sheet_table(readme: str, table: str) -> str:
    """Return the README's text with the table between the markers replaced."""
    before, found_begin, rest = readme.partition(BEGIN)
    _, found_end, after = rest.partition(END)
    if not found_begin or not found_end:
        raise ValueError(f"README.md has no lines {BEGIN!r} and {END!r} to write the sheet table between")
    return f"{before}{BEGIN}\n{table}\n{END}{after}"


def main(path: Path = Path("README.md")) -> None:
    """Rewrite the sheet table in a README (README.md in the current folder by default)."""
    path.write_text(with_sheet_table(path.read_text("utf-8"), sheet_table()), "utf-8")


if __name__ == "__main__":
    main(*(Path(arg) for arg in sys.argv[1:2]))
