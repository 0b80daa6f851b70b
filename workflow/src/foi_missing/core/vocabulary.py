"""The project's words, defined once: answer statuses, the statuses that carry a count,
the label each status has in the report, and the nations in their printed order.

Status codes are the values of the answers table's ``status`` column
(``docs/design.md``); every module takes them from here.
"""

from __future__ import annotations

REPORTED = "reported"
SUPPRESSED = "suppressed"
INCLUDED_ELSEWHERE = "included_elsewhere"
NOT_RECORDED = "not_recorded"
NOT_HELD = "not_held"
REFUSED_COST = "refused_cost"
REFUSED_OTHER = "refused_other"
NOT_RESPONSIBLE = "not_responsible"
NO_RESPONSE = "no_response"
UNPARSED = "unparsed"

# One name per status, used by every table, sentence and figure of the report.
STATUS_LABELS = {
    REPORTED: "gave a number",
    SUPPRESSED: "withheld a small number",
    INCLUDED_ELSEWHERE: "included in another answer",
    NOT_RECORDED: "not recorded",
    NOT_HELD: "not held",
    REFUSED_COST: "refused on cost",
    REFUSED_OTHER: "refused under another exemption",
    NOT_RESPONSIBLE: "not responsible",
    NO_RESPONSE: "no reply by the cut-off",
    UNPARSED: "awaiting manual coding",
}
STATUSES = tuple(STATUS_LABELS)

# The statuses whose answer is a count (exact, or a withheld small number with its bounds).
COUNT_STATUSES = (REPORTED, SUPPRESSED)

NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
