"""Ingest: the ledger, the request log's rules, broken input, the coding sheet, strict mode.

Each test builds a small round folder in tmp_path (its own round.yaml, request
log, replies and coding sheet) and uses the project's authority register.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
import yaml
from foi_missing.core.register import AmbiguousAuthorityError, AuthorityRegister, load_register
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.ingest.checks import StrictModeError, enforce_strict
from foi_missing.ingest.folder import CODING_COLUMNS, LOG_COLUMNS, IngestError
from foi_missing.ingest.ledger import ANSWER_COLUMNS, check_round_report, ingest_round

KENT, THURROCK, CROYDON, MEDWAY = "E10000016", "E06000034", "E09000008", "E06000035"
NAMES = {KENT: "Kent County Council", THURROCK: "Thurrock Council",
         CROYDON: "London Borough of Croydon", MEDWAY: "Medway Council"}

SPEC = {
    "round": "2099",
    "title": "Test round",
    "report": {"title": "A test"},
    "reconstructed": True,
    "periods": [{"id": "2099", "label": "calendar 2099", "start": "2099-01-01", "end": "2099-12-31"}],
    "date_sent": "2015-10-05",
    "reply_cutoff": "2016-02-29",
    "include_late": False,
    "request_log": "request_log.csv",
    "replies_dir": "replies",
    "coding_sheet": "coding_sheet.csv",
    "questions": [
        {"label": "Q1", "wording": "How many trafficked children were in your care?",
         "cohort": "trafficked", "measure": "in_care", "period": "2099"},
        {"label": "Q2", "wording": "Of the children in Q1, how many went missing?",
         "cohort": "trafficked", "measure": "went_missing", "period": "2099"},
        {"label": "Q3", "wording": "How many unaccompanied asylum-seeking children were in your care?",
         "cohort": "uasc", "measure": "in_care", "period": "2099"},
        {"label": "Q4", "wording": "Of the children in Q3, how many went missing?",
         "cohort": "uasc", "measure": "went_missing", "period": "2099"},
    ],
}
LABELS = ["Q1", "Q2", "Q3", "Q4"]


def letter(council: str, answers: str) -> str:
    return (f"{council}\nChildren's Services\n\nOur ref: FOI 1\n\nDear Sir or Madam,\n\n{answers}\n\n"
            "If you are unhappy you may ask for an internal review, and then complain to the "
            "Information Commissioner.\n\nYours sincerely,\n\nA. Officer\n")


KENT_LETTER = letter(NAMES[KENT], "Q1. 12\nQ2. 3\nQ3. Fewer than 5\nQ4. Not recorded.")


@pytest.fixture(scope="module")
def register():
    return load_register()


def log_row(gss: str, reply_file: str = "", outcome: str = "answered", received: str = "2015-11-01",
            number: int = 1, supersedes: str = "") -> dict:
    return {
        "reply_id": f"2099-{gss}-{number}", "request_ref": f"REF-{gss}-{number}", "gss_code": gss,
        "authority_name": NAMES.get(gss, "?"), "date_sent": "2015-10-05",
        "date_received": "" if outcome == "no_reply" else received, "outcome": outcome,
        "reply_file": reply_file, "supersedes": supersedes, "note": "",
    }


def make_round(folder: Path, replies: dict[str, str | bytes], rows: list[dict],
               coding: list[dict] | None = None, **spec_changes) -> Path:
    """A round folder: round.yaml, request_log.csv, replies/ and optionally coding_sheet.csv."""
    (folder / "replies").mkdir(parents=True)
    (folder / "round.yaml").write_text(yaml.safe_dump(SPEC | spec_changes, sort_keys=False))
    pd.DataFrame(rows, columns=LOG_COLUMNS).to_csv(folder / "request_log.csv", index=False)
    for name, content in replies.items():
        path = folder / "replies" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if coding is not None:
        pd.DataFrame(coding, columns=CODING_COLUMNS).to_csv(folder / "coding_sheet.csv", index=False)
    return folder


@pytest.fixture
def basic_round(tmp_path: Path) -> Path:
    thurrock_csv = "question,answer\nQ1,7\nQ2,None\nQ3,40\nQ4,6\n"
    return make_round(
        tmp_path / "round",
        {"FOI 1 response letter.txt": KENT_LETTER, "Thurrock FOI response.csv": thurrock_csv},
        [log_row(KENT, "FOI 1 response letter.txt"), log_row(THURROCK, "Thurrock FOI response.csv"),
         log_row(CROYDON, outcome="no_reply")],
    )


def by_key(answers: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    return {(r.authority_code, r.question): r for r in answers.itertuples()}


# --- the ledger ------------------------------------------------------------------------------------


def test_every_authority_in_the_log_times_every_question_exactly_once(basic_round, register):
    result = ingest_round(basic_round, register)
    answers = result.answers
    assert list(answers.columns) == ANSWER_COLUMNS
    assert len(answers) == 3 * 4
    assert not answers.duplicated(["authority_code", "question", "period"]).any()
    assert list(answers["authority_code"]) == sorted([CROYDON, THURROCK, KENT] * 4)
    assert list(answers["question"]) == LABELS * 3
    rows = by_key(answers)
    assert (rows[KENT, "Q1"].status, rows[KENT, "Q1"].value) == ("reported", 12)
    assert (rows[KENT, "Q3"].status, rows[KENT, "Q3"].lower, rows[KENT, "Q3"].upper) == ("suppressed", 1, 4)
    assert rows[KENT, "Q4"].status == "not_recorded"
    assert rows[KENT, "Q1"].source_file == "replies/FOI 1 response letter.txt"
    assert rows[KENT, "Q1"].coded_by.startswith("auto:")
    assert (rows[THURROCK, "Q2"].status, rows[THURROCK, "Q2"].value) == ("reported", 0)
    assert {rows[CROYDON, q].status for q in LABELS} == {"no_response"}
    assert {rows[CROYDON, q].coded_by for q in LABELS} == {"ledger"}
    assert result.replies_read == 2
    assert result.summary().startswith("2099: 2 replies read: 8 answers coded automatically, 0 coded by "
                                       "hand (coding sheet), 0 still to code (12 answers in all;")


def test_output_is_byte_for_byte_deterministic(basic_round, register, tmp_path):
    digests = []
    for run in ("a", "b"):
        result = ingest_round(basic_round, register)
        for name, frame in (("answers", result.answers), ("qa", result.qa), ("to_code", result.to_code)):
            write_csv(frame, tmp_path / run / f"{name}.csv")
        digests.append([hashlib.sha256((tmp_path / run / f"{n}.csv").read_bytes()).hexdigest()
                        for n in ("answers", "qa", "to_code")])
    assert digests[0] == digests[1]
    written = read_csv(tmp_path / "a" / "answers.csv").set_index(["authority_code", "question"])
    assert written.loc[(KENT, "Q1"), "value"] == "12"  # integers, never "12.0"
    assert pd.isna(written.loc[(KENT, "Q4"), "value"])


def test_a_question_missing_from_the_reply_is_unparsed_not_guessed(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[KENT], "Q1. 12\nQ2. 3")},
                        [log_row(KENT, "r.txt")])
    result = ingest_round(folder, register)
    rows = by_key(result.answers)
    assert rows[KENT, "Q3"].status == "unparsed" and "no answer to Q3" in rows[KENT, "Q3"].note
    assert set(result.to_code["question"]) == {"Q3", "Q4"}
    assert list(result.to_code.columns) == CODING_COLUMNS
    assert set(result.qa.loc[result.qa["rule"] == "unparsed_answer", "question"]) == {"Q3", "Q4"}


def test_combined_figure_and_cross_reference(tmp_path, register):
    answers = ("Q1 and Q3 together: 8\nQ2. Not recorded\nQ4. Please see response to Q2 above")
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[KENT], answers)}, [log_row(KENT, "r.txt")])
    result = ingest_round(folder, register)
    rows = by_key(result.answers)
    assert (rows[KENT, "Q1"].status, rows[KENT, "Q1"].value, rows[KENT, "Q1"].covers) == ("reported", 8, "Q1;Q3")
    assert (rows[KENT, "Q3"].status, rows[KENT, "Q3"].refers_to, rows[KENT, "Q3"].covers) == (
        "included_elsewhere", "Q1", "Q1;Q3")
    # A reference to an answer that is itself "not recorded" is not recorded.
    assert (rows[KENT, "Q4"].status, rows[KENT, "Q4"].refers_to) == ("not_recorded", "Q2")
    assert "combined_cohorts" in set(result.qa["rule"])


def test_combined_figure_written_after_the_label_covers_both_questions(tmp_path, register, repo_root):
    """ "1a. <wording>? 1a and 1b together: 13": 1a reported with covers, no refers_to;
    1b counted there."""
    spec = yaml.safe_load((repo_root / "data" / "raw" / "2017" / "round.yaml").read_text())
    spec["date_sent"], spec["reply_cutoff"] = "2015-10-05", "2016-02-29"
    wording = {q["label"]: q["wording"] for q in spec["questions"]}
    answers = (f"1a. {wording['1a']} 1a and 1b together: 13\n"
               f"1b. {wording['1b']} Please see response to 1a above.\n"
               "1c. 40\n2a. 2\n2b. 11\n3a. 4\n3b. 20\n4a. 0\n4b. 1")
    folder = make_round(tmp_path / "2017", {"r.txt": letter(NAMES[KENT], answers)}, [log_row(KENT, "r.txt")],
                        **{k: v for k, v in spec.items() if k != "report"} | {"report": spec["report"]})
    rows = by_key(ingest_round(folder, register).answers)
    assert (rows[KENT, "1a"].status, rows[KENT, "1a"].value, rows[KENT, "1a"].covers, rows[KENT, "1a"].refers_to) \
        == ("reported", 13, "1a;1b", "")
    assert (rows[KENT, "1b"].status, rows[KENT, "1b"].covers, rows[KENT, "1b"].refers_to) == (
        "included_elsewhere", "1a;1b", "1a")


def test_included_in_above_points_to_the_same_measure_and_covers_it(tmp_path, register):
    answers = "Q1. 14 (this figure includes unaccompanied children)\nQ2. 2\nQ3. Included in above\nQ4. 1"
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[KENT], answers)}, [log_row(KENT, "r.txt")])
    rows = by_key(ingest_round(folder, register).answers)
    assert (rows[KENT, "Q3"].status, rows[KENT, "Q3"].refers_to) == ("included_elsewhere", "Q1")
    assert rows[KENT, "Q1"].covers == "Q1;Q3" and rows[KENT, "Q3"].covers == "Q1;Q3"


def test_reference_to_a_figure_for_another_measure_is_left_for_a_person(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[KENT], "Q1. 12\nQ2. See Q1 above\nQ3. 4\nQ4. 0")},
                        [log_row(KENT, "r.txt")])
    rows = by_key(ingest_round(folder, register).answers)
    assert (rows[KENT, "Q2"].status, rows[KENT, "Q2"].refers_to) == ("unparsed", "Q1")
    assert rows[KENT, "Q1"].covers == ""


def test_incidents_and_children_in_one_answer_give_the_episodes_too(tmp_path, register, repo_root):
    spec = yaml.safe_load((repo_root / "data" / "raw" / "2014-15" / "round.yaml").read_text())
    answers = ("Q1. 0\nQ2. 0\nQ3. 0\nQ4. 0\nQ5. 80\nQ6. 685 incidents relating to 73 children\n"
               "Q7. Please see response to Q6 above\nQ8. 2")
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[KENT], answers)}, [log_row(KENT, "r.txt")],
                        questions=spec["questions"], periods=spec["periods"])
    rows = by_key(ingest_round(folder, register).answers)
    assert (rows[KENT, "Q6"].status, rows[KENT, "Q6"].value) == ("reported", 73)
    assert (rows[KENT, "Q7"].status, rows[KENT, "Q7"].value, rows[KENT, "Q7"].refers_to) == ("reported", 685, "Q6")


def test_whole_request_notice_applies_to_every_question(tmp_path, register):
    notice = letter(NAMES[KENT], "We would need to read 250 case files at 15 minutes each.\n\n"
                    "We are refusing your request under section 12 of the Freedom of Information Act 2000.")
    folder = make_round(tmp_path / "r", {"refusal.txt": notice}, [log_row(KENT, "refusal.txt", "refused")])
    answers = ingest_round(folder, register).answers
    assert set(answers["status"]) == {"refused_cost"}
    assert set(answers["exemption"]) == {"FOIA s12"}


def test_notes_column_joins_the_answer_only_when_it_changes_the_coding(tmp_path, register):
    csv_text = ("Ref,Figure,Notes\nQ1,12,From our case management system\n"
                "Q2,Fewer than 5,Withheld under s40(2)\nQ3,40,\nQ4,3,\n")
    folder = make_round(tmp_path / "r", {"Kent FOI response.csv": csv_text},
                        [log_row(KENT, "Kent FOI response.csv")])
    rows = by_key(ingest_round(folder, register).answers)
    assert rows[KENT, "Q1"].raw_text == "12" and "From our case management system" in rows[KENT, "Q1"].note
    assert rows[KENT, "Q2"].exemption == "FOIA s40(2)" and "Withheld" in rows[KENT, "Q2"].raw_text


# --- which reply stands ----------------------------------------------------------------------------------


def test_late_reply_is_excluded_and_recorded(tmp_path, register):
    folder = make_round(tmp_path / "r", {"late.txt": KENT_LETTER},
                        [log_row(KENT, "late.txt", "late", received="2016-03-14")])
    result = ingest_round(folder, register)
    assert set(result.answers["status"]) == {"no_response"}
    (late,) = result.qa.loc[result.qa["rule"] == "late_reply_excluded"].itertuples()
    assert late.authority_code == KENT and "late.txt" in late.source


def test_late_reply_is_used_when_the_round_includes_late_replies(tmp_path, register):
    folder = make_round(tmp_path / "r", {"late.txt": KENT_LETTER},
                        [log_row(KENT, "late.txt", "late", received="2016-03-14")], include_late=True)
    result = ingest_round(folder, register)
    assert "reported" in set(result.answers["status"])
    assert "late_reply_excluded" not in set(result.qa["rule"])


def test_superseding_reply_stands_and_the_other_goes_to_qa(tmp_path, register):
    refusal = letter(NAMES[KENT], "We refuse the request under section 12 (cost limit).")
    folder = make_round(
        tmp_path / "r", {"refusal.txt": refusal, "review.txt": KENT_LETTER},
        [log_row(KENT, "refusal.txt", "refused"),
         log_row(KENT, "review.txt", "internal_review", number=2, supersedes=f"2099-{KENT}-1")])
    result = ingest_round(folder, register)
    assert set(result.answers["reply_id"]) == {f"2099-{KENT}-2"}
    assert "superseded_reply" in set(result.qa["rule"])


# --- errors in the round's bookkeeping ----------------------------------------------------------------------


def ingest_error(folder: Path, register) -> str:
    """strict: the bookkeeping problems stop the ingest, listed; otherwise each is an error
    finding naming the file, and the round is built."""
    with pytest.raises(IngestError) as error:
        ingest_round(folder, register, strict=True)
    result = ingest_round(folder, register)
    errors = result.qa.loc[result.qa["severity"] == "error"]
    for problem in error.value.problems:
        assert problem in set(errors["message"]) | set(errors["message"].str.removeprefix("reply not attributed: "))
    return str(error.value)


def test_reply_from_an_unknown_authority_names_the_file(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": letter("Borsetshire County Council", "Q1. 1")},
                        [log_row(KENT, "r.txt")])
    message = ingest_error(folder, register)
    assert "replies/r.txt" in message and "unknown authority" in message and "Borsetshire" in message


class RegisterWithTwins(AuthorityRegister):
    """The project's register, where "Twinford" names two councils."""

    def match(self, name, on=None, source=None, children_services=None):
        if "Twinford" in name:
            raise AmbiguousAuthorityError(f"{source}: {name!r} matches several authorities")
        return super().match(name, on=on, source=source, children_services=children_services)


