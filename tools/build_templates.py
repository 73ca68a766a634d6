"""The source of the default templates: `make templates` writes templates/docx/ from it.

Every text of the templates is written once in tools/: here (each document's structure, its
headings and the texts that stand in one place) or in drafted_text.py (the sentences composed from
the figures, and texts that several places share). The points' headings and the tables' total come
from assembler/data/vocabulary.toml, the documents' titles and file names from assembler.documents.
The .docx files are generated: never edit them by hand (tests/test_template_source.py fails when
they differ from what this writes). Staff edit their own copies (`assembler templates export`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assembler.contract.declaration import BESTYRELSE, FREMDRIFT
from assembler.contract.vocabulary import load_vocabulary
from assembler.documents import DOCUMENTS, DocumentSpec
from tools.docx_builder import Col, TemplateWriter
from tools.drafted_text import (
    AREA_SENTENCE,
    BUDGET_SENTENCE,
    DEADLINE_SENTENCE,
    DEVELOPMENT_SENTENCE,
    FINANCING_SENTENCE,
    GRANT_SENTENCE,
    LBF,
    NO_BUDGET,
    NO_CHART,
    PROGRESS_SENTENCE,
    SIGN_SENTENCE,
    UNCOVERED_SENTENCE,
    UNPAID_INTRO,
    all_paid,
    joined,
    listing,
    no_budget,
    no_regnskab_yet,
    no_tilsagn,
    over_budget,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "docx"
NBSP = "\u00a0"
THE_PERIOD = "perioden"
SUBTITLE = "{{ plan.navn }}, {{ plan.kommune }}"
# A member in running text: »Jakob Nørgaard, jobcenterchef, Kildeby Kommune, er indtrådt …«.
APPOSITION = "{{ m.navn }}{% if m.stilling %}, {{ m.stilling }},{% endif %}"
# Where a late activity's reason is empty: a frame of its own (»Skriv her«), so what is typed there is the person's.
WRITE_REASON = (
    f"[Skriv begrundelse i kolonnen {FREMDRIFT.header('kommentar')} i arket {FREMDRIFT.name}, eller skriv den her]"
)
PER_POST = "Pr. post:"
PER_KATEGORI = "Pr. kategori:"

# Column headers that more than one table has; amounts in kroner say so in the header.
KR = " (kr.)"
INDSATSOMRAADE = "Indsatsområde"
STATUS = "Status"
AAR = "År"
AKTIVITET = "Aktivitet"
SUCCESKRITERIE = "Succeskriterie"
MAALTAL = "Måltal"
RESULTAT = "Resultat"
MAALOPFYLDELSE = "Mål-opfyldelse"
POST = "Post"
KATEGORI = "Kategori"
BUDGET = "Budget" + KR
REGNSKAB = "Regnskab" + KR
FORBRUG = "Forbrug"
KILDE = "Kilde"
TILSAGN = "Tilsagn" + KR
INDBETALT = "Indbetalt" + KR
MANGLER = "Mangler" + KR
# A total row is named as the sums assembler computes are, in the package's data file.
I_ALT = load_vocabulary().total_label


def heading_of(key: str) -> str:
    """Return the default heading of a numbered point, from the package's data file."""
    return next(a.heading for a in load_vocabulary().afsnit if a.key == key)


def agenda_heading(key: str) -> str:
    """Return the referat's agenda heading for a point, from the package's data file."""
    return next(a.heading for a in load_vocabulary().referat_points if a.key == key)


def extra_points(w: TemplateWriter, points: str, level: int) -> None:
    """Each point added in vocabulary.toml beyond those the template names: its heading and text."""
    w.tag(f"for ekstrapunkt in {points}")
    w.heading("{{ ekstrapunkt.overskrift }}", level)
    w.text_or_placeholder("ekstrapunkt", "Skriv teksten til punktet i projektmappen.")
    w.tag("endfor")


def new_template(heading: str, subject: str, footer: str) -> TemplateWriter:
    """A template with its title and the plan's name under it, the plan's name and `footer` in the footer."""
    # The properties' title is not laid out in lines, so it needs no non-breaking spaces.
    w = TemplateWriter(title=f"{heading} – {{{{ plan.navn }}}}".replace(NBSP, " "), subject=subject)
    w.footer(f"{{{{ plan.navn }}}} · {footer}")
    w.title(heading, SUBTITLE)
    return w


