"""Broken and hostile inputs: each ends in a clear outcome naming the file,
in bounded time and memory, and nothing outside the round folder is ever read.

The corpus is generated (``tests/fixtures/bad_inputs/make.py``): reply files,
request-log rows, coding-sheet rows, round specifications and configs. A reply
case must leave its authority's answers ``unparsed`` with an error QA finding
naming the file, and the other authority's reply coded as usual; a
maintainer's file (round spec, config, coding sheet) must stop the run with an
error naming the file and the key. Each case runs in-process, timed, and with
the growth of the process's peak memory (``ru_maxrss``) measured.
"""

from __future__ import annotations

import importlib.util
import io
import os
import resource
import sys
import tempfile
import time
import unicodedata
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
import yaml
from foi_missing.core.register import load_register
from foi_missing.core.roundspec import RoundSpecError, load_round_spec, round_input_files
from foi_missing.core.schema import SchemaError, check_config
from foi_missing.core.tables import write_csv
from foi_missing.ingest.checks import StrictModeError, enforce_strict
from foi_missing.ingest.folder import IngestError
from foi_missing.ingest.ledger import check_round_report, ingest_round

from tests.unit.test_ingest import (
    CODING_COLUMNS,
    KENT,
    KENT_LETTER,
    LOG_COLUMNS,
    SPEC,
    THURROCK,
    letter,
    log_row,
)

_MAKE = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs" / "make.py"
_spec = importlib.util.spec_from_file_location("bad_inputs_make", _MAKE)
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus  # its dataclasses look their module up
_spec.loader.exec_module(corpus)

SECONDS = 10.0  # CPU time of every case, generous for a slow CI machine
# Wall time: a case blocked on a read (a pipe, a hang) is caught; generous, as on a machine
# busy with other work a 4 s case took 12 s of wall time.
WALL_SECONDS = 60.0
MEMORY_MB = 500  # growth of the peak resident memory of the test process
THURROCK_LETTER = letter("Thurrock Council", "Q1. 7\nQ2. 2\nQ3. 40\nQ4. 6")
REPO = Path(__file__).resolve().parents[2]

# Files opened (and folders listed) while a case runs, seen through Python's audit
# hooks: every ``open`` (built-in, io, os) and directory listing of Python code.
_opened: list[str] | None = None


def _record_opens(event: str, args: tuple) -> None:
    if (_opened is not None and event in ("open", "os.listdir", "os.scandir") and args
            and isinstance(args[0], (str, bytes, os.PathLike))):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_record_opens)  # cannot be removed: it records only inside reads_confined_to


def _code_and_reference_roots() -> list[Path]:
    """What the ingest may read besides the round folder: Python and its libraries (imports,
    encodings, package metadata), the project's code, schemas and reference tables, and the
    private temporary folders the e-mail reader writes attachments to."""
    roots = [Path(sys.prefix), Path(sys.base_prefix), REPO / "workflow", REPO / "data" / "reference"]
    roots += [Path(entry) for entry in sys.path if entry and Path(entry).is_dir()
              and not Path(tempfile.gettempdir()).resolve().is_relative_to(Path(entry).resolve())]
    return [root.resolve() for root in roots]


@contextmanager
def reads_confined_to(folder: Path):
    """Assert the block opens and lists nothing outside ``folder`` but code and reference data.

    It sees what Python code opens; libxml2 (lxml) reads in C, which the sentinel
    check covers (an XXE entity aimed at the outside file must not reach an output)."""
    global _opened
    _opened = []
    try:
        yield
    finally:
        opened, _opened = _opened, None
    inside, allowed = folder.resolve(), _code_and_reference_roots()
    attachments = Path(tempfile.gettempdir()).resolve()
    stray = []
    for name in opened:
        path = Path(name).resolve()
        if path.is_relative_to(inside) or any(path.is_relative_to(root) for root in allowed):
            continue
        if path.is_relative_to(attachments) and path.relative_to(attachments).parts[:1] and \
                path.relative_to(attachments).parts[0].startswith("foi-attachment-"):
            continue
        stray.append(name)
    assert not stray, f"read outside the round folder: {sorted(set(stray))[:5]}"
    assert any(Path(name).resolve().is_relative_to(inside) for name in opened), \
        "the audit hook saw no file of the round folder opened: it is not watching"


@pytest.fixture(scope="module")
def register():
    return load_register()


