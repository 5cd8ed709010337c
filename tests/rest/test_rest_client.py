"""RestClient against requests-mock, family by family (docs/openmeetings-versions.md)."""
from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from pinned import family as pinned_family
from pinned import has as pinned_has
import requests

from om_soap.errors import (
    InvalidArgument,
    NotLoggedIn,
    RequestTimeout,
    ServerError,
    UnexpectedResponse,
    UnsupportedOperation,
    UnsupportedVersion,
)
from om_soap.rest import RestClient
from om_soap.results import ExternalUser, RestObject, RoomOptions, ServiceResult
from om_soap.versions import TESTED_VERSIONS, parse

BASE = "http://127.0.0.1:5080/openmeetings"
SVC = BASE + "/services"
PASSWORD = "Zebra-Pw-77!q"
SID = "5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab"
HASH = "9e8d7c6b-1111-4222-8333-fedcba987654"
JSON = {"Content-Type": "application/json"}

USER = ExternalUser(login="superjohn", firstname="John", lastname="Doe", external_id="uid1",
                    external_type="myCMS")
OPTIONS = RoomOptions(room_id=5, moderator=True, show_audio_video_test=True)


def result(version: str, message, type_="SUCCESS", code=None) -> dict:
    """A serviceResult as the server of ``version`` writes it (code only on 3.x)."""
    body = {}
    if pinned_family(parse(version), "result_has_code"):
        body["code"] = 0 if code is None else code
    if message is not None:
        body["message"] = message
    body["type"] = type_
    return {"serviceResult": body}


def client(version: str, **kw) -> RestClient:
    return RestClient(BASE, version=version, **kw)


def form_of(request) -> dict:
    return {k: v[0] for k, v in parse_qs(request.text or "").items()}


def query_of(request) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}


# ---------------------------------------------------------------- login


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_login_sets_sid_and_uses_the_family_method(requests_mock, version):
    post = pinned_has(parse(version), "rest_login_post")
    requests_mock.register_uri("POST" if post else "GET", SVC + "/user/login",
                               json=result(version, SID, code=1), headers=JSON)
    om = client(version)
    r = om.login("admin", PASSWORD)
    assert r.ok and r.message == SID and om.sid == SID
    assert r.code == (1 if pinned_family(parse(version), "result_has_code") else None)
    req = requests_mock.last_request
    assert req.method == ("POST" if post else "GET")
    fields = form_of(req) if post else query_of(req)
    assert fields == {"user": "admin", "pass": PASSWORD}
    if post:  # the password never travels in the URL of a POST login
        assert PASSWORD not in req.url and "pass" not in query_of(req)
    # 9.x sleeps 6-15 s on a bad password: login waits at least 20 s (UserDao.java @ 9.0.0).
    assert req.timeout[1] >= 20


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_bad_login_is_a_result_not_an_error(requests_mock, version):
    fam = parse(version).family
    message = None if fam.name == "3.1" else ("Login failed" if fam.name == "3.3" else "error.bad.credentials")
    body = result(version, message, "ERROR", code=-11 if fam.name == "3.1" else -1)
    requests_mock.get(SVC + "/user/login", json=body, headers=JSON)
    requests_mock.post(SVC + "/user/login", json=body, headers=JSON)
    om = client(version)
    r = om.login("admin", "wrong")
    assert not r.ok and r.type == "ERROR" and r.message == message
    assert om.sid is None
    assert r.to_rest() == body


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_login_method_override(requests_mock, method):
    requests_mock.register_uri(method, SVC + "/user/login", json=result("7.2", SID), headers=JSON)
    om = client("7.2", login_method=method.lower())
    assert om.login("admin", PASSWORD).ok
    assert requests_mock.last_request.method == method


def test_login_method_must_be_get_or_post():
    with pytest.raises(InvalidArgument, match="GET"):
        client("7.2", login_method="PUT")


