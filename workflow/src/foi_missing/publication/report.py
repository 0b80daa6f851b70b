"""The round report reviewers read: one function per section, tables and HTML.

``notebooks/round_report.ipynb`` calls these functions in order; the tables
workbook (:mod:`foi_missing.publication.workbook`) reuses :func:`publication_tables`.
Everything shown here is a *publication* (docs/design.md#disclosure-policy): per-authority
counts pass through :func:`foi_missing.publication.disclosure.apply_disclosure` once per
round (:func:`authority_disclosure`), and every per-authority value, figure
point or free text shown anywhere in the report is looked up in that one
result, so no two parts of the report can disagree about what is hidden.

Inputs (all relative to the project folder, read as text):
``data/raw/<round>/round.yaml`` (+ ``coding_sheet.csv``, ``request_log.csv``
when present), ``data/published/<round>.yaml`` (for the sources list) and
``results/<round>/{answers,qa,statistics,contributions,reproduction}.csv``
(+ ``official_comparison.csv``, ``qa_official.csv`` when present).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from foi_missing.core.roundspec import RoundSpec, load_round_spec
from foi_missing.core.tables import read_csv
from foi_missing.core.vocabulary import COUNT_STATUSES, NATIONS, STATUS_LABELS, STATUSES
from foi_missing.publication import protection_cache
from foi_missing.publication.disclosure import (
    Disclosure,
    DisclosureRule,
    Total,
    apply_disclosure,
    as_count,
    hidden_in_figure,
    mask_numbers,
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
from foi_missing.publication.report_sections.assumptions import assumed_mark
from foi_missing.publication.report_sections.labels import (
    COHORT_WORDS,
    MEASURE_WORDS,
    RATE_DENOMINATORS,
    SEVERITY_LABELS,
    SPECIAL_LABELS,
    date_words,
    plural,
    reader_message,
    rule_label,
    tidy_text,
)
from foi_missing.statistics.compute import count_text, round_half_up

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

# Statistics whose value is a sum of per-authority cells (a published total).
_SUM_SUFFIXES = ("_in_care", "_went_missing", "_missing_episodes", "_not_found", "_missing_pct",
                 "_mean_episodes")
_NOT_SUMS = ("_authorities_with_missing", "_authorities_with_not_found", "authorities_with_not_found",
             "authorities_asked", "authorities_responded", "ranking_most_went_missing")


# --- loading ---------------------------------------------------------------------------------


@dataclass
class RoundData:
    """Everything one round's report reads."""

    round_id: str
    spec: RoundSpec
    rule: DisclosureRule
    answers: pd.DataFrame
    qa: pd.DataFrame
    statistics: pd.DataFrame
    contributions: pd.DataFrame
    reproduction: pd.DataFrame
    official_comparison: pd.DataFrame
    coding_sheet: pd.DataFrame
    inputs: list[Path] = field(default_factory=list)
    _disclosure: tuple | None = None
    # What the round was loaded from (foi_missing.publication.protection_cache); None: built in memory.
    source: tuple | None = None

    # Cached: the sections look names up row by row (thousands of calls per report).
    @cached_property
    def names(self) -> dict[str, str]:
        first = self.answers.drop_duplicates("authority_code")
        return dict(zip(first["authority_code"], first["authority_name"]))

    @cached_property
    def nations(self) -> dict[str, str]:
        first = self.answers.drop_duplicates("authority_code")
        return dict(zip(first["authority_code"], first["nation"]))


def _read_optional(path: Path, inputs: list[Path]) -> pd.DataFrame:
    if path.exists():
        inputs.append(path)
        return read_csv(path)
    return pd.DataFrame()


def round_inputs(round_id: str, results: str | Path = "results", raw: str | Path = "data/raw",
                 published: str | Path = "data/published") -> list[Path]:
    """Every file a round's report depends on (for checksums and rule inputs)."""
    folder = Path(raw) / round_id
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    extra = [Path(published) / f"{round_id}.yaml"]
    extra += [Path(results) / round_id / f"{name}.csv" for name in
              ("answers", "qa", "statistics", "contributions", "reproduction",
               "official_comparison", "qa_official")]
    return files + [p for p in extra if p.exists()]


