"""Typed methods against the fake, over SOAP and over REST (rest_invoke on a RestClient), on
several families: REST-shaped results, SOAP == REST, and UnsupportedOperation naming the
first version where the family lacks a method."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pinned import family as pinned_family
from pinned import has as pinned_has

from om_soap.client import OpenMeetingsClient
from om_soap.errors import InvalidArgument, ServerError, SoapFault, UnsupportedOperation
from om_soap.fake import FakeOpenMeetings, content
from om_soap.operations import ALIASES, OPERATIONS
from om_soap.rest import RestClient
from om_soap.results import RestObject, ServiceResult

ADMIN = ("admin", "Api-Admin-Pw-42")
FAMILIES = ["3.3", "4.0", "7.2", "9.1"]
#: One per family with its own WSDL shapes for files and calendar (3.1 flvWidth, 3.3 coded
#: results, 4.0 fileItemDTO, 5.0 upper-case enums, 7.2, 9.1).
MORE_FAMILIES = ["3.1", "3.3", "4.0", "5.0", "7.2", "9.1"]


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
    re-binds that SID to the external user, WebSession.java @ 9.1.0), so there is somebody to kick."""
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
    # Spelled per family, and capacity under the name this version declares (RoomDTO.java @ 4.0.0RC2).
    assert body["type"] == ("CONFERENCE" if pinned_family(fake.state.version, "enum_case") == "upper" else "conference")
    assert body.get("capacity", body.get("numberOfPartizipants")) == 12
    room_id = a["id"]
    assert fake.state.rooms[room_id].name == "soap-room"
    assert soap.get_room(room_id).to_rest() == rest.get_room(room_id).to_rest()
    # A missing room is the NPE of `new RoomDTO(null)` (RoomWebService.java @ 3.1.0RC1 .. 9.1.0), not
    # an empty answer (real 9.1.0: tests/transcripts/9.1.0/28-soap_room_get_missing.json and
    # 36-rest_room_get_missing.json: a soap:Server fault, REST 500 with a serviceResult).
    with pytest.raises(SoapFault):
        soap.get_room(10_000)
    if pinned_has(fake.state.version, "rest_error_body"):
        missing = rest.get_room(10_000)
        assert isinstance(missing, ServiceResult) and not missing.ok
    else:
        with pytest.raises(ServerError):
            rest.get_room(10_000)

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
        "serviceResult": dict({"code": b["id"]} if pinned_family(fake.state.version, "result_has_code") else {},
                              message="Deleted", type="SUCCESS")}


@by_version(*FAMILIES)
def test_get_or_create_external_room(pair):
    fake, soap, rest = pair
    created = soap.get_or_create_external_room("conference", "moodle", "42", room_json("course 42"))
    found = soap.get_or_create_external_room("CONFERENCE", "moodle", "42")
    assert created["id"] == found["id"]
    assert fake.state.rooms[created["id"]].external_id == "42"
    assert soap.get_external_room("conference", "moodle", "43") is None  # not found, no DTO
    if pinned_has(fake.state.version, "rest_get_external"):
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
    if pinned_family(fake.state.version, "result_has_code"):  # 3.3: UserService.count, code = count
        assert (count.code, count.message) == (2, "count")
    else:  # 4.0.6+: RoomService.count, message = count
        assert count.message == "2"

    if pinned_has(fake.state.version, "room_users"):
        users = soap.room_users(room_id)
        assert users.to_rest() == rest.room_users(room_id).to_rest()
        assert sorted(u["externalId"] for u in users.data) == ["u1", "u2"]
    else:
        with pytest.raises(UnsupportedOperation) as err:
            soap.room_users(room_id)
        assert err.value.first_version == "4.0.6"

    if pinned_has(fake.state.version, "room_kick_user"):
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
    if not pinned_has(fake.state.version, "room_invitation_hash"):
        for client in (soap, rest):
            with pytest.raises(UnsupportedOperation) as err:
                client.invitation_hash(invite)
            assert err.value.first_version == "4.0.0"
        return
    a, b = soap.invitation_hash(invite), rest.invitation_hash(invite, send_mail=True)
    assert a.ok and b.ok and a.message != b.message
    assert a.message not in repr(a)  # hashes are redacted
    stored = fake.state.invitations[a.message]
    assert stored["valid"] == ("ONE_TIME" if pinned_family(fake.state.version, "enum_case") == "upper" else "OneTime")
    assert fake.state.invitations[b.message]["sendmail"] is True
    bad = soap.invitation_hash(dict(invite, roomId=9999))
    assert bad.to_rest() == rest.invitation_hash(dict(invite, roomId=9999)).to_rest()
    assert bad.to_rest() == {"serviceResult": {"message": "error.unknown", "type": "ERROR"}}


