"""Write the default templates in templates/docx/ (run: python tools/build_templates.py).

The .docx files are what staff edit in Word; this script is how their first version was made.
Running it again overwrites changes made in Word, so do that only on purpose.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_builder import Col, TemplateWriter

from assembler.vocabulary import load_vocabulary

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "docx"


def heading_of(key: str) -> str:
    """Return the default heading of a numbered point, from the package's data file."""
    return next(a.heading for a in load_vocabulary().afsnit if a.key == key)


def etaarsstatus() -> TemplateWriter:
    """The etårsstatus, following seed 001 heading for heading."""
    w = TemplateWriter(
        title="Etårsstatus {{ plan.statusaar }} – {{ plan.navn }}",
        subject="Etårsstatus til Landsbyggefonden, {{ plan.kommune }}",
    )
    w.footer("{{ plan.navn }} · Etårsstatus {{ plan.statusaar }}")
    w.title("Etårsstatus {{ plan.statusaar }}", "{{ plan.navn }}, {{ plan.kommune }}")
    w.when("plan.boligomraader", "Boligområder: {{ plan.boligomraader }}")
    w.when("plan.boligorganisationer", "Boligorganisationer: {{ plan.boligorganisationer }}")
    w.para("Bevillingsramme: {{ plan.bevillingsramme }}{% if plan.periode %}, periode {{ plan.periode }}{% endif %}")
    w.when("plan.statusdato", "Statusdato: {{ plan.statusdato }}")

    w.heading("Organisering", 1)
    w.heading("Deltagende bestyrelsesmedlemmer til etårsstatus:", 2)
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
    w.para("[Skriv Ja i kolonnen »Deltager i etårsstatus« i arket Bestyrelse for de deltagende medlemmer.]")
    w.tag("endif")

    w.heading("Datoer for afholdte møder {{ plan.statusaar }}:", 2)
    w.bullets(
        "for m in moeder",
        "{{ m.dato }}{% if m.moedetype %} – {{ m.moedetype }}{% endif %}"
        "{% if m.bemaerkning %}: {{ m.bemaerkning }}{% endif %}",
    )
    w.when("not moeder", "[Der er ikke registreret møder i {{ plan.statusaar }} i arket Møder.]")

    w.heading("Ændringer ift. bestyrelse:", 2)
    w.heading("Indtrådt i bestyrelsen", 3)
    w.bullets(
        "for m in bestyrelse.indtraadte",
        "{{ m.beskrivelse }} er indtrådt i bestyrelsen {{ m.dato }}",
        "{% if m.bemaerkning %}, {{ m.bemaerkning }}{% endif %}.",
    )
    w.when("not bestyrelse.indtraadte", "Ingen nye medlemmer i {{ plan.statusaar }}.")
    w.heading("Trådt ud af bestyrelsen:", 3)
    w.bullets(
        "for m in bestyrelse.udtraadte",
        "{{ m.beskrivelse }} er trådt ud af bestyrelsen {{ m.dato }}",
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
    strategic_progress(w)
    w.text_or_placeholder(
        "punkter.s1", "Skriv status og opmærksomhedspunkter vedr. samarbejdsaftalen og målopfyldelsen."
    )
    w.heading(heading_of("S2"), 2)
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

    w.heading("Opfølgning på fremdrift og målopfyldelse i indsatser og aktiviteter", 1)
    w.para("Se medsendte fremdriftsrapport")
    return w


def strategic_progress(w: TemplateWriter) -> None:
    """Per indsatsområde: activities by status, målopfyldelse, activities needing attention."""
    w.tag("for o in indsatsomraader")
    w.heading("{{ o.navn }}", 3)
    w.para("Aktiviteter fordelt på status ({{ o.aktiviteter_i_alt }} i alt):")
    w.table(
        "for s in o.statusantal",
        [
            Col("Status", "{{ s.status }}", width_cm=10),
            Col("Antal aktiviteter", "{{ s.antal }}", numeric=True, width_cm=6),
        ],
    )
    w.tag("if o.maalopfyldelse")
    w.para("Målopfyldelse for succeskriterier med både måltal og resultat:")
    w.table(
        "for k in o.maalopfyldelse",
        [
            Col("Aktivitet", "{{ k.aktivitet }}", width_cm=3.8),
            Col("Succeskriterie", "{{ k.succeskriterie }}", width_cm=5.2),
            Col("Måltal", "{{ k.maaltal }}", numeric=True, width_cm=2),
            Col("Resultat", "{{ k.resultat }}", numeric=True, width_cm=2.1),
            Col("Målopfyldelse", "{{ k.maalopfyldelse }}", numeric=True, width_cm=2.9),
        ],
    )
    w.tag("endif")
    w.tag("if o.opmaerksomhed")
    w.para("Aktiviteter, der ikke er igangsat eller er forsinket:")
    w.bullets(
        "for a in o.opmaerksomhed",
        "{{ a.aktivitet }} ({{ a.status|lower }}): ",
        "{% if a.kommentar %}{{ a.kommentar }}{% else %}",
        "[Skriv begrundelse]",
        "{% endif %}",
    )
    w.tag("endif")
    w.tag("endfor")
    w.when("not indsatsomraader", "[Arket Fremdrift har ingen succeskriterier.]")


def strategic_budget(w: TemplateWriter) -> None:
    """Budget and regnskab of the status year by Kategori, co-financing share, unpaid tilsagn."""
    w.para("Budget og regnskab for {{ budget.aar }} fordelt på kategorier:")
    w.table(
        "for b in budget.kategorier",
        [
            Col("Kategori", "{{ b.kategori }}", total="{{ budget.i_alt.kategori }}", width_cm=5.5),
            Col("Budget (kr.)", "{{ b.budget }}", numeric=True, total="{{ budget.i_alt.budget }}", width_cm=3.5),
            Col("Regnskab (kr.)", "{{ b.regnskab }}", numeric=True, total="{{ budget.i_alt.regnskab }}", width_cm=3.5),
            Col("Forbrug", "{{ b.forbrug }}", numeric=True, total="{{ budget.i_alt.forbrug }}", width_cm=3.5),
        ],
        total=True,
    )
    w.when("not budget.afsluttet", "Der er endnu ikke regnskab for {{ budget.aar }}.")
    w.para(
        "Den lokale medfinansiering udgør {{ finansiering.medfinansiering_andel }} af tilsagnene for "
        "{{ finansiering.aar }} ({{ finansiering.medfinansiering }} kr. af {{ finansiering.tilsagn_i_alt }} kr.). "
        "Landsbyggefonden kræver mindst {{ finansiering.minimum }}."
        "{% if finansiering.under_minimum %} Andelen er under kravet.{% endif %}"
    )
    w.para("Lovet, men ikke indbetalt medfinansiering for {{ finansiering.aar }}:")
    w.table(
        "for k in finansiering.kilder",
        [
            Col("Kilde", "{{ k.kilde }}", total="I alt", width_cm=5.5),
            Col("Tilsagn (kr.)", "{{ k.tilsagn }}", numeric=True, width_cm=3.5),
            Col("Indbetalt (kr.)", "{{ k.indbetalt }}", numeric=True, width_cm=3.5),
            Col(
                "Mangler (kr.)", "{{ k.mangler }}", numeric=True, total="{{ finansiering.mangler_i_alt }}", width_cm=3.5
            ),
        ],
        total=True,
    )


def main() -> None:
    """Write every default template."""
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    etaarsstatus().save(str(TEMPLATES / "etaarsstatus.docx"))
    print(f"Skrev {TEMPLATES / 'etaarsstatus.docx'}")


if __name__ == "__main__":
    main()