def load_round(round_id: str, results: str | Path = "results", raw: str | Path = "data/raw",
               published: str | Path = "data/published", config: Mapping | None = None) -> RoundData:
    """Read a round's spec and result tables (relative paths stay relative)."""
    results_dir = Path(results) / round_id
    spec = load_round_spec(Path(raw) / round_id)
    inputs: list[Path] = []
    answers = read_csv(results_dir / "answers.csv")
    inputs.append(results_dir / "answers.csv")
    qa = _read_optional(results_dir / "qa.csv", inputs)
    qa_official = _read_optional(results_dir / "qa_official.csv", inputs)
    if not qa_official.empty:
        qa = pd.concat([qa, qa_official], ignore_index=True).drop_duplicates(ignore_index=True)
    data = RoundData(
        round_id=round_id,
        spec=spec,
        rule=DisclosureRule.from_config(config),
        answers=answers,
        qa=qa,
        statistics=_read_optional(results_dir / "statistics.csv", inputs),
        contributions=_read_optional(results_dir / "contributions.csv", inputs),
        reproduction=_read_optional(results_dir / "reproduction.csv", inputs),
        official_comparison=_read_optional(results_dir / "official_comparison.csv", inputs),
        coding_sheet=_read_optional(spec.coding_sheet, []),
    )
    data.inputs = round_inputs(round_id, results, raw, published)
    data.source = protection_cache.source_key([*data.inputs, spec.coding_sheet], data.rule)
    # Worked out by the protection rule from these same files (else None: worked out here).
    data._disclosure = protection_cache.load_stored(results_dir / protection_cache.STORED_FILE,
                                                    data.source)
    authority_disclosure(data)  # before any figure is read: it may withhold a national figure
    return data


# --- small formatting helpers ----------------------------------------------------------------


def esc(text) -> str:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return html.escape(str(text))


