"""The round's tracker while replies arrive: per authority, what is due, what came, what to chase.

Built from the request log (and the replies folder, to tell a logged reply whose file
is missing). Dates follow requestkit.deadlines; a request sent by e-mail is taken as
received the day it was sent (``date_sent``), the usual case for an e-mailed request.
"Days overdue" are calendar days after the due date. "Today" is the machine's date
unless ``FOI_TODAY`` (an ISO date) is set, so that a tracker can be rebuilt as of a day.

Letters: a reminder for every request past its deadline with no reply; a request for
an internal review for every refusal that has none yet. Each cites the deadline that
passed and the section that sets it.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2

from foi_missing.core.register import AuthorityRegister, RegisterError
from foi_missing.core.roundspec import ReplyFolder, RoundSpec, name_key
from foi_missing.core.vocabulary import NATIONS
from foi_missing.requestkit.deadlines import (
    ACT_NAMES,
    RECEIPT_RULE,
    REGULATORS,
    SOURCES,
    act_for_nation,
    complaint_possible_from,
    response_due,
    review_ask_by,
    review_due,
)
from foi_missing.requestkit.requests import (
    TEMPLATES,
    Requester,
    environment,
    load_requester,
    long_date,
    read_log,
)

TRACKER_COLUMNS = [
    "gss_code", "authority_name", "nation", "act", "request_ref", "date_sent", "due",
    "date_received", "status", "days_overdue", "outcome", "reply_file", "review_requested",
    "review_due", "review_answered", "complaint_possible_from", "review_ask_by", "letter", "problem",
]
SUMMARY_COLUMNS = ["nation", "asked", "replied", "on_time", "late", "overdue", "awaiting",
                   "refused", "review_requested"]


@dataclass
class TrackerRow:
    values: dict[str, str]
    letter_kind: str = ""
    context: dict = field(default_factory=dict)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def track(spec: RoundSpec, register: AuthorityRegister, today: date) -> list[TrackerRow]:
    rows = read_log(spec.request_log)
    if not rows:
        raise FileNotFoundError(f"{spec.request_log}: no request log (or an empty one)")
    files = ReplyFolder.scan(spec).files
    by_authority: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_authority.setdefault(row["gss_code"], []).append(row)
    return [_track_one(gss, logged, spec, register, today, files) for gss, logged in by_authority.items()]


def _track_one(gss: str, logged: list[dict[str, str]], spec: RoundSpec, register: AuthorityRegister,
               today: date, files: dict[str, str]) -> TrackerRow:
    first = logged[0]
    problems = []
    try:
        authority = register.get(gss)
        nation = authority.nation
    except RegisterError as error:
        return TrackerRow({**dict.fromkeys(TRACKER_COLUMNS, ""), "gss_code": gss,
                           "authority_name": first.get("authority_name", ""), "problem": str(error)})
    act = act_for_nation(nation)
    sent = _date(first.get("date_sent", "")) or spec.date_sent
    due = response_due(sent, act)
    replies = [r for r in logged if r.get("reply_file")]
    for reply in replies:
        if name_key(reply["reply_file"]) not in files:
            problems.append(f"replies/{reply['reply_file']} is in the log but not in the folder")
    received_dates = sorted(d for d in (_date(r.get("date_received", "")) for r in replies) if d)
    received = received_dates[0] if received_dates else None
    if replies and received is None:
        problems.append("a reply is logged without date_received")
    if received is not None:
        status = "replied on time" if received <= due else "replied late"
        overdue = max((received - due).days, 0)
    elif replies:
        status, overdue = "replied (date unknown)", 0
    else:
        status = "overdue" if today > due else "awaiting"
        overdue = max((today - due).days, 0)
    outcome = replies[-1]["outcome"] if replies else "no_reply"
    review_asked = max((d for d in (_date(r.get("review_requested", "")) for r in logged) if d),
                       default=None)
    review_answers = sorted(d for d in (_date(r.get("date_received", "")) for r in logged
                                        if r.get("outcome") == "internal_review") if d)
    review_answered = review_answers[0] if review_answers else None
    complaint = complaint_possible_from(review_asked, review_answered, act,
                                        unanswered_since=due if status == "overdue" else None)
    letter_kind = ""
    if status == "overdue":
        letter_kind = "reminder"
    elif outcome == "refused" and review_asked is None:  # a later reply (a review's) settles it
        letter_kind = "internal_review"
    values = {
        "gss_code": gss, "authority_name": authority.official_name, "nation": nation, "act": act,
        "request_ref": first.get("request_ref", ""), "date_sent": sent.isoformat(),
        "due": due.isoformat(), "date_received": received.isoformat() if received else "",
        "status": status, "days_overdue": str(overdue) if overdue else "", "outcome": outcome,
        "reply_file": replies[-1]["reply_file"] if replies else "",
        "review_requested": review_asked.isoformat() if review_asked else "",
        "review_due": review_due(review_asked, act).isoformat() if review_asked else "",
        "review_answered": review_answered.isoformat() if review_answered else "",
        "complaint_possible_from": complaint.isoformat() if complaint else "",
        "review_ask_by": review_ask_by(received, due, act).isoformat(),
        "letter": f"letters/{letter_kind}-{gss}.txt" if letter_kind else "",
        "problem": "; ".join(problems),
    }
    context = {
        "ref": values["request_ref"], "authority": {"name": authority.official_name},
        "contact": first.get("foi_contact", ""),
        "act": act, "act_name": ACT_NAMES[act], "regulator": REGULATORS[act],
        "date_sent": long_date(sent), "due": long_date(due), "today": long_date(today),
        "days_overdue": overdue, "replied": long_date(received) if received else "(date unknown)",
        "outcome_phrase": "refused", "review_due": long_date(review_due(today, act)),
    }
    return TrackerRow(values, letter_kind, context)


def summary_by_nation(rows: list[TrackerRow]) -> list[dict[str, str]]:
    counts: dict[str, Counter] = {nation: Counter() for nation in NATIONS}
    for row in rows:
        values = row.values
        if values["nation"] not in counts:
            continue
        count = counts[values["nation"]]
        count["asked"] += 1
        count["replied"] += values["status"].startswith("replied")
        count["on_time"] += values["status"] == "replied on time"
        count["late"] += values["status"] == "replied late"
        count["overdue"] += values["status"] == "overdue"
        count["awaiting"] += values["status"] == "awaiting"
        count["refused"] += values["outcome"] == "refused"
        count["review_requested"] += bool(values["review_requested"])
    table = [{"nation": nation, **{c: str(counts[nation][c]) for c in SUMMARY_COLUMNS[1:]}}
             for nation in NATIONS if counts[nation]["asked"]]
    total = {"nation": "United Kingdom"}
    for column in SUMMARY_COLUMNS[1:]:
        total[column] = str(sum(int(row[column]) for row in table))
    return table + [total]


def write_tracker(spec: RoundSpec, register: AuthorityRegister, today: date, csv_path: Path,
                  html_path: Path, letters_dir: Path, requester: Requester | None = None) -> list[TrackerRow]:
    rows = track(spec, register, today)
    letters_dir.mkdir(parents=True, exist_ok=True)
    if any(row.letter_kind for row in rows):
        requester = requester or load_requester(spec.folder)
        env = environment()
        for row in rows:
            if row.letter_kind:
                text = env.get_template(f"{row.letter_kind}.txt.j2").render(
                    row.context | {"requester": requester})
                (letters_dir / f"{row.letter_kind}-{row.values['gss_code']}.txt").write_text(
                    text, encoding="utf-8")
    with open(csv_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRACKER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(row.values for row in rows)
    summary = summary_by_nation(rows)
    page = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined).get_template("tracker.html.j2")
    html_path.write_text(page.render(
        spec=spec, today=today.isoformat(), rows=[row.values for row in rows], columns=TRACKER_COLUMNS,
        summary=summary, summary_columns=SUMMARY_COLUMNS, receipt_rule=RECEIPT_RULE, sources=SOURCES,
    ), encoding="utf-8")
    return rows


def today_or(value: str | None) -> date:
    """The tracker's "today": an ISO date given (FOI_TODAY), else the machine's date."""
    return date.fromisoformat(value) if value else date.today()
