"""A small hand-made round (12 authorities) following docs/architecture.md, for report tests.

``make_fake_project(folder)`` writes a project-shaped folder: the 2014-15
round spec and published figures copied from the repository, and
``results/2014-15/`` tables (answers hand-made; statistics and contributions
computed by the package; reproduction compared by the package when it is
there). Values are invented and small enough to exercise disclosure control.
``render_fake_report(folder)`` renders its round report as well (``render_report`` in a
project already made).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from foi_missing.core.roundspec import load_round_spec
from foi_missing.core.tables import write_csv

REPO_ROOT = Path(__file__).resolve().parents[2]
ROUND = "2014-15"

AUTHORITIES = [
    ("E10000016", "Kent", "England"),
    ("E06000034", "Thurrock", "England"),
    ("E09000017", "Hillingdon", "England"),
    ("E09000008", "Croydon", "England"),
    ("E08000025", "Birmingham", "England"),
    ("E10000030", "Surrey", "England"),
    ("E06000056", "Central Bedfordshire", "England"),
    ("E09000033", "Westminster", "England"),
    ("W06000015", "Cardiff", "Wales"),
    ("W06000011", "Swansea", "Wales"),
    ("S12000036", "City of Edinburgh", "Scotland"),
    ("N09000003", "Belfast", "Northern Ireland"),
]

# Per authority: Q1..Q8 as a number, or (status, extra) for other answers.
R = "reported"
ANSWERS = {
    "E10000016": [40, 12, 30, 3, 985, 190, 400, 53],
    "E06000034": [15, 6, 14, 0, 120, 60, 130, 5],
    "E09000017": [10, 2, 5, 0, 200, 55, 90, 6],
    "E09000008": [20, 9, 20, 1, 150, 40, 70, 2],
    "E08000025": [8, ("suppressed", (1, 4)), ("not_recorded", None), 0, 60, 11, ("not_recorded", None), 0],
    "E10000030": [("unparsed", "Two trafficked children were looked after and one went missing"),
                  ("unparsed", "see letter"), ("unparsed", "see letter"), ("unparsed", "see letter"),
                  30, 7, 9, 0],
    "E06000056": [("refused_cost", None)] * 8,
    "E09000033": [12, ("covers", "Q2;Q6", 17), 25, 0, 80, ("covers", "Q2;Q6", 17), 30, 0],
    "W06000015": [5, 1, 1, 0, 25, 3, 4, 0],
    "W06000011": [0, 0, 0, 0, 9, 0, 0, 0],
    "S12000036": [("no_response", None)] * 8,
    "N09000003": [("not_responsible", "Belfast Health and Social Care Trust")] * 8,
}
MANUAL = {("E10000030", "Q1"): (2, "manual:ab", "Coded from the letter: 'Two trafficked children'")}


def answers_table() -> pd.DataFrame:
    spec = load_round_spec(REPO_ROOT / "data" / "raw" / ROUND)
    rows = []
    for code, name, nation in AUTHORITIES:
        for question, answer in zip(spec.questions, ANSWERS[code]):
            row = {
                "round": ROUND, "authority_code": code, "authority_name": name, "nation": nation,
                "question": question.label, "cohort": question.cohort,
                "sub_cohort": question.sub_cohort, "measure": question.measure,
                "period": question.period, "status": R, "value": None, "lower": None,
                "upper": None, "exemption": None, "covers": None, "refers_to": None,
                "redirect": None, "period_note": None, "raw_text": None,
                "source_file": f"replies/{name} FOI response.txt",
                "source_location": f"line {10 + len(rows) % 8}",
                "reply_id": f"{ROUND}-{code}-1", "coded_by": "auto:inline", "note": None,
            }
            if isinstance(answer, int):
                row.update(value=answer, lower=answer, upper=answer, raw_text=str(answer))
            elif answer[0] == "covers":
                _, covers, value = answer
                row.update(value=value, lower=value, upper=value, covers=covers,
                           raw_text=f"Q2 and Q6 together: {value}")
            else:
                status, extra = answer
                row["status"] = status
                if status == "suppressed":
                    row.update(lower=extra[0], upper=extra[1], exemption="FOIA s40(2)",
                               raw_text="fewer than 5")
                elif status == "unparsed":
                    row.update(raw_text=extra, coded_by="auto:none",
                               note="letter: no question labels found")
                elif status == "not_responsible":
                    row.update(redirect=extra, raw_text="The Trust holds this information")
                elif status == "refused_cost":
                    row.update(exemption="FOIA s12", raw_text="=250 casefiles at 15 minutes")
                elif status == "no_response":
                    row.update(source_file=None, source_location=None, reply_id=None,
                               coded_by="ledger")
                else:
                    row.update(raw_text="This is not recorded in a reportable format")
            manual = MANUAL.get((code, question.label))
            if manual:
                value, coder, note = manual
                row.update(status=R, value=value, lower=value, upper=value, coded_by=coder,
                           note=note)
            rows.append(row)
    return pd.DataFrame(rows)


QA_ROWS = [
    ("error", "E10000030", "Q2", "unparsed_answer", "Q2: could not code 'see letter'",
     "replies/Surrey FOI response.txt line 12"),
    ("warning", "E09000017", "Q3", "episodes_below_went_missing",
     "Hillingdon: 5 episodes for 2 children who went missing? check", "replies/Hillingdon line 3"),
    ("warning", "E09000033", "Q2", "combined_cohorts", "@Westminster: one figure 17 for Q2 and Q6",
     "replies/Westminster line 7"),
    ("info", "E10000016", "Q8", "other_period", "+Kent: figure as at 2015-10-31", "replies/Kent line 9"),
]


def make_fake_project(folder: Path) -> Path:
    """Write the fake round under ``folder`` (a project layout) and return ``folder``."""
    raw = folder / "data" / "raw" / ROUND
    raw.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "data" / "raw" / ROUND / "round.yaml", raw / "round.yaml")
    (folder / "data" / "published").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "data" / "published" / f"{ROUND}.yaml",
                folder / "data" / "published" / f"{ROUND}.yaml")
    answers = answers_table()
    coding = answers[answers["coded_by"].str.startswith("manual:")].copy()
    coding = coding.assign(coded_on="2025-01-01")[
        ["authority_code", "question", "period", "status", "value", "lower", "upper", "exemption",
         "covers", "refers_to", "raw_text", "source_file", "source_location", "coded_by",
         "coded_on", "note"]]
    write_csv(coding, raw / "coding_sheet.csv")
    results = folder / "results" / ROUND
    write_csv(answers, results / "answers.csv")
    write_csv(pd.DataFrame(QA_ROWS, columns=["severity", "authority_code", "question", "rule",
                                             "message", "source"]), results / "qa.csv")
    from foi_missing.statistics.compute import compute_statistics

    spec = load_round_spec(raw)
    statistics, contributions = compute_statistics(answers, spec)
    write_csv(statistics, results / "statistics.csv")
    write_csv(contributions, results / "contributions.csv")
    try:
        from foi_missing.statistics.reproduction import compare

        reproduction = compare(statistics, folder / "data" / "published" / f"{ROUND}.yaml", ROUND)
    except ImportError:  # pragma: no cover - the module is another engineer's
        reproduction = pd.DataFrame([
            ("authorities_asked", "reproduce", "217", 217, "12", 12, "false", "release", ""),
            ("uasc_in_care", "reproduce", "4,744", 4744, "1,659", 1659, "false", "release", ""),
        ], columns=["statistic_id", "role", "published_text", "published_value", "computed_text",
                    "computed_value", "match", "source", "note"])
    write_csv(reproduction, results / "reproduction.csv")
    return folder


# The round report notebook's parameters for the fake project (paths relative to it).
REPORT_PARAMETERS = {
    "round_id": ROUND,
    "results": "results",
    "raw": "data/raw",
    "published": "data/published",
    "disclosure": {"min_count": 1, "max_count": 4, "symbol": "[c]"},
    "commit": "0123456789abcdef0123456789abcdef01234567",
}


def render_fake_report(folder: Path) -> tuple[Path, Path]:
    """The fake project under ``folder`` with its round report rendered as rule ``report``
    does: (``results/report/2014-15.html``, the executed notebook beside it)."""
    return render_report(make_fake_project(folder))


def render_report(folder: Path) -> tuple[Path, Path]:
    """Render the round report of the fake project in ``folder`` (``make_fake_project``)."""
    from foi_missing.publication import render

    html = folder / "results" / "report" / f"{ROUND}.html"
    notebook = folder / "results" / "report" / f"{ROUND}.ipynb"
    html.parent.mkdir(parents=True, exist_ok=True)
    render.render(REPO_ROOT / "notebooks" / "round_report.ipynb", REPORT_PARAMETERS, html,
                  notebook, title=f"Round {ROUND}", cwd=folder)
    return html, notebook


# --- a multi-period round folder for ingest tests -------------------------------------------------
#
# Three periods; Q1 and Q2 ask about each of them, Q3 about the last only. The
# replies are what readers would find in them (``MULTI_PERIOD_CONTENT``): a
# test hands them to ingest in place of the real readers, since which layout
# gives per-period answers is the readers' business, not ingest's.

MULTI_PERIOD_SPEC = {
    "round": "2018-20",
    "title": "Fake multi-period round",
    "report": {"title": "A fake multi-period round"},
    "reconstructed": True,
    "periods": [{"id": str(y), "label": f"calendar {y}", "start": f"{y}-01-01", "end": f"{y}-12-31"}
                for y in (2018, 2019, 2020)],
    "date_sent": "2021-02-01",
    "reply_cutoff": "2021-06-30",
    "include_late": False,
    "request_log": "request_log.csv",
    "replies_dir": "replies",
    "coding_sheet": "coding_sheet.csv",
    "questions": [
        {"label": "Q1", "wording": "How many trafficked children were in your care in each year?",
         "cohort": "trafficked", "measure": "in_care", "periods": ["2018", "2019", "2020"]},
        {"label": "Q2", "wording": "Of the children in Q1, how many went missing in each year?",
         "cohort": "trafficked", "measure": "went_missing", "periods": ["2018", "2019", "2020"]},
        {"label": "Q3", "wording": "How many unaccompanied children went missing in 2020?",
         "cohort": "uasc", "measure": "went_missing", "period": "2020"},
    ],
}
MULTI_PERIOD_AUTHORITIES = {"E10000016": "Kent County Council", "E06000034": "Thurrock Council",
                            "E09000008": "London Borough of Croydon", "E06000035": "Medway Council"}
_REFUSAL = "We are refusing your request under section 12 of the Freedom of Information Act 2000."


def multi_period_content() -> dict[str, object]:
    """Reply file name -> the ReplyContent its reader would return."""
    from foi_missing.ingest.readers import NameClue, RawAnswer, ReplyContent

    def content(council: str, *answers: RawAnswer) -> ReplyContent:
        return ReplyContent(tuple(answers), (NameClue(council, "line 1"),))

    return {
        # A column per year: every answer says its period.
        "kent.xlsx": content(
            "Kent County Council",
            *(RawAnswer("Q1", text, f"Sheet1!{col}2", period=year)
              for year, col, text in (("2018", "B", "8"), ("2019", "C", "8"), ("2020", "D", "5"))),
            *(RawAnswer("Q2", text, f"Sheet1!{col}3", period=year)
              for year, col, text in (("2018", "B", "0"), ("2019", "C", "Fewer than 5"),
                                      ("2020", "D", "2"))),
            RawAnswer("Q3", "11", "Sheet1!D4"),
        ),
        # One figure for Q1 that does not say which year; Q2 not held; a partial year the
        # reader could not place.
        "thurrock.txt": content(
            "Thurrock Council",
            RawAnswer("Q1", "12", "line 10"),
            RawAnswer("Q2", "This information is not held.", "line 11"),
            RawAnswer("Q3", "2021 up to 30/6/21 - 4", "line 12",
                      reason="period '2021 up to 30/6/21' is not a period the round asks about"),
        ),
        "croydon.txt": content(
            "London Borough of Croydon",
            *(RawAnswer(label, _REFUSAL, "line 8", whole_request=True) for label in ("Q1", "Q2", "Q3")),
        ),
    }


def make_multi_period_round(folder: Path, coding: list[dict] | None = None) -> Path:
    """The fake multi-period round folder: Kent, Thurrock and Croydon replied, Medway did not,
    and a stray reply sits in replies/ that the request log does not name."""
    import yaml

    log_columns = ["reply_id", "request_ref", "gss_code", "authority_name", "date_sent",
                   "date_received", "outcome", "reply_file", "supersedes", "note"]
    files = {"E10000016": "kent.xlsx", "E06000034": "thurrock.txt", "E09000008": "croydon.txt"}
    (folder / "replies").mkdir(parents=True)
    (folder / "round.yaml").write_text(yaml.safe_dump(MULTI_PERIOD_SPEC, sort_keys=False))
    rows = []
    for gss, name in MULTI_PERIOD_AUTHORITIES.items():
        reply_file = files.get(gss, "")
        rows.append({"reply_id": f"2018-20-{gss}-1", "request_ref": f"REF-{gss}", "gss_code": gss,
                     "authority_name": name, "date_sent": "2021-02-01",
                     "date_received": "2021-03-01" if reply_file else "",
                     "outcome": "answered" if reply_file else "no_reply", "reply_file": reply_file,
                     "supersedes": "", "note": ""})
        if reply_file:
            (folder / "replies" / reply_file).write_text(f"{name}\n(fake reply: see fake_round.py)\n")
    (folder / "replies" / "stray.txt").write_text("Somewhere Council\nQ1. 3\n")
    pd.DataFrame(rows, columns=log_columns).to_csv(folder / "request_log.csv", index=False)
    if coding is not None:
        columns = ["authority_code", "question", "period", "status", "value", "lower", "upper",
                   "exemption", "covers", "refers_to", "raw_text", "source_file", "source_location",
                   "coded_by", "coded_on", "note"]
        pd.DataFrame(coding, columns=columns).fillna("").to_csv(folder / "coding_sheet.csv", index=False)
    return folder


# --- a multi-period round's results for disclosure tests ------------------------------------------
#
# MULTI_PERIOD_SPEC's questions answered by six English authorities. Every count
# is large except Kent's Q2 for 2019 (3 went missing): in the first period
# (2018) Kent's Q2 is 10, so a table keeping one answer per authority and
# question would look at the wrong cell. The 2019 total of Q2 is printed
# (``period:2019:trafficked_went_missing``), so hiding Kent's 3 alone would let a
# reader subtract the visible 2019 cells from it.

MULTI_PERIOD_SMALL = ("E10000016", "Q2", "2019", 3)
MULTI_PERIOD_VALUES = {  # code -> {question: {period: value}}
    "E10000016": {"Q1": (40, 42, 45), "Q2": (10, 3, 12), "Q3": (30,)},
    "E06000034": {"Q1": (15, 16, 14), "Q2": (6, 7, 8), "Q3": (12,)},
    "E09000017": {"Q1": (20, 21, 25), "Q2": (9, 11, 10), "Q3": (20,)},
    "E09000008": {"Q1": (25, 22, 28), "Q2": (12, 9, 13), "Q3": (25,)},
    "E08000025": {"Q1": (18, 19, 17), "Q2": (7, 8, 6), "Q3": (9,)},
    "E10000030": {"Q1": (30, 31, 29), "Q2": (14, 13, 15), "Q3": (11,)},
}


def multi_period_round_data(folder: Path, values: dict | None = None):
    """``report.RoundData`` of the fake multi-period round (statistics and contributions
    computed by the package; no reproduction, no QA)."""
    import yaml
    from foi_missing.publication.disclosure import DisclosureRule
    from foi_missing.publication.report_sections.round_data import RoundData
    from foi_missing.statistics.compute import compute_statistics

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "round.yaml").write_text(yaml.safe_dump(MULTI_PERIOD_SPEC, sort_keys=False))
    spec = load_round_spec(folder)
    names = {code: name for code, name, _ in AUTHORITIES}
    rows = []
    for code, by_question in (values or MULTI_PERIOD_VALUES).items():
        for question in spec.questions:
            for period, value in zip(question.periods, by_question[question.label]):
                rows.append({
                    "round": spec.round_id, "authority_code": code, "authority_name": names[code],
                    "nation": "England", "question": question.label, "cohort": question.cohort,
                    "sub_cohort": question.sub_cohort, "measure": question.measure,
                    "period": period, "status": R, "value": float(value), "lower": float(value),
                    "upper": float(value), "exemption": None, "covers": None, "refers_to": None,
                    "redirect": None, "period_note": None, "raw_text": str(value),
                    "source_file": f"replies/{names[code]}.xlsx",
                    "source_location": f"{question.label} {period}", "reply_id": f"r-{code}",
                    "coded_by": "auto:table", "note": None,
                })
    answers = pd.DataFrame(rows)
    statistics, contributions = compute_statistics(answers, spec)
    empty = pd.DataFrame()
    return RoundData(round_id=spec.round_id, spec=spec, rule=DisclosureRule(), answers=answers,
                     qa=empty, statistics=statistics, contributions=contributions,
                     reproduction=pd.DataFrame(columns=["statistic_id", "computed_value"]),
                     official_comparison=empty, coding_sheet=empty)