@pytest.mark.parametrize("pair", ["3.3", "4.0", "5.0", "6.3", "7.2", "9.1"], indirect=True)
def test_clean_wb_route_per_version(pair):
    fake, soap, rest = pair
    version = fake.state.version
    if not pinned_has(version, "clean_wb"):
        with pytest.raises(UnsupportedOperation) as err:
            soap.clean_wb(1)
        assert err.value.first_version == "4.0.6"
        return
    if pinned_has(version, "room_clean_wb"):  # RoomService.cleanWb (4.0.6-6.3)
        assert soap.clean_wb(1).to_rest() == rest.clean_wb(1).to_rest()
        assert soap.clean_wb(1).ok
    else:  # 7.0+: WbService only, which cleans one whiteboard
        with pytest.raises(InvalidArgument, match="wb_id"):
            soap.clean_wb(1)
    if not pinned_has(version, "wb_service"):
        with pytest.raises(UnsupportedOperation) as err:
            soap.clean_wb(1, wb_id=0)
        assert err.value.first_version == "5.0.0"
    else:  # WbService.cleanWb(roomid, wbid): ("", SUCCESS) as RoomService.cleanWb @ 6.3.0
        one = soap.clean_wb(1, wb_id=0)
        assert one.to_rest() == rest.clean_wb(1, wb_id=0).to_rest() == {
            "serviceResult": {"message": "", "type": "SUCCESS"}}


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
    strip: tuple = ("id", "login", "externalId")
    if pinned_has(fake.state.version, "user_add_email_check"):
        # 8.1+ refuse a user without a valid e-mail (checkEmail, UserWebService.java @ 8.1.0); SOAP
        # reads address.mail, the REST reader address.email (real 9.1.0: 38-soap_user_add, 42-rest_user_add).
        a = soap.add_user({**user_json("ann_soap"), "address": {"mail": "ann_soap@example.org"}})
        b = rest.add_user({**user_json("ann_rest"), "address": {"email": "ann_rest@example.org"}})
        strip += ("address",)
    else:
        a = soap.add_user(user_json("ann_soap"))
        b = rest.add_user(user_json("ann_rest"))
    assert a.root == "userDTO"
    assert {k: v for k, v in a.to_rest()["userDTO"].items() if k not in strip} == \
        {k: v for k, v in b.to_rest()["userDTO"].items() if k not in strip}
    rights = a.to_rest()["userDTO"]["rights"]
    assert rights == (["ROOM", "LOGIN"] if pinned_family(fake.state.version, "enum_case") == "upper" else ["Room", "Login"])
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
    assert len(fake.state.rooms) == 8  # nothing was created (the installer's eight rooms)


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
    if pinned_has(fake.state.version, "rest_group_add_room"):
        assert rest.add_room_to_group(group_id, 2).to_rest() == added.to_rest()
    else:
        with pytest.raises(UnsupportedOperation) as err:
            rest.add_room_to_group(group_id, 2)
        # {roomId} against @PathParam("roomid") up to GroupWebService.java @ 4.0.2; fixed @ 4.0.3.
        assert err.value.first_version == "4.0.3"
    missing = soap.add_user_to_group(9999, 1)
    assert not missing.ok
    assert soap.get_groups().to_rest() == rest.get_groups().to_rest()


