"""A whole small round in one process: requests -> forms filled -> e-mails imported -> coded.

(The same round through Snakemake, to the report, is tests/integration/test_run_a_round.py.)
"""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from foi_missing.core.register import load_register
from foi_missing.core.roundspec import load_round_spec
from foi_missing.ingest.ledger import ingest_round
from foi_missing.requestkit.mail_import import IMPORT_LOG, import_mail
from foi_missing.requestkit.requests import (
    RequestKitError,
    write_requests,
)
from foi_missing.requestkit.tracker import write_tracker

from tests.requestkit_round import (
    COUNCILS,
    ROUND,
    council_replies,
    write_round_folder,
)
from tests.requestkit_round import round_with_requests as make_round_with_requests

REGISTER = load_register()
NOW = datetime(2026, 2, 1, 12, 0)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def round_with_requests(tmp_path) -> tuple[Path, Path]:
    # The draft log requests/ writes (every authority, test_requests_go_to_...), cut to five.
    return make_round_with_requests(tmp_path)


def test_requests_go_to_authorities_with_childrens_services_under_the_right_act(tmp_path):
    folder = write_round_folder(tmp_path / ROUND)
    summary = write_requests(load_round_spec(folder), REGISTER, tmp_path / "out")
    codes = {row["gss_code"] for row in summary}
    nations = {row["nation"] for row in summary}
    assert nations == {"England", "Wales", "Scotland", "Northern Ireland"}
    # Northern Ireland: the five Trusts, no district council.
    assert sorted(c for c in codes if c.startswith("N")) == [
        "NIHSCT-BEL", "NIHSCT-NOR", "NIHSCT-SEA", "NIHSCT-SOU", "NIHSCT-WES"]
    for row in summary:
        letter = (tmp_path / "out" / f"{row['gss_code']}.txt").read_text(encoding="utf-8")
        expected = ("Freedom of Information (Scotland) Act 2002" if row["nation"] == "Scotland"
                    else "Freedom of Information Act 2000")
        assert expected in letter, row["gss_code"]
        if row["nation"] != "Scotland":
            assert "Freedom of Information (Scotland)" not in letter
        due = date.fromisoformat(row["due"])
        assert f"{due.day} {due:%B %Y}" in letter  # the deadline is named
        assert ("Annwyl" in letter) == (row["nation"] == "Wales")
    assert all(row["problem"] for row in summary)  # no contacts yet: said, not invented


