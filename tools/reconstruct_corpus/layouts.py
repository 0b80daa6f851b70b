"""One authority's answers in every layout councils send (issue 10, "Same answers, every layout").

``render.py`` writes the corpus's own reply formats. This module renders ONE reply's
answers (the generator's :class:`~.model.Answer` records, worded by ``wording.py``) in
each real-world layout the readers must handle: workbooks with questions down the rows
or across the columns, two question blocks, answers behind a cover sheet, CSV, a Word
letter with a table, PDF letters (text and table), an HTML-only e-mail with a table, an
e-mail with the workbook attached, one-line and bilingual Welsh/English text (the question quoted in both languages, or both
labels before the answer), and, for a
question set asked about several periods, a period list and a column per period.

Every layout writes the same answer texts (worded once per reply, with a seed that does
not depend on the layout), so a reader that codes one layout right must code all of them
identically. Output is deterministic to the byte: fixed zip member dates and document
properties, fixed PDF creation date, fixed e-mail Date / Message-ID / boundary.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.policy
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .allocate import sub_rng
from .model import Answer, Authority, Reply
from .render import SYNTHETIC, Ctx, fill_texts, letterhead, normalize_xlsx, period_phrase, safe_name
from .wording import appeal, council_domain, date_words, fa_act

# Layouts for a question set asked about one period.
SINGLE_PERIOD_LAYOUTS = (
    "xlsx",
    "xlsx_transposed",
    "xlsx_blocks_side_by_side",
    "xlsx_blocks_stacked",
    "xlsx_cover_sheet",
    "csv",
    "docx_table",
    "pdf_letter",
    "pdf_table",
    "eml_html_table",
    "eml_attached_xlsx",
    "eml_attached_csv",
    "eml_attached_pdf",
    "eml_attached_docx",
    "txt_one_line",
    "txt_bilingual",
    "txt_bilingual_labels",
)
# Layouts in Welsh and English, for Welsh authorities.
BILINGUAL_LAYOUTS = ("txt_bilingual", "txt_bilingual_labels")
# Layouts for a question set asked about several periods (one answer per question x period).
MULTI_PERIOD_LAYOUTS = ("txt_period_list", "xlsx_period_columns", "txt_period_lines", "eml_period_lines",
                        "xlsx_period_rows", "csv_period_columns", "eml_period_workbook")

COHORT_TITLES = {
    "trafficked": "Children who were victims, or suspected victims, of trafficking",
    "uasc": "Unaccompanied asylum-seeking children",
}
HEADERS = ("Question", "Description", "Answer")
# Attachment kind -> (file suffix, MIME type).
ATTACHMENTS = {
    "xlsx": (".xlsx", ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    "csv": (".csv", ("text", "csv")),
    "pdf": (".pdf", ("application", "pdf")),
    "docx": (".docx", ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")),
}


@dataclass(frozen=True)
class RoundPeriod:
    """A period of the round as a council names it in a per-period layout ("2019")."""

    id: str
    label: str
    short: str = ""  # as a letter lists it: "2021", "2024 (up to 30 April 2024)"; blank: the label

    @property
    def listed(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Row:
    """One question of the reply: its label, wording and answer text(s) by period id."""

    label: str
    wording: str
    cohort: str
    texts: dict[str, object]  # period id -> answer text (an int stays an int for a cell)

    def text(self, period: str | None = None) -> object:
        return self.texts[period] if period is not None else next(iter(self.texts.values()))


def render_layout(layout: str, reply: Reply, auth: Authority, ctx: Ctx, *,
                  periods: Sequence[RoundPeriod] = (), welsh: dict[str, dict] | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of ``reply``'s answers in ``layout``.

    ``periods``: the round's periods in order, for the multi-period layouts.
    ``welsh``: label -> {"label": Welsh label, "wording": Welsh wording}, for the
    bilingual layout (the Welsh labels are the questions' aliases in round.yaml).
    """
    rows = answer_rows(reply, auth, ctx)
    when = dt.datetime.combine(reply.date_received, dt.time(11, 30), tzinfo=dt.UTC)
    ref = safe_name(reply.request_ref.replace("/", "-"))
    multi = layout in MULTI_PERIOD_LAYOUTS
    if multi and not periods:
        raise ValueError(f"layout {layout} needs the round's periods")
    if not multi and any(len(r.texts) != 1 for r in rows):
        raise ValueError(f"layout {layout} answers one period; the reply has several")
    if layout == "xlsx":
        return f"{ref} response.xlsx", _xlsx_plain(rows, auth, reply, when)
    if layout == "xlsx_transposed":
        return f"{ref} response.xlsx", _workbook(when, reply, lambda ws: _transposed(ws, rows, auth))
    if layout == "xlsx_blocks_side_by_side":
        return f"{ref} response.xlsx", _workbook(when, reply, lambda ws: _blocks(ws, rows, auth, side_by_side=True))
    if layout == "xlsx_blocks_stacked":
        return f"{ref} response.xlsx", _workbook(when, reply, lambda ws: _blocks(ws, rows, auth, side_by_side=False))
    if layout == "xlsx_cover_sheet":
        return f"{ref} response.xlsx", _xlsx_cover(rows, auth, reply, ctx, when)
    if layout == "csv":
        return f"{ref} response.csv", _csv(rows)
    if layout == "docx_table":
        return f"{ref} response.docx", _docx(rows, auth, reply, ctx, when)
    if layout == "pdf_letter":
        return f"{ref} response.pdf", _pdf(rows, auth, reply, ctx, when, table=False)
    if layout == "pdf_table":
        return f"{ref} response.pdf", _pdf(rows, auth, reply, ctx, when, table=True)
    if layout == "eml_html_table":
        return f"RE FOI request {ref}.eml", _eml_html_table(rows, auth, reply, ctx, when)
    if layout == "eml_period_workbook":
        attachment = _workbook(when, reply, lambda ws: _period_columns(ws, rows, auth, periods))
        return f"RE FOI request {ref}.eml", _eml_attached(auth, reply, ctx, when, ref, "xlsx", attachment)
    if layout.startswith("eml_attached_"):
        kind = layout.removeprefix("eml_attached_")
        attachment = {
            "xlsx": lambda: _xlsx_plain(rows, auth, reply, when),
            "csv": lambda: _csv(rows),
            "pdf": lambda: _pdf(rows, auth, reply, ctx, when, table=True),
            "docx": lambda: _docx(rows, auth, reply, ctx, when),
        }[kind]()
        return f"RE FOI request {ref}.eml", _eml_attached(auth, reply, ctx, when, ref, kind, attachment)
    if layout == "txt_one_line":
        return f"{ref} response.txt", _txt(_letter(_one_line(rows), auth, reply, ctx))
    if layout in BILINGUAL_LAYOUTS:
        if not welsh:
            raise ValueError("the bilingual layouts need the Welsh labels and wordings")
        body = _bilingual(rows, welsh) if layout == "txt_bilingual" else _bilingual_labels(rows, welsh)
        return f"{ref} ymateb response.txt", _txt(_letter(body, auth, reply, ctx, welsh=True))
    if layout == "txt_period_list":
        return f"{ref} response.txt", _txt(_letter(_period_list(rows, periods), auth, reply, ctx))
    if layout == "xlsx_period_columns":
        return f"{ref} response.xlsx", _workbook(when, reply, lambda ws: _period_columns(ws, rows, auth, periods))
    if layout == "txt_period_lines":
        return f"{ref} response.txt", _txt(_letter(_period_lines(rows, periods), auth, reply, ctx))
    if layout == "eml_period_lines":
        return f"RE FOI request {ref}.eml", _eml_text(_letter(_period_lines(rows, periods), auth, reply, ctx),
                                                      auth, reply, ctx, when)
    if layout == "xlsx_period_rows":
        return f"{ref} response.xlsx", _workbook(when, reply, lambda ws: _period_rows(ws, rows, auth, periods))
    if layout == "csv_period_columns":
        return f"{ref} response.csv", _csv_period_columns(rows, periods)
    raise ValueError(f"unknown layout {layout!r}")


