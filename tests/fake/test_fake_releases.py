"""The fake offers what each exact release had, not what its line's snapshot has.

Every expectation is a literal read from the OpenMeetings source at the release's tag (cited
per test; ``WS/`` is openmeetings-webservice/src/main/java/org/apache/openmeetings/webservice,
``DTO/`` is openmeetings-db/src/main/java/org/apache/openmeetings/db/dto), checked on the wire:
the WSDL the fake serves, the SOAP operations it answers and the REST paths it routes.
"""
from __future__ import annotations

import pytest
from lxml import etree

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import call, fault_of, login, result_of

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"


def make(version):
    return FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0))


def served_wsdl(fake, session, service):
    r = session.get(f"{fake.url}/services/{service}?wsdl", timeout=10)
    return r.status_code, (etree.fromstring(r.content) if r.status_code == 200 else None)


def port_ops(root):
    return {o.get("name") for o in root.iter(f"{{{WSDL}}}portType") for o in o.findall(f"{{{WSDL}}}operation")}


def type_fields(root, name):
    for ct in root.iter(f"{{{XS}}}complexType"):
        if ct.get("name") == name:
            return [e.get("name") for e in ct.iter(f"{{{XS}}}element")]
    raise AssertionError(f"no complexType {name}")


# WS/UserWebService.java, WS/RoomWebService.java at 4.0.5RC1, 4.0.6RC1 and 4.0.7RC1:
# counters and UserService.count up to 4.0.5; RoomService.count/users/cleanWb from 4.0.6;
# UserService.kick up to 4.0.6; kickAll and kick(sid, id, externalType, externalId) from 4.0.7.
RELEASE_OPS = [
    ("4.0.0", {"kick", "count"}, {"kick", "counters", "hash"}, {"count", "users", "cleanWb", "kickAll"}),
    ("4.0.5", {"kick", "count"}, {"kick", "counters", "hash"}, {"count", "users", "cleanWb", "kickAll"}),
    ("4.0.6", {"kick"}, {"kick", "count", "users", "cleanWb"}, {"counters", "kickAll"}),
    ("4.0.7", set(), {"kick", "kickAll", "count", "users", "cleanWb"}, {"counters"}),
    ("4.0.11", set(), {"kick", "kickAll", "count", "users", "cleanWb"}, {"counters"}),
]


@pytest.mark.parametrize("version,user_extra,room_has,room_lacks", RELEASE_OPS, ids=[r[0] for r in RELEASE_OPS])
def test_4_0_releases_serve_their_own_operations(version, user_extra, room_has, room_lacks):
    with make(version) as fake, fake.session() as s:
        _, user = served_wsdl(fake, s, "UserService")
        assert port_ops(user) - {"login", "get", "add", "delete", "deleteExternal", "getRoomHash"} == user_extra
        _, room = served_wsdl(fake, s, "RoomService")
        assert room_has <= port_ops(room) and not (room_lacks & port_ops(room))


@pytest.mark.parametrize("version,kick_params", [
    ("4.0.5", ["sid", "id"]), ("4.0.6", ["sid", "id"]), ("4.0.7", ["sid", "id", "externalType", "externalId"])])
def test_room_kick_takes_the_external_user_from_4_0_7(version, kick_params):
    # WS/RoomWebService.java: kick(sid, id) @ 4.0.6RC1; kick(sid, id, externalType, externalId) @ 4.0.7RC1.
    with make(version) as fake, fake.session() as s:
        _, room = served_wsdl(fake, s, "RoomService")
        assert type_fields(room, "kick") == kick_params


