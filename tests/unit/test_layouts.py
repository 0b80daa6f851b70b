"""Same answers, every layout: one authority's answers, rendered by the generator in
every real-world reply layout, read by ``read_reply`` and coded by ``coding.code_reply``, code identically.

Each case is a reply whose answers the generator words (``tools/reconstruct_corpus``): a
withheld small number ("fewer than 5", "5 or less"), not held, zero, a cost refusal, not
recorded and plain figures. Each layout's coding (status, value, lower, upper per question
x period, and the exemption cited) must equal the reply's answer key; so every layout codes
identically.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from foi_missing.core.roundspec import RoundSpec, load_round_spec
from foi_missing.core.tables import read_csv
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.ledger import ingest_round
from foi_missing.ingest.readers import QuestionMatcher, read_reply

from tools.reconstruct_corpus.generate import REAL_WORLD, build, load_params, write
from tools.reconstruct_corpus.layouts import (
    MULTI_PERIOD_LAYOUTS,
    SINGLE_PERIOD_LAYOUTS,
    RoundPeriod,
    render_layout,
)
from tools.reconstruct_corpus.model import Answer, Authority, Reply
from tools.reconstruct_corpus.render import Ctx

ROOT = Path(__file__).resolve().parents[2]

# Layouts no reader on main handles yet: strict xfail, removed when the reader lands.
NOT_YET: dict[str, str] = {}


# --------------------------------------------------------------------------- the cases

AUTHORITIES = {
    "england": Authority("E08000025", "Birmingham City Council", "Birmingham", [], "England",
                         "West Midlands", "MD", "330"),
    "wales": Authority("W06000015", "Cardiff Council", "Cardiff", ["Cyngor Caerdydd"], "Wales",
                       "Wales", "UA", "681"),
    "scotland": Authority("S12000036", "City of Edinburgh Council", "City of Edinburgh", [],
                          "Scotland", "Scotland", "UA", "S12000036"),
}


def rep(value: int) -> dict:
    return {"status": "reported", "value": value, "lower": value, "upper": value}


def sup(phrase: str, lower: int, upper: int, exemption: str) -> dict:
    return {"status": "suppressed", "lower": lower, "upper": upper, "exemption": exemption, "phrase": phrase}


NOT_RECORDED = {"status": "not_recorded"}
S40, S38 = "FOIA s40(2)", "FOISA s38(1)(b)"

MULTI = "2090-92"  # a made-up round (not data/raw/2018-20) asked about three years

# round -> case -> (authority, {label: answer, or [answer per period] for a multi-period round})
CASES = {
    "2017": {
        "england_mixed": ("england", {
            "1a": rep(3), "1b": rep(0), "1c": rep(12), "2a": sup("fewer than 5", 1, 4, S40), "2b": rep(4),
            "3a": NOT_RECORDED, "3b": rep(9), "4a": rep(0), "4b": sup("5 or less", 0, 5, S40)}),
        "wales_refusals": ("wales", {
            "1a": {"status": "not_held"}, "1b": {"status": "refused_cost", "exemption": "FOIA s12"},
            "1c": rep(26), "2a": NOT_RECORDED, "2b": rep(0), "3a": {"status": "refused_cost", "exemption": "FOIA s12"},
            "3b": rep(0), "4a": NOT_RECORDED, "4b": rep(0)}),
        "scotland_withheld": ("scotland", {
            "1a": sup("so few", 1, 4, S38), "1b": {"status": "not_held", "exemption": "FOISA s17"},
            "1c": rep(55), "2a": rep(0), "2b": rep(7), "3a": rep(0), "3b": rep(20), "4a": rep(0),
            "4b": sup("less than 5", 1, 4, S38)}),
    },
    "2014-15": {
        "england_q_labels": ("england", {
            "Q1": rep(8), "Q2": sup("<5", 1, 4, S40), "Q3": NOT_RECORDED, "Q4": rep(0), "Q5": rep(60),
            "Q6": rep(11), "Q7": {"status": "refused_cost", "exemption": "FOIA s12"}, "Q8": rep(0)}),
    },
    MULTI: {
        "england_three_years": ("england", {
            "1a": [rep(8), rep(8), rep(5)], "1b": [sup("fewer than 5", 1, 4, S40), rep(0), rep(3)],
            "2a": [rep(12), rep(15), NOT_RECORDED], "2b": [rep(2), rep(0), rep(1)]}),
    },
}

# A small multi-period round: the same questions asked about three calendar years.
MULTI_ROUND = {
    "round": MULTI,
    "title": "Multi-period test round",
    "report": {"title": "Multi-period test round", "publishers": ["Test"], "published": "2024-09"},
    "reconstructed": True,
    "periods": [{"id": str(y), "label": str(y), "start": f"{y}-01-01", "end": f"{y}-12-31"}
                for y in (2018, 2019, 2020)],
    "date_sent": "2021-02-01",
    "reply_cutoff": "2021-06-30",
    "request_log": "request_log.csv",
    "replies_dir": "replies",
    "questions": [
        {"label": "1a", "wording": "How many looked-after children were identified or suspected victims of trafficking?",
         "cohort": "trafficked", "measure": "in_care"},
        {"label": "1b", "wording": "Of the children in 1a, how many went missing?",
         "cohort": "trafficked", "measure": "went_missing"},
        {"label": "2a", "wording": "How many looked-after children were unaccompanied asylum-seeking children?",
         "cohort": "uasc", "measure": "in_care"},
        {"label": "2b", "wording": "Of the children in 2a, how many went missing?",
         "cohort": "uasc", "measure": "went_missing"},
    ],
}
for _q in MULTI_ROUND["questions"]:
    _q["periods"] = ["2018", "2019", "2020"]


@pytest.fixture(scope="module")
def specs(tmp_path_factory) -> dict[str, RoundSpec]:
    folder = tmp_path_factory.mktemp("multi")
    (folder / "round.yaml").write_text(yaml.safe_dump(MULTI_ROUND, sort_keys=False), encoding="utf-8")
    out = {MULTI: load_round_spec(folder)}
    for round_id in ("2017", "2014-15"):
        spec = load_round_spec(ROOT / "data" / "raw" / round_id)
        # Welsh labels are aliases of the questions (as a round.yaml for Welsh councils lists them).
        welsh = load_params(round_id)["welsh"]
        questions = tuple(dataclasses.replace(q, aliases=(*q.aliases, welsh[q.label]["label"]))
                          for q in spec.questions)
        out[round_id] = dataclasses.replace(spec, questions=questions)
    return out


def case_reply(spec: RoundSpec, case: str) -> tuple[Reply, Authority, Ctx]:
    who, answers = CASES[spec.round_id][case]
    auth = AUTHORITIES[who]
    records = []
    for question in spec.questions:
        given = answers[question.label]
        for period, answer in zip(question.periods, given if isinstance(given, list) else [given]):
            fields = {k: v for k, v in answer.items() if k != "phrase"}
            records.append(Answer(question.label, period, phrase=answer.get("phrase", ""), **fields))
    reply = Reply(f"{spec.round_id}-{auth.gss}-1", auth.gss, "FOI/21/0042", dt.date(2021, 3, 1), "answered",
                  kind="answers", answers=records)
    first = spec.periods[0]
    ctx = Ctx(
        round_id=spec.round_id, seed=7,
        questions=[{"label": q.label, "wording": q.wording, "cohort": q.cohort, "measure": q.measure,
                    "period": q.periods[0]} for q in spec.questions],
        period=(first.start, spec.periods[-1].end),
        period_label=first.label if len(spec.periods) == 1 else f"{first.label} to {spec.periods[-1].label}",
        date_sent=spec.date_sent, requester={"name": "Research team", "email": "foi@example.org.uk"},
        title=spec.title,
    )
    return reply, auth, ctx


def expected(reply: Reply) -> dict[tuple[str, str], tuple]:
    return {(a.question, a.period): (a.status, a.value, a.lower, a.upper, a.exemption) for a in reply.answers}


# --------------------------------------------------------------------------- reading and coding


def code(path: Path, spec: RoundSpec, auth: Authority) -> dict[tuple[str, str], tuple]:
    """Read the file with ``read_reply`` and code it with the project's ``code_reply``."""
    content = read_reply(path, QuestionMatcher(spec.questions, spec.periods))
    act = "FOISA" if auth.nation == "Scotland" else "FOIA"
    coded = code_reply(content, spec.questions, spec.periods, act=act)
    return {
        (question.label, period): (f["status"], _int(f["value"]), _int(f["lower"]), _int(f["upper"]), f["exemption"])
        for question in spec.questions
        for period in question.periods
        for f in [coded[(question.label, period)]]
    }


