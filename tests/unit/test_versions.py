"""The family and feature tables (om_soap.versions): the one place version rules live."""
from __future__ import annotations

import pytest

from om_soap import versions
from om_soap.errors import InvalidArgument, UnsupportedOperation, UnsupportedVersion


@pytest.mark.parametrize(
    "text, expected, family",
    [
        ("4.0", (4, 0, 11), "4.0"),  # a line stands for its last release
        ("3.1", (3, 1, 5), "3.1"),
        ("3.2.1", (3, 2, 1), "3.1"),  # 3.2 belongs to the coded 3.1-3.2 family
        ("3.3.0", (3, 3, 0), "3.3"),
        ("5.0.0-M4", (5, 0, 0), "5.x"),
        ("3.1.3RC1", (3, 1, 3), "3.1"),
        ("8.1.0", (8, 1, 0), "6-8"),
        ("9.1", (9, 1, 0), "9.x"),
        ("3.0.7", (3, 0, 7), "axis2"),
        ("2.1", (2, 1, 1), "axis2"),
    ],
)
def test_parse_gives_the_release_and_its_family(text, expected, family):
    version = versions.parse(text)
    assert version.tuple == expected
    assert version.family.name == family


@pytest.mark.parametrize("text", ["", "four", "1.0", "10.0.0", "2.0"])
def test_unknown_versions_are_refused_with_the_override_named(text):
    with pytest.raises(UnsupportedVersion) as info:
        versions.parse(text)
    assert "version" in str(info.value)


def test_families_are_ordered_and_every_known_line_falls_in_exactly_one():
    families = versions.FAMILIES
    for before, after in zip(families, families[1:]):
        assert before.last < after.first
    for line in versions.LINES:
        vt = versions.parse(line).tuple
        assert sum(f.first <= vt <= f.last for f in families) == 1, line
    assert versions.parse("9.99.99").family.name == "9.x"


def test_result_shape_and_not_allowed_follow_the_facts():
    assert versions.parse("3.3").family.result_has_code is True
    assert versions.parse("4.0").family.result_has_code is False
    assert versions.parse("3.3").family.hash_not_allowed == "returned"
    assert versions.parse("4.0").family.not_allowed_message == "error.notallowed"
    assert versions.parse("3.1").family.error_lookup == "id"
    assert versions.parse("9.1").family.error_lookup == "key"


@pytest.mark.parametrize(
    "feature, without, with_",
    [
        ("hash_entry_url", "3.1.5", "3.2.0"),
        ("info_service", "3.1.2", "3.1.3"),
        ("external_room_id", "5.0.0", "5.0.1"),
        ("external_id_check", "4.0.5", "4.0.6"),
        ("rest_error_body", "6.2.0", "6.3.0"),
        ("rest_login_post", "8.1.0", "9.0.0"),
        ("room_kick_all", "4.0.6", "4.0.7"),
    ],
)
def test_features_switch_at_the_release_the_facts_name(feature, without, with_):
    assert not versions.parse(without).has(feature)
    assert versions.parse(with_).has(feature)


def test_a_feature_with_an_end_is_gone_after_it():
    assert versions.parse("3.1").has("show_nick_name_dialog")
    assert not versions.parse("3.2").has("show_nick_name_dialog")
    assert versions.parse("6.3").has("room_clean_wb")
    assert not versions.parse("7.0").has("room_clean_wb")


def test_require_names_the_first_version_or_the_removal():
    with pytest.raises(UnsupportedOperation) as info:
        versions.parse("3.3").require("room_invitation_hash", "RoomService.hash")
    assert info.value.first_version == "4.0.0" and "4.0.0 or later" in str(info.value)
    with pytest.raises(UnsupportedOperation) as gone:
        versions.parse("7.2").require("room_clean_wb", "RoomService.cleanWb")
    assert "removed after OpenMeetings 6.3" in str(gone.value)
    versions.parse("4.0").require("room_invitation_hash", "RoomService.hash")  # no error


@pytest.mark.parametrize(
    "version, snapshot",
    [("2.1", "axis2-3.0"), ("3.1", "cxf-3.1"), ("3.2", "cxf-3.2"), ("3.3", "cxf-3.3"), ("4.0", "cxf-4.0"),
     ("5.1", "cxf-5.0"), ("6.3", "cxf-6.0"), ("7.0", "cxf-7.0"), ("9.1", "cxf-7.0")],
)
def test_each_version_has_its_bundled_snapshot(version, snapshot):
    assert versions.parse(version).snapshot == snapshot


@pytest.mark.parametrize(
    "version, language, expected",
    [
        ("3.1", None, "http://h/om/swf?secureHash=abc-1"),
        ("3.0", 1, "http://h/om/swf?secureHash=abc-1&language=1"),
        ("3.2", None, "http://h/om/hash?secure=abc-1"),
        ("9.1", "4", "http://h/om/hash?secure=abc-1&language=4"),
    ],
)
def test_entry_url_shape_by_version(version, language, expected):
    assert versions.parse(version).entry_url("http://h/om/", " abc-1 ", language) == expected


def test_entry_url_quotes_the_hash_and_refuses_bad_input():
    v = versions.parse("4.0")
    assert v.entry_url("http://h/om", "a&b=c") == "http://h/om/hash?secure=a%26b%3Dc"
    with pytest.raises(InvalidArgument):
        v.entry_url("http://h/om", "  ")
    with pytest.raises(InvalidArgument):
        v.entry_url("http://h/om", "abc", language="English")
