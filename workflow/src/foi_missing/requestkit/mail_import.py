"""Import a folder of saved e-mails (.eml, .mbox) into a round: the one documented writer
into ``data/raw``.

Each message is matched to its request by the request reference it quotes (subject
first, then the plain-text body), else by its sender's domain when exactly one
authority's ``foi_contact`` has that domain. Matched replies are saved under the
round's ``replies/`` and the request log gets the reply file, ``date_received`` (the
message's Date in UK time) and the outcome (``answered``, or ``late`` after the
round's cut-off). What is saved:

- the returned answer form, when an attachment is one (readers/answer_form.py);
- else the one attachment a reader reads, when there is exactly one;
- else the message itself (.eml), whose reader reads its body and every attachment.

Nothing is overwritten: a file already in the folder with the same bytes means the
message was imported before (skipped); with other bytes, the new file gets a new
name. A second reply from the same authority becomes a new log row, for a person to
mark which one stands (``supersedes``). Every message, matched or not, gets a line
in the import's own log (``mail_import_log.csv`` beside the request log).
"""

from __future__ import annotations

import csv
import mailbox
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

from foi_missing.core.roundspec import RoundSpec, is_inside, load_round_spec
from foi_missing.ingest.readers import READERS
from foi_missing.ingest.readers.answer_form import is_answer_form

IMPORT_LOG = "mail_import_log.csv"
IMPORT_LOG_COLUMNS = ["imported_at", "source", "message_id", "from", "subject", "matched_by",
                      "gss_code", "request_ref", "action", "saved_file", "date_received", "note"]
UK_TIME = ZoneInfo("Europe/London")
_UNSAFE = re.compile(r"[^\w .()\-]+", re.UNICODE)


@dataclass
class Message:
    source: str
    message: EmailMessage


@dataclass
class Match:
    gss_code: str = ""
    request_ref: str = ""
    matched_by: str = ""
    problem: str = ""


def read_messages(folder: Path) -> list[Message]:
    """Every message of the folder's .eml and .mbox files, in file-name order."""
    found = []
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if suffix == ".eml":
            found.append(Message(path.name, message_from_bytes(path.read_bytes(), policy=policy.default)))
        elif suffix == ".mbox":
            box = mailbox.mbox(path, factory=None, create=False)
            try:
                for index, raw in enumerate(box):
                    found.append(Message(f"{path.name} #{index + 1}",
                                         message_from_bytes(raw.as_bytes(), policy=policy.default)))
            finally:
                box.close()
    return found


def match_message(message: EmailMessage, log_rows: list[dict[str, str]]) -> Match:
    """The request a message answers: by the reference it quotes, else the sender's domain."""
    refs = {row["request_ref"]: row["gss_code"] for row in log_rows if row.get("request_ref")}
    for where, text in (("subject", str(message.get("Subject", ""))), ("body", _plain_body(message))):
        quoted = {ref for ref in refs if _quotes(text, ref)}
        codes = {refs[ref] for ref in quoted}
        if len(codes) == 1:
            ref = max(quoted, key=len)
            return Match(refs[ref], ref, f"reference in {where}")
        if len(codes) > 1:
            return Match(problem=f"the {where} quotes references of {len(codes)} authorities: "
                                 f"{', '.join(sorted(quoted))}")
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    domain = sender.rpartition("@")[2]
    if not domain:
        return Match(problem="no reference quoted and no sender address")
    by_domain = {row["gss_code"]: row["request_ref"] for row in log_rows
                 if row.get("foi_contact", "").lower().rpartition("@")[2] == domain}
    if len(by_domain) == 1:
        (gss, ref), = by_domain.items()
        return Match(gss, ref, f"sender domain {domain}")
    if len(by_domain) > 1:
        return Match(problem=f"no reference quoted; sender domain {domain} is the contact of "
                             f"{len(by_domain)} authorities ({', '.join(sorted(by_domain))})")
    return Match(problem=f"no reference quoted; sender domain {domain} is no authority's foi_contact")


