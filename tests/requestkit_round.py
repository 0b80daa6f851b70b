"""A small round run the way a research team would, for the request-kit tests.

Five authorities, one per kind that matters: an English county and unitary (FOIA),
a Welsh council (FOIA, bilingual), a Scottish council (FOISA) and a Northern Ireland
Health and Social Care Trust. The councils fill in the answer form with openpyxl, as
a person would in Excel, and reply by e-mail.
"""

from __future__ import annotations

import csv
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from openpyxl import load_workbook

ROUND = "2026"
SPEC = {
    "round": ROUND,
    "title": "A small request-kit round",
    "report": {"title": "Synthetic round made by the request-kit tests"},
    "reconstructed": True,
    "periods": [{"id": "2025", "label": "1 January to 31 December 2025", "start": "2025-01-01",
                 "end": "2025-12-31"}],
    "date_sent": "2026-01-12",
    "reply_cutoff": "2026-06-30",
    "request_log": "request_log.csv",
    "replies_dir": "replies",
    "coding_sheet": "coding_sheet.csv",
    "questions": [
        {"label": "1", "wording": "How many looked-after children were identified or suspected victims of trafficking?",
         "cohort": "trafficked", "measure": "in_care", "period": "2025",
         "aliases": ["Cwestiwn 1", "Faint o blant sy'n derbyn gofal a nodwyd neu yr amheuir eu bod yn ddioddefwyr masnachu pobl?"]},
        {"label": "2", "wording": "Of the children in 1, how many went missing at least once?",
         "cohort": "trafficked", "measure": "went_missing", "period": "2025",
         "aliases": ["Cwestiwn 2", "O'r plant yn 1, faint aeth ar goll o leiaf unwaith?"]},
        {"label": "3", "wording": "How many looked-after children were unaccompanied asylum-seeking children?",
         "cohort": "uasc", "measure": "in_care", "period": "2025",
         "aliases": ["Cwestiwn 3", "Faint o blant sy'n derbyn gofal oedd yn blant ar eu pennau eu hunain yn ceisio lloches?"]},
        {"label": "4", "wording": "Of the children in 3, how many went missing at least once?",
         "cohort": "uasc", "measure": "went_missing", "period": "2025",
         "aliases": ["Cwestiwn 4", "O'r plant yn 3, faint aeth ar goll o leiaf unwaith?"]},
    ],
}
REQUESTER = {"name": "A Researcher", "email": "research@example.org", "organisation": "Example Charity"}
# gss code -> (nation, FOI contact, answers by question label, how the reply is matched)
COUNCILS = {
    "E10000016": ("England", "foi@kent.example.gov.uk", {"1": 20, "2": 6, "3": 400, "4": 55}, "reference"),
    "E06000001": ("England", "foi@hartlepool.example.gov.uk",
                  {"1": "fewer than 5 (withheld)", "2": "not recorded", "3": 12, "4": 0}, "domain"),
    "W06000015": ("Wales", "rhyddid@cardiff.example.gov.uk",
                  {"1": 0, "2": "included in another answer", "3": 9, "4": 2}, "reference"),
    "S12000049": ("Scotland", "foi@glasgow.example.gov.uk",
                  {"1": "refused: cost limit (section 12)", "2": "refused: cost limit (section 12)",
                   "3": 31, "4": "not held"}, "reference"),
    "NIHSCT-BEL": ("Northern Ireland", "foi@belfasttrust.example.hscni.net",
                   {"1": 3, "2": 1, "3": 14, "4": "fewer than 5 (withheld)"}, "reference"),
}
UK_TIME = ZoneInfo("Europe/London")


def write_round_folder(folder: Path) -> Path:
    """round.yaml and requester.yaml: what the team writes before anything is sent."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "round.yaml").write_text(yaml.safe_dump(SPEC, sort_keys=False, allow_unicode=True),
                                       encoding="utf-8")
    (folder / "requester.yaml").write_text(yaml.safe_dump(REQUESTER), encoding="utf-8")
    return folder


def adopt_draft_log(draft: Path, folder: Path) -> Path:
    """Copy the draft request log into the round, kept to the five, with contacts filled in."""
    with open(draft, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames), list(reader)
    rows = [row | {"foi_contact": COUNCILS[row["gss_code"]][1]} for row in rows
            if row["gss_code"] in COUNCILS]
    path = folder / "request_log.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def round_with_requests(work: Path) -> tuple[Path, Path]:
    """A round folder under ``work`` whose request log is the kit's draft cut to the five
    councils (contacts filled in), and the requests written from it: (folder, requests)."""
    from foi_missing.core.register import load_register
    from foi_missing.core.roundspec import load_round_spec
    from foi_missing.requestkit.requests import LOG_COLUMNS, draft_log, recipients, write_requests

    register = load_register()
    folder = write_round_folder(work / "raw" / ROUND)
    spec = load_round_spec(folder)
    draft = work / "draft.csv"
    with open(draft, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=LOG_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(draft_log(spec, [r for r in recipients(spec, register) if r.gss_code in COUNCILS]))
    adopt_draft_log(draft, folder)
    requests = work / "requests"
    write_requests(load_round_spec(folder), register, requests)
    return folder, requests


def fill_form(data: bytes, answers: dict[str, object], out: Path) -> bytes:
    """Type the answers into the form's yellow cells, found by question label and period heading."""
    out.write_bytes(data)
    workbook = load_workbook(out)
    sheet = workbook["Answers"]
    header = next(r for r in range(1, 40) if str(sheet.cell(r, 1).value).startswith("Question"))
    for row in range(header + 1, sheet.max_row + 1):
        label = sheet.cell(row, 1).value
        if label in answers:
            sheet.cell(row, 3, answers[label])
    workbook.save(out)
    return out.read_bytes()


def council_replies(requests_dir: Path, mail_dir: Path, work: Path) -> list[Path]:
    """Each council's reply: an e-mail with the filled-in form attached, saved as .eml."""
    mail_dir.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    written = []
    for day, (gss, (_, contact, answers, matched_by)) in enumerate(sorted(COUNCILS.items()), start=2):
        request = message_from_bytes((requests_dir / f"{gss}.eml").read_bytes(), policy=policy.default)
        form = next(part for part in request.iter_attachments())
        filled = fill_form(form.get_payload(decode=True), answers, work / f"{gss}.xlsx")
        reply = EmailMessage()
        reply["From"] = f"Information Governance <{contact}>"
        reply["To"] = REQUESTER["email"]
        ref = request["Subject"].split("[")[1].split("]")[0]
        reply["Subject"] = (f"RE: {request['Subject']}" if matched_by == "reference"
                            else "Your recent request for information")
        reply["Date"] = format_datetime(datetime(2026, 1, 10 + day, 15, 30, tzinfo=UK_TIME))
        body = "Dear requester,\n\nPlease find our response attached.\n"
        if matched_by == "reference":
            body = f"Dear requester,\n\nOur response to your request {ref} is attached.\n"
        reply.set_content(body)
        reply.add_attachment(filled, maintype="application",
                             subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             filename="Response.xlsx")
        path = mail_dir / f"reply-{gss}.eml"
        path.write_bytes(reply.as_bytes(policy=policy.SMTP))
        written.append(path)
    return written
