"""results/<round>/to_code.csv: every answer still unparsed, ready to be coded by a person.

Its columns are those of the round's coding_sheet.csv, so a coder fills in
``status`` (and ``value``/``lower``/``upper``/``exemption`` where they apply),
``coded_by`` and ``coded_on``, and appends the rows to the coding sheet.
"""

from __future__ import annotations

import pandas as pd

# Filled in from the ledger; the coder fills in the rest.
PREFILLED = ("authority_code", "question", "period", "raw_text", "source_file", "source_location",
             "note")


def to_code_table(answers: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    unparsed = answers.loc[answers["status"] == "unparsed"]
    table = pd.DataFrame({c: [""] * len(unparsed) for c in columns})
    for column in PREFILLED:
        table[column] = unparsed[column].fillna("").astype(str).to_list()
    return table
