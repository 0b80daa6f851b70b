"""A small four-round series for the series tests: 2014-15 and 2017 (one period each) and
2018-20 and 2021-24 (several periods; 2021-24's last, 1 January to 30 April 2024, partial).

2014-15 is ``fake_round.py``'s 12 authorities; 2017 the same answers moved to the 2017
questions with changed numbers (Northern Ireland asked through its Belfast trust instead of
Belfast's district council). The later rounds are built on the repository's round specs with
invented numbers for the same authorities: one withholds a small number, one refuses, one does
not reply. Everything goes through the package's statistics, as rule ``series`` does.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
from foi_missing.core.reference import load_dfe_england
from foi_missing.core.roundspec import load_round_spec
from foi_missing.statistics.compute import build_statistics
from foi_missing.statistics.series import RoundResults

from tests.unit.fake_round import AUTHORITIES, REPO_ROOT, answers_table

ROUNDS = ("2014-15", "2017", "2018-20", "2021-24")
BELFAST_DISTRICT, BELFAST_TRUST = "N09000003", "NIHSCT-BEL"
# 2014-15 question -> 2017 question (same cohort and measure; Q1 -> identified, 1b given as 0).
TO_2017 = {"Q1": "1a", "Q2": "2a", "Q3": "3a", "Q4": "4a", "Q5": "1c", "Q6": "2b", "Q7": "3b",
           "Q8": "4b"}
# Per authority of the later rounds: (trafficked in care, went missing, UASC in care, went missing).
BASES = {
    "E10000016": (40, 12, 900, 190), "E06000034": (15, 6, 120, 60), "E09000017": (10, 3, 200, 55),
    "E09000008": (20, 9, 150, 40), "E08000025": (8, 2, 60, 11), "E10000030": (6, 2, 30, 7),
    "E09000033": (12, 5, 80, 17), "W06000015": (5, 1, 25, 3), "W06000011": (0, 0, 9, 0),
}
REFUSES, SILENT = "E06000056", "S12000036"
# Growth per period (a partial period is about a third of a year).
GROWTH = {"2018": 1.0, "2019": 1.1, "2020": 1.25, "2021": 1.3, "2022": 1.4, "2023": 1.5,
          "2024": 0.45}


def second_round(first: pd.DataFrame) -> pd.DataFrame:
    """The fake 2017 answers: every number moved (x 1.5, + 1), questions relabelled; Belfast's
    trust asked instead of its district council."""
    spec = load_round_spec(REPO_ROOT / "data" / "raw" / "2017")
    rows = []
    for row in first.to_dict("records"):
        question = spec.question(TO_2017[row["question"]])
        row.update(round="2017", question=question.label, sub_cohort=question.sub_cohort,
                   period="2017", reply_id=f"2017-{row['authority_code']}-1")
        if row["authority_code"] == BELFAST_DISTRICT:
            row.update(authority_code=BELFAST_TRUST, authority_name="Belfast HSC Trust",
                       status="reported", value=2, lower=2, upper=2, redirect=None, raw_text="2")
        if row["status"] == "reported" and pd.notna(row["value"]):
            value = int(row["value"]) * 3 // 2 + 1
            row.update(value=value, lower=value, upper=value, raw_text=str(value))
        if isinstance(row["covers"], str) and row["covers"]:
            row["covers"] = ";".join(TO_2017[q] for q in row["covers"].split(";"))
        rows.append(row)
        if question.label == "1a":
            extra = dict(row, question="1b", sub_cohort="suspected", value=0, lower=0, upper=0,
                         raw_text="0") if row["status"] == "reported" else dict(row, question="1b")
            rows.append(extra)
    return pd.DataFrame(rows)


def _figure(code: str, question, period: str):
    """A number, ``(lower, upper)`` for a withheld one, or a status."""
    if code == REFUSES:
        return "refused_cost"
    if code == SILENT:
        return "no_response"
    if code == BELFAST_TRUST:
        base = (3, 1, 6, 2)
    else:
        base = BASES[code]
    growth = GROWTH[period]
    t_in, t_miss, u_in, u_miss = (math.ceil(v * growth) for v in base)
    if question.cohort == "trafficked":
        in_care, missing = t_in, t_miss
    elif question.cohort == "uasc":
        in_care, missing = u_in, u_miss
    else:  # the overlap (1d): a quarter of the smaller cohort
        return min(t_in, u_in) // 4
    if question.measure == "in_care":
        if question.sub_cohort == "identified":
            return in_care - in_care // 3
        if question.sub_cohort == "suspected":
            return in_care // 3
        return in_care
    if question.measure == "went_missing":
        # Birmingham withholds its small trafficked figure in 2019.
        if code == "E08000025" and question.cohort == "trafficked" and period == "2019":
            return (1, 4)
        return missing
    if question.measure == "missing_episodes":
        return missing * 3
    return missing // 5


def later_round(round_id: str) -> pd.DataFrame:
    spec = load_round_spec(REPO_ROOT / "data" / "raw" / round_id)
    nations = {code: nation for code, _, nation in AUTHORITIES}
    names = {code: name for code, name, _ in AUTHORITIES}
    codes = [c for c, _, _ in AUTHORITIES if c != BELFAST_DISTRICT] + [BELFAST_TRUST]
    rows = []
    for code in codes:
        for question in spec.questions:
            for period in question.periods:
                answer = _figure(code, question, period)
                row = {"round": round_id, "authority_code": code,
                       "authority_name": names.get(code, "Belfast HSC Trust"),
                       "nation": nations.get(code, "Northern Ireland"),
                       "question": question.label, "cohort": question.cohort,
                       "sub_cohort": question.sub_cohort, "measure": question.measure,
                       "period": period, "status": "reported", "value": None, "lower": None,
                       "upper": None, "covers": None}
                if isinstance(answer, tuple):
                    row.update(status="suppressed", lower=answer[0], upper=answer[1])
                elif isinstance(answer, str):
                    row.update(status=answer)
                else:
                    row.update(value=answer, lower=answer, upper=answer)
                rows.append(row)
    return pd.DataFrame(rows)


def fake_answers() -> dict[str, pd.DataFrame]:
    first = answers_table()
    return {"2014-15": first, "2017": second_round(first), "2018-20": later_round("2018-20"),
            "2021-24": later_round("2021-24")}


def copy_round_specs(folder: Path, rounds=ROUNDS) -> Path:
    """Copy each round's spec to ``folder/data/raw/<round>/round.yaml``; returns that raw folder."""
    for round_id in rounds:
        raw = folder / "data" / "raw" / round_id
        raw.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / "data" / "raw" / round_id / "round.yaml", raw / "round.yaml")
    return folder / "data" / "raw"