def _quotes(text: str, ref: str) -> bool:
    return re.search(rf"(?<![\w/]){re.escape(ref)}(?![\w/])", text, re.IGNORECASE) is not None


def _plain_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    try:
        return part.get_content() if part is not None else ""
    except (LookupError, ValueError):
        return ""


def received_on(message: EmailMessage) -> date | None:
    """The message's Date header as a UK calendar date (None when missing or unreadable)."""
    try:
        sent = message["Date"].datetime if message["Date"] is not None else None
    except (AttributeError, TypeError, ValueError):
        return None
    if sent is None:
        return None
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=UK_TIME)
    return sent.astimezone(UK_TIME).date()


def reply_file_of(message: EmailMessage, stem: str) -> tuple[str, bytes, str]:
    """(file name, bytes, why) of what to save as the reply (module docstring)."""
    attachments = [(part.get_filename() or "", part.get_payload(decode=True) or b"")
                   for part in message.iter_attachments()]
    attachments = [(name, data) for name, data in attachments if data]
    for name, data in attachments:
        if Path(name).suffix.lower() == ".xlsx" and _is_form_bytes(data):
            return _reply_name(stem, name), data, "the returned answer form"
    readable = [(n, d) for n, d in attachments if Path(n).suffix.lower() in READERS]
    if len(attachments) == 1 and len(readable) == 1:
        name, data = readable[0]
        return _reply_name(stem, name), data, "its one attachment"
    why = "the message (no answer form; its body and attachments are read together)"
    return _safe_name(f"{stem} - reply.eml"), message.as_bytes(policy=policy.SMTP), why


def _reply_name(stem: str, attachment: str) -> str:
    """The attachment's name led by the request reference, unless it already carries it
    (a form returned as "FOIM-2026-E06000001 response.xlsx" keeps that name)."""
    name = _safe_name(attachment)
    return name if stem.lower() in name.lower() else _safe_name(f"{stem} - {name}")


def reference_stem(request_ref: str) -> str:
    """A council reference as the start of a file name: "FOI/18/5740" -> "FOI-18-5740"
    (its slashes are not folders)."""
    return _safe_name(re.sub(r"[\\/]+", "-", request_ref))


def _is_form_bytes(data: bytes) -> bool:
    with tempfile.TemporaryDirectory(prefix="foi-import-") as folder:
        path = Path(folder) / "attachment.xlsx"
        path.write_bytes(data)
        return is_answer_form(path)


def _safe_name(name: str) -> str:
    """A file name only (no folders, no '..'), without characters file systems refuse."""
    name = Path(name.replace("\\", "/")).name
    name = _UNSAFE.sub("_", name).strip(" .") or "reply"
    return name[:150]


def save_new(folder: Path, name: str, data: bytes) -> tuple[str, bool]:
    """Save ``data`` as ``name`` in ``folder`` without overwriting: (name used, newly written).

    The same bytes already there under the name (or a numbered one) mean it was imported before."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, 1000):
        candidate = name if number == 1 else f"{stem} ({number}){suffix}"
        path = folder / candidate
        if path.exists():
            if path.read_bytes() == data:
                return candidate, False
            continue
        with open(path, "xb") as handle:  # "x": fails rather than overwrite
            handle.write(data)
        return candidate, True
    raise FileExistsError(f"{folder}: 999 files named like {name!r}")


def import_mail(round_folder: str | Path, mail_folder: str | Path,
                now: datetime | None = None) -> list[dict[str, str]]:
    """Import every message of ``mail_folder`` into the round; returns the import log's new rows."""
    spec = load_round_spec(round_folder)
    mail_folder = Path(mail_folder)
    if not mail_folder.is_dir():
        raise FileNotFoundError(f"{mail_folder}: no such folder of saved e-mails")
    fields, rows = _read_log(spec)
    spec.replies_dir.mkdir(parents=True, exist_ok=True)
    if not is_inside(spec.replies_dir, spec.folder):
        raise ValueError(f"{spec.replies_dir}: the replies folder leads outside {spec.folder}")
    stamp = (now or datetime.now(UK_TIME)).isoformat(timespec="seconds")
    entries = []
    for item in read_messages(mail_folder):
        entries.append(_import_one(item, spec, rows, stamp))
    _write_log(spec.request_log, fields, rows)
    _append_import_log(spec.folder / IMPORT_LOG, entries)
    return entries