def report(spec: DocumentSpec, readers: str = LBF) -> TemplateWriter:
    """A report of the status year to `readers`: its title, the plan's key facts.

    The status report takes its name and readers from the plan's year (rapport.navn).
    """
    name, readers = ("{{ rapport.navn }}", "{{ rapport.modtager }}") if spec.is_status_report else (spec.title, readers)
    heading = f"{name} {{{{ plan.statusaar }}}}"
    w = new_template(heading, f"{name} til {readers}, {{{{ plan.kommune }}}}", heading)
    w.when("plan.boligomraader", "Boligområder: {{ plan.boligomraader }}")
    w.when("plan.boligorganisationer", "Boligorganisationer: {{ plan.boligorganisationer }}")
    w.para("Bevillingsramme: {{ plan.bevillingsramme }}{% if plan.periode %}, periode {{ plan.periode }}{% endif %}")
    # The reports' one date is the workbook's Statusdato: without it there is none, never the day of the build.
    w.when("plan.statusdato", "Statusdato: {{ plan.statusdato }}")
    return w


def chart_or_sentence(w: TemplateWriter, expression: str) -> None:
    """A chart, or a sentence saying it is left out when it has nothing to show."""
    w.tag(f"if {expression}.har_data")
    w.chart(expression)
    w.tag("else")
    w.para(NO_CHART)
    w.tag("endif")


def etaarsstatus(spec: DocumentSpec) -> TemplateWriter:
    """The status report of every year, following seed 001's etårsstatus heading for heading.

    Its name fits the plan's year (Etårsstatus, Midtvejsstatus, Årsstatus, Slutstatus); after the
    first year it adds the development over the years.
    """
    w = report(spec)

    w.heading("Organisering", 1)
    w.heading("Deltagende bestyrelsesmedlemmer til {{ rapport.navn_i_tekst }}:", 2)
    w.tag("if bestyrelse.deltagere")
    w.table(
        "for m in bestyrelse.deltagere",
        [
            Col("Navn", "{{ m.navn }}", width_cm=5),
            Col("Titel", "{{ m.titel }}", width_cm=5.5),
            Col("Organisation", "{{ m.organisation }}", width_cm=5.5),
        ],
    )
    w.tag("else")
    w.para(f"[Skriv Ja i kolonnen »{BESTYRELSE.header('deltager')}« i arket Bestyrelse for de deltagende medlemmer.]")
    w.tag("endif")

    w.heading("Datoer for afholdte møder {{ plan.statusaar }}:", 2)
    w.bullets(
        "for m in moeder",
        "{{ m.dato }}{% if m.moedetype %} – {{ m.moedetype }}{% endif %}",
        "{% if m.bemaerkning %}: {{ m.bemaerkning }}{% endif %}",
    )
    w.when("not moeder", "[Der er ikke registreret møder i {{ plan.statusaar }} i arket Møder.]")

    w.heading("Ændringer ift. bestyrelse:", 2)
    w.heading("Indtrådt i bestyrelsen", 3)
    w.bullets(
        "for m in bestyrelse.indtraadte",
        APPOSITION + " er indtrådt i bestyrelsen {{ m.dato }}",
        "{% if m.bemaerkning %}, {{ m.bemaerkning }}{% endif %}.",
    )
    w.when("not bestyrelse.indtraadte", "Ingen nye medlemmer i {{ plan.statusaar }}.")
    w.heading("Trådt ud af bestyrelsen:", 3)
    w.bullets(
        "for m in bestyrelse.udtraadte",
        APPOSITION + " er trådt ud af bestyrelsen {{ m.dato }}",
        "{% if m.bemaerkning %}, {{ m.bemaerkning }}{% endif %}.",
    )
    w.when("not bestyrelse.udtraadte", "Ingen medlemmer er trådt ud i {{ plan.statusaar }}.")
    w.tag('if bestyrelse.rettidig_udsendelse == "ja"')
    w.para("Mødeindkaldelser og referater er blevet udsendt rettidigt.")
    w.tag('elif bestyrelse.rettidig_udsendelse == "nej"')
    w.para("Mødeindkaldelser og referater er ikke blevet udsendt rettidigt.")
    w.tag("else")
    w.para("[Skriv, om mødeindkaldelser og referater er blevet udsendt rettidigt.]")
    w.tag("endif")

    for key, placeholder in (
        ("1", "Skriv opmærksomhedspunkter vedr. daglig ledelse og bemanning."),
        ("2", "Skriv opmærksomhedspunkter vedr. bestyrelsens samspil med styre- og følgegrupper."),
        ("3", "Skriv opmærksomhedspunkter vedr. samarbejdet med boligorganisationerne."),
        ("4", "Skriv opmærksomhedspunkter vedr. samarbejdet med kommunen."),
    ):
        w.heading(heading_of(key), 2)
        w.text_or_placeholder(f"punkter.p{key}", placeholder)

    w.heading("Opfølgning på det strategiske samarbejde og målopfyldelse", 1)
    w.heading(heading_of("S1"), 2)
    w.para(PROGRESS_SENTENCE)
    strategic_progress(w)
    w.text_or_placeholder(
        "punkter.s1", "Skriv status og opmærksomhedspunkter vedr. samarbejdsaftalen og målopfyldelsen."
    )
    strategic_development(w)
    w.heading(heading_of("S2"), 2)
    w.para(BUDGET_SENTENCE)
    w.when("rapport.viser_udvikling", GRANT_SENTENCE)
    w.when("oekonomi.budget_over_tilsagn", UNCOVERED_SENTENCE)
    strategic_budget(w)
    w.text_or_placeholder("punkter.s2", "Skriv opmærksomhedspunkter vedr. budgettet.")
    w.heading(heading_of("S3a"), 2)
    w.text_or_placeholder(
        "punkter.s3a", "Skriv opmærksomhedspunkter vedr. samspillet med øvrige tiltag og områdebaserede indsatser."
    )
    w.tag("if punkter.s3b.har_tekst")
    w.heading(heading_of("S3b"), 2)
    w.repeat("for afsnit in punkter.s3b.afsnit", "{{ afsnit }}")
    w.tag("endif")
    extra_points(w, "punkter.oevrige", 2)

    w.heading("Opfølgning på fremdrift og målopfyldelse i indsatser og aktiviteter", 1)
    w.para("Se medsendte fremdriftsrapport")
    return w


