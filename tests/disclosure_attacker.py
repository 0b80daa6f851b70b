"""An outside attack on the published tables: recover hidden cells from tables.xlsx alone.

Written apart from :mod:`foi_missing.publication.disclosure_audit`, which audits the sums
the pipeline *knows* it prints. This module knows only what a reader of
``docs/report/tables.xlsx`` knows, and reads the sums back out of the workbook:

- the per-authority tables and the trace sheets say which cell of which authority
  (question and period) went into which national figure, shown or ``[c]``;
- every printed figure (national, by nation, by period, numerators and
  denominators, changes between periods over the same authorities, the series
  sheets, the like-for-like rows) is then a linear equation over the hidden cells;
- a count of "authorities with at least one child ..." tells how many hidden
  cells are above 0 (all of them, or none, is a linear fact);
- a QA finding "X: 5 not found exceeds Y: [c] went missing" bounds Y from above.

Cells a council itself gave as a range ("fewer than 5") are unknowns within their
range. Every hidden cell is then bounded by linear programming; integer rounding
of the bounds is fair to the reader (counts are whole numbers). A hidden cell
whose whole-number range is narrower than the suppression interval
(``max_count - min_count``) is recovered (exactly or too narrowly).

Nothing here imports the pipeline: the only shared knowledge is the workbook.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np

SYMBOL = "[c]"
SUM_MEASURES = ("in_care", "went_missing", "missing_episodes", "not_found")
# A ratio's numerator and denominator, by the base id of the ratio.
RATIO_PARTS = {"missing_pct": ("went_missing", "in_care"),
               "mean_episodes": ("missing_episodes", "went_missing")}
POSITIVE_COUNTS = ("authorities_with_missing", "authorities_with_not_found")
TOLERANCE = 1e-6
# Figures printed without a trace of their own: the same cells as another's.
TRACED_AS = {"not_found_total": "combined_not_found",
             "authorities_with_not_found": "combined_authorities_with_not_found"}

Cell = tuple  # (round, authority code, question, period)


@dataclass
class Linear:
    """``lower <= sum(coefficient * cell) <= upper`` (cells that are known are folded in)."""

    label: str
    terms: dict[Hashable, float]
    lower: float
    upper: float


@dataclass
class Knowledge:
    """What a reader holds: known cells, unknown cells with their prior range, facts."""

    known: dict[Cell, float] = field(default_factory=dict)
    hidden: dict[Cell, None] = field(default_factory=dict)  # the [c] cells, in order
    ranges: dict[Cell, tuple[float, float]] = field(default_factory=dict)  # council ranges
    facts: list[Linear] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # printed figures the attack could not use
    conflicts: list[str] = field(default_factory=list)  # sheets that disagree about a cell

    def add(self, label: str, cells: Iterable[Cell], value, coefficient: float = 1.0,
            slack: float = 0.0) -> None:
        """``sum(cells) == value`` (within ``slack``), when ``value`` is a printed number."""
        self.add_terms(label, {cell: coefficient for cell in cells}, value, slack)

    def add_terms(self, label: str, terms: Mapping[Cell, float], value, slack: float = 0.0,
                  lower_only: bool = False, upper_only: bool = False) -> None:
        if not _is_number(value):
            return
        rest, constant = {}, 0.0
        for cell, coefficient in terms.items():
            if cell in self.known:
                constant += coefficient * self.known[cell]
            elif cell in self.hidden or cell in self.ranges:
                rest[cell] = rest.get(cell, 0.0) + coefficient
            else:
                self.skipped.append(f"{label}: cell {cell} is neither shown nor hidden")
                return
        target = float(value) - constant
        lower = -math.inf if upper_only else target - slack
        upper = math.inf if lower_only else target + slack
        if not rest:
            if not lower - TOLERANCE <= 0 <= upper + TOLERANCE:
                self.skipped.append(f"{label}: shown cells give {constant:g}, printed {value}")
            return
        self.facts.append(Linear(label, rest, lower, upper))


@dataclass
class Recovered:
    cell: Cell
    lower: int
    upper: int
    facts: tuple[str, ...]

    def __str__(self) -> str:
        what = f"exactly {self.lower}" if self.lower == self.upper else f"to {self.lower}-{self.upper}"
        return f"{self.cell}: {what} from {'; '.join(self.facts[:6])}"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class Workbook:
    """The sheets of an .xlsx file, read straight from its XML (values only; several times
    faster than openpyxl for the large trace sheets)."""

    MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

    def __init__(self, path: Path):
        import zipfile

        from lxml import etree

        self._zip = zipfile.ZipFile(path)
        self._etree = etree
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        strings = []
        if "xl/sharedStrings.xml" in self._zip.namelist():
            root = etree.fromstring(self._zip.read("xl/sharedStrings.xml"), parser)
            for item in root.iter(f"{self.MAIN}si"):
                strings.append("".join(t.text or "" for t in item.iter(f"{self.MAIN}t")))
        self._strings = strings
        rels = etree.fromstring(self._zip.read("xl/_rels/workbook.xml.rels"), parser)
        target = {r.get("Id"): r.get("Target") for r in rels}
        book = etree.fromstring(self._zip.read("xl/workbook.xml"), parser)
        self.paths = {}
        for sheet in book.iter(f"{self.MAIN}sheet"):
            path = target[sheet.get(f"{self.RELS}id")].lstrip("/")
            self.paths[sheet.get("name")] = path if path.startswith("xl/") else f"xl/{path}"
        self.sheetnames = list(self.paths)

    def rows(self, name: str) -> list[list]:
        out = []
        with self._zip.open(self.paths[name]) as handle:
            for _, row in self._etree.iterparse(handle, tag=f"{self.MAIN}row"):
                values: list = []
                for cell in row.iter(f"{self.MAIN}c"):
                    column = _column_index(cell.get("r"))
                    values.extend([None] * (column - len(values)))
                    values.append(self._value(cell))
                out.append(values)
                row.clear()
        return out

    def _value(self, cell):
        kind = cell.get("t")
        if kind == "inlineStr":
            return "".join(t.text or "" for t in cell.iter(f"{self.MAIN}t")) or None
        value = cell.find(f"{self.MAIN}v")
        if value is None or value.text is None:
            return None
        if kind == "s":
            return self._strings[int(value.text)] or None
        if kind in ("str", "e"):
            return value.text
        if kind == "b":
            return value.text == "1"
        number = float(value.text)
        return int(number) if number.is_integer() and "." not in value.text and "E" not in value.text else number

    def close(self) -> None:
        self._zip.close()


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + ord(char.upper()) - 64
    return index - 1


def _rows(workbook: Workbook, name: str) -> list[dict]:
    rows = workbook.rows(name)
    header = rows[0]
    return [dict(zip(header, row + [None] * (len(header) - len(row)))) for row in rows[1:]]


def _base(statistic_id: str) -> tuple[str | None, str | None, str]:
    """(nation, period, base id) of a round statistic id."""
    nation = period = None
    parts = statistic_id.split(":")
    while len(parts) > 1 and parts[0] in ("nation", "period"):
        if parts[0] == "nation":
            nation = parts[1]
        else:
            period = parts[1]
        parts = parts[2:]
    return nation, period, ":".join(parts)


def _measure(base: str) -> tuple[str, str] | None:
    """(cohort or 'combined', measure) of a summed base id, else None."""
    if base == "not_found_total":
        return "combined", "not_found"
    for measure in SUM_MEASURES:
        if base.endswith("_" + measure):
            cohort = base[: -len(measure) - 1]
            if cohort in ("trafficked", "uasc", "combined", "overlap"):
                return cohort, measure
    return None


@dataclass
class Round:
    """One round's cells as the trace sheet lists them, by national statistic id."""

    round_id: str
    nation: dict[str, str]  # authority code -> nation
    code: dict[str, str]  # authority name -> code
    trace: dict[str, list[tuple[Cell, bool]]]  # statistic id -> [(cell, counted in the value)]
    periods: list[str]
    # The per-authority sheet: (question, period) -> {code: count or the symbol}.
    sheet: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)