def test_4_0_5_answers_user_count_and_counters_and_4_0_6_does_not():
    with make("4.0.5") as fake, fake.session() as s:
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "UserService", "count", sid=sid, roomid=1)
        # WS/UserWebService.java @ 4.0.5RC1: new ServiceResult(String.valueOf(n), SUCCESS).
        assert status == 200 and result_of(root, "count") == {"message": "0", "type": "SUCCESS"}
        status, root = call(s, fake.url, "RoomService", "counters", sid=sid, id=1)
        assert status == 200 and result_of(root, "counters")["roomId"] == "1"
        r = s.get(f"{fake.url}/services/user/count/1", params={"sid": sid}, timeout=10)
        assert r.status_code == 200
    with make("4.0.6") as fake, fake.session() as s:
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "UserService", "count", sid=sid, roomid=1)
        assert status == 500 and "count" in fault_of(root)[1]
        status, root = call(s, fake.url, "RoomService", "count", sid=sid, roomid=1)
        assert status == 200 and result_of(root, "count")["message"] == "0"
        assert s.get(f"{fake.url}/services/user/count/1", params={"sid": sid}, timeout=10).status_code != 200


@pytest.mark.parametrize("version,has_info", [("3.1.0", False), ("3.1.2", False), ("3.1.3", True), ("3.1.5", True)])
def test_info_service_from_3_1_3(version, has_info):
    # WS/InfoWebService.java: absent @ 3.1.2, present @ 3.1.3RC3.
    with make(version) as fake, fake.session() as s:
        status, _ = served_wsdl(fake, s, "InfoService")
        assert (status == 200) is has_info
        r = s.get(f"{fake.url}/services/info/version", timeout=10)
        assert (r.status_code == 200) is has_info


@pytest.mark.parametrize("version,has_get", [("3.1.0", False), ("3.1.1", False), ("3.1.2", True)])
def test_user_get_from_3_1_2(version, has_get):
    # WS/UserWebService.java `List<UserDTO> get(`: absent @ 3.1.1RC1, present @ 3.1.2.
    with make(version) as fake, fake.session() as s:
        _, user = served_wsdl(fake, s, "UserService")
        assert ("get" in port_ops(user)) is has_get


@pytest.mark.parametrize("version,present,absent", [
    ("3.1.0", "state", "country"), ("3.1.1", "state", "country"), ("3.1.2", "country", "state"),
    ("3.1.5", "country", "state")])
def test_address_has_state_before_3_1_2_and_country_after(version, present, absent):
    # openmeetings-db .../entity/user/Address.java: `State state` @ 3.1.0RC1/3.1.1RC1,
    # `String country` @ 3.1.2.
    with make(version) as fake, fake.session() as s:
        _, user = served_wsdl(fake, s, "UserService")
        fields = type_fields(user, "address")
        assert present in fields and absent not in fields


@pytest.mark.parametrize("version,has_external", [("5.0.0", False), ("5.0.1", True), ("5.1.0", True)])
def test_room_options_external_room_from_5_0_1(version, has_external):
    # DTO/room/RoomOptionsDTO.java: no externalRoomId/externalType @ 5.0.0, both @ 5.0.1.
    with make(version) as fake, fake.session() as s:
        _, user = served_wsdl(fake, s, "UserService")
        fields = type_fields(user, "roomOptionsDTO")
        assert ("externalRoomId" in fields) is has_external
        assert ("externalType" in fields) is has_external


@pytest.mark.parametrize("version,has_manifest", [("6.0.0", False), ("6.1.0", False), ("6.2.0", True), ("6.3.0", True)])
def test_get_manifest_from_6_2(version, has_manifest):
    # WS/InfoWebService.java getManifest: absent @ 6.1.0, present @ 6.2.0.
    with make(version) as fake, fake.session() as s:
        _, info = served_wsdl(fake, s, "InfoService")
        assert ("getManifest" in port_ops(info)) is has_manifest
        assert ("getHealth" in port_ops(info)) is True


@pytest.mark.parametrize("version,has_inited", [("3.3.0", False), ("3.3.1", True), ("4.0.5", True), ("4.0.6", True),
                                                ("4.0.7", False)])
def test_info_inited_3_3_1_to_4_0_6(version, has_inited):
    # DTO/basic/Info.java: `inited` absent @ 3.3.0, present @ 3.3.1RC3 .. 4.0.6RC1, gone @ 4.0.7RC1.
    with make(version) as fake, fake.session() as s:
        _, info = served_wsdl(fake, s, "InfoService")
        assert ("inited" in type_fields(info, "info")) is has_inited
        status, root = call(s, fake.url, "InfoService", "getVersion")
        assert status == 200 and ("inited" in result_of(root, "getVersion")) is has_inited