def _import_one(item: Message, spec: RoundSpec, rows: list[dict[str, str]], stamp: str) -> dict[str, str]:
    message = item.message
    entry = {"imported_at": stamp, "source": item.source,
             "message_id": str(message.get("Message-ID", "")), "from": str(message.get("From", "")),
             "subject": str(message.get("Subject", "")), "matched_by": "", "gss_code": "",
             "request_ref": "", "action": "", "saved_file": "", "date_received": "", "note": ""}
    match = match_message(message, rows)
    if match.problem:
        return entry | {"action": "not imported", "note": match.problem}
    received = received_on(message)
    entry |= {"matched_by": match.matched_by, "gss_code": match.gss_code, "request_ref": match.request_ref,
              "date_received": received.isoformat() if received else ""}
    name, data, why = reply_file_of(message, reference_stem(match.request_ref))
    saved, written = save_new(spec.replies_dir, name, data)
    entry["saved_file"] = saved
    if not written:
        return entry | {"action": "already imported", "note": f"replies/{saved} holds the same bytes"}
    note = f"saved {why}"
    if received is None:
        note += "; no readable Date header: date_received left blank for a person to fill in"
    outcome = "late" if received and received > spec.reply_cutoff else "answered"
    _record_reply(rows, match, saved, received, outcome, spec)
    return entry | {"action": f"saved; request log: {outcome}", "note": note}


def _record_reply(rows: list[dict[str, str]], match: Match, saved: str, received: date | None,
                  outcome: str, spec: RoundSpec) -> None:
    mine = [row for row in rows if row["gss_code"] == match.gss_code]
    waiting = next((row for row in mine if not row.get("reply_file")), None)
    update = {"reply_file": saved, "date_received": received.isoformat() if received else "",
              "outcome": outcome}
    if waiting is not None:
        waiting.update(update)
        return
    first = mine[0]
    fresh = {key: "" for key in first} | {
        "reply_id": f"{spec.round_id}-{match.gss_code}-{len(mine) + 1}",
        "request_ref": first["request_ref"], "gss_code": first["gss_code"],
        "authority_name": first["authority_name"], "date_sent": first["date_sent"],
        "foi_contact": first.get("foi_contact", ""),
        "note": "another reply imported from mail: say in 'supersedes' which reply stands",
    } | update
    rows.insert(rows.index(mine[-1]) + 1, {k: fresh.get(k, "") for k in first})


def _read_log(spec: RoundSpec) -> tuple[list[str], list[dict[str, str]]]:
    if not spec.request_log.is_file():
        raise FileNotFoundError(f"{spec.request_log}: no request log; copy results/<round>/requests/"
                                "request_log.csv there first (docs/running-a-round.md)")
    with open(spec.request_log, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = [{k: (v or "") for k, v in row.items()} for row in reader]
    for needed in ("request_ref", "gss_code", "reply_file", "date_received", "outcome"):
        if needed not in fields:
            raise ValueError(f"{spec.request_log}: no {needed!r} column")
    return fields, rows


def _write_log(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    # Written beside the log and renamed over it: an interrupted import leaves the old log whole.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".request_log.", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _append_import_log(path: Path, entries: list[dict[str, str]]) -> None:
    new = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=IMPORT_LOG_COLUMNS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerows(entries)
