"""Figure files are the same bytes for the same figure, clip paths included."""

import filecmp

import matplotlib
from foi_missing.publication.figures import save_figure
from matplotlib.figure import Figure
from matplotlib.patches import Circle

matplotlib.use("Agg")


def _figure() -> Figure:
    fig = Figure()
    ax = fig.add_subplot()
    line = ax.plot([0, 3], [0, 3])[0]
    # A clip path that is not a rectangle: matplotlib names it from a memory address.
    line.set_clip_path(Circle((1, 1), 0.5, transform=ax.transData))
    return fig


def test_a_figure_with_a_clip_path_saves_the_same_svg_twice(tmp_path):
    save_figure(_figure(), tmp_path / "one")
    save_figure(_figure(), tmp_path / "two")
    assert filecmp.cmp(tmp_path / "one.svg", tmp_path / "two.svg", shallow=False)
    assert 'clipPath id="clip1"' in (tmp_path / "one.svg").read_text(encoding="utf-8")
