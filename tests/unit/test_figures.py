"""Figures: written as PNG and SVG, same bytes every time, labelled, disclosure options."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from foi_missing.core.vocabulary import NATIONS
from foi_missing.publication.figure_names import ROUND_FIGURES
from foi_missing.publication.figure_ranking import hidden_part_bounds
from foi_missing.publication.figures import (
    OKABE_ITO,
    authority_table,
    funnel_figure,
    funnel_limits,
    most_went_missing_figure,
    rank_for_chart,
    reply_status_by_nation_figure,
    reply_status_by_question_figure,
    round_figures,
    save_figure,
    share_missing_figure,
    share_phrase,
    source_line,
    withheld_ranges,
)
from foi_missing.publication.report_sections.authorities import mask_authority_figures
from foi_missing.statistics.compute import compute_statistics
from matplotlib.figure import Figure

from tests.unit.test_statistics import load_spec, make_answers

REPO_ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.slow  # draws and saves every round figure twice
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


def test_reply_status_by_question_counts_answers_in_a_round_of_several_periods():
    """One answer per authority and period: the axis says answers, not authorities."""
    spec = load_spec("2021-24")
    rows = [{"authority_code": code, "question": q.label, "period": period, "status": "reported"}
            for code in ("E10000016", "E06000010", "W06000015")
            for q in spec.questions for period in q.periods]
    fig = reply_status_by_question_figure(pd.DataFrame(rows), spec, source_line(spec))
    assert fig.axes[0].get_ylabel() == "Answers (authorities x periods)"
    assert f"3 authorities asked, {len(spec.periods)} periods" in fig.axes[0].get_title(loc="left")


def test_most_went_missing_top_ten(authorities, spec):
    fig = most_went_missing_figure(authorities, source_line(spec))
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(names) == 10
    assert names[0] == "1. Authority 13"  # 985 UASC in care
    assert "10 authorities" in ax.get_title(loc="left")


def test_most_went_missing_keeps_an_authority_with_a_hidden_part_as_at_least(authorities, spec):
    def mask_small(table):
        table = table.copy()
        small = table["combined_went_missing"].between(1, 4)
        table.loc[small, "combined_went_missing"] = np.nan
        return table

    assert authorities["combined_went_missing"].between(1, 4).any()
    fig = most_went_missing_figure(authorities, source_line(spec), top=100,
                                   mask_small=mask_small)
    shown = len(fig.axes[0].get_yticklabels())
    assert shown == (authorities["combined_went_missing"] >= 1).sum()  # nobody left out
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert any(label.startswith("at least") for label in labels)
    assert "drawn as \"at least N\"" in texts(fig).replace("\n", " ")


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


def test_funnel_limits_narrow_around_the_rate():
    n = np.array([10, 100, 1000])
    lo95, hi95 = funnel_limits(n, 0.2, 0.95)
    lo998, hi998 = funnel_limits(n, 0.2, 0.998)
    assert np.all(lo998 <= lo95) and np.all(lo95 < 0.2) and np.all(0.2 < hi95)
    assert np.all(hi95 <= hi998)
    assert np.all(np.diff(hi95 - lo95) < 0)
    # Close to the normal approximation for large n.
    assert hi95[-1] == pytest.approx(0.2 + 1.96 * np.sqrt(0.2 * 0.8 / 1000), abs=0.003)


@pytest.mark.parametrize("rate", [0.02, 0.139, 0.315, 0.5, 0.9])
@pytest.mark.parametrize("coverage", [0.95, 0.998])
def test_funnel_limits_are_monotone_and_smooth(rate, coverage):
    n = np.geomspace(1, 3000, 3000)
    low, high = funnel_limits(n, rate, coverage)
    assert np.all(np.diff(low) >= -1e-12)  # the lower limit never falls as n grows
    assert np.all(np.diff(high) <= 1e-12)  # the upper never rises
    # Smooth: no step (exact binomial limits jump by up to 1/n at every whole count).
    assert np.abs(np.diff(low)).max() < 0.02 and np.abs(np.diff(high)).max() < 0.02


def test_funnel_limits_are_exact_at_whole_counts():
    """Outside the limits exactly when the binomial tail probability is below the tail."""
    from scipy import stats

    rate, coverage = 0.3, 0.95
    for n in (5, 14, 40, 200):
        low, high = funnel_limits(np.array([float(n)]), rate, coverage)
        for k in range(n + 1):
            below = stats.binom.cdf(k, n, rate) < 0.025
            above = stats.binom.sf(k - 1, n, rate) < 0.025
            assert (k / n < low[0]) == below, (n, k)
            assert (k / n > high[0]) == above, (n, k)


def test_funnel_names_its_outliers_and_clips_no_point(authorities, spec):
    authorities = authorities.copy()
    first = authorities.index[0]
    authorities.loc[first, ["uasc_in_care", "uasc_went_missing"]] = [500, 400]  # far above
    fig = funnel_figure(authorities, "uasc", source_line(spec))
    ax = fig.axes[0]
    names = {t.get_text() for t in ax.texts}
    table = authorities.dropna(subset=["uasc_in_care", "uasc_went_missing"])
    table = table[(table["uasc_in_care"] > 0)
                  & (table["uasc_went_missing"] <= table["uasc_in_care"])]
    rate = table["uasc_went_missing"].sum() / table["uasc_in_care"].sum()
    low, high = funnel_limits(table["uasc_in_care"].to_numpy(float), rate, 0.998)
    share = table["uasc_went_missing"] / table["uasc_in_care"]
    outside = table.loc[(share < low) | (share > high), "authority_name"]
    assert len(outside) and set(outside) <= names
    title = fig._suptitle.get_text().replace("\n", " ")
    assert all(name in title for name in outside) if len(outside) <= 4 else "authorities" in title
    bottom, top = ax.get_ylim()
    for collection in ax.collections:
        for _, y in collection.get_offsets():
            assert bottom < y < top and (y - bottom) > 0.02 * (top - bottom)


def test_titles_state_the_finding_above_the_description(statistics, answers, spec):
    figures = round_figures(statistics, answers, spec)
    for name, fig in figures.items():
        finding = fig._suptitle.get_text()
        assert finding and finding != fig.axes[0].get_title(loc="left"), name
    share = figures["share_missing"]._suptitle.get_text()
    assert "went missing" in share


@pytest.mark.parametrize(("fraction", "words"), [
    (0.283, "more than a quarter"), (0.25, "a quarter"), (0.23, "more than a fifth"),
    (0.125, "one in eight"), (0.13, "more than one in eight"), (0.04, "4%"),
])
def test_share_phrase_stays_true(fraction, words):
    assert share_phrase(fraction) == words


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
    assert "split would reveal a hidden count" in texts(fig).replace("\n", " ")


def _ranking_table(rows):
    """Authorities ``(code, trafficked, uasc)`` went missing, as authority_table gives them."""
    table = pd.DataFrame(rows, columns=["authority_code", "trafficked_went_missing",
                                        "uasc_went_missing"])
    table.insert(1, "authority_name", "Name " + table["authority_code"])
    table["combined_went_missing"] = table["trafficked_went_missing"] + table["uasc_went_missing"]
    return table


def _hide(codes):
    def mask(table):
        table = table.copy()
        rows = table["authority_code"].isin(codes)
        table.loc[rows, ["trafficked_went_missing", "combined_went_missing"]] = np.nan
        return table
    return mask


def test_a_top_four_authority_with_a_hidden_part_keeps_its_place(spec):
    """The Croydon case: fourth in the headline ranking, its trafficked count hidden."""
    table = _ranking_table([("E1", 12, 190), ("E2", 9, 38), ("E3", 6, 37), ("E4", 4, 36),
                            ("E5", 0, 25), ("E6", 0, 22)])
    fig = most_went_missing_figure(table, source_line(spec), mask_small=_hide({"E4"}))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:5] == ["1. Name E1", "2. Name E2", "3. Name E3", "4. Name E4", "5. Name E5"]
    assert "at least 36" in [t.get_text() for t in ax.texts]
    assert "40" not in [t.get_text() for t in ax.texts]  # the total would give the hidden 4
    widths = [bar.get_width() for bar in ax.patches
              if round(bar.get_y() + bar.get_height() / 2) == 3 and bar.get_width() > 0]
    assert widths == [36]
    note = texts(fig).replace("\n", " ")
    assert "Ranked as the headline ranking" in note and "at least N" in note


def test_a_place_that_would_narrow_a_hidden_part_is_not_drawn():
    table = _ranking_table([("E1", 0, 50), ("E2", 0, 40), ("E3", 0, 30), ("E4", 0, 20),
                            ("E5", 0, 13), ("E6", 2, 10), ("E7", 0, 11), ("E8", 0, 5)])
    # In its place E6 (12) would sit between 13 and 11, ranked 5 and 7: its hidden 2 exactly.
    assert hidden_part_bounds([("E5", 5, False, 13), ("E6", 6, True, 10),
                               ("E7", 7, False, 11)]) == {"E6": (2, 2)}
    # A rank shared with a shown count gives the count away.
    assert hidden_part_bounds([("E1", 1, False, 30), ("E2", 1, True, 20)]) == {"E2": (10, 10)}
    entries = rank_for_chart(table, _hide({"E6"}))
    assert [e.code for e in entries] == ["E1", "E2", "E3", "E4", "E5", "E7", "E6", "E8"]
    assert [e.rank for e in entries] == [1, 2, 3, 4, 5, 6, 7, 8]  # no gap to say where it was
    moved = entries[6]
    assert moved.placed_by_shown_part and moved.hidden and moved.shown_count == 10
    # Far from its neighbours, the same authority keeps its place.
    table.loc[table["authority_code"] == "E7", "uasc_went_missing"] = 3
    table.loc[table["authority_code"] == "E5", "uasc_went_missing"] = 19
    table["combined_went_missing"] = table["trafficked_went_missing"] + table["uasc_went_missing"]
    entries = rank_for_chart(table, _hide({"E6"}))
    assert [e.code for e in entries][5] == "E6" and not entries[5].placed_by_shown_part


def test_council_withheld_answers_are_drawn_as_a_range(spec):
    table = _ranking_table([("E1", 10, 40), ("E2", 0, 30)])
    ranges = pd.DataFrame({"authority_code": ["E1", "E2"], "lower": [51, 30],
                           "upper": [54, 30]})
    fig = most_went_missing_figure(table, source_line(spec), withheld=ranges)
    assert "50 (range 51 to 54)" in [t.get_text() for t in fig.axes[0].texts]
    assert "Whiskers" in texts(fig)


def test_withheld_ranges_read_the_per_authority_bounds(statistics):
    ranges = withheld_ranges(statistics).set_index("authority_code")
    ids = statistics["statistic_id"]
    row = statistics.loc[ids.str.startswith("authority:")
                         & ids.str.endswith(":combined_went_missing")].iloc[0]
    code = row["statistic_id"].split(":")[1]
    assert ranges.at[code, "lower"] == pytest.approx(float(row["lower"]))


def _published_rankings():
    import yaml

    for path in sorted((REPO_ROOT / "data" / "published").glob("*.yaml")):
        figures = yaml.safe_load(path.read_text()).get("figures", [])
        for figure in figures:
            if figure.get("statistic_id") == "ranking_most_went_missing":
                yield path.stem, list(figure["value"])


@pytest.mark.parametrize(("round_id", "published"), list(_published_rankings()))
def test_the_ranking_chart_shows_every_authority_of_the_published_ranking(round_id, published):
    """The report's chart (disclosure control applied) includes the published top authorities."""
    from foi_missing.publication import report
    from foi_missing.publication.report_sections.round_figures import authority_figure_table

    if not (REPO_ROOT / "results" / round_id / "statistics.csv").exists():
        pytest.skip(f"results/{round_id} not built")
    data = report.load_round(round_id, REPO_ROOT / "results", REPO_ROOT / "data" / "raw",
                             REPO_ROOT / "data" / "published", {})
    table = authority_figure_table(data)
    masked = mask_authority_figures(data, table)

    def mask(frame):
        return masked.loc[frame.index, frame.columns]

    fig = most_went_missing_figure(table, "source", mask_small=mask,
                                   withheld=withheld_ranges(data.statistics))
    labels = [t.get_text().split(". ", 1)[1] for t in fig.axes[0].get_yticklabels()]
    assert [data.names[code] for code in published] == labels[:len(published)]


