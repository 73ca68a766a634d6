"""The drafted paragraphs the templates open with: plain Danish composed from the figures.

They are written into the templates by build_templates.py, so staff can reword them in Word;
nothing here runs when reports are built.
"""

PROGRESS_SENTENCE = (
    "I {{ plan.statusaar }} omfatter helhedsplanen {{ fremdrift.aktiviteter_i_alt }} "
    "{% if fremdrift.aktiviteter_i_alt == '1' %}aktivitet{% else %}aktiviteter{% endif %}"
    "{% for s in fremdrift.statusantal if s.tal %}{% if loop.first %}: {% elif loop.last %} og {% else %}, {% endif %}"
    "{{ s.antal }} {{ s.navn|lower }}{% endfor %}. "
    "Af {{ fremdrift.succeskriterier_i_alt }} succeskriterier kan {{ fremdrift.opgjorte }} opgøres"
    "{% for b in fremdrift.baandantal[:-1] if b.tal %}"
    "{% if loop.first %}: {% elif loop.last %} og {% else %}, {% endif %}"
    "{{ b.antal }} er {{ b.navn|lower }}{% endfor %}."
)

BUDGET_SENTENCE = (
    "{% if oekonomi.statusaar.afsluttet %}"
    "I {{ oekonomi.statusaar.aar }} er der forbrugt {{ oekonomi.statusaar.i_alt.regnskab }} kr. af et budget på "
    "{{ oekonomi.statusaar.i_alt.budget }} kr. ({{ oekonomi.statusaar.i_alt.forbrug }})."
    "{% for p in oekonomi.statusaar.poster_over_budget %} {{ p.navn }} er {{ p.overskridelse }} kr. over budget."
    "{% endfor %}"
    "{% else %}"
    "Der er endnu ikke regnskab for {{ oekonomi.statusaar.aar }}; "
    "budgettet er {{ oekonomi.statusaar.i_alt.budget }} kr."
    "{% endif %}"
)

FINANCING_SENTENCE = (
    "Den lokale medfinansiering udgør {{ oekonomi.finansiering.medfinansiering_andel }} af tilsagnene for "
    "{{ oekonomi.finansiering.aar }} ({{ oekonomi.finansiering.medfinansiering }} kr. af "
    "{{ oekonomi.finansiering.tilsagn_i_alt }} kr.)"
    "{% if oekonomi.finansiering.under_minimum %}, hvilket er under Landsbyggefondens krav på mindst "
    "{{ oekonomi.finansiering.minimum }}{% else %}; Landsbyggefonden kræver mindst {{ oekonomi.finansiering.minimum }}"
    "{% endif %}."
    "{% if oekonomi.finansiering.har_manglende %} {{ oekonomi.finansiering.mangler_i_alt }} kr. af den lovede "
    "medfinansiering er ikke indbetalt.{% endif %}"
)