# ---------------------------------------------------------------- getRoomHash


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_room_hash_sends_sid_in_query_and_dtos_as_json_form_fields(requests_mock, version):
    requests_mock.post(SVC + "/user/hash", json=result(version, HASH), headers=JSON)
    om = client(version)
    om.sid = SID
    r = om.get_room_hash(USER, OPTIONS)
    assert r.ok and r.message == HASH
    req = requests_mock.last_request
    assert query_of(req) == {"sid": SID}
    form = form_of(req)
    assert json.loads(form["user"]) == {"login": "superjohn", "firstname": "John", "lastname": "Doe",
                                        "externalId": "uid1", "externalType": "myCMS"}
    options = json.loads(form["options"])
    assert options["roomId"] == 5 and options["moderator"] is True
    sv = parse(version)
    # showNickNameDialog exists on 3.1 only; externalRoomId/externalType from 5.0.1 (RoomOptionsDTO.java).
    assert ("showNickNameDialog" in options) == pinned_has(sv, "show_nick_name_dialog")
    assert "externalRoomId" not in options  # not set by the caller: not sent anywhere


def test_room_hash_accepts_rest_dicts(requests_mock):
    requests_mock.post(SVC + "/user/hash", json=result("7.2", HASH), headers=JSON)
    om = client("7.2")
    r = om.get_room_hash({"externalId": "uid1", "externalType": "myCMS"},
                         {"roomId": 5, "externalRoomId": "r1", "externalType": "myCMS"}, sid=SID)
    assert r.message == HASH
    options = json.loads(form_of(requests_mock.last_request)["options"])
    assert options["externalRoomId"] == "r1" and options["externalType"] == "myCMS"


@pytest.mark.parametrize("version,options,dropped", [
    ("4.0", {"roomId": 5, "externalRoomId": "r1", "externalType": "t"}, "externalRoomId, externalType"),
    ("7.2", {"roomId": 5, "showNickNameDialog": True}, "showNickNameDialog"),
])
def test_fields_the_version_lacks_are_dropped_with_a_warning_as_over_soap(requests_mock, caplog, version,
                                                                          options, dropped):
    requests_mock.post(SVC + "/user/hash", json=result(version, HASH), headers=JSON)
    assert client(version).get_room_hash(USER, options, sid=SID).ok
    sent = json.loads(form_of(requests_mock.last_request)["options"])
    assert sent["roomId"] == 5
    assert not set(dropped.split(", ")) & set(sent)
    assert dropped in caplog.text


def test_room_hash_without_sid_says_how_to_log_in():
    with pytest.raises(NotLoggedIn, match="login"):
        client("7.2").get_room_hash(USER, OPTIONS)


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_room_hash_with_bad_sid_matches_the_soap_result(requests_mock, version):
    sv = parse(version)
    if pinned_family(sv, "hash_not_allowed") == "returned":  # 3.x returns (-26, ...) with HTTP 200
        requests_mock.post(SVC + "/user/hash", headers=JSON,
                           json=result(version, "Insufficient permissions", "ERROR", code=-26))
        expected = ServiceResult(-26, "Insufficient permissions", "ERROR")
    elif pinned_has(sv, "rest_error_body"):  # 6.3+: HTTP 500 with the serviceResult body
        requests_mock.post(SVC + "/user/hash", status_code=500, json=result(version, "error.notallowed", "ERROR"),
                           headers={**JSON, "exception": "error.notallowed"})
        expected = ServiceResult(None, "error.notallowed", "ERROR")
    else:  # 4.0-6.2: bare HTTP 500, reconstructed (INFERRED)
        requests_mock.post(SVC + "/user/hash", status_code=500, text="")
        expected = ServiceResult(None, "error.notallowed", "ERROR")
    assert client(version).get_room_hash(USER, OPTIONS, sid="aa") == expected


@pytest.mark.parametrize("version", ["4.0", "5.0"])
def test_bare_500_elsewhere_is_a_server_error_with_the_6_3_hint(requests_mock, version):
    requests_mock.get(SVC + "/room/7", status_code=500, text="")
    with pytest.raises(ServerError) as info:
        _with_sid(client(version)).get_room(7)
    assert info.value.status == 500
    assert "6.3" in str(info.value)


@pytest.mark.parametrize("version", ["6.3", "9.1"])
def test_500_with_body_is_the_result_for_any_call(requests_mock, version):
    requests_mock.get(SVC + "/room/7", status_code=500, json=result(version, "error.notallowed", "ERROR"),
                      headers=JSON)
    assert _with_sid(client(version)).get_room(7) == ServiceResult(None, "error.notallowed", "ERROR")