# --------------------------------------------------------------------------- answer texts


def answer_rows(reply: Reply, auth: Authority, ctx: Ctx) -> list[Row]:
    """The reply's questions in codebook order, each with its answer text per period.

    The texts are the generator's cell wording (no Notes column, so a withheld figure
    states its exemption in the answer), drawn from a seed that depends on the reply
    only: every layout writes the same texts.
    """
    answers = [replace(a) for a in reply.answers]
    worded = replace(reply, answers=answers)
    fill_texts(worded, auth, ctx, sub_rng(ctx.seed, f"layout-texts:{reply.reply_id}"),
               letter=False, notes_column=False)
    by_question: dict[str, dict[str, object]] = {}
    for ans in answers:
        by_question.setdefault(ans.question, {})[ans.period] = _plain(ans)
    rows = []
    for q in ctx.questions:
        if q["label"] in by_question:
            rows.append(Row(q["label"], q["wording"], q["cohort"], by_question[q["label"]]))
    return rows


def _plain(ans: Answer) -> object:
    text = ans.text
    return text if isinstance(text, int) else str(text)


def _as_text(value: object) -> str:
    return str(value)


# --------------------------------------------------------------------------- workbooks


def _new_workbook(when: dt.datetime, reply: Reply) -> Workbook:
    wb = Workbook()
    wb.properties.creator = "Information Governance"
    wb.properties.lastModifiedBy = "Information Governance"
    wb.properties.title = f"FOI response {reply.request_ref}"
    wb.properties.description = SYNTHETIC
    wb.properties.created = when
    wb.properties.modified = when
    return wb


