"""The round report reviewers read: the request, who answered, the headline figures, the
methods and the publication tables; and, for the notebook, the section tables it shows.

``notebooks/round_report.ipynb`` calls these functions in order (``report as r``); the
tables workbook (:mod:`foi_missing.publication.workbook`) reuses :func:`publication_tables`.
The parts live in :mod:`foi_missing.publication.report_sections`:

- ``round_data``: loading a round (:func:`load_round`, :class:`RoundData`);
- ``authorities``: the per-authority table and the round's one disclosure result
  (:func:`authority_disclosure`);
- ``reproduction``, ``quality``, ``round_figures``: sections of the page;
- ``blocks``: HTML building blocks; ``statistic_text``: statistics in words;
  ``provenance``: the footer (commit and checksums).

Everything shown is a *publication* (docs/design.md#disclosure-policy): per-authority
counts pass through :func:`foi_missing.publication.disclosure.apply_disclosure` once per
round, and every per-authority value, figure point or free text shown anywhere in the
report is looked up in that one result, so no two parts of the report can disagree about
what is hidden.

Inputs (all relative to the project folder, read as text):
``data/raw/<round>/round.yaml`` (+ ``coding_sheet.csv``, ``request_log.csv``
when present), ``data/published/<round>.yaml`` (for the sources list) and
``results/<round>/{answers,qa,statistics,contributions,reproduction}.csv``
(+ ``official_comparison.csv``, ``qa_official.csv`` when present).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from foi_missing.core.cells import cell_number
from foi_missing.core.vocabulary import NATIONS, STATUS_LABELS, STATUSES
from foi_missing.publication.report_sections.assumptions import assumed_mark
from foi_missing.publication.report_sections.authorities import (
    authority_table,
    disclosure_note,
)
from foi_missing.publication.report_sections.blocks import (
    esc,
    fmt_count,
    paragraph,
    show,
)
from foi_missing.publication.report_sections.labels import (
    COHORT_WORDS,
    MEASURE_WORDS,
    RATE_DENOMINATORS,
    capitalised,
    date_words,
)
from foi_missing.publication.report_sections.provenance import (
    footer_html,
)
from foi_missing.publication.report_sections.quality import (
    manual_coding_table,
    not_counted_table,
    qa_list,
    qa_summary,
    unparsed_table,
)
from foi_missing.publication.report_sections.reproduction import (
    reproduction_table,
)
from foi_missing.publication.report_sections.round_data import RoundData, load_round
from foi_missing.publication.report_sections.round_figures import (
    publication_figures,
    response_figures,
)
from foi_missing.publication.report_sections.statistic_text import (
    format_like,
    is_headline,
    statistic_label,
)
from foi_missing.statistics.compute import count_text
from foi_missing.statistics.registry import ALIASES, in_scope

# The round report's notebook API: the section builders defined here, and the tables and
# blocks the notebook shows from the modules under report_sections/ (the package's own
# modules import those from where they are defined).
__all__ = [
    "REPLY_CLASSES",
    "authorities_by_nation",
    "authority_reply_classes",
    "authority_table",
    "disclosure_note",
    "footer_html",
    "headline_table",
    "load_round",
    "manual_coding_table",
    "methods_html",
    "not_counted_table",
    "paragraph",
    "publication_figures",
    "publication_tables",
    "qa_list",
    "qa_summary",
    "questions_table",
    "reconstruction_notice",
    "reply_class",
    "reproduction_table",
    "request_summary",
    "response_figures",
    "section_top",
    "show",
    "statistics_table",
    "status_by_nation",
    "status_by_question",
    "title_html",
    "trace_html",
    "unparsed_table",
]

# How an authority replied overall (one class each, first that applies); the names are
# the status labels of the one label table.
REPLY_CLASSES = (
    ("gave figures", ("reported", "suppressed", "included_elsewhere")),
    (STATUS_LABELS["unparsed"], ("unparsed",)),
    (STATUS_LABELS["refused_cost"], ("refused_cost",)),
    (STATUS_LABELS["refused_other"], ("refused_other",)),
    ("not held or not recorded", ("not_held", "not_recorded")),
    (STATUS_LABELS["not_responsible"], ("not_responsible",)),
    (STATUS_LABELS["no_response"], ("no_response",)),
)


# --- loading ---------------------------------------------------------------------------------


# --- small formatting helpers ----------------------------------------------------------------


# --- section 1: reconstruction notice ---------------------------------------------------------


def title_html(data: RoundData) -> str:
    report = data.spec.report
    publishers = ", ".join(report.get("publishers", []))
    period = "; ".join(p.label for p in data.spec.periods)
    return (
        f'<h1 class="report-title">Round {esc(data.round_id)}: {esc(data.spec.title)}</h1>'
        f'<p class="report-subtitle">Rebuilding the figures of <em>{esc(report["title"])}</em>'
        f"{' (' + esc(publishers) + ', ' + esc(date_words(report.get('published', ''))) + ')' if publishers else ''}"
        f" from the councils' replies to Freedom of Information requests about {esc(period)}.</p>"
    )


def reconstruction_notice(data: RoundData) -> str:
    """The first thing a reader sees: are these real replies?"""
    spec = data.spec
    if spec.reconstructed:
        wording = (
            " The wording of the questions is reconstructed too: the original request text "
            "was not published, so the labels, cohorts and measures follow the report."
            if spec.wording_reconstructed else ""
        )
        body = (
            "<strong>The council replies behind this report are a reconstruction, not real "
            "replies.</strong> The councils' individual answers were never published. The "
            f"replies in <code>data/raw/{esc(data.round_id)}/</code> were made by a deterministic, "
            "documented generator in this project so that the national totals equal the "
            "published ones, in the formats and wording councils really use. "
            "<strong>No figure for an individual authority in this report is that authority's "
            "real answer.</strong> National figures are reproduced; per-authority figures, "
            "response patterns and data-quality findings illustrate how the pipeline treats "
            f"real replies.{wording}"
        )
        return f'<div class="notice reconstructed" role="note"><p>{body}</p></div>'
    return ('<div class="notice" role="note"><p>The replies behind this report are the '
            "councils' real replies to the FOI requests, as received.</p></div>")


# --- section 2: the request ---------------------------------------------------------------------


def request_summary(data: RoundData) -> pd.DataFrame:
    """The request in a two-column table; values are HTML (escaped), assumptions marked
    "assumed" with a link to the round's README."""
    spec = data.spec
    asked = data.answers["authority_code"].nunique()
    periods = "; ".join(p.described for p in spec.periods)
    late = ("later replies counted" if spec.include_late else "later replies recorded, not counted")
    rows = [
        ("Report", esc(spec.report["title"])),
        ("Publishers", esc(", ".join(spec.report.get("publishers", [])))),
        ("Published", esc(date_words(spec.report.get("published", "")))),
        ("Period asked about" if len(spec.periods) == 1 else "Periods asked about",
         esc(periods) + assumed_mark(spec, "periods")),
        ("Requests sent", f"{spec.date_sent:%-d %B %Y}" + assumed_mark(spec, "date_sent")),
        ("Replies counted if received by", f"{spec.reply_cutoff:%-d %B %Y}"
         + assumed_mark(spec, "reply_cutoff") + f" ({late})"),
        ("Authorities asked", count_text(asked) + assumed_mark(spec, "authorities_asked")),
        ("Rates computed over", esc(RATE_DENOMINATORS.get(spec.rate_denominator,
                                                          spec.rate_denominator))),
    ]
    return pd.DataFrame(rows, columns=["", "Value"])