def _with_sid(om: RestClient) -> RestClient:
    om.sid = SID
    return om


# ---------------------------------------------------------------- wrong answers


@pytest.mark.parametrize("status", [200, 404, 502])
def test_html_page_is_an_unexpected_response_with_status_and_excerpt(requests_mock, status):
    requests_mock.get(SVC + "/user/login", status_code=status,
                      text="<html><head><title>Apache Tomcat - Error report</title></head></html>",
                      headers={"Content-Type": "text/html;charset=utf-8"})
    with pytest.raises((UnexpectedResponse, ServerError)) as info:
        client("7.2").login("admin", PASSWORD)
    if status < 500:
        assert isinstance(info.value, UnexpectedResponse)
        assert info.value.status == status and "Tomcat" in (info.value.excerpt or "")
        assert "text/html" in str(info.value)
    else:
        assert isinstance(info.value, ServerError) and info.value.status == 502


def test_malformed_json_is_unexpected(requests_mock):
    requests_mock.get(SVC + "/user/login", text='{"serviceResult": {', headers=JSON)
    with pytest.raises(UnexpectedResponse, match="malformed JSON"):
        client("7.2").login("admin", PASSWORD)


def test_wrong_root_is_unexpected(requests_mock):
    requests_mock.get(SVC + "/room/7", json={"userDTO": {"id": 1}}, headers=JSON)
    with pytest.raises(UnexpectedResponse, match="'roomDTO' was expected"):
        _with_sid(client("7.2")).get_room(7)


def test_timeout_is_a_request_timeout(requests_mock):
    requests_mock.get(SVC + "/user/login", exc=requests.exceptions.ReadTimeout)
    with pytest.raises(RequestTimeout) as info:
        client("7.2").login("admin", PASSWORD)
    assert PASSWORD not in str(info.value)


def test_204_is_none(requests_mock):
    requests_mock.get(SVC + "/error/-99/1", status_code=204)
    assert client("3.3").error_message(-99) is None


# ---------------------------------------------------------------- Jettison quirks


def test_one_user_list_and_one_right_come_back_as_lists(requests_mock):
    requests_mock.get(SVC + "/user/", headers=JSON, json={"userDTO": {
        "firstname": "Ann", "id": 3, "login": 1234, "rights": "SOAP", "type": "USER"}})
    users = _with_sid(client("7.2")).get_users()
    assert isinstance(users, RestObject) and users.root == "userDTO"
    assert isinstance(users.data, list) and len(users.data) == 1
    assert users.data[0]["rights"] == ["SOAP"]
    assert users.data[0]["login"] == "1234"  # declared text: Jettison's number undone
    # and to_rest() writes it back the way Jettison does (what the SOAP side compares on):
    # the list answer as CXF writes it (an array under the root, UserDTOListWrapper in
    # openmeetings-site-swagger 9.1.0), the one right inside the bean collapsed again
    assert users.to_rest() == {"userDTO": [{"firstname": "Ann", "id": 3, "login": 1234,
                                            "rights": "SOAP", "type": "USER"}]}


def test_many_users_stay_a_list(requests_mock):
    requests_mock.get(SVC + "/user/", headers=JSON, json={"userDTO": [
        {"id": 1, "rights": ["ADMIN", "SOAP"]}, {"id": 2, "rights": "ROOM"}]})
    users = _with_sid(client("9.1")).get_users()
    assert [u["rights"] for u in users.data] == [["ADMIN", "SOAP"], ["ROOM"]]


def test_numeric_message_comes_back_as_text(requests_mock):
    requests_mock.get(SVC + "/error/error.x/1", headers=JSON, json={"serviceResult": {"message": 3,
                                                                                      "type": "SUCCESS"}})
    r = client("7.2").error_message("error.x")
    assert r.message == "3" and r.to_rest() == {"serviceResult": {"message": 3, "type": "SUCCESS"}}


# ---------------------------------------------------------------- version, URLs, errors


def test_version_is_detected_once_from_info_service(requests_mock):
    requests_mock.get(SVC + "/info/version", headers=JSON,
                      json={"info": {"version": "6.3.0", "revision": "abc", "buildDate": "2022-05-13"}})
    om = RestClient(BASE)
    assert om.server_version.text == "6.3.0"
    assert pinned_has(om.server_version, "rest_error_body")
    assert requests_mock.call_count == 1