def _saved(wb: Workbook, when: dt.datetime) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_xlsx(buf.getvalue(), when)


def _workbook(when: dt.datetime, reply: Reply, fill) -> bytes:
    wb = _new_workbook(when, reply)
    ws = wb.active
    ws.title = "Response"
    fill(ws)
    return _saved(wb, when)


def _table(ws: Worksheet, top: int, left: int, rows: Sequence[Row]) -> None:
    """``Question | Description | Answer`` from (top, left), a row per question."""
    for c, head in enumerate(HEADERS):
        ws.cell(row=top, column=left + c, value=head)
    for r, row in enumerate(rows, start=top + 1):
        ws.cell(row=r, column=left, value=row.label)
        ws.cell(row=r, column=left + 1, value=row.wording)
        ws.cell(row=r, column=left + 2, value=row.text())


def _xlsx_plain(rows: Sequence[Row], auth: Authority, reply: Reply, when: dt.datetime) -> bytes:
    return _workbook(when, reply, lambda ws: _table(ws, 1, 1, rows))


def _transposed(ws: Worksheet, rows: Sequence[Row], auth: Authority) -> None:
    """Questions across the columns: a row of labels, one of wordings, one of answers."""
    ws["A1"] = letterhead(auth)
    for r, head in enumerate(HEADERS, start=3):
        ws.cell(row=r, column=1, value=head)
    for c, row in enumerate(rows, start=2):
        ws.cell(row=3, column=c, value=row.label)
        ws.cell(row=4, column=c, value=row.wording)
        ws.cell(row=5, column=c, value=row.text())


