"""CSV exports (.csv): sniffed delimiter, UTF-8 with or without BOM, or Windows-1252."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from foi_missing.readers.base import RawAnswer, ReplyContent, first_council_clue
from foi_missing.readers.codebook import QuestionMatcher
from foi_missing.readers.decoding import decode_text
from foi_missing.readers.table import Cell, answers_from_grid, clean_cell_text

DELIMITERS = ",;\t|"


def read_csv_reply(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    text = decode_text(path.read_bytes())
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    grid = [
        [Cell(clean_cell_text(value), f"row {number}") for value in row]
        for number, row in enumerate(rows, start=1)
    ]
    result = answers_from_grid(grid, matcher)
    if not result.answers and result.reason:
        # Nothing found: say why, for the person who codes it by hand.
        result.answers.append(RawAnswer(None, "", "row 1", reason=result.reason))
    clue = first_council_clue(result.other_text)
    return ReplyContent(tuple(result.answers), (clue,) if clue else ())


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        # One-column files and ragged letterhead rows defeat the sniffer: take
        # the delimiter the first lines use most.
        counts = {d: sample.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","
