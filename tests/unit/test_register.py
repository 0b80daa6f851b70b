"""The authority register (data/reference/authorities.csv) and name matching."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.core.register import (
    ALIASES,
    DEFAULT_REGISTER,
    AmbiguousAuthorityError,
    Authority,
    AuthorityRegister,
    RegisterError,
    UnknownAuthorityError,
    core,
    load_register,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("FOI_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
MYSOCIETY = SHARED_DATA / "mysociety_la_codes" / "uk_local_authorities_current.csv"
DFE_CLA_2015 = SHARED_DATA / "dfe_children_looked_after" / "2015_SFR34_CLA2015.csv"
# Inside the 2014-15 round: the year to September 2015, asked afterwards.
ROUND_2014_15 = "2015-10-01"


@pytest.fixture(scope="module")
def register() -> AuthorityRegister:
    return load_register()


def counts(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    return frame.groupby(["nation", "type"]).size().to_dict()


# --- the derived table ------------------------------------------------------


def test_default_path_is_the_committed_table() -> None:
    assert DEFAULT_REGISTER == REPO_ROOT / "data" / "reference" / "authorities.csv"
    assert DEFAULT_REGISTER.is_file()


def test_2014_15_round_asked_217_authorities(register: AuthorityRegister) -> None:
    # England's 152 children's services authorities = the DfE's 151 LA rows
    # plus the Isles of Scilly (a unitary the DfE files leave out).
    active = register.active_on(ROUND_2014_15, children_services_only=False)
    nation = active.groupby("nation").size().to_dict()
    assert nation["England"] == 152
    assert nation["Wales"] == 22
    assert nation["Scotland"] == 32
    by_type = counts(active)
    assert by_type[("Northern Ireland", "NID")] == 11
    assert by_type[("Northern Ireland", "HSCT")] == 5
    assert len(active[active["type"] != "HSCT"]) == 217
    england = active[active["nation"] == "England"]
    assert england["dfe_la_number"].notna().all()
    assert england["dfe_la_number"].is_unique
    assert "E06000053" in set(england["gss_code"])  # Isles of Scilly


def test_children_services_only_drops_ni_districts(register: AuthorityRegister) -> None:
    active = register.active_on(ROUND_2014_15)
    assert len(active) == 152 + 22 + 32 + 5
    assert not (active["type"] == "NID").any()
    assert active["children_services"].all()


def test_ni_reorganisation_2015(register: AuthorityRegister) -> None:
    # NI went from 26 districts to 11 on 2015-04-01; the 26 old ones have no
    # GSS code in the source and are not in the register.
    before = register.active_on("2015-03-31", children_services_only=False)
    assert not (before["type"] == "NID").any()
    after = register.active_on("2015-04-01", children_services_only=False)
    assert (after["type"] == "NID").sum() == 11


def test_table_has_only_the_types_asked(register: AuthorityRegister) -> None:
    frame = register.frame
    assert set(frame["type"]) == {"CTY", "UA", "LBO", "MD", "CC", "SCO", "WPA", "NID", "HSCT",
                                  "NMD"}
    assert frame["gss_code"].is_unique
    assert (frame["children_services"] == ~frame["type"].isin({"NID", "NMD"})).all()
    # DfE numbers only for English children's services authorities.
    assert frame.loc[frame["nation"] != "England", "dfe_la_number"].isna().all()


def test_alt_names_are_clean(register: AuthorityRegister) -> None:
    names = ";".join(register.frame["alt_names"])
    assert "\ufffd" not in names
    assert "\u00ef\u00bf" not in names and "\u00ef\u00be" not in names
    assert "ynys mn" not in names.casefold().split(";")
    anglesey = register.frame.set_index("gss_code").loc["W06000001", "alt_names"].split(";")
    assert "Ynys Môn" in anglesey


def test_no_two_coexisting_authorities_share_a_name(register: AuthorityRegister) -> None:
    # Same-named entries are fine only when they never existed together
    # (Somerset county/unitary), so a date always decides.
    def overlap(a: Authority, b: Authority) -> bool:
        return (a.start_date is None or b.end_date is None or a.start_date <= b.end_date) and (
            b.start_date is None or a.end_date is None or b.start_date <= a.end_date
        )

    clashes = []
    for key, codes in register.name_index().items():
        for a, b in itertools.combinations(sorted(codes), 2):
            if overlap(register.get(a), register.get(b)):
                clashes.append((key, a, b))
    assert clashes == []


def test_end_date_is_last_day_before_successor(register: AuthorityRegister) -> None:
    # The source gives 2021-04-01 (the successors' first day) as the end.
    assert register.get("E10000021").end_date == dt.date(2021, 3, 31)
    assert register.get("E10000027").end_date == dt.date(2023, 3, 31)
    for day in ("2021-04-01", "2023-04-01"):
        active = register.active_on(day)
        assert active["short_name"].is_unique


def test_regions_filled_for_former_authorities(register: AuthorityRegister) -> None:
    assert register.get("E06000028").region == "South West"  # Bournemouth
    assert register.get("E10000002").region == "South East"  # Buckinghamshire County
    assert not register.frame["region"].eq("").any()


@pytest.mark.skipif(not DFE_CLA_2015.is_file(), reason=f"DfE data not found at {DFE_CLA_2015}")
def test_dfe_2015_rows_join_on_la_number(register: AuthorityRegister) -> None:
    # The DfE file keeps old GSS codes for Gateshead and Northumberland:
    # the LA number is the join key, the printed code a current or former one.
    dfe = pd.read_csv(DFE_CLA_2015, dtype=str, keep_default_na=False)
    dfe = dfe[dfe["geog_l"] == "LA"]
    england = register.active_on("2015-03-31")
    england = england[england["nation"] == "England"].set_index("dfe_la_number")
    assert len(dfe) == 151 and len(england) == 152
    for row in dfe.itertuples():
        entry = england.loc[int(row.geog_c)]
        assert row.New_geog_code in {entry["gss_code"], *entry["former_gss"].split(";")}
    assert set(england.index) - {int(n) for n in dfe["geog_c"]} == {420}  # Isles of Scilly


# --- name matching ----------------------------------------------------------

VARIANTS = {
    # English councils as they sign their replies
    "Kent County Council": "E10000016",
    "Kent County Council Children's Services": "E10000016",
    "Peterbrough": "E06000031",
    "Hartlepol": "E06000001",
    "Middlesborough": "E06000002",
    "Calderdale MBC": "E08000033",
    "Calderdale Metropolitan Borough Council": "E08000033",
    "Kingston-upon-Thames": "E09000021",
    "Royal Borough of Kingston upon Thames": "E09000021",
    "Stoke on Trent": "E06000021",
    "Bristol City": "E06000023",
    "Bristol, City of": "E06000023",
    "Herefordshire": "E06000019",
    "Herefordshire, County of": "E06000019",
    "Kingston upon Hull": "E06000010",
    "Hull": "E06000010",
    "Hull City Council": "E06000010",
    "Durham": "E06000047",
    "County Durham": "E06000047",
    "Brighton": "E06000043",
    "Brighton & Hove": "E06000043",
    "Southend": "E06000033",
    "Southend-on-Sea Borough Council": "E06000033",
    "Windsor & Maidenhead": "E06000040",
    "Telford": "E06000020",
    "St Helens": "E08000013",
    "St. Helens": "E08000013",
    "London Borough of Hackney": "E09000012",
    "LB Hackney": "E09000012",
    "Hammersmith & Fulham": "E09000013",
    "City of London Corporation": "E09000001",
    "Council of the Isles of Scilly": "E06000053",
    "Newcastle City Council": "E08000021",
    "Richmond": "E09000027",
    "City of Bradford Metropolitan District Council": "E08000032",
    "Leicester City Council": "E06000016",
    "Leicestershire County Council": "E10000018",
    "  KENT   county council. ": "E10000016",
    # Scotland
    "Western Isles": "S12000013",
    "Comhairle nan Eilean Siar": "S12000013",
    "The Highland Council": "S12000017",
    "City of Edinburgh Council": "S12000036",
    "Aberdeen": "S12000033",
    "Aberdeenshire Council": "S12000034",
    "Glasgow City Council": "S12000049",
    "Perth & Kinross": "S12000048",
    # Wales, in English and Welsh
    "Isle of Anglesey County Council": "W06000001",
    "Cyngor Sir Ynys Môn": "W06000001",
    "Ynys Mon": "W06000001",
    "Caerdydd": "W06000015",
    "Cyngor Caerdydd": "W06000015",
    "Abertawe": "W06000011",
    "Casnewydd": "W06000022",
    "Sir Benfro": "W06000009",
    "Bro Morgannwg": "W06000014",
    "Castell-nedd Port Talbot": "W06000012",
    "Pen-y-bont ar Ogwr": "W06000013",
    "Rhondda Cynon Taf": "W06000016",
    "Rhondda Cynon Taff": "W06000016",
    "Merthyr Tudful": "W06000024",
    "Caerffili": "W06000018",
    "Cyngor Bwrdeistref Sirol Blaenau Gwent": "W06000019",
    "Tor-faen": "W06000020",
    "Sir Fynwy": "W06000021",
    "Powys": "W06000023",
    "Ceredigion": "W06000008",
    "Sir Gaerfyrddin": "W06000010",
    "Gwynedd": "W06000002",
    "Conwy": "W06000003",
    "Sir Ddinbych": "W06000004",
    "Sir y Fflint": "W06000005",
    "Wrecsam": "W06000006",
    # Northern Ireland
    "Belfast City Council": "N09000003",
    "Belfast": "N09000003",
    "Derry City & Strabane District Council": "N09000005",
    "Newry, Mourne & Down District Council": "N09000010",
    "Mid-Ulster District Council": "N09000009",
    "Belfast Health and Social Care Trust": "NIHSCT-BEL",
    "Belfast HSCT": "NIHSCT-BEL",
    "Northern Trust": "NIHSCT-NOR",
    "South Eastern HSC Trust": "NIHSCT-SEA",
    "Western Health & Social Care Trust": "NIHSCT-WES",
    # codes given directly, including an old one the DfE still prints
    "E10000016": "E10000016",
    "e08000020": "E08000037",
}


@pytest.mark.parametrize(("text", "gss"), VARIANTS.items())
def test_match_variants(register: AuthorityRegister, text: str, gss: str) -> None:
    assert register.match(text, on=ROUND_2014_15, source="test").gss_code == gss


def test_enough_variants() -> None:
    assert len(VARIANTS) >= 40


def test_aliases_point_at_register_names(register: AuthorityRegister) -> None:
    index = register.name_index()
    assert [t for t in ALIASES.values() if t not in index] == []
    # An alias that is already a register name would be dead code.
    assert [k for k in ALIASES if k in index] == []
    assert all(core(k) == k for k in ALIASES)


def test_date_decides_between_former_and_current(register: AuthorityRegister) -> None:
    assert register.match("Bournemouth", on="2015-10-01").gss_code == "E06000028"
    assert register.match("Northamptonshire", on="2015-10-01").gss_code == "E10000021"
    assert register.match("Somerset", on="2017-06-01").gss_code == "E10000027"
    assert register.match("Somerset", on="2024-06-01").gss_code == "E06000066"
    assert register.match("BCP", on="2020-06-01").gss_code == "E06000058"
    with pytest.raises(UnknownAuthorityError) as caught:
        register.match("Bournemouth", on="2020-06-01", source="log.csv:12")
    message = str(caught.value)
    assert "log.csv:12" in message and "'Bournemouth'" in message
    assert "E06000058" in message  # points at BCP, without silently choosing it


def test_unknown_names_the_source_and_text(register: AuthorityRegister) -> None:
    with pytest.raises(UnknownAuthorityError) as caught:
        register.match("Gotham City Council", source="2017/replies.xlsx:B7")
    assert "2017/replies.xlsx:B7" in str(caught.value)
    assert "'Gotham City Council'" in str(caught.value)
    assert isinstance(caught.value, RegisterError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_name_is_unknown(register: AuthorityRegister, text: str | None) -> None:
    with pytest.raises(UnknownAuthorityError, match="log.csv:2"):
        register.match(text, source="log.csv:2")  # type: ignore[arg-type]


def test_unknown_suggests_close_names(register: AuthorityRegister) -> None:
    with pytest.raises(UnknownAuthorityError, match="kent"):
        register.match("Kentt", source="x")


def test_district_councils_are_in_the_register_but_never_asked(register: AuthorityRegister) -> None:
    """England's lower-tier districts are matched by name (so a reply from one is
    recognised as an authority not asked) but never listed as authorities to ask."""
    district = register.match("Newcastle-under-Lyme Borough Council", on=ROUND_2014_15, source="x")
    assert (district.gss_code, district.type, district.children_services) == (
        "E07000195", "NMD", False)
    assert register.match("Carlisle City Council", on=ROUND_2014_15).gss_code == "E07000028"
    for day in (ROUND_2014_15, "2017-06-01", "2024-06-01"):
        assert not (register.active_on(day, children_services_only=False)["type"] == "NMD").any()
    assert (register.active_on(ROUND_2014_15, False, lower_tier=True)["type"] == "NMD").sum() > 150


@pytest.mark.parametrize("text", ["Newcastle", "Newcastle Council", "newcastle"])
def test_a_place_name_shared_with_a_district_is_ambiguous(register: AuthorityRegister,
                                                         text: str) -> None:
    """Issue 13: a bare "Newcastle" was taken as Newcastle upon Tyne; it is also
    Newcastle-under-Lyme's short form, so a person must say which."""
    with pytest.raises(AmbiguousAuthorityError, match="E07000195.*E08000021"):
        register.match(text, on=ROUND_2014_15, source="x")
    # Written out, each is one authority.
    assert register.match("Newcastle upon Tyne", on=ROUND_2014_15).gss_code == "E08000021"
    assert register.match("Newcastle-under-Lyme", on=ROUND_2014_15).gss_code == "E07000195"


