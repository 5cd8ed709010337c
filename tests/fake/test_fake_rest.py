"""The fake over REST: Jettison JSON, login GET vs POST, HTTP 500 with/without body (6.3.0+)."""
from __future__ import annotations

import json
import uuid

import pytest
from pinned import family as pinned_family
from pinned import has as pinned_has

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import SAMPLE_OPTIONS, SAMPLE_USER
from om_soap.versions import TESTED_VERSIONS


@pytest.fixture(scope="module", params=TESTED_VERSIONS)
def fake(request):
    with FakeOpenMeetings(request.param, bad_password_delay=(0, 0.01)) as f:
        yield f


def rest_login(fake, http, user="admin", password="12345"):
    url = f"{fake.url}/services/user/login"
    if pinned_has(fake.state.version, "rest_login_post"):
        return http.post(url, data={"user": user, "pass": password}, timeout=10)
    return http.get(url, params={"user": user, "pass": password}, timeout=10)


def test_login_method_per_family(fake, http):
    r = rest_login(fake, http)
    assert r.status_code == 200
    body = r.json()["serviceResult"]
    uuid.UUID(body["message"])
    assert body["type"] == "SUCCESS"
    assert ("code" in body) == pinned_family(fake.state.version, "result_has_code")
    url = f"{fake.url}/services/user/login"
    if pinned_has(fake.state.version, "rest_login_post"):
        wrong = http.get(url, params={"user": "admin", "pass": "12345"}, timeout=10)
    else:
        wrong = http.post(url, data={"user": "admin", "pass": "12345"}, timeout=10)
    assert wrong.status_code == 405


def test_bad_login_json(fake, http):
    body = rest_login(fake, http, password="nope").json()
    family = pinned_family(fake.state.version, "name")
    assert body == {
        "3.1": {"serviceResult": {"code": -11, "type": "ERROR"}},
        "3.3": {"serviceResult": {"code": -1, "message": "Login failed", "type": "ERROR"}},
    }.get(family, {"serviceResult": {"message": "error.bad.credentials", "type": "ERROR"}})


def test_room_hash_over_rest_and_entry(fake, http):
    sid = rest_login(fake, http).json()["serviceResult"]["message"]
    r = http.post(f"{fake.url}/services/user/hash", params={"sid": sid},
                  data={"user": json.dumps(SAMPLE_USER), "options": json.dumps(SAMPLE_OPTIONS)}, timeout=10)
    assert r.status_code == 200
    result = r.json()["serviceResult"]
    assert result["type"] == "SUCCESS"
    assert result.get("code") == (0 if pinned_family(fake.state.version, "result_has_code") else None)
    page, param = ("hash", "secure") if pinned_has(fake.state.version, "hash_entry_url") else ("swf", "secureHash")
    entered = http.get(f"{fake.url}/{page}", params={param: result["message"]}, timeout=10)
    assert entered.status_code == 200 and "John Doe entered room 5" in entered.text


def test_not_allowed_over_rest(fake, http):
    r = http.post(f"{fake.url}/services/user/hash", params={"sid": "aa"},
                  data={"user": json.dumps(SAMPLE_USER), "options": json.dumps(SAMPLE_OPTIONS)}, timeout=10)
    version = fake.state.version
    if pinned_family(version, "hash_not_allowed") == "returned":
        assert r.status_code == 200
        assert r.json() == {"serviceResult": {"code": -26, "message": "Insufficient permissions",
                                              "type": "ERROR"}}
    elif pinned_has(version, "rest_error_body"):
        assert r.status_code == 500
        assert r.json() == {"serviceResult": {"message": "error.notallowed", "type": "ERROR"}}
        assert r.headers["exception"] == "error.notallowed"
    else:
        # no exception mapper before 6.3: the servlet container's HTML error page
        assert r.status_code == 500 and "exception" not in r.headers
        assert r.headers["Content-Type"].startswith("text/html") and b"HTTP Status 500" in r.content


def test_room_json_is_jettison_shaped(fake, http):
    sid = rest_login(fake, http).json()["serviceResult"]["message"]
    room = http.get(f"{fake.url}/services/room/5", params={"sid": sid}, timeout=10).json()
    assert list(room) == ["roomDTO"]
    dto = room["roomDTO"]
    assert dto["id"] == 5 and dto["isPublic"] is True and "comment" not in dto
    assert list(dto)[:2] == ["id", "name"]
    users = http.get(f"{fake.url}/services/user", params={"sid": sid}, timeout=10).json()["userDTO"]
    admin = users if isinstance(users, dict) else users[0]
    assert admin["login"] == "admin" and isinstance(admin["rights"], list)


def test_missing_room_is_500(fake, http):
    # The NPE of `new RoomDTO(null)` (RoomWebService.java @ 3.1.0RC1 .. 9.1.0): HTTP 500, with a
    # serviceResult from 6.3 (real 9.1.0: tests/transcripts/9.1.0/36-rest_room_get_missing.json).
    sid = rest_login(fake, http).json()["serviceResult"]["message"]
    r = http.get(f"{fake.url}/services/room/999", params={"sid": sid}, timeout=10)
    assert r.status_code == 500
    if pinned_has(fake.state.version, "rest_error_body"):
        assert r.json()["serviceResult"]["type"] == "ERROR"