@contextmanager
def bounded(what: str):
    """Assert the block takes < SECONDS of CPU (< WALL_SECONDS of wall time) and grows the
    peak memory by < MEMORY_MB.

    ``ru_maxrss`` counts C libraries' memory too (lxml, pdfminer), which
    tracemalloc does not, and costs nothing (tracemalloc made a case 10x slower).
    It is the process's peak: a case can only be caught above the worker's
    earlier peak, which the unit tests keep far below MEMORY_MB."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    start, cpu_start = time.perf_counter(), time.process_time()
    yield
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert cpu < SECONDS, f"{what}: took {cpu:.1f} s of CPU"
    assert elapsed < WALL_SECONDS, f"{what}: took {elapsed:.1f} s"
    assert grown < MEMORY_MB, f"{what}: peak memory grew by {grown:.0f} MB"


def outside_file(tmp_path: Path) -> Path:
    """A readable reply outside the round folder: its sentinel must never be published."""
    outside = tmp_path / "outside" / "secret.txt"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text(corpus.OUTSIDE_LETTER, encoding="utf-8")
    return outside


def make_round(folder: Path, rows: list[dict], spec_changes: dict | None = None,
               coding: list[dict] | None = None) -> Path:
    (folder / "replies").mkdir(parents=True, exist_ok=True)
    (folder / "round.yaml").write_text(yaml.safe_dump(SPEC | (spec_changes or {}), sort_keys=False))
    pd.DataFrame(rows, columns=LOG_COLUMNS).to_csv(folder / "request_log.csv", index=False)
    (folder / "replies" / "thurrock.txt").write_text(THURROCK_LETTER, encoding="utf-8")
    if coding is not None:
        pd.DataFrame(coding, columns=CODING_COLUMNS).to_csv(folder / "coding_sheet.csv", index=False)
    return folder


def base_rows(kent_file: str) -> list[dict]:
    return [log_row(KENT, kent_file), log_row(THURROCK, "thurrock.txt")]


def outputs_text(result, folder: Path, register) -> str:
    """Everything the ingest and the folder check would write, as text."""
    text = result.answers.to_csv() + result.qa.to_csv() + result.to_code.to_csv()
    return text + check_round_report(folder, register)[0]


def assert_reply_case_outcome(result, folder: Path, register, case):
    kent = result.answers.loc[result.answers["authority_code"] == KENT]
    if case.outcome != "read":
        statuses = set(kent["status"])
        assert statuses == {"unparsed"} if case.outcome == "error" else "unparsed" in statuses, \
            kent[["question", "status", "raw_text"]]
        findings = result.qa.loc[result.qa["severity"] == "error"] if case.outcome == "error" else result.qa
        naming = findings.loc[(findings["message"] + " " + findings["source"])
                              .str.contains(case.file_name, regex=False)]
        assert not naming.empty, f"no QA finding names {case.file_name}: {result.qa.to_dict('records')}"
        if case.expect:
            assert naming["message"].str.contains(case.expect, regex=False).any(), \
                naming["message"].tolist()
    thurrock = result.answers.loc[result.answers["authority_code"] == THURROCK]
    assert thurrock.set_index("question").loc["Q1", "value"] == 7  # the round is still built
    assert corpus.SENTINEL not in outputs_text(result, folder, register)
    for column in ("raw_text", "note"):
        texts = result.answers[column].dropna().astype(str)
        assert texts.str.len().max() <= 2_300  # capped, with digest and place
        assert not texts.str.match(r"[=+@]").any()


# --- reply files ---------------------------------------------------------------------------------

_ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def odf_bytes(kind: str, body: str, prolog: str = "", big_member: int | None = None) -> bytes:
    """An OpenDocument file (kind "text" or "spreadsheet") with ``body`` in its content.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", f'<?xml version="1.0"?>{prolog}<office:document-content {_ODF}>'
                                        f"<office:body><office:{kind}>{body}</office:{kind}></office:body>"
                                        "</office:document-content>")
        if big_member is not None:
            with archive.open("Pictures/padding.bin", "w", force_zip64=True) as handle:
                for _ in range(big_member // corpus.MB):
                    handle.write(b" " * corpus.MB)
    return buffer.getvalue()


def format_cases(outside: Path) -> list:
    """OpenDocument and old Excel replies, broken or hostile."""
    case, write = corpus.ReplyCase, corpus._bytes
    figure = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    return [
        case("odt_not_a_zip", "broken.odt", write(b"PK\x03\x04garbage"), "not a readable .odt document"),
        case("ods_bad_xml", "broken.ods", lambda p: p.write_bytes(odf_bytes("spreadsheet", "<table:table")),
             "XMLSyntaxError"),
        case("zip_bomb_odt", "bomb.odt", lambda p: p.write_bytes(odf_bytes("text", "", big_member=120 * corpus.MB)),
             "zip bomb"),
        case("xxe_odt", "xxe.odt", lambda p: p.write_bytes(odf_bytes(
            "text", "<text:p>Q1. &secret;</text:p>", corpus.xxe_prolog(outside))), outcome="unparsed"),
        case("billion_laughs_ods", "laughs.ods", lambda p: p.write_bytes(odf_bytes(
            "spreadsheet", '<table:table table:name="S"><table:table-row><table:table-cell><text:p>Q1</text:p>'
            "</table:table-cell><table:table-cell><text:p>&lol9;</text:p></table:table-cell></table:table-row>"
            "</table:table>", corpus._LAUGHS)), outcome="unparsed"),
        case("ods_row_repeated_a_million_times", "rows.ods", lambda p: p.write_bytes(odf_bytes(
            "spreadsheet", '<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576">'
            f"{figure}</table:table-row></table:table>")), "rows with content"),
        case("xls_ole_garbage", "broken.xls", write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
             "not a readable .xls workbook"),
        case("text_named_xls", "export.xls", write(b"Question\tAnswer\nQ1\t4\n"), "not a readable .xls workbook"),
        case("rtf_cut_short", "cut.rtf", write(b"{\\rtf1\\ansi {\\b Q1. 4\\par"), "not closed"),
        case("rtf_merged_table", "merged.rtf", write(b"{\\rtf1\\trowd\\clvmgf\\cellx2000\\cellx4000\\pard\\intbl "
                                                     b"Q1\\cell 4\\cell\\row}"), "merged cells"),
    ]


REPLY_CASES = [*corpus.reply_cases(Path("/nonexistent/outside/secret.txt")),
               *format_cases(Path("/nonexistent/outside/secret.txt"))]


@pytest.mark.parametrize("case", REPLY_CASES, ids=[c.id for c in REPLY_CASES])
def test_bad_reply_file_is_unparsed_with_an_error_naming_it(tmp_path, register, case):
    outside = outside_file(tmp_path)
    case = next(c for c in [*corpus.reply_cases(outside), *format_cases(outside)]
                if c.id == case.id)  # XXE aims at it
    folder = make_round(tmp_path / "round", base_rows(case.file_name))
    case.write(folder / "replies" / case.file_name)
    with bounded(case.id), reads_confined_to(folder):
        result = ingest_round(folder, register)
    assert_reply_case_outcome(result, folder, register, case)


def test_corpus_has_at_least_forty_cases():
    cases = (len(REPLY_CASES) + len(PATH_CASES) + len(LOG_CASES) + len(CODING_CASES)
             + len(SPEC_CASES) + len(CONFIG_CASES))
    assert cases >= 40, cases


def test_formula_text_is_neutralised_but_numbers_are_not(tmp_path, register):
    folder = make_round(tmp_path / "round", base_rows("formula.csv"))
    (folder / "replies" / "formula.csv").write_text(
        'question,answer\nQ1,"=HYPERLINK(""http://x.example"",""x"")"\nQ2,-3\nQ3,@SUM(A1)\nQ4,5\n',
        encoding="utf-8")
    result = ingest_round(folder, register)
    kent = result.answers.loc[result.answers["authority_code"] == KENT].set_index("question")
    assert kent.loc["Q1", "raw_text"].startswith("'=HYPERLINK")
    assert kent.loc["Q3", "raw_text"].startswith("'@SUM")
    assert kent.loc["Q2", "raw_text"] == "-3"  # a number is shown, not run: left alone
    assert kent.loc["Q4", "value"] == 5
    assert result.to_code["raw_text"].str.startswith("'=").any()


def test_formula_without_a_saved_value_is_said_not_blank(tmp_path, register):
    case = next(c for c in REPLY_CASES if c.id == "formula_no_cached_value_xlsx")
    folder = make_round(tmp_path / "round", base_rows(case.file_name))
    case.write(folder / "replies" / case.file_name)
    result = ingest_round(folder, register)
    q1 = result.answers.set_index(["authority_code", "question"]).loc[(KENT, "Q1")]
    assert q1["status"] == "unparsed" and "formula saved without its value" in q1["raw_text"]


@pytest.mark.parametrize("text", ["9" * 200_000, "1," + ",".join(["000"] * 3_000), "Q1. " + "7" * 5_000,
                                  "0" + "1" * 10_000, "1." + "5" * 10_000])
def test_long_digit_runs_are_never_converted_and_the_report_masking_copes(tmp_path, register, text):
    from foi_missing.ingest.parse_value import parse_answer
    from foi_missing.publication.disclosure import mask_numbers

    with bounded("parse"):
        parsed = parse_answer(text)
    assert parsed.status == "unparsed"
    folder = make_round(tmp_path / "round", base_rows("digits.txt"))
    (folder / "replies" / "digits.txt").write_text(f"Q1. {text}\nQ2. 3\n", encoding="utf-8")
    result = ingest_round(folder, register)
    texts = [*result.answers["raw_text"].dropna(), *result.answers["note"].dropna(), *result.qa["message"]]
    for value in texts:  # what the round report prints, masked
        mask_numbers(value, {"disclosure": {"min_count": 1, "max_count": 4}})


def test_long_raw_text_is_cut_with_digest_and_place(tmp_path, register):
    folder = make_round(tmp_path / "round", base_rows("long.csv"))
    (folder / "replies" / "long.csv").write_text("question,answer\nQ1," + "y" * 100_000 + "\n",
                                                 encoding="utf-8")
    result = ingest_round(folder, register)
    raw = result.answers.loc[result.answers["authority_code"] == KENT, "raw_text"].dropna()
    assert raw.str.len().max() < 2_300
    cut = raw.loc[raw.str.contains("cut", regex=False)]
    assert not cut.empty and cut.str.contains("sha256 ").all() and cut.str.contains("long.csv").all()


# --- paths: nothing outside the round folder ----------------------------------------------------


def _symlink_in_log(tmp_path, folder, outside):
    os.symlink(outside, folder / "replies" / "link.txt")
    return base_rows("link.txt"), "link.txt", "outside the round folder"


def _symlink_not_in_log(tmp_path, folder, outside):
    os.symlink(outside, folder / "replies" / "stray.txt")
    (folder / "replies" / "kent.txt").write_text(KENT_LETTER, encoding="utf-8")
    return base_rows("kent.txt"), "stray.txt", "outside the round folder"


def _symlinked_folder(tmp_path, folder, outside):
    os.symlink(outside.parent, folder / "replies" / "sub")
    return base_rows("sub/secret.txt"), "sub/secret.txt", "outside the round folder"


def _dotdot_path(tmp_path, folder, outside):
    return base_rows("../../outside/secret.txt"), "../../outside/secret.txt", "not read"


def _absolute_path(tmp_path, folder, outside):
    return base_rows(str(outside)), str(outside), "not read"


def _symlink_loop(tmp_path, folder, outside):
    os.symlink(folder / "replies" / "loop.txt", folder / "replies" / "loop.txt")
    return base_rows("loop.txt"), "loop.txt", ""


def _fifo(tmp_path, folder, outside):
    os.mkfifo(folder / "replies" / "pipe.txt")  # reading it would hang
    return base_rows("pipe.txt"), "pipe.txt", "not a regular file"


def _directory_as_file(tmp_path, folder, outside):
    (folder / "replies" / "dir.txt").mkdir()
    return base_rows("dir.txt"), "dir.txt", "not a regular file"


def _missing_file(tmp_path, folder, outside):
    return base_rows("gone.txt"), "gone.txt", "missing"


PATH_CASES = {
    "symlink_out_in_log": _symlink_in_log, "symlink_out_not_in_log": _symlink_not_in_log,
    "symlinked_folder_out": _symlinked_folder, "dotdot_reply_file": _dotdot_path,
    "absolute_reply_file": _absolute_path, "symlink_loop": _symlink_loop, "fifo": _fifo,
    "directory_named_as_reply": _directory_as_file, "missing_reply": _missing_file,
}


@pytest.mark.parametrize("name", PATH_CASES)
def test_reply_paths_stay_inside_the_round_folder(tmp_path, register, name):
    outside = outside_file(tmp_path)
    folder = make_round(tmp_path / "data" / "round", [])
    rows, file_name, expect = PATH_CASES[name](tmp_path, folder, outside)
    pd.DataFrame(rows, columns=LOG_COLUMNS).to_csv(folder / "request_log.csv", index=False)
    with bounded(name), reads_confined_to(folder):
        result = ingest_round(folder, register)
    errors = result.qa.loc[result.qa["severity"] == "error"]
    naming = errors.loc[errors["message"].str.contains(file_name, regex=False)]
    assert not naming.empty, result.qa.to_dict("records")
    if expect:
        assert naming["message"].str.contains(expect, regex=False).any(), naming["message"].tolist()
    assert corpus.SENTINEL not in outputs_text(result, folder, register)
    report, problems = check_round_report(folder, register)
    assert problems > 0 and file_name in report
    with pytest.raises(IngestError, match=file_name.replace(".", r"\.")):
        ingest_round(folder, register, strict=True)
    assert all(path.resolve().is_relative_to(folder.resolve())
               for path in round_input_files(folder))  # Snakemake's inputs, too


def test_inputs_are_exactly_the_files_read(tmp_path):
    folder = make_round(tmp_path / "round", base_rows("kent.txt"))
    (folder / "replies" / "kent.txt").write_text(KENT_LETTER, encoding="utf-8")
    (folder / "replies" / ".DS_Store").write_bytes(b"\0")
    os.symlink(outside_file(tmp_path), folder / "replies" / "out.txt")
    (folder / "notes.md").write_text("a maintainer's notes, not read by the ingest")
    names = {p.relative_to(folder).as_posix() for p in round_input_files(folder)}
    assert names == {"round.yaml", "request_log.csv", "replies/kent.txt", "replies/thurrock.txt"}


def test_nfd_and_spaced_names_match_the_file_on_disk(tmp_path, register):
    nfc = unicodedata.normalize("NFC", "Réponse Kent.txt")
    folder = make_round(tmp_path / "round", base_rows(unicodedata.normalize("NFD", nfc)))
    (folder / "replies" / nfc).write_text(KENT_LETTER, encoding="utf-8")
    result = ingest_round(folder, register)
    kent = result.answers.loc[result.answers["authority_code"] == KENT].set_index("question")
    assert kent.loc["Q1", "value"] == 12
    assert not (result.qa["rule"] == "reply_not_in_log").any()
    # A name with a leading space on disk, stripped in the log: the same file.
    folder = make_round(tmp_path / "round2", base_rows("kent.txt"))
    (folder / "replies" / " kent.txt").write_text(KENT_LETTER, encoding="utf-8")
    result = ingest_round(folder, register)
    assert result.answers.loc[result.answers["authority_code"] == KENT, "value"].iloc[0] == 12


def test_names_that_clash_once_normalised_are_refused_by_name(tmp_path, register):
    folder = make_round(tmp_path / "round", base_rows("kent.txt"))
    (folder / "replies" / " kent.txt").write_text(KENT_LETTER, encoding="utf-8")
    (folder / "replies" / "kent.txt ").write_text(KENT_LETTER, encoding="utf-8")
    result = ingest_round(folder, register)
    errors = result.qa.loc[result.qa["severity"] == "error", "message"]
    assert errors.str.contains("matches several files").any()


# --- request log ---------------------------------------------------------------------------------


def _row(**changes) -> dict:
    return log_row(KENT, "kent.txt") | changes


LOG_CASES = {
    "bad_date_sent": ([_row(date_sent="05/10/2015")], "date_sent"),
    "bad_date_received": ([_row(date_received="2015-13-45")], "date_received"),
    "duplicate_reply_id": ([_row(), _row()], "reply_id used twice"),
    "unknown_gss_code": ([_row(gss_code="E99999999")], "not in the authority register"),
    "unknown_outcome": ([_row(outcome="maybe")], "outcome"),
    "unknown_supersedes": ([_row(supersedes="2099-X-9")], "supersedes"),
    "blank_reply_id": ([_row(reply_id="")], "reply_id is blank"),
    "no_reply_with_file": ([_row(outcome="no_reply")], "no_reply"),
    "lower_tier_district": ([_row(gss_code="E07000195")], "lower-tier district"),
}


@pytest.mark.parametrize("name", LOG_CASES)
def test_bad_request_log_rows_are_error_findings_naming_the_log(tmp_path, register, name):
    rows, expect = LOG_CASES[name]
    folder = make_round(tmp_path / "round", rows + [log_row(THURROCK, "thurrock.txt")])
    (folder / "replies" / "kent.txt").write_text(KENT_LETTER, encoding="utf-8")
    with bounded(name), reads_confined_to(folder):
        result = ingest_round(folder, register)
    errors = result.qa.loc[result.qa["severity"] == "error", "message"]
    assert errors.str.contains("request_log.csv line", regex=False).any()
    assert errors.str.contains(expect, regex=False).any(), errors.tolist()


@pytest.mark.parametrize("content, expect", [
    (b"reply_id,gss_code\n1,E10000016\n", "missing column"),
    (b"\xff\xfe\x00\x00garbage\x81\x8d", "request_log.csv"),
], ids=["log_missing_columns", "log_binary"])
def test_unusable_request_log_stops_the_round_naming_it(tmp_path, register, content, expect):
    folder = make_round(tmp_path / "round", [])
    (folder / "request_log.csv").write_bytes(content)
    with bounded("request log"), pytest.raises(IngestError, match=expect):
        ingest_round(folder, register)


# --- coding sheet: the team's own file, bad rows stop the run naming line and column -------------


def _coding(**changes) -> dict:
    row = dict.fromkeys(CODING_COLUMNS, "")
    return row | {"authority_code": KENT, "question": "Q1", "period": "2099", "status": "reported",
                  "value": "3", "coded_by": "JM"} | changes


CODING_CASES = {
    "coding_bad_status": (_coding(status="guess"), "status"),
    "coding_long_digits": (_coding(value="9" * 5_000), "too long to be a count"),
    "coding_not_a_number": (_coding(value="=1+1"), "not a whole number"),
    "coding_unknown_authority": (_coding(authority_code="E99999999"), "not in the ledger"),
    "coding_no_coder": (_coding(coded_by=""), "coded_by"),
    "coding_unknown_question": (_coding(question="Q99"), "not in the ledger"),
    "coding_period_not_asked": (_coding(period="1999"), "period '1999'"),
    "coding_suppressed_no_bounds": (_coding(status="suppressed", value=""), "needs lower and upper"),
    "coding_reported_no_value": (_coding(value=""), "needs a value"),
}


@pytest.mark.parametrize("name", CODING_CASES)
def test_bad_coding_sheet_row_stops_the_run_naming_line_and_column(tmp_path, register, name):
    row, expect = CODING_CASES[name]
    folder = make_round(tmp_path / "round", base_rows("kent.txt"), coding=[row])
    (folder / "replies" / "kent.txt").write_text(KENT_LETTER, encoding="utf-8")
    with bounded(name), reads_confined_to(folder), pytest.raises(IngestError) as error:
        ingest_round(folder, register)
    assert "coding_sheet.csv line 2" in str(error.value) and expect in str(error.value)


@pytest.mark.parametrize("kent_rows, kent_file, fix", [
    ([log_row(KENT, "kent.txt", received="2016-03-15")], "kent.txt", "include_late"),  # late
    ([log_row(KENT, outcome="no_reply")], "", "record it in request_log.csv"),  # no reply at all
    ([log_row(KENT, "gone.txt")], "", "add the file"),  # the logged file is missing
], ids=["late_reply", "no_reply", "missing_file"])
def test_coding_sheet_never_revives_a_reply_that_does_not_count(tmp_path, register, kent_rows,
                                                                kent_file, fix):
    """Issue 13: a coding-sheet row silently overrode a reply excluded as late or missing,
    and it counted. The request log and the cut-off win: the row is not applied, and an
    error finding names the line."""
    folder = make_round(tmp_path / "round", kent_rows + [log_row(THURROCK, "thurrock.txt")],
                        coding=[_coding(period="")])
    if kent_file:
        (folder / "replies" / kent_file).write_text(KENT_LETTER, encoding="utf-8")
    with bounded("override"), reads_confined_to(folder):
        result = ingest_round(folder, register)
    kent = result.answers.set_index(["authority_code", "question"]).loc[(KENT, "Q1")]
    assert kent["status"] in ("no_response", "unparsed") and not str(kent["coded_by"]).startswith(
        "manual:")
    (finding,) = result.qa.loc[result.qa["rule"] == "manual_without_reply"].itertuples()
    assert finding.severity == "error" and finding.source == "coding_sheet.csv line 2"
    assert "not applied" in finding.message and fix in finding.message
    with pytest.raises(StrictModeError, match="manual_without_reply"):
        enforce_strict(result.answers, result.qa)


@pytest.mark.parametrize("content, expect", [
    (b"authority_code,question\nE10000016,Q1\n", "missing column"),
    (b"\xff\xfe\x00\x00garbage\x81\x8d", "coding_sheet.csv"),
], ids=["coding_missing_columns", "coding_binary"])
def test_unusable_coding_sheet_stops_the_run_naming_it(tmp_path, register, content, expect):
    folder = make_round(tmp_path / "round", base_rows("kent.txt"))
    (folder / "replies" / "kent.txt").write_text(KENT_LETTER, encoding="utf-8")
    (folder / "coding_sheet.csv").write_bytes(content)
    with bounded("coding sheet"), reads_confined_to(folder), pytest.raises(IngestError, match=expect):
        ingest_round(folder, register)


# --- round spec: the maintainer's file, an error naming file and key ------------------------------


SPEC_CASES = {
    "period_ends_before_start": ({"periods": [{"id": "2099", "label": "x", "start": "2099-12-31",
                                               "end": "2099-01-01"}]}, "periods/2099"),
    "cutoff_before_sent": ({"reply_cutoff": "2015-01-01"}, "reply_cutoff"),
    "round_id_dotdot": ({"round": "../.."}, "round"),
    "round_id_slash": ({"round": "2014/15"}, "round"),
    "absolute_replies_dir": ({"replies_dir": "/etc"}, "replies_dir"),
    "dotdot_replies_dir": ({"replies_dir": "../elsewhere"}, "replies_dir"),
    "dotdot_request_log": ({"request_log": "../request_log.csv"}, "request_log"),
    "absolute_coding_sheet": ({"coding_sheet": "/tmp/coding_sheet.csv"}, "coding_sheet"),
    "bad_date": ({"date_sent": "2015-02-30"}, "date_sent"),
    "unknown_key": ({"disclosure": {"max_count": 0}}, "disclosure"),
    "question_names_unknown_period": ({"questions": [SPEC["questions"][0] | {"period": "1999"}]},
                                      "questions/0"),
    "question_labels_twice": ({"questions": [SPEC["questions"][0]] * 2}, "used twice"),
    "no_questions": ({"questions": []}, "questions"),
}


@pytest.mark.parametrize("name", SPEC_CASES)
def test_round_spec_meaning_errors_name_file_and_key(tmp_path, name):
    changes, key = SPEC_CASES[name]
    folder = make_round(tmp_path / "round", [], changes)
    with bounded(name), reads_confined_to(folder), pytest.raises(RoundSpecError) as error:
        load_round_spec(folder)
    assert "round.yaml" in str(error.value) and key in str(error.value), str(error.value)


def test_round_spec_that_is_not_yaml_names_the_file(tmp_path):
    folder = make_round(tmp_path / "round", [])
    (folder / "round.yaml").write_text("round: [unclosed\n")
    with pytest.raises(RoundSpecError, match="round.yaml: not valid YAML"):
        load_round_spec(folder)


def test_symlinked_replies_folder_out_of_the_round_is_refused(tmp_path):
    folder = make_round(tmp_path / "round", [], {"replies_dir": "incoming"})
    os.symlink(outside_file(tmp_path).parent, folder / "incoming")
    with reads_confined_to(folder), pytest.raises(RoundSpecError, match="replies_dir"):
        load_round_spec(folder)


# --- config: the maintainer's settings, meaning checked, the key named ----------------------------


CONFIG_CASES = {
    "max_below_min": ({"disclosure": {"min_count": 5, "max_count": 1}}, "disclosure/max_count"),
    "max_zero": ({"disclosure": {"max_count": 0}}, "disclosure/max_count"),
    "empty_symbol": ({"disclosure": {"symbol": ""}}, "symbol"),
    "blank_symbol": ({"disclosure": {"symbol": "   "}}, "symbol"),
    "interval_reversed": ({"suppression_default_interval": [4, 1]}, "suppression_default_interval"),
    "round_id_dotdot_in_config": ({"rounds": ["../.."]}, "rounds"),
}


@pytest.mark.parametrize("name", CONFIG_CASES)
def test_config_settings_that_switch_off_a_promise_are_refused(name):
    changes, key = CONFIG_CASES[name]
    config = {"rounds": ["2014-15"]} | changes
    with bounded(name), pytest.raises(SchemaError) as error:
        check_config(config, "config.yaml")
    assert "config.yaml" in str(error.value) and key in str(error.value), str(error.value)


@pytest.mark.parametrize("cli, files, expect", [
    ({"disclosure": {"max_count": 0}}, {}, "--config (command line): disclosure/max_count is 0"),
    ({}, {"alt.yaml": "disclosure:\n  symbol: ' '\n"},
     "alt.yaml: does not follow config.schema.yaml:\n  - at disclosure/symbol"),
    ({}, {"alt.yaml": "suppression_default_interval: [4, 1]\n"},
     "alt.yaml: suppression_default_interval [4, 1]"),
    ({"strict": "maybe"}, {}, "--config (command line): does not follow config.schema.yaml"),
    ({}, {"alt.yaml": "disclosure:\n  min_count: 5\n"},
     "config.yaml: disclosure/max_count 4 is below disclosure/min_count 5 (set in"),
], ids=["cli_meaning", "configfile_symbol", "configfile_interval", "cli_type", "two_files"])
def test_config_errors_name_the_file_the_key_was_set_in(tmp_path, monkeypatch, cli, files, expect):
    """Issue 13: meaning errors always said config.yaml, also for a key set by --configfile
    or --config. Each names where its key was set (merged as Snakemake merges them)."""
    from types import SimpleNamespace

    from foi_missing.core.schema import check_workflow_config

    monkeypatch.chdir(tmp_path)
    main = {"rounds": ["2014-15"], "disclosure": {"max_count": 4}}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(main))
    merged = main | {"disclosure": dict(main["disclosure"])}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        for key, value in yaml.safe_load(text).items():
            merged[key] = merged.get(key, {}) | value if isinstance(value, dict) else value
    for key, value in cli.items():
        merged[key] = merged.get(key, {}) | value if isinstance(value, dict) else value
    workflow = SimpleNamespace(config_settings=SimpleNamespace(configfiles=list(files), config=cli))
    with bounded("config"), pytest.raises(SchemaError) as error:
        check_workflow_config(merged, workflow)
    assert expect in str(error.value), str(error.value)


