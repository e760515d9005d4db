"""The bundled data records what the Note for the Record of 21 February 2013 records.

Source: the Note for the Record of the UNODC-Civil Society Informal Consultation
on Drug Use and HIV (Vienna, 21 February 2013). Every expected value below is
copied from that note; the checks are item by item so that a drift from the
record (an invented update, a changed word, a lost attendee) fails loudly.
"""

# The note writes en dashes (U+2013); the expected strings keep them verbatim.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cso_tracker.models import (
    RECORD_MODELS,
    Commitment,
    Meeting,
    Member,
    MemberType,
    Role,
    Settings,
    Status,
)
from cso_tracker.repo.load import load_repository

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MEETING_ID = "2013-02-21-vienna-consultation"


# --- loading ----------------------------------------------------------------


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _data_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file())


@cache
def _records() -> dict[str, dict[str, Any]]:
    """Folder name -> {id: validated record}."""
    out: dict[str, dict[str, Any]] = {folder: {} for folder in RECORD_MODELS}
    for path in _data_files():
        folder = path.parent.name
        model = RECORD_MODELS[folder]
        record = model.model_validate(_load(path))
        assert record.id not in out[folder], f"duplicate id {record.id}"
        out[folder][record.id] = record
    return out


def members() -> dict[str, Member]:
    return _records()["members"]


def meetings() -> dict[str, Meeting]:
    return _records()["meetings"]


def commitments() -> dict[str, Commitment]:
    return _records()["commitments"]


def meeting() -> Meeting:
    return meetings()[MEETING_ID]


def _walk_keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _walk_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_keys(item)


# --- expected values, from the note -----------------------------------------

EXPECTED_TEXTS: dict[int, str] = {
    1: "Clear public statements in support of the 9 core HIV interventions from UNODC senior management, advocating for and defending a human rights-centred, public health-focused and evidence-informed approach to HIV",
    2: 'More involvement of UNODC in cultivating "police champions", including the finalization of the UNODC Police Training Manual focusing on HIV prevention, treatment and care among people who use drugs',
    3: "Tracking of investments in harm reduction - in partnership with CSOs and the World Bank to map the existing resources and identify resource gaps",
    4: "Finalization of the draft overdose document jointly developed by WHO and UNODC",
    5: "Advocacy for the inclusion of overdose prevention and Hepatitis C management in the Global Fund proposals",
    6: "Engaging the CSOs in the review of the Model Drug Laws and work to ensure that options available to Member States for the depenalization of drug use/possession for personal use, that are permissible under the Conventions, are clearly articulated",
    7: "Finalization of the Human Rights training manual for UNODC HIV staff in partnership with the CSOs",
    8: "Ensuring strong harm reduction (the 9 core HIV interventions and overdose prevention) proposals within the Global Fund's new funding model, through UNODC's country level HIV advisors and advocacy for UNODC's involvement in the TRP briefings",
    9: "Strengthening a cohesive and common goal-oriented country/regional level coordination between UNODC country/regional offices working on HIV and AIDS prevention, treatment and care among people who use drugs and the harm reduction CSOs on the ground",
    10: "Finalization of the Technical Guide for HIV Prevention, Treatment and Care among Stimulant Users, addressing the concerns raised to date about this document",
    11: "Exploring avenues to meaningfully engage the CSOs in the 2014 Midterm Review and the 2016 UNGASS on Drugs",
    12: "Incorporating harm reduction in the context of HIV, into the on-going mandatory HIV Training for all UNODC staff",
    13: "Involving CSOs in the selection of injecting drug use/HIV high priority countries, and jointly advocating for their inclusion in the UNAIDS high priority countries",
    14: "Working together with Harm Reduction International, the UN Reference Group on HIV and Injecting Drug Use, UNAIDS and WHO on future data sharing, collection, collaboration and validation and to avoid overlaps. A meeting will be organised prior to the IHRC in June to discuss these issues.",
    15: "UNODC will develop, alongside the CSOs, a publicly available work plan for the coming two years – leading up to the 2015 target for HIV prevention among people who inject drugs.",
}

