"""The figures' shared style and pieces: colours, fonts, the title and footnote layout.

Used by :mod:`foi_missing.publication.figures` (which re-exports these names) and by the
per-authority charts in :mod:`foi_missing.publication.figure_ranking` and
:mod:`foi_missing.publication.figure_funnel`; this module imports none of them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from foi_missing.core.vocabulary import STATUS_LABELS

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
COHORT_COLOURS = {
    "trafficked": OKABE_ITO["vermillion"],
    "uasc": OKABE_ITO["blue"],
    "combined": OKABE_ITO["bluish_green"],
    "cross": OKABE_ITO["grey"],
}
COHORT_LABELS = {
    "trafficked": "Trafficked",
    "uasc": "Unaccompanied (UASC)",
    "combined": "Both cohorts",
    "cross": "One figure for both cohorts",
}
COHORT_NOUNS = {
    "trafficked": "trafficked children",
    "uasc": "unaccompanied asylum-seeking children (UASC)",
    "combined": "trafficked and unaccompanied children",
}
# Ten statuses for eight colours plus grey: the two rarest get white with a hatch.
STATUS_STYLE = {
    "reported": {"color": OKABE_ITO["blue"], "label": "Reported (a number)"},
    "suppressed": {"color": OKABE_ITO["sky_blue"], "label": "Withheld small number"},
    "included_elsewhere": {"color": OKABE_ITO["bluish_green"],
                           "label": "Included in another answer"},
    "not_recorded": {"color": OKABE_ITO["yellow"], "label": "Not recorded"},
    "not_held": {"color": OKABE_ITO["orange"], "label": "Not held"},
    "refused_cost": {"color": OKABE_ITO["vermillion"], "label": "Refused: cost (s12)"},
    "refused_other": {"color": OKABE_ITO["reddish_purple"], "label": "Refused: other exemption"},
    "not_responsible": {"color": OKABE_ITO["black"], "label": "Not responsible (points elsewhere)"},
    "no_response": {"color": OKABE_ITO["grey"], "label": "No response"},
    "unparsed": {"color": "#FFFFFF", "hatch": "xxx", "edgecolor": OKABE_ITO["vermillion"],
                 "label": "Not yet coded"},
}
# One name per status everywhere: the report's label table decides the legend's words.
for _status, _style in STATUS_STYLE.items():
    _style["label"] = STATUS_LABELS[_status][:1].upper() + STATUS_LABELS[_status][1:]
MEASURE_LABELS = {
    "in_care": "in care",
    "went_missing": "went missing",
    "missing_episodes": "missing episodes",
    "not_found": "not found",
}
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "foi-missing",
    "svg.fonttype": "path",
    "path.simplify": True,
    "figure.dpi": 100,
}
DPI = 150
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}
FOOTNOTE_SIZE = 7.5

MaskSmall = Callable[[pd.DataFrame], pd.DataFrame]



def new_figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def finish_figure(fig: Figure, source: str, notes: Sequence[str] = ()) -> Figure:
    """Footnotes and the source line under the plot, with room kept for them."""
    width_in = fig.get_figwidth()
    chars = max(40, int(width_in * 72 / (FOOTNOTE_SIZE * 0.55)))
    lines = []
    for note in [*notes, source]:
        lines += textwrap.wrap(note, chars) or [""]
    with matplotlib.rc_context(STYLE):
        fig.text(0.01, 0.01, "\n".join(lines), fontsize=FOOTNOTE_SIZE, color="#333333",
                 ha="left", va="bottom", linespacing=1.35)
    height_pts = fig.get_figheight() * 72
    bottom = (len(lines) * FOOTNOTE_SIZE * 1.35 + 10) / height_pts
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    return fig


def set_titles(fig: Figure, ax, finding: str, description: str) -> None:
    """The finding as the figure's title, the neutral description of the chart under it."""
    chars = max(40, int(fig.get_figwidth() * 72 / (STYLE["axes.titlesize"] * 0.6)))
    with matplotlib.rc_context(STYLE):
        fig.suptitle("\n".join(textwrap.wrap(finding, chars)), x=0.01, ha="left",
                     fontsize=STYLE["axes.titlesize"], fontweight="bold")
        ax.set_title("\n".join(textwrap.wrap(description, int(chars * 1.1))), loc="left",
                     fontsize=10, fontweight="normal", color="#333333")


def authorities_are(count: int) -> str:
    """"1 authority is" / "3 authorities are"."""
    return "1 authority is" if count == 1 else f"{count:,} authorities are"


def thousands_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))


def apply_mask(table: pd.DataFrame, columns: Sequence[str], mask_small: MaskSmall | None,
                omit_small: tuple[int, int] | None = None) -> tuple[pd.DataFrame, int]:
    """Mask, then drop authorities with a hidden cell in ``columns``; returns (kept, dropped)."""
    masked = mask_small(table.copy()) if mask_small is not None else table.copy()
    hidden = pd.Series(False, index=masked.index)
    for column in columns:
        # A cell the mask blanked (reported before, missing after) hides the authority.
        hidden |= table[column].notna() & masked[column].isna()
        if omit_small is not None:
            low, high = omit_small
            hidden |= masked[column].between(low, high)
    return masked.loc[~hidden], int(hidden.sum())