def _int(value) -> int | None:
    return None if value is None else int(value)


def _cases(round_ids: tuple[str, ...], layouts: tuple[str, ...]):
    for round_id in round_ids:
        for case in CASES[round_id]:
            for layout in layouts:
                marks = [pytest.mark.xfail(strict=True, reason=NOT_YET[layout])] if layout in NOT_YET else []
                yield pytest.param(round_id, case, layout, id=f"{round_id}-{case}-{layout}", marks=marks)


def render_to(tmp_path: Path, layout: str, reply: Reply, auth: Authority, ctx: Ctx, spec: RoundSpec) -> Path:
    welsh = load_params(spec.round_id)["welsh"] if spec.round_id != MULTI else None
    periods = [RoundPeriod(p.id, p.label) for p in spec.periods]
    name, content = render_layout(layout, reply, auth, ctx, periods=periods, welsh=welsh)
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def coded_case(specs, tmp_path_factory):
    """``(round_id, case, layout) -> (coding, answer key)``: the case rendered in the layout, then
    read and coded. Each is done once for the module: two tests check every coding."""
    done: dict[tuple[str, str, str], tuple[dict, dict]] = {}

    def coded(round_id: str, case: str, layout: str) -> tuple[dict, dict]:
        if (round_id, case, layout) not in done:
            spec = specs[round_id]
            reply, auth, ctx = case_reply(spec, case)
            path = render_to(tmp_path_factory.mktemp(layout), layout, reply, auth, ctx, spec)
            done[round_id, case, layout] = code(path, spec, auth), expected(reply)
        return done[round_id, case, layout]

    return coded


