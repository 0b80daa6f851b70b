"""E-mail replies (.eml): the letter in the body, the council's name in the From header."""

from __future__ import annotations

import html
import re
from email import message_from_bytes, policy
from email.errors import MessageError
from html.parser import HTMLParser
from pathlib import Path

from foi_missing.readers.base import NameClue, ReaderError, ReplyContent, looks_like_council_name
from foi_missing.readers.codebook import QuestionMatcher
from foi_missing.readers.text import read_letter


def read_eml(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    data = path.read_bytes()
    if not data.strip():
        raise ReaderError("empty file")
    if b"\x00" in data:
        raise ReaderError("binary content (NUL bytes), not an e-mail")
    try:
        message = message_from_bytes(data, policy=policy.default)
        body = message_body(message)
        clues = from_clues(message)
    except (MessageError, LookupError, ValueError) as error:
        raise ReaderError(f"not a readable e-mail ({type(error).__name__}: {error})") from None
    if not body.strip():
        raise ReaderError("e-mail has no text/plain or text/html body")
    return read_letter(body, matcher, clues)


def message_body(message) -> str:
    """The text/plain body (transfer encoding and charset decoded), else the HTML one stripped."""
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return part.get_content()
    part = message.get_body(preferencelist=("html",))
    if part is not None:
        return html_to_text(part.get_content())
    if message.get_content_maintype() == "text":
        return message.get_content()
    return ""


def from_clues(message) -> tuple[NameClue, ...]:
    header = message.get("From")
    if header is None:
        return ()
    names = [address.display_name for address in getattr(header, "addresses", ())]
    return tuple(NameClue(name, "From header") for name in names if looks_like_council_name(name))


_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "ul", "ol"})


class _TextExtractor(HTMLParser):
    """Visible text, one line per block element or <br>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"style", "script", "head"}:
            self._skip += 1
        if tag in _BLOCKS:
            self.pieces.append("\n")
        if tag in {"td", "th"}:
            self.pieces.append(" ")

    def handle_endtag(self, tag):
        if tag in {"style", "script", "head"}:
            self._skip = max(0, self._skip - 1)
        if tag in {"p", "div", "tr", "li", "h1", "h2", "h3", "h4"}:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.pieces.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.pieces)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    # Paragraph tags give blank lines between paragraphs, as in a plain letter.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