def to_number(value) -> float | None:
    """A table cell as a number: None for empty, text or NaN."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def fmt_count(value) -> str:
    number = to_number(value)
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
            ('<td class="num">' if _numeric_looking(v) else "<td>") + (esc(v) if escape else str(v))
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


def _numeric_looking(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMERIC_TEXT.match(value.strip()))


def details(summary: str, body: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}><summary>{summary}</summary>{body}</details>"


def statistic_label(statistic_id: str, names: Mapping[str, str] | None = None) -> str:
    """Words for a statistic id: ``uasc_missing_pct`` -> "Unaccompanied ... share who went missing"."""
    prefix = ""
    sid = statistic_id
    parts = sid.split(":")
    if len(parts) == 3 and parts[0] in ("nation", "period"):
        prefix = f"{parts[1]}: "
        sid = parts[2]
    elif len(parts) == 4 and parts[0] in ("period_change", "period_change_all"):
        # docs/multi-period.md: like for like (same authorities) or all who reported.
        who = "same authorities" if parts[0] == "period_change" else "all authorities reporting"
        prefix = f"Change {parts[1]} to {parts[2]} ({who}): "
        sid = parts[3]
    elif len(parts) == 3 and parts[0] == "authority":
        name = (names or {}).get(parts[1], parts[1])
        prefix = f"{name}: "
        sid = parts[2]
    if sid in SPECIAL_LABELS:
        return prefix + SPECIAL_LABELS[sid]
    for cohort, words in COHORT_WORDS.items():
        if sid.startswith(cohort + "_"):
            measure = sid[len(cohort) + 1:]
            return prefix + f"{words}: {MEASURE_WORDS.get(measure, measure.replace('_', ' '))}"
    return prefix + sid.replace("_", " ")


def format_like(statistic_id: str, number) -> str:
    """A number printed the way its statistic prints (whole percent, one-decimal mean, count)."""
    number = to_number(number)
    if number is None:
        return ""
    if statistic_id.endswith("_pct"):
        return f"{round_half_up(number)}%"
    if statistic_id.endswith("_mean_episodes"):
        return f"{round_half_up(number, 1)}"
    return count_text(number)


def is_headline(statistic_id: str) -> bool:
    return ":" not in statistic_id


def _is_sum(statistic_id: str) -> bool:
    base = statistic_id.split(":")[-1]
    if base in _NOT_SUMS or any(base.endswith(s) for s in _NOT_SUMS):
        return False
    return base == "not_found_total" or any(base.endswith(s) for s in _SUM_SUFFIXES)


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
    table = table[columns].rename(columns=lambda s: _capital(STATUS_LABELS.get(s, s)))
    table.insert(0, "Question", table.index)
    return table.reset_index(drop=True)


def _capital(label: str) -> str:
    """A label heading a row or column: its first letter capital ("Gave a number")."""
    return label[:1].upper() + label[1:]


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


# --- section 4 and 5: headline figures and reproduction ------------------------------------------


def headline_table(data: RoundData) -> pd.DataFrame:
    """National statistics with their bounds (per-nation and per-authority rows left out)."""
    rows = []
    for row in data.statistics.itertuples(index=False):
        sid = row.statistic_id
        if not is_headline(sid) or sid in ("not_found_total", "authorities_with_not_found"):
            continue
        value, lower, upper = to_number(row.value), to_number(row.lower), to_number(row.upper)
        bounds = ""
        if lower is not None and upper is not None and (lower != value or upper != value):
            bounds = f"{format_like(sid, lower)} to {format_like(sid, upper)}"
        computed_as = ""
        if to_number(row.numerator) is not None and to_number(row.denominator) is not None:
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


MATCH_MARK = "✓ match"
MISMATCH_MARK = "✗ mismatch"
CONFLICT_MARK = "other version: recorded only"


def _authority_statistic(statistic_id: str) -> tuple[str, str, str] | None:
    """(code, cohort, measure) of ``authority:<code>:<cohort>_<measure>``, else None."""
    parts = statistic_id.split(":")
    if len(parts) != 3 or parts[0] != "authority":
        return None
    for cohort in ("trafficked", "uasc", "combined"):
        if parts[2].startswith(cohort + "_"):
            return parts[1], cohort, parts[2][len(cohort) + 1:]
    return None


def reproduction_table(data: RoundData) -> pd.DataFrame:
    """Published beside computed, with a mark; per-authority computed values through disclosure."""
    disclosure = authority_disclosure(data)
    hidden_by_authority = hidden_values(data)
    rows = []
    for row in data.reproduction.itertuples(index=False):
        sid = row.statistic_id
        if row.role == "conflicting":
            mark = CONFLICT_MARK
        elif str(row.match).lower() == "true":
            mark = MATCH_MARK
        else:
            mark = MISMATCH_MARK
        computed, note = row.computed_text, row.note
        target = _authority_statistic(sid)
        if target is not None:
            code = target[0]
            if _authority_value_hidden(data, disclosure, sid, row.computed_value):
                computed = data.rule.symbol
            note = mask_numbers(note, data.rule, hidden_by_authority.get(code, ()))
        rows.append({
            "Statistic": statistic_label(sid, data.names),
            "Published": row.published_text,
            "Computed": computed,
            "Result": mark,
            "Source": source_key(data, row.source),
            "Note": _reproduction_note(note),
        })
    return pd.DataFrame(rows)


_EXACT = "Compared exactly."
_CONFLICTING_NOTE = re.compile(
    r"^Conflicting publication(?: \((?P<version>[^)]*)\))?:.*?not reproduced\.\s*")


def _reproduction_note(note) -> str:
    """The note without the default ("compared exactly", said once above the table)."""
    text = tidy_text(note if isinstance(note, str) else "")
    # The conflicting rows all say the same; the summary above the table says it once.
    text = _CONFLICTING_NOTE.sub(
        lambda m: (m["version"][:1].upper() + m["version"][1:] + ". ") if m["version"] else "",
        text).strip()
    if text.startswith(_EXACT):
        text = text[len(_EXACT):].strip()
    return text


_SOURCE_URL = re.compile(r"^(?P<description>.*?)\s*\((?P<url>https?://[^)\s]+)\)\s*$")


def reproduction_sources(data: RoundData) -> list[tuple[str, str, str]]:
    """The publications the figures come from: (key "[1]", description, url or "")."""
    seen: dict[str, tuple[str, str, str]] = {}
    if data.reproduction.empty:
        return []
    for source in data.reproduction["source"]:
        text = source if isinstance(source, str) else ""
        if text in seen:
            continue
        match = _SOURCE_URL.match(text)
        description, url = (match["description"], match["url"]) if match else (text, "")
        seen[text] = (f"[{len(seen) + 1}]", description, url)
    return list(seen.values())


def source_key(data: RoundData, source) -> str:
    for key, description, url in reproduction_sources(data):
        text = source if isinstance(source, str) else ""
        if _SOURCE_URL.match(text):
            text_desc = _SOURCE_URL.match(text)["description"]
        else:
            text_desc = text
        if description == text_desc:
            return key
    return ""


def sources_html(data: RoundData) -> str:
    """The sources list under the reproduction table; a link that is only a publisher's home
    page is said to be one (the exact page was not recorded)."""
    from urllib.parse import urlparse

    items = []
    for key, description, url in reproduction_sources(data):
        if url:
            home = urlparse(url).path.strip("/") == ""
            link = f'<a href="{esc(url)}">{esc(url)}</a>'
            if home:
                link += " (the publisher's home page: the exact page was not recorded)"
        else:
            link = "no address recorded"
        items.append(f"<li>{esc(key)} {esc(description)}: {link}</li>")
    return f'<ul class="sources">{"".join(items)}</ul>' if items else ""


def reproduction_summary(data: RoundData) -> str:
    rep = data.reproduction
    if rep.empty:
        return "No published figures to compare."
    reproduce = rep[rep["role"] != "conflicting"]
    matched = int((reproduce["match"].astype(str).str.lower() == "true").sum())
    conflicting = int((rep["role"] == "conflicting").sum())
    text = (f"{matched} of {len(reproduce)} published figures reproduced "
            f"({MATCH_MARK.split()[0]}), {len(reproduce) - matched} not reproduced "
            f"({MISMATCH_MARK.split()[0]})")
    if conflicting:
        text += (f"; {plural(conflicting, 'figure')} from a conflicting version of the "
                 "publication recorded for reference")
    return text + "."


# --- per-authority table and disclosure ------------------------------------------------------------


def _cell_display(row) -> object:
    status = row.status
    if status == "reported":
        count = as_count(row.value)
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


def _published_totals(data: RoundData, cells: pd.DataFrame) -> list[Total]:
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
    used = used[used["statistic_id"].map(_is_sum)]
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
        target = _authority_statistic(row.statistic_id)
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
            totals = _published_totals(data, cells)
            result = apply_disclosure(cells, list(cells.columns), data.rule, column_totals=False,
                                      totals=totals)
            # The totals taken together (foi_missing.publication.disclosure_audit): hide more where they combine.
            protect_round(data, cells, result, totals)
            data._disclosure = (cells, result)
            protection_cache.remember(data.source, data._disclosure)
        result = data._disclosure[1]
        # A national figure (pooled or of one period) the joint protection withholds is
        # printed as the symbol everywhere.
        national = {sid for sid in result.withheld if not sid.startswith("nation:")}
        if national:
            data.statistics = mask_rows(data.statistics, data.rule.symbol,
                                        lambda row: row.statistic_id in national)
            if not data.reproduction.empty:
                data.reproduction = mask_rows(data.reproduction, data.rule.symbol,
                                              lambda row: row.statistic_id in national,
                                              ("computed_value", "computed_text"))
    return data._disclosure


def _authority_value_hidden(data: RoundData, disclosure, statistic_id: str, value) -> bool:
    cells, result = disclosure
    code, cohort, measure = _authority_statistic(statistic_id)
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
                count = as_count(cells.at[code, question])
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


# --- section 6: data quality ------------------------------------------------------------------


def not_counted_table(data: RoundData) -> pd.DataFrame:
    """Answers that gave no number, by question and status."""
    answers = data.answers[~data.answers["status"].isin(COUNT_STATUSES)]
    if answers.empty:
        return pd.DataFrame()
    table = pd.crosstab(answers["status"], answers["question"])
    order = [q for q in data.spec.question_labels if q in table.columns]
    table = table.reindex(columns=order, fill_value=0)
    table = table.reindex([s for s in STATUSES if s in table.index])
    table["All questions"] = table.sum(axis=1)
    table.insert(0, "Status", [_capital(STATUS_LABELS.get(s, s)) for s in table.index])
    return table.reset_index(drop=True)


def _source(row) -> str:
    parts = [getattr(row, "source_file", ""), getattr(row, "source_location", "")]
    return " ".join(str(p) for p in parts if isinstance(p, str) and p)


def unparsed_table(data: RoundData) -> pd.DataFrame:
    hidden = hidden_values(data)
    rows = []
    for row in data.answers[data.answers["status"] == "unparsed"].itertuples(index=False):
        rows.append({
            "Authority": data.names.get(row.authority_code, row.authority_code),
            "Question": row.question,
            "Source": _source(row),
            "Text (numbers that could be hidden counts masked)": mask_numbers(
                getattr(row, "raw_text", ""), data.rule, hidden.get(row.authority_code, ())),
            # The reader's or parser's own reason, so a coder knows where to look.
            "Why it needs a person": mask_numbers(
                tidy_text(getattr(row, "note", "")), data.rule, hidden.get(row.authority_code, ())),
        })
    return pd.DataFrame(rows)


def manual_coding_table(data: RoundData) -> pd.DataFrame:
    """Answers coded by hand (``coded_by`` = ``manual:<coder>``, from the coding sheet)."""
    if "coded_by" not in data.answers.columns:
        return pd.DataFrame()
    cells, result = authority_disclosure(data)
    hidden = hidden_values(data)
    manual = data.answers[data.answers["coded_by"].fillna("").str.startswith("manual:")]
    rows = []
    for row in manual.itertuples(index=False):
        column = cell_column(row.question, getattr(row, "period", None), data.spec)
        shown = cells.at[row.authority_code, column] if column in cells.columns else ""
        shown = result.show(row.authority_code, column, shown)
        rows.append({
            "Authority": data.names.get(row.authority_code, row.authority_code),
            "Question": column,
            "Coded as": STATUS_LABELS.get(row.status, row.status),
            "Value (as published)": shown,
            "Coded by": row.coded_by.split(":", 1)[1],
            "Source": _source(row),
            "Note": mask_numbers(tidy_text(getattr(row, "note", "")), data.rule,
                                 hidden.get(row.authority_code, ())),
        })
    return pd.DataFrame(rows)


SEVERITIES = ("error", "warning", "info")


def qa_summary(data: RoundData) -> pd.DataFrame:
    """QA findings counted by rule and severity."""
    qa = data.qa
    if qa.empty:
        return pd.DataFrame(columns=["Check", "Errors", "Warnings", "Notes", "Total"])
    table = pd.crosstab(qa["rule"], qa["severity"])
    table = table.reindex(columns=[s for s in SEVERITIES if s in table.columns]
                          + sorted(set(table.columns) - set(SEVERITIES)), fill_value=0)
    table["Total"] = table.sum(axis=1)
    table = table.sort_values(["Total"], ascending=False, kind="stable")
    table.insert(0, "Check", [rule_label(r) for r in table.index])
    table = table.rename(columns={"error": "Errors", "warning": "Warnings", "info": "Notes"})
    return table.reset_index(drop=True)


def qa_list(data: RoundData) -> pd.DataFrame:
    """Every QA finding, most severe first; numbers that could be hidden counts masked."""
    qa = data.qa
    if qa.empty:
        return pd.DataFrame()
    hidden = hidden_values(data)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    qa = qa.assign(_order=qa["severity"].map(order).fillna(len(order)))
    qa = qa.sort_values(["_order", "rule", "authority_code", "question"], kind="stable",
                        na_position="first")
    rows = []
    for row in qa.itertuples(index=False):
        code = row.authority_code if isinstance(row.authority_code, str) else ""
        message = reader_message(row.message)
        rows.append({
            "Severity": SEVERITY_LABELS.get(row.severity, row.severity),
            "Check": rule_label(row.rule),
            "Authority": data.names.get(code, code),
            "Question": row.question,
            "Finding": mask_numbers(message, data.rule, hidden.get(code, ())) if code
            else message,
            "Source": row.source,
        })
    return pd.DataFrame(rows)


# --- section 8: figures (through disclosure) ----------------------------------------------------


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


def _authority_figure_table(data: RoundData) -> pd.DataFrame:
    from foi_missing.publication import figures

    table = figures.authority_table(data.statistics, data.names)
    for cohort in ("trafficked", "uasc", "combined"):
        for measure in ("in_care", "went_missing", "missing_episodes", "not_found"):
            if f"{cohort}_{measure}" not in table.columns:
                table[f"{cohort}_{measure}"] = float("nan")
    return table


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


def response_figures(data: RoundData) -> list[tuple[str, bytes, str]]:
    """Answer status by question and by nation (counts of authorities, no per-authority counts)."""
    from foi_missing.publication import figures

    source = figures.source_line(data.spec)
    return [
        ("Answers by question",
         png_bytes(figures.reply_status_by_question_figure(data.answers, data.spec, source)),
         "For each question, how many authorities gave each kind of answer."),
        ("Answers by nation", png_bytes(figures.reply_status_by_nation_figure(data.answers, source)),
         "Each nation's answers (authorities x questions) by status."),
    ]


def publication_figures(data: RoundData) -> list[tuple[str, bytes, str]]:
    """The report's figures of results: national shares, and per-authority figures drawn from
    figures whose hidden cells are blanked first (:func:`mask_authority_figures`)."""
    from foi_missing.publication import figures

    source = figures.source_line(data.spec)
    table = _authority_figure_table(data)
    masked = mask_authority_figures(data, table)
    _check_figure_data(data, masked)

    def mask(frame: pd.DataFrame) -> pd.DataFrame:
        return masked.loc[frame.index, frame.columns]

    shown = [
        ("Share of children in care who went missing",
         png_bytes(figures.share_missing_figure(data.statistics, source)),
         ("National shares by cohort; whiskers show the range had withheld small numbers been "
         "disclosed.")),
        ("Authorities with most children going missing",
         png_bytes(figures.most_went_missing_figure(
             table, source, mask_small=mask, withheld=figures.withheld_ranges(data.statistics),
             narrowest=data.rule.max_count - data.rule.min_count,
             period_note=figures.period_note(data.statistics))),
         figures.MOST_WENT_MISSING_CAPTION),
    ]
    for cohort in ("trafficked", "uasc"):
        if table[f"{cohort}_in_care"].notna().any():
            shown.append((
                f"Missing rate by authority: {COHORT_WORDS[cohort].lower()}",
                png_bytes(figures.funnel_figure(table, cohort, source, mask_small=mask,
                                                period_note=figures.period_note(data.statistics))),
                figures.FUNNEL_CAPTION,
            ))
    return shown



# --- section 9: methods ---------------------------------------------------------------------------


def methods_html(data: RoundData) -> str:
    spec = data.spec
    period_lines = " ".join(
        f"&ldquo;{esc(p.label)}&rdquo; is taken as {p.start:%-d %B %Y} to {p.end:%-d %B %Y}."
        for p in spec.periods)
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


def git_commit(folder: str | Path = ".", exclude: Sequence[str] = ("docs/report",)) -> str:
    """The commit the project folder is at: "<sha>", "<sha> with uncommitted changes",
    "uncommitted" (no commit yet) or "unknown" (no git, or not a repository).
    ``exclude``: paths whose changes do not count (the published copies)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                              text=True, timeout=30, check=False)
        if head.returncode != 0:
            inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=folder,
                                    capture_output=True, text=True, timeout=30, check=False)
            return "uncommitted" if inside.returncode == 0 else "unknown"
        sha = head.stdout.strip()
        pathspec = ["--", "."] + [f":(exclude){p}" for p in exclude]
        status = subprocess.run(["git", "status", "--porcelain", *pathspec], cwd=folder,
                                capture_output=True, text=True, timeout=60, check=False)
        if status.returncode != 0:
            return sha
        return f"{sha} with uncommitted changes" if status.stdout.strip() else sha
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(paths: Iterable[str | Path]) -> pd.DataFrame:
    rows = [{"File": Path(p).as_posix(), "SHA-256": sha256_file(p)} for p in paths]
    return pd.DataFrame(rows, columns=["File", "SHA-256"])


