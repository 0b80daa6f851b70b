"""CSV exports (.csv): sniffed delimiter; UTF-8, UTF-16 or a detected encoding (``readers.decoding``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from foi_missing.ingest.readers.base import RawAnswer, ReaderError, ReplyContent, first_council_clue
from foi_missing.ingest.readers.cells import MAX_GRID_COLUMNS, MAX_GRID_ROWS, Cell, capped_cell_text
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.decoding import decode_text
from foi_missing.ingest.readers.table import answers_from_grid

DELIMITERS = ",;\t|"
# A reply's CSV export is kilobytes; anything this big is not one.
MAX_CSV_BYTES = 20_000_000


def read_csv_reply(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise ReaderError(f"CSV file of {size:,} bytes (more than {MAX_CSV_BYTES:,})")
    text, finding = decode_text(path.read_bytes())
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    grid = []
    try:
        for number, row in enumerate(rows, start=1):
            if len(row) > MAX_GRID_COLUMNS:
                raise ReaderError(f"row {number} has {len(row):,} columns (more than {MAX_GRID_COLUMNS:,})")
            grid.append([Cell(capped_cell_text(value), f"row {number}") for value in row])
    except csv.Error as error:
        raise ReaderError(f"not a readable CSV file ({error})") from None
    used = sum(1 for row in grid if any(c.text for c in row))
    if used > MAX_GRID_ROWS:
        raise ReaderError(f"CSV file uses {used:,} rows (more than {MAX_GRID_ROWS:,})")
    result = answers_from_grid(grid, matcher)
    if not result.answers and result.reason:
        # Nothing found: say why, for the person who codes it by hand.
        result.answers.append(RawAnswer(None, "", "row 1", reason=result.reason))
    clue = first_council_clue(result.other_text)
    return ReplyContent(tuple(result.answers), (clue,) if clue else (), (finding,) if finding else ())


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
