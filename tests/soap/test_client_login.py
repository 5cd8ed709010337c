"""login / getRoomHash / room_url for every CXF family, against CXF-shaped answers (UserWebService.java)."""
from __future__ import annotations

import threading

import pytest
from pinned import family as pinned_family
from pinned import has as pinned_has
import requests_mock
from cxf_envelopes import BASE, CxfServer, coded, fault, result_envelope

from om_soap import ExternalUser, OpenMeetingsClient, RoomOptions, ServiceResult, versions
from om_soap.errors import InvalidArgument, NotLoggedIn, SoapFault

CXF_VERSIONS = [v for v in versions.TESTED_VERSIONS if not versions.parse(v).is_axis2]
SID = "0a1b2c3d-1111-2222-3333-444455556666"
SID2 = "9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff"
HASH = "fa1f9381-bd03-42ae-9fd9-332b5f775a1b"
JOHN = {"firstname": "John", "lastname": "Doe", "externalId": "uid1", "externalType": "myCMS", "login": "superjohn"}
OPTIONS = {"roomId": 5, "moderator": True, "showAudioVideoTest": True}


@pytest.fixture
def mocker():
    with requests_mock.Mocker() as m:
        yield m


def client(tmp_path, **kw) -> OpenMeetingsClient:
    return OpenMeetingsClient(BASE, cache_dir=str(tmp_path / "cache"), **kw)


def ok(version: str, operation: str, message: str, code: int) -> str:
    return result_envelope(operation, code if coded(version) else None, message, "SUCCESS")


@pytest.mark.parametrize("version", CXF_VERSIONS)
def test_login_success_sets_sid_and_matches_rest(mocker, tmp_path, version):
    srv = CxfServer(mocker, version)
    srv.on("UserService", "login", ok(version, "login", SID, 7))
    om = client(tmp_path)
    result = om.login("admin", "12345")
    assert result.ok and om.sid == SID
    expected = {"message": SID, "type": "SUCCESS"}
    if coded(version):
        expected = {"code": 7, **expected}  # 3.x: code is the user id (UserWebService.java @ 3.3.0)
    assert result.to_rest() == {"serviceResult": expected}
    assert list(result.to_rest()["serviceResult"]) == list(expected)
    assert b"<pass>12345</pass>" in srv.sent("login")[0]
    assert all(url == f"{BASE}/services/UserService" for url, op, _ in srv.posts if op == "login")


BAD_CREDENTIALS = {
    # family name -> (code, message) as the server sends it (UserDao.java @ 3.1.2, 3.3.0, 4.0.2)
    "3.1": (-11, None),
    "3.3": (-1, "Login failed"),
}


@pytest.mark.parametrize("version", CXF_VERSIONS)
def test_bad_credentials_is_a_result_not_an_exception(mocker, tmp_path, version):
    srv = CxfServer(mocker, version)
    family = pinned_family(versions.parse(version), "name")
    code, message = BAD_CREDENTIALS.get(family, (None, "error.bad.credentials"))
    srv.on("UserService", "login", result_envelope("login", code, message, "ERROR"))
    om = client(tmp_path)
    result = om.login("admin", "wrong")
    assert not result.ok and om.sid is None
    assert result.to_rest() == {"serviceResult": ServiceResult(code, message, "ERROR").to_rest()["serviceResult"]}
    if family == "3.1":
        assert result.to_rest() == {"serviceResult": {"code": -11, "type": "ERROR"}}  # the sample's error


@pytest.mark.parametrize("version", CXF_VERSIONS)
def test_get_room_hash_success_and_url(mocker, tmp_path, version):
    srv = CxfServer(mocker, version)
    srv.on("UserService", "login", ok(version, "login", SID, 1))
    srv.on("UserService", "getRoomHash", ok(version, "getRoomHash", HASH, 0))
    om = client(tmp_path)
    om.login("admin", "12345")
    result = om.get_room_hash(JOHN, OPTIONS)
    assert result.ok and result.message == HASH
    if coded(version):
        assert result.to_rest() == {"serviceResult": {"code": 0, "message": HASH, "type": "SUCCESS"}}
    sent = srv.sent("getRoomHash")[0]
    assert f"<sid>{SID}</sid>".encode() in sent
    assert b"<externalId>uid1</externalId>" in sent and b"<roomId>5</roomId>" in sent
    for required in (b"<allowSameURLMultipleTimes>false<", b"<allowRecording>false<", b"<moderator>true<"):
        assert required in sent
    v = versions.parse(version)
    assert (b"showNickNameDialog" in sent) == pinned_has(v, "show_nick_name_dialog")
    url = om.room_url(result.message, language=1)
    if pinned_has(v, "hash_entry_url"):
        assert url == f"{BASE}/hash?secure={HASH}&language=1"
    else:
        assert url == f"{BASE}/swf?secureHash={HASH}&language=1"
    assert om.room_url(HASH).endswith(HASH)