@pytest.mark.parametrize("version,has_all_external", [("4.0.5", False), ("4.0.6", True)])
def test_file_get_all_external_from_4_0_6(version, has_all_external):
    # WS/FileWebService.java getAllExternal: absent @ 4.0.5RC1, present @ 4.0.6RC1.
    with make(version) as fake, fake.session() as s:
        _, files = served_wsdl(fake, s, "FileService")
        assert ("getAllExternal" in port_ops(files)) is has_all_external


def test_fake_objects_pin_user_count_against_room_count():
    # The brief's example, on the state: 4.0.5 has UserService.count, 4.0.6 RoomService.count.
    five, six = make("4.0.5").state.snapshot.services, make("4.0.6").state.snapshot.services
    assert "count" in five["UserService"].operations and "count" not in five["RoomService"].operations
    assert "count" in six["RoomService"].operations and "count" not in six["UserService"].operations


# -- behaviour per release (item: external users, deleteExternal, no group, getPublic, 3.x types)

def _enter(fake, session, **user):
    # A fresh SID each time: from 3.2 entering re-points the SID's session to the external user.
    sid = login(session, fake.url)
    ext = {"login": "ext1", "firstname": "Ann", "lastname": "Lee", "email": "ann@example.org",
           "profilePictureUrl": "http://pics/a.png", "externalId": "e1", "externalType": "lms"}
    ext.update(user)
    made = fake.state.get_room_hash(sid, ext, {"roomId": 1, "moderator": False})
    assert made.ok, made
    return fake.state.enter(made.message)


@pytest.mark.parametrize("version", ["3.1", "3.3", "4.0", "9.1"])
def test_external_users_get_the_room_right_only_and_keep_their_email(version):
    # WEB/app/WebSession.java signIn @ 3.1.5RC2, 3.3.0, 4.0.6RC1, 9.1.0 (WEB = openmeetings-web/...
    # /openmeetings/web): a new external user's rights are cleared, then Room alone; re-entry sets
    # first name, last name and picture only.
    with make(version) as fake, fake.session() as s:
        first = _enter(fake, s)
        user = fake.state.users[first["userId"]]
        assert user.rights == ("ROOM",)
        assert (user.email, user.picture_uri) == ("ann@example.org", "http://pics/a.png")
        again = _enter(fake, s, firstname="Anna", lastname="Li", email="new@example.org",
                       profilePictureUrl="http://pics/b.png")
        assert again["userId"] == first["userId"]
        assert (user.firstname, user.lastname, user.picture_uri) == ("Anna", "Li", "http://pics/b.png")
        assert user.email == "ann@example.org"


@pytest.mark.parametrize("version,faults", [("3.1", True), ("3.2", True), ("3.3", True), ("4.0", False),
                                            ("9.1", False)])
def test_delete_external_of_an_unknown_user(version, faults):
    # WS/UserWebService.java deleteExternal @ 3.1.0RC1 .. 3.3.2RC1: user.getId() on null -> NPE ->
    # ServiceException; @ 4.0.0RC2 .. 9.1.0: ("Deleted", SUCCESS) whoever it was.
    with make(version) as fake, fake.session() as s:
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "UserService", "deleteExternal", sid=sid, externaltype="lms",
                            externalid="nobody")
        if faults:
            assert status == 500
            fault_of(root)
        else:
            assert status == 200
            assert result_of(root, "deleteExternal") == {"message": "Deleted", "type": "SUCCESS"}