def test_missing_welsh_wording_stops_the_run_and_names_the_question(tmp_path):
    import yaml

    folder = write_round_folder(tmp_path / ROUND)
    spec = yaml.safe_load((folder / "round.yaml").read_text(encoding="utf-8"))
    spec["questions"][2]["aliases"] = ["Cwestiwn 3"]
    (folder / "round.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RequestKitError, match=r"no Welsh wording for question\(s\) 3"):
        write_requests(load_round_spec(folder), REGISTER, tmp_path / "out")


def test_a_small_round_from_requests_to_coded_answers(round_with_requests, tmp_path):
    folder, requests = round_with_requests
    assert sorted(p.stem for p in requests.glob("*.eml")) == sorted(COUNCILS)
    for gss, (_, contact, _, _) in COUNCILS.items():
        assert f"To: {contact}" in (requests / f"{gss}.eml").read_text(encoding="utf-8")
    mail = tmp_path / "mail"
    council_replies(requests, mail, tmp_path / "work")
    before = {p.name for p in folder.rglob("*")}

    entries = import_mail(folder, mail, now=NOW)

    assert [e["action"] for e in entries] == ["saved; request log: answered"] * 5
    assert {e["matched_by"].split()[0] for e in entries} == {"reference", "sender"}
    log = rows(folder / "request_log.csv")
    assert all(row["outcome"] == "answered" and row["reply_file"] and row["date_received"]
               for row in log)
    assert {p.name for p in folder.rglob("*")} - before == (
        {row["reply_file"] for row in log} | {"replies", IMPORT_LOG})

    # The same folder again: nothing changes, every message "already imported".
    snapshot = (folder / "request_log.csv").read_bytes()
    again = import_mail(folder, mail, now=NOW)
    assert [e["action"] for e in again] == ["already imported"] * 5
    assert (folder / "request_log.csv").read_bytes() == snapshot
    assert len(rows(folder / IMPORT_LOG)) == 10

    result = ingest_round(folder, REGISTER)
    assert len(result.to_code) == 0, result.to_code[["authority_code", "question", "note"]]
    answers = result.answers.set_index(["authority_code", "question"])
    assert answers.loc[("E10000016", "3"), "value"] == 400
    assert answers.loc[("E06000001", "1"), "status"] == "suppressed"
    assert answers.loc[("S12000049", "1"), "status"] == "refused_cost"
    assert answers.loc[("S12000049", "1"), "exemption"] == "FOISA s12"
    assert answers.loc[("W06000015", "2"), "status"] == "included_elsewhere"
    assert answers.loc[("S12000049", "4"), "status"] == "not_held"


def test_mail_import_never_overwrites_and_logs_what_it_cannot_match(round_with_requests, tmp_path):
    folder, requests = round_with_requests
    mail = tmp_path / "mail"
    council_replies(requests, mail, tmp_path / "work")
    stranger = mail / "zz-stranger.eml"
    stranger.write_text("From: someone@elsewhere.example\nSubject: hello\n\nHi\n", encoding="utf-8")
    entries = import_mail(folder, mail, now=NOW)
    unmatched = next(e for e in entries if e["source"] == "zz-stranger.eml")
    assert unmatched["action"] == "not imported"
    assert "elsewhere.example is no authority's foi_contact" in unmatched["note"]
    # A second reply from Kent, a letter in the body: a new log row, for a person to resolve.
    second = tmp_path / "mail2"
    second.mkdir()
    (second / "again.eml").write_text(
        "From: foi@kent.example.gov.uk\nSubject: Re: T [FOIM-2026-E10000016] correction\n"
        "Date: Mon, 2 Feb 2026 10:00:00 +0000\n\n1. 21\n2. 6\n3. 400\n4. 55\n", encoding="utf-8")
    entry = import_mail(folder, second, now=NOW)[0]
    assert entry["action"] == "saved; request log: answered" and entry["saved_file"].endswith(".eml")
    kent = [r for r in rows(folder / "request_log.csv") if r["gss_code"] == "E10000016"]
    assert len(kent) == 2 and kent[1]["reply_id"].endswith("-2") and "supersedes" in kent[1]["note"]
    assert kent[1]["date_received"] == "2026-02-02"
    # A file already at the name the import would use, with other bytes: kept; a new name is used.
    squatter = folder / "replies" / entry["saved_file"]
    squatter.write_bytes(b"someone else's file")
    (second / "again.eml").write_text((second / "again.eml").read_text() + "extra\n", encoding="utf-8")
    entry = import_mail(folder, second, now=NOW)[0]
    assert squatter.read_bytes() == b"someone else's file"
    assert entry["saved_file"].endswith("(2).eml")


def test_tracker_counts_by_nation_and_writes_reminders(round_with_requests, tmp_path):
    folder, requests = round_with_requests
    mail = tmp_path / "mail"
    council_replies(requests, mail, tmp_path / "work")
    (mail / "reply-S12000049.eml").unlink()  # Glasgow never replies
    import_mail(folder, mail, now=NOW)
    # Cardiff refused (as the log says after reading the reply).
    log = rows(folder / "request_log.csv")
    for row in log:
        if row["gss_code"] == "W06000015":
            row["outcome"] = "refused"
        if row["gss_code"] == "E10000016":
            row["review_requested"] = "2026-02-02"
    with open(folder / "request_log.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(log[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(log)
    out = tmp_path / "tracker"
    out.mkdir()
    tracked = write_tracker(load_round_spec(folder), REGISTER, date(2026, 3, 2), out / "tracker.csv",
                            out / "tracker.html", out / "letters")
    by_code = {row.values["gss_code"]: row.values for row in tracked}
    glasgow = by_code["S12000049"]
    # FOISA: 20 Scottish working days after Monday 12 January 2026.
    assert glasgow["act"] == "FOISA" and glasgow["due"] == "2026-02-09"
    assert glasgow["status"] == "overdue" and glasgow["days_overdue"] == "21"
    assert glasgow["complaint_possible_from"] == ""  # FOISA: a review of the silence first
    kent = by_code["E10000016"]
    # FOIA review: 20 working days after Monday 2 February 2026; unanswered, the ICO from the next day.
    assert (kent["review_due"], kent["complaint_possible_from"]) == ("2026-03-02", "2026-03-03")
    assert by_code["W06000015"]["complaint_possible_from"] == ""  # no review asked yet
    reminder = (out / "letters" / "reminder-S12000049.txt").read_text(encoding="utf-8")
    assert "Freedom of Information (Scotland) Act 2002" in reminder and "9 February 2026" in reminder
    assert "To: Glasgow City Council <foi@glasgow.example.gov.uk>" in reminder
    review = (out / "letters" / "internal_review-W06000015.txt").read_text(encoding="utf-8")
    assert "Freedom of Information Act 2000" in review and "section 45" in review
    assert sorted(p.name for p in (out / "letters").iterdir()) == [
        "internal_review-W06000015.txt", "reminder-S12000049.txt"]
    summary = {row["nation"]: row for row in rows_from_html_free(tracked)}
    assert summary["Scotland"]["overdue"] == "1" and summary["United Kingdom"]["asked"] == "5"
    assert summary["England"]["review_requested"] == "1" and summary["Wales"]["refused"] == "1"
    html = (out / "tracker.html").read_text(encoding="utf-8")
    assert "Summary by nation" in html and "LTT47" in html


def rows_from_html_free(tracked):
    from foi_missing.requestkit.tracker import summary_by_nation

    return summary_by_nation(tracked)


def test_mbox_late_reply_and_unsafe_attachment_names(round_with_requests, tmp_path):
    import mailbox
    from email.message import EmailMessage

    folder, _ = round_with_requests
    mail = tmp_path / "mbox"
    mail.mkdir()
    box = mailbox.mbox(mail / "Inbox.mbox")
    late = EmailMessage()
    late["From"] = "foi@glasgow.example.gov.uk"
    late["Subject"] = "FOISA request FOIM-2026-S12000049"
    late["Date"] = "Wed, 01 Jul 2026 23:30:00 +0000"  # 2 July in UK summer time: after the cut-off
    late.set_content("Please see the attached.")
    late.add_attachment(b"1,2\n", maintype="text", subtype="csv", filename="../../../etc/evil.csv")
    box.add(late)
    undated = EmailMessage()
    undated["From"] = "foi@belfasttrust.example.hscni.net"
    undated["Subject"] = "Your request"
    undated.set_content("1. 3\n2. 1\n")
    box.add(undated)
    box.flush()
    box.close()

    entries = import_mail(folder, mail, now=NOW)

    glasgow, belfast = entries
    assert glasgow["source"] == "Inbox.mbox #1" and glasgow["date_received"] == "2026-07-02"
    assert glasgow["action"] == "saved; request log: late"
    # The attachment's own name, folders dropped, after the request's reference.
    assert glasgow["saved_file"] == "FOIM-2026-S12000049 - evil.csv"
    assert [p.parent for p in folder.parent.rglob("*evil.csv")] == [folder / "replies"]
    assert belfast["matched_by"] == "sender domain belfasttrust.example.hscni.net"
    assert "no readable Date header" in belfast["note"]
    log = {row["gss_code"]: row for row in rows(folder / "request_log.csv")}
    assert log["NIHSCT-BEL"]["date_received"] == "" and log["NIHSCT-BEL"]["reply_file"].endswith(".eml")


def test_writing_the_requests_twice_gives_the_same_bytes(round_with_requests, tmp_path):
    """Letters, answer forms and e-mails: the same round and register give the same files
    (the forms' zip and document times are fixed), so a re-run shows no change."""
    folder, first = round_with_requests
    second = tmp_path / "requests-again"
    write_requests(load_round_spec(folder), REGISTER, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and any(p.suffix == ".xlsx" for p in files)
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [p for p in files if (first / p).read_bytes() != (second / p).read_bytes()] == []
    # Not the clock's time (two quick runs could share a second): the fixed one.
    form = next(first / p for p in files if p.suffix == ".xlsx")
    with zipfile.ZipFile(form) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