@pytest.mark.parametrize("version", CXF_VERSIONS)
def test_not_allowed_comes_out_as_the_rest_result(mocker, tmp_path, version):
    srv = CxfServer(mocker, version)
    family = versions.parse(version).family
    if family.hash_not_allowed == "returned":
        srv.on("UserService", "getRoomHash", result_envelope("getRoomHash", -26, "Insufficient permissions", "ERROR"))
        expected = {"code": -26, "message": "Insufficient permissions", "type": "ERROR"}
    else:
        srv.on_fault("UserService", "getRoomHash", "error.notallowed")
        expected = {"message": "error.notallowed", "type": "ERROR"}
    om = client(tmp_path)
    result = om.get_room_hash(ExternalUser(firstname="John", external_id="u", external_type="t"),
                              RoomOptions(room_id=5), sid="unknown-sid")
    assert result.to_rest() == {"serviceResult": expected}
    assert b"<sid>unknown-sid</sid>" in srv.sent("getRoomHash")[0]


@pytest.mark.parametrize("version", CXF_VERSIONS)
def test_missing_external_id_is_sent_as_absent_and_result_passes_through(mocker, tmp_path, version):
    srv = CxfServer(mocker, version)
    v = versions.parse(version)
    if pinned_has(v, "external_id_check"):
        answer = result_envelope("getRoomHash", None, "externalId and/or externalType are not set", "ERROR")
    else:  # 3.x: no check, a hash is issued (UserWebService.java @ 3.3.0)
        answer = ok(version, "getRoomHash", HASH, 0)
    srv.on("UserService", "getRoomHash", answer)
    om = client(tmp_path)
    result = om.get_room_hash({"firstname": "John"}, {"roomId": 5}, sid=SID)
    assert result.ok is (not pinned_has(v, "external_id_check"))
    assert b"externalId" not in srv.sent("getRoomHash")[0]


@pytest.mark.parametrize("version", ["4.0", "9.1"])
def test_other_faults_raise_soap_fault(mocker, tmp_path, version):
    srv = CxfServer(mocker, version)
    srv.on_fault("UserService", "getRoomHash", "java.lang.NullPointerException")
    with pytest.raises(SoapFault) as info:
        client(tmp_path).get_room_hash(JOHN, OPTIONS, sid=SID)
    assert info.value.fault_code == "soap:Server"
    assert info.value.fault_string == "java.lang.NullPointerException"


def test_fields_follow_the_loaded_wsdl_not_the_version(mocker, tmp_path):
    # A 5.0.1 WSDL declares externalRoomId/externalType; 4.0's does not (RoomOptionsDTO.java @ 5.0.1).
    srv = CxfServer(mocker, "5.0")
    srv.on("UserService", "getRoomHash", ok("5.0", "getRoomHash", HASH, 0))
    opts = RoomOptions(room_id=5, external_room_id="r1", external_type="myCMS", show_nick_name_dialog=True)
    client(tmp_path).get_room_hash(JOHN, opts, sid=SID)
    sent = srv.sent("getRoomHash")[0]
    assert b"<externalRoomId>r1</externalRoomId>" in sent and b"showNickNameDialog" not in sent


def test_fields_the_wsdl_lacks_are_dropped_with_a_warning(mocker, tmp_path, caplog):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "getRoomHash", ok("4.0", "getRoomHash", HASH, 0))
    client(tmp_path).get_room_hash(JOHN, RoomOptions(room_id=5, external_room_id="r1"), sid=SID)
    assert b"externalRoomId" not in srv.sent("getRoomHash")[0]
    assert "externalRoomId" in caplog.text


def test_get_room_hash_without_login_needs_a_sid(tmp_path):
    om = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path))
    with pytest.raises(NotLoggedIn):
        om.get_room_hash(JOHN, OPTIONS)


def test_bad_dto_input_is_a_typed_error(tmp_path):
    om = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path))
    with pytest.raises(InvalidArgument, match="externalIdd"):
        om.get_room_hash({"externalIdd": "x"}, OPTIONS, sid=SID)
    with pytest.raises(InvalidArgument):
        om.room_url("")