def _cohort_blocks(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    blocks: dict[str, list[Row]] = {}
    for row in rows:
        blocks.setdefault(row.cohort, []).append(row)
    return [(COHORT_TITLES.get(cohort, cohort), block) for cohort, block in blocks.items()]


def _blocks(ws: Worksheet, rows: Sequence[Row], auth: Authority, *, side_by_side: bool) -> None:
    """A trafficked block and a UASC block, each with its own title and header row."""
    ws["A1"] = letterhead(auth)
    top, left = 3, 1
    for title, block in _cohort_blocks(rows):
        ws.cell(row=top, column=left, value=title)
        _table(ws, top + 1, left, block)
        if side_by_side:
            left += len(HEADERS) + 1
        else:
            top += len(block) + 3


def _xlsx_cover(rows: Sequence[Row], auth: Authority, reply: Reply, ctx: Ctx, when: dt.datetime) -> bytes:
    """A cover sheet with the covering letter; the answers on the second sheet."""
    wb = _new_workbook(when, reply)
    cover = wb.active
    cover.title = "Cover"
    lines = [letterhead(auth), fa_act(auth.nation), f"Our reference: {reply.request_ref}",
             f"Date: {date_words(reply.date_received)}", "",
             f"Thank you for your request. Our response, for {period_phrase(ctx)}, is on the sheet 'Answers'."]
    for r, line in enumerate(lines, start=1):
        if line:
            cover.cell(row=r, column=1, value=line)
    _table(wb.create_sheet("Answers"), 1, 1, rows)
    return _saved(wb, when)


def _period_columns(ws: Worksheet, rows: Sequence[Row], auth: Authority, periods: Sequence[RoundPeriod]) -> None:
    """A column per period: ``Question | Description | 2018 | 2019 | 2020``."""
    ws["A1"] = letterhead(auth)
    heads = ["Question", "Description", *(p.label for p in periods)]
    for c, head in enumerate(heads, start=1):
        ws.cell(row=3, column=c, value=head)
    for r, row in enumerate(rows, start=4):
        ws.cell(row=r, column=1, value=row.label)
        ws.cell(row=r, column=2, value=row.wording)
        for c, period in enumerate(periods, start=3):
            ws.cell(row=r, column=c, value=row.text(period.id))


def _period_rows(ws: Worksheet, rows: Sequence[Row], auth: Authority, periods: Sequence[RoundPeriod]) -> None:
    """Questions across the columns, a row per period: ``Period | 1a | 1b | ...``."""
    ws["A1"] = letterhead(auth)
    ws.cell(row=3, column=1, value="Period")
    for c, row in enumerate(rows, start=2):
        ws.cell(row=3, column=c, value=row.label)
    for r, period in enumerate(periods, start=4):
        ws.cell(row=r, column=1, value=period.label)
        for c, row in enumerate(rows, start=2):
            ws.cell(row=r, column=c, value=row.text(period.id))


# --------------------------------------------------------------------------- csv


def _csv_period_columns(rows: Sequence[Row], periods: Sequence[RoundPeriod]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["Question", "Description", *(p.label for p in periods)])
    for row in rows:
        writer.writerow([row.label, row.wording, *(_as_text(row.text(p.id)) for p in periods)])
    return buf.getvalue().encode("utf-8")


def _csv(rows: Sequence[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.label, row.wording, row.text()])
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- letters


def _letter(body: list[str], auth: Authority, reply: Reply, ctx: Ctx, *, welsh: bool = False) -> str:
    """A council letter around ``body`` (its answer lines)."""
    name = letterhead(auth)
    greeting = ["Annwyl Syr/Fadam,", "Dear Sir or Madam,"] if welsh else ["Dear Sir or Madam,"]
    lines = [name, "Information Governance Team", "", f"Our ref: {reply.request_ref}",
             f"Date: {date_words(reply.date_received)}", "", *greeting, "",
             f"{fa_act(auth.nation)} - request for information", "",
             (f"Thank you for your request for information received on {date_words(ctx.date_sent)}. "
              f"The figures below cover {period_phrase(ctx)}."), "",
             *body, "", appeal(auth.nation), "", "Yours faithfully,", "", "Information Governance Team", name]
    return "\n".join(lines) + "\n"


def _txt(letter: str) -> bytes:
    return (letter + "\n" + f"[{SYNTHETIC}]\n").encode("utf-8")


def _qa_lines(rows: Sequence[Row]) -> list[str]:
    """ "1a. <wording> <answer>", a paragraph per question (the plain letter layout)."""
    lines = []
    for row in rows:
        lines += [f"{row.label}. {row.wording} {_as_text(row.text())}", ""]
    return lines[:-1]


def _groups(rows: Sequence[Row]) -> list[list[Row]]:
    """Questions written on one line: 1a, 1b, 1c together; unlettered labels by cohort."""
    groups: list[list[Row]] = []
    key_of = {}
    for row in rows:
        lettered = re.fullmatch(r"(\d+)[a-z]", row.label)
        key = lettered.group(1) if lettered else row.cohort
        if key not in key_of:
            key_of[key] = len(groups)
            groups.append([])
        groups[key_of[key]].append(row)
    return groups


def _one_line(rows: Sequence[Row]) -> list[str]:
    """Several answers on one line: ``1a) 3, 1b) 0, 1c) 12``."""
    lines = ["Our answers to your questions are:", ""]
    for group in _groups(rows):
        lines.append(", ".join(f"{row.label}) {_as_text(row.text())}" for row in group))
    return lines


def _bilingual(rows: Sequence[Row], welsh: dict[str, dict]) -> list[str]:
    """Welsh and English side by side: ``Cwestiwn 1a`` / ``Question 1a``, then ``Ateb / Answer``."""
    lines = ["Dyma ein hymateb i'ch cwestiynau. / Here is our response to your questions.", ""]
    for row in rows:
        cy = welsh[row.label]
        lines += [f"{cy['label']}: {cy['wording']}",
                  f"Question {row.label}: {row.wording}",
                  f"Ateb / Answer: {_as_text(row.text())}", ""]
    return lines[:-1]


def _bilingual_labels(rows: Sequence[Row], welsh: dict[str, dict]) -> list[str]:
    """Both labels before one answer, without the wording: ``Cwestiwn 1a / Question 1a: 3``."""
    lines = ["Dyma ein hymateb i'ch cwestiynau. / Here is our response to your questions.", ""]
    for row in rows:
        lines += [f"{welsh[row.label]['label']} / Question {row.label}: {_as_text(row.text())}", ""]
    return lines[:-1]


def _period_list(rows: Sequence[Row], periods: Sequence[RoundPeriod]) -> list[str]:
    """A list of periods after each question: ``1a) 2018 – 8 / 2019 – 8 / 2020 – 5``."""
    lines = []
    for row in rows:
        listed = " / ".join(f"{p.listed} \u2013 {_as_text(row.text(p.id))}" for p in periods)
        lines += [f"{row.label}) {row.wording}", listed, ""]
    return lines[:-1]


def _period_lines(rows: Sequence[Row], periods: Sequence[RoundPeriod]) -> list[str]:
    """A line per period under each question: ``2021: 24``."""
    lines = []
    for row in rows:
        lines.append(f"{row.label}. {row.wording}")
        lines += [f"{p.listed}: {_as_text(row.text(p.id))}" for p in periods]
        lines.append("")
    return lines[:-1]


# --------------------------------------------------------------------------- Word and PDF


def _docx(rows: Sequence[Row], auth: Authority, reply: Reply, ctx: Ctx, when: dt.datetime) -> bytes:
    """A Word letter: letterhead and paragraphs, the answers in a table."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "Information Governance"
    props.title = f"FOI response {reply.request_ref}"
    props.comments = SYNTHETIC
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
    props.revision = 1
    for line in (letterhead(auth), "Information Governance Team", f"Our ref: {reply.request_ref}",
                 f"Date: {date_words(reply.date_received)}", "Dear Sir or Madam,",
                 f"{fa_act(auth.nation)} - request for information",
                 f"Our response for {period_phrase(ctx)} is in the table below."):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(HEADERS))
    for cell, head in zip(table.rows[0].cells, HEADERS):
        cell.text = head
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (row.label, row.wording, _as_text(row.text()))):
            cell.text = text
    for paragraph in appeal(auth.nation).split("\n\n"):
        document.add_paragraph(" ".join(paragraph.split()))
    for line in ("Yours faithfully,", "Information Governance Team", letterhead(auth)):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return normalize_xlsx(buf.getvalue(), when)  # the same OPC zip fix-up as a workbook


def _latin1(text: str) -> str:
    """PDF core fonts are Latin-1: typographic dashes and quotes as plain ones."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").replace("\u2018", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def _pdf(rows: Sequence[Row], auth: Authority, reply: Reply, ctx: Ctx, when: dt.datetime, *, table: bool) -> bytes:
    """A PDF letter with a text layer: answers inline (``1a. <wording> 3``) or in a table."""
    from fpdf import FPDF  # a dev dependency: the generator is a hand-run dev tool

    pdf = FPDF(format="A4")
    pdf.set_creation_date(when)
    pdf.set_creator("Information Governance")
    pdf.set_title(f"FOI response {reply.request_ref}")
    pdf.set_subject(SYNTHETIC)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)

    def para(text: str = "") -> None:
        if text:
            pdf.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(5)

    for line in (letterhead(auth), "Information Governance Team", "", f"Our ref: {reply.request_ref}",
                 f"Date: {date_words(reply.date_received)}", "", "Dear Sir or Madam,", "",
                 f"{fa_act(auth.nation)} - request for information", "",
                 f"Our response below covers {period_phrase(ctx)}.", ""):
        para(line)
    if table:
        with pdf.table(col_widths=(20, 120, 50), text_align="LEFT") as grid:
            for cells in (HEADERS, *((r.label, r.wording, _as_text(r.text())) for r in rows)):
                out = grid.row()
                for text in cells:
                    out.cell(_latin1(text))
        para()
    else:
        for line in _qa_lines(rows):
            para(line)
        para()
    for paragraph in appeal(auth.nation).split("\n\n"):
        para(" ".join(paragraph.split()))
        para()
    for line in ("Yours faithfully,", "", "Information Governance Team", letterhead(auth)):
        para(line)
    return bytes(pdf.output())


