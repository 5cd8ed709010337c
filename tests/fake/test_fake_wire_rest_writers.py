"""REST answers that Jettison does not write.

* One UserDTO (``POST /user``'s answer) from 3.3.2: OpenMeetings registers its own
  ``UserMessageBodyWriter`` (cxf-servlet.xml; the class is absent at 3.3.1RC3, present at
  3.3.2RC1, 4.0.11, 9.1.0), which writes ``{"userDTO": new JSONObject(bean)}``
  (``UserParamConverter.json``): openjson's bean map, so getter names in sorted order
  (``objectAsMap`` fills a TreeMap), real arrays, no number guessing, nulls left out
  (openjson ``JSONObject.java`` / ``JSONStringer.entry`` @ v1.0.12).
* An exception before 6.3: no exception mapper, no error page in web.xml, so the servlet
  container's HTML 500 page (INFERRED from the CXF sources; Tomcat 8.5/9 wording from
  catalina/valves/LocalStrings.properties http.500.reason).
* ``GET /user/count/{roomid}`` on 3.1-3.2: ``UserWebService.count`` returns a bare ``int``
  there, and CXF 3.1 has no JSON writer for it: 500, text/plain, NO_MSG_WRITER
  (``JAXRSOutInterceptor.writeResponseErrorMessage``, jaxrs/utils/Messages.properties @ cxf-3.1.9).
"""
from __future__ import annotations

import json

import pytest

from om_soap.errors import ServerError
from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import rest_login
from om_soap.rest import RestClient

USER = {"login": "writer1", "password": "Writer-Pw-1x!", "firstname": "Ann", "lastname": "Lee",
        "address": {"email": "ann@example.org", "country": "NZ"}, "languageId": 1, "timeZoneId": "UTC",
        "externalId": "1234", "externalType": "moodle", "rights": ["ROOM"]}



def _add(fake, http, sid):
    user = json.dumps(USER)
    if fake.state.version.has("rest_add_user_form"):
        return http.post(f"{fake.url}/services/user", params={"sid": sid}, data={"user": user, "confirm": "false"},
                         timeout=10)
    return http.post(f"{fake.url}/services/user", params={"sid": sid, "user": user, "confirm": "false"}, timeout=10)


def _run(version, fn):
    with FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0.01)) as fake, fake.session() as http:
        return fn(fake, http, rest_login(http, fake))


def test_331_writes_the_user_with_jettison():
    body = _run("3.3.1", _add).json()["userDTO"]
    assert body["externalId"] == 1234  # Jettison's number guess
    assert isinstance(body["rights"], str)  # one right: collapsed


@pytest.mark.parametrize("version", ["3.3.2", "4.0", "6.3", "9.1"])
def test_332_and_later_write_the_bean(version):
    r = _run(version, _add)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    (root, body), = r.json().items()
    assert root == "userDTO"
    # getters of UserDTO.java @ 3.3.2RC1 (pictureUri from 4.0: UserDTO.java @ 4.0.11, 9.1.0), sorted
    keys = ["address", "externalId", "externalType", "firstname", "id", "languageId", "lastname", "login",
            "rights", "timeZoneId", "type"]
    assert list(body) == [k for k in keys if k in body] and set(body) <= set(keys) | {"pictureUri", "password"}
    assert {"address", "externalId", "firstname", "id", "login", "rights", "type"} <= set(body)
    assert body["externalId"] == "1234" and isinstance(body["id"], int)  # String stays a string
    assert isinstance(body["rights"], list) and len(body["rights"]) == 1  # a real array
    address = body["address"]
    # Address getters (Address.java / HistoricalEntity.java @ 9.1.0): getEmail() -> email, never `mail`
    assert address["email"] == "ann@example.org" and "mail" not in address
    assert address["deleted"] is False  # isDeleted(): a primitive boolean, always written
    assert list(address) == sorted(address)


@pytest.mark.parametrize("version", ["3.1", "3.3", "4.0", "5.0"])
def test_exception_before_63_is_the_containers_html_500(version):
    def call(fake, http, sid):
        return http.get(f"{fake.url}/services/room/1", params={"sid": "not-a-session"}, timeout=10)

    r = _run(version, call)
    assert r.status_code == 500
    assert r.headers["Content-Type"].startswith("text/html")
    assert "HTTP Status 500 \u2013 Internal Server Error" in r.text


def test_exception_from_63_is_json():
    r = _run("6.3", lambda fake, http, sid: http.get(f"{fake.url}/services/room/1", params={"sid": "x"}, timeout=10))
    assert r.status_code == 500 and r.json() == {"serviceResult": {"message": "error.notallowed", "type": "ERROR"}}


@pytest.mark.parametrize("version", ["3.1", "3.2"])
def test_user_count_on_31_32_has_no_writer(version):
    r = _run(version, lambda fake, http, sid: http.get(f"{fake.url}/services/user/count/1", params={"sid": sid},
                                                       timeout=10))
    assert r.status_code == 500 and r.headers["Content-Type"].startswith("text/plain")
    assert r.text == "No message body writer has been found for class java.lang.Integer, ContentType: application/json"


def test_user_count_on_33_is_a_service_result():
    r = _run("3.3", lambda fake, http, sid: http.get(f"{fake.url}/services/user/count/1", params={"sid": sid},
                                                     timeout=10))
    assert r.status_code == 200 and r.json()["serviceResult"]["type"] == "SUCCESS"


@pytest.mark.parametrize("version", ["3.3", "9.1"])
def test_rest_client_reads_the_bean_user(version):
    with FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0.01)) as fake:
        client = RestClient(fake.url, version=fake.state.version.text, session=fake.session())
        client.login("admin", "12345")
        added = client.add_user(USER)
        assert added.root == "userDTO" and added["login"] == "writer1"
        assert added["rights"] in (["ROOM"], ["Room"])  # the family's spelling
        assert added["externalId"] == "1234"


def test_rest_client_names_the_html_500():
    with FakeOpenMeetings("4.0", serve=False, bad_password_delay=(0, 0.01)) as fake:
        client = RestClient(fake.url, version=fake.state.version.text, session=fake.session())
        client.sid = "00000000-0000-4000-8000-000000000000"
        with pytest.raises(ServerError) as info:
            client.get_room(1)
        assert info.value.status == 500


def test_91_user_json_keys_in_openjson_order():
    # key order: openjson's TreeMap of UserDTO's getters (UserDTO.java @ 9.1.0) and of
    # Address's and HistoricalEntity's (isDeleted -> "deleted", getEmail -> "email")
    body = _run("9.1", _add).text
    assert body.startswith('{"userDTO":{"address":{')
    user = json.loads(body)["userDTO"]
    assert [k for k in user if k not in ("password", "pictureUri")] == [
        "address", "externalId", "firstname", "id", "languageId", "lastname", "login", "rights",
        "timeZoneId", "type"]  # no externalType in an add's answer (real 7.2.0: tests/transcripts/7.2.0/41-rest_user_add.json)
    assert user["rights"] == ["ROOM"] and user["externalId"] == "1234"
    assert list(user["address"]) == sorted(user["address"]) and user["address"]["email"] == "ann@example.org"