def strategic_progress(w: TemplateWriter) -> None:
    """One overview table of the indsatsområder and the lagging activities; details are in the fremdriftsrapport."""
    w.tag("if fremdrift.indsatsomraader")
    w.para(
        "Status pr. indsatsområde; de enkelte aktiviteter og succeskriterier står i den medsendte fremdriftsrapport."
    )
    w.table(
        "for o in fremdrift.indsatsomraader",
        [
            Col(INDSATSOMRAADE, "{{ o.navn }}", total=I_ALT, width_cm=4.4),
            Col(
                "Aktiviteter",
                "{{ o.aktiviteter_i_alt }}",
                numeric=True,
                total="{{ fremdrift.aktiviteter_i_alt }}",
                width_cm=2.2,
            ),
            Col(
                "Aktiviteternes status", listing("o.statusantal"), total=listing("fremdrift.statusantal"), width_cm=4.7
            ),
            Col("Succeskriterier", listing("o.baandantal"), total=listing("fremdrift.baandantal"), width_cm=4.7),
        ],
        total=True,
    )
    w.tag("endif")
    w.tag("if fremdrift.etaarsstatus_opmaerksomhed")
    w.para("Aktiviteter, der ikke er igangsat eller er forsinket:")
    reasons(
        w,
        "a in fremdrift.etaarsstatus_opmaerksomhed",
        "{{ a.aktivitet }} ({{ a.indsatsomraade }}, {{ a.grund|lower }})",
    )
    w.tag("endif")


def strategic_development(w: TemplateWriter) -> None:
    """After the first year: per indsatsområde a chart of the results year by year and a sentence per succeskriterie."""
    w.tag("if rapport.viser_udvikling")
    w.para(
        "Succeskriteriernes resultater år for år mod måltallet; diagrammerne viser resultatet i procent af "
        "måltallet. Tabellerne står i den medsendte fremdriftsrapport."
    )
    w.tag("for o in fremdrift.indsatsomraader")
    w.heading("{{ o.navn }}: udviklingen {{ udvikling.periode }}", 3)
    chart_or_sentence(w, "o.udvikling.diagram")
    w.bullets("for k in o.udvikling.kriterier", DEVELOPMENT_SENTENCE)
    w.tag("endfor")
    w.tag("endif")


