"""The "assumed" mark: a fact the round's report does not give (the date requests were
sent, the reply cut-off, the number of authorities asked, the period's dates) is marked
where it appears, linked to the round's README (round.yaml ``assumptions`` says which)."""

from __future__ import annotations

import html

from foi_missing.core.roundspec import RoundSpec

# The README sits in data/raw/<round>/; the reports in results/report/ or docs/report/.
README = "../../data/raw/{round}/README.md"
WHAT = {
    "date_sent": "the date the requests were sent",
    "reply_cutoff": "the reply cut-off",
    "authorities_asked": "the number of authorities asked",
    "periods": "the period's dates",
}


def readme_href(spec: RoundSpec) -> str:
    return README.format(round=spec.round_id)


def assumed_mark(spec: RoundSpec, key: str) -> str:
    """' <a class="assumed" ...>assumed</a>' when ``key`` is an assumption of the round, else ''."""
    reason = spec.assumptions.get(key)
    if not reason:
        return ""
    return (f' <a class="assumed" href="{html.escape(readme_href(spec))}" '
            f'title="{html.escape(reason)}">assumed</a>')


def assumptions_html(spec: RoundSpec) -> str:
    """The round's assumptions as a list (for the definitions section)."""
    if not spec.assumptions:
        return "<p>This round assumes none of its dates or counts.</p>"
    items = "".join(
        f"<li><strong>{html.escape(WHAT.get(key, key.replace('_', ' ')).capitalize())}</strong>"
        f"{assumed_mark(spec, key)}: {html.escape(reason)}</li>"
        for key, reason in spec.assumptions.items())
    return (f"<ul>{items}</ul><p>Every assumption is stated in the round's "
            f'<a href="{html.escape(readme_href(spec))}">README</a>.</p>')