def read_knowledge(workbook_path: Path, register: Path | None = None) -> Knowledge:
    """Everything ``tables.xlsx`` prints, as linear facts over its hidden cells
    (``register``: the public register of councils, for areas merged or split between
    rounds)."""
    successors = read_successors(register) if register is not None else {}
    workbook = Workbook(workbook_path)
    know = Knowledge()
    rounds = {}
    round_ids = [n[: -len(" statistics")] for n in workbook.sheetnames
                 if n.endswith(" statistics") and not n.startswith("series")]
    for round_id in round_ids:
        rounds[round_id] = _read_round(workbook, round_id, know)
    for round_id in round_ids:
        statistics = {row["Statistic id"]: row for row in _rows(workbook, f"{round_id} statistics")}
        for statistic_id, row in statistics.items():
            _statistic_facts(know, rounds[round_id], statistic_id, row)
        _positive_facts(know, rounds[round_id], statistics)
        _ranking_facts(know, rounds[round_id], statistics)
        _qa_facts(know, rounds[round_id], _rows(workbook, f"{round_id} QA findings"))
    if "series statistics" in workbook.sheetnames:
        for row in _rows(workbook, "series statistics"):
            if row["Round"] in rounds and row["Source id"]:
                _statistic_facts(know, rounds[row["Round"]], row["Source id"],
                                 {"Value": row["Value"], "Numerator": row["Numerator"],
                                  "Denominator": row["Denominator"],
                                  "Authorities contributing": row.get("Authorities contributing")},
                                 where="series ")
    if "series like for like" in workbook.sheetnames:
        for row in _rows(workbook, "series like for like"):
            _like_for_like_facts(know, rounds, row, successors)
    workbook.close()
    return know


