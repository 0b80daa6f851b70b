"""Is a reply from the authority the request log says?

The letterhead, signature and file name of a reply name an authority; each is
matched against the register on the date the request was sent. A reply naming
another authority, an unknown one or a district council is not attributed: an
error-level finding naming the file, and its answers go to manual coding.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from foi_missing.core.register import (
    LOWER_TIER_TYPE,
    AmbiguousAuthorityError,
    RegisterError,
)
from foi_missing.core.roundspec import (
    RoundSpec,
)
from foi_missing.ingest.checks import qa_row
from foi_missing.ingest.readers import (
    NameClue,
)
from foi_missing.ingest.readers.base import looks_like_council_name

if TYPE_CHECKING:  # folder.py imports this module
    from foi_missing.ingest.folder import Reply


def reply_authority_problems(reply: Reply, spec: RoundSpec, register, asked: dict,
                             qa: list[dict] | None = None, *, on: date) -> list[str]:
    """The reply's letterhead / From name / file name must name the authority of its log row,
    as the register stood ``on`` the date the request was sent.

    A name of the logged authority's predecessor or successor (an old or a new
    letterhead across a reorganisation) is accepted through the register's
    successor links, and noted in ``qa``.
    """
    row = reply.row
    problems = []
    found = []
    clues = list(reply.content.name_clues)
    stem = Path(row["reply_file"]).stem
    if looks_like_council_name(stem):  # "Kent County Council FOI response": binding, like a letterhead
        clues.append(NameClue(stem, "file name"))
    for clue in clues:
        where = f"{reply.source_file} ({clue.where})"
        related = successor_or_predecessor(clue.text, row["gss_code"], register, where, on)
        if related is not None:
            if qa is not None:
                qa.append(qa_row(
                    "info", row["gss_code"], "", "named_by_succession",
                    f"the reply names {related.describe()}, which the register links by "
                    f"succession to {row['gss_code']} ({row['authority_name']}), the "
                    "authority the request log files it under", where))
            continue
        try:
            found.append((where, match_name(clue.text, register, on, where)))
        except RegisterError as error:
            kind = "ambiguous" if isinstance(error, AmbiguousAuthorityError) else "unknown"
            hint = ""
            if re.search(r"\bdistrict\b", clue.text, re.IGNORECASE):
                hint = ("; a district council does not run children's services (the county "
                        "council does), so it is not in the register of authorities asked")
            problems.append(f"{where}: reply from an {kind} authority: {error}{hint}")
    named = None if looks_like_council_name(stem) else file_name_authority(stem, register, on)
    if named is not None:
        found.append((f"{reply.source_file} (file name)", named))
    for where, authority in found:
        if authority.gss_code == row["gss_code"]:
            continue
        if authority.gss_code not in asked:
            district = (", a lower-tier district council (no children's services)"
                        if authority.type == LOWER_TIER_TYPE else "")
            problems.append(
                f"{where}: reply from {authority.describe()}{district}, an authority not asked "
                f"(not in {spec.request_log.name}); the log files it under {row['gss_code']}"
            )
        else:
            problems.append(
                f"{where}: names {authority.describe()} but the request log files it under "
                f"{row['gss_code']} ({row['authority_name']}, reply_id {row['reply_id']})"
            )
    return problems


# Words of reply file names that are not a name ("Copy of FOI template - Rutland.xlsx").
_FILE_NAME_FILLER = re.compile(
    r"\b(?:copy\s+of|foi|foisa|eir|freedom\s+of\s+information|template|request|response|"
    r"responses|reply|letter|export|final|re|fw|fwd|refusal|notice|s12|information|not|held|"
    r"[a-z]*\d[\w-]*)\b",
    re.IGNORECASE,
)


def file_name_authority(stem: str, register, on: date):
    """The authority a reply's file name names, if any ("Middlesbrough FOI response").

    A file name is a weak clue: most carry only a reference ("FOI05666 -
    Response"). Only a part that names one register entry counts; a part
    that names none is not a name, and no error.
    """
    for part in re.split(r"\s+-\s+|_|\s+\u2013\s+", stem):
        text = " ".join(_FILE_NAME_FILLER.sub(" ", part).split())
        if len(text) < 3:
            continue
        try:
            return register.match(text, on=on)
        except RegisterError:
            continue
    return None


_NAME_SPLIT = re.compile(r"\s*(?:[,|/\u2013\u2014]|\s-\s)\s*")
_AFTER_TITLE = re.compile(r"^(.*?\b(?:council|corporation))\b.*$", re.IGNORECASE)


def name_variants(text: str) -> list[str]:
    """The clue, its parts ("Cyngor Caerdydd / Cardiff Council"), each without a team name."""
    variants = [text]
    for part in [text, *_NAME_SPLIT.split(text)]:
        variants.append(part)
        if title := _AFTER_TITLE.match(part):  # "Kent County Council FOI Team"
            variants.append(title.group(1))
    return [v.strip() for v in dict.fromkeys(variants) if v.strip()]


def successor_or_predecessor(text: str, logged_gss: str, register, source: str, on: date):
    """The authority a name clue means, when it is not the logged one but succeeded or
    preceded it (a reply on an old or a new letterhead); else None.

    The whole clue is tried before its parts, at any date: "Bournemouth,
    Christchurch and Poole Council" is BCP, not Bournemouth.
    """
    for variant in name_variants(text):
        try:
            named = register.match(variant, source=source)
        except RegisterError:
            continue
        if named.exists_on(on) or named.gss_code == logged_gss:
            return None  # an authority of the time: the ordinary check applies
        return named if register.related_by_succession(named.gss_code, logged_gss) else None
    return None


def match_name(text: str, register, on: date, source: str):
    """The register entry a name clue means; raises the register's error if none clearly does."""
    first_error: RegisterError | None = None
    ambiguous: AmbiguousAuthorityError | None = None
    for variant in name_variants(text):
        try:
            return register.match(variant, on=on, source=source)
        except AmbiguousAuthorityError as error:
            ambiguous = ambiguous or error
        except RegisterError as error:
            first_error = first_error or error
    raise ambiguous or first_error


