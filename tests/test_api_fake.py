"""Typed methods against the fake, over SOAP and over REST (rest_invoke on a RestClient), on
several families: REST-shaped results, SOAP == REST, and UnsupportedOperation naming the
first version where the family lacks a method."""
from __future__ import annotations

import pytest

from om_soap.client import OpenMeetingsClient
from om_soap.errors import InvalidArgument, SoapFault, UnsupportedOperation
from om_soap.fake import FakeOpenMeetings
from om_soap.rest import RestClient
from om_soap.results import RestObject

ADMIN = ("admin", "Api-Admin-Pw-42")
FAMILIES = ["3.3", "4.0", "7.2", "9.1"]


@pytest.fixture
def pair(request, tmp_path):
    """(fake, soap client, rest client), both logged in as the admin."""
    version = request.param
    with FakeOpenMeetings(version, admin=ADMIN, serve=False, bad_password_delay=(0, 0)) as fake:
        soap = OpenMeetingsClient(fake.url, session=fake.session(), version=version, offline=True,
                                  cache_dir=str(tmp_path / "cache"))
        rest = RestClient(fake.url, session=fake.session(), version=version)
        assert soap.login(*ADMIN).ok and rest.login(*ADMIN).ok
        yield fake, soap, rest


def by_version(*versions):
    return pytest.mark.parametrize("pair", versions, indirect=True)


def room_json(name, **extra):
    # Upper-case type on purpose: the typed methods spell it per family.
    body = {"name": name, "type": "CONFERENCE", "capacity": 12, "isPublic": False, "comment": "api test"}
    body.update(extra)
    return body


def without_id(obj):
    rest = obj.to_rest()
    (root, inner), = rest.items()
    return {root: {k: v for k, v in inner.items() if k != "id"}}


def enter(fake, soap, room_id, external_id="u1", external_type="lms"):
    """Someone enters ``room_id`` through a room hash minted with a SID of its own (entering
    re-binds that SID to the external user, facts §7.3), so there is somebody to count/kick."""
    user = {"login": f"login-{external_id}", "firstname": "F", "lastname": "L",
            "externalId": external_id, "externalType": external_type}
    own_sid = fake.state.login(*ADMIN).message
    result = soap.get_room_hash(user, {"roomId": room_id}, sid=own_sid)
    assert result.ok, result
    fake.state.enter(result.message)


# ---------------------------------------------------------------------------- rooms


@by_version(*FAMILIES)
def test_add_get_open_close_delete_room_equal_on_both_protocols(pair):
    fake, soap, rest = pair
    a = soap.add_room(room_json("soap-room"))
    b = rest.add_room(room_json("soap-room"))
    assert isinstance(a, RestObject) and a.root == "roomDTO"
    assert without_id(a) == without_id(b)
    body = a.to_rest()["roomDTO"]
    # Spelled per family, and capacity under the name this version declares (facts §4.5).
    assert body["type"] == ("CONFERENCE" if fake.state.family.enum_case == "upper" else "conference")
    assert body.get("capacity", body.get("numberOfPartizipants")) == 12
    room_id = a["id"]
    assert fake.state.rooms[room_id].name == "soap-room"
    assert soap.get_room(room_id).to_rest() == rest.get_room(room_id).to_rest()
    assert soap.get_room(10_000) is None and rest.get_room(10_000) is None

    closed = soap.close_room(room_id)
    assert fake.state.rooms[room_id].closed is True
    assert closed.to_rest() == rest.close_room(room_id).to_rest()
    assert closed.message == "Closed" and closed.ok
    opened = soap.open_room(room_id)
    assert fake.state.rooms[room_id].closed is False and opened.message == "Opened"
    assert opened.to_rest() == rest.open_room(room_id).to_rest()

    gone = soap.delete_room(room_id)
    assert gone.message == "Deleted" and room_id not in fake.state.rooms
    again = rest.delete_room(room_id)
    assert again.message == "Not found"
    assert rest.delete_room(b["id"]).to_rest() == {
        "serviceResult": dict({"code": b["id"]} if fake.state.family.result_has_code else {},
                              message="Deleted", type="SUCCESS")}


@by_version(*FAMILIES)
def test_get_or_create_external_room(pair):
    fake, soap, rest = pair
    created = soap.get_or_create_external_room("conference", "moodle", "42", room_json("course 42"))
    found = soap.get_or_create_external_room("CONFERENCE", "moodle", "42")
    assert created["id"] == found["id"]
    assert fake.state.rooms[created["id"]].external_id == "42"
    assert soap.get_external_room("conference", "moodle", "43") is None  # not found, no DTO
    if fake.state.version.has("rest_get_external"):
        assert rest.get_or_create_external_room("conference", "moodle", "42").to_rest() == found.to_rest()
    else:
        with pytest.raises(UnsupportedOperation) as err:
            rest.get_or_create_external_room("conference", "moodle", "42")
        assert err.value.first_version == "6.0.0" and "SOAP" in str(err.value)