# Owners, partners and deadlines read from the wording of each item.
EXPECTED_OWNERS: dict[int, tuple[str, ...]] = dict.fromkeys(EXPECTED_TEXTS, ("unodc",)) | {
    14: ("unodc", "hri"),
}
EXPECTED_PARTNERS: dict[int, tuple[str, ...]] = dict.fromkeys(EXPECTED_TEXTS, ()) | {
    3: ("World Bank",),
    4: ("WHO",),
    5: ("Global Fund",),
    8: ("Global Fund",),
    13: ("UNAIDS",),
    14: ("UN Reference Group on HIV and Injecting Drug Use", "UNAIDS", "WHO"),
}
EXPECTED_DUE: dict[int, dt.date | None] = dict.fromkeys(EXPECTED_TEXTS) | {
    11: dt.date(2016, 4, 19),  # opening day of the 2016 UNGASS on drugs
    14: dt.date(2013, 6, 8),  # the day before the IHRC opens in Vilnius (9 June 2013)
}

# The structure of the Group: bullets that promise an action.
EXPECTED_STRUCTURE: dict[str, dict[str, Any]] = {
    "terms-of-reference-and-work-plan": {
        "text": "The scope, terms of reference and the work plan of the Group will be developed jointly by the CSOs and UNODC in time for the international harm reduction conference in Vilnius (June 2013). The broad roles of the Group will be to ensure accountability, transparency, two-way communication and strategic guidance",
        "due": dt.date(2013, 6, 9),
        "due_note": "in time for the international harm reduction conference in Vilnius (June 2013)",
        "recurrence": None,
    },
    "annual-face-to-face-meeting": {
        "text": "The Group will have at least one face-to-face meeting per year (around the time of CND), in addition to regular teleconferences and meetings at key international events, where possible\n"
        "UNODC will convene and chair the annual face-to-face meetings of the Group.\n",
        "due": None,
        "due_note": "at least once a year, around the time of the CND",
        "recurrence": "yearly",
    },
}

UNODC_STAFF = (
    "Aldo Lale-Demoz",
    "Gilberto Gerra",
    "Monica Beg",
    "Monica Ciupagea",
    "Fariba Soltani",
    "Riku Lehtovuori",
    "Zhannat Kosmukhamedova",
    "Sylvie Bertrand",
    "Mirella Dummar Frahi",
)

EXPECTED_ATTENDEES: dict[str, tuple[str, ...]] = {
    "inpud": ("Eliot Ross Albers",),
    "anpud": ("Edo Agustian",),
    "hri": ("Maria Phelan",),
    "ahrn": ("Ronny Waikhom",),
    "ehrn": ("Sergey Votyagov", "Dasha Ocheret"),
    "sahrn": ("Fayzal Sulliman",),
    "chrc": ("Marcus Day",),
    "intercambios": ("Diana Rossi",),
    "youth-rise": ("Anita Krug",),
    "hrc": ("Allan Clear",),
    "idpc": ("Ann Fordham", "Jamie Bridge"),
    "ihrd": ("Sanjay Patil",),
    "hiv-aids-alliance": ("Susie McClean",),
    "unodc": UNODC_STAFF,
}

EXPECTED_APOLOGIES: dict[str, tuple[str, ...]] = {
    "enpud": ("Alexie Kurmanaevskii",),
    "menahrra": ("Elie Aaraj",),
    "ihrd": ("Daniel Wolfe",),
}

# id -> (name as written, acronym as written or None)
EXPECTED_MEMBERS: dict[str, tuple[str, str | None]] = {
    "inpud": ("International Network of People Who Use Drugs", "INPUD"),
    "anpud": ("Asian Network of People Who Use Drugs", "ANPUD"),
    "hri": ("Harm Reduction International", "HRI"),
    "ahrn": ("Asian Harm Reduction Network", "AHRN"),
    "ehrn": ("Eurasian Harm Reduction Network", "EHRN"),
    "sahrn": ("Sub-Saharan Africa Harm Reduction Network", "SAHRN"),
    "chrc": ("Caribbean Harm Reduction Coalition", "CHRC"),
    "intercambios": ("Intercambios", None),
    "youth-rise": ("Youth RISE", None),
    "hrc": ("Harm Reduction Coalition", "HRC"),
    "idpc": ("International Drug Policy Consortium", "IDPC"),
    "ihrd": (
        "International Harm Reduction Development Program of the Open Society Foundations",
        "IHRD",
    ),
    "hiv-aids-alliance": ("The International HIV/AIDS Alliance", None),
    "enpud": ("Eurasian Network of People Who Use Drugs", "ENPUD"),
    "menahrra": ("Middle East and North Africa Harm Reduction Association", "MENAHRRA"),
    "unodc": ("United Nations Office on Drugs and Crime", "UNODC"),
}

