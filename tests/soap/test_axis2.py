"""OpenMeetings 2.1-3.0.x (Axis2) through the facade, against the real captured WSDLs.

The WSDLs captured from real 2.1 and 3.0.7 servers (``../shared/reference``, read in place,
skipped when absent) and the authored ``wsdl_cache/axis2-3.0`` snapshot are served with
requests-mock at a base URL that differs from their ``soap:address``; the answers are shaped
the way Axis2 writes them: a ``soapenv`` envelope, the ``ns:<op>Response`` wrapper and
*qualified* children (``ns:return``, bean fields in the bean's own namespace).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest
import requests
import requests_mock
from lxml import etree
from reference import AXIS2_2_1, AXIS2_3_0_7, skip_external
from requests.structures import CaseInsensitiveDict

from om_soap.soap.dialects import axis2
from om_soap.client import OpenMeetingsClient
from om_soap.errors import InvalidArgument, SoapFault, UnsupportedOperation
from om_soap.fake import responses_axis2 as fake_axis2
from om_soap.fake.wire import Request
from om_soap.results import ExternalUser, RoomOptions, ServiceResult

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = ROOT / "wsdl_cache" / "axis2-3.0"
TNS = axis2.NAMESPACE
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
BASE = "http://127.0.0.1:5080/om"
ENDPOINT = f"{BASE}/services/UserService.UserServiceHttpSoap11Endpoint/"
SID = "3f1c2a9e5b7d4e60a1b2c3d4e5f60718"
HASH = "9a8b7c6d5e4f30211203948576afbecd"
PASSWORD = "s3cret-Pa55"

SOURCES = {
    "om2.1": AXIS2_2_1,
    "om3.0.7": AXIS2_3_0_7,
    "authored": AUTHORED,
}


def folder(name: str) -> Path:
    path = SOURCES[name]
    if not (path / "UserService.wsdl").is_file():
        skip_external(f"{path} (set OM_SOAP_REFERENCE to the shared reference folder)")
    return path


def bean_namespace(wsdl: bytes, bean: str) -> str:
    """The schema namespace a WSDL puts ``bean`` in (2.1 and 3.0.7 differ)."""
    root = etree.fromstring(wsdl)
    for schema in root.iter(f"{{{XS}}}schema"):
        for ct in schema.iterfind(f"{{{XS}}}complexType"):
            if ct.get("name") == bean:
                return schema.get("targetNamespace")
    raise AssertionError(f"no {bean} in the WSDL")


def envelope(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="{ENV}">'
        f"<soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
    ).encode()


def answer(op: str, inner: str) -> bytes:
    return envelope(f'<ns:{op}Response xmlns:ns="{TNS}">{inner}</ns:{op}Response>')


def scalar(op: str, value: str) -> bytes:
    return answer(op, f"<ns:return>{escape(value)}</ns:return>")


def bean(op: str, ns: str, bean_name: str, fields: dict[str, str]) -> bytes:
    children = "".join(f"<ax:{k}>{escape(v)}</ax:{k}>" for k, v in fields.items())
    return answer(
        op,
        f'<ns:return xmlns:ax="{ns}" xmlns:xsi="{XSI}" xsi:type="ax:{bean_name}">{children}</ns:return>',
    )


def fault(text: str) -> bytes:
    return envelope(
        f"<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>{escape(text)}</faultstring>"
        "<detail/></soapenv:Fault>"
    )


class Axis2Server:
    """requests-mock around one folder of Axis2 WSDLs: GETs of ``?wsdl`` and POSTs per operation."""

    def __init__(self, mock: requests_mock.Mocker, wsdls: Path) -> None:
        self.user_wsdl = (wsdls / "UserService.wsdl").read_bytes()
        self.session_ns = bean_namespace(self.user_wsdl, "Sessiondata")
        self.error_ns = bean_namespace(self.user_wsdl, "ErrorResult")
        self.answers: dict[str, Callable[[etree._Element], tuple[int, bytes]]] = {}
        self.calls: list[tuple[str, str, etree._Element, str | None]] = []
        for service in ("UserService", "RoomService"):
            mock.get(f"{BASE}/services/{service}?wsdl", content=(wsdls / f"{service}.wsdl").read_bytes())
        mock.post(requests_mock.ANY, content=self._respond)
        self.on("getSession", lambda req: (200, bean("getSession", self.session_ns, "Sessiondata",
                                                       {"id": "12", "session_id": SID})))

    def on(self, op: str, reply: Callable[[etree._Element], tuple[int, bytes]]) -> None:
        self.answers[op] = reply

    def _respond(self, request, context) -> bytes:
        root = etree.fromstring(request.body)
        (wrapper,) = root.find(f"{{{ENV}}}Body")
        op = etree.QName(wrapper).localname
        self.calls.append((request.url, op, wrapper, request.headers.get("SOAPAction")))
        status, body = self.answers[op](wrapper)
        context.status_code = status
        context.headers["Content-Type"] = "text/xml;charset=UTF-8"
        return body

    def ops(self) -> list[str]:
        return [op for _, op, _, _ in self.calls]

    def sent(self, op: str) -> dict[str, str | None]:
        """The children of the last ``op`` request (all must be qualified in the TNS)."""
        wrapper = [w for _, o, w, _ in self.calls if o == op][-1]
        assert all(etree.QName(c).namespace == TNS for c in wrapper), "unqualified child sent"
        return {etree.QName(c).localname: c.text for c in wrapper}


@pytest.fixture(params=sorted(SOURCES))
def server(request, tmp_path):
    wsdls = folder(request.param)
    with requests_mock.Mocker() as mock:
        yield Axis2Server(mock, wsdls)


@pytest.fixture
def client(server, tmp_path):
    return OpenMeetingsClient(BASE, version="3.0", cache_dir=str(tmp_path))


def logged_in(server: Axis2Server, client: OpenMeetingsClient) -> None:
    server.on("loginUser", lambda req: (200, scalar("loginUser", "1")))
    assert client.login("admin", PASSWORD).ok


# -- WSDLs and the port -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize("service", ["UserService", "RoomService"])
def test_wsdls_load_and_the_soap11_port_is_bound_to_the_base_url(name, service, tmp_path):
    wsdls = folder(name)
    with requests_mock.Mocker() as mock:
        mock.get(f"{BASE}/services/{service}?wsdl", content=(wsdls / f"{service}.wsdl").read_bytes())
        om = OpenMeetingsClient(BASE, version="3.0", cache_dir=str(tmp_path))
        proxy = om.service(service)
    assert proxy._binding.name.localname == f"{service}Soap11Binding"
    assert proxy._binding_options["address"] == f"{BASE}/services/{service}.{service}HttpSoap11Endpoint/"
    assert "131.246.123.153" not in proxy._binding_options["address"]
    needed = {"UserService": {"getSession", "loginUser", "getErrorByCode", axis2.PLAIN, axis2.BY_URL,
                              axis2.BY_URL_AND_REC_FLAG},
              "RoomService": {"getRoomById", "addRoomWithModeration", "deleteRoom", "closeRoom"}}[service]
    assert needed <= set(om.operations(service))


def test_version_is_detected_from_the_axis2_wsdl_without_infoservice(tmp_path):
    wsdls = folder("om3.0.7")
    with requests_mock.Mocker() as mock:
        mock.get(f"{BASE}/services/UserService?wsdl", content=(wsdls / "UserService.wsdl").read_bytes())
        om = OpenMeetingsClient(BASE, cache_dir=str(tmp_path))
        version = om.server_version
        urls = [r.url for r in mock.request_history]
    assert version.is_axis2 and om.version_found_by == "WSDL fingerprint"
    assert urls == [f"{BASE}/services/UserService?wsdl"]  # no InfoService on Axis2
    assert om.version() == version.text
    with pytest.raises(UnsupportedOperation):
        axis2.Axis2Dialect(om).version()


# -- login ---------------------------------------------------------------------


def test_login_is_get_session_then_login_user_and_answers_in_the_31_shape(server, client):
    server.on("loginUser", lambda req: (200, scalar("loginUser", "7")))
    result = client.login("admin", PASSWORD)
    assert result == ServiceResult(code=7, message=SID, type="SUCCESS")
    assert result.to_rest() == {"serviceResult": {"code": 7, "message": SID, "type": "SUCCESS"}}
    assert client.sid == SID
    assert server.ops() == ["getSession", "loginUser"]
    assert {url for url, _, _, _ in server.calls} == {ENDPOINT}
    assert [action.strip('"') for _, _, _, action in server.calls] == ["urn:getSession", "urn:loginUser"]
    assert server.sent("loginUser") == {"SID": SID, "username": "admin", "userpass": PASSWORD}


@pytest.mark.parametrize("code", [-11, -10, -41, -1])
def test_failed_login_is_the_negative_code_without_message(server, client, code):
    server.on("loginUser", lambda req: (200, scalar("loginUser", str(code))))
    result = client.login("admin", "wrong")
    assert result == ServiceResult(code=code, message=None, type="ERROR")
    assert result.to_rest() == {"serviceResult": {"code": code, "type": "ERROR"}}
    assert client.sid is None


def test_the_password_and_sid_stay_out_of_the_debug_log(server, client, caplog):
    caplog.set_level(logging.DEBUG)
    logged_in(server, client)
    assert PASSWORD not in caplog.text and SID not in caplog.text
    assert SID not in repr(client)


# -- room hashes -----------------------------------------------------------------

USER = ExternalUser(login="superjohn", firstname="John", lastname="Doe", email="j@example.org",
                    external_id="uid1", external_type="myCMS")


@pytest.mark.parametrize(
    "same_url, recording, operation, allow_recording",
    [
        (False, True, axis2.PLAIN, None),
        (True, True, axis2.BY_URL, None),
        (True, False, axis2.BY_URL_AND_REC_FLAG, "0"),
        (False, False, axis2.PLAIN, None),
    ],
)
def test_get_room_hash_picks_the_operation_from_the_options(server, client, same_url, recording, operation,
                                                           allow_recording):
    logged_in(server, client)
    for op in (axis2.PLAIN, axis2.BY_URL, axis2.BY_URL_AND_REC_FLAG):
        server.on(op, lambda req, op=op: (200, scalar(op, HASH)))
    options = RoomOptions(room_id=5, moderator=True, show_audio_video_test=False,
                          allow_same_url_multiple_times=same_url, allow_recording=recording)
    result = client.get_room_hash(USER, options)
    assert result == ServiceResult(code=0, message=HASH, type="SUCCESS")
    assert server.ops()[-1] == operation
    sent = server.sent(operation)
    assert sent["SID"] == SID and sent["room_id"] == "5"
    assert sent["becomeModeratorAsInt"] == "1" and sent["showAudioVideoTestAsInt"] == "0"
    assert sent["username"] == "superjohn" and sent["externalUserId"] == "uid1"
    assert sent["externalUserType"] == "myCMS"
    assert sent.get("allowRecording") == allow_recording
    assert server.calls[-1][0] == ENDPOINT


def test_get_room_hash_accepts_the_rest_json_dicts(server, client):
    logged_in(server, client)
    server.on(axis2.BY_URL, lambda req: (200, scalar(axis2.BY_URL, HASH)))
    result = client.get_room_hash({"login": "a", "externalId": "1", "externalType": "x"},
                                  {"roomId": 9, "allowSameURLMultipleTimes": True, "allowRecording": True})
    assert result.message == HASH and server.sent(axis2.BY_URL)["room_id"] == "9"


def test_no_soap_right_is_the_31_not_allowed_result(server, client):
    logged_in(server, client)
    server.on(axis2.PLAIN, lambda req: (200, scalar(axis2.PLAIN, "-26")))
    result = client.get_room_hash(USER, RoomOptions(room_id=5, allow_recording=True))
    assert result == ServiceResult(code=-26, message="Insufficient permissions", type="ERROR")
    assert server.ops().count(axis2.PLAIN) == 1  # no credentials: no silent re-login


def test_not_allowed_logs_in_again_once_with_credentials(server, tmp_path):
    om = OpenMeetingsClient(BASE, version="3.0", cache_dir=str(tmp_path), credentials=("admin", PASSWORD))
    server.on("loginUser", lambda req: (200, scalar("loginUser", "1")))
    server.on(axis2.PLAIN, lambda req: (200, scalar(axis2.PLAIN, "-26")))
    result = om.get_room_hash(USER, RoomOptions(room_id=5, allow_recording=True))
    assert result.code == -26
    assert server.ops() == ["getSession", "loginUser", axis2.PLAIN, "getSession", "loginUser", axis2.PLAIN]


@pytest.mark.parametrize("answer_text, expected", [
    ("-1", ServiceResult(code=-1, message="Unknown error", type="ERROR")),
    ("-35", ServiceResult(code=-35, message=None, type="ERROR")),
    ("", ServiceResult(code=-1, message="Unknown error", type="ERROR")),
])
def test_other_string_answers_become_error_results(server, client, answer_text, expected):
    logged_in(server, client)
    server.on(axis2.PLAIN, lambda req: (200, scalar(axis2.PLAIN, answer_text)))
    assert client.get_room_hash(USER, RoomOptions(room_id=5)) == expected


def test_a_fault_is_raised_as_soap_fault(server, client):
    logged_in(server, client)
    server.on(axis2.PLAIN, lambda req: (500, fault("java.lang.NullPointerException")))
    with pytest.raises(SoapFault) as info:
        client.get_room_hash(USER, RoomOptions(room_id=5))
    assert info.value.fault_string == "java.lang.NullPointerException"
    assert SID not in str(info.value)


def test_room_id_is_required_on_axis2(server, client):
    logged_in(server, client)
    with pytest.raises(InvalidArgument):
        client.get_room_hash(USER, RoomOptions(external_room_id="r1", external_type="x"))


def test_room_url_is_the_swf_page(server, client):
    assert client.room_url(HASH) == f"{BASE}/swf?secureHash={HASH}"
    assert client.room_url(HASH, language=2) == f"{BASE}/swf?secureHash={HASH}&language=2"


# -- error texts -------------------------------------------------------------------


def test_error_message_uses_get_error_by_code(server, client):
    logged_in(server, client)
    server.on("getErrorByCode", lambda req: (200, bean(
        "getErrorByCode", server.error_ns, "ErrorResult",
        {"errmessage": "Invalid password", "errorId": "-11", "errortype": "Error"})))
    result = client.error_message(-11, 1)
    assert result == ServiceResult(code=-11, message="Invalid password", type="Error")
    assert server.sent("getErrorByCode") == {"SID": SID, "errorid": "-11", "language_id": "1"}


def test_unknown_error_id_is_none_and_keys_are_refused(server, client):
    server.on("getErrorByCode", lambda req: (200, answer(
        "getErrorByCode", f'<ns:return xmlns:xsi="{XSI}" xsi:nil="true"/>')))
    assert client.error_message(-999, 1) is None
    assert server.sent("getErrorByCode")["SID"] is None  # before login: an empty SID
    with pytest.raises(InvalidArgument):
        client.error_message("error.bad.credentials", 1)


# -- the translations alone ------------------------------------------------------------


def test_translations_without_a_server():
    assert axis2.login_result(SID, 3) == ServiceResult(code=3, message=SID, type="SUCCESS")
    assert axis2.login_result(SID, -11) == ServiceResult(code=-11, message=None, type="ERROR")
    assert axis2.hash_result("-26") == axis2.NOT_ALLOWED
    assert axis2.hash_result(HASH) == ServiceResult(code=0, message=HASH, type="SUCCESS")
    assert axis2.error_result(None) is None
    assert axis2.error_result({"errorId": -10, "errmessage": "Username not found", "errortype": "Error"}) == \
        ServiceResult(code=-10, message="Username not found", type="Error")


# -- the fake's Axis2 family -------------------------------------------------------------

FAKE = "http://om-fake.invalid/openmeetings"


class _Axis2Adapter(requests.adapters.BaseAdapter):
    """Hands requests to :func:`om_soap.fake.responses_axis2.route` in process and records their paths:
    the module on its own, without the router (FakeOpenMeetings("3.0") goes through the router
    to the same function; see test_client_on_fake)."""

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.seen: list[str] = []

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else body
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.seen.append(f"{request.method} {parts.path}")
        answer_ = fake_axis2.route(self.state, Request(request.method, parts.path, parts.query, headers, body, FAKE))
        response = requests.Response()
        response.status_code = answer_.status
        response.headers = CaseInsensitiveDict(dict(answer_.headers))
        response._content = answer_.body
        response.raw = BytesIO(answer_.body)
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


@pytest.fixture
def fake(tmp_path):
    state = fake_axis2.make_state("3.0")
    adapter = _Axis2Adapter(state)
    session = requests.Session()
    session.mount("http://om-fake.invalid/", adapter)
    om = OpenMeetingsClient(FAKE, session=session, cache_dir=str(tmp_path))
    return state, adapter, session, om


def test_fake_serves_the_snapshot_with_addresses_on_the_callers_url(fake):
    _, _, session, _ = fake
    body = session.get(f"{FAKE}/services/UserService?wsdl").content
    root = etree.fromstring(body)
    locations = [a.get("location") for a in root.iter() if etree.QName(a).localname == "address"]
    assert locations == [f"{FAKE}/services/UserService.UserService{p}/"
                         for p in ("HttpSoap11Endpoint", "HttpSoap12Endpoint", "HttpEndpoint")]
    assert session.get(f"{FAKE}/services/InfoService?wsdl").status_code == 404
    assert session.get(f"{FAKE}/services/user/login").status_code == 404  # no REST before 3.1


def test_fake_login_hash_and_entry_through_the_facade(fake):
    state, adapter, session, om = fake
    assert om.server_version.is_axis2 and om.version_found_by == "WSDL fingerprint"
    result = om.login("admin", "12345")
    assert result.ok and result.code == state.admin.id and result.message == om.sid
    assert state.sessions[om.sid].user_id == state.admin.id
    assert "POST /openmeetings/services/UserService.UserServiceHttpSoap11Endpoint/" in adapter.seen
    options = RoomOptions(room_id=1, moderator=True, allow_recording=True)
    hashed = om.get_room_hash(USER, options)
    assert hashed.ok and hashed.code == 0
    url = om.room_url(hashed.message, language=1)
    assert url.startswith(f"{FAKE}/swf?secureHash=")
    entered = session.get(url, headers={"Accept": "application/json"})
    assert entered.status_code == 200, entered.text
    data = entered.json()["entered"]
    assert data["roomId"] == 1 and data["moderator"] is True and data["externalId"] == "uid1"
    assert data["allowSameURLMultipleTimes"] is False and data["allowRecording"] is True
    assert session.get(url, headers={"Accept": "application/json"}).status_code == 404  # single use


def test_fake_by_url_and_rec_flag_is_reusable_without_recording(fake):
    state, _, session, om = fake
    om.login("admin", "12345")
    hashed = om.get_room_hash(USER, RoomOptions(room_id=2, allow_same_url_multiple_times=True))
    url = om.room_url(hashed.message)
    for _ in range(2):
        data = session.get(url, headers={"Accept": "application/json"}).json()["entered"]
        assert data["allowRecording"] is False and data["allowSameURLMultipleTimes"] is True
    assert state.sessions[om.sid].permanent


def test_fake_login_failures_and_missing_right(fake):
    state, _, _, om = fake
    assert om.login("admin", "nope") == ServiceResult(code=-11, message=None, type="ERROR")
    assert om.login("nobody", "12345") == ServiceResult(code=-10, message=None, type="ERROR")
    state.add_user("plain", "pw", rights=("LOGIN", "ROOM"))
    assert om.login("plain", "pw").ok
    assert om.get_room_hash(USER, RoomOptions(room_id=1)) == axis2.NOT_ALLOWED


def test_fake_error_texts_and_faults(fake):
    _, _, session, om = fake
    om.login("admin", "12345")
    assert om.error_message(-11) == ServiceResult(code=-11, message="Invalid password", type="Error")
    assert om.error_message(-999) is None
    with pytest.raises(SoapFault) as info:
        om.call("UserService", "deleteUserById", userId=5)
    assert info.value.fault_string == "not implemented by the fake: UserService.deleteUserById"
    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><soapenv:Envelope xmlns:soapenv="'
            + ENV.encode() + b'"><soapenv:Body/></soapenv:Envelope>')
    answer_ = session.post(f"{FAKE}/services/UserService", data=evil, headers={"Content-Type": "text/xml"})
    assert answer_.status_code == 500 and b"DOCTYPE" in answer_.content and b"boom" not in answer_.content


def test_the_axis2_versions_map_to_the_bundled_axis2_snapshot():
    from om_soap import versions
    from om_soap.soap import wsdl_source as wsdl

    for text in ("2.1", "2.2", "3.0", "3.0.7"):
        assert versions.parse(text).snapshot == "axis2-3.0"
    root = wsdl.parse_safely(wsdl.snapshot_file("axis2-3.0", "UserService").read_bytes(), "bundled")
    assert versions.from_wsdl(root).is_axis2


def test_offline_axis2_client_uses_the_axis2_snapshot(tmp_path):
    om = OpenMeetingsClient(BASE, version="3.0", offline=True, cache_dir=str(tmp_path))
    assert "loginUser" in om.operations("UserService")
