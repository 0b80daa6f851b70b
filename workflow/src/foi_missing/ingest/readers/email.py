"""E-mail replies (.eml): the letter in the body, the answers in attachments, the name in From.

The MIME tree is walked whole (multipart/alternative, mixed, related, and
forwarded messages, attached as message/rfc822 or inline under "----------
Forwarded message ----------"). The body is the text/plain part unless the
HTML part holds a table of answers. Each attachment is read by the reader
for its format, and every answer's location names it
('attachment "FOI 1234 response.xlsx" Sheet1!C4'). An attachment no reader
can read becomes an unassigned answer whose reason names it, never a crash.
"""

from __future__ import annotations

import mimetypes
import re
import tempfile
from dataclasses import dataclass, field, replace
from email import message_from_bytes, policy
from email.errors import MessageError
from email.message import EmailMessage
from pathlib import Path

from foi_missing.ingest.readers.base import (
    FileFinding,
    NameClue,
    RawAnswer,
    ReaderError,
    ReplyContent,
    looks_like_council_name,
)
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.decoding import detect_encoding
from foi_missing.ingest.readers.document import merge_answers, prefixed, read_located_letter
from foi_missing.ingest.readers.html import html_to_text, read_html_markup

__all__ = ["html_to_text", "read_eml"]

MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
# Forwarded messages inside forwarded messages: deeper than this is not a reply.
MAX_DEPTH = 5

_FORWARD_MARK = re.compile(
    r"^\s*-{3,}\s*(?:forwarded message|begin forwarded message|forwarded by .*)\s*-*\s*$"
    r"|^\s*begin forwarded message:\s*$",
    re.IGNORECASE,
)
# In a message forwarded by Outlook ("FW: ..."), the forwarded message starts with
# "-----Original Message-----" or its From/Sent lines; in a reply, the same lines
# start the quoted request, which the letter reader leaves out.
_ORIGINAL_MARK = re.compile(r"^\s*-{2,}\s*original message\s*-{2,}\s*$", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*(fw|fwd)\s*:", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*(from|date|sent|subject|to|cc)\s*:\s*(.*)$", re.IGNORECASE)
_C1_CONTROLS = re.compile("[\x80-\x9f]")  # what cp1252 text labelled ISO-8859-1 decodes to