@by_version(*MORE_FAMILIES)
def test_recordings(pair):
    fake, soap, rest = pair
    fake.state.recordings.extend([
        {"id": 1, "name": "r1", "roomId": 5, "status": "PROCESSED", "interview": False, "externalType": "lms",
         "externalId": "u1"},
        {"id": 2, "name": "r2", "roomId": 6, "status": "PROCESSED", "interview": False, "externalType": "lms",
         "externalId": "u2"},
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
    mine = soap.recordings_by_external_id("lms", "u2")
    assert [r["name"] for r in mine.data] == ["r2"]
    assert mine.to_rest() == rest.recordings_by_external_id("lms", "u2").to_rest()
    none = soap.recordings_by_room(99)
    assert none.data == [] and rest.recordings_by_room(99).data == []

    gone = soap.delete_recording(2)
    assert gone.ok and gone.message == "Deleted" and [r["id"] for r in fake.state.recordings] == [1, 3]
    again = rest.delete_recording(2)
    assert again.ok and again.message == "Not found"  # INFERRED text, as RoomService.delete @ 4.0.11
    assert rest.delete_recording(3).to_rest() == {"serviceResult": dict(
        {"code": 3} if pinned_family(fake.state.version, "result_has_code") else {}, message="Deleted", type="SUCCESS")}
    assert soap.recordings_by_type("lms").to_rest() == rest.recordings_by_type("lms").to_rest()


@by_version("3.3", "9.1")
def test_room_files_shape(pair):
    _fake, soap, rest = pair
    a = soap.room_files(5)
    assert a.root == "fileExplorerObject"
    assert a.to_rest() == rest.room_files(5).to_rest()
    assert a.to_rest()["fileExplorerObject"]["roomHomeSize"] == 0


def item_root(fake):
    # fileExplorerItemDTO in the 3.x WSDLs, fileItemDTO from 4.0 (bundled snapshots)
    return "fileExplorerItemDTO" if fake.state.version.tuple < (4, 0, 0) else "fileItemDTO"


@by_version(*MORE_FAMILIES)
def test_upload_list_and_delete_files_on_both_protocols(pair):
    fake, soap, rest = pair
    upper = pinned_family(fake.state.version, "enum_case") == "upper"
    # Over SOAP only the item, without content: a real server cannot read an InputStream from
    # XML (real 9.1.0), so the client refuses content there (tests/soap/test_api_envelopes.py).
    with pytest.raises(InvalidArgument):
        soap.upload_file({"name": "notes.txt", "roomId": 5}, b"hello")
    a = soap.upload_file({"name": "notes.txt", "roomId": 5, "type": "WML_FILE", "externalId": "f1",
                          "externalType": "lms"}, b"")
    big = bytes(range(256)) * 400  # 102400 bytes: a multipart part over REST
    b = rest.upload_file({"name": "slides.pdf", "roomId": 5, "type": "presentation", "externalId": "f2",
                          "externalType": "lms"}, big)
    assert a.root == b.root == item_root(fake)
    assert a["name"] == "notes.txt" and a["roomId"] == 5
    # the type in the family's spelling, whichever the caller wrote (BaseFileItem.java @ 4.0.11, 5.0.0)
    assert (a["type"], b["type"]) == (("WML_FILE", "PRESENTATION") if upper else ("WmlFile", "Presentation"))
    stored = fake.state.files[b["id"]]
    assert (stored["name"], stored["roomId"], stored["externalType"], stored["size"]) == ("slides.pdf", 5, "lms",
                                                                                         len(big))
    assert fake.state.file_bytes[b["id"]] == big[:content.KEPT_BYTES]  # bytes past the cap are not kept
    assert fake.state.file_bytes.get(a["id"], b"") == b""
    assert a["ownerId"] == b["ownerId"] == fake.state.admin.id

    listing = soap.room_files(5)
    assert listing.to_rest() == rest.room_files(5).to_rest()
    body = listing.to_rest()["fileExplorerObject"]
    assert [f["name"] for f in body["roomHome"]] == ["notes.txt", "slides.pdf"]
    assert body["roomHomeSize"] == len(big) and "userHome" not in body  # nothing outside a room
    assert soap.room_files(6).to_rest() == rest.room_files(6).to_rest() == {
        "fileExplorerObject": {"userHomeSize": 0, "roomHomeSize": 0}}

    if pinned_has(fake.state.version, "file_get_all_external"):
        everything = soap.external_files("lms")
        assert everything.root == item_root(fake) and [f["externalId"] for f in everything.data] == ["f1", "f2"]
        assert everything.to_rest() == rest.external_files("lms").to_rest()
        assert soap.external_files("none").data == [] and rest.external_files("none").to_rest() == {
            item_root(fake): []}
    else:
        for client in (soap, rest):
            with pytest.raises(UnsupportedOperation) as err:
                client.external_files("lms")
            # getAllExternal is absent up to FileWebService.java @ 4.0.5RC1, present @ 4.0.6RC1.
            assert err.value.first_version == "4.0.6"

    gone = soap.delete_file(a["id"])
    assert gone.ok and gone.message == "Deleted" and a["id"] not in fake.state.files
    assert rest.delete_file(a["id"]).message == "Not found"
    # deleteExternal has no typed method: through the generic call, on the same state
    soap.call("FileService", "deleteExternal", externaltype="lms", externalid="f2")
    assert fake.state.files == {} and fake.state.file_bytes == {}
    assert soap.room_files(5).to_rest() == rest.room_files(5).to_rest()


@by_version("4.0", "9.1")
def test_upload_needs_the_soap_right_on_both_protocols(pair):
    fake, soap, rest = pair
    fake.state.add_user("plain", "Plain-Pw-1", rights=("LOGIN", "ROOM"))
    for client in (soap, rest):
        client.sid = None
        assert client.login("plain", "Plain-Pw-1").ok
    with pytest.raises(SoapFault, match="error.notallowed"):
        soap.upload_file({"name": "x.txt"}, b"")
    if pinned_has(fake.state.version, "rest_error_body"):  # 6.3+: HTTP 500 with the result
        assert rest.upload_file({"name": "x.txt"}, b"x") == ServiceResult(None, "error.notallowed", "ERROR")
    else:  # before: a bare HTTP 500
        with pytest.raises(ServerError) as err:
            rest.upload_file({"name": "x.txt"}, b"x")
        assert err.value.status == 500
    assert fake.state.files == {}


# ---------------------------------------------------------------------------- calendar

UTC = datetime.timezone.utc


@by_version(*MORE_FAMILIES)
def test_calendar_save_range_update_delete(pair):
    fake, soap, rest = pair
    room_id = soap.add_room(room_json("lecture hall"))["id"]
    a = soap.save_appointment({"title": "Lecture", "start": datetime.datetime(2030, 5, 1, 9, tzinfo=UTC),
                               "end": "2030-05-01T10:00:00Z", "room": {"id": room_id}, "reminder": "EMAIL",
                               "location": "Hall 1"})
    b = rest.save_appointment({"title": "Seminar", "start": datetime.datetime(2030, 5, 2, 9, tzinfo=UTC),
                               "end": "2030-05-02T12:30:00+02:00", "description": "no room given"})
    assert a.root == b.root == "appointmentDTO" and b["id"] == a["id"] + 1
    assert a["room"]["id"] == room_id and a["owner"]["login"] == "admin"
    assert a["reminder"] == ("EMAIL" if pinned_family(fake.state.version, "enum_case") == "upper" else "email")
    # one instant, one text: UTC with +00:00 whatever offset came in
    assert (a["start"], a["end"]) == ("2030-05-01T09:00:00+00:00", "2030-05-01T10:00:00+00:00")
    assert b["end"] == "2030-05-02T10:30:00+00:00"
    made = fake.state.rooms[b["room"]["id"]]  # no room given: one was made for it (INFERRED)
    assert made.name == "Seminar" and made.extra["appointment"] is True and b["room"]["appointment"] is True

    may = (datetime.datetime(2030, 5, 1, tzinfo=UTC), "2030-05-31T00:00:00Z")
    both = soap.calendar_range(*may)
    assert [x["title"] for x in both.data] == ["Lecture", "Seminar"]
    assert both.to_rest() == rest.calendar_range(*may).to_rest()
    first_day = soap.calendar_range("2030-05-01T00:00:00Z", "2030-05-01T23:59:59Z")
    assert [x["id"] for x in first_day.data] == [a["id"]]  # one item: still a list, on both sides
    assert first_day.to_rest() == rest.calendar_range("2030-05-01T00:00:00Z", "2030-05-01T23:59:59Z").to_rest()
    empty = soap.calendar_range("2031-01-01T00:00:00Z", "2031-02-01T00:00:00Z")
    assert empty.data == [] and rest.calendar_range("2031-01-01T00:00:00Z", "2031-02-01T00:00:00Z").to_rest() == {
        "appointmentDTO": []}

    moved = rest.save_appointment({"id": a["id"], "title": "Lecture (moved)", "start": "2030-05-03T09:00:00Z",
                                   "end": "2030-05-03T10:00:00Z"})
    assert moved["id"] == a["id"] and moved["room"]["id"] == room_id and moved["location"] == "Hall 1"
    assert [x["title"] for x in soap.calendar_range(*may).data] == ["Seminar", "Lecture (moved)"]
    assert soap.calendar_range(*may).to_rest() == rest.calendar_range(*may).to_rest()

    gone = soap.delete_appointment(a["id"])
    assert gone.ok and gone.message == "Deleted" and a["id"] not in fake.state.appointments
    assert rest.delete_appointment(a["id"]).to_rest() == soap.delete_appointment(a["id"]).to_rest()
    assert rest.delete_appointment(a["id"]).message == "Not found"
    assert [x["title"] for x in rest.calendar_range(*may).data] == ["Seminar"]


@by_version("3.3", "9.1")
def test_calendar_next_by_room_and_title_over_the_wire(pair):
    fake, soap, rest = pair
    soon = datetime.datetime.now(UTC).replace(microsecond=0) + datetime.timedelta(days=1)
    kept = soap.save_appointment({"title": "Board meeting", "start": soon,
                                  "end": soon + datetime.timedelta(hours=1)})
    soap.save_appointment({"title": "Old meeting", "start": "2001-01-01T09:00:00Z", "end": "2001-01-01T10:00:00Z"})
    for name, params in (("next", {}), ("getByRoom", {"roomid": kept["room"]["id"]}),
                         ("getByTitle", {"title": "board"})):
        value = soap.call("CalendarService", name, **params)
        found = value[0] if isinstance(value, list) else value
        assert found.title == "Board meeting", name
    http, sid = fake.session(), soap.sid
    r = http.get(f"{fake.url}/services/calendar/room/{kept['room']['id']}", params={"sid": sid}, timeout=10)
    assert r.status_code == 200 and r.json()["appointmentDTO"]["id"] == kept["id"]
    r = http.get(f"{fake.url}/services/calendar/title/meeting", params={"sid": sid}, timeout=10)
    assert [x["title"] for x in r.json()["appointmentDTO"]] == ["Old meeting", "Board meeting"]
    assert http.get(f"{fake.url}/services/calendar/next", params={"sid": sid}, timeout=10).json()[
        "appointmentDTO"]["title"] == "Board meeting"
    bad = http.get(f"{fake.url}/services/calendar/yesterday/today", params={"sid": sid}, timeout=10)
    assert bad.status_code == 404 and "xs:dateTime" in bad.text  # a bad path value, as JAX-RS answers


def test_upload_and_calendar_over_a_loopback_socket(tmp_path):
    """The multipart body and the ISO datetimes in the path survive a real HTTP server."""
    with FakeOpenMeetings("7.2", admin=ADMIN, bad_password_delay=(0, 0)) as fake:
        rest = RestClient(fake.url, version="7.2", timeout=10)
        soap = OpenMeetingsClient(fake.url, version="7.2", timeout=10, cache_dir=str(tmp_path / "cache"))
        assert rest.login(*ADMIN).ok and soap.login(*ADMIN).ok
        up = rest.upload_file({"name": "a b+c.txt", "roomId": 1, "type": "WML_FILE"}, b"\x00\xffdata")
        assert up["name"] == "a b+c.txt" and fake.state.file_bytes[up["id"]] == b"\x00\xffdata"
        rest.save_appointment({"title": "t", "start": "2030-01-01T09:00:00+01:00", "end": "2030-01-01T10:00:00Z"})
        got = rest.calendar_range("2030-01-01T00:00:00+00:00", datetime.datetime(2030, 1, 2, tzinfo=UTC))
        assert [x["start"] for x in got.data] == ["2030-01-01T08:00:00+00:00"]
        assert soap.calendar_range("2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z").to_rest() == got.to_rest()
        assert soap.room_files(1).to_rest() == rest.room_files(1).to_rest()


def test_every_typed_method_is_exercised_here():
    source = Path(__file__).read_text(encoding="utf-8")
    missing = [name for name in (*OPERATIONS, *ALIASES) if f".{name}(" not in source]
    assert missing == []


def test_typed_methods_refused_on_axis2_name_31(tmp_path):
    om = OpenMeetingsClient("http://127.0.0.1:9/openmeetings", version="3.0.7", offline=True,
                            cache_dir=str(tmp_path))
    with pytest.raises(UnsupportedOperation) as err:
        om.add_room(room_json("x"))
    assert err.value.first_version == "3.1.0"