EXPECTED_OBJECTIVES = (
    "Review UNODC's partnership with civil society organizations on drug use and HIV",
    "Identify and agree on operational mechanisms and key components to strengthen UNODC's partnership with civil society organizations and",
    "Develop and agree on a clear set of objectives and a work plan for 2013, elaborating key milestones, roles and responsibilities.",
)

EXPECTED_AGENDA: tuple[tuple[str, str, str, int], ...] = (
    # start, end, title, number of bullet points
    ("09:00", "10:30", "Welcome and introductions", 4),
    ("10:30", "10:45", "Break", 0),
    ("10:45", "12:30", "Partnership: Challenges", 4),
    ("12:30", "13:30", "Lunch", 0),
    ("13:30", "15:00", "Partnership: The way forward", 6),
    ("15:00", "15:15", "Break", 0),
    ("15:15", "16:15", "Partnership: Developing a mechanism", 2),
    ("16:15", "17:00", "Partnership: Developing a mechanism", 1),
    ("17:00", "17:30", "Summary and closing", 0),
)

EXPECTED_DECISIONS = (
    "Additional membership of the Group will be decided jointly by the CSOs and UNODC",
    "Group members must be CSOs, and should demonstrate expertise in and support for evidence-based policy formulation and implementation of HIV prevention, treatment and care interventions among people who use drugs. However, the meetings will focus on HIV, hepatitis, overdose and other related harms",
    "Group members should have global and/or regional geographical focus",
    "Group members should demonstrate their capacity and commitment to reach out to and consult with other CSOs and networks working at the global, regional, and/or country levels",
    "The scope, terms of reference and the work plan of the Group will be developed jointly by the CSOs and UNODC in time for the international harm reduction conference in Vilnius (June 2013). The broad roles of the Group will be to ensure accountability, transparency, two-way communication and strategic guidance",
    "The Group will have at least one face-to-face meeting per year (around the time of CND), in addition to regular teleconferences and meetings at key international events, where possible",
    "All information about the meetings and activities of the Group will be shared in a transparent and timely manner by UNODC and the CSOs",
    "The Group members will be asked to serve as focal points, in order to facilitate coordination and communication with broader civil society organizations",
    "UNODC will convene and chair the annual face-to-face meetings of the Group.",
)


def numbered() -> dict[int, Commitment]:
    return {c.number: c for c in commitments().values() if c.number is not None}


# --- files and schema ---------------------------------------------------------


def test_every_data_file_is_a_valid_record_named_after_its_id() -> None:
    files = _data_files()
    assert files, "no bundled data found"
    for path in files:
        assert path.suffix == ".yaml", path
        assert path.parent.parent == DATA, path
        assert path.parent.name in RECORD_MODELS, path
        raw = _load(path)
        record = RECORD_MODELS[path.parent.name].model_validate(raw)
        assert path.stem == record.id, path