def reasons(w: TemplateWriter, loop: str, what: str) -> None:
    """A bullet per attention point with its reason (Kommentar), or a placeholder in a paragraph of its own under it.

    The placeholder stands alone, so marking makes it a »Skriv her« frame: what is typed there is the person's.
    """
    item = loop.split(" in ", 1)[0]
    w.tag(f"for {loop}")
    w.para(f"{what}:{{% if {item}.kommentar %}} {{{{ {item}.kommentar }}}}{{% endif %}}", style="List Bullet")
    w.when(f"not {item}.kommentar", WRITE_REASON, style="List Continue")
    w.tag("endfor")


def strategic_budget(w: TemplateWriter) -> None:
    """Budget and regnskab of the status year by Kategori, co-financing share, unpaid tilsagn."""
    w.tag("if oekonomi.statusaar.poster")
    w.para("Budget og regnskab for {{ oekonomi.statusaar.aar }} fordelt på kategorier:")
    w.table(
        "for b in oekonomi.statusaar.kategorier",
        [
            Col(KATEGORI, "{{ b.navn }}", total="{{ oekonomi.statusaar.i_alt.navn }}", width_cm=5.5),
            Col(
                BUDGET,
                "{{ b.budget }}",
                numeric=True,
                total="{{ oekonomi.statusaar.i_alt.budget }}",
                width_cm=3.5,
            ),
            Col(
                REGNSKAB,
                "{{ b.regnskab }}",
                numeric=True,
                total="{{ oekonomi.statusaar.i_alt.regnskab }}",
                width_cm=3.5,
            ),
            Col(
                FORBRUG, "{{ b.forbrug }}", numeric=True, total="{{ oekonomi.statusaar.i_alt.forbrug }}", width_cm=3.5
            ),
        ],
        total=True,
    )
    w.tag("endif")
    w.para(FINANCING_SENTENCE)
    unpaid_table(w)


def unpaid_table(w: TemplateWriter) -> None:
    """Promised but unpaid co-financing per local source in the status year, when some is unpaid."""
    w.tag("if oekonomi.finansiering.har_manglende")
    w.para(UNPAID_INTRO)
    w.table(
        "for k in oekonomi.finansiering.lokale_kilder",
        [
            Col(KILDE, "{{ k.kilde }}", total=I_ALT, width_cm=5.5),
            Col(
                TILSAGN,
                "{{ k.tilsagn }}",
                numeric=True,
                total="{{ oekonomi.finansiering.medfinansiering }}",
                width_cm=3.5,
            ),
            Col(
                INDBETALT,
                "{{ k.indbetalt }}",
                numeric=True,
                total="{{ oekonomi.finansiering.medfinansiering_indbetalt }}",
                width_cm=3.5,
            ),
            Col(
                MANGLER,
                "{{ k.mangler }}",
                numeric=True,
                total="{{ oekonomi.finansiering.mangler_i_alt }}",
                width_cm=3.5,
            ),
        ],
        total=True,
    )
    w.tag("endif")