def test_info_and_error(fake, http):
    info = http.get(f"{fake.url}/services/info/version", timeout=10).json()["info"]
    assert info["version"] == fake.state.version.text
    if pinned_family(fake.state.version, "error_lookup") == "id":
        r = http.get(f"{fake.url}/services/error/-26/1", timeout=10)
        assert r.json() == {"serviceResult": {"code": -26, "message": "Admin authorization required",
                                              "type": "Error"}}
        assert http.get(f"{fake.url}/services/error/-12345/1", timeout=10).status_code == 204
    else:
        r = http.get(f"{fake.url}/services/error/error.unknown/1", timeout=10)
        assert r.json()["serviceResult"]["message"].startswith("Unknown error.")
    health = http.get(f"{fake.url}/services/info/health", timeout=10)
    assert health.status_code == (200 if pinned_has(fake.state.version, "health") else 404)


def test_malformed_json_param_is_a_clear_4xx(fake, http):
    sid = rest_login(fake, http).json()["serviceResult"]["message"]
    r = http.post(f"{fake.url}/services/user/hash", params={"sid": sid},
                  data={"user": "{not json", "options": "{}"}, timeout=10)
    assert r.status_code == 400 and "user is not valid JSON" in r.text


def test_unimplemented_is_501(fake, http):
    sid = rest_login(fake, http).json()["serviceResult"]["message"]
    r = http.post(f"{fake.url}/services/file/rename/3/new.txt", params={"sid": sid}, timeout=10)
    assert r.status_code == 501 and r.text == "not implemented by the fake: FileService.rename"


def test_count_is_a_number_after_entry():
    with FakeOpenMeetings("7.2", serve=False) as fake:
        http = fake.session()
        url = f"{fake.url}/services"
        sid = http.get(f"{url}/user/login", params={"user": "admin", "pass": "12345"}).json()["serviceResult"]["message"]
        secure = http.post(f"{url}/user/hash", params={"sid": sid}, data={
            "user": json.dumps(SAMPLE_USER), "options": json.dumps(SAMPLE_OPTIONS)}).json()["serviceResult"]["message"]
        assert http.get(f"{fake.url}/hash", params={"secure": secure}).status_code == 200
        sid2 = http.get(f"{url}/user/login", params={"user": "admin", "pass": "12345"}).json()["serviceResult"]["message"]
        assert http.get(f"{url}/room/count/5", params={"sid": sid2}).json() == {
            "serviceResult": {"message": 1, "type": "SUCCESS"}}
        kicked = http.get(f"{url}/room/kick/5/myCMS/uid1", params={"sid": sid2}).json()
        assert kicked == {"serviceResult": {"message": "Kicked", "type": "SUCCESS"}}


def test_file_add_takes_a_multipart_body_only(fake, http):
    sid = rest_login(fake, http).json()["serviceResult"]["message"]
    url = f"{fake.url}/services/file"
    as_form = http.post(url, params={"sid": sid}, data={"file": '{"name": "a"}', "stream": "x"}, timeout=10)
    assert as_form.status_code == 415 and "multipart/form-data" in as_form.text
    broken = http.post(url, params={"sid": sid}, data=b"--nope\r\n\r\n",
                       headers={"Content-Type": "multipart/form-data; boundary=other"}, timeout=10)
    assert broken.status_code == 400
    bad_json = http.post(url, params={"sid": sid}, files={"file": (None, "{not json", "application/json"),
                                                          "stream": ("s", b"abc", "application/octet-stream")},
                         timeout=10)
    assert bad_json.status_code == 400 and "file is not valid JSON" in bad_json.text
    ok = http.post(url, params={"sid": sid}, files={"file": (None, '{"name": "a.txt", "roomId": 5}', "application/json"),
                                                    "stream": ("s", b"abc", "application/octet-stream")}, timeout=10)
    assert ok.status_code == 200, ok.text
    (root, item), = ok.json().items()
    assert root == ("fileItemDTO" if fake.state.version.tuple >= (4, 0, 0) else "fileExplorerItemDTO")
    assert (item["name"], item["roomId"], item["size"]) == ("a.txt", 5, 3)
    assert fake.state.file_bytes[item["id"]] == b"abc"


def test_calendar_paths_with_literal_segments_win_over_the_range(fake, http):
    sid = rest_login(fake, http).json()["serviceResult"]["message"]
    base = f"{fake.url}/services/calendar"
    # /calendar/room/{id} is getByRoom (nothing there: 204), not a range from "room" to the id
    assert http.get(f"{base}/room/5", params={"sid": sid}, timeout=10).status_code == 204
    assert http.get(f"{base}/title/none", params={"sid": sid}, timeout=10).json() == {"appointmentDTO": []}
    rng = http.get(f"{base}/2030-01-01T00%3A00%3A00Z/2030-02-01T00%3A00%3A00Z", params={"sid": sid}, timeout=10)
    # an empty list answer: an array under its root (CXF JSONProvider.marshalCollection)
    assert rng.status_code == 200 and rng.json() == {"appointmentDTO": []}
    bad = http.get(f"{base}/2030-01-01/2030-02-01", params={"sid": sid}, timeout=10)
    assert bad.status_code == 404 and "xs:dateTime" in bad.text
