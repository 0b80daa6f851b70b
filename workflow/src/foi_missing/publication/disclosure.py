"""Disclosure control for publication outputs (docs/design.md#disclosure-policy).

Everything under ``results/<round>/`` is the research team's working data and
is left alone. Every *publication* output (the rendered round reports, the
tables workbook, the figures used in them) passes its per-authority counts
through :func:`apply_disclosure`, the one function that decides what is shown.

Policy
------
1. **Primary suppression.** A per-authority count ``v`` with
   ``min_count <= v <= max_count`` (config ``disclosure``, default 1 to 4) is
   shown as the symbol (default ``[c]``). Zero is shown (with the default
   ``min_count: 1``). Cells that are not counts (status words such as
   "not held", a council's own withheld interval such as "1-4") are not
   numbers in any published sum and are shown as they are.
2. **Secondary suppression.** A *published total* is a sum of cells that a
   reader can also see: a row total column (``row_totals``), a national
   total printed elsewhere in the publication (``column_totals``, or explicit
   :class:`Total` objects, e.g. one per headline statistic built from
   ``contributions.csv``). For every published total whose value is known
   (printed elsewhere, or a visible cell of the table):

   a. it must never have exactly one hidden cell (the total minus the visible
      cells would give that cell exactly): the next smallest visible cell of
      the total is hidden too (non-zero cells first, a zero only when nothing
      else is left), until at least two are hidden;
   b. the hidden cells together must not be a small count themselves
      (their sum, which the total gives away, ``<= max_count``: two hidden
      1s would both be known to be 1): the next smallest non-zero visible
      cell is hidden until the hidden sum exceeds ``max_count``.

   A total that is itself a hidden cell publishes nothing. Rules (a) and (b)
   are applied to every total, repeatedly, until nothing changes (hiding a
   cell for one total can leave another total with a single hidden cell).
   Ties are broken by table order, so the result is deterministic.
3. A total that cannot be protected by hiding cells (for example a national
   figure that comes from a single authority) is listed in
   :attr:`Disclosure.unresolved` so the publication can say so.
4. **Figures** draw a per-authority point only when none of its plotted
   cells is hidden (:func:`visible_points`); :func:`hidden_in_figure` lets a
   figure's data be checked before it is published.
5. **Free text** from replies or QA messages about one authority (raw answer
   text, coding notes) is published only through :func:`mask_numbers`, which
   replaces the numbers that could be a hidden count.

The policy protects against differencing with one published total at a time
(the usual "at least two hidden cells in every published sum" rule plus the
small-sum rule); it does not solve systems of several totals jointly.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from foi_missing.core.cells import cell_count
from foi_missing.core.config import config_defaults

Cell = tuple[Hashable, Hashable]  # (row label, column name)



_SCHEMA_DEFAULTS = config_defaults()["disclosure"]


@dataclass(frozen=True)
class DisclosureRule:
    """Which counts are hidden and how they are shown (config block ``disclosure``; its
    defaults are the config schema's)."""

    min_count: int = _SCHEMA_DEFAULTS["min_count"]
    max_count: int = _SCHEMA_DEFAULTS["max_count"]
    symbol: str = _SCHEMA_DEFAULTS["symbol"]

    @classmethod
    def from_config(cls, config: Mapping | None) -> DisclosureRule:
        """Accept the whole pipeline config or just its ``disclosure`` block."""
        block = dict(config or {})
        if "disclosure" in block:
            block = dict(block["disclosure"] or {})
        return cls(
            min_count=int(block.get("min_count", cls.min_count)),
            max_count=int(block.get("max_count", cls.max_count)),
            symbol=str(block.get("symbol", cls.symbol)),
        )

    def is_small(self, value) -> bool:
        """True when ``value`` is a count that primary suppression hides."""
        count = cell_count(value)
        return count is not None and self.min_count <= count <= self.max_count

    def describe(self) -> str:
        return (
            f"per-authority counts from {self.min_count} to {self.max_count} are shown as "
            f"{self.symbol}, with further cells hidden where a published total would reveal them"
        )


@dataclass(frozen=True)
class Total:
    """A published sum: the cells in ``parts`` add up to ``cell`` (a cell of the
    same table) or, when ``cell`` is None, to a number printed elsewhere."""

    parts: tuple[Cell, ...]
    cell: Cell | None = None
    label: str = ""


@dataclass
class Disclosure:
    """Result of :func:`apply_disclosure`."""

    table: pd.DataFrame  # what may be published: hidden cells hold the symbol
    primary: pd.DataFrame  # bool, hidden because the count itself is small
    secondary: pd.DataFrame  # bool, hidden because a published total would reveal a cell
    rule: DisclosureRule
    unresolved: list[str] = field(default_factory=list)
    # Printed totals (statistic ids) to withhold instead (foi_missing.publication.disclosure_audit).
    withheld: set[str] = field(default_factory=set)

    @property
    def hidden(self) -> pd.DataFrame:
        return self.primary | self.secondary

    def is_hidden(self, row: Hashable, column: Hashable) -> bool:
        if row not in self.primary.index or column not in self.primary.columns:
            return False
        return bool(self.primary.at[row, column] or self.secondary.at[row, column])

    def show(self, row: Hashable, column: Hashable, value):
        """``value`` as it may be published for the cell (row, column)."""
        return self.rule.symbol if self.is_hidden(row, column) else value

    # Pickled (results/<round>/protection.pickle) with the withheld ids in sorted order: a
    # set's order follows the process's string hashing, and the same inputs must give the
    # same bytes.
    def __getstate__(self) -> dict:
        return {**self.__dict__, "withheld": sorted(self.withheld)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({**state, "withheld": set(state["withheld"])})


def apply_disclosure(
    table: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    rule: DisclosureRule | Mapping | None = None,
    *,
    column_totals: bool | Iterable[Hashable] = True,
    row_totals: Mapping[Hashable, Sequence[Hashable]] | None = None,
    totals: Iterable[Total] = (),
) -> Disclosure:
    """Apply the disclosure policy (module docstring) to a per-authority table.

    ``table``: one row per authority (any unique index), counts in ``columns``
    (default: every column; only cells holding integers count).
    ``column_totals``: columns whose sum over all rows is published (True: all
    of ``columns``). ``row_totals``: ``{total_column: [part columns]}`` for row
    totals inside the table. ``totals``: further published sums (:class:`Total`).
    ``rule``: a :class:`DisclosureRule`, the config, or None for the defaults.
    """
    if not isinstance(rule, DisclosureRule):
        rule = DisclosureRule.from_config(rule)
    if not table.index.is_unique:
        raise ValueError("apply_disclosure: the table's index must be unique (one row per authority)")
    columns = list(table.columns if columns is None else columns)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise KeyError(f"apply_disclosure: no such columns {missing}")

    counts: dict[Cell, int] = {}
    for column in columns:
        for row, value in table[column].items():
            count = cell_count(value)
            if count is not None:
                counts[(row, column)] = count

    primary = pd.DataFrame(False, index=table.index, columns=table.columns)
    for (row, column), count in counts.items():
        if rule.min_count <= count <= rule.max_count:
            primary.at[row, column] = True
    hidden = {cell for cell in counts if primary.at[cell]}

    equations = _equations(table, columns, column_totals, row_totals, totals)
    order = {cell: position for position, cell in enumerate(counts)}
    unresolved: list[str] = []
    changed = True
    while changed:
        changed = False
        for total in equations:
            changed |= _protect(total, counts, hidden, order, rule)
    for total in equations:
        problem = _violation(total, counts, hidden, rule)
        if problem:
            unresolved.append(f"{total.label or 'a published total'}: {problem}")

    secondary = pd.DataFrame(False, index=table.index, columns=table.columns)
    for cell in hidden:
        if not primary.at[cell]:
            secondary.at[cell] = True
    shown = table.copy()
    for column in columns:
        mask = primary[column] | secondary[column]
        if mask.any():
            shown[column] = shown[column].astype(object)
            shown.loc[mask, column] = rule.symbol
    return Disclosure(shown, primary, secondary, rule, sorted(set(unresolved)))


def _equations(table, columns, column_totals, row_totals, totals) -> list[Total]:
    equations: list[Total] = []
    if column_totals is True:
        column_totals = columns
    elif column_totals is False:
        column_totals = []
    for column in column_totals:
        parts = tuple((row, column) for row in table.index)
        equations.append(Total(parts, None, f"total of {column}"))
    for total_column, part_columns in (row_totals or {}).items():
        for row in table.index:
            parts = tuple((row, column) for column in part_columns)
            equations.append(Total(parts, (row, total_column), f"{total_column} of {row}"))
    equations.extend(totals)
    return equations


def _state(total: Total, counts, hidden):
    """(known, hidden parts, visible candidates) of one published total."""
    if total.cell is not None and (total.cell not in counts or total.cell in hidden):
        return False, [], []
    cells = [cell for cell in total.parts if cell in counts]
    if total.cell is not None:
        cells.append(total.cell)
    hidden_parts = [cell for cell in total.parts if cell in counts and cell in hidden]
    visible = [cell for cell in cells if cell not in hidden]
    return True, hidden_parts, visible


def _violation(total: Total, counts, hidden, rule) -> str | None:
    known, hidden_parts, _ = _state(total, counts, hidden)
    if not known or not hidden_parts:
        return None
    if len(hidden_parts) == 1:
        return "only one hidden cell and nothing left to hide with it"
    if sum(counts[cell] for cell in hidden_parts) <= rule.max_count:
        return "the hidden cells add up to a small count"
    return None


def _protect(total: Total, counts, hidden, order, rule) -> bool:
    changed = False
    while True:
        known, hidden_parts, visible = _state(total, counts, hidden)
        if not known or not hidden_parts:
            return changed
        small_sum = sum(counts[cell] for cell in hidden_parts) <= rule.max_count
        if len(hidden_parts) == 1:
            candidates = visible
        elif small_sum:
            candidates = [cell for cell in visible if counts[cell] != 0]
        else:
            return changed
        if not candidates:
            return changed
        choice = min(candidates, key=lambda cell: (counts[cell] == 0, counts[cell], order[cell]))
        hidden.add(choice)
        changed = True


def visible_points(disclosure: Disclosure, columns: Sequence[Hashable]) -> pd.Series:
    """Per row: may this authority's point (its values in ``columns``) be drawn?"""
    return ~disclosure.hidden[list(columns)].any(axis=1)


def hidden_in_figure(disclosure: Disclosure, plotted: Iterable[Cell]) -> list[Cell]:
    """The cells among those a figure draws that publication must hide (empty: safe)."""
    return [cell for cell in plotted if disclosure.is_hidden(*cell)]


# Numbers that are not counts of children: dates, section references ("s40(2)",
# "section 12"), question labels ("Q1", "1a") and money or times.
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
_PROTECTED = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # ISO dates
    # Written dates with their year ("1 April 2014", "April 1, 2014", "1 January to 31 March
    # 2018"): the year makes the day a date, never a count.
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?\s+(?:to|-|–)\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"\s+(?:{_MONTHS})\.?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?\s+\d{{4}}\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\d{1,2}/\d{1,2}/\d{2,4}"  # 12/06/2016
    r"|\b[sS](?:ection)?\s?\d+(?:\(\d+\))*(?:\([a-z]\))*"  # s40(2)(b), section 12
    r"|\b\d+[a-z]\b"  # question labels 1a, 2b
    r"|[A-Za-z]+\d+"  # Q1, E10000016
    r"|£\s?[\d,.]+"
)
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\w]|[.,]\d)|(?<![\w.,])\d+(?![\w]|[.,]\d)")