# --------------------------------------------------------------------------- e-mails


def _message(auth: Authority, reply: Reply, ctx: Ctx, when: dt.datetime) -> EmailMessage:
    msg = EmailMessage(policy=email.policy.SMTP)
    domain = council_domain(auth)
    msg["From"] = formataddr((letterhead(auth), f"foi@{domain}"))
    msg["To"] = formataddr((ctx.requester["name"], ctx.requester["email"]))
    msg["Subject"] = f"RE: Freedom of Information request - {reply.request_ref}"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{reply.reply_id}.layout.{ctx.seed}@{domain}>"
    msg["X-Reconstruction"] = SYNTHETIC
    return msg


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _eml_html_table(rows: Sequence[Row], auth: Authority, reply: Reply, ctx: Ctx, when: dt.datetime) -> bytes:
    """An HTML-only e-mail (quoted-printable) with the answers in an HTML table."""
    cells = "".join(
        f"<tr><td>{_escape(r.label)}</td><td>{_escape(r.wording)}</td><td>{_escape(_as_text(r.text()))}</td></tr>\n"
        for r in rows
    )
    head = "".join(f"<th>{h}</th>" for h in HEADERS)
    markup = (
        "<html><head><style>td, th {border: 1px solid #999; padding: 2px 6px;}</style></head><body>\n"
        "<p>Dear Sir or Madam,</p>\n"
        f"<p>{_escape(fa_act(auth.nation))} - request for information {_escape(reply.request_ref)}</p>\n"
        f"<p>Please find our response for {_escape(period_phrase(ctx))} in the table below.</p>\n"
        f"<table>\n<tr>{head}</tr>\n{cells}</table>\n"
        + "".join(f"<p>{_escape(' '.join(p.split()))}</p>\n" for p in appeal(auth.nation).split("\n\n"))
        + f"<p>Yours faithfully,</p>\n<p>Information Governance Team<br>{_escape(letterhead(auth))}</p>\n"
        "</body></html>\n"
    )
    msg = _message(auth, reply, ctx, when)
    msg.set_content(markup, subtype="html", cte="quoted-printable")
    return msg.as_bytes(policy=email.policy.SMTP)