def test_files_are_utf8_and_end_with_one_newline() -> None:
    for path in [*_data_files(), ROOT / "tracker.yaml"]:
        text = path.read_bytes().decode("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), path
        assert "\t" not in text, path
        assert not any(line != line.rstrip() for line in text.splitlines()), path


def test_no_contact_fields_anywhere() -> None:
    for path in _data_files():
        keys = set(_walk_keys(_load(path)))
        assert "email" not in keys, path
        assert "github" not in keys, path


def test_tracker_settings() -> None:
    settings = Settings.model_validate(_load(ROOT / "tracker.yaml"))
    assert settings.group == "UNODC–Civil Society Group on Drug Use and HIV"
    assert settings.stale_after_days == 90
    assert settings.due_soon_days == 30


# --- members ------------------------------------------------------------------


def test_members_are_the_organisations_named_in_the_note() -> None:
    assert set(members()) == set(EXPECTED_MEMBERS)
    for member_id, (name, acronym) in EXPECTED_MEMBERS.items():
        member = members()[member_id]
        assert member.name == name
        assert member.acronym == acronym


def test_member_people_are_those_listed() -> None:
    expected: dict[str, list[str]] = {}
    for listing in (EXPECTED_ATTENDEES, EXPECTED_APOLOGIES):
        for member_id, people in listing.items():
            expected.setdefault(member_id, []).extend(people)
    for member_id, member in members().items():
        assert [p.name for p in member.people] == expected[member_id], member_id
        for person in member.people:
            assert person.focal_point is False
            assert person.email is None and person.github is None
            assert person.since is None and person.until is None
            if (member_id, person.name) == ("unodc", "Aldo Lale-Demoz"):
                assert person.title == (
                    "Director, Division for Operations, and Global Coordinator for HIV/AIDS"
                )
            else:
                assert person.title is None, person.name


def test_member_types_and_roles() -> None:
    for member_id, member in members().items():
        assert member.github == ()
        assert member.left is None
        if member_id == "unodc":
            assert member.type is MemberType.UN_AGENCY
            assert member.role is Role.SECRETARIAT
        else:
            assert member.type is MemberType.CIVIL_SOCIETY
            assert member.role is Role.MEMBER


def test_nothing_the_note_does_not_state() -> None:
    """The note gives no joining dates, scopes or regions: an organisation's
    name suggests them, but the record holds only what the note says."""
    for member in members().values():
        assert (member.joined, member.scope, member.region) == (None, None, None), member.id


# --- the meeting --------------------------------------------------------------


def test_one_meeting_the_founding_consultation() -> None:
    assert set(meetings()) == {MEETING_ID}
    m = meeting()
    assert m.title == "UNODC-Civil Society Informal Consultation on Drug Use and HIV"
    assert m.date == dt.date(2013, 2, 21)
    assert m.end is None
    assert m.kind == "in-person"
    assert m.status == "held"
    assert m.location == "Vienna International Centre (VIC), M Building, Room M-0E79"
    assert m.convened_by == "unodc"
    assert m.chair is not None
    assert (m.chair.member, m.chair.person) == ("unodc", "Aldo Lale-Demoz")
    assert m.documents == ()


def test_attendees_exactly_as_listed() -> None:
    attendees = {a.member: a.people for a in meeting().attendees}
    assert len(meeting().attendees) == len(attendees), "a member listed twice"
    assert attendees == EXPECTED_ATTENDEES
    assert list(attendees) == list(EXPECTED_ATTENDEES), "order as in the note"
    assert sum(len(p) for p in attendees.values()) == 24
    assert len(attendees["unodc"]) == 9


def test_apologies_exactly_as_listed() -> None:
    apologies = {a.member: a.people for a in meeting().apologies}
    assert apologies == EXPECTED_APOLOGIES
    assert list(apologies) == list(EXPECTED_APOLOGIES)
    assert sum(len(p) for p in apologies.values()) == 3


def test_the_note_names_sixteen_organisations_and_twenty_seven_people() -> None:
    named = {a.member for a in (*meeting().attendees, *meeting().apologies)}
    assert len(named) == 16
    assert named == set(members())
    assert sum(len(m.people) for m in members().values()) == 27


def test_objectives_agenda_and_decisions() -> None:
    m = meeting()
    assert m.objectives == EXPECTED_OBJECTIVES
    assert [(a.start, a.end, a.title, len(a.items)) for a in m.agenda] == list(EXPECTED_AGENDA)
    mechanism = [a for a in m.agenda if a.title == "Partnership: Developing a mechanism"]
    assert [i for a in mechanism for i in a.items] == [
        "Group 1: Objectives and expected outcomes, main activities for 2013 with timeframe and key milestones",
        "Group 2: Structure, membership, roles and responsibilities",
        "Presentation of group works (plenary)",
    ]
    assert m.decisions == EXPECTED_DECISIONS
    assert not any(".." in d for d in m.decisions)


def test_notes_hold_the_background_and_the_key_issues() -> None:
    notes = meeting().notes
    assert notes is not None
    assert notes.startswith("The meeting was convened by UNODC to establish an informal broad")
    assert "The key issues raised include:" in notes
    assert "Ensuring overdose prevention and response is a recognised core intervention" in notes
    assert notes.rstrip().endswith("as well as a service implementer where local needs dictate.")


# --- commitments --------------------------------------------------------------


def test_fifteen_numbered_commitments() -> None:
    assert sorted(numbered()) == list(range(1, 16))
    assert len([c for c in commitments().values() if c.number is not None]) == 15


@pytest.mark.parametrize("number", sorted(EXPECTED_TEXTS))
def test_numbered_commitment_matches_the_note(number: int) -> None:
    c = numbered()[number]
    assert c.text == EXPECTED_TEXTS[number]
    assert c.owners == EXPECTED_OWNERS[number]
    assert c.partners == EXPECTED_PARTNERS[number]
    assert c.due == EXPECTED_DUE[number]
    assert c.recurrence is None
    assert c.title.strip() == c.title and len(c.title) <= 80


def test_due_notes_keep_the_notes_words() -> None:
    by_number = numbered()
    assert (
        by_number[14].due_note is not None and "prior to the IHRC in June" in by_number[14].due_note
    )
    note11 = by_number[11].due_note
    assert note11 is not None
    assert "2014 Midterm Review" in note11 and "2016 UNGASS" in note11
    assert "2014" in note11 and "19–21 April 2016" in note11
    assert by_number[15].due is None
    assert by_number[15].due_note == (
        "for the coming two years – leading up to the 2015 target for HIV prevention among people who inject drugs"
    )
    for number in set(EXPECTED_TEXTS) - {11, 14, 15}:
        assert by_number[number].due_note is None, number


def test_structure_commitments() -> None:
    unnumbered = {cid: c for cid, c in commitments().items() if c.number is None}
    assert set(unnumbered) == set(EXPECTED_STRUCTURE)
    for cid, expected in EXPECTED_STRUCTURE.items():
        c = unnumbered[cid]
        assert c.text == expected["text"]
        assert c.owners == ("unodc",)
        assert c.partners == ()
        assert c.due == expected["due"]
        assert c.due_note == expected["due_note"]
        assert c.recurrence == expected["recurrence"]


def test_every_commitment_is_agreed_with_no_updates() -> None:
    """The note records what was agreed, not progress: no update files, and
    so every commitment stands agreed."""
    assert not (ROOT / "data" / "updates").exists()
    repository = load_repository(ROOT, use_cache=False)
    assert len(repository.commitments) == 17
    for c in repository.commitments.values():
        assert c.status is Status.AGREED, c.id
        assert c.updates == (), c.id
    for c in commitments().values():
        assert c.links == (), c.id
        assert c.agreed_at == MEETING_ID, c.id
        assert c.tags, c.id
        assert len(set(c.tags)) == len(c.tags), c.id


def test_dates_lie_after_the_meeting() -> None:
    for c in commitments().values():
        if c.due is not None:
            assert c.due > meeting().date, c.id


# --- references ---------------------------------------------------------------


def test_references_resolve() -> None:
    member_ids = set(members())
    for c in commitments().values():
        assert set(c.owners) <= member_ids, c.id
        assert c.agreed_at in meetings(), c.id
    for m in meetings().values():
        assert m.convened_by is None or m.convened_by in member_ids
        if m.chair is not None:
            assert m.chair.member in member_ids
            chair_member = members()[m.chair.member]
            assert m.chair.person is None or chair_member.person(m.chair.person) is not None
        for attendance in (*m.attendees, *m.apologies):
            assert attendance.member in member_ids, attendance.member
            listed = {p.name for p in members()[attendance.member].people}
            for name in attendance.people:
                assert name in listed, f"{name} is not among {attendance.member}'s people"
