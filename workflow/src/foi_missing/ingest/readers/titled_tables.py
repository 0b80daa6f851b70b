"""Tables that name no question, each under a title that names one.

A council answers question by question, each with its own small table: "Question 3"
(a paragraph above a Word, PDF or HTML table, a row across a sheet, or the sheet's
name), then | Year | Number | rows. The table is read as the titled question's; its
figures stand only one per period, so that a breakdown (placement types, age bands)
is never taken for the question's answer, and rows under no title are never
lent one: they go to a person with the reason.
"""

from __future__ import annotations

from dataclasses import replace

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.cells import Cell, Grid, header_role
from foi_missing.ingest.readers.codebook import QuestionMatcher


def titled_answers(grid: Grid, matcher: QuestionMatcher, heading: str, read) -> list[RawAnswer]:
    """The answers of the grid's titled tables; [] when no title names a question.

    ``heading`` titles the rows above the grid's first title row (the text above
    the table, or the sheet's name). A titled table that cannot be read one figure
    per period, and rows under no title, are kept whole for a person.
    """
    sections: list[tuple[str, Grid]] = [(heading, [])]
    for row in grid:
        filled = [c for c in row if c.text and not c.covered]
        if len(filled) == 1 and heading_question(filled[0].text, matcher) is not None:
            sections.append((filled[0].text, []))
        else:
            sections[-1][1].append(row)
    if not any(heading_question(title, matcher) for title, _ in sections):
        return []
    answers: list[RawAnswer] = []
    for title, rows in sections:
        filled = [c for row in rows for c in row if c.text and not c.covered]
        if not filled:
            continue
        titled = heading_question(title, matcher) is not None
        found = answers_under_heading(rows, matcher, title, read) if titled else None
        if found is None:
            text = "; ".join(" | ".join(c.text for c in row if c.text and not c.covered) for row in rows
                             if any(c.text for c in row))
            why = (f'table under "{title.strip()}": not one figure per period of that question' if titled
                   else "table rows under no question title")
            found = [RawAnswer(None, text, filled[0].location, reason=why)]
        answers.extend(found)
    return answers


def heading_question(heading: str, matcher: QuestionMatcher) -> str | None:
    """The one question a heading names with nothing answered in it: "Question 3",
    "Q3. How many ...?", or the question's wording alone."""
    lines = [line.strip() for line in heading.splitlines() if line.strip()]
    if len(lines) > 1:  # a heading wrapped over lines: its last line, else the whole of it
        return heading_question(lines[-1], matcher) or heading_question(" ".join(lines), matcher)
    heading = heading.strip()
    if not heading:
        return None
    split = matcher.split_leading_label(heading)
    if split is None:
        return matcher.wording(heading) if heading.endswith("?") else None
    label, rest = split
    rest = rest.strip()
    return label if not rest or rest.endswith("?") or matcher.wording(rest) == label else None


def answers_under_heading(grid: Grid, matcher: QuestionMatcher, heading: str, read) -> list[RawAnswer] | None:
    """A question's table laid out under its heading ("Question 3", then | Year | Number |).

    The table is read as if each row named that question. Its answers stand only when
    they cannot be parts of a breakdown (placement types, age bands): one figure per
    period of a period column or row. Else None: the table goes to a person.
    """
    label = heading_question(heading, matcher)
    if label is None or not any(c.text for row in grid for c in row):
        return None
    header = next(index for index, row in enumerate(grid) if any(c.text for c in row))
    labelled = [[Cell("Question" if index == header else (label if index > header and any(c.text for c in row)
                                                          else ""), row[0].location if row else ""), *row]
                for index, row in enumerate(grid)]
    # "Year | Children": beside the period column, the one other column is the answer,
    # whatever its heading ("Children", "Number of UASC"); with two or more, none is.
    named = [(column, cell) for column, cell in enumerate(labelled[header]) if cell.text and not cell.covered]
    if len(named) == 3 and header_role(named[1][1].text) == "period" and header_role(named[2][1].text) is None:
        column, cell = named[2]
        labelled[header][column] = replace(cell, text="Answer")
    answers = read(labelled, matcher).answers
    if not answers or any(a.question != label or a.covers for a in answers):
        return None
    periods = [a.period for a in answers if not a.reason]
    return list(answers) if periods and all(periods) and len(set(periods)) == len(periods) else None