def test_a_short_form_alone_never_picks_an_authority(register: AuthorityRegister) -> None:
    # "Stockton" reaches Stockton-on-Tees only through a curated alias; a short
    # form no alias lists ("Southend" for Southend-on-Sea) stays unknown.
    assert register.match("Stockton", on=ROUND_2014_15).gss_code == "E06000004"
    with pytest.raises(UnknownAuthorityError):
        register.match("Barrow", on=ROUND_2014_15, source="x")


def test_ambiguous_lists_candidates(register: AuthorityRegister) -> None:
    with pytest.raises(AmbiguousAuthorityError) as caught:
        register.match("Somerset", source="2014-15/log.csv:40")
    message = str(caught.value)
    assert "2014-15/log.csv:40" in message and "'Somerset'" in message
    assert "E10000027" in message and "E06000066" in message
    with pytest.raises(AmbiguousAuthorityError, match="E06000010.*E09000021"):
        register.match("Kingston", on=ROUND_2014_15, source="x")


def test_children_services_context_picks_the_trust(register: AuthorityRegister) -> None:
    assert register.match("Belfast", children_services=True).gss_code == "NIHSCT-BEL"
    assert register.match("Belfast", children_services=False).gss_code == "N09000003"
    assert register.match("Southern").gss_code == "NIHSCT-SOU"
    with pytest.raises(UnknownAuthorityError, match="does not run children's services"):
        register.match("Belfast City Council", children_services=True, source="x")