_YEAR = re.compile(r"^\d{4}$")


def _read_round(workbook, round_id: str, know: Knowledge) -> Round:
    nation, code = {}, {}
    authorities = _rows(workbook, f"{round_id} authorities")
    for row in authorities:
        nation[row["GSS code"]] = row["Nation"]
        code[row["Authority"]] = row["GSS code"]
    trace: dict[str, list] = defaultdict(list)
    periods: list[str] = []
    for row in _rows(workbook, f"{round_id} trace"):
        cell = (round_id, code[row["Authority"]], str(row["Question"]), str(row["Period"]))
        number = row["Number counted"]
        if cell[3] not in periods:
            periods.append(cell[3])
        if number == SYMBOL:
            know.hidden.setdefault(cell)
        elif _is_number(number):
            know.known[cell] = float(number)
        elif _is_number(row["Lower bound"]) and _is_number(row["Upper bound"]):
            know.ranges[cell] = (float(row["Lower bound"]), float(row["Upper bound"]))
        # Counted in the figure's value: a number or the symbol ("no figure": in its
        # bounds only, e.g. a rate's part whose other part the authority did not give).
        counted = number == SYMBOL or _is_number(number)
        trace[row["Statistic id"]].append((cell, counted))
    sheet = _read_sheet(authorities, round_id, periods, know)
    return Round(round_id, nation, code, trace, periods, sheet)


def _read_sheet(authorities: list[dict], round_id: str, periods: list[str],
                know: Knowledge) -> dict[tuple[str, str], dict[str, object]]:
    """The per-authority sheet's counts and hidden cells ("<question> [<period>] <label>"
    columns), checked against the trace: a cell shown in one and hidden in the other, or
    shown as two numbers, is a finding of its own (``know.conflicts``)."""
    sheet: dict[tuple[str, str], dict[str, object]] = {}
    if not authorities:
        return sheet
    for header in authorities[0]:
        if header in ("GSS code", "Authority", "Nation") or str(header).endswith("(status)"):
            continue
        words = str(header).split(" ")
        if len(words) > 1 and _YEAR.match(words[1]):
            question, period = words[0], words[1]
        elif len(periods) == 1:
            question, period = words[0], periods[0]
        else:
            continue
        column = sheet.setdefault((question, period), {})
        for row in authorities:
            value = row.get(header)
            if value != SYMBOL and not _is_number(value):
                continue
            column[row["GSS code"]] = value
            cell = (round_id, row["GSS code"], question, period)
            if value == SYMBOL:
                if cell in know.known:
                    know.conflicts.append(f"{cell}: hidden in the authorities sheet, "
                                          f"{know.known[cell]:g} in the trace")
                know.hidden.setdefault(cell)
            elif cell in know.hidden:
                know.conflicts.append(f"{cell}: {value} in the authorities sheet, hidden in "
                                      "the trace")
            elif cell in know.known and know.known[cell] != float(value):
                know.conflicts.append(f"{cell}: {value} in the authorities sheet, "
                                      f"{know.known[cell]:g} in the trace")
            else:
                know.known[cell] = float(value)
    return sheet