@pytest.mark.parametrize(("round_id", "case", "layout"), list(_cases(("2017", "2014-15"), SINGLE_PERIOD_LAYOUTS)))
def test_every_single_period_layout_codes_to_the_answer_key(coded_case, round_id, case, layout):
    got, want = coded_case(round_id, case, layout)
    assert got == want


@pytest.mark.parametrize(("round_id", "case", "layout"), list(_cases((MULTI,), MULTI_PERIOD_LAYOUTS)))
def test_every_multi_period_layout_codes_one_answer_per_period(coded_case, round_id, case, layout):
    got, want = coded_case(round_id, case, layout)
    assert got == want


# Layouts whose coding is not only incomplete but wrong somewhere (a silent wrong).
SILENT_WRONG: dict[str, str] = {}


def _wrong_cells(got: dict, want: dict) -> dict:
    """Cells coded otherwise than the key and not left to a person (status unparsed)."""
    return {cell: (got[cell], want[cell]) for cell in want if got[cell] != want[cell] and got[cell][0] != "unparsed"}


@pytest.mark.parametrize(
    ("round_id", "case", "layout"),
    [pytest.param(*p.values, id=p.id, marks=[pytest.mark.xfail(strict=True, reason=SILENT_WRONG[p.values[2]])]
                  if p.values[2] in SILENT_WRONG else [])
     for p in (*_cases(("2017", "2014-15"), SINGLE_PERIOD_LAYOUTS), *_cases((MULTI,), MULTI_PERIOD_LAYOUTS))],
)
def test_no_layout_is_coded_wrong_even_before_its_reader_exists(coded_case, round_id, case, layout):
    """What a reader cannot place goes to manual coding (unparsed), never to a wrong code."""
    assert _wrong_cells(*coded_case(round_id, case, layout)) == {}


# --------------------------------------------------------------------------- the renderer itself


