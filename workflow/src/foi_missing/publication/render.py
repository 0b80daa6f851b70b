"""Execute the round-report notebook and render it as one self-contained HTML file.

Why not Snakemake's ``notebook:`` directive: it inserts a preamble cell that
pickles the ``snakemake`` object (with machine paths) into the notebook, and
that cell would show in the executed copy. Here the notebook's first cell,
tagged ``parameters``, is *replaced* by the values the rule passes
(papermill style), the notebook runs with nbclient in the project folder, and
nbconvert renders it with the ``foi_report`` template (JupyterLab's look with
the CDN scripts removed: no require.js, MathJax, mermaid or widget loader).

Reviewers read results, so code inputs are excluded from the HTML; cells
tagged ``remove-cell`` (setup) are dropped entirely. Whatever a cell writes to
stderr (warnings) goes to the rule's log, never into the report.

Same inputs give the same bytes: no execution timings are recorded, cell ids
are the committed ones, the kernel's version details are dropped from the
notebook metadata and figures are PNGs without timestamps.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

# Before nbformat, which imports jsonschema: without its slow optional format checkers
# (foi_missing.core.schema; nbformat validates without them), 0.75 s of CPU less in
# every report job.
import foi_missing.core.schema  # noqa: F401

# isort: split
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import TagRemovePreprocessor

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "foi_report"
PARAMETERS_TAG = "parameters"
REMOVE_TAG = "remove-cell"
# What the committed notebook's metadata holds (and the executed copy keeps).
NOTEBOOK_METADATA = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}


class RenderError(RuntimeError):
    """The notebook has no parameters cell, or the HTML would load something from outside."""


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def parameters_source(parameters: Mapping) -> str:
    lines = ["# Parameters set by the pipeline (workflow/rules/report.smk)."]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    return "\n".join(lines) + "\n"


def inject_parameters(nb: nbformat.NotebookNode, parameters: Mapping) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose cell tagged ``parameters`` holds ``parameters``."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            cell.source = parameters_source(parameters)
            return nb
    raise RenderError(f"the notebook has no code cell tagged {PARAMETERS_TAG!r} to set parameters in")


def execute(nb: nbformat.NotebookNode, cwd: str | Path = ".", timeout: int = 900) -> nbformat.NotebookNode:
    """Run every cell in ``cwd`` with the python3 kernel of this interpreter."""
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    return nb


def clean(nb: nbformat.NotebookNode) -> list[str]:
    """Drop stderr output and run-specific metadata; return the stderr texts (for the log)."""
    messages = []
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                messages.append(output.text)
                continue
            output.get("metadata", {}).pop("execution", None)
            kept.append(output)
        cell.outputs = kept
    nb.metadata = copy.deepcopy(NOTEBOOK_METADATA) | {
        k: v for k, v in nb.metadata.items() if k not in NOTEBOOK_METADATA and k in ("title",)
    }
    return messages


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as committed: no outputs, no execution counts, fixed metadata."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata = copy.deepcopy(NOTEBOOK_METADATA)
    return nb


_EXTERNAL = re.compile(
    r"""<(?:script|img|link|iframe|source|video|audio|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)


def external_loads(page: str) -> list[str]:
    """Places where the page would load something from the network (empty: self-contained)."""
    return [page[max(0, m.start() - 20): m.end() + 60] for m in _EXTERNAL.finditer(page)]


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    ``HTMLExporter`` re-parses the whole rendered page only to give images without one an
    ``alt`` text and cells a ``tabindex``: on the largest report that pass took 5.7 s of
    the export's 5.8 s of CPU. Here the template's page is kept as rendered;
    :func:`to_html` refuses an image without alt text and :func:`focusable` adds the
    ``tabindex``. The two filters ``HTMLExporter`` registers before rendering are
    registered the same way.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", Highlight2HTML(parent=self))
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


# Cells a keyboard user can move to (what HTMLExporter's pass marks).
_FOCUSABLE = re.compile(
    r'<div class="(?=[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b)[^"]*"')
_IMAGE_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)[^>]*>")


def focusable(page: str) -> str:
    """Every cell's input and output area reachable with the keyboard (``tabindex="0"``)."""
    return _FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', page)


def to_html(nb: nbformat.NotebookNode, title: str) -> str:
    """Render an executed notebook: inputs and prompts hidden, setup cells removed."""
    exporter = ReportExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    remover = TagRemovePreprocessor(remove_cell_tags={REMOVE_TAG}, enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    page, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    page = focusable(page)
    unlabelled = _IMAGE_WITHOUT_ALT.findall(page)
    if unlabelled:
        raise RenderError(f"{len(unlabelled)} image(s) without alt text, e.g. {unlabelled[0][:80]}")
    problems = external_loads(page)
    if problems:
        raise RenderError("the rendered report would load from the network: " + " | ".join(problems[:5]))
    return page


def render(notebook: str | Path, parameters: Mapping, html_out: str | Path, notebook_out: str | Path,
           title: str, cwd: str | Path = ".", log=None) -> None:
    """Inject parameters, execute, clean, write the executed notebook and the HTML."""
    nb = inject_parameters(read_notebook(notebook), parameters)
    if log:
        log.info("executing %s with parameters %s", notebook, dict(parameters))
    execute(nb, cwd)
    for message in clean(nb):
        if log:
            log.warning("notebook wrote to stderr (kept out of the report): %s", message.rstrip())
    Path(notebook_out).parent.mkdir(parents=True, exist_ok=True)
    with open(notebook_out, "w", encoding="utf-8", newline="\n") as handle:
        nbformat.write(nb, handle)
    page = to_html(nb, title)
    with open(html_out, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(page)
    if log:
        log.info("wrote %s (%d bytes) and %s", html_out, len(page.encode()), notebook_out)
