"""The drafted paragraphs of the templates: plain Danish composed from the figures.

build_templates.py writes them into the templates (staff reword them in their own copies in Word);
nothing here runs when reports are built. Each sentence is written once here and used by every
document that says it, and reads well with zero, one and many (no sentence starts with a digit).
"""

LBF = "Landsbyggefonden"


def joined(loop: str, text: str) -> str:
    """Return Jinja writing `text` for each item of a for-loop (»x in items«) joined as »a, b og c«."""
    return (
        f"{{% for {loop} %}}{{% if not loop.first %}}{{% if loop.last %}} og "
        f"{{% else %}}, {{% endif %}}{{% endif %}}{text}{{% endfor %}}"
    )


def listing(items: str, text: str = "x.tekst") -> str:
    """Return Jinja joining the non-zero items of a list of Antal as »a, b og c«."""
    return joined(f"x in {items} if x.tal", f"{{{{ {text} }}}}")


def over_budget(items: str, one: str, many: str) -> str:
    """Return Jinja for one sentence naming the lines over budget, with how much each is over.

    »Posten Projektleder er 2.480 kr. over budgettet.« for one; »Posterne Projektleder (2.480 kr.) og
    Kommunikation (1.900 kr.) er over budgettet.« for more; nothing for none.
    """
    each = joined(f"b in {items}", "{{ b.navn }} ({{ b.overskridelse }} kr.)")
    return (
        f"{{% if {items}|length == 1 %}}{one} {{{{ {items}[0].navn }}}} er {{{{ {items}[0].overskridelse }}}} kr. "
        f"over budgettet.{{% elif {items} %}}{many} {each} er over budgettet.{{% endif %}}"
    )


def activities_phrase(figures: str) -> str:
    """Return Jinja for »12 aktiviteter: 2 ikke igangsatte, …«, »én aktivitet, der er igangsat« and so on."""
    single_status = f"{figures}.statusantal|selectattr('tal')|list|length == 1"
    return (
        f"{{% if {figures}.aktiviteter_tal == 1 %}}én aktivitet, der er "
        f"{{% for x in {figures}.statusantal if x.tal %}}{{{{ x.navn|lower }}}}{{% endfor %}}"
        f"{{% elif {single_status} %}}{{{{ {figures}.aktiviteter_i_alt }}}} aktiviteter, der alle er "
        f"{{% for x in {figures}.statusantal if x.tal %}}{{{{ x.navn|lower }}}}{{% endfor %}}"
        f"{{% else %}}{{{{ {figures}.aktiviteter_i_alt }}}} aktiviteter: {listing(figures + '.statusantal')}"
        "{% endif %}"
    )


def no_budget(period: str) -> str:
    """Return the sentence saying no budget is laid for a period (a year, or »perioden«)."""
    return f"Der er ikke lagt budget for {period}."


def no_tilsagn(period: str) -> str:
    """Return the sentence saying no tilsagn about financing is registered for a period."""
    return f"Der er ikke registreret tilsagn om finansiering for {period}."


def no_regnskab_yet(year: str) -> str:
    """Return the clause saying a year has no regnskab yet, ended by a semicolon."""
    return f"Der er endnu ikke regnskab for {year};"


def all_paid(year: str = "") -> str:
    """Return the sentence saying all promised local co-financing is paid (for a year, when given)."""
    for_year = f" for {year}" if year else ""
    return f"Al lovet lokal medfinansiering{for_year} er indbetalt."


NO_BUDGET = no_budget("{{ oekonomi.statusaar.aar }}")

BANDS = listing("fremdrift.baandantal[:-1]", "x.antal ~ ' er ' ~ x.navn|lower")