def _cells(rnd: Round, base: str, nation: str | None, period: str | None,
           questions: set[str] | None = None, counted_only: bool = True) -> list[Cell]:
    """The cells the trace lists for ``base``, of one nation and period when given; for a
    period the trace leaves out (a partial one, never pooled), the counts the authorities
    sheet shows for the questions the trace gives ``base`` elsewhere."""
    traced = rnd.trace.get(TRACED_AS.get(base, base), ())
    if period is not None and traced and not any(cell[3] == period for cell, _ in traced):
        return [(rnd.round_id, code, question, period)
                for question in sorted(questions or _questions(rnd, base))
                for code in rnd.sheet.get((question, period), {})
                if nation is None or rnd.nation.get(code) == nation]
    found = []
    for cell, counted in traced:
        if counted_only and not counted:
            continue  # e.g. a council's own range counts in the bounds, not in the value
        if nation is not None and rnd.nation.get(cell[1]) != nation:
            continue
        if period is not None and cell[3] != period:
            continue
        if questions is not None and cell[2] not in questions:
            continue
        found.append(cell)
    return list(dict.fromkeys(found))


def _questions(rnd: Round, base: str) -> set[str]:
    return {cell[2] for cell, _ in rnd.trace.get(TRACED_AS.get(base, base), ())}


def _statistic_facts(know: Knowledge, rnd: Round, statistic_id: str, row: Mapping,
                     where: str = "") -> None:
    label = f"{where}{rnd.round_id} {statistic_id}"
    if statistic_id.startswith("period_change"):
        _period_change_facts(know, rnd, statistic_id, row, label)
        return
    nation, period, base = _base(statistic_id)
    if _measure(base) is not None:
        counted = _cells(rnd, base, nation, period)
        know.add(label, counted, row.get("Value"))
        # The range had withheld answers been disclosed: the same cells and the councils'
        # own ranges ("fewer than 5"), each at its lower (upper) end.
        ranged = [c for c in _cells(rnd, base, nation, period, counted_only=False)
                  if c in know.ranges and c not in set(counted)]
        traced = rnd.trace.get(TRACED_AS.get(base, base), ())
        if period is not None and not any(c[3] == period for c, _ in traced):
            return  # a period the trace leaves out: its councils' ranges are not listed
        if _is_number(row.get("Lower bound")) and _is_number(row.get("Upper bound")):
            for end, column in ((0, "Lower bound"), (1, "Upper bound")):
                total = row[column] - sum(know.ranges[c][end] for c in ranged)
                know.add(f"{label} ({column.lower()})", counted, total)
        return
    for suffix, (top, bottom) in RATIO_PARTS.items():
        if base.endswith("_" + suffix):
            cohort = base[: -len(suffix) - 1]
            cells = _cells(rnd, base, nation, period)
            numerator = _questions(rnd, f"{cohort}_{top}")
            denominator = _questions(rnd, f"{cohort}_{bottom}")
            if period is not None and not any(c[3] == period for c, _ in rnd.trace.get(base, ())):
                # Not in the trace: the authorities that gave both parts, if as many as printed.
                tops = {c[1] for c in cells if c[2] in numerator}
                matched = tops & {c[1] for c in cells if c[2] in denominator}
                if cohort == "combined" or row.get("Authorities contributing") != len(matched):
                    # (both cohorts: each cohort's pair is matched on its own)
                    know.skipped.append(f"{label}: {len(matched)} authorities gave both parts, "
                                        f"printed {row.get('Authorities contributing')}")
                    return
                cells = [c for c in cells if c[1] in matched]
            know.add(label + " (numerator)", [c for c in cells if c[2] in numerator],
                     row.get("Numerator"))
            know.add(label + " (denominator)", [c for c in cells if c[2] in denominator],
                     row.get("Denominator"))
            return


