"""Derive data/reference/authorities.csv from mySociety's local authority register.

Usage (from the repository root):

    uv run python tools/derive_authority_register.py \
        --source PATH/uk_local_authorities_current.csv \
        --out data/reference/authorities.csv

`--lookup` defaults to `lookup_name_to_registry.csv` next to `--source`;
`--dfe-missing` (the DfE 2019-2023 "children missing or away from placement"
table, Open Government Licence v3.0) defaults to
`../dfe_children_looked_after/2019_2023_la_children_missing_or_away.csv`
beside the mySociety folder: it supplies the DfE LA numbers mySociety lacks
for the unitaries created since 2019 (Dorset, Buckinghamshire, North and
West Northamptonshire), matched on the GSS code; `--no-dfe-missing` skips it.
`--welsh` and `--trusts` default to the project's own tables in
data/reference/. The output is deterministic (sorted rows and names, ISO
dates, '\\n' line endings) so a re-run on the same inputs is byte-identical.

Only facts are derived: who existed when, under which names and codes, and
who replaced whom. See data/reference/README.md for the traps handled.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WELSH = REPO_ROOT / "data" / "reference" / "welsh_names.csv"
DEFAULT_TRUSTS = REPO_ROOT / "data" / "reference" / "ni_health_social_care_trusts.csv"

# Types that run children's services (England's CSSRs, Scottish councils,
# Welsh principal areas). SRA and COMB never do and are left out; NMD see below.
CHILDREN_SERVICES_TYPES = frozenset({"CTY", "UA", "LBO", "MD", "CC", "SCO", "WPA"})
# NI district councils do not run children's services, but the 2014-15 round
# asked them, so they are in the register with children_services=false.
NI_DISTRICT_TYPE = "NID"
# England's lower-tier (non-metropolitan) district councils run no children's
# services and are never asked. They are in the register, children_services
# false, only so that a name they share ("Newcastle": Newcastle upon Tyne or
# Newcastle-under-Lyme) is ambiguous instead of silently taken for the other.
LOWER_TIER_TYPE = "NMD"
TRUST_TYPE = "HSCT"

COLUMNS = [
    "gss_code",
    "register_code",
    "official_name",
    "short_name",
    "alt_names",
    "nation",
    "region",
    "type",
    "start_date",
    "end_date",
    "successor_gss",
    "dfe_la_number",
    "children_services",
    "former_gss",
]

# Mojibake seen in the source: U+FFFD itself, or its UTF-8 bytes (and those of
# other U+FFxx characters) decoded as Latin-1 ("ï¿½", "ï¾\xa0").
_MOJIBAKE = re.compile("\ufffd|\u00ef[\u00bc-\u00bf]")
_DFE_NUMBER = re.compile(r"^\d{3}$")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", type=Path, required=True, help="mySociety uk_local_authorities_current.csv"
    )
    parser.add_argument(
        "--lookup",
        type=Path,
        default=None,
        help="mySociety lookup_name_to_registry.csv (default: next to --source)",
    )
    parser.add_argument(
        "--welsh", type=Path, default=DEFAULT_WELSH, help="project table of Welsh-language names"
    )
    parser.add_argument(
        "--trusts",
        type=Path,
        default=DEFAULT_TRUSTS,
        help="project table of NI Health and Social Care Trusts",
    )
    parser.add_argument(
        "--dfe-missing",
        type=Path,
        default=None,
        help=f"DfE {DFE_MISSING_FILE} (default: ../{DFE_MISSING_DIR}/ beside --source's folder)",
    )
    parser.add_argument(
        "--no-dfe-missing", action="store_true", help="do not fill DfE LA numbers from DfE"
    )
    parser.add_argument("--out", type=Path, required=True, help="output CSV")
    return parser.parse_args(argv)


DFE_MISSING_DIR = "dfe_children_looked_after"
DFE_MISSING_FILE = "2019_2023_la_children_missing_or_away.csv"


def fill_dfe_numbers(register: pd.DataFrame, dfe: pd.DataFrame) -> pd.DataFrame:
    """Fill empty English ``dfe_la_number`` cells from a DfE table's (new_la_code,
    old_la_code) pairs. Only a GSS code DfE gives exactly one LA number is filled;
    a number already in the register is never overwritten (a disagreement is an error)."""
    pairs = dfe.loc[dfe["new_la_code"].str.startswith("E"), ["new_la_code", "old_la_code"]]
    pairs = pairs.drop_duplicates()
    numbers = pairs.groupby("new_la_code")["old_la_code"].agg(lambda s: sorted(set(s)))
    out = register.copy()
    for index, row in out.iterrows():
        found = numbers.get(row["gss_code"])
        if row["nation"] != "England" or not found:
            continue
        if len(found) != 1 or not _DFE_NUMBER.fullmatch(found[0]):
            raise ValueError(f"DfE gives {row['gss_code']} the LA numbers {found}")
        if row["dfe_la_number"] and row["dfe_la_number"] != found[0]:
            raise ValueError(f"{row['gss_code']}: register has DfE LA number "
                             f"{row['dfe_la_number']}, DfE says {found[0]}")
        out.at[index, "dfe_la_number"] = found[0]
    return out


def read_csv(path: Path) -> pd.DataFrame:
    """Read every cell as text; blanks stay '' (no NaN surprises)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def split_list(value: str, sep: str) -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def is_lossy_name(name: str, welsh_names: Iterable[str]) -> bool:
    """True for mis-encoded names, or copies of a Welsh name whose accented letters were dropped.

    The source holds "Sir Ynys M\\ufffdn" (mojibake) and "ynys mn" (the same
    name with the 'ô' deleted): neither is a name anybody writes.
    """
    if _MOJIBAKE.search(name):
        return True
    folded = name.casefold()
    for welsh in welsh_names:
        lossy = "".join(ch for ch in welsh.casefold() if ch.isascii())
        if lossy != welsh.casefold() and folded == re.sub(r"\s+", " ", lossy).strip():
            return True
    return False