PROGRESS_SENTENCE = (
    "{% if fremdrift.aktiviteter_tal == 0 %}"
    "Der er ikke registreret aktiviteter for {{ plan.statusaar }}."
    "{% else %}"
    f"I {{{{ plan.statusaar }}}} omfatter helhedsplanen {activities_phrase('fremdrift')}. "
    "{% if fremdrift.succeskriterier_tal == 1 %}"
    "Det ene succeskriterie {% if fremdrift.opgjorte_tal %}er "
    "{% for x in fremdrift.baandantal if x.tal %}{{ x.navn|lower }}{% endfor %}"
    "{% else %}kan endnu ikke opgøres{% endif %}."
    "{% elif fremdrift.opgjorte_tal == 0 %}"
    "Ingen af de {{ fremdrift.succeskriterier_i_alt }} succeskriterier kan endnu opgøres."
    "{% elif fremdrift.opgjorte_tal == fremdrift.succeskriterier_tal %}"
    f"Alle {{{{ fremdrift.succeskriterier_i_alt }}}} succeskriterier kan opgøres: {BANDS}."
    "{% else %}"
    "Af de {{ fremdrift.succeskriterier_i_alt }} succeskriterier kan {{ fremdrift.opgjorte }} opgøres: "
    f"{BANDS}."
    "{% endif %}"
    "{% endif %}"
)

AREA_SENTENCE = f"Indsatsområdet har {activities_phrase('o')}."

BUDGET_SENTENCE = (
    "{% if not oekonomi.statusaar.poster %}"
    f"{NO_BUDGET}"
    "{% elif oekonomi.statusaar.afsluttet %}"
    "I {{ oekonomi.statusaar.aar }} er der brugt {{ oekonomi.statusaar.i_alt.regnskab }} kr. af et budget på "
    "{{ oekonomi.statusaar.i_alt.budget }} kr."
    "{% if oekonomi.statusaar.i_alt.forbrug != '–' %} ({{ oekonomi.statusaar.i_alt.forbrug }}){% endif %}"
    "{% if oekonomi.statusaar.i_alt.mindreforbrug %}, {{ oekonomi.statusaar.i_alt.mindreforbrug }} kr. "
    "mindre end budgetteret{% elif oekonomi.statusaar.i_alt.overskridelse %}, "
    "{{ oekonomi.statusaar.i_alt.overskridelse }} kr. mere end budgetteret{% endif %}."
    "{% if oekonomi.statusaar.poster_over_budget %} "
    f"{over_budget('oekonomi.statusaar.poster_over_budget', 'Posten', 'Posterne')}"
    "{% endif %}"
    "{% else %}"
    f"{no_regnskab_yet('{{ oekonomi.statusaar.aar }}')} "
    "budgettet er {{ oekonomi.statusaar.i_alt.budget }} kr."
    "{% endif %}"
)

FINANCING_SENTENCE = (
    "{% if not oekonomi.finansiering.har_tilsagn %}"
    f"{no_tilsagn('{{ oekonomi.finansiering.aar }}')}"
    "{% else %}"
    "Den lokale medfinansiering udgør {{ oekonomi.finansiering.medfinansiering_andel }} af tilsagnene for "
    "{{ oekonomi.finansiering.aar }} ({{ oekonomi.finansiering.medfinansiering }} kr. af "
    "{{ oekonomi.finansiering.tilsagn_i_alt }} kr.)"
    "{% if oekonomi.finansiering.under_minimum %}, hvilket er under Landsbyggefondens krav på mindst "
    "{{ oekonomi.finansiering.minimum }}{% else %}; Landsbyggefonden kræver mindst {{ oekonomi.finansiering.minimum }}"
    "{% endif %}."
    "{% if oekonomi.finansiering.har_manglende %} Af den lovede lokale medfinansiering mangler "
    "{{ oekonomi.finansiering.mangler_i_alt }} kr. at blive indbetalt."
    f"{{% elif oekonomi.finansiering.har_lokale_tilsagn %}} {all_paid()}{{% endif %}}"
    "{% endif %}"
)