def _period_change_facts(know: Knowledge, rnd: Round, statistic_id: str, row: Mapping,
                         label: str) -> None:
    """``period_change:A:B:base``: from A to B over the authorities that gave it in both
    (numerator: the change; denominator: A's total); ``period_change_all``: all of each."""
    kind, first, second, base = statistic_id.split(":", 3)
    if _measure(base) is None:
        return
    cells_a = _cells(rnd, base, None, first)
    cells_b = _cells(rnd, base, None, second)
    if kind == "period_change":
        both = {c[1] for c in cells_a} & {c[1] for c in cells_b}
        cells_a = [c for c in cells_a if c[1] in both]
        cells_b = [c for c in cells_b if c[1] in both]
    terms: dict[Cell, float] = defaultdict(float)
    for cell in cells_b:
        terms[cell] += 1
    for cell in cells_a:
        terms[cell] -= 1
    know.add_terms(label + " (change)", terms, row.get("Numerator"))
    know.add(label + " (from)", cells_a, row.get("Denominator"))


def _positive_facts(know: Knowledge, rnd: Round, statistics: Mapping[str, Mapping]) -> None:
    """A count of authorities with at least one child: how many hidden parts are above 0.

    When every authority whose part is hidden must be above 0 to reach the count, each
    such part is at least 1; when none may be, each is 0."""
    for statistic_id, row in statistics.items():
        nation, period, base = _base(statistic_id)
        for suffix in POSITIVE_COUNTS:
            if not base.endswith(suffix) or not _is_number(row.get("Value")):
                continue
            by_authority: dict[str, list[Cell]] = defaultdict(list)
            for cell in _cells(rnd, base, nation, period):
                by_authority[cell[1]].append(cell)
            shown_positive, open_parts = 0, []
            for cells in by_authority.values():
                shown = sum(know.known.get(c, 0) for c in cells)
                unknown = [c for c in cells if c not in know.known]
                if shown > 0:
                    shown_positive += 1
                elif unknown:
                    open_parts.append(unknown)
            left = row["Value"] - shown_positive
            label = f"{rnd.round_id} {statistic_id} (authorities above 0)"
            if open_parts and left == len(open_parts):
                for cells in open_parts:
                    know.add_terms(label, {c: 1.0 for c in cells}, 1, lower_only=True)
            elif open_parts and left == 0:
                for cells in open_parts:
                    know.add(label, cells, 0)


def _ranking_facts(know: Knowledge, rnd: Round, statistics: Mapping[str, Mapping]) -> None:
    """A printed ranking (``ranking_...``, authority codes in order in "Value (text)"): each
    ranked authority's total is at least the next one's, and the last at least any other's."""
    for statistic_id, row in statistics.items():
        if not statistic_id.startswith("ranking_") or not row.get("Value (text)"):
            continue
        ranked = str(row["Value (text)"]).split(";")
        totals: dict[str, list[Cell]] = defaultdict(list)
        for cell in _cells(rnd, statistic_id, None, None):
            totals[cell[1]].append(cell)
        if not all(code in totals for code in ranked):
            know.skipped.append(f"{rnd.round_id} {statistic_id}: a ranked authority has no cells")
            continue
        others = [code for code in totals if code not in ranked]
        pairs = list(pairwise(ranked)) + [(ranked[-1], code) for code in others]
        for higher, lower in pairs:
            terms: dict[Cell, float] = defaultdict(float)
            for cell in totals[higher]:
                terms[cell] += 1
            for cell in totals[lower]:
                terms[cell] -= 1
            know.add_terms(f"{rnd.round_id} {statistic_id} ({higher} ranked above {lower})",
                           terms, 0, lower_only=True)


