"""Which lines may name a council (only those are checked against the register)."""

from __future__ import annotations

import pytest
from foi_missing.ingest.readers.base import first_council_clue, looks_like_council_name


@pytest.mark.parametrize("text", [
    "Kent County Council", "Cyngor Sir Ceredigion", "London Borough of Hackney", "Comhairle nan Eilean Siar",
    "City of London Corporation", "kent county council foi response", "Council of the Isles of Scilly",
    "Royal Borough of Kensington and Chelsea", "Rother District Council", "Borough of Poole",
    "KENT COUNTY COUNCIL", "Durham County Council's response",
])
def test_council_names(text):
    assert looks_like_council_name(text)


@pytest.mark.parametrize("text", [
    "the Council", "Council Tax", "County Lines", "COUNTY LINES exploitation", "Council response", "Dear Council",
    "Your council", "County Hall", "Council Offices", "Children's Services, the Council", "FOI response - Council",
    "Councillor Smith", "We asked the County Council", "This is not held by the Borough Council",
])
def test_lines_that_name_no_council(text):
    assert not looks_like_council_name(text)


def test_a_letter_about_county_lines_takes_its_name_from_the_letterhead():
    lines = [("County Lines Team", "line 1"), ("Borough of Northshire", "line 2")]
    assert first_council_clue(lines).text == "Borough of Northshire"
