"""How the notebook shows a table: a pandas DataFrame rendered as a table (no index,
thousands separators, text escaped), the same bytes every run, plus the line that
links it to the tables workbook and the CSV file it is built from."""

from __future__ import annotations

import html

import pandas as pd

from foi_missing.publication.report_sections.labels import WORKBOOK


def _numeric(column: pd.Series) -> bool:
    values = column.dropna()
    return not values.empty and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


# Words that stand in a column of figures for a figure there is not ("no figure", a dash).
PLACEHOLDERS = frozenset({"no figure", "–", "-"})


def _figure_text(column: pd.Series) -> bool:
    from foi_missing.publication.report_sections.blocks import numeric_looking

    values = [str(v).rstrip(" †") for v in column.dropna() if str(v).strip()]
    figures = [v for v in values if v not in PLACEHOLDERS]
    return bool(figures) and all(numeric_looking(v) for v in figures)


def _cell_figure_style(value) -> str:
    from foi_missing.publication.report_sections.blocks import numeric_looking

    return RIGHT_ALIGNED if numeric_looking(str(value).rstrip(" †")) else ""


RIGHT_ALIGNED = "text-align:right;font-variant-numeric:tabular-nums"


def styled(frame: pd.DataFrame, key: str, css_class: str = "report-table", escape: bool = True):
    """``frame`` as a pandas Styler: numbers with thousands separators, right-aligned;
    ``key`` makes the element ids fixed (pandas would draw random ones)."""
    numeric = [c for c in frame.columns if _numeric(frame[c])]
    # Columns of printed figures ("4,744", "28%", "[c]", "12 to 15"): right-aligned too.
    figures = [c for c in frame.columns if c not in numeric and _figure_text(frame[c])]
    precision = {c: (0 if all(float(v).is_integer() for v in frame[c].dropna()) else 1)
                 for c in numeric}
    style = frame.style.hide(axis="index").set_uuid(key)
    style = style.set_table_attributes(f'class="{css_class}"')
    style = style.format(na_rep="", escape="html" if escape else None)
    for column, places in precision.items():
        style = style.format(subset=[column], thousands=",", precision=places, na_rep="")
    if numeric or figures:
        style = style.set_properties(subset=numeric + figures,
                                     **{"text-align": "right", "font-variant-numeric": "tabular-nums"})
    # Columns mixing figures with words ("212", "Croydon, Birmingham and Surrey"): each
    # figure right-aligned, the words left as they are.
    mixed = [c for c in frame.columns if c not in numeric and c not in figures
             and frame[c].map(_cell_figure_style).astype(bool).any()]
    if mixed:
        style = style.map(_cell_figure_style, subset=mixed)
    if "Result" in frame.columns:  # the reproduction marks, coloured
        style = style.map(_mark_style, subset=["Result"])
    return style


def _mark_style(value) -> str:
    text = str(value)
    if text.startswith("✓"):
        return "color:#1b7837;font-weight:bold;white-space:nowrap"
    if text.startswith("✗"):
        return "color:#b2182b;font-weight:bold;white-space:nowrap"
    return "color:#8c510a;font-style:italic"


def data_links(round_id: str, sheet: str | None, csv: str | None) -> str:
    """'Data: tables.xlsx (sheet ...) · built from results/<round>/<csv>'."""
    parts = []
    if sheet:
        parts.append(f'<a href="{WORKBOOK}">{WORKBOOK}</a>, sheet &ldquo;{html.escape(round_id)} '
                     f"{html.escape(sheet)}&rdquo;")
    else:
        parts.append(f'<a href="{WORKBOOK}">{WORKBOOK}</a>')
    if csv:
        parts.append(f"built from <code>results/{html.escape(round_id)}/{html.escape(csv)}</code>")
    return f'<p class="data-links muted">Data: {" · ".join(parts)}.</p>'