def fremdriftsrapport(spec: DocumentSpec) -> TemplateWriter:
    """The fremdriftsrapport: summary, every succeskriterie by indsatsområde and delaftale, attention."""
    w = report(spec)

    w.heading("Sammenfatning", 1)
    w.para(PROGRESS_SENTENCE)
    w.heading("Aktiviteter fordelt på status", 2)
    w.tag("if fremdrift.aktiviteter_tal")
    w.table(
        "for s in fremdrift.statusantal",
        [
            Col(STATUS, "{{ s.navn }}", shade="s.farve", total=I_ALT, width_cm=10),
            Col(
                "Antal aktiviteter",
                "{{ s.antal }}",
                numeric=True,
                total="{{ fremdrift.aktiviteter_i_alt }}",
                width_cm=6,
            ),
        ],
        total=True,
    )
    w.tag("endif")
    chart_or_sentence(w, "fremdrift.diagram_status")
    w.heading("Målopfyldelse", 2)
    w.para(
        "Et succeskriterie er opfyldt, når resultatet er mindst 100\u00a0% af måltallet, delvist opfyldt ved "
        "50-99\u00a0% og ikke opfyldt under 50\u00a0%. Uden måltal eller resultat kan det ikke opgøres."
    )
    w.tag("if fremdrift.indsatsomraader")
    w.table(
        "for o in fremdrift.indsatsomraader",
        [
            Col(INDSATSOMRAADE, "{{ o.navn }}", total=I_ALT, width_cm=5.2),
            *(
                Col(
                    f"{{{{ fremdrift.baandantal[{i}].navn }}}}",
                    f"{{{{ o.baandantal[{i}].antal }}}}",
                    numeric=True,
                    total=f"{{{{ fremdrift.baandantal[{i}].antal }}}}",
                    width_cm=2.7,
                )
                for i in range(4)
            ),
        ],
        total=True,
    )
    w.tag("endif")
    chart_or_sentence(w, "fremdrift.diagram_maalopfyldelse")

    w.tag("for o in fremdrift.indsatsomraader")
    w.heading("{{ o.navn }}", 1)
    w.para(AREA_SENTENCE)
    w.tag("for d in o.delaftaler")
    w.heading("{{ d.navn }}", 2)
    w.table(
        "for r in d.raekker",
        [
            Col(AKTIVITET, "{{ r.aktivitet }}", width_cm=2.6),
            Col(SUCCESKRITERIE, "{{ r.succeskriterie }}", width_cm=3.4),
            Col(MAALTAL, "{{ r.maaltal }}", numeric=True, width_cm=1.4),
            Col(RESULTAT, "{{ r.resultat }}", numeric=True, width_cm=1.5),
            Col(MAALOPFYLDELSE, "{{ r.maalopfyldelse }}", numeric=True, width_cm=1.8),
            Col(STATUS, "{{ r.status }}", shade="r.statusfarve", width_cm=2.0),
            Col("Kommentar", "{{ r.kommentar }}", width_cm=3.3),
        ],
        small=True,
    )
    w.tag("endfor")
    area_development(w)
    w.tag("endfor")

    w.heading("Opmærksomhedspunkter", 1)
    w.tag("if fremdrift.opmaerksomhed")
    w.para(
        "Aktiviteter, der ikke er igangsat, er forsinket eller er udgået, og succeskriterier med en "
        "målopfyldelse under 50\u00a0%:"
    )
    reasons(
        w,
        "p in fremdrift.opmaerksomhed",
        "{{ p.indsatsomraade }} – {{ p.aktivitet }}{% if p.succeskriterie %}, {{ p.succeskriterie }}{% endif %} "
        "({{ p.grund|lower }})",
    )
    w.tag("else")
    w.para("Ingen aktiviteter eller succeskriterier kræver særlig opmærksomhed i {{ plan.statusaar }}.")
    w.tag("endif")
    return w


def area_development(w: TemplateWriter) -> None:
    """From the second year: an indsatsområde's results year by year against the target, as a table and a chart."""
    w.tag("if udvikling.vises")
    w.heading("Udviklingen {{ udvikling.periode }}", 2)
    w.para("Hvert succeskriteries resultat år for år mod årets måltal; – betyder, at der ikke er et resultat.")
    w.table(
        "for r in o.udvikling.raekker",
        [
            Col(AKTIVITET, "{{ r.aktivitet }}", width_cm=3.2),
            Col(SUCCESKRITERIE, "{{ r.succeskriterie }}", width_cm=4.4),
            Col(AAR, "{{ r.aar }}", width_cm=1.4),
            Col(RESULTAT, "{{ r.resultat }}", numeric=True, width_cm=1.8),
            Col(MAALTAL, "{{ r.maaltal }}", numeric=True, width_cm=1.8),
            Col(MAALOPFYLDELSE, "{{ r.maalopfyldelse }}", numeric=True, width_cm=2.4),
        ],
        small=True,
    )
    chart_or_sentence(w, "o.udvikling.diagram")
    w.tag("endif")


