"""The names of a round's working figures (results/<round>/figures/<name>.png|svg).

Kept apart from :mod:`foi_missing.publication.figures` so that the workflow can list
the figures' files without importing matplotlib when it is parsed.
"""

ROUND_FIGURES = (
    "share_missing",
    "reply_status_by_question",
    "reply_status_by_nation",
    "most_went_missing",
    "funnel_trafficked",
    "funnel_uasc",
)
# Figures of national counts only, safe to embed in Snakemake's own report; the others
# show authorities one by one (the round report redraws them with disclosure control).
NATIONAL_FIGURES = ("share_missing", "reply_status_by_question", "reply_status_by_nation")