def mask_numbers(text, rule: DisclosureRule | Mapping | None = None, hidden_values: Iterable[int] = ()):
    """Replace the numbers in a free text that could be a hidden count with the symbol.

    A number (in digits, or as a word from "zero" to "twenty", or "the only
    child") is replaced when it is in the primary range or equals one of
    ``hidden_values`` (the hidden cells of the authority the text is about).
    Dates, section references, question labels and GSS codes are kept.
    Non-text values are returned unchanged.
    """
    if not isinstance(text, str) or not text:
        return text
    if not isinstance(rule, DisclosureRule):
        rule = DisclosureRule.from_config(rule)
    hidden_values = {int(v) for v in hidden_values}
    out, last = [], 0
    for protected in _PROTECTED.finditer(text):
        out.append(_mask_span(text[last : protected.start()], rule, hidden_values))
        out.append(protected.group(0))
        last = protected.end()
    out.append(_mask_span(text[last:], rule, hidden_values))
    return "".join(out)


_WORDS = {
    word: value
    for value, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
}
_NUMBER_WORD = re.compile(
    r"\b(?:(?P<only>(?:the\s+)?only\s+(?:child|one|young\s+person))|(?P<word>"
    + "|".join(_WORDS)
    + r"))\b",
    re.IGNORECASE,
)