def test_version_undetectable_asks_for_version_argument(requests_mock):
    requests_mock.get(SVC + "/info/version", status_code=404, text="<html>404</html>",
                      headers={"Content-Type": "text/html"})
    with pytest.raises(UnsupportedVersion, match="version="):
        _ = RestClient(BASE).server_version


def test_construction_sends_nothing(requests_mock):
    RestClient(BASE, credentials=("admin", PASSWORD))
    assert not requests_mock.called


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_room_url_by_version(version):
    om = client(version)
    url = om.room_url(HASH, language=2)
    if pinned_has(parse(version), "hash_entry_url"):
        assert url == f"{BASE}/hash?secure={HASH}&language=2"
    else:
        assert url == f"{BASE}/swf?secureHash={HASH}&language=2"
    assert om.room_url(HASH).endswith(HASH)


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_error_lookup_by_id_or_key(requests_mock, version):
    by_id = pinned_family(parse(version), "error_lookup") == "id"
    key = "-1" if by_id else "error.bad.credentials"
    requests_mock.get(f"{SVC}/error/{key}/1", headers=JSON,
                      json=result(version, "Username/email and/or password are incorrect.", code=-1))
    r = client(version).error_message(-1 if by_id else key)
    assert r.message == "Username/email and/or password are incorrect."
    if by_id:
        with pytest.raises(InvalidArgument, match="numeric id"):
            client(version).error_message("error.bad.credentials")


def test_room_url_for_logs_in_per_user_and_keeps_own_sid(requests_mock):
    sids = iter([SID, "11111111-2222-4333-8444-555555555555"])
    requests_mock.get(SVC + "/user/login", headers=JSON,
                      json=lambda req, ctx: result("7.2", next(sids)))
    requests_mock.post(SVC + "/user/hash", json=result("7.2", HASH), headers=JSON)
    om = client("7.2", credentials=("admin", PASSWORD))
    assert om.room_url_for(USER, OPTIONS, language=1) == f"{BASE}/hash?secure={HASH}&language=1"
    om.room_url_for(USER, OPTIONS)
    hash_sids = [query_of(r)["sid"] for r in requests_mock.request_history if r.path.endswith("/hash")]
    assert hash_sids == [SID, "11111111-2222-4333-8444-555555555555"]
    assert om.sid is None


def test_room_url_for_needs_credentials():
    with pytest.raises(NotLoggedIn, match="credentials"):
        client("7.2").room_url_for(USER, OPTIONS)


@pytest.mark.parametrize("version,form", [("3.3.1", False), ("3.3.2", True), ("7.2", True)])
def test_add_user_sends_dto_where_the_version_reads_it(requests_mock, version, form):
    requests_mock.post(SVC + "/user/", headers=JSON, json={"userDTO": {"id": 9, "login": "neo"}})
    added = _with_sid(client(version)).add_user({"login": "neo", "password": PASSWORD})
    assert added.data == {"id": 9, "login": "neo"}
    req = requests_mock.last_request
    fields = form_of(req) if form else query_of(req)
    assert json.loads(fields["user"])["login"] == "neo" and fields["confirm"] == "false"
    assert ("user" in query_of(req)) == (not form)


def test_get_external_room_path_and_room_query(requests_mock):
    requests_mock.get(SVC + "/room/CONFERENCE/my%20CMS/ext%2F1", headers=JSON,
                      json={"roomDTO": {"id": 4, "name": "x", "hiddenElements": "CHAT"}})
    room = _with_sid(client("7.2")).get_external_room("CONFERENCE", "my CMS", "ext/1", {"name": "x"})
    assert room.data["hiddenElements"] == ["CHAT"]
    assert json.loads(query_of(requests_mock.last_request)["room"]) == {"name": "x"}


def test_delete_room_result(requests_mock):
    requests_mock.delete(SVC + "/room/4", headers=JSON, json=result("7.2", "Deleted"))
    assert _with_sid(client("7.2")).delete_room(4) == ServiceResult(None, "Deleted", "SUCCESS")


