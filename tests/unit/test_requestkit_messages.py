"""What the request kit tells a person running a round: file names and messages that need no guessing."""

from __future__ import annotations

import csv
from datetime import datetime
from email.message import EmailMessage

from foi_missing.core.register import load_register
from foi_missing.core.roundspec import load_round_spec
from foi_missing.requestkit.__main__ import describe, main
from foi_missing.requestkit.mail_import import import_mail, reference_stem, reply_file_of
from foi_missing.requestkit.requests import LOG_COLUMNS, draft_log, recipients, write_requests

from tests.requestkit_round import (
    COUNCILS,
    ROUND,
    round_with_requests,
    write_round_folder,
)

REGISTER = load_register()
NOW = datetime(2026, 2, 1, 12, 0)
FORM = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def message_with(attachment_name: str, data: bytes, subtype: str = "csv") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "foi@kent.example.gov.uk"
    message["Subject"] = "Re: [FOIM-2026-E10000016]"
    message.set_content("Please see attached.")
    message.add_attachment(data, maintype="text", subtype=subtype, filename=attachment_name)
    return message


def test_an_attachment_already_named_by_its_reference_keeps_its_name():
    named, _, _ = reply_file_of(message_with("FOIM-2026-E10000016 response.csv", b"1,2\n"),
                                "FOIM-2026-E10000016")
    assert named == "FOIM-2026-E10000016 response.csv"
    other, _, _ = reply_file_of(message_with("response.csv", b"1,2\n"), "FOIM-2026-E10000016")
    assert other == "FOIM-2026-E10000016 - response.csv"


def test_a_council_reference_with_slashes_stays_whole_in_the_file_name():
    assert reference_stem("FOI/18/5740") == "FOI-18-5740"
    assert reference_stem("FOIM-2026-E10000016") == "FOIM-2026-E10000016"
    assert "/" not in reference_stem("../../etc") and not reference_stem("../../etc").startswith(".")


def test_the_import_line_of_an_unmatched_message_has_no_empty_fields():
    line = describe({"source": "x.eml", "action": "not imported", "gss_code": "", "matched_by": "",
                     "saved_file": "", "note": "no reference quoted and no sender address"})
    assert line == "x.eml: not imported: no reference quoted and no sender address"
    saved = describe({"source": "k.eml", "action": "saved; request log: answered", "gss_code": "E10000016",
                      "matched_by": "reference in subject", "saved_file": "FOIM-1 - reply.eml",
                      "note": "saved the message"})
    assert saved == ("k.eml: saved; request log: answered: E10000016 (reference in subject): "
                     "replies/FOIM-1 - reply.eml: saved the message")


def test_import_mail_names_the_missing_round_file_and_folder(tmp_path, capsys):
    assert main(["import-mail", str(tmp_path / "2062"), str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert str(tmp_path / "2062" / "round.yaml") in error and "round specification not found" in error
    folder = write_round_folder(tmp_path / "raw" / ROUND)
    assert main(["import-mail", str(folder), str(tmp_path / "nowhere")]) == 1
    assert f"{tmp_path / 'nowhere'}: no such folder of saved e-mails" in capsys.readouterr().err


def test_import_mail_without_a_request_log_says_which_file_to_copy(tmp_path, capsys):
    folder = write_round_folder(tmp_path / "raw" / ROUND)
    (folder / "request_log.csv").unlink(missing_ok=True)
    mail = tmp_path / "mail"
    mail.mkdir()
    assert main(["import-mail", str(folder), str(mail)]) == 1
    error = capsys.readouterr().err
    assert str(folder / "request_log.csv") in error and "requests/request_log.csv" in error


def test_requests_without_a_log_say_where_the_contacts_go(tmp_path):
    folder = write_round_folder(tmp_path / "raw" / ROUND)
    (folder / "request_log.csv").unlink(missing_ok=True)
    summary = write_requests(load_round_spec(folder), REGISTER, tmp_path / "out")
    problem = summary[0]["problem"]
    assert "no foi_contact yet" in problem and str(folder / "request_log.csv") in problem
    # Once the log exists, a missing contact names that log.
    spec = load_round_spec(folder)
    with open(folder / "request_log.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=LOG_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(draft_log(spec, [r for r in recipients(spec, REGISTER) if r.gss_code in COUNCILS]))
    summary = write_requests(load_round_spec(folder), REGISTER, tmp_path / "out2")
    assert {row["problem"] for row in summary} == {"no foi_contact in request_log.csv: the .eml has no To:"}


def test_a_returned_form_named_by_its_reference_is_saved_under_that_name(tmp_path):
    folder, requests = round_with_requests(tmp_path)
    form = (requests / "E10000016-answer-form.xlsx").read_bytes()
    reply = EmailMessage()
    reply["From"] = "foi@kent.example.gov.uk"
    reply["Subject"] = "Re: [FOIM-2026-E10000016]"
    reply["Date"] = "Mon, 16 Feb 2026 10:00:00 +0000"
    reply.set_content("Attached.")
    reply.add_attachment(form, maintype=FORM[0], subtype=FORM[1], filename="FOIM-2026-E10000016 response.xlsx")
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "kent.eml").write_bytes(reply.as_bytes())
    entry, = import_mail(folder, mail, now=NOW)
    assert entry["saved_file"] == "FOIM-2026-E10000016 response.xlsx"
    assert (folder / "replies" / "FOIM-2026-E10000016 response.xlsx").read_bytes() == form


def test_a_problem_of_many_authorities_is_one_log_line_naming_a_few():
    from foi_missing.requestkit.requests import problem_lines

    summary = [{"gss_code": f"E0{i}", "authority_name": f"Council {i}", "problem": "no foi_contact"}
               for i in range(200)]
    summary += [{"gss_code": "W1", "authority_name": "Powys", "problem": "bilingual letter missing"},
                {"gss_code": "E9", "authority_name": "Kent", "problem": ""}]
    assert problem_lines(summary) == [
        ("200 authorities (Council 0, Council 1, Council 2, ...; every one in summary.csv): "
         "no foi_contact"),
        "W1 Powys: bilingual letter missing",
    ]