def _eml_text(letter: str, auth: Authority, reply: Reply, ctx: Ctx, when: dt.datetime) -> bytes:
    """A plain-text e-mail carrying the letter."""
    msg = _message(auth, reply, ctx, when)
    msg.set_content(letter, cte="8bit")
    return msg.as_bytes(policy=email.policy.SMTP)


def _eml_attached(auth: Authority, reply: Reply, ctx: Ctx, when: dt.datetime, ref: str, kind: str,
                  attachment: bytes) -> bytes:
    """A short covering e-mail with the answers in an attachment (workbook, CSV, PDF or Word)."""
    body = "\n".join([
        "Dear Sir or Madam,", "",
        f"{fa_act(auth.nation)} - request for information {reply.request_ref}", "",
        f"Please find attached our response for {period_phrase(ctx)}.", "",
        "Yours faithfully,", "", "Information Governance Team", letterhead(auth),
    ]) + "\n"
    msg = _message(auth, reply, ctx, when)
    msg.set_content(body, cte="8bit")
    suffix, (maintype, subtype) = ATTACHMENTS[kind]
    if maintype == "text":
        msg.add_attachment(attachment.decode("utf-8"), subtype=subtype, filename=f"{ref} response{suffix}")
    else:
        msg.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=f"{ref} response{suffix}")
    msg.set_boundary(f"=_layout_{reply.reply_id}_")
    return msg.as_bytes(policy=email.policy.SMTP)