def _question_periods(question, spec) -> str:
    """The periods a question asks about; "each period asked about" when it asks about
    every one of several (the request summary above lists them)."""
    if len(spec.periods) > 1 and set(question.periods) == {p.id for p in spec.periods}:
        return "each period asked about"
    labels = {p.id: p.label for p in spec.periods}
    return "; ".join(labels.get(p, p) for p in question.periods)


def questions_table(data: RoundData) -> pd.DataFrame:
    rows = [
        {
            "Question": q.label,
            "Wording": q.wording,
            "Cohort": COHORT_WORDS[q.cohort] + ("" if q.sub_cohort == "all" else f" ({q.sub_cohort})"),
            "Measure": MEASURE_WORDS[q.measure],
            "Period": _question_periods(q, data.spec),
        }
        for q in data.spec.questions
    ]
    return pd.DataFrame(rows)


def authorities_by_nation(data: RoundData) -> pd.DataFrame:
    first = data.answers.drop_duplicates("authority_code")
    counts = first["nation"].fillna("").value_counts()
    order = [n for n in NATIONS if n in counts.index] + sorted(set(counts.index) - set(NATIONS))
    rows = [{"Nation": n or "(unknown)", "Authorities asked": int(counts[n])} for n in order]
    rows.append({"Nation": "Total", "Authorities asked": int(counts.sum())})
    return pd.DataFrame(rows)