def test_reply_from_an_ambiguous_authority_names_the_file(tmp_path, register):
    twins = RegisterWithTwins(register.frame)
    folder = make_round(tmp_path / "r", {"r.eml": b"From: Twinford Council <foi@twinford.gov.uk>\n"
                                                   b"Subject: FOI\n\nDear Sir,\n\nQ1. 3\n"},
                        [log_row(KENT, "r.eml")])
    message = ingest_error(folder, twins)
    assert "replies/r.eml (From header)" in message and "ambiguous authority" in message


def test_reply_file_not_in_the_request_log(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": KENT_LETTER, "stray.xlsx": b"x"}, [log_row(KENT, "r.txt")])
    message = ingest_error(folder, register)
    assert "replies/stray.xlsx" in message and "not in the request log" in message


def test_second_reply_the_log_does_not_resolve(tmp_path, register):
    folder = make_round(tmp_path / "r", {"a.txt": KENT_LETTER, "b.txt": KENT_LETTER},
                        [log_row(KENT, "a.txt"), log_row(KENT, "b.txt", number=2)])
    message = ingest_error(folder, register)
    assert "a.txt" in message and "b.txt" in message and "supersedes" in message


def test_reply_from_an_authority_not_asked(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[MEDWAY], "Q1. 1")}, [log_row(KENT, "r.txt")])
    message = ingest_error(folder, register)
    assert "replies/r.txt" in message and "not asked" in message and "Medway" in message