def test_numbered_outliers_in_a_crowd_near_zero_get_names_that_do_not_overlap():
    """Outliers bunched at 0% (the 2021-24 UASC funnel): every number gets its own place,
    clear of the others, inside the axes, and a moved one keeps a leader line to its point."""
    from foi_missing.publication.figure_funnel import _label_offsets

    xs = [45, 47, 48, 50, 64, 65, 140]
    ys = [0.0] * len(xs)
    names = ["9", "8", "12", "10", "13", "11", "14"]
    widths = [5.0 * len(n) for n in names]
    size, xlim, ylim = (560.0, 370.0), (0.7, 6000.0), (-1.0, 29.0)
    offsets = _label_offsets(xs, ys, widths, xlim, ylim, size, list(zip(xs, ys)))
    span = np.log10(xlim[1] / xlim[0])
    boxes, leaders = [], []
    for x, y, width, (dx, dy, align) in zip(xs, ys, widths, offsets):
        x0 = (np.log10(x / xlim[0]) / span) * size[0]
        y0 = (y - ylim[0]) / (ylim[1] - ylim[0]) * size[1]
        px, py = x0 + dx, y0 + dy
        left = px if align == "left" else px - width - 2
        boxes.append((left, py - 5, left + width + 2, py + 5))
        leaders.append(((x0, y0), (px, py)) if dy else None)
    for leader, name in zip(leaders, names):
        if leader is None:
            continue
        (x0, y0), (x1, y1) = leader
        for box, other in zip(boxes, names):
            through = any(box[0] + 1 < x0 + (x1 - x0) * t < box[2] - 1
                          and box[1] + 1 < y0 + (y1 - y0) * t < box[3] - 1
                          for t in np.linspace(0, 1, 50))
            assert other == name or not through, f"the line to {name} runs through {other}"
    for i, a in enumerate(boxes):
        assert 0 <= a[0] and a[2] <= size[0] and 0 <= a[1] and a[3] <= size[1], names[i]
        for j, b in enumerate(boxes[:i]):
            apart = a[2] <= b[0] or a[0] >= b[2] or a[3] <= b[1] or a[1] >= b[3]
            assert apart, f"labels {names[j]} and {names[i]} overlap"


def test_trend_panel_whose_ranges_hide_behind_markers_says_so():
    """Ranges of a few children on an axis of thousands cannot be seen: the note says so;
    visible ranges get no note."""
    import matplotlib.pyplot as plt
    from foi_missing.publication.series_figure import hidden_ranges_note

    fig, ax = plt.subplots()
    ax.set_ylim(0, 16000)
    note = hidden_ranges_note(ax, 158.0, "children-in-care", "children")
    assert note and "narrower than its marker" in note and "158 children" in note
    assert hidden_ranges_note(ax, 4000.0, "children-in-care", "children") is None
    assert hidden_ranges_note(ax, 0.0, "children-in-care", "children") is None
    plt.close(fig)