def _dedupe_key(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


def clean_alt_names(names: Iterable[str], exclude: Iterable[str], welsh: Iterable[str]) -> str:
    """Trim, drop mis-encoded and duplicate names (case-insensitive), sort, join with ';'."""
    welsh = list(welsh)
    seen = {_dedupe_key(n) for n in exclude}
    kept: dict[str, str] = {}
    for raw in names:
        name = re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw)).strip()
        key = _dedupe_key(name)
        if not name or key in seen or key in kept or is_lossy_name(name, welsh):
            continue
        if ";" in name:
            raise ValueError(f"alternative name {name!r} contains the list separator ';'")
        kept[key] = name
    # Sorting by folded name first makes the order independent of the source's row order.
    return ";".join(sorted(kept.values(), key=lambda n: (_dedupe_key(n), n)))


def select_authorities(source: pd.DataFrame) -> pd.DataFrame:
    """Children's-services authorities, England's lower-tier districts, and NI
    districts that have a GSS code.

    The 26 pre-2015 NI districts are dropped: the source gives them no GSS
    code, misses old Belfast, and they ended on 2015-03-31, before any round
    sent its requests.
    """
    types = source["local-authority-type"]
    keep = types.isin(CHILDREN_SERVICES_TYPES | {LOWER_TIER_TYPE}) | (
        (types == NI_DISTRICT_TYPE) & (source["gss-code"].str.strip() != "")
    )
    return source.loc[keep].copy()


def fix_end_dates(rows: pd.DataFrame, start_by_code: dict[str, str]) -> pd.Series:
    """Make end_date the last day of existence.

    The source gives some abolished authorities the abolition day itself as
    end-date (Northamptonshire 2021-04-01, Cumbria/North Yorkshire/Somerset
    2023-04-01), which is also their successors' start-date: with the
    inclusive rule start <= date <= end both would be active that day.
    """
    ends = []
    for end, replaced_by in zip(rows["end-date"], rows["replaced-by"], strict=True):
        starts = [start_by_code[c] for c in split_list(replaced_by, ",") if start_by_code.get(c)]
        if end and starts and end >= min(starts):
            end = (dt.date.fromisoformat(min(starts)) - dt.timedelta(days=1)).isoformat()
        ends.append(end)
    return pd.Series(ends, index=rows.index)


def successor_gss(rows: pd.DataFrame, gss_by_code: dict[str, str]) -> pd.Series:
    def convert(replaced_by: str) -> str:
        codes = split_list(replaced_by, ",")
        missing = [c for c in codes if c not in gss_by_code]
        if missing:
            raise ValueError(f"replaced-by names unknown register codes {missing}")
        return ";".join(sorted(gss_by_code[c] for c in codes))

    return rows["replaced-by"].map(convert)


def fill_regions(rows: pd.DataFrame) -> pd.Series:
    """Give former authorities the region of their successors when the source leaves it blank.

    (Bournemouth, Poole and Buckinghamshire County have no region in the
    source; their successors do.) Scotland, Wales and NI use the nation.
    """
    region_by_gss = dict(zip(rows["gss_code"], rows["region"], strict=True))
    filled = []
    for region, successors in zip(rows["region"], rows["successor_gss"], strict=True):
        if not region:
            candidates = {region_by_gss[g] for g in split_list(successors, ";")} - {""}
            region = candidates.pop() if len(candidates) == 1 else ""
        filled.append(region)
    return pd.Series(filled, index=rows.index)


def dfe_numbers(rows: pd.DataFrame) -> pd.Series:
    """The DfE LA number sits in old-ons-la-code for English children's services authorities."""
    english = rows["nation"] == "England"
    valid = rows["old-ons-la-code"].str.fullmatch(_DFE_NUMBER.pattern)
    return rows["old-ons-la-code"].where(english & valid, "")


