"""The authority register: who could be asked on a date, and which register entry a name means.

The register is ``data/reference/authorities.csv``, derived by
``tools/derive_authority_register.py`` from mySociety's "UK Local Authority
Names and Codes" plus the project's tables of Welsh names and NI Health and
Social Care Trusts (see ``data/reference/README.md``).

Dates are inclusive: an authority exists on ``d`` when
``start_date <= d <= end_date`` (a blank bound is open).

Name matching never guesses: a name resolves to exactly one entry or raises
:class:`UnknownAuthorityError` / :class:`AmbiguousAuthorityError`, whose
messages name the source and the text so a reviewer can fix the input.
England's lower-tier district councils are in the register (type ``NMD``,
``children_services`` false) although no round asks them: a name they share
with an authority asked is then ambiguous, not silently the other one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from foi_missing.core.paths import REFERENCE_DIR

DEFAULT_REGISTER = REFERENCE_DIR / "authorities.csv"

DateLike = str | dt.date | pd.Timestamp

_TEXT_COLUMNS = (
    "gss_code",
    "register_code",
    "official_name",
    "short_name",
    "alt_names",
    "nation",
    "region",
    "type",
    "successor_gss",
    "former_gss",
)
_TRUST_TYPE = "HSCT"
LOWER_TIER_TYPE = "NMD"  # England's non-metropolitan districts: no children's services, never asked


class RegisterError(ValueError):
    """A name or code that cannot be resolved to one register entry."""


class UnknownAuthorityError(RegisterError):
    """Nothing in the register (existing on the date asked) matches."""


class AmbiguousAuthorityError(RegisterError):
    """Several register entries match equally well."""


@dataclass(frozen=True)
class Authority:
    gss_code: str
    name: str
    official_name: str
    nation: str
    region: str
    type: str
    dfe_la_number: int | None
    children_services: bool
    start_date: dt.date | None
    end_date: dt.date | None

    def exists_on(self, day: DateLike) -> bool:
        day = to_date(day)
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )

    def describe(self) -> str:
        start = self.start_date.isoformat() if self.start_date else "..."
        end = self.end_date.isoformat() if self.end_date else "open"
        return f"{self.name} ({self.gss_code}, {self.type}, {start} to {end})"


def to_date(value: DateLike) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


# --- name normalisation -----------------------------------------------------

# Words councils wrap around their place name. Stripped from both the
# register's names and the text being matched, longest phrase first, until
# nothing more comes off; so "Calderdale MBC", "Calderdale Metropolitan
# Borough Council" and "Calderdale" all reduce to "calderdale".
_PREFIXES = (
    "the",
    "london borough of",
    "royal borough of",
    "metropolitan borough of",
    "borough of",
    "city and county of",
    "city of",
    "county of",
    "council of the",
    "council of",
    "county",
    "comhairle nan",
    "lb of",
    "lb",
    "rb of",
    "rb",
    # Welsh "council of" forms: county borough, city and county, city, county.
    "cyngor bwrdeistref sirol",
    "cyngor dinas a sir",
    "cyngor dinas",
    "cyngor sir",
    "cyngor",
)
_SUFFIXES = (
    "council",
    "corporation",
    "city",
    "county",
    "borough",
    "district",
    "metropolitan",
    "london borough",
    "london boro",
    "unitary authority",
    "ua",
    "mbc",
    "mdc",
    "cbc",
    "bc",
    "cc",
    "dc",
    # Inverted official forms: "Bristol, City of", "Herefordshire, County of".
    "city of",
    "county of",
    "city and county of",
    "london borough of",
    "royal borough of",
    "borough of",
    # The department a reply often comes from.
    "childrens services",
    "childrens social care",
    "childrens social services",
    "social services",
    "social care",
)
_PHRASES = (
    # One spelling for the NI trusts' title; kept apart from the place name on
    # purpose ("Belfast" alone is the district council, see the weak index).
    ("health and social care trust", "hsc trust"),
    ("health and social care", "hsc"),
    ("hsct", "hsc trust"),
    ("saint", "st"),
)

# Curated variants that no affix rule reaches: short forms in common use and
# misspellings seen in replies. Keys and values are normalised cores; values
# must be keys of the register's index (a test checks).
ALIASES: dict[str, str] = {
    "peterbrough": "peterborough",
    "hartlepol": "hartlepool",
    "middlesborough": "middlesbrough",
    "harringey": "haringey",
    "southhampton": "southampton",
    "greenwhich": "greenwich",
    "carmarthanshire": "carmarthenshire",
    "pembrookshire": "pembrokeshire",
    "edinborough": "edinburgh",
    "brighton": "brighton and hove",
    "telford": "telford and wrekin",
    "stoke": "stoke on trent",
    "windsor": "windsor and maidenhead",
    "redcar": "redcar and cleveland",
    "hammersmith": "hammersmith and fulham",
    "barking": "barking and dagenham",
    "rbkc": "kensington and chelsea",
    "bcp": "bournemouth christchurch and poole",
    "banes": "bath and north east somerset",
    "bath and ne somerset": "bath and north east somerset",
    "ne lincolnshire": "north east lincolnshire",
    "east riding": "east riding of yorkshire",
    "iow": "isle of wight",
    "scilly": "isles of scilly",
    "borders": "scottish borders",
    "perth": "perth and kinross",
    "argyll": "argyll and bute",
    "dumfries": "dumfries and galloway",
    "merthyr": "merthyr tydfil",
    "neath": "neath port talbot",
    "rhondda": "rhondda cynon taf",
    "rct": "rhondda cynon taf",
    "derry": "derry and strabane",
    "armagh banbridge craigavon": "armagh banbridge and craigavon",
    "richmond": "richmond upon thames",
    "stockton": "stockton on tees",
}

# Words that join a place name to a qualifier ("Newcastle upon Tyne",
# "Newcastle-under-Lyme", "Stockton-on-Tees"): the words before one are a
# short form that may be shared (see AuthorityRegister.short_forms).
_QUALIFIER_JOINS = frozenset({"upon", "under", "on", "in", "le", "super", "by"})


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-free form: "St. Helens" and "st helens" agree."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = plain.replace("&", " and ")
    plain = re.sub(r"['\u2019`]", "", plain)  # "Children's" -> "childrens"
    plain = " " + re.sub(r"[^a-z0-9]+", " ", plain).strip() + " "
    for phrase, replacement in _PHRASES:
        plain = plain.replace(f" {phrase} ", f" {replacement} ")
    return plain.strip()


def _strip_once(text: str) -> str:
    for prefix in sorted(_PREFIXES, key=len, reverse=True):
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1 :]
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if text.endswith(" " + suffix):
            return text[: -len(suffix) - 1]
    return text


def core(text: str) -> str:
    """The place name left once council titles are stripped (never stripped to nothing)."""
    current = normalise(text)
    while (stripped := _strip_once(current)) != current and stripped:
        current = stripped
    return current


# --- the register -----------------------------------------------------------


def short_forms(key: str) -> list[str]:
    """The leading words of a normalised name before each qualifier join:
    "newcastle upon tyne" -> ["newcastle"]."""
    words = key.split()
    return [" ".join(words[:i]) for i in range(1, len(words)) if words[i] in _QUALIFIER_JOINS]


def _split(value: str) -> list[str]:
    return [part for part in value.split(";") if part]


class AuthorityRegister:
    """Authorities asked by the FOI rounds, past and present, keyed by GSS code."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._by_gss: dict[str, Authority] = {}
        self._by_code: dict[str, str] = {}
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._strong: dict[str, set[str]] = defaultdict(set)
        self._short: dict[str, set[str]] = defaultdict(set)
        self._weak: dict[str, set[str]] = defaultdict(set)
        self._successors: dict[str, tuple[str, ...]] = {}
        self._predecessors: dict[str, list[str]] = defaultdict(list)
        for row in frame.itertuples(index=False):
            self._add(row)

    def _add(self, row: Any) -> None:  # a row of DataFrame.itertuples
        authority = Authority(
            gss_code=row.gss_code,
            name=row.short_name,
            official_name=row.official_name,
            nation=row.nation,
            region=row.region,
            type=row.type,
            dfe_la_number=None if pd.isna(row.dfe_la_number) else int(row.dfe_la_number),
            children_services=bool(row.children_services),
            start_date=None if pd.isna(row.start_date) else row.start_date.date(),
            end_date=None if pd.isna(row.end_date) else row.end_date.date(),
        )
        gss = authority.gss_code
        self._by_gss[gss] = authority
        for code in [gss, *_split(row.former_gss)]:
            self._by_code[code.upper()] = gss
        for name in [row.official_name, row.short_name, *_split(row.alt_names)]:
            self._exact[normalise(name)].add(gss)
            self._strong[core(name)].add(gss)
            for short in short_forms(core(name)):
                self._short[short].add(gss)
        if authority.type == _TRUST_TYPE:
            # "Belfast" alone names the district council; the trust answers to
            # its bare place name only when children's services are asked for
            # or no council has that name ("Northern", "Western").
            self._weak[core(row.short_name).removesuffix(" hsc trust")].add(gss)
        self._successors[gss] = tuple(_split(row.successor_gss))
        for successor in self._successors[gss]:
            self._predecessors[successor].append(gss)

    # -- tables --

    @property
    def frame(self) -> pd.DataFrame:
        """The whole register (a copy): dates as datetime64, dfe_la_number as Int64."""
        return self._frame.copy()

    def active_on(self, day: DateLike, children_services_only: bool = True,
                  lower_tier: bool = False) -> pd.DataFrame:
        """Authorities in existence on ``day``; NI district councils only with
        children_services_only=False, England's lower-tier districts (never asked,
        kept for name matching) only with lower_tier=True as well."""
        stamp = pd.Timestamp(to_date(day))
        frame = self._frame
        exists = (frame["start_date"].isna() | (frame["start_date"] <= stamp)) & (
            frame["end_date"].isna() | (stamp <= frame["end_date"])
        )
        if children_services_only:
            exists &= frame["children_services"]
        if not lower_tier:
            exists &= frame["type"] != LOWER_TIER_TYPE
        return frame.loc[exists].reset_index(drop=True)

    # -- single entries --

    def get(self, gss_code: str) -> Authority:
        """The entry for a GSS code (current or former, e.g. Gateshead's E08000020)."""
        gss = self._by_code.get(gss_code.strip().upper())
        if gss is None:
            raise UnknownAuthorityError(f"no authority in the register has code {gss_code!r}")
        return self._by_gss[gss]

    def __len__(self) -> int:
        return len(self._by_gss)

    def __iter__(self) -> Iterator[Authority]:
        return iter(self._by_gss.values())

    # -- succession --

    def successors(self, gss_code: str) -> tuple[Authority, ...]:
        """The authorities that directly replaced this one (empty while it exists)."""
        return tuple(self._by_gss[g] for g in self._successors[self.get(gss_code).gss_code])

    def predecessors(self, gss_code: str) -> tuple[Authority, ...]:
        """The authorities this one directly replaced (e.g. BCP -> Bournemouth, Poole)."""
        gss = self.get(gss_code).gss_code
        return tuple(self._by_gss[g] for g in sorted(self._predecessors[gss]))

    def current_successor(self, gss_code: str, on: DateLike) -> tuple[Authority, ...]:
        """The authorities covering this one's area on ``on``, following successor links.

        The authority itself if it exists on ``on``; Northamptonshire after
        2021 gives two (North and West Northamptonshire).
        """
        day = to_date(on)
        start = self.get(gss_code)
        if start.start_date is not None and day < start.start_date:
            raise RegisterError(f"{start.describe()} did not exist yet on {day.isoformat()}")
        found: dict[str, Authority] = {}
        pending = [start]
        while pending:
            authority = pending.pop()
            if authority.exists_on(day):
                found[authority.gss_code] = authority
            else:
                pending.extend(self.successors(authority.gss_code))
        if not found:
            raise RegisterError(f"no successor of {start.describe()} exists on {day.isoformat()}")
        return tuple(found[g] for g in sorted(found))

    def related_by_succession(self, first: str, second: str) -> bool:
        """True when one authority succeeded the other, directly or through others
        (Poole and BCP; Northamptonshire and West Northamptonshire)."""
        a, b = self.get(first).gss_code, self.get(second).gss_code
        return a == b or b in self._descendants(a) or a in self._descendants(b)

    def _descendants(self, gss_code: str) -> set[str]:
        seen: set[str] = set()
        pending = [gss_code]
        while pending:
            for successor in self._successors[pending.pop()]:
                if successor not in seen:
                    seen.add(successor)
                    pending.append(successor)
        return seen

    # -- name matching --

    def name_index(self) -> dict[str, tuple[str, ...]]:
        """Every normalised name (see :func:`core`) and the GSS codes it stands for."""
        return {key: tuple(sorted(codes)) for key, codes in sorted(self._strong.items())}

    def match(
        self,
        name: str,
        on: DateLike | None = None,
        source: str | None = None,
        children_services: bool | None = None,
    ) -> Authority:
        """The one register entry that ``name`` (as written in a reply or log) means.

        ``on`` restricts to entries existing on that date (so "Bournemouth"
        in 2015 is the old unitary, "Somerset" in 2024 the new one);
        ``children_services`` True/False restricts to entries that do/do not
        run children's services ("Belfast" is then the trust/the council).
        ``source`` (file, row, ...) is quoted in error messages.
        """
        where = source or "<no source given>"
        when = f" on {to_date(on).isoformat()}" if on is not None else ""
        if not isinstance(name, str) or not name.strip():
            raise UnknownAuthorityError(f"{where}: empty authority name {name!r}")
        exact, strong, shared, weak = self._candidates(name)
        # A register name written out in full ("Newcastle City Council") decides
        # first. The weak tier (a trust's bare place name) is consulted only after
        # the councils, and only when asked for children's services or no council
        # bears that name: "Belfast" is the council unless the context says otherwise.
        named = strong | shared
        tiers = [exact, named, weak] if (children_services or not named) else [exact, named]

        def allowed(authority: Authority) -> bool:
            if children_services is not None and authority.children_services != children_services:
                return False
            return on is None or authority.exists_on(on)

        for tier in tiers:
            matches = [a for a in map(self._by_gss.__getitem__, sorted(tier)) if allowed(a)]
            if tier is named and len(matches) == 1 and matches[0].gss_code not in strong:
                continue  # a shared short form alone never picks an authority
            if len(matches) == 1:
                return matches[0]
            if matches:
                listed = "; ".join(a.describe() for a in matches)
                raise AmbiguousAuthorityError(
                    f"{where}: {name!r}{when} matches several authorities: {listed}. "
                    + ("Give a fuller name." if on is not None else "Give a date or a fuller name.")
                )
        named = set().union(*tiers) - (shared - strong)
        raise UnknownAuthorityError(f"{where}: {self._why_unknown(name, named, on, when)}")

    def _candidates(self, name: str) -> tuple[set[str], set[str], set[str], set[str]]:
        """(entries with this name written in full, entries with this place name,
        entries whose name begins with it as a short form, trusts with this bare name)."""
        code = name.strip().upper()
        if code in self._by_code:  # a GSS code (current or former) given directly
            return set(), {self._by_code[code]}, set(), set()
        key = core(name)
        key = ALIASES.get(key, key)
        strong = set(self._strong.get(key, ()))
        # "Newcastle" is Newcastle upon Tyne's short form and Newcastle-under-Lyme's:
        # a short form shared by several entries makes the name ambiguous.
        shared = set(self._short.get(key, ()))
        if not strong and len(shared) < 2:
            shared = set()
        # Only the bare place name reaches a trust: "Belfast City Council" says
        # which body it means, even where children's services are asked for.
        return (set(self._exact.get(normalise(name), ())), strong, shared,
                set(self._weak.get(normalise(name), ())))

    def _why_unknown(self, name: str, named: Iterable[str], on: DateLike | None, when: str) -> str:
        named = [self._by_gss[g] for g in sorted(named)]
        if not named:
            scored = process.extract(core(name), list(self._strong), scorer=fuzz.ratio,
                                     score_cutoff=80, limit=None)
            hint = [match for match, *_ in sorted(scored, key=lambda m: (-m[1], m[0]))[:3]]
            suggestion = f"; close register names: {', '.join(hint)}" if hint else ""
            return f"no authority in the register matches {name!r}{suggestion}"
        reasons = []
        for authority in named:
            if on is not None and not authority.exists_on(on):
                reasons.append(self._not_existing(authority, to_date(on)))
            else:
                runs = "runs" if authority.children_services else "does not run"
                reasons.append(f"{authority.describe()} {runs} children's services")
        return f"{name!r}{when} names no authority that qualifies: " + "; ".join(reasons)

    def _not_existing(self, authority: Authority, day: dt.date) -> str:
        text = f"{authority.describe()} did not exist on {day.isoformat()}"
        try:
            covering = self.current_successor(authority.gss_code, day)
        except RegisterError:
            return text
        return (
            text
            + " (its area was then covered by "
            + ", ".join(a.describe() for a in covering)
            + ")"
        )


def _read_frame(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column].replace("", None), format="%Y-%m-%d")
    frame["dfe_la_number"] = pd.to_numeric(frame["dfe_la_number"].replace("", None)).astype("Int64")
    frame["children_services"] = frame["children_services"].map({"true": True, "false": False})
    if frame["children_services"].isna().any():
        raise ValueError(f"{path}: children_services must be 'true' or 'false'")
    frame["children_services"] = frame["children_services"].astype(bool)
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].astype(str)
    return frame


def load_register(path: str | Path | None = None) -> AuthorityRegister:
    """Load the register CSV (default: data/reference/authorities.csv of this repository)."""
    return AuthorityRegister(_read_frame(Path(path) if path is not None else DEFAULT_REGISTER))