_QA_EXCEEDS = re.compile(
    r"(?:(?P<period>\d{4}): )?(?P<q1>\w+): (?P<v1>\d+|\[c\]) [^:]*? exceeds (?P<q2>\w+): "
    r"(?P<v2>\d+|\[c\]) ")
_QA_FEWER = re.compile(
    r"(?:(?P<period>\d{4}): )?(?P<q1>\w+): (?P<v1>\d+|\[c\]) [^:]*? are fewer than "
    r"(?P<q2>\w+): (?P<v2>\d+|\[c\]) ")


_QA_OFFICIAL = re.compile(r"the FOI reply gives (?P<value>\d+|\[c\]) .*? during (?P<during>.*?), "
                          r"fewer than the (?P<official>\d+) DfE counted")


def _qa_facts(know: Knowledge, rnd: Round, findings: list[Mapping]) -> None:
    """QA findings comparing two answers of one authority: "a exceeds b" is b < a; and an
    answer "fewer than the N DfE counted" is below N."""
    for row in findings:
        text = str(row.get("Finding") or "")
        code = rnd.code.get(row.get("Authority"))
        official = _QA_OFFICIAL.search(text)
        if official and code is not None and official["value"] == SYMBOL:
            periods = [p for p in rnd.periods if p in official["during"]] or rnd.periods
            if len(periods) == 1:
                cell = (rnd.round_id, code, str(row.get("Question")), periods[0])
                know.add_terms(f"{rnd.round_id} QA {row.get('Authority')}: {text[:60]}",
                               {cell: 1.0}, int(official["official"]) - 1, upper_only=True)
            else:
                know.skipped.append(f"{rnd.round_id} QA {row.get('Authority')}: period unknown")
        for pattern in (_QA_EXCEEDS, _QA_FEWER):
            match = pattern.match(text)
            if not match or code is None:
                continue
            period = match["period"] or (rnd.periods[0] if len(rnd.periods) == 1 else None)
            if period is None:
                continue
            big, small = ("1", "2") if pattern is _QA_EXCEEDS else ("2", "1")
            terms = {(rnd.round_id, code, match["q" + big], period): 1.0,
                     (rnd.round_id, code, match["q" + small], period): -1.0}
            for key in ("1", "2"):
                cell = (rnd.round_id, code, match["q" + key], period)
                if match["v" + key] != SYMBOL and cell not in know.known and cell not in know.hidden:
                    know.known[cell] = float(match["v" + key])
            # big - small >= 1
            know.add_terms(f"{rnd.round_id} QA {row.get('Authority')}: {text[:60]}", terms, 1,
                           lower_only=True)


def _like_for_like_facts(know: Knowledge, rounds: Mapping[str, Round], row: Mapping,
                         successors: Mapping[str, set[str]]) -> None:
    """A like-for-like row: each side's total over the areas that gave it at both points.

    The areas are found as a reader finds them: an authority of the earlier point is
    compared with the authorities that cover its area at the later one (itself, or its
    successors after a reorganisation, from the public register), merged where several
    share them; an area counts when every authority in it gave a number (shown or hidden)
    at its point. A row whose counts of areas and authorities differ is not used."""
    first, second = rounds.get(row["From round"]), rounds.get(row["To round"])
    if first is None or second is None:
        return
    base = f"{row['Cohort']}_{row['Measure']}"
    period_a = str(row["From period"]) if len(first.periods) > 1 else None
    period_b = str(row["To period"]) if len(second.periods) > 1 else None
    cells_a = _cells(first, base, None, period_a)
    cells_b = _cells(second, base, None, period_b)
    given_a, given_b = {c[1] for c in cells_a}, {c[1] for c in cells_b}

    def later(code: str, seen: frozenset = frozenset()) -> set[str]:
        if code in second.nation:
            return {code}
        return {found for nxt in successors.get(code, ()) if nxt not in seen
                for found in later(nxt, seen | {code})}

    areas: dict[frozenset, set[str]] = defaultdict(set)
    for code in first.nation:
        areas[frozenset(later(code))].add(code)
    compared = [(old, new) for new, old in areas.items()
                if new and old <= given_a and new <= given_b]
    before = {code for old, _ in compared for code in old}
    after = {code for _, new in compared for code in new}
    label = (f"series like for like {row['Cohort']} {row['Measure']} "
             f"{row['From period']} to {row['To period']}")
    if (len(compared), len(before), len(after)) != (
            row["Units"], row["Authorities from"], row["Authorities to"]):
        if _is_number(row["From value"]):
            know.skipped.append(f"{label}: {len(compared)} areas, {len(before)}/{len(after)} "
                                f"authorities at both points, printed {row['Units']}, "
                                f"{row['Authorities from']}/{row['Authorities to']}")
        return
    know.add(label + " (from)", [c for c in cells_a if c[1] in before], row["From value"])
    know.add(label + " (to)", [c for c in cells_b if c[1] in after], row["To value"])