def test_reply_filed_under_another_asked_authority(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[THURROCK], "Q1. 1"), "k.txt": KENT_LETTER},
                        [log_row(KENT, "r.txt"), log_row(THURROCK, "k.txt")])
    message = ingest_error(folder, register)
    assert "replies/r.txt" in message and "replies/k.txt" in message and "files it under" in message


def test_file_name_naming_another_authority(tmp_path, register):
    folder = make_round(tmp_path / "r", {"Medway FOI response.csv": "question,answer\nQ1,1\n"},
                        [log_row(KENT, "Medway FOI response.csv")])
    assert "(file name)" in ingest_error(folder, register)


def test_file_name_with_an_unknown_council_title(tmp_path, register):
    name = "Borsetshire County Council FOI response.csv"
    folder = make_round(tmp_path / "r", {name: "question,answer\nQ1,1\n"}, [log_row(KENT, name)])
    message = ingest_error(folder, register)
    assert "(file name)" in message and "unknown authority" in message


def test_file_name_with_only_a_reference_is_no_clue(tmp_path, register):
    name = "Copy of FOI template - FOI 2015-0001 response.csv"
    folder = make_round(tmp_path / "r", {name: "question,answer\nQ1,1\n"}, [log_row(KENT, name)])
    assert ingest_round(folder, register).answers["status"].iloc[0] == "reported"


