"""Derive England reference tables from the DfE "Children looked after in England" LA files.

Source: Department for Education, "Children looked after in England including
adoption", statistical first releases SFR34/2015, SFR41/2016 and SFR50/2017
(local-authority underlying data CSVs and their metadata documents), and the
2019-2023 table "children missing or away from placement" (explore education
statistics). Open Government Licence v3.0:
https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/

Usage (from the repository root):

    uv run python tools/derive_dfe_reference.py \\
        --source-dir <dir with the DfE CSVs> --out-dir data/reference

Writes ``dfe_la_looked_after.csv`` (one row per year x LA) and
``dfe_england_looked_after.csv`` (one row per year, England as published).
See ``data/reference/README.md`` for the columns and the traps handled:

* column names change by year, so every column is located through the
  year's metadata document (by its description), never by a fixed name;
* LAs are joined on the DfE LA number (``geog_c``), and the GSS code is taken
  from the register ``authorities.csv`` (column ``dfe_la_number``), because
  the DfE files keep old GSS codes for Gateshead and Northumberland;
* suppressed cells (``x``, ``c``, ``z``, ``..``) stay empty with a flag: they
  are not zeros;
* the 2015 national UASC figure disagrees with the sum of the LA rows; both
  are written.

The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REGISTER = REPO_ROOT / "data" / "reference" / "authorities.csv"

LA_FILE = "dfe_la_looked_after.csv"
ENGLAND_FILE = "dfe_england_looked_after.csv"
MISSING_2019_2023_FILE = "2019_2023_la_children_missing_or_away.csv"

# Symbols DfE prints instead of a number. Kept verbatim in the flag columns.
#   x: suppressed small number (1 to 5) or secondary suppression (2015-2017 files)
#   c: suppressed (explore-education-statistics files)
#   k: low figure, rounds to zero (explore-education-statistics files)
#   z: not applicable
#   ..: not available (2017 metadata)
SUPPRESSION_SYMBOLS = ("x", "c", "k", "z", "..")

# Measures: output name -> pattern the metadata description of the column must
# match ({year} is the year ending 31 March). Each must match exactly one column.
CLA_MEASURES = {
    "looked_after_during_year": r"^Children looked after during the year ending 31 March {year}$",
    "looked_after_31_march": r"^Children looked after at 31 March {year}$",
    "uasc_31_march": r"^Children looked after at 31 March {year} who (are|were) unaccompanied "
    r"asylum seekers\b",
}
MISSING_MEASURES = {
    "went_missing_during_year": r"\bhad a missing incident during the year$",
    "missing_incidents": r"^Number of missing incidents during the year\b",
}
MEASURES = [*CLA_MEASURES, *MISSING_MEASURES]

# 2019-2023 file (long format): output measure -> CLA_group label.
GROUPS_2019_2023 = {
    "looked_after_during_year": "Children looked after during the year",
    "went_missing_during_year": "Children who had a missing incident during the year",
    "missing_incidents": "Number of missing incidents during the year",
}


@dataclass(frozen=True)
class YearFiles:
    year: int
    release: str
    metadata: str
    cla: str  # local file name
    cla_section: str  # the file's name inside the metadata document
    missing: str
    missing_section: str


YEARS = (
    YearFiles(
        2015,
        "SFR34/2015",
        "2015_Meta_Data_Document.txt",
        "2015_SFR34_CLA2015.csv",
        "SFR34_CLA2015.csv",
        "2015_SFR34_Missing2015.csv",
        "SFR34_Missing2015.csv",
    ),
    YearFiles(
        2016,
        "SFR41/2016",
        "2016_Meta_Data_Document.txt",
        "2016_SFR41_CLA2016.csv",
        "SFR41_CLA2016.csv",
        "2016_SFR41_Missing2016.csv",
        "SFR41_Missing2016.csv",
    ),
    YearFiles(
        2017,
        "SFR50/2017",
        "2017_SFR50_2017_MetaData.txt",
        "2017_SFR50_CLA2017.csv",
        "SFR50_CLA2017.csv",
        "2017_SFR50_Missing_2017.csv",
        "SFR50_Missing2017.csv",
    ),
)

LA_COLUMNS = [
    "year",
    "dfe_la_number",
    "gss_code",
    "dfe_gss_code",
    "la_name",
]
for _m in MEASURES:
    LA_COLUMNS += [_m, f"{_m}_flag"]

ENGLAND_COLUMNS = [
    "year",
    "looked_after_during_year",
    "looked_after_31_march",
    "uasc_31_march",
    "went_missing_during_year",
    "missing_incidents",
    "uasc_31_march_la_sum",
    "la_rows_suppressed_uasc",
    "source",
]

EXPECTED_LA_ROWS = 151


class DeriveError(RuntimeError):
    """The sources do not look the way this script expects."""


# --------------------------------------------------------------------------- reading


def read_metadata(path: Path) -> dict[str, dict[str, str]]:
    """Annex A of a DfE metadata document: {file name: {column: description}}.

    A section starts with a line holding only a ``*.csv`` name and runs until
    the next such line; entries are ``column: description`` lines.
    """
    text = path.read_bytes().decode("cp1252")
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    annex = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("Annex A"):
            annex = True
            continue
        if not annex:
            continue
        if re.fullmatch(r"[\w\-]+\.csv", line):
            current = sections.setdefault(line, {})
            continue
        if current is not None and ":" in line:
            name, description = line.split(":", 1)
            current[name.strip()] = description.strip()
    if not sections:
        raise DeriveError(f"{path.name}: no 'Annex A' column definitions found")
    return sections


def resolve_columns(
    definitions: dict[str, str], patterns: dict[str, str], year: int, where: str
) -> dict[str, str]:
    """Map each measure to the one column whose metadata description matches its pattern."""
    resolved = {}
    for measure, pattern in patterns.items():
        regex = re.compile(pattern.format(year=year))
        hits = [col for col, desc in definitions.items() if regex.search(desc)]
        if len(hits) != 1:
            raise DeriveError(
                f"{where}: expected one column described like /{regex.pattern}/ for "
                f"{measure}, found {hits or 'none'}"
            )
        resolved[measure] = hits[0]
    return resolved


def read_table(path: Path) -> list[dict[str, str]]:
    """A DfE CSV as rows of stripped strings (headers can carry trailing spaces)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader)]
        rows = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise DeriveError(
                    f"{path.name}: row with {len(record)} cells, header has {len(header)}"
                )
            rows.append({h: cell.strip() for h, cell in zip(header, record)})
    return rows