@pytest.mark.parametrize("version", ["3.3", "4.0", "5.0"])
def test_get_external_room_before_6_0_is_refused_before_anything_is_sent(requests_mock, version):
    om = _with_sid(client(version))
    with pytest.raises(UnsupportedOperation) as info:
        om.get_external_room("conference", "moodle", "42", {"name": "x"})
    # the path template misspells externalid there (RoomWebService.java @ 5.1.0): SOAP is the way
    assert info.value.first_version == "6.0.0" and "SOAP" in str(info.value)
    assert not requests_mock.called


def test_typed_methods_are_the_tables_and_the_hand_written_names_still_work():
    from om_soap import operations
    from om_soap import typed as api

    for name in operations.OPERATIONS:
        assert getattr(RestClient, name) is getattr(api.TypedApi, name), name
    for alias in operations.ALIASES:
        assert getattr(RestClient, alias) is getattr(api.TypedApi, alias)
    assert "add_room" not in vars(RestClient) and "get_users" not in vars(RestClient)


@pytest.mark.parametrize("version", ["3.3", "7.2"])
def test_an_empty_list_written_as_empty_json_object_is_an_empty_list(requests_mock, version):
    # the client still reads an empty list written as {} with no root (the shape this project
    # once assumed), and writes it back as CXF does: {"userDTO": []} (marshalCollection)
    requests_mock.get(SVC + "/user/", headers=JSON, json={})
    users = _with_sid(client(version)).get_users()
    assert users.root == "userDTO" and users.data == []
    assert users.to_rest() == {"userDTO": []}
    requests_mock.get(SVC + "/record/room/5", headers=JSON, json={})
    assert _with_sid(client(version)).recordings_by_room(5).data == []


def test_empty_json_object_for_a_single_dto_is_still_unexpected(requests_mock):
    requests_mock.get(SVC + "/room/5", headers=JSON, json={})
    with pytest.raises(UnexpectedResponse, match="one-root"):
        _with_sid(client("7.2")).get_room(5)


def _multipart(request) -> dict:
    """{part name: (content type, bytes)} of a multipart/form-data request."""
    from email.parser import BytesParser
    from email.policy import HTTP

    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    return {part.get_param("name", header="content-disposition"): (part.get_content_type(),
                                                                   part.get_payload(decode=True))
            for part in message.iter_parts()}


@pytest.mark.parametrize("version,item", [("3.3", "fileExplorerItemDTO"), ("9.1", "fileItemDTO")])
def test_upload_file_is_a_multipart_post_with_file_json_and_stream_bytes(requests_mock, version, item):
    requests_mock.post(SVC + "/file/", headers=JSON, json={item: {"id": 11, "name": "notes.txt", "size": 5}})
    got = _with_sid(client(version)).upload_file({"name": "notes.txt", "roomId": 5, "type": "WML_FILE"},
                                                 b"\x00\x01hi\xff")
    req = requests_mock.last_request
    assert req.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert query_of(req) == {"sid": SID}  # the SID stays in the query (FileWebService.java)
    parts = _multipart(req)
    assert set(parts) == {"file", "stream"}  # @Multipart names, FileWebService.java @ 7.2.0
    assert parts["stream"] == ("application/octet-stream", b"\x00\x01hi\xff")
    ctype, body = parts["file"]
    # the file type spelled for the family, like every enum (BaseFileItem.java @ 4.0.11, 5.0.0)
    spelled = "WML_FILE" if pinned_family(parse(version), "enum_case") == "upper" else "WmlFile"
    assert ctype == "application/json" and json.loads(body) == {"name": "notes.txt", "roomId": 5, "type": spelled}
    assert got.root == item and got["id"] == 11


def test_call_takes_a_form_or_parts_not_both():
    with pytest.raises(InvalidArgument, match="files="):
        client("7.2").call("POST", "/file/", form={"a": "1"}, files={"b": (None, "2", "text/plain")})


# ---------------------------------------------------------------- secrets