def read_eml(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    return read_message_bytes(path.read_bytes(), matcher)


def read_message_bytes(data: bytes, matcher: QuestionMatcher, depth: int = 0) -> ReplyContent:
    if not data.strip():
        raise ReaderError("empty file")
    if b"\x00" in data:
        raise ReaderError("binary content (NUL bytes), not an e-mail")
    try:
        message = message_from_bytes(data, policy=policy.default)
    except (MessageError, LookupError, ValueError) as error:
        raise ReaderError(f"not a readable e-mail ({type(error).__name__}: {error})") from None
    return read_parsed_message(message, matcher, depth)


def read_parsed_message(message: EmailMessage, matcher: QuestionMatcher, depth: int = 0) -> ReplyContent:
    """:func:`read_message`, with the e-mail package's errors on malformed input as ReaderError."""
    try:
        return read_message(message, matcher, depth)
    except (MessageError, LookupError, ValueError) as error:
        if isinstance(error, ReaderError):
            raise
        raise ReaderError(f"not a readable e-mail ({type(error).__name__}: {error})") from None


def read_message(message: EmailMessage, matcher: QuestionMatcher, depth: int = 0) -> ReplyContent:
    """Answers of one message: its body, its attachments and the messages it forwards."""
    parts = MessageParts()
    parts.collect(message)
    clues = from_clues(message)
    forwarding = bool(_FORWARD_SUBJECT.match(str(message.get("Subject", ""))))
    body = body_content(parts, matcher, clues, forwarding)
    if body is None and not parts.attachments and not parts.forwarded:
        raise ReaderError("e-mail has no text/plain or text/html body and no attachments")
    body = body or ReplyContent(())
    inner_answers: list[RawAnswer] = []
    inner_clues: list[NameClue] = []
    inner_findings: list[FileFinding] = []
    for number, forwarded in enumerate(parts.forwarded, start=1):
        where = "forwarded message" if len(parts.forwarded) == 1 else f"forwarded message {number}"
        inner = _read_inner(lambda m=forwarded: read_parsed_message(m, matcher, depth + 1), where, depth)
        inner_answers.extend(inner.answers)
        inner_clues.extend(inner.name_clues)
        inner_findings.extend(inner.findings)
    for attachment in parts.attachments[:MAX_ATTACHMENTS]:
        inner = read_attachment(attachment, matcher, depth)
        inner_answers.extend(inner.answers)
        inner_clues.extend(inner.name_clues)
        inner_findings.extend(inner.findings)
    if len(parts.attachments) > MAX_ATTACHMENTS:
        skipped = ", ".join(f'"{a.name}"' for a in parts.attachments[MAX_ATTACHMENTS:])
        inner_answers.append(RawAnswer(None, skipped, "attachments",
                                       reason=f"more than {MAX_ATTACHMENTS} attachments: not read: {skipped}"))
    answers = merge_answers(body.answers, inner_answers, beside="the attached answers",
                            footnotes="\n".join(parts.plain).splitlines())
    # The sender and the letter name the council; an attachment's letterhead only when they do not.
    own = body.name_clues or clues
    return ReplyContent(tuple(answers), tuple(own) if own else tuple(inner_clues[:1]),
                        tuple(parts.findings) + tuple(inner_findings))


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes

    @property
    def suffix(self) -> str:
        """The file name's extension, else one for the MIME type (a name sent without one)."""
        suffix = Path(self.name).suffix.lower()
        return suffix or (mimetypes.guess_extension(self.content_type) or "")


@dataclass
class MessageParts:
    """The leaves of one message's MIME tree that matter to a reply."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[EmailMessage] = field(default_factory=list)
    findings: list[FileFinding] = field(default_factory=list)  # text parts mislabelled

    def collect(self, part, inside_related: bool = False) -> None:
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_content()
            if isinstance(inner, EmailMessage):
                self.forwarded.append(inner)
            return
        if part.is_multipart():
            related = inside_related or content_type == "multipart/related"
            for sub in part.iter_parts():
                self.collect(sub, related)
            return
        named = part.get_filename() is not None or part.get_content_disposition() == "attachment"
        data = part.get_payload(decode=True) or b""
        if not named and not data.strip():
            return  # an empty part (a multipart that holds nothing) says nothing
        if content_type in {"text/plain", "text/html"} and not named:
            text, finding = part_text(part)
            (self.plain if content_type == "text/plain" else self.html).append(text)
            if finding is not None:
                self.findings.append(finding)
        elif part.get_content_maintype() == "image" and inside_related and not named:
            return  # a logo the HTML body shows, not an attachment
        else:
            self.attachments.append(Attachment(attachment_name(part, len(self.attachments) + 1),
                                               content_type, data))


def body_content(parts: MessageParts, matcher: QuestionMatcher, clues: tuple[NameClue, ...],
                 forwarding: bool = False) -> ReplyContent | None:
    """The body's answers: the text/plain part, unless the HTML part holds a table of answers."""
    html = "\n".join(parts.html)
    if html.strip():
        reading = read_html_markup(html, matcher, clues)
        if reading.has_answer_table:
            return reading.content
    text = "\n".join(parts.plain)
    if not text.strip() and html.strip():
        text = html_to_text(html)  # no table in it: the HTML is a letter
    if not text.strip():
        return None
    return read_body_text(text, matcher, clues, forwarding)


def read_body_text(text: str, matcher: QuestionMatcher, clues: tuple[NameClue, ...],
                   forwarding: bool = False) -> ReplyContent:
    """A plain body; an inline forwarded message below it is read as a letter of its own."""
    lines = text.splitlines()
    if not forwarding:
        # A reply's quoted history (the request) below Outlook's From/Sent lines is not the letter.
        quoted = next((i for i in range(len(lines)) if _outlook_headers_at(lines, i)), None)
        lines = lines[:_above_rule(lines, quoted)] if quoted is not None else lines
    mark = forward_mark(lines, forwarding)
    located = [(line, f"line {number}") for number, line in enumerate(lines, start=1)]
    if mark is None:
        return read_located_letter(located, matcher, clues)
    note = read_located_letter(located[:mark], matcher, clues)
    start, header_clues = _forwarded_headers(lines, mark)
    forwarded = read_located_letter(
        [(t, f"forwarded message {loc}") for t, loc in located[start:]], matcher, header_clues)
    answers = merge_answers(note.answers, forwarded.answers, beside="the forwarded message")
    return ReplyContent(tuple(answers), note.name_clues + forwarded.name_clues)


def forward_mark(lines: list[str], forwarding: bool) -> int | None:
    """The line where an inline forwarded message starts, if any."""
    for index, line in enumerate(lines):
        if _FORWARD_MARK.match(line):
            return index
        if forwarding and _ORIGINAL_MARK.match(line):
            return index
        if forwarding and _outlook_headers_at(lines, index):
            return _above_rule(lines, index)
    return None


def _above_rule(lines: list[str], index: int) -> int:
    """Outlook draws a line of underscores above the headers: it belongs to them."""
    return index - 1 if index and re.match(r"^\s*_{5,}\s*$", lines[index - 1]) else index


def _outlook_headers_at(lines: list[str], index: int) -> bool:
    """A "From: ..." line with a "Sent: ..." line next: Outlook's header of a forwarded message."""
    if not re.match(r"^\s*from\s*:", lines[index], re.IGNORECASE):
        return False
    following = next((line for line in lines[index + 1:] if line.strip()), "")
    return bool(re.match(r"^\s*sent\s*:", following, re.IGNORECASE))


def _forwarded_headers(lines: list[str], mark: int) -> tuple[int, tuple[NameClue, ...]]:
    """Where the forwarded message's body starts (after its From/Date/Subject/To lines),
    and a council name in its From line."""
    clues = []
    index = mark if _HEADER_LINE.match(lines[mark]) else mark + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and (header := _HEADER_LINE.match(lines[index])):
        if header.group(1).lower() == "from":
            name = re.sub(r"<[^>]*>|\[mailto:[^\]]*\]", "", header.group(2)).strip(" \"'")
            if looks_like_council_name(name):
                clues.append(NameClue(name, f"forwarded message line {index + 1} (From)"))
        index += 1
    return index, tuple(clues)


def read_attachment(attachment: Attachment, matcher: QuestionMatcher, depth: int) -> ReplyContent:
    """One attachment read by its format's reader; what cannot be read is left for a person."""
    where = f'attachment "{attachment.name}"'
    if len(attachment.data) > MAX_ATTACHMENT_BYTES:
        return _unread(where, f"too large to read ({len(attachment.data):,} bytes, limit "
                              f"{MAX_ATTACHMENT_BYTES:,}): code by hand")
    suffix = attachment.suffix
    if suffix == ".eml":
        return _read_inner(lambda: read_message_bytes(attachment.data, matcher, depth + 1), where, depth)
    # The readers take a path: the attachment is written to a private temporary folder.
    from foi_missing.ingest.readers import read_reply  # the dispatch table imports this module

    with tempfile.TemporaryDirectory(prefix="foi-attachment-") as folder:
        path = Path(folder) / f"attachment{suffix}"
        path.write_bytes(attachment.data)
        return _read_inner(lambda: read_reply(path, matcher), where, depth)


def _read_inner(read, where: str, depth: int) -> ReplyContent:
    if depth + 1 > MAX_DEPTH:
        return _unread(where, f"nested more than {MAX_DEPTH} messages deep: code by hand")
    try:
        content = read()
    except ReaderError as error:
        return _unread(where, str(error))
    return replace(prefixed(content, where), findings=tuple(
        replace(finding, message=f"{where}: {finding.message}") for finding in content.findings))


def _unread(where: str, why: str) -> ReplyContent:
    return ReplyContent((RawAnswer(None, "", where, reason=f"{where}: {why}"),))


def attachment_name(part, number: int) -> str:
    """The attachment's file name (no folders); one made from its type when it has none."""
    name = part.get_filename()
    if name:
        name = re.sub(r"[\x00-\x1f]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if not name:
        suffix = mimetypes.guess_extension(part.get_content_type()) or ""
        return f"attachment {number}{suffix}"
    return name


def part_text(part) -> tuple[str, FileFinding | None]:
    """A text part decoded, and a finding when its charset label could not be followed.

    The label is followed when the bytes are in it. When they are not (a
    "utf-8" label on Windows-1252 text; an ISO-8859-1 label on UTF-8 text,
    which would decode to "cafÃ©"; Windows-1252 quotes under an ISO-8859-1
    label, which decode to control characters), charset-normalizer judges
    which plausible encoding the text is in, and the part is read in it with
    a warning. When none fits, the undecodable bytes become U+FFFD and the
    finding is an error: text was lost.
    """
    data = part.get_payload(decode=True) or b""
    declared = part.get_content_charset()
    text = _decode_strictly(data, declared or "utf-8")
    label = f"labelled charset {declared!r}" if declared else "with no charset label"
    if text is not None and not _C1_CONTROLS.search(text):
        if data.isascii() or _is_utf8(declared) or _decode_strictly(data, "utf-8") is None:
            return text, None
        # Valid UTF-8 beyond ASCII is almost never another encoding's text by chance.
        return data.decode("utf-8"), FileFinding(
            "warning", f"e-mail text part {label} is UTF-8: read as UTF-8")
    best = detect_encoding(data)
    if best is not None:
        return best.text, FileFinding(
            "warning", f"e-mail text part {label} is not in that charset: read as "
                       f"{best.encoding} (detected by charset-normalizer); check its text")
    text = data.decode(declared if _decode_strictly(b"", declared or "") is not None else "utf-8",
                       errors="replace")
    lost = text.count("\ufffd")
    return text, FileFinding(
        "error", f"e-mail text part {label} is in no charset it could be read in: {lost} "
                 "undecodable character(s) shown as \ufffd; code its answers from the original")


def _decode_strictly(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_utf8(charset: str | None) -> bool:
    return (charset or "").lower().replace("_", "-") in {"utf-8", "utf8", "utf-8-sig"}


def from_clues(message) -> tuple[NameClue, ...]:
    header = message.get("From")
    if header is None:
        return ()
    names = [address.display_name for address in getattr(header, "addresses", ())]
    return tuple(NameClue(name, "From header") for name in names if looks_like_council_name(name))