def oekonomioversigt(spec: DocumentSpec) -> TemplateWriter:
    """The økonomioversigt: the status year in front, every year of the period, the financing."""
    w = report(spec, readers=f"bestyrelsen og {LBF}")
    w.para(BUDGET_SENTENCE + " " + FINANCING_SENTENCE)

    w.heading("Statusåret {{ oekonomi.statusaar.aar }}", 1)
    w.heading("Forbrug i forhold til budget", 2)
    w.tag("if oekonomi.statusaar.poster")
    w.para(SIGN_SENTENCE)
    over = '"F4B6B6" if b.over_budget else "FFFFFF"'
    w.table(
        "for b in oekonomi.statusaar.kategorier",
        [
            Col(KATEGORI, "{{ b.navn }}", total="{{ oekonomi.statusaar.i_alt.navn }}", width_cm=4.6),
            *year_columns("b", None, "oekonomi.statusaar.i_alt", shade=over)[1:],
        ],
        total=True,
    )
    w.when(
        "oekonomi.statusaar.kategorier_over_budget",
        over_budget("oekonomi.statusaar.kategorier_over_budget", "Kategorien", "Kategorierne"),
    )
    chart_or_sentence(w, "oekonomi.diagram_budget")
    w.tag("else")
    w.para(NO_BUDGET)
    w.tag("endif")

    w.heading("Budget og regnskab for perioden", 1)
    w.tag("if oekonomi.har_budget")
    w.para(
        "Det samlede budget for perioden{% if plan.periode %} {{ plan.periode }}{% endif %} "
        "er {{ oekonomi.periodens_budget }} kr."
        f"{{% if oekonomi.budget_over_tilsagn %}} {UNCOVERED_SENTENCE}{{% endif %}}"
    )
    w.table(
        "for a in oekonomi.oversigt",
        year_columns("a", AAR, "oekonomi.afsluttede_i_alt"),
        total=True,
    )
    period_years(w)
    w.tag("else")
    w.para(no_budget(THE_PERIOD))
    w.tag("endif")

    w.tag("if udvikling.vises")
    grant_use(w)
    w.tag("endif")

    w.heading("Finansiering", 1)
    w.tag("if oekonomi.har_finansiering")
    financing_section(w)
    w.tag("else")
    w.para(no_tilsagn(THE_PERIOD))
    w.tag("endif")

    w.heading("Frist for regnskab", 1)
    w.para(DEADLINE_SENTENCE)
    return w


def period_years(w: TemplateWriter) -> None:
    """Every year of the period per post and per kategori; budget only for a year without regnskab."""
    w.tag("for aar in oekonomi.aar")
    w.heading("{{ aar.aar }}", 2)
    w.tag("if aar.afsluttet")
    w.para(PER_POST)
    w.table(
        "for p in aar.poster",
        [
            Col(POST, "{{ p.navn }}", total="{{ aar.i_alt.navn }}", width_cm=3.9),
            Col(KATEGORI, "{{ p.kategori }}", width_cm=2.6),
            *year_columns("p", None, "aar.i_alt")[1:],
        ],
        total=True,
        small=True,
    )
    w.para(PER_KATEGORI)
    w.table("for k in aar.kategorier", year_columns("k", KATEGORI, "aar.i_alt"), total=True, small=True)
    w.tag("else")
    w.para(f"{no_regnskab_yet('{{ aar.aar }}')} tabellerne viser budgettet. {PER_POST}")
    w.table(
        "for p in aar.poster",
        [
            Col(POST, "{{ p.navn }}", total="{{ aar.i_alt.navn }}", width_cm=7),
            Col(KATEGORI, "{{ p.kategori }}", width_cm=5),
            Col(BUDGET, "{{ p.budget }}", numeric=True, total="{{ aar.i_alt.budget }}", width_cm=4),
        ],
        total=True,
        small=True,
    )
    w.para(PER_KATEGORI)
    w.table(
        "for k in aar.kategorier",
        [
            Col(KATEGORI, "{{ k.navn }}", total="{{ aar.i_alt.navn }}", width_cm=12),
            Col(BUDGET, "{{ k.budget }}", numeric=True, total="{{ aar.i_alt.budget }}", width_cm=4),
        ],
        total=True,
        small=True,
    )
    w.tag("endif")
    w.tag("endfor")


