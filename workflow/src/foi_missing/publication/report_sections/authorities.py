"""The per-authority table as published and its disclosure result, computed once per
round: every per-authority value, figure point or free text the report shows is looked up
in it, so no two parts of the report disagree about what is hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from foi_missing.core.cells import cell_count
from foi_missing.core.vocabulary import COUNT_STATUSES, STATUS_LABELS
from foi_missing.publication import protection_cache
from foi_missing.publication.disclosure import (
    Disclosure,
    Total,
    apply_disclosure,
    hidden_in_figure,
    mask_rows,
)
from foi_missing.publication.disclosure_audit import protect_round
from foi_missing.publication.disclosure_cells import (
    cell_column,
    cell_columns,
    contribution_columns,
    pooled_columns,
    question_of,
)
from foi_missing.publication.report_sections.blocks import fmt_count
from foi_missing.publication.report_sections.labels import (
    COHORT_WORDS,
    MEASURE_WORDS,
    plural,
)
from foi_missing.statistics.compute import GROUPS, count_text
from foi_missing.statistics.registry import StatisticId, is_sum

if TYPE_CHECKING:
    from foi_missing.publication.report_sections.round_data import RoundData


def authority_statistic(statistic_id: str) -> tuple[str, str, str] | None:
    """(code, cohort, measure) of ``authority:<code>:<cohort>_<measure>``, else None."""
    sid = StatisticId.parse(statistic_id)
    if sid.scope != "authority" or sid.cohort not in GROUPS:
        return None
    return sid.where[0], sid.cohort, sid.measure


def _cell_display(row) -> object:
    status = row.status
    if status == "reported":
        count = cell_count(row.value)
        return count if count is not None else row.value
    if status == "suppressed":
        lower, upper = fmt_count(row.lower), fmt_count(row.upper)
        return f"withheld ({lower}–{upper})" if lower or upper else "withheld"
    if status == "included_elsewhere":
        target = row.refers_to if isinstance(row.refers_to, str) and row.refers_to else "another answer"
        return f"in {target}"
    return STATUS_LABELS.get(status, status)


def authority_cells(data: RoundData) -> pd.DataFrame:
    """Per authority (rows, GSS code index) x question and period (columns,
    :func:`foi_missing.publication.disclosure_cells.cell_column`): count or status words.

    A joint figure (``covers``) is shown once, at its first question; the other
    questions it covers say "with <first>".
    """
    spec = data.spec
    answers = data.answers.copy()
    for column in ("refers_to", "covers", "period"):
        if column not in answers.columns:
            answers[column] = ""
    answers["covers"] = answers["covers"].fillna("")
    labels = cell_columns(spec)
    codes = list(dict.fromkeys(answers["authority_code"]))
    table = pd.DataFrame("", index=pd.Index(codes, name="authority_code"), columns=labels, dtype=object)
    seen_joint: dict[tuple, str] = {}
    for row in answers.itertuples(index=False):
        if row.question not in spec.question_labels:
            continue
        column = cell_column(row.question, row.period, spec)
        if column not in table.columns:
            continue
        display = _cell_display(row)
        if row.covers and row.status in COUNT_STATUSES:
            key = (row.authority_code, row.covers, column.removeprefix(row.question))
            if key in seen_joint:
                display = f"with {seen_joint[key]}"
            else:
                seen_joint[key] = row.question
        current = table.at[row.authority_code, column]
        if current == "":
            table.at[row.authority_code, column] = display
    return table


def published_totals(data: RoundData, cells: pd.DataFrame) -> list[Total]:
    """Every sum the publications print, as cells of the per-authority table."""
    totals: dict[frozenset, Total] = {}
    contributions = data.contributions
    if contributions.empty:
        for column in cells.columns:
            parts = tuple((code, column) for code in cells.index)
            totals[frozenset(parts)] = Total(parts, None, f"total of {column}")
        return list(totals.values())
    measures = {q.label: q.measure for q in data.spec.questions}
    used = contributions[contributions["value_used"].notna()]
    used = used[used["statistic_id"].map(is_sum)]
    used = used.assign(cell_column=contribution_columns(used, data.spec))
    if used["cell_column"].isna().any():
        raise ValueError(f"{data.round_id}: contributions.csv has no period column; rebuild the "
                         "statistics (a round of several periods needs it for disclosure control)")
    for (sid, measure), group in used.groupby(
            [used["statistic_id"], used["question"].map(measures).fillna("")], sort=True):
        parts = tuple(
            (code, column) for code, column in zip(group["authority_code"], group["cell_column"])
            if code in cells.index and column in cells.columns
        )
        if parts and frozenset(parts) not in totals:
            totals[frozenset(parts)] = Total(parts, None, f"{sid} ({measure})")
    # Per-authority figures printed in the reproduction table (e.g. Kent's
    # trafficked + UASC not found) are published sums of that row's cells.
    for row in data.reproduction.itertuples(index=False):
        target = authority_statistic(row.statistic_id)
        if target is None:
            continue
        code, cohort, measure = target
        questions = [q.label for q in data.spec.questions if q.measure == measure
                     and (cohort == "combined" or q.cohort == cohort)]
        parts = tuple((code, c) for c in pooled_columns(data.spec, questions)
                      if code in cells.index and c in cells.columns)
        if len(parts) > 1 and not data.rule.is_small(row.computed_value):
            totals.setdefault(frozenset(parts), Total(parts, None, row.statistic_id))
    return list(totals.values())


def authority_disclosure(data: RoundData) -> tuple[pd.DataFrame, Disclosure]:
    """The per-authority table as published and its disclosure result (computed once per round)."""
    if data._disclosure is None:
        # The same round loaded again in this process: the same result (a copy).
        data._disclosure = protection_cache.recall(data.source)
        if data._disclosure is None:
            cells = authority_cells(data)
            totals = published_totals(data, cells)
            result = apply_disclosure(cells, list(cells.columns), data.rule, column_totals=False,
                                      totals=totals)
            # The totals taken together (foi_missing.publication.disclosure_audit): hide more where they combine.
            protect_round(data, cells, result, totals)
            data._disclosure = (cells, result)
            protection_cache.remember(data.source, data._disclosure)
        result = data._disclosure[1]
        # A national figure (pooled or of one period) the joint protection withholds is
        # printed as the symbol everywhere.
        national = {sid for sid in result.withheld if StatisticId.parse(sid).scope != "nation"}
        if national:
            data.statistics = mask_rows(data.statistics, data.rule.symbol,
                                        lambda row: row.statistic_id in national)
            if not data.reproduction.empty:
                data.reproduction = mask_rows(data.reproduction, data.rule.symbol,
                                              lambda row: row.statistic_id in national,
                                              ("computed_value", "computed_text"))
    return data._disclosure


def authority_value_hidden(data: RoundData, disclosure, statistic_id: str, value) -> bool:
    cells, result = disclosure
    code, cohort, measure = authority_statistic(statistic_id)
    if data.rule.is_small(value):
        return True
    questions = [q.label for q in data.spec.questions if q.measure == measure
                 and (cohort == "combined" or q.cohort == cohort)]
    parts = [(code, c) for c in pooled_columns(data.spec, questions) if code in cells.index]
    # A single-cell figure is that cell: hidden when the cell is.
    return len(parts) == 1 and result.is_hidden(*parts[0])


def hidden_values(data: RoundData) -> dict[str, set[int]]:
    """Per authority, the counts its hidden cells hold (to mask them in free text)."""
    cells, result = authority_disclosure(data)
    values: dict[str, set[int]] = {}
    hidden = result.hidden
    for code in cells.index:
        for question in cells.columns:
            if hidden.at[code, question]:
                count = cell_count(cells.at[code, question])
                if count is not None:
                    values.setdefault(code, set()).add(count)
    return values


def authority_table(data: RoundData) -> pd.DataFrame:
    """The per-authority table for publication (disclosure applied), readable headers."""
    _, result = authority_disclosure(data)
    shown = result.table.copy()
    # A column per question and period (the period id after the label in a round of several).
    headers = {}
    for column, (label, _) in question_of(data.spec).items():
        q = data.spec.question(label)
        headers[column] = (f"{column} {COHORT_WORDS[q.cohort].split(' (')[0].lower()}"
                           f"{'' if q.sub_cohort == 'all' else ' ' + q.sub_cohort}: "
                           f"{MEASURE_WORDS[q.measure]}")
    shown = shown.rename(columns=headers)
    shown.insert(0, "Nation", [data.nations.get(c, "") for c in shown.index])
    shown.insert(0, "Authority", [data.names.get(c, c) for c in shown.index])
    shown.insert(0, "GSS code", list(shown.index))
    return shown.reset_index(drop=True)


def disclosure_note(data: RoundData) -> str:
    _, result = authority_disclosure(data)
    primary = int(result.primary.values.sum())
    secondary = int(result.secondary.values.sum())
    text = (f"Disclosure control: {data.rule.describe()}. In this table {plural(primary, 'cell')} "
            f"{'is' if primary == 1 else 'are'} hidden as small counts and {count_text(secondary)} "
            f"more so that no published total reveals them. Status words say why an authority gave no number; "
            f"\"withheld (a–b)\" is the council's own suppression.")
    if result.unresolved:
        text += (f" {plural(len(result.unresolved), 'published total')} rest on very few "
                 "authorities and could not be protected further by hiding cells (national figures stay printed).")
    return text


def _statistic_cells(data: RoundData, code: str, column: str) -> list[tuple[str, str]]:
    """The per-authority table cells behind ``authority:<code>:<column>`` (e.g. ``uasc_in_care``)."""
    cells, _ = authority_disclosure(data)
    for cohort in ("trafficked", "uasc", "combined"):
        if column.startswith(cohort + "_"):
            measure = column[len(cohort) + 1:]
            questions = [q.label for q in data.spec.questions
                         if q.measure == measure and (cohort == "combined" or q.cohort == cohort)]
            return [(code, c) for c in pooled_columns(data.spec, questions) if code in cells.index]
    return []


def mask_authority_figures(data: RoundData, table: pd.DataFrame) -> pd.DataFrame:
    """For :mod:`foi_missing.publication.figures` (``mask_small``): blank every per-authority figure that
    is small or rests on a cell the published table hides, so no figure shows it."""
    _, result = authority_disclosure(data)
    masked = table.copy()
    for column in masked.columns:
        if column in ("authority_code", "authority_name"):
            continue
        for index, code in zip(masked.index, masked["authority_code"]):
            value = masked.at[index, column]
            if value is None or pd.isna(value):
                continue
            parts = _statistic_cells(data, code, column)
            if data.rule.is_small(value) or hidden_in_figure(result, parts):
                masked.at[index, column] = float("nan")
    return masked


def _check_figure_data(data: RoundData, masked: pd.DataFrame) -> None:
    """Fail loudly if a value a figure may draw rests on a hidden cell."""
    _, result = authority_disclosure(data)
    for column in masked.columns:
        if column in ("authority_code", "authority_name"):
            continue
        for code, value in zip(masked["authority_code"], masked[column]):
            if value is None or pd.isna(value):
                continue
            if data.rule.is_small(value) or hidden_in_figure(result, _statistic_cells(data, code, column)):
                raise AssertionError(f"figure data would reveal a hidden count: {code} {column}")
