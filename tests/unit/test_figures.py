"""Figures: written as PNG and SVG, same bytes every time, labelled, disclosure options."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from foi_missing.figures import (
    OKABE_ITO,
    ROUND_FIGURES,
    authority_table,
    binomial_limits,
    funnel_figure,
    most_went_missing_figure,
    reply_status_by_nation_figure,
    reply_status_by_question_figure,
    round_figures,
    save_figure,
    share_missing_figure,
    source_line,
)
from foi_missing.statistics import compute_statistics
from matplotlib.figure import Figure

from tests.unit.test_statistics import load_spec, make_answers

NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")


def sample_answers(spec):
    """Forty authorities with a mix of answers, deterministic."""
    rng = np.random.default_rng(7)
    given, nations, names = {}, {}, {}
    for i in range(40):
        code = f"E{i:08d}"
        nations[code] = NATIONS[i % 4] if i < 12 else "England"
        names[code] = f"Authority {i}"
        if nations[code] == "Northern Ireland":
            given[code] = {q: "not_responsible" for q in spec.question_labels}
            continue
        if i % 9 == 5:
            given[code] = {q: "refused_cost" for q in spec.question_labels}
            continue
        trafficked = int(rng.integers(0, 30))
        uasc = int(rng.integers(0, 200)) if i != 13 else 985
        numbers = {"Q1": trafficked, "Q2": int(trafficked * 0.3), "Q3": int(trafficked * 0.7),
                   "Q4": int(trafficked * 0.05), "Q5": uasc, "Q6": int(uasc * 0.13),
                   "Q7": int(uasc * 0.3), "Q8": int(uasc * 0.02)}
        if i in (14, 16):  # small numbers, reported
            numbers.update(Q5=3 if i == 14 else 20, Q6=2)
        answers = {}
        for label, value in numbers.items():
            if 1 <= value <= 4 and i % 2:
                answers[label] = (1, 4)
            elif i % 7 == 6 and label in ("Q3", "Q7"):
                answers[label] = "not_held"
            else:
                answers[label] = value
        given[code] = answers
    return make_answers(spec, given, nations=nations, names=names)


@pytest.fixture(scope="module")
def spec():
    return load_spec()


@pytest.fixture(scope="module")
def answers(spec):
    return sample_answers(spec)


@pytest.fixture(scope="module")
def statistics(answers, spec):
    statistics, _ = compute_statistics(answers, spec)
    return statistics


@pytest.fixture(scope="module")
def authorities(statistics, answers):
    names = answers.drop_duplicates("authority_code").set_index("authority_code")[
        "authority_name"].to_dict()
    return authority_table(statistics, names)


def are(count: int) -> str:
    return "1 authority is" if count == 1 else f"{count} authorities are"


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.texts)


def test_source_line_says_when_replies_are_reconstructed(spec):
    assert source_line(spec) == ("Source: reconstructed FOI replies, 2014-15 (synthetic "
                                 "per-authority data matching the published totals)")
    real = dataclasses.replace(spec, reconstructed=False)
    assert "reconstructed" not in source_line(real)


def test_every_round_figure_is_titled_labelled_and_sourced(statistics, answers, spec):
    figures = round_figures(statistics, answers, spec)
    assert tuple(figures) == ROUND_FIGURES
    for name, fig in figures.items():
        ax = fig.axes[0]
        assert ax.get_title(loc="left"), name
        assert ax.get_xlabel() and ax.get_ylabel(), name
        assert source_line(spec) in texts(fig).replace("\n", " "), name


def test_saved_as_png_and_svg_with_the_same_bytes_every_time(statistics, answers, spec,
                                                             tmp_path):
    first = round_figures(statistics, answers, spec)
    second = round_figures(statistics, answers, spec)
    for name in ROUND_FIGURES:
        a = save_figure(first[name], tmp_path / "a" / name)
        b = save_figure(second[name], tmp_path / "b" / name)
        assert [p.suffix for p in a] == [".png", ".svg"]
        for path_a, path_b in zip(a, b):
            assert path_a.is_file() and path_a.stat().st_size > 1000
            assert path_a.read_bytes() == path_b.read_bytes(), path_a.name
        svg = a[1].read_text()
        assert "<dc:date>" not in svg and "Matplotlib v" not in svg
        assert a[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_share_missing_shows_each_cohort_with_bounds(statistics, spec):
    fig = share_missing_figure(statistics, source_line(spec))
    ax = fig.axes[0]
    bars = [p for p in ax.patches]
    assert len(bars) == 3
    expected = statistics.set_index("statistic_id").loc["uasc_missing_pct", "value"]
    assert bars[1].get_height() == pytest.approx(float(expected))
    assert bars[1].get_facecolor()[:3] == pytest.approx(
        tuple(int(OKABE_ITO["blue"][i:i + 2], 16) / 255 for i in (1, 3, 5)))
    assert "withheld" in texts(fig)


def test_share_missing_draws_the_official_rate_when_given(statistics, spec):
    official = pd.DataFrame([
        {"statistic_id": "dfe_england_missing_pct", "value": 10.43,
         "text": "10,700 of 102,590 (10%)"},
        {"statistic_id": "dfe_england_year", "value": 2017, "text": "year ending 31 March 2017"},
    ])
    fig = share_missing_figure(pd.concat([statistics, official], ignore_index=True),
                               source_line(spec))
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("DfE" in t and "2017" in t for t in legend)


def test_reply_status_figures_count_every_answer(answers, spec):
    fig = reply_status_by_question_figure(answers, spec, source_line(spec))
    heights = {}
    for bar in fig.axes[0].patches:
        x = round(bar.get_x() + bar.get_width() / 2)
        heights[x] = heights.get(x, 0) + bar.get_height()
    assert set(heights.values()) == {40}  # every authority, for each of the 8 questions
    fig = reply_status_by_nation_figure(answers, source_line(spec))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0].startswith("England") and labels[-1].startswith("Northern Ireland")


def test_most_went_missing_top_ten(authorities, spec):
    fig = most_went_missing_figure(authorities, source_line(spec))
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(names) == 10
    assert names[0] == "Authority 13"  # 985 UASC in care
    assert "10 authorities" in ax.get_title(loc="left")


def test_most_went_missing_masks_small_counts(authorities, spec):
    def mask_small(table):
        table = table.copy()
        small = table["combined_went_missing"].between(1, 4)
        table.loc[small, "combined_went_missing"] = np.nan
        return table

    assert authorities["combined_went_missing"].between(1, 4).any()
    fig = most_went_missing_figure(authorities, source_line(spec), top=100,
                                   mask_small=mask_small)
    shown = len(fig.axes[0].get_yticklabels())
    ranked = (authorities["combined_went_missing"] >= 1).sum()
    dropped = authorities["combined_went_missing"].between(1, 4).sum()
    assert shown == ranked - dropped
    assert f"{are(dropped)} not shown: small counts" in texts(fig).replace("\n", " ")


def test_funnel_omits_small_counts_and_says_so(authorities, spec):
    both = authorities["uasc_in_care"].notna() & authorities["uasc_went_missing"].notna() & (
        authorities["uasc_in_care"] > 0)
    small = both & (authorities["uasc_in_care"].between(1, 4)
                    | authorities["uasc_went_missing"].between(1, 4))
    assert small.any()
    full = funnel_figure(authorities, "uasc", source_line(spec))
    omitted = funnel_figure(authorities, "uasc", source_line(spec), omit_small=(1, 4))

    def points(fig):
        return sum(len(c.get_offsets()) for c in fig.axes[0].collections)

    assert points(full) == both.sum()
    assert points(omitted) == both.sum() - small.sum()
    note = texts(omitted).replace("\n", " ")
    assert f"{are(small.sum())} not shown: a count of 1 to 4" in note
    assert "disclosure control" in note
    assert "disclosure" not in texts(full)


def test_funnel_with_pre_masked_data(authorities, spec):
    masked = authorities.copy()
    masked.loc[masked.index[:5], "uasc_in_care"] = np.nan
    fig = funnel_figure(masked, "trafficked", source_line(spec))
    assert fig.axes[0].get_ylabel()


def test_binomial_limits_narrow_around_the_rate():
    n = np.array([10, 100, 1000])
    lo95, hi95 = binomial_limits(n, 0.2, 0.95)
    lo998, hi998 = binomial_limits(n, 0.2, 0.998)
    assert np.all(lo998 <= lo95) and np.all(lo95 < 0.2) and np.all(0.2 < hi95)
    assert np.all(hi95 <= hi998)
    assert np.all(np.diff(hi95 - lo95) < 0)
    # Close to the normal approximation for large n.
    assert hi95[-1] == pytest.approx(0.2 + 1.96 * np.sqrt(0.2 * 0.8 / 1000), abs=0.003)


def test_most_went_missing_does_not_split_a_bar_with_a_hidden_part(authorities, spec):
    code = authorities.sort_values("combined_went_missing", ascending=False)[
        "authority_code"].iloc[0]

    def hide_trafficked_of_top(table):
        table = table.copy()
        table.loc[table["authority_code"] == code, "trafficked_went_missing"] = np.nan
        return table

    fig = most_went_missing_figure(authorities, source_line(spec),
                                   mask_small=hide_trafficked_of_top)
    ax = fig.axes[0]
    top_row = [bar for bar in ax.patches if round(bar.get_y() + bar.get_height() / 2) == 0
               and bar.get_width() > 0]
    assert len(top_row) == 1  # one whole bar, no uasc / trafficked split
    total = authorities.loc[authorities["authority_code"] == code, "combined_went_missing"].item()
    assert top_row[0].get_width() == total
    assert "split would reveal a small count" in texts(fig).replace("\n", " ")