def test_the_projects_own_config_passes():
    repo = Path(__file__).resolve().parents[2]
    check_config(yaml.safe_load((repo / "config.yaml").read_text()), "config.yaml")


def test_written_outputs_hold_no_sentinel(tmp_path, register):
    """Every path case at once, written to disk as the ingest step writes them."""
    outside = outside_file(tmp_path)
    folder = make_round(tmp_path / "round", [])
    os.symlink(outside, folder / "replies" / "a.txt")
    rows = [log_row(KENT, "a.txt"), log_row(THURROCK, str(outside))]
    pd.DataFrame(rows, columns=LOG_COLUMNS).to_csv(folder / "request_log.csv", index=False)
    result = ingest_round(folder, register)
    out = tmp_path / "results"
    for name, frame in (("answers", result.answers), ("qa", result.qa), ("to_code", result.to_code)):
        write_csv(frame, out / f"{name}.csv")
        assert corpus.SENTINEL not in (out / f"{name}.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["one " * 2_499, "twenty-one and " * 666, "one, " * 2_000])
def test_number_words_parse_in_linear_time(text):
    """A run of number words was quadratic: 8 s for 10,000 characters ("one one one ...")."""
    from foi_missing.ingest.parse_value import parse_answer

    start = time.perf_counter()
    assert parse_answer(text).status == "unparsed"
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("key, name", [("request_log", "request_log.csv"),
                                       ("coding_sheet", "coding_sheet.csv")])
def test_bookkeeping_file_linked_from_outside_is_refused(tmp_path, key, name):
    folder = make_round(tmp_path / "round", [])
    (folder / name).unlink(missing_ok=True)
    os.symlink(outside_file(tmp_path), folder / name)
    with reads_confined_to(folder), pytest.raises(RoundSpecError, match=key):
        load_round_spec(folder)


def test_the_read_check_catches_a_read_outside_the_round_folder(tmp_path):
    """reads_confined_to must be able to fail: a file outside, opened directly or through
    a symbolic link in the round folder, is caught."""
    folder = make_round(tmp_path / "round", [])
    outside = outside_file(tmp_path)
    os.symlink(outside, folder / "replies" / "link.txt")
    for path in (outside, folder / "replies" / "link.txt"):
        with (pytest.raises(AssertionError, match="read outside the round folder"),
              reads_confined_to(folder)):
            (folder / "round.yaml").read_text()
            path.read_text()


# --- names: a place name shared with a lower-tier district goes to a person ----------------------

NEWCASTLE = "E08000021"  # Newcastle upon Tyne; Newcastle-under-Lyme (E07000195) is a district


@pytest.mark.parametrize("letterhead, attributed", [
    ("Newcastle Council", False), ("Newcastle Borough Council", False),
    ("Newcastle City Council", True), ("Newcastle upon Tyne City Council", True),
])
def test_a_name_shared_with_a_district_is_not_taken_for_the_authority_asked(
        tmp_path, register, letterhead, attributed):
    """Issue 13: a bare "Newcastle" was accepted as Newcastle upon Tyne. It is
    Newcastle-under-Lyme's short name too, so the reply goes to a person."""
    rows = [log_row(NEWCASTLE, "newcastle.txt") | {"authority_name": "Newcastle upon Tyne"},
            log_row(THURROCK, "thurrock.txt")]
    folder = make_round(tmp_path / "round", rows)
    (folder / "replies" / "newcastle.txt").write_text(
        letter(letterhead, "Q1. 12\nQ2. 3\nQ3. 40\nQ4. 6"), encoding="utf-8")
    result = ingest_round(folder, register)
    unattributed = result.qa.loc[result.qa["rule"] == "reply_not_attributed"]
    if attributed:
        assert unattributed.empty, unattributed["message"].tolist()
        return
    assert unattributed["message"].str.contains("ambiguous").any(), result.qa.to_dict("records")
    assert unattributed["message"].str.contains("E07000195").any()
    newcastle = result.answers.loc[result.answers["authority_code"] == NEWCASTLE]
    assert (newcastle["status"] == "unparsed").all()


# --- e-mail text in another charset than its label says ------------------------------------------


def _mail(charset: str, body: bytes) -> bytes:
    return (b"From: Kent County Council <foi@kent.gov.uk>\r\nSubject: FOI\r\nMIME-Version: 1.0\r\n"
            + f'Content-Type: text/plain; charset="{charset}"\r\n'.encode()
            + b"Content-Transfer-Encoding: 8bit\r\n\r\nKent County Council\r\n\r\n" + body)


_ANSWERS = "Q1. 12\r\nQ2. 3\r\nQ3. 40 (the council\u2019s figure \u2013 \u00a3 not spent)\r\nQ4. 6\r\n"


@pytest.mark.parametrize("mail, severity, expect, q3_text", [
    (_mail("utf-8", _ANSWERS.encode("cp1252")), "warning", "read as cp1252", "council\u2019s figure"),
    (_mail("iso-8859-1", _ANSWERS.encode("utf-8")), "warning", "read as utf_8", "\u2013 \u00a3"),
    (_mail("iso-8859-1", "Q1. 12\r\nQ2. 3\r\nQ3. 40 caf\u00e9 \u00a3\r\nQ4. 6\r\n".encode()), "warning",
     "is UTF-8", "caf\u00e9 \u00a3"),
    (_mail("iso-8859-1", _ANSWERS.encode("cp1252")), "warning", "read as cp1252", "\u2013 \u00a3"),
    (_mail("klingon", _ANSWERS.encode("utf-8")), "warning", "read as utf_8", "\u2013 \u00a3"),
    (_mail("utf-8", b"Q1. 12\r\nQ2. 3\r\nQ3. 40 \x81\x8d\x8f\x90\x9d\r\nQ4. 6\r\n"), "error",
     "5 undecodable character(s)", "40 \ufffd"),
], ids=["utf8_label_on_cp1252", "latin1_label_on_utf8", "latin1_label_on_plain_utf8",
        "latin1_label_on_cp1252", "unknown_label",
        "undecodable"])
def test_mislabelled_email_charset_is_detected_and_flagged(tmp_path, register, mail, severity,
                                                          expect, q3_text):
    """Issue 13: a wrong charset label gave replacement characters (or mojibake) and no note.
    charset-normalizer judges the real encoding; the file is named in a QA finding."""
    folder = make_round(tmp_path / "round", base_rows("mail.eml"))
    (folder / "replies" / "mail.eml").write_bytes(mail)
    with bounded("charset"), reads_confined_to(folder):
        result = ingest_round(folder, register)
    (finding,) = result.qa.loc[result.qa["rule"] == "text_encoding"].itertuples()
    assert finding.severity == severity and finding.source == "replies/mail.eml"
    assert finding.message.startswith("replies/mail.eml: ") and expect in finding.message
    kent = result.answers.loc[result.answers["authority_code"] == KENT].set_index("question")
    assert kent.loc["Q1", "value"] == 12
    assert q3_text in kent.loc["Q3", "raw_text"]
    assert "\u00c3" not in "".join(kent["raw_text"].dropna())  # no mojibake ("Ã©")


def test_a_correctly_labelled_email_gets_no_encoding_finding(tmp_path, register):
    folder = make_round(tmp_path / "round", base_rows("mail.eml"))
    (folder / "replies" / "mail.eml").write_bytes(_mail("windows-1252", _ANSWERS.encode("cp1252")))
    result = ingest_round(folder, register)
    assert not (result.qa["rule"] == "text_encoding").any()