# The one sign convention of every document, said once in the økonomioversigt (the only one with signs).
SIGN_SENTENCE = (
    "Afvigelse er regnskab minus budget: et plus betyder, at der er brugt mere end budgetteret, "
    "et minus, at der er brugt mindre."
)

DEADLINE_SENTENCE = (
    "Revisorpåtegnet regnskab for {{ oekonomi.statusaar.aar }} skal aflægges senest {{ oekonomi.regnskabsfrist }}."
)

UNPAID_INTRO = "Den lokale medfinansiering for {{ oekonomi.finansiering.aar }} fordelt på kilder:"

# The years whose budget is above their tilsagn (`assembler check` warns about each), and what must happen.
UNCOVERED_SENTENCE = (
    "{% if oekonomi.budget_over_tilsagn|length == 1 %}"
    "Budgettet for {{ oekonomi.budget_over_tilsagn[0].aar }} er {{ oekonomi.budget_over_tilsagn[0].forskel }} kr. "
    "højere end årets tilsagn på {{ oekonomi.budget_over_tilsagn[0].tilsagn }} kr."
    "{% else %}"
    "Budgettet er højere end årets tilsagn med "
    f"{joined('u in oekonomi.budget_over_tilsagn', '{{ u.forskel }} kr. i {{ u.aar }}')}."
    "{% endif %}"
    f" Pengene skal findes andetsteds, eller budgettet skal ændres efter aftale med {LBF}."
)

NO_CHART = "Diagrammet er udeladt, fordi der ikke er tal at vise."

# A succeskriterie's results year by year: »Antal unge i fritidsjob: 22 i 2023, 28 i 2024 og 34 i 2025
# (måltal 30)«; a year without a result says so, and a target that changes stands by each result.
DEVELOPMENT_SENTENCE = (
    "{{ k.succeskriterie }}: "
    "{% if not k.har_resultat %}intet resultat i {{ udvikling.periode }}"
    "{% else %}"
    "{% for a in k.aar %}{% if not loop.first %}{% if loop.last %} og {% else %}, {% endif %}{% endif %}"
    "{% if a.har_resultat %}{{ a.resultat }}{% else %}intet resultat{% endif %} i {{ a.aar }}"
    "{% if not k.maaltal and a.har_resultat and a.maaltal != '–' %} (måltal {{ a.maaltal }}){% endif %}"
    "{% endfor %}"
    "{% endif %}"
    "{% if k.maaltal %} (måltal {{ k.maaltal }}){% endif %}."
)

GRANT_SENTENCE = (
    "{% if not oekonomi.tilsagnsforbrug.afsluttede_aar %}"
    "Der er endnu ikke regnskab for nogen af periodens år; periodens tilsagn er "
    "{{ oekonomi.tilsagnsforbrug.tilsagn }} kr."
    "{% else %}"
    "Af periodens tilsagn på {{ oekonomi.tilsagnsforbrug.tilsagn }} kr. er der brugt "
    "{{ oekonomi.tilsagnsforbrug.brugt }} kr."
    "{% if oekonomi.tilsagnsforbrug.brugt_andel != '–' %} ({{ oekonomi.tilsagnsforbrug.brugt_andel }}){% endif %}"
    " i {{ oekonomi.tilsagnsforbrug.afsluttede_aar }}"
    "{% if oekonomi.tilsagnsforbrug.over_tilsagn %}, {{ oekonomi.tilsagnsforbrug.overskridelse }} kr. mere end "
    "tilsagnet."
    "{% elif oekonomi.tilsagnsforbrug.resterende_aar %}; der er {{ oekonomi.tilsagnsforbrug.tilbage }} kr. tilbage "
    "til {{ oekonomi.tilsagnsforbrug.resterende_aar }}, hvor budgettet er "
    "{{ oekonomi.tilsagnsforbrug.resterende_budget }} kr."
    "{% else %}; {{ oekonomi.tilsagnsforbrug.tilbage }} kr. af tilsagnet er ikke brugt."
    "{% endif %}"
    "{% endif %}"
)