def test_no_secret_in_logs_reprs_or_errors(requests_mock, caplog):
    caplog.set_level(logging.DEBUG)
    requests_mock.get(SVC + "/user/login", json=result("7.2", SID), headers=JSON)
    requests_mock.post(SVC + "/user/hash", json=result("7.2", HASH), headers=JSON)
    requests_mock.get(SVC + "/room/1", status_code=404, headers={"Content-Type": "text/html"},
                      text=f"<html>no room for sid={SID} hash {HASH} pass {PASSWORD}</html>")
    om = client("7.2", credentials=("admin", PASSWORD))
    om.login("admin", PASSWORD)
    r = om.get_room_hash(USER, OPTIONS)
    url = om.room_url(r.message)
    with pytest.raises(UnexpectedResponse) as info:
        om.get_room(1)
    # requests_mock's own adapter logs whole URLs: it is the test double, not our code.
    logged = "\n".join(rec.getMessage() for rec in caplog.records if not rec.name.startswith("requests_mock"))
    texts = [logged, repr(om), repr(r), str(info.value), repr(info.value)]
    for text in texts:
        for secret in (PASSWORD, quote(PASSWORD), SID, HASH):
            assert secret not in text
    assert HASH in url  # the URL itself is the caller's to hand on
    assert "/user/login" in logged  # the calls were logged, just scrubbed


def test_urllib3_request_lines_are_scrubbed():
    record = logging.LogRecord("urllib3.connectionpool", logging.DEBUG, __file__, 1,
                               '%s://%s:%s "%s %s %s" %s %s',
                               ("http", "127.0.0.1", 5080, "GET",
                                f"/openmeetings/services/user/login?user=admin&pass={PASSWORD}",
                                "HTTP/1.1", 200, None), None)
    for f in logging.getLogger("urllib3.connectionpool").filters:
        f.filter(record)
    assert PASSWORD not in record.getMessage() and "pass=" in record.getMessage()


def test_base_url_must_be_http():
    with pytest.raises(InvalidArgument, match="http"):
        RestClient("openmeetings.example.org")


def test_refused_sid_is_replaced_once_with_credentials(requests_mock):
    sids = iter([SID, "11111111-2222-4333-8444-555555555555"])
    requests_mock.get(SVC + "/user/login", headers=JSON, json=lambda req, ctx: result("7.2", next(sids)))
    answers = iter([(500, result("7.2", "error.notallowed", "ERROR")), (200, result("7.2", HASH))])

    def hash_answer(req, ctx):
        ctx.status_code, body = next(answers)
        return body

    requests_mock.post(SVC + "/user/hash", headers=JSON, json=hash_answer)
    om = client("7.2", credentials=("admin", PASSWORD))
    r = om.get_room_hash(USER, OPTIONS)  # no SID yet: logs in, is refused, logs in again
    assert r.ok and r.message == HASH
    assert om.sid == "11111111-2222-4333-8444-555555555555"
    # with an explicit sid= nothing is repeated
    requests_mock.post(SVC + "/user/hash", status_code=500, headers=JSON,
                       json=result("7.2", "error.notallowed", "ERROR"))
    assert om.get_room_hash(USER, OPTIONS, sid="aa").message == "error.notallowed"
    assert requests_mock.call_count == 5


def test_version_without_info_service_answers_the_given_version(requests_mock):
    assert client("3.1.2").version() == "3.1.2"
    assert not requests_mock.called


@pytest.mark.parametrize("kwargs", [{"timeout": -1}, {"verify": 3}])
def test_bad_timeout_or_verify_is_invalid_argument(kwargs):
    with pytest.raises(InvalidArgument):
        RestClient(BASE, **kwargs)


def test_get_login_over_a_real_socket_keeps_the_password_out_of_urllib3_logs(caplog):
    from om_soap.fake import FakeOpenMeetings

    caplog.set_level(logging.DEBUG)
    with FakeOpenMeetings("7.2", admin=("admin", PASSWORD)) as fake:
        om = RestClient(fake.url, version="7.2")
        assert om.login("admin", PASSWORD).ok
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("/user/login" in line for line in urllib3_lines)  # the request line was logged...
    assert not any(PASSWORD in line or quote(PASSWORD) in line for line in urllib3_lines)  # ...scrubbed
    assert PASSWORD not in caplog.text and quote(PASSWORD) not in caplog.text


def test_a_server_that_never_answers_times_out():
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection in the backlog, never answers
    try:
        om = RestClient(f"http://127.0.0.1:{listener.getsockname()[1]}/openmeetings", version="7.2",
                        timeout=0.3)
        with pytest.raises(RequestTimeout):
            om.error_message("error.unknown")
    finally:
        listener.close()