def welsh_alt_names(welsh: pd.DataFrame, gss_by_code: dict[str, str]) -> dict[str, list[str]]:
    """Welsh names by register code, after checking the table's GSS codes against the source."""
    names: dict[str, list[str]] = {}
    for row in welsh.itertuples(index=False):
        if gss_by_code.get(row.register_code) != row.gss_code:
            raise ValueError(
                f"welsh_names: {row.register_code} has GSS {row.gss_code}, "
                f"source says {gss_by_code.get(row.register_code)}"
            )
        names[row.register_code] = [
            row.welsh_official_name,
            row.welsh_name,
            *split_list(row.other_welsh_names, ";"),
        ]
    return names


def build_register(
    source: pd.DataFrame, lookup: pd.DataFrame, welsh: pd.DataFrame, trusts: pd.DataFrame
) -> pd.DataFrame:
    rows = select_authorities(source)
    gss_by_code = dict(zip(rows["local-authority-code"], rows["gss-code"], strict=True))
    start_by_code = dict(zip(rows["local-authority-code"], rows["start-date"], strict=True))
    welsh_by_code = welsh_alt_names(welsh, gss_by_code)
    all_welsh = [n for names in welsh_by_code.values() for n in names]
    # The source's alt-names column joins names with ',' although names contain
    # commas ("Armagh City, Banbridge and Craigavon"): the lookup file is the
    # same list, properly quoted, one name per row.
    lookup_by_code = lookup.groupby("local-authority-code")["la-name"].agg(list).to_dict()

    out = pd.DataFrame(
        {
            "gss_code": rows["gss-code"].str.strip(),
            "register_code": rows["local-authority-code"],
            "official_name": rows["official-name"].str.strip(),
            "short_name": rows["nice-name"].str.strip(),
            "nation": rows["nation"],
            "region": rows["region"],
            "type": rows["local-authority-type"],
            "start_date": rows["start-date"],
            "end_date": fix_end_dates(rows, start_by_code),
            "successor_gss": successor_gss(rows, gss_by_code),
            "dfe_la_number": dfe_numbers(rows),
            "children_services": rows["local-authority-type"].isin(CHILDREN_SERVICES_TYPES),
            "former_gss": rows["former-gss-codes"].map(
                lambda v: ";".join(sorted(split_list(v, ",")))
            ),
        }
    )
    out["alt_names"] = [
        clean_alt_names(
            [*lookup_by_code.get(code, []), *welsh_by_code.get(code, [])],
            exclude=[official, short],
            welsh=all_welsh,
        )
        for code, official, short in zip(
            out["register_code"], out["official_name"], out["short_name"], strict=True
        )
    ]
    out["region"] = fill_regions(out)
    out = pd.concat([out, trust_rows(trusts)], ignore_index=True)
    check(out)
    out["children_services"] = out["children_services"].map({True: "true", False: "false"})
    return out[COLUMNS].sort_values("gss_code", kind="stable").reset_index(drop=True)


def trust_rows(trusts: pd.DataFrame) -> pd.DataFrame:
    """NI Health and Social Care Trusts: they hold NI children's social care but are not in mySociety."""
    return pd.DataFrame(
        {
            "gss_code": trusts["gss_code"],
            "register_code": "",
            "official_name": trusts["official_name"],
            "short_name": trusts["short_name"],
            "alt_names": [
                clean_alt_names(split_list(names, ";"), exclude=[o, s], welsh=[])
                for names, o, s in zip(
                    trusts["alt_names"], trusts["official_name"], trusts["short_name"], strict=True
                )
            ],
            "nation": "Northern Ireland",
            "region": "Northern Ireland",
            "type": TRUST_TYPE,
            "start_date": trusts["start_date"],
            "end_date": trusts["end_date"],
            "successor_gss": "",
            "dfe_la_number": "",
            "children_services": True,
            "former_gss": "",
        }
    )


def check(out: pd.DataFrame) -> None:
    """Fail loudly rather than write a register that would mislead the pipeline."""
    if out["gss_code"].eq("").any() or out["gss_code"].duplicated().any():
        raise ValueError("every authority needs a unique GSS code")
    for column in ("start_date", "end_date"):
        for value in out[column]:
            if value:
                dt.date.fromisoformat(value)  # raises on a malformed date
    bad = out[(out["end_date"] != "") & (out["start_date"] > out["end_date"])]
    if not bad.empty:
        raise ValueError(f"end before start: {list(bad['gss_code'])}")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    lookup_path = args.lookup or args.source.with_name("lookup_name_to_registry.csv")
    register = build_register(
        read_csv(args.source), read_csv(lookup_path), read_csv(args.welsh), read_csv(args.trusts)
    )
    if not args.no_dfe_missing:
        dfe_path = args.dfe_missing or (
            args.source.resolve().parent.parent / DFE_MISSING_DIR / DFE_MISSING_FILE)
        if not dfe_path.is_file():
            print(f"{dfe_path}: DfE table not found; pass --dfe-missing PATH or "
                  "--no-dfe-missing", file=sys.stderr)
            return 2
        register = fill_dfe_numbers(register, pd.read_csv(
            dfe_path, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
    write_csv(register, args.out)
    counts = register.groupby(["nation", "type"]).size()
    print(f"wrote {len(register)} authorities to {args.out}", file=sys.stderr)
    print(counts.to_string(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
