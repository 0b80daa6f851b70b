"""Coverage and non-response: by nation, how many authorities were asked, replied, gave
each figure, refused (by reason) or did not reply; the non-responders by name; and the
rate over the matched set (authorities that gave both figures) beside the headline rate.

Counts of authorities only (no child counts), so nothing here needs disclosure control
beyond the national rates, which are printed as whole percentages (as published)."""

from __future__ import annotations

import dataclasses
import html

import pandas as pd

from foi_missing.core.vocabulary import NATIONS
from foi_missing.publication.report_sections.labels import (
    COHORT_NOUNS,
    RATE_DENOMINATORS,
    plural,
)
from foi_missing.statistics.compute import count_text

GAVE = ("reported",)
# How an authority that gave no figure at all answered (first that applies).
NO_FIGURE = (
    ("refused_cost", ("refused_cost",)),
    ("refused_other", ("refused_other",)),
    ("not_held", ("not_held", "not_recorded")),
    ("not_responsible", ("not_responsible",)),
    ("unparsed", ("unparsed",)),
    ("no_response", ("no_response",)),
)
NO_FIGURE_LABELS = {
    "refused_cost": "No number: refused on cost",
    "refused_other": "No number: refused under another exemption",
    "not_held": "No number: not held or not recorded",
    "not_responsible": "No number: not responsible",
    "unparsed": "No number yet: awaiting manual coding",
    "no_response": "No reply by the cut-off",
}
FIGURES = (("trafficked", "in_care"), ("trafficked", "went_missing"), ("uasc", "in_care"),
           ("uasc", "went_missing"), (None, "not_found"))


def _figure_column(cohort, measure) -> str:
    what = {"in_care": "in care", "went_missing": "went missing", "not_found": "not found"}[measure]
    who = {"trafficked": "trafficked", "uasc": "UASC", None: "either cohort"}[cohort]
    return f"Gave {who}: {what}"


def _nation_order(values) -> list[str]:
    present = set(values)
    return [n for n in NATIONS if n in present] + sorted(present - set(NATIONS))


def outcome(statuses) -> str:
    """An authority's overall answer: "gave" (a number for at least one question) or the
    reason it gave none (:data:`NO_FIGURE`)."""
    statuses = set(statuses)
    if statuses & {"reported", "suppressed", "included_elsewhere"}:
        return "gave"
    for key, members in NO_FIGURE:
        if statuses & set(members):
            return key
    return "no_response"


def _gave(data) -> dict[str, set[str]]:
    """Per national count (``trafficked_in_care``, ...): the authorities whose number is in it,
    by the counting rules (contributions.csv), so the coverage agrees with the figures."""
    contributions = data.contributions
    result = {f"{cohort or 'combined'}_{measure}": set() for cohort, measure in FIGURES}
    if contributions.empty:
        return result
    used = contributions[contributions["value_used"].notna()
                         & (contributions["status"] == "reported")]
    for sid in result:
        result[sid] = set(used.loc[used["statistic_id"] == sid, "authority_code"])
    return result


def coverage_table(data) -> pd.DataFrame:
    """By nation: asked, replied, gave each figure, gave none (by reason), no reply."""
    answers = data.answers
    outcomes = answers.groupby("authority_code")["status"].agg(outcome)
    nations = pd.Series(data.nations).reindex(outcomes.index).fillna("")
    gave = _gave(data)
    rows = []
    for nation in _nation_order(nations) + ["United Kingdom"]:
        codes = outcomes.index if nation == "United Kingdom" else outcomes.index[nations == nation]
        part = answers[answers["authority_code"].isin(codes)]
        these = outcomes.loc[codes]
        row = {"Nation": nation or "(nation unknown)", "Asked": len(codes),
               "Replied": int((these != "no_response").sum()),
               "Gave at least one number": int((these == "gave").sum())}
        for cohort, measure in FIGURES:
            row[_figure_column(cohort, measure)] = len(gave[f"{cohort or 'combined'}_{measure}"] & set(codes))
        row["Withheld a small number"] = int(
            part.loc[part["status"] == "suppressed", "authority_code"].nunique())
        for key, label in NO_FIGURE_LABELS.items():
            row[label] = int((these == key).sum())
        rows.append(row)
    frame = pd.DataFrame(rows)
    # Columns of zeros only say nothing; keep the ones every round has.
    keep = [c for c in frame.columns if c in ("Nation", "Asked", "Replied", NO_FIGURE_LABELS["no_response"])
            or frame[c].astype(bool).any()]
    return frame[keep]