def footer_html(data: RoundData, commit: str) -> str:
    table = checksums(data.inputs)
    combined = hashlib.sha256("".join(f"{f}  {h}\n" for f, h in
                                      zip(table["File"], table["SHA-256"])).encode()).hexdigest()
    return (
        '<footer class="provenance">'
        f"<p>Built by the foi-missing pipeline from commit <code>{esc(commit)}</code>. "
        f"Inputs: {len(table)} files, combined SHA-256 <code>{combined}</code> (SHA-256 of the "
        "list below, one \"file  checksum\" line each).</p>"
        + details("SHA-256 of every input file", html_table(table, "report-table checksums"))
        + "</footer>"
    )


# --- publication tables (report and workbook) ---------------------------------------------------------


def statistics_table(data: RoundData) -> pd.DataFrame:
    """Every statistic except per-authority ones (those are in the per-authority table)."""
    stats = data.statistics
    stats = stats[~stats["statistic_id"].str.startswith("authority:")]
    frame = stats.copy()
    frame.insert(1, "label", [statistic_label(s) for s in frame["statistic_id"]])
    for column in ("value", "lower", "upper", "numerator", "denominator", "authorities"):
        if column in frame.columns:
            frame[column] = [_typed(v) for v in frame[column]]
    return frame.reset_index(drop=True)


