"""Reproduction of the published figures: published beside computed with a mark, the
notes without their defaults, and the sources list under the table."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from foi_missing.publication.disclosure import (
    mask_numbers,
)
from foi_missing.publication.report_sections.authorities import (
    authority_statistic,
    authority_value_hidden,
    authority_disclosure,
    hidden_values,
)
from foi_missing.publication.report_sections.blocks import esc, html_table
from foi_missing.publication.report_sections.labels import (
    plural,
    tidy_text,
)
from foi_missing.publication.report_sections.statistic_text import statistic_label

if TYPE_CHECKING:
    from foi_missing.publication.report_sections.round_data import RoundData


MATCH_MARK = "✓ match"


MISMATCH_MARK = "✗ mismatch"


CONFLICT_MARK = "other version: recorded only"


def reproduction_table(data: RoundData) -> pd.DataFrame:
    """Published beside computed, with a mark; per-authority computed values through disclosure."""
    disclosure = authority_disclosure(data)
    hidden_by_authority = hidden_values(data)
    rows = []
    for row in data.reproduction.itertuples(index=False):
        sid = row.statistic_id
        if row.role == "conflicting":
            mark = CONFLICT_MARK
        elif str(row.match).lower() == "true":
            mark = MATCH_MARK
        else:
            mark = MISMATCH_MARK
        computed, note = row.computed_text, row.note
        target = authority_statistic(sid)
        if target is not None:
            code = target[0]
            if authority_value_hidden(data, disclosure, sid, row.computed_value):
                computed = data.rule.symbol
            note = mask_numbers(note, data.rule, hidden_by_authority.get(code, ()))
        rows.append({
            "Statistic": statistic_label(sid, data.names),
            "Published": row.published_text,
            "Computed": computed,
            "Result": mark,
            "Source": source_key(data, row.source),
            "Note": _reproduction_note(note),
        })
    return pd.DataFrame(rows)


_EXACT = "Compared exactly."


_CONFLICTING_NOTE = re.compile(
    r"^Conflicting publication(?: \((?P<version>[^)]*)\))?:.*?not reproduced\.\s*")


def _reproduction_note(note) -> str:
    """The note without the default ("compared exactly", said once above the table)."""
    text = tidy_text(note if isinstance(note, str) else "")
    # The conflicting rows all say the same; the summary above the table says it once.
    text = _CONFLICTING_NOTE.sub(
        lambda m: (m["version"][:1].upper() + m["version"][1:] + ". ") if m["version"] else "",
        text).strip()
    if text.startswith(_EXACT):
        text = text[len(_EXACT):].strip()
    return text


_SOURCE_URL = re.compile(r"^(?P<description>.*?)\s*\((?P<url>https?://[^)\s]+)\)\s*$")


def reproduction_sources(data: RoundData) -> list[tuple[str, str, str]]:
    """The publications the figures come from: (key "[1]", description, url or "")."""
    seen: dict[str, tuple[str, str, str]] = {}
    if data.reproduction.empty:
        return []
    for source in data.reproduction["source"]:
        text = source if isinstance(source, str) else ""
        if text in seen:
            continue
        match = _SOURCE_URL.match(text)
        description, url = (match["description"], match["url"]) if match else (text, "")
        seen[text] = (f"[{len(seen) + 1}]", description, url)
    return list(seen.values())


def source_key(data: RoundData, source) -> str:
    for key, description, url in reproduction_sources(data):
        text = source if isinstance(source, str) else ""
        if _SOURCE_URL.match(text):
            text_desc = _SOURCE_URL.match(text)["description"]
        else:
            text_desc = text
        if description == text_desc:
            return key
    return ""


def sources_html(data: RoundData) -> str:
    """The sources list under the reproduction table; a link that is only a publisher's home
    page is said to be one (the exact page was not recorded)."""
    from urllib.parse import urlparse

    items = []
    for key, description, url in reproduction_sources(data):
        if url:
            home = urlparse(url).path.strip("/") == ""
            link = f'<a href="{esc(url)}">{esc(url)}</a>'
            if home:
                link += " (the publisher's home page: the exact page was not recorded)"
        else:
            link = "no address recorded"
        items.append(f"<li>{esc(key)} {esc(description)}: {link}</li>")
    return f'<ul class="sources">{"".join(items)}</ul>' if items else ""


def reproduction_summary(data: RoundData) -> str:
    rep = data.reproduction
    if rep.empty:
        return "No published figures to compare."
    reproduce = rep[rep["role"] != "conflicting"]
    matched = int((reproduce["match"].astype(str).str.lower() == "true").sum())
    conflicting = int((rep["role"] == "conflicting").sum())
    text = (f"{matched} of {len(reproduce)} published figures reproduced "
            f"({MATCH_MARK.split()[0]}), {len(reproduce) - matched} not reproduced "
            f"({MISMATCH_MARK.split()[0]})")
    if conflicting:
        text += (f"; {plural(conflicting, 'figure')} from a conflicting version of the "
                 "publication recorded for reference")
    return text + "."


def marked(frame: pd.DataFrame, column: str = "Result") -> str:
    """An HTML table whose match marks are coloured."""
    body = html_table(frame)
    body = body.replace(f"<td>{MATCH_MARK}</td>", f'<td class="mark-ok">{MATCH_MARK}</td>')
    body = body.replace(f"<td>{MISMATCH_MARK}</td>", f'<td class="mark-bad">{MISMATCH_MARK}</td>')
    return body.replace(f"<td>{CONFLICT_MARK}</td>", f'<td class="mark-conflict">{CONFLICT_MARK}</td>')
