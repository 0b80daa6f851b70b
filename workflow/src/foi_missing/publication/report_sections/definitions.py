"""Definitions: what "went missing" means in this round (and why the DfE comparison is not
like for like), the cohorts, "not found" and its reference date, and each rate's numerator
and denominator with the authorities they cover. Built from the round's spec and
statistics, so it holds for every round and period."""

from __future__ import annotations

import html

import pandas as pd

from foi_missing.publication.report_sections.assumptions import assumed_mark
from foi_missing.publication.report_sections.labels import COHORT_NOUNS, RATE_DENOMINATORS, plural


def _questions(spec, measure: str, cohort: str | None = None) -> list:
    return [q for q in spec.questions if q.measure == measure and (cohort is None or q.cohort == cohort)]


def asks_missing_or_absent(spec) -> bool:
    return any("absent" in q.wording.lower() for q in _questions(spec, "went_missing"))


def went_missing_html(spec) -> str:
    labels = ", ".join(q.label for q in _questions(spec, "went_missing"))
    if asks_missing_or_absent(spec):
        asked = (f"This round asked how many children <em>went missing or absent</em> (questions "
                 f"{html.escape(labels)}). Councils that record absences (a child away from a "
                 "placement without permission, but whose whereabouts are known) may include them; "
                 "the question does not let the two be told apart.")
    else:
        asked = (f"This round asked how many children <em>went missing</em> at least once in the "
                 f"period (questions {html.escape(labels)}); absences were not asked about.")
    return (f"<p><strong>Went missing.</strong> {asked} A child who went missing several times "
            "counts once; the episodes are asked separately.</p>"
            "<p><strong>The DfE comparison is not like for like.</strong> England's official "
            "statistics (Department for Education, children looked after in England) count "
            "looked-after children who went <em>missing</em> during the year ending 31 March; "
            "absences are counted separately and are not in that figure. DfE's year, its "
            "population (all looked-after children in England) and, from the rounds that ask "
            "&ldquo;missing or absent&rdquo;, its definition differ from this round's, so the two "
            "rates are shown side by side, never as a difference.</p>")


def cohorts_html(spec) -> str:
    items = []
    trafficked = _questions(spec, "in_care", "trafficked")
    if trafficked:
        subs = sorted({q.sub_cohort for q in trafficked} - {"all"})
        split = (" Identified and suspected victims were asked separately and are added "
                 f"(questions {', '.join(q.label for q in trafficked)})." if subs else "")
        items.append("<li><strong>Trafficked children</strong>: looked-after children identified "
                     f"or suspected as victims of trafficking (or modern slavery).{split}</li>")
    if _questions(spec, "in_care", "uasc"):
        items.append("<li><strong>Unaccompanied (UASC) children</strong>: looked-after "
                     "unaccompanied asylum-seeking (or separated) children.</li>")
    overlap = _questions(spec, "in_care", "overlap")
    if overlap:
        items.append(f"<li><strong>Both cohorts</strong>: the two added. Question "
                     f"{html.escape(overlap[0].label)} asks how many unaccompanied children were "
                     "also trafficked; those children are counted once in the figures marked "
                     "&ldquo;counted once&rdquo;, and twice in the plain sum.</li>")
    else:
        items.append("<li><strong>Both cohorts</strong>: the two added. The round did not ask "
                     "which children are in both, so a child who is trafficked and unaccompanied "
                     "may be counted twice.</li>")
    return "<ul>" + "".join(items) + "</ul>"


def not_found_html(spec) -> str:
    labels = ", ".join(q.label for q in _questions(spec, "not_found"))
    if not labels:
        return ""
    return (f"<p><strong>Not found.</strong> Children who went missing in the period and were "
            f"still missing when the council answered (questions {html.escape(labels)}). The "
            "reference date is each council's reply date, so it differs between authorities: "
            f"between the date the requests were sent ({spec.date_sent:%-d %B %Y}"
            f"{assumed_mark(spec, 'date_sent')}) and the reply cut-off "
            f"({spec.reply_cutoff:%-d %B %Y}{assumed_mark(spec, 'reply_cutoff')}). A child found "
            "after the reply still counts as not found.</p>")


def _whole(value) -> int | None:
    from foi_missing.core.cells import cell_number

    number = cell_number(value)
    return None if number is None else int(number)


def rate_table(data) -> pd.DataFrame:
    """Per cohort: the rate, its numerator and denominator, and the authorities each covers."""
    stats = {row.statistic_id: row for row in data.statistics.itertuples(index=False)}
    rows = []
    for cohort in ("trafficked", "uasc", "combined"):
        rate = stats.get(f"{cohort}_missing_pct")
        if rate is None:
            continue
        went, in_care = stats.get(f"{cohort}_went_missing"), stats.get(f"{cohort}_in_care")
        rows.append({
            "Cohort": COHORT_NOUNS[cohort].capitalize(),
            "Rate": str(rate.text),
            "Numerator: children who went missing": _whole(rate.numerator),
            "Denominator: children in care": _whole(rate.denominator),
            "Authorities in the rate": _whole(rate.authorities),
            "Authorities that gave the went-missing number": _whole(went.authorities) if went is not None else None,
            "Authorities that gave the in-care number": _whole(in_care.authorities) if in_care is not None else None,
        })
    return pd.DataFrame(rows)


def rate_html(data) -> str:
    over = RATE_DENOMINATORS.get(data.spec.rate_denominator, data.spec.rate_denominator)
    if data.spec.rate_denominator == "matched":
        rule = ("Both the numerator and the denominator are summed over the same authorities: "
                f"{over}.")
    else:
        rule = ("The numerator adds the went-missing numbers of every authority that gave one; "
                f"the denominator adds the in-care numbers of {over}. The two sets of authorities "
                "overlap but are not the same (see the coverage section for the rate over "
                "the authorities that gave both).")
    return (f"<p><strong>The rate</strong> (share who went missing) is children who went missing "
            f"divided by children in care. {rule} Numbers a council withheld as small are left "
            "out of both and give the range. Rates are printed as whole percentages, rounded "
            "half up.</p>")


def _period_words(period, spec) -> str:
    return html.escape(period.described) + assumed_mark(spec, "periods")


def period_html(spec) -> str:
    if len(spec.periods) == 1:
        return (f"<p><strong>Period asked about:</strong> {_period_words(spec.periods[0], spec)}."
                "</p>")
    items = "".join(f"<li>{_period_words(p, spec)}</li>" for p in spec.periods)
    from foi_missing.statistics.compute import pooled_periods

    kept = pooled_periods(spec)
    left = [p.label for p in spec.periods if p.id not in kept]
    pooled = ("<p>The headline figures add the periods of equal length ("
              + html.escape(", ".join(spec.period(p).label for p in kept)) + ")"
              + (f"; {html.escape(', '.join(left))} is shorter and is reported on its own"
                 if left else "") + ".</p>")
    return (f"<p><strong>Periods asked about</strong> ({plural(len(spec.periods), 'period')}):</p>"
            f"<ul>{items}</ul>{pooled}")