def grant_use(w: TemplateWriter) -> None:
    """What is spent of the period's tilsagn, year by year and in total, and what is left for the remaining years."""
    w.heading("Forbrug af periodens tilsagn", 1)
    w.para(GRANT_SENTENCE)
    w.table(
        "for t in oekonomi.tilsagnsforbrug.aar",
        [
            Col(AAR, "{{ t.aar }}", total=I_ALT, width_cm=3),
            Col(TILSAGN, "{{ t.tilsagn }}", numeric=True, total="{{ oekonomi.tilsagnsforbrug.tilsagn }}", width_cm=4),
            Col("Brugt" + KR, "{{ t.brugt }}", numeric=True, total="{{ oekonomi.tilsagnsforbrug.brugt }}", width_cm=4),
            Col(
                "Tilbage af tilsagnet" + KR,
                "{{ t.tilbage }}",
                numeric=True,
                total="{{ oekonomi.tilsagnsforbrug.tilbage }}",
                width_cm=5,
            ),
        ],
        total=True,
    )


def financing_section(w: TemplateWriter) -> None:
    """The co-financing share per year, tilsagn and indbetalinger per source, and what is unpaid."""
    w.heading("Lokal medfinansiering pr. år", 2)
    below = '"F4B6B6" if f.under_minimum else "FFFFFF"'
    w.table(
        "for f in oekonomi.finansiering_aar",
        [
            Col(AAR, "{{ f.aar }}", width_cm=3),
            Col("Tilsagn i alt" + KR, "{{ f.tilsagn_i_alt }}", numeric=True, width_cm=4.5),
            Col("Lokal medfinansiering" + KR, "{{ f.medfinansiering }}", numeric=True, width_cm=5),
            Col("Andel", "{{ f.medfinansiering_andel }}", numeric=True, shade=below, width_cm=3.5),
        ],
    )
    w.para(
        f"{LBF} kræver, at mindst {{{{ oekonomi.finansiering.minimum }}}} af tilsagnene er lokal medfinansiering."
        "{% if oekonomi.aar_under_minimum %} Andelen er under kravet i "
        f"{joined('a in oekonomi.aar_under_minimum', '{{ a }}')}.{{% endif %}}"
    )
    w.heading("Tilsagn og indbetalinger pr. kilde", 2)
    w.tag("for f in oekonomi.finansiering_aar")
    w.heading("{{ f.aar }}", 3)
    w.tag("if f.forfalden")
    w.table(
        "for k in f.kilder",
        [
            Col(KILDE, "{{ k.kilde }}", total=I_ALT, width_cm=5.5),
            Col(TILSAGN, "{{ k.tilsagn }}", numeric=True, total="{{ f.tilsagn_i_alt }}", width_cm=3.5),
            Col(INDBETALT, "{{ k.indbetalt }}", numeric=True, total="{{ f.indbetalt_i_alt }}", width_cm=3.5),
            Col(MANGLER, "{{ k.mangler }}", numeric=True, total="{{ f.mangler_alle_kilder }}", width_cm=3.5),
        ],
        total=True,
        small=True,
    )
    w.tag("else")
    w.para("Året ligger efter statusåret, så tabellen viser kun tilsagnene.")
    w.table(
        "for k in f.kilder",
        [
            Col(KILDE, "{{ k.kilde }}", total=I_ALT, width_cm=12),
            Col(TILSAGN, "{{ k.tilsagn }}", numeric=True, total="{{ f.tilsagn_i_alt }}", width_cm=4),
        ],
        total=True,
        small=True,
    )
    w.tag("endif")
    w.tag("endfor")
    w.heading("Manglende indbetalinger", 2)
    unpaid_table(w)
    w.tag("if not oekonomi.finansiering.har_manglende")
    w.para(
        f"{{% if oekonomi.finansiering.har_lokale_tilsagn %}}{all_paid('{{ oekonomi.finansiering.aar }}')}"
        "{% else %}Der er ikke givet tilsagn om lokal "
        "medfinansiering for {{ oekonomi.finansiering.aar }}.{% endif %}"
    )
    w.tag("endif")