@by_version(*FAMILIES)
def test_count_users_kick(pair):
    fake, soap, rest = pair
    room_id = soap.add_room(room_json("kick room"))["id"]
    enter(fake, soap, room_id, "u1")
    enter(fake, soap, room_id, "u2")
    count = soap.room_count(room_id)
    assert count.to_rest() == rest.room_count(room_id).to_rest()
    if fake.state.family.result_has_code:  # 3.3: UserService.count, code = count
        assert (count.code, count.message) == (2, "count")
    else:  # 4.0.6+: RoomService.count, message = count
        assert count.message == "2"

    if fake.state.version.has("room_users"):
        users = soap.room_users(room_id)
        assert users.to_rest() == rest.room_users(room_id).to_rest()
        assert sorted(u["externalId"] for u in users.data) == ["u1", "u2"]
    else:
        with pytest.raises(UnsupportedOperation) as err:
            soap.room_users(room_id)
        assert err.value.first_version == "4.0.6"

    if fake.state.version.has("room_kick_user"):
        kicked = soap.kick_user(room_id, "lms", "u1")
        assert kicked.message == "Kicked"
        assert len(fake.state.clients_in(room_id)) == 1
        assert rest.kick_user(room_id, "lms", "nobody").message == "Not kicked"
    else:
        with pytest.raises(UnsupportedOperation) as err:
            soap.kick_user(room_id, "lms", "u1")
        assert err.value.first_version == "4.0.7" and "4.0.7" in str(err.value)
        with pytest.raises(UnsupportedOperation):
            rest.kick_user(room_id, "lms", "u1")

    everybody = soap.kick_all(room_id)  # RoomService.kick on 3.3, kickAll from 4.0.7
    assert everybody.ok and fake.state.clients_in(room_id) == []
    assert soap.room_count(room_id).to_rest() == rest.room_count(room_id).to_rest()
    assert rest.kick_all(room_id).ok


@by_version(*FAMILIES)
def test_invitation_hash(pair):
    fake, soap, rest = pair
    invite = {"roomId": 1, "email": "guest@example.org", "firstname": "G", "lastname": "Uest",
              "subject": "s", "message": "m", "valid": "ONE_TIME", "passwordProtected": False, "languageId": 1}
    if not fake.state.version.has("room_invitation_hash"):
        for client in (soap, rest):
            with pytest.raises(UnsupportedOperation) as err:
                client.invitation_hash(invite)
            assert err.value.first_version == "4.0.0"
        return
    a, b = soap.invitation_hash(invite), rest.invitation_hash(invite, send_mail=True)
    assert a.ok and b.ok and a.message != b.message
    assert a.message not in repr(a)  # hashes are redacted
    stored = fake.state.invitations[a.message]
    assert stored["valid"] == ("ONE_TIME" if fake.state.family.enum_case == "upper" else "OneTime")
    assert fake.state.invitations[b.message]["sendmail"] is True
    bad = soap.invitation_hash(dict(invite, roomId=9999))
    assert bad.to_rest() == rest.invitation_hash(dict(invite, roomId=9999)).to_rest()
    assert bad.to_rest() == {"serviceResult": {"message": "error.unknown", "type": "ERROR"}}


@pytest.mark.parametrize("pair", ["3.3", "4.0", "6.3", "7.2"], indirect=True)
def test_clean_wb_route_per_version(pair):
    fake, soap, rest = pair
    version = fake.state.version
    if not version.has("clean_wb"):
        with pytest.raises(UnsupportedOperation) as err:
            soap.clean_wb(1)
        assert err.value.first_version == "4.0.6"
        return
    if version.has("room_clean_wb"):  # RoomService.cleanWb (4.0.6-6.3)
        assert soap.clean_wb(1).to_rest() == rest.clean_wb(1).to_rest()
        assert soap.clean_wb(1).ok
    else:  # 7.0+: WbService only, which cleans one whiteboard
        with pytest.raises(InvalidArgument, match="wb_id"):
            soap.clean_wb(1)
    if not version.has("wb_service"):
        with pytest.raises(UnsupportedOperation) as err:
            soap.clean_wb(1, wb_id=0)
        assert err.value.first_version == "5.0.0"
    else:  # WbService.cleanWb: the fake does not imitate it (see test_api_envelopes)
        with pytest.raises(SoapFault, match="not implemented by the fake: WbService.cleanWb"):
            soap.clean_wb(1, wb_id=0)


@by_version("4.0", "9.1")
def test_public_rooms(pair):
    _fake, soap, rest = pair
    a = soap.public_rooms("conference")
    assert a.to_rest() == rest.public_rooms("CONFERENCE").to_rest()
    assert {r["name"] for r in a.data} >= {"Public Conference Room"}


# ---------------------------------------------------------------------------- users


def user_json(login):
    return {"login": login, "password": "Pw-for-Tests-123!", "firstname": "Ann", "lastname": "Lee",
            "rights": ["ROOM", "LOGIN"], "type": "user", "languageId": 1, "timeZoneId": "Europe/Berlin",
            "externalId": f"ext-{login}", "externalType": "lms"}