def test_authority_in_the_log_must_exist_in_the_register_on_date_sent(tmp_path, register):
    rows = [log_row(KENT, "r.txt"), log_row("E99999999", outcome="no_reply"),
            log_row("E06000059", outcome="no_reply")]  # Dorset unitary: created 2019
    folder = make_round(tmp_path / "r", {"r.txt": KENT_LETTER}, rows)
    message = ingest_error(folder, register)
    assert "request_log.csv line 3" in message and "E99999999" in message
    assert "request_log.csv line 4" in message and "did not exist on date_sent 2015-10-05" in message


# --- broken input: unparsed, with an error QA row naming the file ---------------------------------------------


def corrupt_files() -> dict[str, bytes]:
    return {
        "corrupt.xlsx": b"PK\x03\x04garbage",
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "reply.pdf": b"%PDF-1.4 ...",
        "undecodable.csv": b"question,answer\nQ1,\x81\x8d\x8f\x90\x9d\n",
        "reply.docx": b"PK\x03\x04",
    }


@pytest.mark.parametrize("name, why", [
    ("corrupt.xlsx", "not a readable .xlsx"), ("empty.txt", "empty"), ("binary.txt", "binary"),
    ("reply.pdf", "not a readable PDF"), ("undecodable.csv", "undecodable"),
    ("reply.docx", "not a readable .docx"),
])
def test_broken_reply_becomes_unparsed_with_an_error_qa_row(tmp_path, register, name, why):
    folder = make_round(tmp_path / "r", {name: corrupt_files()[name]}, [log_row(KENT, name)])
    result = ingest_round(folder, register)
    assert set(result.answers["status"]) == {"unparsed"}
    (error,) = result.qa.loc[result.qa["rule"] == "unreadable_reply"].itertuples()
    assert error.severity == "error" and f"replies/{name}" in error.message and why in error.message
    assert len(result.to_code) == 4


def test_a_reader_failing_on_one_file_does_not_stop_the_round(tmp_path, register, monkeypatch):
    from foi_missing.ingest import folder as ingest

    real = ingest.read_reply

    def read(path, matcher):
        if path.name == "odd.pdf":
            raise KeyError("/Root")  # as pdfminer does on some broken files
        return real(path, matcher)

    monkeypatch.setattr(ingest, "read_reply", read)
    folder = make_round(tmp_path / "r", {"odd.pdf": b"%PDF-1.4", "r.txt": KENT_LETTER},
                        [log_row(KENT, "r.txt"), log_row(THURROCK, "odd.pdf")])
    result = ingest_round(folder, register)
    (error,) = result.qa.loc[result.qa["rule"] == "unreadable_reply"].itertuples()
    assert "replies/odd.pdf" in error.message and "the reader failed (KeyError" in error.message
    assert by_key(result.answers)[KENT, "Q1"].value == 12


def test_reply_file_named_in_the_log_but_missing_is_a_folder_problem(tmp_path, register):
    """A missing reply file is the team's bookkeeping, not a council's file. One folder problem
    naming the log line and the file, in qa.csv, in the folder check and for strict; the
    answers wait (unparsed) with the fix as their note; the rest of the round is built."""
    folder = make_round(tmp_path / "r", {"t.csv": "question,answer\nQ1,7\n"},
                        [log_row(KENT, "gone.txt"), log_row(THURROCK, "t.csv")])
    result = ingest_round(folder, register)
    errors = result.qa.loc[result.qa["severity"] == "error"]
    (finding,) = errors.loc[errors["source"] == "replies/gone.txt"].itertuples()
    assert (finding.severity, finding.rule) == ("error", "reply_file_missing")
    assert finding.message.startswith("request_log.csv line 2 (reply_id 2099-E10000016-1): "
                                      "names replies/gone.txt, which is missing")
    kent = result.answers.loc[result.answers["authority_code"] == KENT]
    assert set(kent["status"]) == {"unparsed"} and set(kent["coded_by"]) == {"auto:reply_file_missing"}
    assert kent["note"].str.contains("add the file, or correct reply_file").all()
    assert by_key(result.answers)[THURROCK, "Q1"].value == 7
    report, problems = check_round_report(folder, register)
    assert problems == 1 and report.count("replies/gone.txt") == 1
    with pytest.raises(IngestError, match="gone.txt"):
        ingest_round(folder, register, strict=True)