def parse_cell(text: str, where: str) -> tuple[int | None, str]:
    """(value, flag): an integer with an empty flag, or no value with the DfE symbol."""
    if re.fullmatch(r"-?\d+", text):
        return int(text), ""
    if text in SUPPRESSION_SYMBOLS:
        return None, text
    raise DeriveError(f"{where}: cell {text!r} is neither a whole number nor a DfE symbol")


def national_number(row: dict[str, str], column: str, where: str) -> int:
    value, flag = parse_cell(row[column], where)
    if value is None:
        raise DeriveError(f"{where}: national {column} is {flag!r}, expected a published figure")
    return value


# --------------------------------------------------------------------------- register


def _register_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def load_register(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise DeriveError(
            f"register {path} not found: it maps DfE LA numbers to GSS codes "
            "(pass --register to point at it)"
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for column in ("gss_code", "dfe_la_number"):
        if rows and column not in rows[0]:
            raise DeriveError(f"{path.name}: no column {column!r}")
    return rows


def register_lookup(register: list[dict[str, str]], number: str, on: date) -> dict[str, str]:
    """The one register authority holding DfE LA number ``number`` on date ``on``."""
    hits = []
    for row in register:
        if (row.get("dfe_la_number") or "").strip() != number:
            continue
        start = _register_date((row.get("start_date") or "").strip())
        end = _register_date((row.get("end_date") or "").strip())
        if (start is None or start <= on) and (end is None or on <= end):
            hits.append(row)
    if len(hits) != 1:
        codes = [h["gss_code"] for h in hits]
        raise DeriveError(
            f"DfE LA number {number}: expected one register authority active on {on}, "
            f"found {codes or 'none'}"
        )
    return hits[0]


# --------------------------------------------------------------------------- derive


def derive_year(
    source_dir: Path, files: YearFiles, register: list[dict[str, str]]
) -> tuple[list[dict[str, object]], dict[str, object]]:
    """LA rows and the England row for one year ending 31 March."""
    year = files.year
    metadata = read_metadata(source_dir / files.metadata)
    tables = {}
    columns = {}
    for kind, local, section, patterns in (
        ("cla", files.cla, files.cla_section, CLA_MEASURES),
        ("missing", files.missing, files.missing_section, MISSING_MEASURES),
    ):
        if section not in metadata:
            raise DeriveError(f"{files.metadata}: no section {section!r}")
        where = f"{files.metadata} [{section}]"
        resolved = resolve_columns(metadata[section], patterns, year, where)
        rows = read_table(source_dir / local)
        missing_cols = [c for c in resolved.values() if c not in rows[0]]
        if missing_cols:
            raise DeriveError(f"{local}: metadata names {missing_cols}, not in the file")
        tables[kind] = rows
        columns[kind] = resolved
        print(f"{year} {local}: " + ", ".join(f"{m}={c}" for m, c in resolved.items()))

    def la_rows(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
        out = {}
        for row in rows:
            if row["geog_l"] != "LA":
                continue
            if row["geog_c"] in out:
                raise DeriveError(f"{year}: DfE LA number {row['geog_c']} listed twice")
            out[row["geog_c"]] = row
        return out

    def national_row(rows: list[dict[str, str]], name: str) -> dict[str, str]:
        hits = [r for r in rows if r["geog_l"] == "NATIONAL"]
        if len(hits) != 1 or hits[0]["geog_n"].upper() != "ENGLAND":
            raise DeriveError(f"{name}: expected one NATIONAL row for England")
        return hits[0]

    cla_las = la_rows(tables["cla"])
    missing_las = la_rows(tables["missing"])
    if set(cla_las) != set(missing_las):
        raise DeriveError(
            f"{year}: LA lists differ between {files.cla} and {files.missing}: "
            f"{sorted(set(cla_las) ^ set(missing_las))}"
        )
    if len(cla_las) != EXPECTED_LA_ROWS:
        raise DeriveError(f"{year}: {len(cla_las)} LA rows, expected {EXPECTED_LA_ROWS}")

    march_31 = date(year, 3, 31)
    out_rows: list[dict[str, object]] = []
    for number in sorted(cla_las, key=int):
        cla, miss = cla_las[number], missing_las[number]
        if (cla["New_geog_code"], cla["geog_n"]) != (miss["New_geog_code"], miss["geog_n"]):
            raise DeriveError(f"{year} LA {number}: code or name differs between the two files")
        authority = register_lookup(register, number, march_31)
        row: dict[str, object] = {
            "year": year,
            "dfe_la_number": int(number),
            "gss_code": authority["gss_code"],
            "dfe_gss_code": cla["New_geog_code"],
            "la_name": cla["geog_n"],
        }
        for kind, source in (("cla", cla), ("missing", miss)):
            for measure, column in columns[kind].items():
                value, flag = parse_cell(source[column], f"{year} LA {number} {column}")
                row[measure] = value
                row[f"{measure}_flag"] = flag
        out_rows.append(row)

    national_cla = national_row(tables["cla"], files.cla)
    national_missing = national_row(tables["missing"], files.missing)
    uasc = [r["uasc_31_march"] for r in out_rows]
    england: dict[str, object] = {"year": year}
    for kind, source in (("cla", national_cla), ("missing", national_missing)):
        for measure, column in columns[kind].items():
            england[measure] = national_number(source, column, f"{year} England")
    england["uasc_31_march_la_sum"] = sum(v for v in uasc if v is not None)
    england["la_rows_suppressed_uasc"] = sum(1 for v in uasc if v is None)
    england["source"] = f"DfE {files.release}: {files.cla_section}; {files.missing_section}"
    return out_rows, england


def derive_2019_2023(path: Path) -> list[dict[str, object]]:
    """England rows (years ending 31 March 2019-2023) from the long-format missing table."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["geographic_level"] == "National"]
    wanted = {label: measure for measure, label in GROUPS_2019_2023.items()}
    found: dict[int, dict[str, object]] = {}
    for row in rows:
        if row["time_identifier"] != "Reporting year" or row["country_code"] != "E92000001":
            raise DeriveError(f"{path.name}: unexpected national row {row}")
        measure = wanted.get(row["CLA_group"])
        if measure is None:
            continue
        year = int(row["time_period"])
        entry = found.setdefault(year, {})
        if measure in entry:
            raise DeriveError(f"{path.name}: {year} {row['CLA_group']!r} given twice")
        entry[measure] = national_number(row, "number", f"{path.name} {year} {measure}")
    out = []
    for year in sorted(found):
        entry = found[year]
        absent = [m for m in GROUPS_2019_2023 if m not in entry]
        if absent:
            raise DeriveError(f"{path.name}: {year} lacks national {absent}")
        out.append(
            {
                "year": year,
                **entry,
                "source": f"DfE explore education statistics: {MISSING_2019_2023_FILE}",
            }
        )
    return out


def write_rows(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c, "") for c in columns])


def derive(source_dir: Path, out_dir: Path, register_path: Path) -> tuple[Path, Path]:
    register = load_register(register_path)
    la_rows: list[dict[str, object]] = []
    england_rows: list[dict[str, object]] = []
    for files in YEARS:
        rows, england = derive_year(source_dir, files, register)
        la_rows += rows
        england_rows.append(england)
    later = source_dir / MISSING_2019_2023_FILE
    if later.exists():
        england_rows += derive_2019_2023(later)
    else:
        print(f"note: {later.name} not found; England rows for 2019-2023 not written")

    stale = sorted(
        {
            (r["dfe_la_number"], r["la_name"], r["dfe_gss_code"], r["gss_code"])
            for r in la_rows
            if r["dfe_gss_code"] != r["gss_code"]
        }
    )
    for number, name, dfe_code, gss in stale:
        print(f"DfE LA {number} {name}: DfE file code {dfe_code}, register code {gss}")
    for row in england_rows:
        if row.get("uasc_31_march") is not None:
            print(
                f"{row['year']} England UASC at 31 March: national {row['uasc_31_march']}, "
                f"LA sum {row['uasc_31_march_la_sum']} "
                f"({row['la_rows_suppressed_uasc']} LA cells suppressed)"
            )

    la_path, england_path = out_dir / LA_FILE, out_dir / ENGLAND_FILE
    write_rows(la_path, LA_COLUMNS, la_rows)
    write_rows(england_path, ENGLAND_COLUMNS, england_rows)
    return la_path, england_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source-dir",
        type=Path,
        required=True,
        help="directory holding the DfE CSVs and metadata documents",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        required=True,
        help="where to write the two tables (normally data/reference)",
    )
    parser.add_argument(
        "--register",
        type=Path,
        default=DEFAULT_REGISTER,
        help="authority register with gss_code and dfe_la_number "
        "(default: data/reference/authorities.csv of this repository)",
    )
    args = parser.parse_args(argv)
    try:
        paths = derive(args.source_dir, args.out_dir, args.register)
    except DeriveError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
