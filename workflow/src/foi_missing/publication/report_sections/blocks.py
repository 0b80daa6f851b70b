"""HTML building blocks of the round report and the series page: escaping, numbers as
text, tables, collapsible blocks, embedded figures, the page's style sheet and the
notebook's display call. Nothing here knows about a round."""

from __future__ import annotations

import base64
import html
import io
import re

import pandas as pd

from foi_missing.core.cells import cell_number
from foi_missing.statistics.compute import count_text


def esc(text) -> str:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return html.escape(str(text))


def fmt_count(value) -> str:
    number = cell_number(value)
    return "" if number is None else count_text(number)


def html_table(frame: pd.DataFrame, css_class: str = "report-table", escape: bool = True) -> str:
    """A plain HTML table (no index), deterministic, empty cells blank."""
    if frame.empty:
        return '<p class="empty">(none)</p>'
    shown = frame.astype(object).where(frame.notna(), "").map(_display_number)
    head = "".join(f"<th>{esc(c)}</th>" for c in shown.columns)
    rows = []
    for values in shown.itertuples(index=False):
        cells = "".join(
            ('<td class="num">' if numeric_looking(v) else "<td>") + (esc(v) if escape else str(v))
            + "</td>"
            for v in values)
        rows.append(f"<tr>{cells}</tr>")
    return (f'<table class="{css_class}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _display_number(value):
    """Whole numbers with thousands separators; other cells as they are."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return count_text(value) if float(value).is_integer() else value


_NUMERIC_TEXT = re.compile(r"^(?:-?[\d,]+(?:\.\d+)?%?|\[\w{1,3}\]|[\d,.]+% to [\d,.]+%|[\d,.]+ to [\d,.]+|[\d,]+ / [\d,]+)$")


def numeric_looking(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMERIC_TEXT.match(value.strip()))


def details(summary: str, body: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}><summary>{summary}</summary>{body}</details>"


def scroll(table_html: str) -> str:
    return f'<div class="scroll">{table_html}</div>'


_PRE = re.compile(r"\s+")


def paragraph(text: str) -> str:
    return f"<p>{esc(_PRE.sub(' ', text).strip())}</p>"


def png_bytes(figure) -> bytes:
    """PNG of a figure of :mod:`foi_missing.publication.figures` as its ``save_figure`` writes it (no
    timestamp or version metadata: the same bytes every run)."""
    import matplotlib

    from foi_missing.publication import figures

    buffer = io.BytesIO()
    with matplotlib.rc_context(figures.STYLE):
        figure.savefig(buffer, format="png", dpi=figures.DPI, metadata=figures.PNG_METADATA)
    return buffer.getvalue()


def image_html(png: bytes, alt: str, caption: str = "", dpi: int | None = None) -> str:
    """An embedded PNG (data: URI) shown at its physical size (96 CSS px per inch)."""
    if dpi is None:
        from foi_missing.publication.figures import DPI as dpi
    width = int.from_bytes(png[16:20], "big") if png[:8] == b"\x89PNG\r\n\x1a\n" else 0
    size = f' width="{round(width * 96 / dpi)}"' if width else ""
    data = base64.b64encode(png).decode("ascii")
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return (f'<figure class="report-figure"><img src="data:image/png;base64,{data}"{size} '
            f'alt="{esc(alt)}"/>{cap}</figure>')


def show(*parts: str):
    """Display HTML in the notebook (one output per call)."""
    from IPython.display import HTML, display

    display(HTML("".join(parts)))


REPORT_CSS = """
<style>
.report-title{margin-bottom:0.2em}
.report-subtitle{color:#444;margin-top:0}
.notice{border-left:6px solid #b35806;background:#fff4e5;padding:0.6em 1em;margin:1em 0}
.notice p{margin:0.2em 0}
table.report-table{border-collapse:collapse;margin:0.5em 0 1em 0;font-size:0.9em}
.jp-RenderedHTMLCommon table.report-table th,.jp-RenderedHTMLCommon table.report-table td,
table.report-table th,table.report-table td{border:1px solid #ccc;padding:3px 6px;text-align:left;
vertical-align:top;max-width:28em}
.jp-RenderedHTMLCommon table.report-table td.num,table.report-table td.num{text-align:right;
font-variant-numeric:tabular-nums;white-space:nowrap}
table.report-table th{background:#f0f0f0}
.jp-RenderedHTMLCommon table.report-table tbody tr:nth-child(odd){background:#fafafa}
.scroll{max-height:32em;overflow:auto;border:1px solid #ddd}
.scroll table.report-table{margin:0}
.muted{color:#666}
details{margin:0.3em 0}
details>summary{cursor:pointer}
figure.report-figure{margin:1em 0}
figure.report-figure img{max-width:100%;height:auto}
figure.report-figure figcaption{color:#444;font-size:0.9em}
footer.provenance{border-top:1px solid #ccc;margin-top:2em;padding-top:0.5em;font-size:0.85em;
color:#333}
.mark-ok{color:#1b7837;font-weight:bold;white-space:nowrap}
.mark-bad{color:#b2182b;font-weight:bold;white-space:nowrap}
.mark-conflict{color:#8c510a;font-style:italic}
section.findings{border:2px solid #2166ac;background:#f4f8fc;padding:0.4em 1.2em;margin:1em 0}
section.findings h2{margin-top:0.3em}
section.findings ul{padding-left:1.2em}
section.findings li{margin:0.5em 0}
section.findings li p{margin:0.1em 0}
.finding-detail{color:#444;font-size:0.9em}
a.assumed{font-size:0.8em;color:#8c510a;border:1px solid #d8b365;border-radius:3px;padding:0 3px;
text-decoration:none;white-space:nowrap}
p.data-links{font-size:0.85em;margin-top:-0.5em}
</style>
"""