# --- the coding sheet --------------------------------------------------------------------------------------------


def coding_row(question: str, status: str, value: str = "", **extra) -> dict:
    row = dict.fromkeys(CODING_COLUMNS, "")
    row |= {"authority_code": KENT, "question": question, "period": "2099", "status": status,
            "value": value, "lower": value, "upper": value, "coded_by": "JM", "coded_on": "2016-03-08"}
    return row | extra


def test_coding_sheet_overrides_and_disagreement_is_reported(tmp_path, register):
    coding = [coding_row("Q1", "reported", "13", note="council corrected the figure by phone"),
              coding_row("Q3", "suppressed", lower="1", upper="4", value="")]
    folder = make_round(tmp_path / "r", {"r.txt": KENT_LETTER}, [log_row(KENT, "r.txt")], coding)
    result = ingest_round(folder, register)
    rows = by_key(result.answers)
    assert (rows[KENT, "Q1"].value, rows[KENT, "Q1"].coded_by) == (13, "manual:JM")
    assert "corrected" in rows[KENT, "Q1"].note
    assert rows[KENT, "Q1"].raw_text == "12"  # the council's text stays
    disagreements = result.qa.loc[result.qa["rule"] == "manual_disagrees_with_auto"]
    assert list(disagreements["question"]) == ["Q1"]  # Q3 agrees with the automatic coding
    assert "reported 12" in disagreements["message"].iloc[0] and "reported 13" in disagreements["message"].iloc[0]


def test_coding_sheet_codes_unparsed_answers_without_disagreement(tmp_path, register):
    prose = letter(NAMES[KENT], "We looked after two trafficked children and none of them went missing.")
    coding = [coding_row(q, "reported", v) for q, v in (("Q1", "2"), ("Q2", "0"))]
    folder = make_round(tmp_path / "r", {"r.txt": prose}, [log_row(KENT, "r.txt")], coding)
    result = ingest_round(folder, register)
    assert "manual_disagrees_with_auto" not in set(result.qa["rule"])
    assert set(result.to_code["question"]) == {"Q3", "Q4"}
    assert "two trafficked children" in result.to_code["raw_text"].iloc[0]


def test_a_coding_date_not_written_as_an_iso_date_is_a_problem_naming_its_line(tmp_path, register):
    from foi_missing.ingest.folder import IngestError

    coding = [coding_row("Q1", "reported", "13", coded_on="10/03/2026")]
    folder = make_round(tmp_path / "r", {"r.txt": KENT_LETTER}, [log_row(KENT, "r.txt")], coding)
    with pytest.raises(IngestError, match=r"coding_sheet.csv line 2.*coded_on '10/03/2026' is not an "
                                          r"ISO date \(YYYY-MM-DD\)"):
        ingest_round(folder, register)


def test_bad_coding_sheet_rows_are_all_listed(tmp_path, register):
    coding = [coding_row("Q1", "reportd", "1"), coding_row("Q9", "reported", "1"),
              coding_row("Q2", "reported", "x")]
    folder = make_round(tmp_path / "r", {"r.txt": KENT_LETTER}, [log_row(KENT, "r.txt")], coding)
    with pytest.raises(IngestError) as error:  # the team's own file: fixed before a build, strict or not
        ingest_round(folder, register)
    message = str(error.value)
    for line in (2, 3, 4):
        assert f"coding_sheet.csv line {line}" in message


# --- strict mode, the folder check, read-only raw data ---------------------------------------------------------------


def test_strict_mode_lists_every_unparsed_answer_and_error(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[KENT], "Q1. 12\nQ2. about 3"),
                                         "t.pdf": b"%PDF"},
                        [log_row(KENT, "r.txt"), log_row(THURROCK, "t.pdf")])
    result = ingest_round(folder, register)
    with pytest.raises(StrictModeError) as error:
        enforce_strict(result.answers, result.qa)
    message = str(error.value)
    assert "unparsed E10000016 Q2" in message and "unparsed E10000016 Q4" in message
    assert "unparsed E06000034 Q1" in message and "unreadable_reply" in message


def test_an_unreadable_reply_coded_by_hand_stops_nothing(tmp_path, register):
    """Once a person has coded every answer of a reply that cannot be read, strict mode and the
    folder check pass and its finding is a note; while one answer waits, strict stops."""
    from foi_missing.ingest.folder import IngestError

    all_coded = [coding_row(q, "reported", "1") for q in ("Q1", "Q2", "Q3", "Q4")]
    folder = make_round(tmp_path / "r", {"t.pdf": b"%PDF"}, [log_row(KENT, "t.pdf")], all_coded)
    result = ingest_round(folder, register, strict=True)
    enforce_strict(result.answers, result.qa)
    (finding,) = result.qa.loc[result.qa["rule"] == "unreadable_reply"].itertuples()
    assert finding.severity == "info" and "every answer coded by hand" in finding.message
    assert check_round_report(folder, register)[1] == 0

    partly = make_round(tmp_path / "p", {"t.pdf": b"%PDF"}, [log_row(KENT, "t.pdf")], all_coded[:3])
    with pytest.raises(IngestError, match="replies/t.pdf: cannot be read"):
        ingest_round(partly, register, strict=True)
    assert check_round_report(partly, register)[1] == 1


def test_strict_mode_passes_a_clean_round(basic_round, register):
    result = ingest_round(basic_round, register)
    enforce_strict(result.answers, result.qa)