@pytest.mark.parametrize("layout", SINGLE_PERIOD_LAYOUTS)
def test_layouts_are_deterministic_to_the_byte(specs, layout):
    spec = specs["2017"]
    reply, auth, ctx = case_reply(spec, "england_mixed")
    welsh = load_params("2017")["welsh"]
    first = render_layout(layout, reply, auth, ctx, welsh=welsh)
    again = render_layout(layout, *case_reply(spec, "england_mixed"), welsh=welsh)
    assert first == again


def test_every_layout_is_a_different_file(specs):
    spec = specs["2017"]
    reply, auth, ctx = case_reply(spec, "england_mixed")
    welsh = load_params("2017")["welsh"]
    contents = [render_layout(layout, reply, auth, ctx, welsh=welsh)[1] for layout in SINGLE_PERIOD_LAYOUTS]
    assert len(set(contents)) == len(SINGLE_PERIOD_LAYOUTS)


def test_rendering_leaves_the_reply_unchanged(specs):
    spec = specs["2017"]
    reply, auth, ctx = case_reply(spec, "wales_refusals")
    before = [dataclasses.asdict(a) for a in reply.answers]
    render_layout("csv", reply, auth, ctx)
    assert [dataclasses.asdict(a) for a in reply.answers] == before


def test_a_single_period_layout_refuses_a_multi_period_reply(specs):
    spec = specs[MULTI]
    reply, auth, ctx = case_reply(spec, "england_three_years")
    with pytest.raises(ValueError, match="one period"):
        render_layout("xlsx", reply, auth, ctx)


# --------------------------------------------------------------------------- in a whole round


@pytest.mark.slow  # generates and ingests a whole round
@pytest.mark.parametrize("round_id", ["2017", "2014-15"])
def test_a_round_with_a_share_of_real_world_layouts_keeps_its_answer_key(tmp_path, round_id):
    """params ``real_world_layouts``: the answer key is unchanged but for the files' names, and
    ingest of the round written with those layouts agrees with it cell by cell."""
    params = load_params(round_id)
    layouts = [layout for layout in SINGLE_PERIOD_LAYOUTS if layout not in NOT_YET]
    params["real_world_layouts"] = {"share": 0.25, "layouts": layouts}
    params_dir = tmp_path / "params"
    params_dir.mkdir()
    (params_dir / f"{round_id}.yaml").write_text(yaml.safe_dump(params, sort_keys=False, allow_unicode=True), encoding="utf-8")
    corpus = build(round_id, ROOT, params_dir=params_dir)
    used = {r.layout for r in corpus.replies if r.fmt == REAL_WORLD}
    assert set(layouts) - {"txt_bilingual"} <= used <= set(layouts)  # bilingual: Welsh authorities only

    def without_file_names(text: str) -> list[dict]:
        return [{k: v for k, v in row.items() if k != "source_file"} for row in csv.DictReader(io.StringIO(text))]

    committed = (ROOT / "tests" / "fixtures" / "truth" / f"{round_id}.csv").read_text(encoding="utf-8")
    assert without_file_names(corpus.truth_files[f"{round_id}.csv"].decode("utf-8")) == without_file_names(committed)

    folder = tmp_path / "raw" / round_id
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "raw" / round_id / "round.yaml", folder / "round.yaml")
    write(corpus, folder, tmp_path / "truth")
    result = ingest_round(folder)
    assert not (result.qa["severity"] == "error").any(), result.qa.to_string()
    compared = ["authority_code", "question", "period", "status", "value", "lower", "upper", "exemption",
                "covers", "refers_to"]
    truth = _text(read_csv(tmp_path / "truth" / f"{round_id}.csv"))[compared]
    answers = _text(result.answers)[compared]
    merged = truth.merge(answers, on=compared[:3], suffixes=("_key", "_ingest"))
    assert len(merged) == len(truth) == len(answers)
    wrong = [row for row in merged.to_dict("records")
             if any(row[f"{c}_key"] != row[f"{c}_ingest"] for c in compared[3:])]
    assert not wrong, wrong[:5]


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), "").astype(str).reset_index(drop=True)
