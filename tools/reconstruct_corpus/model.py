"""Plain data records shared by the generator's steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

COHORTS = ("trafficked", "uasc")
MEASURES = ("in_care", "went_missing", "missing_episodes", "not_found")


@dataclass
class Authority:
    gss: str
    official_name: str
    short_name: str
    alt_names: list[str]
    nation: str
    region: str
    type: str
    dfe_la_number: str
    letterhead: str = ""
    whole_reply: str = ""  # from the selection: e.g. not_responsible
    redirect: str = ""


@dataclass
class Cell:
    """The coding of one authority x cohort x measure (before splitting into questions)."""

    status: str
    value: int | None = None
    lower: int | None = None
    upper: int | None = None
    exemption: str = ""
    phrase: str = ""  # suppression phrase ("fewer than 5") or refusal wording key
    form: str = ""  # rendering hint: snapshot, other_period, incidents, see_above, ...
    period_note: str = ""
    fixed: bool = False


@dataclass
class Answer:
    """Question-level coding of one reply: a truth-table row plus the text the council wrote."""

    question: str
    period: str
    status: str
    value: int | None = None
    lower: int | None = None
    upper: int | None = None
    exemption: str = ""
    covers: str = ""
    refers_to: str = ""
    redirect: str = ""
    period_note: str = ""
    form: str = ""
    phrase: str = ""
    text: str = ""  # the council's answer as written
    note: str = ""  # a notes/comments column entry, if any
    location: str = ""


@dataclass
class Plan:
    """What happens to one authority asked: its replies and its coded answers."""

    auth: Authority
    kind: str  # answers, prose, refused_cost, not_held, not_responsible, no_reply,
    #            internal_review, late_only, late_after_refusal
    fmt: str = ""
    layout: str = ""
    cohorts: dict[str, dict[str, Cell]] = field(default_factory=dict)
    combined_style: str = ""  # cross-cohort combined figure: together / included
    late_cohorts: dict[str, dict[str, Cell]] = field(default_factory=dict)
    cohort_profile: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    reply_id: str
    gss: str
    request_ref: str
    date_received: dt.date | None
    outcome: str
    filename: str = ""
    supersedes: str = ""
    note: str = ""
    kind: str = ""  # answers, prose, refused_cost, not_held, not_responsible
    fmt: str = ""
    layout: str = ""
    answers: list[Answer] = field(default_factory=list)
    content: bytes = b""
    stands: bool = False
    extra: dict = field(default_factory=dict)