def _typed(value):
    number = to_number(value)
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


def show(*parts: str):
    """Display HTML in the notebook (one output per call)."""
    from IPython.display import HTML, display

    display(HTML("".join(parts)))


def marked(frame: pd.DataFrame, column: str = "Result") -> str:
    """An HTML table whose match marks are coloured."""
    body = html_table(frame)
    body = body.replace(f"<td>{MATCH_MARK}</td>", f'<td class="mark-ok">{MATCH_MARK}</td>')
    body = body.replace(f"<td>{MISMATCH_MARK}</td>", f'<td class="mark-bad">{MISMATCH_MARK}</td>')
    return body.replace(f"<td>{CONFLICT_MARK}</td>", f'<td class="mark-conflict">{CONFLICT_MARK}</td>')


def scroll(table_html: str) -> str:
    return f'<div class="scroll">{table_html}</div>'


_PRE = re.compile(r"\s+")


def paragraph(text: str) -> str:
    return f"<p>{esc(_PRE.sub(' ', text).strip())}</p>"


# --- the page (foi_missing.publication.report_sections.page lays the sections out) -------------------------


def section_top(data: RoundData) -> str:
    """Title, reconstruction notice, key findings, coding progress and contents."""
    from foi_missing.publication.report_sections import page

    return page.top(data)