# --- section 3: who replied and how -------------------------------------------------------------


def status_by_question(data: RoundData) -> pd.DataFrame:
    """Authorities per answer status, for each question."""
    answers = data.answers
    order = list(data.spec.question_labels)
    table = pd.crosstab(answers["question"], answers["status"])
    table = table.reindex(index=[q for q in order if q in table.index] +
                          sorted(set(table.index) - set(order)), fill_value=0)
    columns = [s for s in STATUSES if s in table.columns] + sorted(set(table.columns) - set(STATUSES))
    table = table[columns].rename(columns=lambda s: capitalised(STATUS_LABELS.get(s, s)))
    table.insert(0, "Question", table.index)
    return table.reset_index(drop=True)


def reply_class(statuses: Iterable[str]) -> str:
    statuses = set(statuses)
    for name, members in REPLY_CLASSES:
        if statuses & set(members):
            return name
    return "other"


def authority_reply_classes(data: RoundData) -> pd.Series:
    return data.answers.groupby("authority_code")["status"].agg(reply_class)


def status_by_nation(data: RoundData) -> pd.DataFrame:
    """Authorities per nation by how they replied overall."""
    classes = authority_reply_classes(data)
    nations = pd.Series(data.nations).reindex(classes.index).fillna("")
    table = pd.crosstab(nations, classes)
    names = [name for name, _ in REPLY_CLASSES if name in table.columns]
    table = table.reindex(columns=names, fill_value=0)
    order = [n for n in NATIONS if n in table.index] + sorted(set(table.index) - set(NATIONS))
    table = table.reindex(order)
    table.loc["Total"] = table.sum()
    table["Authorities"] = table.sum(axis=1)
    table.insert(0, "Nation", table.index)
    return table.reset_index(drop=True)


# --- section 5: headline figures ------------------------------------------


def headline_table(data: RoundData) -> pd.DataFrame:
    """National statistics with their bounds (per-nation and per-authority rows left out)."""
    rows = []
    for row in data.statistics.itertuples(index=False):
        sid = row.statistic_id
        if not is_headline(sid) or sid in ALIASES:  # shown under the id they repeat
            continue
        value, lower, upper = cell_number(row.value), cell_number(row.lower), cell_number(row.upper)
        bounds = ""
        if lower is not None and upper is not None and (lower != value or upper != value):
            bounds = f"{format_like(sid, lower)} to {format_like(sid, upper)}"
        computed_as = ""
        if cell_number(row.numerator) is not None and cell_number(row.denominator) is not None:
            computed_as = f"{fmt_count(row.numerator)} / {fmt_count(row.denominator)}"
        authorities = fmt_count(row.authorities)
        if "authorities_with_" in sid and authorities:
            # Counted two ways: authorities whose number is at least 1, out of those that gave
            # a number; the range adds those that withheld a small number (at least 1).
            computed_as = f"of the {authorities} authorities that gave the number"
        elif sid.startswith(("authorities_", "dfe_")):
            authorities = ""
        rows.append({
            "Statistic": statistic_label(sid),
            "Figure": row.text,
            "Range had withheld answers been disclosed": bounds,
            "Computed as": computed_as,
            "Authorities with a number in the figure": authorities,
        })
    return pd.DataFrame(rows)


# --- per-authority table and disclosure ------------------------------------------------------------


# --- section 6: data quality ------------------------------------------------------------------


# --- section 8: figures (through disclosure) ----------------------------------------------------


# --- section 9: methods ---------------------------------------------------------------------------