def test_not_yet_existing(register: AuthorityRegister) -> None:
    with pytest.raises(UnknownAuthorityError, match="did not exist on 2014-06-01"):
        register.match("Belfast City Council", on="2014-06-01", source="x")


# --- succession -------------------------------------------------------------


def test_successor_links(register: AuthorityRegister) -> None:
    def codes(authorities: tuple[Authority, ...]) -> list[str]:
        return [a.gss_code for a in authorities]

    assert codes(register.successors("E10000021")) == ["E06000061", "E06000062"]
    assert codes(register.successors("E06000028")) == ["E06000058"]  # Bournemouth -> BCP
    assert codes(register.successors("E06000029")) == ["E06000058"]  # Poole -> BCP
    assert codes(register.successors("E10000016")) == []
    # Bournemouth, Poole, and Christchurch (a district: no children's services).
    assert codes(register.predecessors("E06000058")) == ["E06000028", "E06000029", "E07000048"]
    assert codes(register.current_successor("E10000021", "2022-01-01")) == [
        "E06000061",
        "E06000062",
    ]
    assert codes(register.current_successor("E06000028", "2020-01-01")) == ["E06000058"]
    assert codes(register.current_successor("E06000028", "2015-10-01")) == ["E06000028"]
    with pytest.raises(RegisterError):
        register.current_successor("E06000058", "2015-10-01")


