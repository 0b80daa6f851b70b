"""results/<round>/to_code.csv: every answer still unparsed, ready to be coded by a person,
and how far a round's coding has come.

Its columns are those of the round's coding_sheet.csv, so a coder fills in
``status`` (and ``value``/``lower``/``upper``/``exemption`` where they apply),
``coded_by`` and ``coded_on``, and appends the rows to the coding sheet. The
``note`` says why the answer needs a person (the reader's or the parser's
reason, e.g. "answer does not say which period").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# Filled in from the ledger; the coder fills in the rest.
PREFILLED = ("authority_code", "question", "period", "raw_text", "source_file", "source_location",
             "note")
# Rows whose reply the tool could not use: the reply was not read (a coder may still code them).
NOT_READ = ("ledger", "auto:unreadable_reply", "auto:unattributed_reply", "auto:replies_unresolved",
            "auto:reply_file_missing")


def to_code_table(answers: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    unparsed = answers.loc[answers["status"] == "unparsed"]
    table = pd.DataFrame({c: [""] * len(unparsed) for c in columns})
    for column in PREFILLED:
        table[column] = unparsed[column].fillna("").astype(str).to_list()
    return table


@dataclass(frozen=True)
class CodingProgress:
    """How a round's answers were coded.

    ``replies_read``: replies whose answers were coded, by the readers or (where
    they could not) by a coder. ``automatic``: answers coded by the pipeline,
    ``by_hand``: coded in the coding sheet, ``to_code``: still unparsed. Answers
    of authorities that did not reply (``no_response``) are none of these.
    """

    replies_read: int
    automatic: int
    by_hand: int
    to_code: int

    def sentence(self) -> str:
        """ "204 replies read: 1,690 answers coded automatically, 46 coded by hand (coding
        sheet), 12 still to code"."""
        replies = f"{self.replies_read:,} {'reply' if self.replies_read == 1 else 'replies'} read"
        answers = "answer" if self.automatic == 1 else "answers"
        return (f"{replies}: {self.automatic:,} {answers} coded automatically, {self.by_hand:,} coded "
                f"by hand (coding sheet), {self.to_code:,} still to code")


def coding_progress(answers: pd.DataFrame) -> CodingProgress:
    """Count, from a round's answers table, what was coded how (see :class:`CodingProgress`)."""
    coded_by = answers["coded_by"].fillna("").astype(str)
    status = answers["status"].fillna("").astype(str)
    reply_id = answers["reply_id"].fillna("").astype(str)
    manual = coded_by.str.startswith("manual:")
    unparsed = status == "unparsed"
    automatic = coded_by.str.startswith("auto:") & ~unparsed
    manual &= ~unparsed  # a coder who wrote "unparsed" left it to code
    read = (reply_id != "") & (manual | ~coded_by.isin(NOT_READ))
    return CodingProgress(
        replies_read=int(reply_id[read].nunique()),
        automatic=int(automatic.sum()),
        by_hand=int(manual.sum()),
        to_code=int(unparsed.sum()),
    )


def progress_sentence(answers: pd.DataFrame) -> str:
    return coding_progress(answers).sentence()
