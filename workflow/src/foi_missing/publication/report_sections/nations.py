"""The per-nation breakdown of a round (England, Wales, Scotland, Northern Ireland), under
the same disclosure control as the series page and the workbook
(:func:`foi_missing.publication.series_report.nation_disclosure`, whose hidden by-nation figures the
disclosure audit already covers). In a reconstructed round a nation with 0 or a tiny
share of a UK figure is flagged: the split between nations is an artefact of the
reconstruction, not a finding."""

from __future__ import annotations

import pandas as pd

from foi_missing.core.vocabulary import NATIONS
from foi_missing.statistics.registry import STATISTICS, StatisticId, in_scope, make_id

COLUMNS = (
    ("authorities_asked", "Authorities asked"),
    ("authorities_responded", "Authorities that responded"),
    ("trafficked_in_care", "Trafficked: in care"),
    ("trafficked_went_missing", "Trafficked: went missing"),
    ("trafficked_missing_pct", "Trafficked: share who went missing"),
    ("uasc_in_care", "UASC: in care"),
    ("uasc_went_missing", "UASC: went missing"),
    ("uasc_missing_pct", "UASC: share who went missing"),
    ("combined_not_found", "Not found (both cohorts)"),
)
TINY_SHARE = 0.02  # below 2% of the UK figure
ARTEFACT = "†"


def in_sentence(label: str) -> str:
    """A column label as words inside a sentence: "Trafficked: in care" reads "trafficked in
    care"; an acronym ("UASC") keeps its capitals."""
    words = label.replace(": ", " ")
    if len(words) > 1 and words[1].isupper():
        return words
    return words[:1].lower() + words[1:]


def _series_view(data):
    from foi_missing.publication.series_report import SeriesData

    stats = data.statistics
    stats = stats[~in_scope(stats["statistic_id"], "authority", "period")]
    return SeriesData(specs=[data.spec], statistics=stats.assign(round=data.round_id),
                      changes=pd.DataFrame(), like_for_like=pd.DataFrame(), trend_png=None,
                      rule=data.rule)


def nation_table(data) -> tuple[pd.DataFrame, list[str]]:
    """(table of nation rows x figures as printed, notes on flagged artefacts)."""
    from foi_missing.core.cells import cell_number
    from foi_missing.publication.series_report import shown_text

    view = _series_view(data)
    stats = {row.statistic_id: row for row in data.statistics.itertuples(index=False)}
    present = {StatisticId.parse(sid).nation for sid in stats} - {""}
    nations = [n for n in NATIONS if n in present] + sorted(present - set(NATIONS))
    flagged: list[str] = []
    rows = []
    for nation in nations:
        row = {"Nation": nation}
        for base, label in COLUMNS:
            sid = make_id(base, "nation", nation)
            stat = stats.get(sid)
            if stat is None:
                continue
            text = shown_text(view, data.round_id, sid, stat.text)
            value, total = cell_number(stat.value), stats.get(base)
            total_value = cell_number(total.value) if total is not None else None
            count = STATISTICS[base].kind == "count"
            if (data.spec.reconstructed and count and text != data.rule.symbol
                    and value is not None and total_value
                    and (value == 0 or value / total_value < TINY_SHARE)):
                text = f"{text} {ARTEFACT}"
                flagged.append(f"{nation}, {in_sentence(label)}")
            row[label] = "no figure" if text == "no reported figure" else text
        rows.append(row)
    uk = {"Nation": "United Kingdom"}
    for base, label in COLUMNS:
        if base in stats:
            uk[label] = str(stats[base].text)
    rows.append(uk)
    frame = pd.DataFrame(rows)
    return frame.fillna(""), flagged


def _answered_elsewhere(data) -> list[str]:
    """Nations whose every authority answered "not responsible" (another body holds the data)."""
    answers = data.answers
    found = []
    for nation in NATIONS:
        statuses = set(answers.loc[answers["nation"] == nation, "status"])
        if statuses == {"not_responsible"}:
            found.append(nation)
    return found


def nation_note(data, flagged: list[str]) -> str:
    symbol = data.rule.symbol
    text = (f"By-nation counts from 1 to 4, and any figure from which one could be worked out, "
            f"are shown as {symbol}; a share is hidden with the counts it is made of. Each "
            "nation's figures count only its authorities that gave them (see coverage).")
    elsewhere = _answered_elsewhere(data)
    if elsewhere:
        text += (" " + ", ".join(elsewhere) + ": every authority asked answered that another body "
                 "holds the figures, so the nation has no figure.")
    if data.spec.reconstructed:
        text += (" The split between nations depends on which authority gave which answer, "
                 "which in this reconstructed round is synthetic: it illustrates the method, "
                 "not what councils replied.")
        if flagged:
            text += (f" {ARTEFACT} marks a nation with none or under "
                     f"{TINY_SHARE:.0%} of the UK figure, an artefact of the reconstruction "
                     "rather than a finding (" + "; ".join(flagged) + ").")
    return f"<p>{text}</p>"