# No count of children has more digits than this; longer runs are left as they are.
MAX_COUNT_DIGITS = 9


def _mask_span(span: str, rule: DisclosureRule, hidden_values: set[int]) -> str:
    def hide(number: int) -> bool:
        return rule.min_count <= number <= rule.max_count or number in hidden_values

    def replace(match: re.Match) -> str:
        digits = match.group(0).replace(",", "")
        # A run too long to be a count is no hidden cell (and int() of it could fail).
        if len(digits) > MAX_COUNT_DIGITS:
            return match.group(0)
        return rule.symbol if hide(int(digits)) else match.group(0)

    def replace_word(match: re.Match) -> str:
        number = 1 if match.group("only") else _WORDS[match.group("word").lower()]
        return rule.symbol if hide(number) else match.group(0)

    return _NUMBER_WORD.sub(replace_word, _NUMBER.sub(replace, span))


# The columns of a statistics table that carry a figure (hidden together).
STATISTIC_FIGURES = ("value", "lower", "upper", "numerator", "denominator", "text")


def mask_rows(table: pd.DataFrame, symbol: str, hide, columns=STATISTIC_FIGURES) -> pd.DataFrame:
    """Replace ``columns`` of the rows ``hide(row)`` selects (rows as named tuples) by ``symbol``."""
    table = table.astype(object).copy()
    for index, row in zip(table.index, table.itertuples(index=False)):
        if hide(row):
            for column in columns:
                if column in table.columns:
                    table.at[index, column] = symbol
    return table
