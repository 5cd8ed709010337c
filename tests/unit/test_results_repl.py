"""Typed results read well in a REPL: a repr with the values, ``r.name``, ``dict(r)``,
secrets (passwords, SIDs, hashes) still redacted."""
from __future__ import annotations

import pytest

from om_soap import OpenMeetingsClient, RestClient
from om_soap.fake import FakeOpenMeetings
from om_soap.results import RestObject

SID = "78189aff-d68d-458a-8840-5b18d15a50b0"


def test_attribute_access_dict_and_repr_with_values():
    r = RestObject("roomDTO", {"id": 5, "name": "Lobby", "type": "CONFERENCE", "capacity": 10})
    assert (r.id, r.name, r.capacity) == (5, "Lobby", 10)
    assert dict(r) == {"id": 5, "name": "Lobby", "type": "CONFERENCE", "capacity": 10}
    assert repr(r) == "RestObject('roomDTO', {'id': 5, 'name': 'Lobby', 'type': 'CONFERENCE', 'capacity': 10})"
    assert "name" in r and len(r) == 4


def test_an_unknown_attribute_names_the_fields():
    r = RestObject("roomDTO", {"id": 5, "name": "Lobby"})
    with pytest.raises(AttributeError, match="roomDTO has no field 'nmae'; fields: id, name"):
        r.nmae  # noqa: B018


def test_repr_redacts_secret_fields_and_uuids_but_dict_keeps_the_values():
    r = RestObject("userDTO", {"login": "john", "password": "Reliab1lity-S3cret", "comment": f"sid {SID}",
                               "address": {"sid": "abcdefghijkl"}})
    text = repr(r)
    assert "Reliab1lity-S3cret" not in text and SID not in text and "abcdefghijkl" not in text
    assert "'login': 'john'" in text and "'password': 'Reli***(18 chars)'" in text
    assert dict(r)["password"] == "Reliab1lity-S3cret"  # the caller's own data, whole


def test_a_list_answer_iterates_and_is_truthy_even_empty():
    many = RestObject("roomDTO", [{"id": 1}, {"id": 2}])
    assert [room["id"] for room in many] == [1, 2]
    empty = RestObject("roomDTO", [])
    assert bool(empty) and len(empty) == 0
    with pytest.raises(TypeError, match="roomDTO is a list"):
        dict(empty)


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_get_room_on_the_fake_reads_like_the_room(protocol):
    with FakeOpenMeetings("9.1", serve=False, bad_password_delay=(0, 0)) as fake:
        cls = OpenMeetingsClient if protocol == "soap" else RestClient
        om = cls(fake.url, session=fake.session())
        assert om.login("admin", "12345").ok
        added = om.add_room({"name": "Lobby", "type": "conference", "capacity": 10})
        room = om.get_room(added.id)
        assert room.name == "Lobby" and room.capacity == 10
        assert dict(room)["id"] == added.id
        assert "'name': 'Lobby'" in repr(room)