def non_responders(data) -> pd.DataFrame:
    """Authorities whose every answer is "no reply by the cut-off", with what the request log
    says (no reply at all, or a reply after the cut-off)."""
    outcomes = data.answers.groupby("authority_code")["status"].agg(outcome)
    codes = [c for c in outcomes.index if outcomes[c] == "no_response"]
    late = _late_replies(data)
    rows = [{"Authority": data.names.get(c, c), "Nation": data.nations.get(c, ""),
             "What happened": (f"replied on {_date(late[c])}, after the cut-off (not counted)"
                               if c in late else "no reply")}
            for c in codes]
    frame = pd.DataFrame(rows, columns=["Authority", "Nation", "What happened"])
    order = {n: i for i, n in enumerate(NATIONS)}
    return frame.sort_values(["Nation", "Authority"], key=lambda s: s.map(order).fillna(9)
                             if s.name == "Nation" else s, kind="stable").reset_index(drop=True)


def _date(text: str) -> str:
    from datetime import date

    try:
        return f"{date.fromisoformat(text):%-d %B %Y}"
    except ValueError:
        return text


def _late_replies(data) -> dict[str, str]:
    log_path = data.spec.request_log
    if not log_path.exists():
        return {}
    from foi_missing.core.tables import read_csv

    log = read_csv(log_path)
    if "outcome" not in log.columns:
        return {}
    late = log[log["outcome"].astype(str) == "late"]
    return {row.gss_code: str(row.date_received) for row in late.itertuples(index=False)
            if isinstance(row.date_received, str) and row.date_received}


def sensitivity(data) -> pd.DataFrame:
    """Per cohort: the headline rate beside the rate under the other denominator rule (the
    matched set, or every authority that reported), with the authorities each covers."""
    from foi_missing.core.cells import cell_number
    from foi_missing.statistics.compute import compute_statistics

    other_rule = "all_reporting_in_care" if data.spec.rate_denominator == "matched" else "matched"
    other_spec = dataclasses.replace(data.spec, rate_denominator=other_rule)
    other, _ = compute_statistics(data.answers, other_spec)
    other = {row.statistic_id: row for row in other.itertuples(index=False)}
    headline = {row.statistic_id: row for row in data.statistics.itertuples(index=False)}
    rows = []
    for cohort in ("trafficked", "uasc"):
        sid = f"{cohort}_missing_pct"
        if sid not in headline or sid not in other:
            continue
        main, alt = headline[sid], other[sid]
        matched = other.get(f"{cohort}_matched_authorities") or headline.get(
            f"{cohort}_matched_authorities")
        row = {
            "Cohort": COHORT_NOUNS[cohort].capitalize(),
            f"Headline rate: over {RATE_DENOMINATORS[data.spec.rate_denominator]}": str(main.text),
            f"Rate over {RATE_DENOMINATORS[other_rule]}": str(alt.text)
            if cell_number(alt.value) is not None else "",
            "Authorities that gave both numbers": int(cell_number(matched.value))
            if matched is not None and cell_number(matched.value) is not None else None,
        }
        rows.append(row)
    return pd.DataFrame(rows)


def caveat_html(data, table: pd.DataFrame) -> str:
    total = table[table["Nation"] == "United Kingdom"].iloc[0]
    asked, replied = int(total["Asked"]), int(total["Replied"])
    gave = int(total["Gave at least one number"])
    return (f"<p><strong>The totals cover only the authorities that answered.</strong> Of "
            f"{plural(asked, 'authority')} asked, {plural(replied, 'authority')} replied by the "
            f"cut-off and {count_text(gave)} gave at least one number. No figure is estimated for an "
            "authority that refused, did not hold the figure or did not reply, so each national "
            "total is a count over the authorities that gave that figure, and a lower bound on "
            "the children in care across the UK. Comparing totals between rounds, or between "
            "nations, compares different sets of authorities.</p>")


def sensitivity_html(data, frame: pd.DataFrame) -> str:
    if frame.empty:
        return ""
    headline, other = frame.columns[1], frame.columns[2]
    parts = []
    for row in frame.itertuples(index=False):
        if not row[2]:
            continue
        matched = f" ({plural(row[3], 'authority')} gave both numbers)" if row[3] is not None else ""
        parts.append(f"{html.escape(row[0].lower())}: {html.escape(row[1])} {html.escape(headline.split(': ', 1)[1])}, "
                     f"{html.escape(row[2])} {html.escape(other.removeprefix('Rate '))}{matched}")
    if not parts:
        return ""
    text = "; ".join(parts)
    return ("<p><strong>Sensitivity of the rate to who is counted.</strong> "
            + text[:1].upper() + text[1:] + ". Where the two agree, the choice of authorities does not drive "
            "the rate.</p>")