def test_check_round_reports_every_problem(tmp_path, register):
    rows = [log_row(KENT, "a.txt"), log_row(KENT, "b.txt", number=2), log_row("E99999999", outcome="no_reply"),
            log_row(THURROCK, "t.pdf")]
    folder = make_round(tmp_path / "r", {"a.txt": KENT_LETTER, "b.txt": KENT_LETTER, "stray.csv": "x",
                                         "t.pdf": b"%PDF"}, rows)
    report, problems = check_round_report(folder, register)
    assert problems >= 4
    for expected in ("supersedes", "E99999999", "replies/stray.csv", "not a readable PDF"):
        assert expected in report
    assert check_round_report(tmp_path / "nowhere", register)[1] == 1


def snapshot(folder: Path) -> dict[str, tuple]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file()} | {
            str(p.relative_to(folder)): "dir" for p in folder.rglob("*") if p.is_dir()}


def test_nothing_is_written_under_the_raw_folder(basic_round, register, tmp_path):
    raw = tmp_path / "readonly"
    shutil.copytree(basic_round, raw)
    before = snapshot(raw)
    modes = {}
    for path in [raw, *raw.rglob("*")]:
        modes[path] = path.stat().st_mode
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        result = ingest_round(raw, register)
        write_csv(result.answers, tmp_path / "out" / "answers.csv")
    finally:
        for path, mode in sorted(modes.items(), key=lambda item: -len(item[0].parts)):
            path.chmod(mode)
    # Root ignores permissions: the unchanged snapshot (names, times, bytes) is the proof.
    assert snapshot(raw) == before
    assert len(result.answers) == 12


def test_any_round_with_a_spec_the_2017_lettered_questions(tmp_path, register, repo_root):
    spec = yaml.safe_load((repo_root / "data" / "raw" / "2017" / "round.yaml").read_text())
    spec["date_sent"], spec["reply_cutoff"] = "2015-10-05", "2016-02-29"
    answers = ("1. a. 5 b. 3 c. 40\n2.\na) 2\nb) 11\n3a. 4\n3b - 20 episodes\n"
               "4a and 4b together: 1")
    folder = make_round(tmp_path / "2017", {"r.txt": letter(NAMES[KENT], answers)}, [log_row(KENT, "r.txt")],
                        **{k: v for k, v in spec.items() if k != "report"} | {"report": spec["report"]})
    result = ingest_round(folder, register)
    coded = {r.question: (r.status, None if pd.isna(r.value) else int(r.value))
             for r in result.answers.itertuples()}
    assert coded == {"1a": ("reported", 5), "1b": ("reported", 3), "1c": ("reported", 40),
                     "2a": ("reported", 2), "2b": ("reported", 11), "3a": ("reported", 4),
                     "3b": ("reported", 20), "4a": ("reported", 1), "4b": ("included_elsewhere", None)}
    assert set(result.answers["period"]) == {"2017"}


# --- authorities across reorganisations --------------------------------------------------------


BCP, POOLE = "E06000058", "E06000029"
NORTHAMPTONSHIRE, WEST_NORTHANTS = "E10000021", "E06000062"


def _reorganised_round(tmp_path, gss: str, letterhead: str, sent: str) -> Path:
    row = log_row(gss, "reply.txt") | {"date_sent": sent, "date_received": sent}
    return make_round(tmp_path / "r", {"reply.txt": letter(letterhead, "Q1. 4\nQ2. 1\nQ3. 2\nQ4. 0")},
                      [row], date_sent=sent, reply_cutoff="2099-12-31")


@pytest.mark.parametrize(("gss", "letterhead", "sent"), [
    (BCP, "Borough of Poole", "2021-02-01"),  # a predecessor's old letterhead
    (WEST_NORTHANTS, "Northamptonshire County Council", "2022-02-01"),
    (POOLE, "Bournemouth, Christchurch and Poole Council", "2018-02-01"),  # the successor's
])
def test_reply_naming_a_predecessor_or_successor_is_matched_by_succession(
    tmp_path, register, gss, letterhead, sent
):
    result = ingest_round(_reorganised_round(tmp_path, gss, letterhead, sent), register)
    assert set(result.answers["authority_code"]) == {gss}
    notes = result.qa[result.qa["rule"] == "named_by_succession"]
    assert len(notes) == 1 and gss in notes["message"].iloc[0]


def test_reply_naming_an_unrelated_former_authority_is_an_error(tmp_path, register):
    folder = _reorganised_round(tmp_path, BCP, "Northamptonshire County Council", "2021-02-01")
    message = ingest_error(folder, register)
    assert "replies/reply.txt" in message and "Northamptonshire" in message


# --- a reply that cannot be attributed does not stop the round ----------------------------------------


def test_stray_reply_is_an_error_finding_and_the_round_is_built(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": KENT_LETTER, "Thurrock FOI response.csv": "question,answer\nQ1,7\n",
                                         "stray.xlsx": b"x"},
                        [log_row(KENT, "r.txt"), log_row(THURROCK, "Thurrock FOI response.csv")])
    result = ingest_round(folder, register)
    (stray,) = result.qa.loc[result.qa["rule"] == "reply_not_in_log"].itertuples()
    assert stray.severity == "error" and stray.source == "replies/stray.xlsx"
    assert "replies/stray.xlsx" in stray.message and "not in the request log" in stray.message
    rows = by_key(result.answers)
    assert rows[KENT, "Q1"].value == 12 and rows[THURROCK, "Q1"].value == 7
    assert result.replies_read == 2