def methods_html(data: RoundData) -> str:
    spec = data.spec
    # A label that gives its dates ("1 January to 31 December 2017") is not spelt out again.
    period_lines = " ".join(
        f"&ldquo;{esc(p.label)}&rdquo; is taken as {p.start:%-d %B %Y} to {p.end:%-d %B %Y}."
        for p in spec.periods if p.described != p.label) or (
        "Each period is the dates its label gives." if len(spec.periods) > 1
        else "The period is the dates its label gives.")
    denominator = RATE_DENOMINATORS.get(spec.rate_denominator, spec.rate_denominator)
    late = ("Replies received after the cut-off are counted in this round." if spec.include_late else
            "Replies received after the cut-off are recorded and listed in the findings of the checks, "
            "but not counted.")
    return f"""
<ul>
<li><strong>Replies to answers.</strong> Every reply (workbook, CSV, e-mail or letter) is read into
one row per authority, question and period with the council's own text, where it was found and how
it was coded. An authority that sent nothing by the cut-off is recorded as
<em>no reply by the cut-off</em>. Text the readers could not code is left <em>awaiting manual coding</em>, never guessed,
and coded by a person in the round's <code>coding_sheet.csv</code>. {esc(late)} When an authority
sent a second reply, the request log says which one stands.</li>
<li><strong>Counting.</strong> A figure counts the numbers councils disclosed, as the reports did.
Small numbers a council withheld ("fewer than 5") are left out of the figure; the range beside it
shows where it would lie had they been disclosed. Refusals, not-held notices and missing replies
are not imputed. A number given for two questions at once is counted once; one covering both
cohorts counts only in the combined figures.</li>
<li><strong>Rates</strong> (share who went missing) are computed over {esc(denominator)}.
Percentages are printed as whole numbers rounded half up; means to one decimal place.</li>
<li><strong>Periods.</strong> {period_lines} Answers about another period or a snapshot
date are counted and listed in the findings of the checks.</li>
<li><strong>Reproduction.</strong> Each published figure is compared with the computed one at the
precision it was printed (percentages to the whole percent, ratios in words on their numerator and
denominator, rankings on the ordered list of authorities).</li>
<li><strong>Disclosure control</strong> (this report, the tables workbook and the figures):
{esc(data.rule.describe())}. Free text from replies and the checks' messages about an authority is shown
with numbers that could be a hidden count replaced by {esc(data.rule.symbol)}. The research team's
working files (<code>results/{esc(data.round_id)}/</code>) are not published.</li>
<li><strong>Assumptions</strong> specific to this round are stated in
<code>data/raw/{esc(data.round_id)}/round.yaml</code> and the round's README; the project's
<code>docs/architecture.md</code> defines every file.</li>
</ul>"""


# --- section 10: tracing headline figures to authorities -----------------------------------------


def trace_html(data: RoundData) -> str:
    """A collapsible list per headline statistic of the answers behind it
    (:mod:`foi_missing.publication.report_sections.trace`)."""
    from foi_missing.publication.report_sections.trace import trace_html as sections_trace

    return sections_trace(data)


# --- footer: provenance ------------------------------------------------------------------------------


# --- publication tables (report and workbook) ---------------------------------------------------------


def statistics_table(data: RoundData) -> pd.DataFrame:
    """Every statistic except per-authority ones (those are in the per-authority table)."""
    stats = data.statistics
    stats = stats[~in_scope(stats["statistic_id"], "authority")]
    frame = stats.copy()
    frame.insert(1, "label", [statistic_label(s) for s in frame["statistic_id"]])
    for column in ("value", "lower", "upper", "numerator", "denominator", "authorities"):
        if column in frame.columns:
            frame[column] = [_typed(v) for v in frame[column]]
    return frame.reset_index(drop=True)


def _typed(value):
    number = cell_number(value)
    if number is None:
        return value if isinstance(value, str) and value.strip() else None
    return int(number) if float(number).is_integer() else number


def publication_tables(data: RoundData) -> dict[str, pd.DataFrame]:
    """The round's tables as published (disclosure applied), for the workbook."""
    return {
        "statistics": statistics_table(data),
        "reproduction": reproduction_table(data),
        "QA summary": qa_summary(data),
        "authorities": authority_table(data),
    }


# --- the notebook's helpers ---------------------------------------------------------------------------


# --- the page (foi_missing.publication.report_sections.page lays the sections out) -------------------------


def section_top(data: RoundData) -> str:
    """Title, reconstruction notice, key findings, coding progress and contents."""
    from foi_missing.publication.report_sections import page

    return page.top(data)