def fake_round_tables(rounds=ROUNDS, raw: Path = REPO_ROOT / "data" / "raw") -> dict:
    """Per round: (spec, answers, statistics, contributions), statistics with the DfE
    comparison as the pipeline builds them; specs read from ``raw/<round>/``."""
    dfe = load_dfe_england()
    answers = fake_answers()
    tables = {}
    for round_id in rounds:
        spec = load_round_spec(raw / round_id)
        statistics, contributions = build_statistics(answers[round_id], spec, dfe)
        tables[round_id] = (spec, answers[round_id], statistics, contributions)
    return tables


def fake_rounds(rounds=ROUNDS, folder: Path | None = None) -> list[RoundResults]:
    """The rounds' RoundResults. ``folder``: also copy each round spec to
    ``folder/data/raw/<round>/`` and read it from there."""
    raw = REPO_ROOT / "data" / "raw" if folder is None else copy_round_specs(folder, rounds)
    return [RoundResults(spec, statistics, answers)
            for spec, answers, statistics, _ in fake_round_tables(rounds, raw).values()]


# --- the series page, as rules ``series`` and ``series_report`` make it ---------------------------

SERIES_NOTEBOOK = REPO_ROOT / "notebooks" / "series_report.ipynb"
SERIES_PARAMETERS = {
    "rounds": list(ROUNDS),
    "results": "results",
    "raw": "data/raw",
    "disclosure": {"min_count": 1, "max_count": 4, "symbol": "[c]"},
    "commit": "0123456789abcdef0123456789abcdef01234567",
}


def make_fake_series(folder: Path, rounds: list[RoundResults] | None = None) -> Path:
    """A project folder with the round specs and results/series/ as rule ``series`` writes it.
    ``rounds``: the four rounds' RoundResults when already built (else built here)."""
    from foi_missing.core.register import load_register
    from foi_missing.core.tables import write_csv
    from foi_missing.publication.figures import save_figure
    from foi_missing.publication.series_figure import definition_notes, trend_figure
    from foi_missing.statistics.series import (
        changes,
        like_for_like,
        round_differences,
        series_statistics,
    )

    if rounds is None:
        rounds = fake_rounds(ROUNDS, folder)
    else:
        copy_round_specs(folder)
    register = load_register()
    out = folder / "results" / "series"
    series = series_statistics(rounds)
    write_csv(series, out / "statistics.csv")
    changed = changes(rounds, register)
    write_csv(changed, out / "changes.csv")
    write_csv(like_for_like(rounds, register), out / "like_for_like.csv")
    differences = round_differences(rounds, register)
    write_csv(differences, out / "differences.csv")
    save_figure(trend_figure(series, "Source: reconstructed FOI replies (test)",
                             definition_notes(differences), changed), out / "figures" / "trend")
    return folder


def render_fake_series(folder: Path, rounds: list[RoundResults] | None = None) -> Path:
    """``make_fake_series`` and the series page rendered from it: ``results/report/series.html``."""
    from foi_missing.publication import render

    make_fake_series(folder, rounds)
    html = folder / "results" / "report" / "series.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    render.render(SERIES_NOTEBOOK, SERIES_PARAMETERS, html, html.with_suffix(".ipynb"),
                  title="Across rounds", cwd=folder)
    return html