@pytest.mark.parametrize("letterhead, why", [
    ("Borsetshire County Council", "unknown authority"),
    ("Sevenoaks District Council", "district council"),  # not a children's services authority
    (NAMES[MEDWAY], "not asked"),
])
def test_reply_that_cannot_be_attributed_waits_for_a_person(tmp_path, register, letterhead, why):
    folder = make_round(tmp_path / "r", {"r.txt": letter(letterhead, "Q1. 1\nQ2. 0\nQ3. 4\nQ4. 0"),
                                         "t.csv": "question,answer\nQ1,7\nQ2,1\nQ3,2\nQ4,0\n"},
                        [log_row(KENT, "r.txt"), log_row(THURROCK, "t.csv")])
    result = ingest_round(folder, register)
    errors = result.qa.loc[result.qa["rule"] == "reply_not_attributed"]
    assert list(errors["severity"]) == ["error"] and list(errors["source"]) == ["replies/r.txt"]
    assert why in errors["message"].iloc[0] and "replies/r.txt" in errors["message"].iloc[0]
    kent = result.answers[result.answers["authority_code"] == KENT]
    assert set(kent["status"]) == {"unparsed"} and set(kent["coded_by"]) == {"auto:unattributed_reply"}
    assert kent["note"].str.contains(why).all()
    assert set(result.to_code["authority_code"]) == {KENT}
    assert by_key(result.answers)[THURROCK, "Q1"].value == 7
    with pytest.raises(IngestError):
        ingest_round(folder, register, strict=True)


def test_two_replies_the_log_does_not_resolve_wait_for_a_person(tmp_path, register):
    folder = make_round(tmp_path / "r", {"a.txt": KENT_LETTER, "b.txt": KENT_LETTER},
                        [log_row(KENT, "a.txt"), log_row(KENT, "b.txt", number=2)])
    result = ingest_round(folder, register)
    assert set(result.answers["status"]) == {"unparsed"}
    assert result.answers["note"].str.contains("supersedes").all()
    (error,) = result.qa.loc[result.qa["rule"] == "replies_unresolved"].itertuples()
    assert "replies/a.txt" in error.source and "replies/b.txt" in error.source


def test_log_row_of_an_unknown_authority_is_an_error_finding(tmp_path, register):
    folder = make_round(tmp_path / "r", {"r.txt": KENT_LETTER, "x.txt": KENT_LETTER},
                        [log_row(KENT, "r.txt"), log_row("E99999999", "x.txt")])
    result = ingest_round(folder, register)
    assert set(result.answers["authority_code"]) == {KENT}
    (error,) = result.qa.loc[result.qa["rule"] == "request_log_problem"].itertuples()
    assert "E99999999" in error.message and error.source == "replies/x.txt"


def test_folder_check_counts_authorities_without_a_standing_reply(tmp_path, register):
    """Replies filed under codes the register does not know stand for no authority asked
    (the count once printed -1)."""
    rows = [log_row(KENT, outcome="no_reply"), log_row("E99999998", "x.txt"), log_row("E99999999", "y.txt")]
    folder = make_round(tmp_path / "r", {"x.txt": KENT_LETTER, "y.txt": KENT_LETTER}, rows)
    report, problems = check_round_report(folder, register)
    assert "- authorities asked: 1\n" in report
    assert "- replies that stand: 0\n" in report
    assert "- authorities without a reply that stands: 1\n" in report
    assert "- 0 replies read: 0 answers coded automatically, 0 coded by hand (coding sheet), 0 still to code" in report
    assert problems == 2


# --- a round asking about several periods -------------------------------------------------------------


@pytest.fixture
def multi_period(tmp_path, monkeypatch):
    """The fake multi-period round, its replies read as fake_round.multi_period_content says."""
    from foi_missing.ingest import folder as ingest

    from tests.unit.fake_round import make_multi_period_round, multi_period_content

    contents = multi_period_content()
    monkeypatch.setattr(ingest, "read_reply", lambda path, matcher: contents[path.name])
    return lambda coding=None: make_multi_period_round(tmp_path / f"r{len(list(tmp_path.iterdir()))}", coding)


def coded(answers: pd.DataFrame) -> dict[tuple[str, str, str], tuple]:
    return {(r.authority_code, r.question, r.period): (r.status, None if pd.isna(r.value) else int(r.value))
            for r in answers.itertuples()}


def test_multi_period_round_has_one_answer_per_authority_question_and_period(multi_period, register):
    result = ingest_round(multi_period(), register)
    answers = result.answers
    assert len(answers) == 4 * (3 + 3 + 1)
    assert not answers.duplicated(["authority_code", "question", "period"]).any()
    assert list(answers.loc[answers["authority_code"] == KENT, "period"]) == ["2018", "2019", "2020"] * 2 + ["2020"]
    got = coded(answers)
    assert [got[KENT, "Q1", y] for y in ("2018", "2019", "2020")] == [("reported", 8), ("reported", 8),
                                                                      ("reported", 5)]
    assert got[KENT, "Q2", "2019"] == ("suppressed", None) and got[KENT, "Q3", "2020"] == ("reported", 11)
    # A figure that does not say which year: a person decides; a not-held notice answers every year.
    assert {got[THURROCK, "Q1", y] for y in ("2018", "2019", "2020")} == {("unparsed", None)}
    assert {got[THURROCK, "Q2", y] for y in ("2018", "2019", "2020")} == {("not_held", None)}
    # The whole-request refusal answers every question and period; no reply is no_response.
    assert {s for (gss, _, _), (s, _) in got.items() if gss == CROYDON} == {"refused_cost"}
    assert {s for (gss, _, _), (s, _) in got.items() if gss == MEDWAY} == {"no_response"}
    # The stray reply is reported and did not stop the round.
    (stray,) = result.qa.loc[result.qa["rule"] == "reply_not_in_log"].itertuples()
    assert stray.severity == "error" and stray.source == "replies/stray.txt"
    assert result.replies_read == 3