def test_every_successor_is_in_the_register(register: AuthorityRegister) -> None:
    for authority in register:
        for successor in register.successors(authority.gss_code):
            assert authority.end_date is not None
            assert successor.start_date == authority.end_date + dt.timedelta(days=1)


# --- derivation ---------------------------------------------------------------


@pytest.mark.skipif(not MYSOCIETY.is_file(), reason=f"mySociety source not found at {MYSOCIETY}")
def test_derivation_reproduces_committed_table(tmp_path: Path) -> None:
    out = tmp_path / "authorities.csv"
    subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "tools" / "derive_authority_register.py"),
            "--source",
            str(MYSOCIETY),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == DEFAULT_REGISTER.read_bytes()


def test_post_2019_unitaries_have_their_dfe_la_numbers(register: AuthorityRegister) -> None:
    """Filled from the DfE 2019-2023 missing table (mySociety lacks them); Cumberland,
    Westmorland and Furness, and the 2023 North Yorkshire and Somerset unitaries are
    not in that table under their new codes, so they stay empty rather than guessed."""
    numbers = {code: register.get(code).dfe_la_number
               for code in ("E06000058", "E06000059", "E06000060", "E06000061", "E06000062",
                            "E06000063")}
    assert numbers == {"E06000058": 839, "E06000059": 838, "E06000060": 825,
                       "E06000061": 940, "E06000062": 941, "E06000063": None}


def test_filling_dfe_numbers_never_overwrites_a_different_one() -> None:
    from tools.derive_authority_register import fill_dfe_numbers

    register = pd.DataFrame([{"gss_code": "E06000060", "nation": "England", "dfe_la_number": "999"}])
    dfe = pd.DataFrame([{"new_la_code": "E06000060", "old_la_code": "825"}])
    with pytest.raises(ValueError, match="DfE says 825"):
        fill_dfe_numbers(register, dfe)
    register.loc[0, "dfe_la_number"] = ""
    assert fill_dfe_numbers(register, dfe).loc[0, "dfe_la_number"] == "825"
