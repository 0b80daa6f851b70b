"""One request per authority asked: a plain-text letter, an .eml ready to send, and the answer form.

Who is asked: every authority of the register with children's services on the
round's ``date_sent`` (in Northern Ireland the five Health and Social Care Trusts,
not the district councils). The Act follows the nation (deadlines.act_for_nation).
Welsh authorities get a bilingual request: the Welsh wording of each question is
its round-spec alias of ``ALIAS_WORDING_WORDS`` or more words (the codebook's own
rule for a wording alias); when a question has none, the run stops and says which.

Addresses are never invented: the ``.eml`` is addressed to the request log's
``foi_contact`` column, which the researcher fills in. Without one the letter and
the form are still written, the ``.eml`` has no To: line, and the summary says so.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import jinja2
import yaml

from foi_missing.core.paths import REPO_ROOT
from foi_missing.core.register import AuthorityRegister
from foi_missing.core.roundspec import RoundSpec
from foi_missing.ingest.readers.codebook import ALIAS_WORDING_WORDS
from foi_missing.requestkit.answer_form import CHOICES, FormRecipient, save_answer_form
from foi_missing.requestkit.deadlines import ACT_NAMES, act_for_nation, response_due

TEMPLATES = REPO_ROOT / "workflow" / "templates" / "requests"
REQUESTER_FILE = "requester.yaml"
ACT_NAMES_CY = {"FOIA": "Deddf Rhyddid Gwybodaeth 2000"}
LOG_COLUMNS = ["reply_id", "request_ref", "gss_code", "authority_name", "date_sent",
               "date_received", "outcome", "reply_file", "supersedes", "note", "foi_contact",
               "review_requested"]
FORM_MEDIA = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class RequestKitError(ValueError):
    """The round cannot be prepared; the message says what to fix, naming the file."""


@dataclass(frozen=True)
class Requester:
    name: str
    email: str
    organisation: str = ""


@dataclass(frozen=True)
class Recipient:
    gss_code: str
    name: str
    nation: str
    request_ref: str
    contact: str

    @property
    def act(self) -> str:
        return act_for_nation(self.nation)

    @property
    def bilingual(self) -> bool:
        return self.nation == "Wales"


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
                "Medi", "Hydref", "Tachwedd", "Rhagfyr")


def long_date(day: date, welsh: bool = False) -> str:
    """1 February 2018 (or 1 Chwefror 2018)."""
    month = WELSH_MONTHS[day.month - 1] if welsh else f"{day:%B}"
    return f"{day.day} {month} {day.year}"


def default_request_ref(round_id: str, gss_code: str) -> str:
    return f"FOIM-{round_id}-{gss_code}"


def load_requester(folder: Path) -> Requester:
    """``data/raw/<round>/requester.yaml``: who signs the letters (name, email, organisation)."""
    path = folder / REQUESTER_FILE
    if not path.is_file():
        raise RequestKitError(f"{path}: not found; write it with the requester's name and email "
                              "(and organisation): the letters are signed with them")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [key for key in ("name", "email") if not str(data.get(key, "")).strip()]
    if missing:
        raise RequestKitError(f"{path}: {', '.join(missing)} missing")
    return Requester(str(data["name"]).strip(), str(data["email"]).strip(),
                     str(data.get("organisation", "")).strip())


def read_log(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def recipients(spec: RoundSpec, register: AuthorityRegister) -> list[Recipient]:
    """Who is asked: authorities with children's services on the send date.

    Before the request log exists, all of them (and requests/request_log.csv is the draft
    to copy into the round folder). Once it exists, the log is the authority on who is
    asked (a pilot round may ask a few): its authorities, each with its reference and
    ``foi_contact``; one without children's services on the send date is an error.
    """
    logged: dict[str, dict[str, str]] = {}
    for row in read_log(spec.request_log):
        logged.setdefault(row.get("gss_code", ""), row)
    active = register.active_on(spec.date_sent, children_services_only=True)
    unknown = sorted(set(logged) - set(active["gss_code"]))
    if unknown:
        raise RequestKitError(f"{spec.request_log}: {', '.join(unknown)} had no children's services "
                              f"on {spec.date_sent} (authority register): they cannot be asked")
    found = []
    for row in active.sort_values("gss_code").itertuples():
        if logged and row.gss_code not in logged:
            continue
        entry = logged.get(row.gss_code, {})
        found.append(Recipient(
            row.gss_code, row.official_name, row.nation,
            entry.get("request_ref") or default_request_ref(spec.round_id, row.gss_code),
            entry.get("foi_contact", ""),
        ))
    return found


def welsh_wordings(spec: RoundSpec) -> dict[str, str]:
    """Question label -> Welsh wording (its first alias of a wording's length)."""
    wordings, missing = {}, []
    for question in spec.questions:
        alias = next((a for a in question.aliases if len(a.split()) >= ALIAS_WORDING_WORDS
                      and a.strip() != question.wording.strip()), None)
        if alias is None:
            missing.append(question.label)
        else:
            wordings[question.label] = alias
    if missing:
        raise RequestKitError(
            f"{spec.folder / 'round.yaml'}: no Welsh wording for question(s) {', '.join(missing)}: "
            f"requests to Welsh authorities are bilingual; add each question's Welsh wording as an "
            f"alias of {ALIAS_WORDING_WORDS} or more words")
    return wordings


def letter_context(spec: RoundSpec, recipient: Recipient, requester: Requester,
                   welsh: dict[str, str]) -> dict:
    periods = {p.id: p for p in spec.periods}
    due = response_due(spec.date_sent, recipient.act)
    questions = [
        {"label": q.label, "wording": q.wording, "periods": q.periods,
         "period_labels": [periods[p].label for p in q.periods], "welsh": welsh.get(q.label, "")}
        for q in spec.questions
    ]
    return {
        "ref": recipient.request_ref,
        "authority": recipient,
        "contact": recipient.contact,
        "requester": requester,
        "date_sent": long_date(spec.date_sent),
        "due": long_date(due),
        "date_sent_cy": long_date(spec.date_sent, welsh=True),
        "due_cy": long_date(due, welsh=True),
        "act": recipient.act,
        "act_name": ACT_NAMES[recipient.act],
        "act_name_cy": ACT_NAMES_CY.get(recipient.act, ""),
        "bilingual": recipient.bilingual,
        "questions": questions,
        "periods": spec.periods,
        "period_labels": [p.label for p in spec.periods],
        "period_phrase": "period" if len(spec.periods) == 1 else "periods",
        "period_phrase_cy": "cyfnod" if len(spec.periods) == 1 else "cyfnodau",
        "choices": CHOICES,
    }


def request_subject(spec: RoundSpec, recipient: Recipient) -> str:
    law = "FOISA" if recipient.act == "FOISA" else "FOI"
    return f"{law} request [{recipient.request_ref}]: {spec.title}"


def write_requests(spec: RoundSpec, register: AuthorityRegister, out: Path,
                   requester: Requester | None = None) -> list[dict[str, str]]:
    """Write every request into ``out``; returns the summary rows (also out/summary.csv)."""
    requester = requester or load_requester(spec.folder)
    people = recipients(spec, register)
    welsh = welsh_wordings(spec) if any(r.bilingual for r in people) else {}
    env = environment()
    template = env.get_template("request.txt.j2")
    out.mkdir(parents=True, exist_ok=True)
    no_contact = (f"no foi_contact in {spec.request_log.name}: the .eml has no To:"
                  if spec.request_log.is_file() else
                  f"no foi_contact yet: the .eml has no To: (copy the draft request_log.csv to "
                  f"{spec.request_log} and fill in foi_contact)")
    summary = []
    for recipient in people:
        context = letter_context(spec, recipient, requester, welsh if recipient.bilingual else {})
        letter = template.render(context)
        stem = recipient.gss_code
        (out / f"{stem}.txt").write_text(letter, encoding="utf-8")
        form = save_answer_form(out / f"{stem}-answer-form.xlsx", spec,
                                FormRecipient(recipient.gss_code, recipient.name, recipient.request_ref),
                                welsh if recipient.bilingual else None)
        message = request_message(spec, recipient, requester, letter, form)
        (out / f"{stem}.eml").write_bytes(message.as_bytes(policy=SMTP))
        summary.append({
            "gss_code": recipient.gss_code, "authority_name": recipient.name,
            "nation": recipient.nation, "act": recipient.act, "request_ref": recipient.request_ref,
            "date_sent": spec.date_sent.isoformat(),
            "due": response_due(spec.date_sent, recipient.act).isoformat(),
            "bilingual": str(recipient.bilingual).lower(), "foi_contact": recipient.contact,
            "problem": "" if recipient.contact else no_contact,
        })
    _write_csv(out / "summary.csv", list(summary[0]) if summary else ["gss_code"], summary)
    _write_csv(out / "request_log.csv", LOG_COLUMNS, draft_log(spec, people))
    return summary


def request_message(spec: RoundSpec, recipient: Recipient, requester: Requester, letter: str,
                    form: Path) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"{requester.name} <{requester.email}>"
    if recipient.contact:
        message["To"] = recipient.contact
    message["Subject"] = request_subject(spec, recipient)
    message.set_content(letter)
    maintype, subtype = FORM_MEDIA
    message.add_attachment(form.read_bytes(), maintype=maintype, subtype=subtype,
                           filename=f"{recipient.request_ref} answer form.xlsx")
    # A fixed boundary (and a form saved with fixed times): two runs give the same bytes.
    message.set_boundary(f"foi-missing-{hashlib.sha256(recipient.request_ref.encode()).hexdigest()[:24]}")
    return message


def draft_log(spec: RoundSpec, people: list[Recipient]) -> list[dict[str, str]]:
    """The request log to copy to data/raw/<round>/ before sending: one row per request,
    outcome no_reply until the mail import fills in the reply."""
    return [{
        "reply_id": f"{spec.round_id}-{r.gss_code}-1", "request_ref": r.request_ref,
        "gss_code": r.gss_code, "authority_name": r.name, "date_sent": spec.date_sent.isoformat(),
        "date_received": "", "outcome": "no_reply", "reply_file": "", "supersedes": "",
        "note": "", "foi_contact": r.contact, "review_requested": "",
    } for r in people]


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
