"""Real council replies (../shared/real_replies, kept outside the repository) read and coded.

Every row of expected.csv is judged right / wrong / manual (see foi_missing.ingest.realcheck).
No row may be coded wrong. A row not marked JUDGEMENT must be right (or a reasoned
deviation in tests/fixtures/real_replies/deviations.csv); a JUDGEMENT row may instead go
to manual coding with a reason. Rows the readers cannot yet reach are listed in PENDING
(strict xfail: once one passes, the list must shrink); rows only a guess could code are in
MANUAL, and must reach manual coding with the reason given there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from foi_missing.ingest.realcheck import (
    FIXTURES,
    judge,
    load_codebook,
    read_deviations,
    read_expected,
    replies_folder,
    score_folder,
)

FOLDER = replies_folder()
needs_replies = pytest.mark.skipif(
    not (FOLDER / "expected.csv").is_file(),
    reason=f"real replies not available ({FOLDER}; set FOI_REAL_REPLIES to the folder)",
)

# (file, question, period): why the readers cannot yet code it right (strict xfail).
PENDING: dict[tuple[str, str, str], str] = {}

# (file, question, period): rows that only a guess could code; each must reach manual coding
# with this reason (a substring of the coder's note), never a code.
_MK = "cousin_miltonkeynes_unseen.txt"
_MK_PERIOD = "last 12 months before request (c. 2019; date not in excerpt)"
MANUAL: dict[tuple[str, str, str], str] = {
    # "e)" where question 1 has parts a) to d): it may answer d) or the unlettered request
    # after d) (break the figures down by month); which is for a person.
    ("cousin_moray_missing_lac_2018.txt", "1d", "last 10 years"):
        '"e)" under question 1, which names no question of the request (its parts run a to d)',
    # "1x placement": the placement type is missing; the item names none of the parts.
    (_MK, "3_unspecified_placement", _MK_PERIOD): 'item "1x placement" names none of its parts',
    # "The longest period ... was three days" answers a follow-up the reply does not label; a
    # length of time is never read as a count.
    ("cousin_wokingham_missing_lac_covid.txt", "3_longest_days", "2020-03-23..request date (c. early 2021)"):
        "no answer to 3_longest_days found in the reply",
}


def _rows():
    if not (FOLDER / "expected.csv").is_file():
        return []
    return read_expected(FOLDER)


@pytest.fixture(scope="module")
def scores():
    return {s.file: s for s in score_folder(FOLDER)}


@needs_replies
def test_every_file_has_a_codebook_naming_its_expected_questions_and_periods():
    for row in _rows():
        codebook = load_codebook(FIXTURES / "codebooks" / f"{Path(row.file).stem}.yaml")
        question = next((q for q in codebook.questions if q.label == row.question), None)
        assert question is not None, (row.file, row.question)
        assert row.period in question.periods, (row.file, row.question, row.period)


@needs_replies
def test_no_row_is_coded_wrong(scores):
    wrong = [(o.row.file, o.row.question, o.row.period, o.got, o.why)
             for s in scores.values() for o in s.outcomes if o.verdict == "wrong"]
    assert wrong == []


@needs_replies
def test_deviations_name_expected_rows_and_give_reasons():
    keys = {(r.file, r.question, r.period) for r in _rows()}
    for key, deviation in read_deviations().items():
        assert key in keys, key
        assert "docs/design.md" in deviation.reason, key


@needs_replies
@pytest.mark.parametrize(
    "row",
    [pytest.param(r, id=f"{r.file}:{r.question}:{r.period}",
                  marks=[pytest.mark.xfail(strict=True, reason=PENDING[k])]
                  if (k := (r.file, r.question, r.period)) in PENDING else [])
     for r in _rows()],
)
def test_row(row, scores):
    outcome = next(o for o in scores[row.file].outcomes if o.row == row)
    if (key := (row.file, row.question, row.period)) in MANUAL:
        assert outcome.verdict == "manual", f"got {outcome.got}: {outcome.why}"
        assert MANUAL[key] in outcome.why, outcome.why
        return
    if row.judgement and outcome.verdict == "manual":
        assert outcome.why, "sent to manual coding without a reason"
        return
    assert outcome.verdict in ("right", "accepted"), f"got {outcome.got}: {outcome.why}"


def test_judge_tells_right_wrong_and_manual_apart():
    from foi_missing.ingest.parse_value import ParsedAnswer
    from foi_missing.ingest.realcheck import Coded, Deviation, Expected

    row = Expected("f.txt", "1", "2019", "reported", 3, None, None, "")
    assert judge(row, Coded(ParsedAnswer("reported", 3, 3, 3), None)).verdict == "right"
    assert judge(row, Coded(ParsedAnswer("reported", 4, 4, 4), None)).verdict == "wrong"
    assert judge(row, Coded(ParsedAnswer("unparsed", note="x"), None)).verdict == "manual"
    assert judge(row, None).verdict == "manual"
    held = Expected("f.txt", "1", "2019", "not_held", None, None, None, "")
    responsible = Coded(ParsedAnswer("not_responsible"), None)
    assert judge(held, responsible).verdict == "wrong"
    assert judge(held, responsible, Deviation("not_responsible", "docs/design.md#statuses")).verdict == "accepted"
    withheld = Expected("f.txt", "1", "2019", "suppressed", None, 1, None, "")
    assert judge(withheld, Coded(ParsedAnswer("suppressed", None, 1, 4), None)).verdict == "right"
    assert judge(withheld, Coded(ParsedAnswer("suppressed", None, 0, 4), None)).verdict == "wrong"