@by_version(*FAMILIES)
def test_users_add_list_delete(pair):
    fake, soap, rest = pair
    a = soap.add_user(user_json("ann_soap"))
    b = rest.add_user(user_json("ann_rest"))
    assert a.root == "userDTO"
    strip = ("id", "login", "externalId")
    assert {k: v for k, v in a.to_rest()["userDTO"].items() if k not in strip} == \
        {k: v for k, v in b.to_rest()["userDTO"].items() if k not in strip}
    rights = a.to_rest()["userDTO"]["rights"]
    assert rights == (["ROOM", "LOGIN"] if fake.state.family.enum_case == "upper" else ["Room", "Login"])
    listed = soap.get_users()
    assert listed.to_rest() == rest.get_users().to_rest()
    assert {"ann_soap", "ann_rest", "admin"} <= {u["login"] for u in listed.data}

    deleted = soap.delete_user(a["id"])
    assert deleted.ok and deleted.message == "Deleted" and a["id"] not in fake.state.users
    gone = rest.delete_external_user("lms", "ext-ann_rest")
    assert gone.ok and b["id"] not in fake.state.users
    assert soap.get_users().to_rest() == rest.get_users().to_rest()


@by_version("4.0", "9.1")
def test_unknown_dto_field_and_bad_arguments_are_invalid_argument(pair):
    fake, soap, rest = pair
    with pytest.raises(InvalidArgument, match="'colour'"):
        soap.add_room(room_json("x", colour="red"))
    with pytest.raises(InvalidArgument, match="room_id must be an integer"):
        soap.get_room("five")
    with pytest.raises(InvalidArgument, match="room_id must be an integer"):
        rest.get_room(True)
    with pytest.raises(InvalidArgument, match="roomDTO"):
        soap.add_room(["not", "a", "dict"])
    with pytest.raises(InvalidArgument, match="external_type"):
        soap.recordings_by_type("")
    assert len(fake.state.rooms) == 6  # nothing was created


# ---------------------------------------------------------------------------- groups, recordings, files


@by_version(*FAMILIES)
def test_groups(pair):
    fake, soap, rest = pair
    made = soap.add_group("teachers")
    assert made.ok
    group_id = int(made.message)
    assert fake.state.groups[group_id]["name"] == "teachers"
    other = rest.add_group("students")
    assert other.ok and int(other.message) == group_id + 1
    assert soap.add_user_to_group(group_id, 1).to_rest() == rest.add_user_to_group(group_id, 1).to_rest()
    assert fake.state.groups[group_id]["users"] == [1]
    added = soap.add_room_to_group(group_id, 2)
    assert added.ok and fake.state.groups[group_id]["rooms"] == [2]
    if fake.state.version.has("rest_group_add_room"):
        assert rest.add_room_to_group(group_id, 2).to_rest() == added.to_rest()
    else:
        with pytest.raises(UnsupportedOperation) as err:
            rest.add_room_to_group(group_id, 2)
        assert err.value.first_version == "4.0.0"
    missing = soap.add_user_to_group(9999, 1)
    assert not missing.ok
    assert soap.get_groups().to_rest() == rest.get_groups().to_rest()


@by_version(*FAMILIES)
def test_recordings(pair):
    fake, soap, rest = pair
    fake.state.recordings.extend([
        {"id": 1, "name": "r1", "roomId": 5, "status": "PROCESSED", "interview": False, "externalType": "lms"},
        {"id": 2, "name": "r2", "roomId": 6, "status": "PROCESSED", "interview": False, "externalType": "lms"},
        {"id": 3, "name": "r3", "roomId": 5, "status": "PROCESSED", "interview": False, "externalType": "other"},
    ])
    by_room = soap.recordings_by_room(5)
    assert by_room.root == "recordingDTO" and [r["id"] for r in by_room.data] == [1, 3]
    assert by_room.to_rest() == rest.recordings_by_room(5).to_rest()
    by_type = soap.recordings_by_type("lms")
    assert [r["id"] for r in by_type.data] == [1, 2]
    assert by_type.to_rest() == rest.recordings_by_type("lms").to_rest()
    one = soap.recordings_by_type("other")
    assert one.data[0]["name"] == "r3" and one.to_rest() == rest.recordings_by_type("other").to_rest()
    none = soap.recordings_by_room(99)
    assert none.data == [] and rest.recordings_by_room(99).data == []


@by_version("3.3", "9.1")
def test_room_files_shape(pair):
    _fake, soap, rest = pair
    a = soap.room_files(5)
    assert a.root == "fileExplorerObject"
    assert a.to_rest() == rest.room_files(5).to_rest()
    assert a.to_rest()["fileExplorerObject"]["roomHomeSize"] == 0


def test_typed_methods_refused_on_axis2_name_31(tmp_path):
    om = OpenMeetingsClient("http://127.0.0.1:9/openmeetings", version="3.0.7", offline=True,
                            cache_dir=str(tmp_path))
    with pytest.raises(UnsupportedOperation) as err:
        om.add_room(room_json("x"))
    assert err.value.first_version == "3.1.0"
