"""pdfplumber's page objects, with its characters made about twice as fast.

pdfplumber turns every object pdfminer lays out into a dict (``Page.process_object``),
passing each attribute through ``resolve_all``, which is built for PDF object
references, lists and dicts. A character's attributes are numbers, strings and a
tuple of numbers, so most of a PDF reply's reading time went there (0.17 s of
0.27 s for the generated rounds' PDFs). :func:`process_object` builds the same
dict for a character directly and leaves every other object to pdfplumber;
``tests/unit/test_pdf_chars.py`` checks that both give the same objects, so a
pdfplumber that changes its dicts fails that test rather than the readings.
"""

from __future__ import annotations

import functools
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode

_PLAIN = frozenset((float, int, bool, str, type(None)))


def _resolved(value: Any) -> Any:
    """``resolve_all(value)``, without its walk when there is nothing to resolve."""
    kind = type(value)
    if kind in _PLAIN or (kind is tuple and all(type(item) in _PLAIN for item in value)):
        return value
    return resolve_all(value)


def process_object(page: Page, obj: Any) -> dict[str, Any]:
    """``page.process_object(obj)``: the same dict, built directly for a character."""
    if type(obj) is not LTChar:
        return Page.process_object(page, obj)
    # The steps of pdfplumber 0.11's Page.process_object for an LTChar, in its order.
    attr = {key: _resolved(value) for key, value in obj.__dict__.items() if key in ALL_ATTRS}
    attr["object_type"] = "char"
    attr["page_number"] = page.page_number
    for space in ("ncs", "scs"):
        if hasattr(obj, space):
            attr[space] = resolve_and_decode(getattr(obj, space).name)
    text = obj.get_text()
    norm = page.pdf.unicode_norm
    attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    state = obj.graphicstate
    attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
    attr["non_stroking_color"] = state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
    if isinstance(attr["fontname"], bytes):  # rare: a font name in bytes
        attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    x0_offset, top_offset = page.mediabox[:2]
    attr["top"] = (page.height - attr["y1"]) + top_offset
    attr["bottom"] = (page.height - attr["y0"]) + top_offset
    attr["doctop"] = page.initial_doctop + attr["top"]
    if x0_offset != 0:
        attr["x0"] = attr["x0"] + x0_offset
        attr["x1"] = attr["x1"] + x0_offset
    return attr


def use_fast_chars(page: Page) -> Page:
    """Make ``page`` build its characters with :func:`process_object`; returns the page."""
    page.process_object = functools.partial(process_object, page)
    return page