@pytest.mark.parametrize("version,expected", [
    ("3.1", {"code": "-1", "message": "No Group assigned to user", "type": "ERROR"}),
    ("3.3", {"code": "-1", "message": "No Group assigned to user", "type": "ERROR"}),
    ("4.0", {"message": "error.nogroup", "type": "ERROR"}),
    ("9.1", {"message": "error.nogroup", "type": "ERROR"}),
])
def test_a_user_in_no_group_cannot_log_in(version, expected):
    # openmeetings-db .../dao/user/UserDao.java login: OmException("No Group assigned to user")
    # @ 3.1.0RC1 .. 3.3.2RC1 (UserWebService.login: code -1), OmException("error.nogroup")
    # @ 4.0.0RC2 .. 9.1.0 (UserWebService.login: the key, ERROR).
    with make(version) as fake, fake.session() as s:
        fake.state.add_user("lonely", "Pa-ss-w0rd!", groups=())
        fake.state.add_user("grouped", "Pa-ss-w0rd!")
        status, root = call(s, fake.url, "UserService", "login", user="lonely", **{"pass": "Pa-ss-w0rd!"})
        assert status == 200 and result_of(root, "login") == expected
        assert login(s, fake.url, "grouped", "Pa-ss-w0rd!")


@pytest.mark.parametrize("version,all_rooms", [("3.3", False), ("4.0.0", False), ("4.0.2", False),
                                               ("4.0.3", True), ("9.1", True)])
def test_empty_public_type_means_all_only_from_4_0_3(version, all_rooms):
    # WS/RoomWebService.java getPublic: Room.Type.valueOf(type) @ 3.3.0 .. 4.0.2;
    # `Strings.isEmpty(type) ? null : ...` @ 4.0.3. Enum.valueOf: "Name is null" for null,
    # "No enum constant <class>.<name>" otherwise.
    with make(version) as fake, fake.session() as s:
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "RoomService", "getPublic", sid=sid, type="")
        if all_rooms:
            assert status == 200
            body = root.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
            # the installer's seven public rooms (ImportInitvalues.loadDefaultRooms @ 4.0.11 .. 9.1.0)
            assert len(body[0].findall("return")) == 7
        else:
            assert status == 500
            assert fault_of(root)[1] == "No enum constant org.apache.openmeetings.db.entity.room.Room.Type."
            status, root = call(s, fake.url, "RoomService", "getPublic", sid=sid)
            assert status == 500 and fault_of(root)[1] == "Name is null"


@pytest.mark.parametrize("version", ["3.1.0", "3.2", "3.3"])
def test_3x_room_types_and_audience_faults(version):
    # openmeetings-db .../entity/room/Room.java @ 3.1.0RC1 .. 3.3.0: enum Type { conference,
    # restricted, interview } with audience commented out; getPublic runs Room.Type.valueOf.
    with make(version) as fake, fake.session() as s:
        _, room = served_wsdl(fake, s, "RoomService")
        values = [e.get("value") for st in room.iter(f"{{{XS}}}simpleType") if st.get("name") == "type"
                  for e in st.iter(f"{{{XS}}}enumeration")]
        assert values == ["conference", "restricted", "interview"]
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "RoomService", "getPublic", sid=sid, type="audience")
        assert status == 500
        assert fault_of(root)[1] == "No enum constant org.apache.openmeetings.db.entity.room.Room.Type.audience"
        status, root = call(s, fake.url, "RoomService", "getPublic", sid=sid, type="conference")
        assert status == 200


@pytest.mark.parametrize("version", ["4.0.5", "4.0.6", "4.0.11"])
def test_clients_count_a_room_on_every_4_0_release(version, tmp_path):
    # UserService.count up to WS/UserWebService.java @ 4.0.5RC1, RoomService.count from
    # WS/RoomWebService.java @ 4.0.6RC1; the SOAP client reads the WSDL the fake serves.
    from om_soap.client import OpenMeetingsClient
    from om_soap.errors import UnsupportedOperation
    from om_soap.rest import RestClient

    with make(version) as fake:
        soap = OpenMeetingsClient(fake.url, session=fake.session(), version=version, cache_dir=str(tmp_path))
        rest = RestClient(fake.url, session=fake.session(), version=version)
        assert soap.login("admin", "12345").ok and rest.login("admin", "12345").ok
        assert soap.room_count(1).message == "0"
        counted = rest.room_count(1)
        assert counted.ok and str(counted.message) == "0"  # Jettison writes "0" as a number
        if version == "4.0.5":
            assert soap.call("RoomService", "counters", id=[1])
        else:
            with pytest.raises(UnsupportedOperation):
                soap.call("RoomService", "counters", id=[1])
