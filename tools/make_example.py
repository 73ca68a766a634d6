"""Write the fictional example plan inputs/engparken.xlsx (run: python tools/make_example.py).

It starts from `assembler new-workbook`'s empty workbook, so the example always follows the
contract, and fills in a realistic 2019-26 plan: names, places and figures are invented. A copy
goes into the package (assembler/data/), where every template is tried on it: staff replace the
files in inputs/ with their own.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from assembler.contract.blank import write_blank_workbook
from assembler.contract.samples import example_workbook

TARGET = Path(__file__).resolve().parent.parent / "inputs" / "engparken.xlsx"

STAMDATA = {
    "Helhedsplan": "Boligsocial helhedsplan for Engparken og Solhøj",
    "Boligområder": "Engparken og Solhøj",
    "Boligorganisationer": "Boligselskabet Engen og Solhøj Boligforening",
    "Kommune": "Kildeby Kommune",
    "Statusår": 2025,
    "Statusdato": date(2026, 1, 20),
    "Projektleder": "Mette Kjær Andersen",
    "Mødeindkaldelser og referater udsendt rettidigt": "Ja",
    "Mødedato for ét-årseftersyn": date(2026, 3, 12),
}

# Participants in the meetings with LBF: Navn, Rolle, Organisation, Referent, and the year the meeting reviews.
DELTAGERE = [
    ("Ole Bak", "Konsulent", "Landsbyggefonden", "Nej", 2025),
    ("Lars Holm", "Direktør", "Boligselskabet Engen", "Nej", 2025),
    ("Hanne Berg", "Direktør for Børn og Unge", "Kildeby Kommune", "Nej", 2025),
    ("Jakob Nørgaard", "Jobcenterchef", "Kildeby Kommune", "Nej", 2025),
    ("Mette Kjær Andersen", "Projektleder for helhedsplanen", "", "Ja", 2025),
    ("Ole Bak", "Konsulent", "Landsbyggefonden", "Nej", 2024),
    ("Lars Holm", "Direktør", "Boligselskabet Engen", "Nej", 2024),
    ("Susanne Friis", "Jobcenterchef", "Kildeby Kommune", "Nej", 2024),
    ("Mette Kjær Andersen", "Projektleder for helhedsplanen", "", "Ja", 2024),
]

# The meetings with LBF, by the year they review, and the text per agenda point. The meeting on
# 12.3.2026 (Stamdata's Mødedato for ét-årseftersyn) reviews 2025, the statusår; the one on 13.3.2025
# reviewed 2024 and has its date in the Referat sheet.
MOEDEDATOER = {2024: date(2025, 3, 13)}

REFERAT = {
    2025: {
        "Indledning": [
            "Vi startede mødet med en kort gennemgang af de boligsociale data, som viser en positiv udvikling i "
            "både Engparken og Solhøj.",
        ],
        "1": [
            "Organiseringen fungerer godt. Bestyrelsen er udvidet med erhvervschefen fra Kildeby Erhvervsråd, "
            "som skal styrke samarbejdet med virksomhederne.",
            "LBF spurgte til styregruppen i Solhøj. Den forventes etableret i foråret 2026.",
        ],
        "2": [
            "Mentorordningen for kvinder er ikke startet, fordi målgruppen er mindre end forventet. "
            "Jobcentret og helhedsplanen udarbejder en ny projektbeskrivelse, og delaftalen for beskæftigelse "
            "revideres.\n"
            "LBF opfordrede til, at nye aktiviteter så vidt muligt retter sig mod forsørgere.",
        ],
        "3": [
            "Kommunen har endnu ikke indbetalt hele sin medfinansiering for 2025; Jakob Nørgaard bekræftede, "
            "at restbeløbet indbetales i andet kvartal 2026.",
        ],
    },
    2024: {
        "Indledning": ["Mødet var helhedsplanens midtvejsmøde med LBF."],
        "1": ["Den nye projektleder blev præsenteret. Bestyrelsen mødes fire gange om året."],
        "2": ["LBF bad om, at midtvejsevalueringen belyser, hvorfor virksomhedsnetværket er forsinket."],
        "3": ["Regnskabet for 2024 viser et lille merforbrug på personale, som dækkes af aktivitetsmidlerne."],
    },
}

BESTYRELSE = [
    ("Lars Holm", "Direktør", "Boligselskabet Engen", date(2023, 1, 1), None, "Ja", ""),
    ("Hanne Berg", "Direktør for Børn og Unge", "Kildeby Kommune", date(2023, 1, 1), None, "Ja", ""),
    ("Ali Demir", "Forretningsfører", "Solhøj Boligforening", date(2023, 1, 1), None, "Ja", ""),
    ("Birgitte Lund", "Politikommissær", "Kildeby Politi", date(2023, 1, 1), None, "Ja", ""),
    (
        "Susanne Friis",
        "Jobcenterchef",
        "Kildeby Kommune",
        date(2023, 1, 1),
        date(2025, 3, 31),
        "Nej",
        "grundet jobskifte",
    ),
    ("Jakob Nørgaard", "Jobcenterchef", "Kildeby Kommune", date(2025, 4, 1), None, "Ja", "i stedet for Susanne Friis"),
    (
        "Karim El-Sayed",
        "Erhvervschef",
        "Kildeby Erhvervsråd",
        date(2025, 9, 1),
        None,
        "Ja",
        "for at inddrage erhvervslivet i beskæftigelsesindsatsen",
    ),
]

MOEDER = [
    (date(2024, 3, 7), "Bestyrelsesmøde", ""),
    (date(2024, 9, 12), "Bestyrelsesmøde", ""),
    (date(2025, 3, 6), "Bestyrelsesmøde", "Godkendelse af årsregnskab 2024"),
    (date(2025, 6, 12), "Bestyrelsesmøde", ""),
    (date(2025, 9, 18), "Temamøde", "Beskæftigelse og samarbejdet med erhvervslivet"),
    (date(2025, 12, 4), "Bestyrelsesmøde", ""),
]

# The staff's text per point of the status report, by the year it is about.
PUNKTER_2025 = {
    "1": "Sekretariatet har i 2025 været fuldt bemandet med projektleder og fire boligsociale medarbejdere.\n"
    "Bestyrelsen har været aktiv og har givet sparring på strategien for beskæftigelsesindsatsen.",
    "2": "Styregruppen for Engparken består nu af beboere og mødes hver anden måned. I Solhøj er "
    "styregruppen endnu ikke etableret; det forventes i foråret 2026.",
    "3": "Samarbejdet med boligorganisationerne er godt. Ejendomskontorerne deltager i de månedlige "
    "koordineringsmøder.",
    "4": "Samarbejdet med Kildeby Kommune er tæt, særligt med jobcentret og Børn og Unge.",
    "S1": "Hovedparten af aktiviteterne er i gang og når deres mål. Mentorordningen for kvinder er ikke "
    "startet, fordi målgruppen er mindre end forventet; delaftalen for beskæftigelse revideres.\n"
    "Succeskriterierne er gennemgået på bestyrelsesmødet 4. december 2025.",
    "S2": "Aktivitetsmidlerne er ikke brugt fuldt ud, fordi beboerne selv planlægger flere aktiviteter. "
    "Kompetenceudvikling er gået over budget på grund af et ekstra kursus i konfliktmægling.",
    "S3a": "Helhedsplanen samarbejder med udviklingsplanen for Engparken og med kommunens "
    "områdebaserede indsats »Tryg i Kildeby«. Jensen & Søn ApS har sponsoreret sommerfestivalen.",
}

PUNKTER = {
    2025: PUNKTER_2025,
    2024: {
        "1": "Helhedsplanen var uden projektleder i tre måneder; stillingen blev besat 1. maj 2024.",
        "S1": "Aktiviteterne i uddannelsesindsatsen er kommet godt i gang. Forældrekurset Sprogstart startede "
        "først i efteråret.",
        "S2": "Midtvejsevalueringen er flyttet til 2025.",
    },
}

# Indsatsområde, Delaftale, Aktivitet, Succeskriterie, Måltal, then the result of 2023, 2024 and 2025
# (None: no result that year; 2026 has none yet), Status and Kommentar of the statusår.
FREMDRIFT = [
    (
        "Uddannelse og livschancer",
        "Delaftale om uddannelse og livschancer",
        "Lektiecafé",
        "Antal unikke deltagere",
        40,
        26,
        31,
        33,
        "Igangsat",
        "",
    ),
    (
        "Uddannelse og livschancer",
        "Delaftale om uddannelse og livschancer",
        "Lektiecafé",
        "Andel der deltager mindst 10 gange (%)",
        60,
        48,
        58,
        65,
        "Igangsat",
        "",
    ),
    (
        "Uddannelse og livschancer",
        "Delaftale om uddannelse og livschancer",
        "Forældrekurset Sprogstart",
        "Antal forældre, der gennemfører",
        24,
        None,
        12,
        18,
        "Forsinket",
        "Opstart udskudt til august pga. manglende lokaler.",
    ),
    (
        "Uddannelse og livschancer",
        "Delaftale om uddannelse og livschancer",
        "Fritidsjobindsats",
        "Antal unge i fritidsjob",
        30,
        22,
        28,
        34,
        "Gennemført",
        "",
    ),
    (
        "Beskæftigelse",
        "Delaftale om beskæftigelse",
        "Jobcafé",
        "Antal borgere i kontakt med jobcaféen",
        120,
        95,
        118,
        131,
        "Igangsat",
        "",
    ),
    (
        "Beskæftigelse",
        "Delaftale om beskæftigelse",
        "Jobcafé",
        "Antal borgere i job eller uddannelse",
        35,
        14,
        19,
        21,
        "Igangsat",
        "",
    ),
    (
        "Beskæftigelse",
        "Delaftale om beskæftigelse",
        "Virksomhedsnetværk",
        "Antal virksomhedspartnere",
        15,
        4,
        7,
        9,
        "Forsinket",
        "",
    ),
    (
        "Beskæftigelse",
        "Delaftale om beskæftigelse",
        "Mentorordning for kvinder",
        "Antal deltagere",
        20,
        None,
        None,
        None,
        "Ikke igangsat",
        "Målgruppen er mindre end forventet; delaftalen revideres.",
    ),
    (
        "Kriminalitetsforebyggelse",
        "Delaftale om kriminalitetsforebyggelse",
        "Gadeteam",
        "Antal opsøgende kontakter",
        400,
        310,
        388,
        452,
        "Igangsat",
        "",
    ),
    (
        "Kriminalitetsforebyggelse",
        "Delaftale om kriminalitetsforebyggelse",
        "Gadeteam",
        "Antal unge i forløb",
        25,
        15,
        19,
        22,
        "Igangsat",
        "",
    ),
    (
        "Kriminalitetsforebyggelse",
        "Delaftale om kriminalitetsforebyggelse",
        "Forældrenetværk",
        "Antal forældre i netværket",
        15,
        None,
        None,
        None,
        "Ikke igangsat",
        "",
    ),
    (
        "Kriminalitetsforebyggelse",
        "Delaftale om kriminalitetsforebyggelse",
        "Tryghedsvandringer",
        "Antal tryghedsvandringer",
        4,
        4,
        3,
        4,
        "Gennemført",
        "",
    ),
    (
        "Sammenhængskraft og medborgerskab",
        "Delaftale om sammenhængskraft og medborgerskab",
        "Beboerrådgivning",
        "Antal rådgivningssamtaler",
        300,
        240,
        296,
        287,
        "Igangsat",
        "",
    ),
    (
        "Sammenhængskraft og medborgerskab",
        "Delaftale om sammenhængskraft og medborgerskab",
        "Frivilligcenter",
        "Antal aktive frivillige",
        50,
        28,
        36,
        41,
        "Igangsat",
        "",
    ),
    (
        "Sammenhængskraft og medborgerskab",
        "Delaftale om sammenhængskraft og medborgerskab",
        "Frivilligcenter",
        "Antal nye foreninger",
        2,
        1,
        None,
        0,
        "Igangsat",
        "",
    ),
    (
        "Sammenhængskraft og medborgerskab",
        "Delaftale om sammenhængskraft og medborgerskab",
        "Sommerfestivalen Engparken Lever",
        "Antal deltagere",
        800,
        650,
        720,
        950,
        "Gennemført",
        "Jensen & Søn ApS sponsorerede scenen.",
    ),
]

# Post, Kategori, then (budget, regnskab) for 2023-2026; regnskab None for the open year 2026.
BUDGET = [
    ("Projektleder", "Personale", [(650_000, 640_210), (650_000, 655_300), (660_000, 662_480), (660_000, None)]),
    (
        "Boligsociale medarbejdere",
        "Personale",
        [(1_450_000, 1_398_250), (1_450_000, 1_462_000), (1_480_000, 1_471_900), (1_480_000, None)],
    ),
    ("Aktivitetsmidler", "Aktiviteter", [(300_000, 210_450), (300_000, 287_300), (300_000, 241_675), (300_000, None)]),
    ("Kompetenceudvikling", "Aktiviteter", [(40_000, 38_200), (40_000, 44_100), (40_000, 51_200), (40_000, None)]),
    (
        "Husleje og drift af lokaler",
        "Administration",
        [(180_000, 180_000), (180_000, 182_400), (185_000, 184_100), (185_000, None)],
    ),
    ("Administration", "Administration", [(120_000, 118_000), (120_000, 121_000), (120_000, 119_500), (120_000, None)]),
    ("Revision", "Revision", [(35_000, 35_000), (35_000, 36_250), (37_500, 37_500), (37_500, None)]),
    ("Midtvejsevaluering", "Evaluering", [(0, 0), (0, 0), (60_000, 48_000), (0, None)]),
    ("Kommunikation", "Øvrige", [(25_000, 19_800), (25_000, 22_300), (25_000, 26_900), (25_000, None)]),
]

# Kilde, then (tilsagn, indbetalt) for 2023-2026; indbetalt None where nothing is paid yet.
FINANSIERING = [
    ("Landsbyggefonden", [(2_100_000, 2_100_000), (2_100_000, 2_100_000), (2_100_000, 2_100_000), (2_100_000, None)]),
    ("Kildeby Kommune", [(450_000, 450_000), (450_000, 450_000), (450_000, 300_000), (450_000, None)]),
    ("Boligorganisationerne", [(250_000, 250_000), (250_000, 250_000), (250_000, 250_000), (250_000, None)]),
    ("Fonden for Socialt Ansvar", [(0, None), (100_000, 100_000), (100_000, 50_000), (0, None)]),
]


def fill(path: Path, scale: int = 1) -> None:
    """Fill the empty workbook at path with the example plan; scale > 1 repeats every list that many times."""
    workbook = load_workbook(path)
    stamdata = workbook["Stamdata"]
    for row in range(2, stamdata.max_row + 1):
        field = stamdata.cell(row, 1).value
        if field in STAMDATA:
            stamdata.cell(row, 2, STAMDATA[field])
    write_rows(workbook["Bestyrelse"], repeated(BESTYRELSE, scale, 0))
    write_rows(workbook["Møder"], repeated(MOEDER, scale, 0))
    # One row per point and year by contract, so a larger plan has longer texts: `scale` paragraphs each.
    points = [
        (key, "\n".join([text] * scale), year)
        for year, texts in PUNKTER.items()
        for key, text in texts.items()
    ]
    write_rows(workbook["Opmærksomhedspunkter"], clear(workbook["Opmærksomhedspunkter"], points))
    # Each result of 2023-2025, then an empty one for 2026, which has not come yet.
    fremdrift = [(*row[:8], None, *row[8:]) for row in FREMDRIFT]
    write_rows(workbook["Fremdrift"], repeated(fremdrift, scale, 2))
    budget = [(post, kat, *[v for pair in years for v in pair]) for post, kat, years in BUDGET]
    write_rows(workbook["Budget"], repeated(budget, scale, 0))
    financing = workbook["Finansiering"]
    sources = [(kilde, *[v for pair in years for v in pair]) for kilde, years in FINANSIERING]
    write_rows(financing, clear(financing, sources[:1] + repeated(sources[1:], scale, 0)))
    write_rows(workbook["Deltagere"], repeated(DELTAGERE, scale, 0))
    referat = [
        (key, "\n".join(texts * scale), year, MOEDEDATOER.get(year) if key == "Indledning" else None)
        for year, meeting in REFERAT.items()
        for key, texts in meeting.items()
    ]
    write_rows(workbook["Referat"], clear(workbook["Referat"], referat))
    workbook.save(path)


def clear(sheet: object, rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Empty what new-workbook wrote below row 1 (its headings and years), and return the rows to write there."""
    for row in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        for cell in row:
            cell.value = None
    return rows


