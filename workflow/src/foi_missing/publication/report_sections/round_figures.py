"""The report's figures: answers by question and nation, and the figures of results,
drawn from per-authority numbers blanked first where the published table hides them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from foi_missing.publication.report_sections.authorities import (
    _check_figure_data,
    mask_authority_figures,
)
from foi_missing.publication.report_sections.blocks import png_bytes
from foi_missing.publication.report_sections.labels import (
    COHORT_WORDS,
)

if TYPE_CHECKING:
    from foi_missing.publication.report_sections.round_data import RoundData


def authority_figure_table(data: RoundData) -> pd.DataFrame:
    from foi_missing.publication import figures

    table = figures.authority_table(data.statistics, data.names)
    for cohort in ("trafficked", "uasc", "combined"):
        for measure in ("in_care", "went_missing", "missing_episodes", "not_found"):
            if f"{cohort}_{measure}" not in table.columns:
                table[f"{cohort}_{measure}"] = float("nan")
    return table


def response_figures(data: RoundData) -> list[tuple[str, bytes, str]]:
    """Answer status by question and by nation (counts of authorities, no per-authority counts)."""
    from foi_missing.publication import figures

    source = figures.source_line(data.spec)
    return [
        ("Answers by question",
         png_bytes(figures.reply_status_by_question_figure(data.answers, data.spec, source)),
         "For each question, how many authorities gave each kind of answer."),
        ("Answers by nation", png_bytes(figures.reply_status_by_nation_figure(data.answers, source)),
         "Each nation's answers (authorities x questions) by status."),
    ]


def publication_figures(data: RoundData) -> list[tuple[str, bytes, str]]:
    """The report's figures of results: national shares, and per-authority figures drawn from
    figures whose hidden cells are blanked first (:func:`mask_authority_figures`)."""
    from foi_missing.publication import figures

    source = figures.source_line(data.spec)
    table = authority_figure_table(data)
    masked = mask_authority_figures(data, table)
    _check_figure_data(data, masked)

    def mask(frame: pd.DataFrame) -> pd.DataFrame:
        return masked.loc[frame.index, frame.columns]

    shown = [
        ("Share of children in care who went missing",
         png_bytes(figures.share_missing_figure(data.statistics, source)),
         ("National shares by cohort; whiskers show the range had withheld small numbers been "
         "disclosed.")),
        ("Authorities with most children going missing",
         png_bytes(figures.most_went_missing_figure(
             table, source, mask_small=mask, withheld=figures.withheld_ranges(data.statistics),
             narrowest=data.rule.max_count - data.rule.min_count,
             period_note=figures.period_note(data.statistics))),
         figures.MOST_WENT_MISSING_CAPTION),
    ]
    for cohort in ("trafficked", "uasc"):
        if table[f"{cohort}_in_care"].notna().any():
            shown.append((
                f"Missing rate by authority: {COHORT_WORDS[cohort].lower()}",
                png_bytes(figures.funnel_figure(table, cohort, source, mask_small=mask,
                                                period_note=figures.period_note(data.statistics))),
                figures.FUNNEL_CAPTION,
            ))
    return shown