def read_successors(register: Path) -> dict[str, set[str]]:
    """Each authority's successors after a reorganisation (the public register of councils,
    ``data/reference/authorities.csv``: ``successor_gss``, several split by ";")."""
    import csv

    with open(register, encoding="utf-8", newline="") as handle:
        return {row["gss_code"]: set(filter(None, row["successor_gss"].split(";")))
                for row in csv.DictReader(handle) if row.get("successor_gss")}


def attack(know: Knowledge, allowed: float) -> tuple[list[Recovered], dict[Cell, tuple]]:
    """Bound every hidden cell; those whose whole-number range is narrower than ``allowed``."""
    unknowns = list(know.hidden) + [c for c in know.ranges if c not in know.hidden]
    position = {cell: i for i, cell in enumerate(unknowns)}
    # Components: unknowns linked by a fact.
    parent = list(range(len(unknowns)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for fact in know.facts:
        indices = [position[c] for c in fact.terms]
        for other in indices[1:]:
            parent[find(other)] = find(indices[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(unknowns)):
        groups[find(i)].append(i)
    facts_of: dict[int, list[Linear]] = defaultdict(list)
    for fact in know.facts:
        facts_of[find(position[next(iter(fact.terms))])].append(fact)
    bounds: dict[Cell, tuple] = {}
    recovered = []
    for root, members in groups.items():
        cells = [unknowns[i] for i in members]
        facts = facts_of.get(root, [])
        hidden = [c for c in cells if c in know.hidden]
        if not hidden:
            continue
        if not facts:
            for cell in hidden:
                bounds[cell] = (0, math.inf, ())
            continue
        solved = _bound_component(know, cells, facts, hidden, allowed)
        for cell, (lower, upper) in solved.items():
            names = tuple(dict.fromkeys(f.label for f in facts if cell in f.terms))
            bounds[cell] = (lower, upper, names)
            if upper - lower < allowed - TOLERANCE:
                recovered.append(Recovered(cell, int(lower), int(upper), names))
    order = {cell: i for i, cell in enumerate(know.hidden)}
    recovered.sort(key=lambda r: order[r.cell])
    return recovered, bounds


class _Programme:
    """The facts of one component as one linear programme, solved again and again with
    another objective: HiGHS (the solver ``scipy.optimize.linprog`` runs) keeps its basis
    between solves, so each solve starts where the last one ended."""

    def __init__(self, know: Knowledge, cells: list[Cell], facts: list[Linear]):
        from scipy.optimize._highspy import _core as highs

        self.highs = highs
        self.index = {cell: i for i, cell in enumerate(cells)}
        infinity = highs.kHighsInf
        columns: list[list[tuple[int, float]]] = [[] for _ in cells]
        lower, upper = [], []
        for row, fact in enumerate(facts):
            for cell, coefficient in fact.terms.items():
                columns[self.index[cell]].append((row, coefficient))
            lower.append(-infinity if math.isinf(fact.lower) else fact.lower)
            upper.append(infinity if math.isinf(fact.upper) else fact.upper)
        lp = highs.HighsLp()
        lp.num_col_, lp.num_row_ = len(cells), len(facts)
        lp.col_cost_ = np.zeros(len(cells))
        limits = [know.ranges.get(c, (0.0, infinity)) for c in cells]
        lp.col_lower_ = np.array([low for low, _ in limits], dtype=float)
        lp.col_upper_ = np.array([high for _, high in limits], dtype=float)
        lp.row_lower_, lp.row_upper_ = np.array(lower, dtype=float), np.array(upper, dtype=float)
        matrix = lp.a_matrix_
        matrix.num_col_, matrix.num_row_ = len(cells), len(facts)
        matrix.format_ = highs.MatrixFormat.kColwise
        matrix.start_ = np.cumsum([0] + [len(c) for c in columns], dtype=np.int32)
        matrix.index_ = np.array([r for c in columns for r, _ in c], dtype=np.int32)
        matrix.value_ = np.array([k for c in columns for _, k in c], dtype=float)
        self.solver = highs._Highs()
        for option, value in (("output_flag", False), ("log_to_console", False)):
            self.solver.setOptionValue(option, value)
        self.solver.passModel(lp)
        self.costed: int | None = None

    def optimum(self, column: int, sense: float) -> tuple[float, np.ndarray | None]:
        """(min ``sense`` 1 or max ``sense`` -1 of the column, the point reaching it)."""
        if self.costed is not None:
            self.solver.changeColCost(self.costed, 0.0)
        self.solver.changeColCost(column, sense)
        self.costed = column
        self.solver.run()
        status = self.solver.getModelStatus()
        if status == self.highs.HighsModelStatus.kUnbounded and sense < 0:
            return math.inf, None
        if status != self.highs.HighsModelStatus.kOptimal:
            raise AssertionError("the printed figures are inconsistent for this reading "
                                 f"({self.solver.modelStatusToString(status)})")
        point = np.array(self.solver.getSolution().col_value)
        return point[column], point


def _bound_component(know: Knowledge, cells: list[Cell], facts: list[Linear],
                     targets: list[Cell], allowed: float = math.inf
                     ) -> dict[Cell, tuple[float, float]]:
    """Each target's whole-number range; a target that points already found spread at least
    ``allowed`` apart is not solved for (its range is at least that wide: the bounds given
    are then those points' spread, not the range)."""
    programme = _Programme(know, cells, facts)
    points: list[np.ndarray] = []  # feasible points found so far (optima of earlier solves)

    def spread(column: int) -> tuple[float, float]:
        seen = [point[column] for point in points]
        return (min(seen), max(seen)) if seen else (math.inf, -math.inf)

    def solve(column: int, sense: float) -> float:
        value, point = programme.optimum(column, sense)
        if point is not None:
            points.append(point)
        return value

    result = {}
    for target in targets:
        column = programme.index[target]
        low, high = spread(column)
        if _whole(high, floor=True) - _whole(low) >= allowed:
            result[target] = (low, high)
            continue
        high = solve(column, -1.0)
        low = spread(column)[0]
        if _whole(high, floor=True) - _whole(low) < allowed:
            low = solve(column, 1.0)
        result[target] = (_whole(low), _whole(high, floor=True))
    return result


def _whole(value: float, floor: bool = False) -> float:
    """The whole number a count's bound allows (counts are whole numbers)."""
    if math.isinf(value):
        return value
    return math.floor(value + TOLERANCE) if floor else math.ceil(value - TOLERANCE)


def true_values(results: Path, round_ids: Iterable[str]) -> dict[Cell, float]:
    """The true cells from a build's ``results/<round>/answers.csv`` (to check the reading)."""
    import csv

    values = {}
    for round_id in round_ids:
        with open(results / round_id / "answers.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["value"] not in ("", None):
                    values[(round_id, row["authority_code"], row["question"], row["period"])] = (
                        float(row["value"]))
    return values
