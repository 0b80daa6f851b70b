"""Text replies (.txt, .csv) in encodings other than UTF-8: detected, or refused with the reason."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from foi_missing.core.register import load_register
from foi_missing.ingest.ledger import ingest_round
from foi_missing.ingest.readers import ReaderError, read_reply
from foi_missing.ingest.readers.decoding import decode_text, detect_encoding

from tests.unit.test_ingest import KENT, log_row, make_round
from tests.unit.test_readers_tables import ONE_YEAR, matcher_for

LETTER = ("Anytown Borough Council\n\nDear Requester,\n\nQ1. 14 \u2013 the council\u2019s own count\n"
          "Q2. Fewer than 5\nQ5. 30 (\u00a3 not relevant)\nQ6. Nil\n\nYours sincerely,\n\nA. Clerk\n")
TABLE = "Question,Answer\r\nQ1,9 \u2013 see note\r\nQ2,\u00a3 none\r\nQ5,caf\u00e9 staff: 12\r\nQ6,0\r\n"


@pytest.fixture(scope="module")
def matcher():
    return matcher_for(ONE_YEAR)


@pytest.fixture(scope="module")
def register():
    return load_register()


def answers_of(content) -> dict[str | None, str]:
    return {a.question: a.raw_text for a in content.answers}


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_a_letter_reads_the_same_in_every_encoding(tmp_path: Path, matcher, encoding):
    path = tmp_path / "reply.txt"
    path.write_bytes(LETTER.encode(encoding))
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "14 \u2013 the council\u2019s own count", "Q2": "Fewer than 5",
                                   "Q5": "30 (\u00a3 not relevant)", "Q6": "Nil"}


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le"])
def test_a_csv_reads_the_same_in_every_encoding(tmp_path: Path, matcher, encoding):
    path = tmp_path / "reply.csv"
    path.write_bytes(TABLE.encode(encoding))
    assert answers_of(read_reply(path, matcher)) == {
        "Q1": "9 \u2013 see note", "Q2": "\u00a3 none", "Q5": "caf\u00e9 staff: 12", "Q6": "0"}


def test_windows_1252_is_read_without_a_note_and_other_encodings_with_one():
    assert decode_text(LETTER.encode("cp1252")) == (LETTER, None)
    assert decode_text(LETTER.encode("utf-16")) == (LETTER, None)  # its byte-order mark says so
    text, finding = decode_text(LETTER.encode("mac_roman"))
    assert text == LETTER
    assert finding.severity == "warning" and "read as mac_roman" in finding.message
    text, finding = decode_text(LETTER.encode("utf-16-le"))
    assert text == LETTER and "UTF-16-LE without a byte-order mark" in finding.message


@pytest.mark.parametrize("data, why", [
    # Bytes in none of the plausible encodings (Windows-1252 leaves these five undefined).
    (b"Question,Answer\nQ1,\x81\x8d\x8f\x90\x9d 4\n", "undecodable text"),
    # Japanese in Shift-JIS: Windows-1252 would read it, but as a mess charset-normalizer sees.
    ("Q1. 12 \u5e74\u9593\u306e\u5408\u8a08\u3067\u3059\nQ2. 3\n".encode("shift_jis"), "undecodable text"),
    (codecs.BOM_UTF16_LE + b"Q\x001\x00\x00\xd8", "UTF-16 byte-order mark but is not valid UTF-16"),
    (b"\x00\x01\x02\x03binary\x00\x00", "binary"),
])
def test_text_that_cannot_be_decoded_confidently_is_refused_with_the_reason(tmp_path, matcher, data, why):
    for suffix in (".txt", ".csv"):
        path = tmp_path / f"reply{suffix}"
        path.write_bytes(data)
        with pytest.raises(ReaderError, match=why):
            read_reply(path, matcher)


def test_detection_prefers_windows_1252_when_mac_roman_reads_as_cleanly():
    # Both read "–" as a letter; only the usual encoding is taken without a word.
    detected = detect_encoding("Q1. 4 \u2013 fewer than 5\n".encode("cp1252"))
    assert detected is not None and detected.encoding == "cp1252"


def test_ingest_names_the_file_in_the_encoding_finding_and_the_refusal(tmp_path, register):
    folder = make_round(tmp_path / "mac", {"mac.txt": LETTER.replace("Anytown Borough", "Kent County")
                                            .encode("mac_roman")}, [log_row(KENT, "mac.txt")])
    result = ingest_round(folder, register)
    (finding,) = result.qa.loc[result.qa["rule"] == "text_encoding"].itertuples()
    assert finding.severity == "warning" and finding.message.startswith("replies/mac.txt: ")
    assert "mac_roman" in finding.message
    kent = result.answers.set_index("question")
    assert kent.loc["Q1", "value"] == 14

    folder = make_round(tmp_path / "bad", {"bad.csv": b"question,answer\nQ1,\x81\x8d\x8f\x90 4\n"},
                        [log_row(KENT, "bad.csv")])
    result = ingest_round(folder, register)
    (error,) = result.qa.loc[result.qa["rule"] == "unreadable_reply"].itertuples()
    assert "replies/bad.csv" in error.message and "undecodable text" in error.message
    assert set(result.answers["status"]) == {"unparsed"}