def test_multi_period_to_code_says_why_and_which_period(multi_period, register):
    to_code = ingest_round(multi_period(), register).to_code
    thurrock = to_code[to_code["authority_code"] == THURROCK].set_index(["question", "period"])
    assert sorted(thurrock.index) == [("Q1", "2018"), ("Q1", "2019"), ("Q1", "2020"), ("Q3", "2020")]
    assert thurrock.loc[("Q1", "2019"), "note"].startswith("answer does not say which period")
    assert thurrock.loc[("Q3", "2020"), "note"] == "period '2021 up to 30/6/21' is not a period the round asks about"
    assert thurrock.loc[("Q1", "2019"), "raw_text"] == "12"


def test_multi_period_coding_sheet_codes_one_period(multi_period, register):
    row = dict.fromkeys(CODING_COLUMNS, "") | {
        "authority_code": THURROCK, "question": "Q1", "period": "2020", "status": "reported",
        "value": "12", "lower": "12", "upper": "12", "coded_by": "JM", "coded_on": "2021-07-01",
        "note": "council confirmed by phone: the figure is for 2020"}
    result = ingest_round(multi_period([row]), register)
    got = coded(result.answers)
    assert got[THURROCK, "Q1", "2020"] == ("reported", 12)
    assert got[THURROCK, "Q1", "2019"] == ("unparsed", None)
    with pytest.raises(IngestError, match="period is blank, but Q1 asks about several periods"):
        ingest_round(multi_period([row | {"period": ""}]), register)
    with pytest.raises(IngestError, match="period '2017', but Q1 asks about"):
        ingest_round(multi_period([row | {"period": "2017"}]), register)


# --- visible progress -------------------------------------------------------------------------------


def test_progress_sentence_counts_automatic_manual_and_still_to_code(multi_period, register):
    row = dict.fromkeys(CODING_COLUMNS, "") | {
        "authority_code": THURROCK, "question": "Q1", "period": "2020", "status": "reported",
        "value": "12", "lower": "12", "upper": "12", "coded_by": "JM", "coded_on": "2021-07-01"}
    result = ingest_round(multi_period([row]), register)
    progress = result.progress
    # Kent 7 + Thurrock 3 (Q2 not held) + Croydon 7 automatic; Thurrock Q1 2020 by hand;
    # Thurrock Q1 2018, 2019 and Q3 still to code; Medway's 7 no_response are none of these.
    assert (progress.replies_read, progress.automatic, progress.by_hand, progress.to_code) == (3, 17, 1, 3)
    assert progress.sentence() == ("3 replies read: 17 answers coded automatically, 1 coded by hand "
                                   "(coding sheet), 3 still to code")
    assert progress.sentence() in result.summary()


def test_progress_sentence_wording():
    from foi_missing.ingest.to_code import CodingProgress

    assert CodingProgress(204, 1690, 46, 12).sentence() == (
        "204 replies read: 1,690 answers coded automatically, 46 coded by hand (coding sheet), "
        "12 still to code")
    assert CodingProgress(1, 1, 0, 0).sentence().startswith("1 reply read: 1 answer coded")


def test_unread_replies_are_not_counted_as_read(tmp_path, register):
    folder = make_round(tmp_path / "r", {"t.pdf": b"%PDF", "r.txt": KENT_LETTER, "x.txt": KENT_LETTER},
                        [log_row(KENT, "r.txt"), log_row(THURROCK, "t.pdf"), log_row(CROYDON, "x.txt")])
    progress = ingest_round(folder, register).progress  # t.pdf unreadable, x.txt names Kent
    assert (progress.replies_read, progress.automatic, progress.to_code) == (1, 4, 8)


def test_round_report_shows_the_progress_near_the_top(fake_project):
    from foi_missing.ingest.to_code import progress_sentence
    from foi_missing.publication import report

    project = fake_project
    data = report.load_round("2014-15", project / "results", project / "data" / "raw")
    top = report.section_top(data)
    assert progress_sentence(data.answers) in top
    assert "coded by hand (coding sheet)" in top and top.index("coding-progress") < top.index("toc")


# --- qualified answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["count", "exclude"])
def test_qualified_figure_is_listed_in_qa_and_counted_by_the_rule(tmp_path, register, rule):
    answers = "Q1. 12 (this figure includes care leavers)\nQ2. 3\nQ3. 4\nQ4. 0"
    folder = make_round(tmp_path / "r", {"r.txt": letter(NAMES[KENT], answers)}, [log_row(KENT, "r.txt")])
    result = ingest_round(folder, register, qualified_answers=rule)
    q1 = by_key(result.answers)[KENT, "Q1"]
    assert q1.period_note == 'population: "includes care leavers"'
    assert q1.note.count("includes care leavers") == 1  # the parser's note, not repeated
    (finding,) = result.qa.loc[result.qa["rule"] == "qualified_answer"].itertuples()
    assert finding.severity == "warning" and finding.question == "Q1"
    assert "other_period" not in set(result.qa["rule"])
    if rule == "count":
        assert (q1.status, q1.value) == ("reported", 12)
        assert "counted as the figure asked (qualified_answers: count)" in finding.message
    else:
        assert (q1.status, pd.isna(q1.value), q1.coded_by) == ("not_recorded", True, "auto:qualified_excluded")
        assert "figure 12 not counted" in q1.note
        assert "not counted (qualified_answers: exclude)" in finding.message
    assert by_key(result.answers)[KENT, "Q2"].value == 3


def test_config_says_how_qualified_answers_count(repo_root):
    from foi_missing.core.schema import SchemaError, validate_document

    config = yaml.safe_load((repo_root / "config.yaml").read_text())
    assert config["qualified_answers"] == "count" and config["strict"] is False
    validate_document(config | {"qualified_answers": "exclude"}, "config.schema.yaml", "config.yaml")
    with pytest.raises(SchemaError, match="at qualified_answers"):
        validate_document(config | {"qualified_answers": "drop"}, "config.schema.yaml", "config.yaml")