def referat(spec: DocumentSpec) -> TemplateWriter:
    """The minutes of the statusår's meeting with LBF (the ét-årseftersyn in the first year), following seed 000."""
    date = "{{ referat.dato_kort }}"
    title = "{{ rapport.referat }}"
    # Non-breaking spaces keep »LBF d. 12.3.2026« together, so the date never stands alone on a line.
    w = new_template(
        heading=f"{title} med{NBSP}LBF{NBSP}d.{NBSP}{date}",
        subject=f"{title} med {LBF}, {{{{ plan.kommune }}}}",
        footer=f"{title} {date}",
    )
    w.heading("Deltagere:", 1)
    w.repeat("for d in referat.deltagere", "{{ d.beskrivelse }}{% if d.referent %}, referent{% endif %}")
    w.when("not referat.deltagere", "[Skriv deltagerne i arket Deltagere.]")
    w.tag("if referat.indledning.har_tekst")
    # Set apart from the list of participants above it, as in seed 000.
    w.repeat("for afsnit in referat.indledning.afsnit", "{{ afsnit }}", space_before=12)
    w.tag("endif")
    placeholders = {
        "1": "Skriv referat af drøftelsen af organiseringen.",
        "2": "Skriv referat af drøftelsen af fremdrift, det strategiske samarbejde og målopfyldelsen.",
        "3": "Skriv referat af drøftelsen af økonomien.",
        "4": "Skriv, om der er behov for yderligere opfølgning.",
    }
    for key, placeholder in placeholders.items():
        w.heading(agenda_heading(key), 1)
        w.text_or_placeholder(f"referat.p{key}", placeholder)
        if key == "3":
            prepared_figures(w)
    extra_points(w, "referat.oevrige", 1)
    return w


def prepared_figures(w: TemplateWriter) -> None:
    """The economy's key figures under point 3, headed as prepared for the meeting, not minuted."""
    w.heading("Nøgletal forberedt til mødet", 2)
    w.para(BUDGET_SENTENCE)
    w.when("oekonomi.budget_over_tilsagn", UNCOVERED_SENTENCE)
    w.para(FINANCING_SENTENCE)
    unpaid_table(w)
    w.para(DEADLINE_SENTENCE)


def year_columns(item: str, first: str | None, total: str, shade: str | None = None) -> list[Col]:
    """Columns for budget against regnskab: name, budget, regnskab, afvigelse (shaded if given), forbrug."""
    return [
        Col(first or "", f"{{{{ {item}.navn }}}}", total=f"{{{{ {total}.navn }}}}", width_cm=6.5),
        Col(BUDGET, f"{{{{ {item}.budget }}}}", numeric=True, total=f"{{{{ {total}.budget }}}}", width_cm=2.5),
        Col(
            REGNSKAB,
            f"{{{{ {item}.regnskab }}}}",
            numeric=True,
            total=f"{{{{ {total}.regnskab }}}}",
            width_cm=2.5,
        ),
        Col(
            "Afvigelse" + KR,
            f"{{{{ {item}.afvigelse }}}}",
            numeric=True,
            total=f"{{{{ {total}.afvigelse }}}}",
            width_cm=2.5,
            shade=shade,
        ),
        Col(FORBRUG, f"{{{{ {item}.forbrug }}}}", numeric=True, total=f"{{{{ {total}.forbrug }}}}", width_cm=2),
    ]


BUILDERS: dict[str, Callable[[DocumentSpec], TemplateWriter]] = {
    "etaarsstatus": etaarsstatus,
    "fremdrift": fremdriftsrapport,
    "oekonomi": oekonomioversigt,
    "referat": referat,
}


def build_templates() -> dict[str, bytes]:
    """Return every declared document's template as the bytes of its file in templates/docx/."""
    return {spec.template: BUILDERS[spec.key](spec).to_bytes() for spec in DOCUMENTS}


def main() -> None:
    """Write templates/docx/ from this source: changed templates, and no template of no document."""
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    built = build_templates()
    for stale in sorted(set(TEMPLATES.glob("*.docx")) - {TEMPLATES / name for name in built}):
        stale.unlink()
        print(f"Slettede {stale}")
    for name, content in built.items():
        path = TEMPLATES / name
        if path.is_file() and path.read_bytes() == content:
            print(f"Uændret {path}")
        else:
            path.write_bytes(content)
            print(f"Skrev {path}")


if __name__ == "__main__":
    main()