def repeated(rows: list[tuple[object, ...]], scale: int, name_column: int | None = None) -> list[tuple[object, ...]]:
    """Return the rows `scale` times; copies after the first get ' 2', ' 3', … after the name in name_column
    (a date there a day later per copy), so each row keeps a key of its own."""
    result = list(rows)
    for copy in range(2, scale + 1):
        for row in rows:
            values = list(row)
            if name_column is not None:
                value = values[name_column]
                shifted = value + timedelta(days=copy - 1) if isinstance(value, date) else f"{value} {copy}"
                values[name_column] = shifted
            result.append(tuple(values))
    return result


def write_example(path: Path, scale: int = 1) -> Path:
    """Write the example plan (or a `scale` times larger one) to path and return it."""
    write_blank_workbook(path, "2019-26", first_year=2023)
    fill(path, scale)
    return path


def write_rows(sheet: object, rows: list[tuple[object, ...]]) -> None:
    """Write rows from row 2 down."""
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            sheet.cell(r, col, value)  # type: ignore[attr-defined]


def main() -> None:
    """Write inputs/engparken.xlsx, and its copy in the package."""
    write_example(TARGET)
    example_workbook().write_bytes(TARGET.read_bytes())
    print(f"Skrev {TARGET} og {example_workbook()}")


if __name__ == "__main__":
    main()