@pytest.mark.parametrize("version", ["3.3", "4.0"])
def test_expired_sid_logs_in_again_once(mocker, tmp_path, version):
    srv = CxfServer(mocker, version)
    logins = iter([SID, SID2, SID2])
    srv.answers[("UserService", "login")] = lambda body: (200, ok(version, "login", next(logins), 1))
    refused = (result_envelope("getRoomHash", -26, "Insufficient permissions", "ERROR")
               if coded(version) else None)

    def hash_answer(body: bytes):
        if SID.encode() in body:
            return (200, refused) if refused else (500, fault("error.notallowed", detail=False))
        return 200, ok(version, "getRoomHash", HASH, 0)

    srv.answers[("UserService", "getRoomHash")] = hash_answer
    om = client(tmp_path, credentials=("admin", "12345"))
    om.login("admin", "12345")
    result = om.get_room_hash(JOHN, OPTIONS)
    assert result.ok and result.message == HASH and om.sid == SID2
    assert len(srv.sent("login")) == 2 and len(srv.sent("getRoomHash")) == 2


def test_relogin_happens_at_most_once(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "login", ok("4.0", "login", SID, 1))
    srv.on_fault("UserService", "getRoomHash", "error.notallowed")
    om = client(tmp_path, credentials=("admin", "12345"))
    result = om.get_room_hash(JOHN, OPTIONS)
    assert result.to_rest() == {"serviceResult": {"message": "error.notallowed", "type": "ERROR"}}
    # first login for the missing SID, one re-login after the refusal, and no more
    assert len(srv.sent("login")) == 2 and len(srv.sent("getRoomHash")) == 2


def test_no_relogin_without_credentials_or_with_explicit_sid(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "login", ok("4.0", "login", SID, 1))
    srv.on_fault("UserService", "getRoomHash", "error.notallowed")
    om = client(tmp_path, credentials=("admin", "12345"))
    om.get_room_hash(JOHN, OPTIONS, sid=SID2)
    assert len(srv.sent("login")) == 0 and len(srv.sent("getRoomHash")) == 1


def test_room_url_for_uses_a_fresh_sid_per_user(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    counter = iter(range(100))
    sids = [f"{i:08d}-0000-0000-0000-000000000000" for i in range(100)]
    srv.answers[("UserService", "login")] = lambda body: (200, ok("4.0", "login", sids[next(counter)], 1))
    srv.answers[("UserService", "getRoomHash")] = lambda body: (200, ok("4.0", "getRoomHash", HASH, 0))
    om = client(tmp_path, credentials=("admin", "12345"))
    url1 = om.room_url_for(JOHN, OPTIONS, language=2)
    url2 = om.room_url_for({**JOHN, "externalId": "uid2"}, OPTIONS)
    assert url1 == f"{BASE}/hash?secure={HASH}&language=2" and url2.endswith(HASH)
    sent = srv.sent("getRoomHash")
    assert sids[0].encode() in sent[0] and sids[1].encode() in sent[1]
    assert om.sid is None  # the client's own SID is left alone


def test_room_url_for_needs_credentials(tmp_path):
    with pytest.raises(NotLoggedIn, match="credentials"):
        OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path)).room_url_for(JOHN, OPTIONS)


def test_room_url_without_network_when_version_given(tmp_path):
    with requests_mock.Mocker():  # no matcher: any request would raise
        assert OpenMeetingsClient(BASE, version="3.1").room_url(HASH) == f"{BASE}/swf?secureHash={HASH}"
        assert OpenMeetingsClient(BASE + "/", version="3.2").room_url(HASH) == f"{BASE}/hash?secure={HASH}"


def test_one_client_shared_by_32_threads(mocker, tmp_path):
    srv = CxfServer(mocker, "7.2")
    srv.answers[("UserService", "login")] = lambda body: (200, ok("7.2", "login", SID, 1))
    srv.answers[("UserService", "getRoomHash")] = lambda body: (200, ok("7.2", "getRoomHash", HASH, 0))
    om = client(tmp_path)
    errors, results = [], []
    barrier = threading.Barrier(32)

    def work():
        try:
            barrier.wait(timeout=10)
            assert om.login("admin", "12345").ok
            results.append(om.get_room_hash(JOHN, OPTIONS))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and len(results) == 32 and all(r.message == HASH for r in results)
    assert srv.wsdl_gets.count("UserService") == 1  # loaded once, under the lock


def test_construction_fetches_nothing_and_checks_its_arguments(tmp_path):
    with requests_mock.Mocker() as m:  # no matchers: any request would raise
        om = OpenMeetingsClient(BASE, cache_dir=str(tmp_path), verify="/etc/ssl/ca.pem", timeout=12)
        assert m.call_count == 0 and om.session.verify == "/etc/ssl/ca.pem"
        assert om.timeouts.read == 12 and om.timeouts.login >= 20 and om.timeouts.connect == 5
        assert OpenMeetingsClient(BASE, verify=False).session.verify is False
    with pytest.raises(InvalidArgument):
        OpenMeetingsClient("ftp://host/openmeetings")
    with pytest.raises(InvalidArgument):
        OpenMeetingsClient(BASE, verify=3)
    with pytest.raises(InvalidArgument):
        OpenMeetingsClient(BASE, credentials="admin:pw")
