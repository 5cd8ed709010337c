"""Hostile XML and hostile answers: each a clear om-soap error, no hang, memory bounded.

Answers come from requests-mock on a loopback URL (the WSDLs from the bundled 4.0
snapshot, offline, so only the answer under test is hostile); hostile WSDLs and schemas are
served the same way, online. The 50 MB answers are streamed, never built in memory, and
the client's peak allocation is measured with tracemalloc. Every call runs under
:func:`bounded`, so a parser that hangs fails the test after a few seconds.
"""
from __future__ import annotations

import io
import logging
import re
import socket
import threading
import tracemalloc
import uuid
from pathlib import Path

import pytest

from om_soap import ExternalUser, RoomOptions
from om_soap.client import OpenMeetingsClient
from om_soap.errors import OpenMeetingsError, UnexpectedResponse, UnsafeXML, WsdlError
from om_soap.http import MAX_ANSWER_BYTES
from om_soap.rest import RestClient

BASE = "http://127.0.0.1:9/openmeetings"
USER_ENDPOINT = f"{BASE}/services/UserService"
SNAPSHOT_WSDL = Path(__file__).resolve().parents[2] / "wsdl_cache" / "cxf-4.0" / "UserService.wsdl"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "http://webservice.openmeetings.apache.org/"
FIFTY_MB = 50 * 1000 * 1000

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def bounded(fn, seconds: float = 10.0):
    """Run ``fn`` in a thread; fail if it takes longer than ``seconds`` (a hang)."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test thread
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds:g} s: a hang"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def envelope(inner: str) -> str:
    return f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body>{inner}</soap:Body></soap:Envelope>'


LOGIN_OK = envelope(
    f'<ns2:loginResponse xmlns:ns2="{TNS}"><return><message>{uuid.uuid4()}</message>'
    "<type>SUCCESS</type></return></ns2:loginResponse>"
)


class Endless(io.RawIOBase):
    """``total`` bytes of a valid-looking SOAP answer, generated while read (never held)."""

    def __init__(self, total: int, head: bytes = b"") -> None:
        self.head = head or envelope('<ns2:loginResponse xmlns:ns2="' + TNS + '"><return><message>').encode()
        self.left = total

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            return 0
        if self.head:
            chunk, self.head = self.head[: len(buffer)], self.head[len(buffer):]
        else:
            chunk = b"A" * min(len(buffer), self.left)
        buffer[: len(chunk)] = chunk
        self.left -= len(chunk)
        return len(chunk)



def soap_client(session, tmp_path, **kwargs) -> OpenMeetingsClient:
    return OpenMeetingsClient(BASE, version="4.0", offline=True, cache_dir=str(tmp_path), session=session,
                              timeout=5, **kwargs)


# --------------------------------------------------------------------------- hostile SOAP answers

HOSTILE_ANSWERS = {
    "billion laughs": (200, "text/xml", LAUGHS + envelope("<x>&lol9;</x>"), UnsafeXML),
    "external entity": (200, "text/xml", None, UnsafeXML),  # filled in by the test (temp file)
    "internal DTD": (200, "text/xml",
                     '<?xml version="1.0"?><!DOCTYPE e [<!ELEMENT e ANY>]>' + envelope(""), UnsafeXML),
    "truncated XML": (200, "text/xml", LOGIN_OK[: len(LOGIN_OK) // 2], UnexpectedResponse),
    "wrong content type (JSON)": (200, "application/json",
                                  '{"serviceResult":{"message":"x","type":"SUCCESS"}}', UnexpectedResponse),
    "HTML error page": (200, "text/html", "<html><body><h1>Welcome to nginx</h1></body></html>",
                        UnexpectedResponse),
    "HTML 503": (503, "text/html; charset=utf-8",
                 "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head></html>",
                 UnexpectedResponse),
    "proxy 502, XML that is not SOAP": (502, "text/xml", "<error>bad gateway</error>", UnexpectedResponse),
    "empty": (200, "text/xml", "", UnexpectedResponse),
    "envelope with HTTP 404": (404, "text/xml", LOGIN_OK, UnexpectedResponse),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ANSWERS))
def test_hostile_soap_answers_are_clear_errors(case, mock, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    status, ctype, body, error = HOSTILE_ANSWERS[case]
    marker = f"TOP-SECRET-{uuid.uuid4().hex}"
    if body is None:
        secret_file = tmp_path / "secret.txt"
        secret_file.write_text(marker)
        body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>'
                + envelope(f'<ns2:loginResponse xmlns:ns2="{TNS}"><return><message>&xxe;</message>'
                           "<type>SUCCESS</type></return></ns2:loginResponse>"))
    mock.mock.register_uri("POST", USER_ENDPOINT, status_code=status, text=body, headers={"Content-Type": ctype})
    om = soap_client(mock, tmp_path)
    with pytest.raises(error) as info:
        bounded(lambda: om.login("admin", "12345"))
    text = str(info.value)
    assert "UserService" in text or "127.0.0.1" in text, text  # says where
    if status != 200:
        assert info.value.status == status
    assert om.sid is None
    assert marker not in text and marker not in caplog.text


def test_billion_laughs_costs_neither_time_nor_memory(mock, tmp_path):
    mock.mock.register_uri("POST", USER_ENDPOINT, text=LAUGHS + envelope("<x>&lol9;</x>"),
                           headers={"Content-Type": "text/xml"})
    om = soap_client(mock, tmp_path)
    om.service("UserService")  # WSDL parsing is not what is measured
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeXML):
            bounded(lambda: om.login("admin", "12345"), 5)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"{peak} bytes allocated: entities were expanded"


def _peak_during(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_a_50_mb_answer_is_refused_with_memory_bounded(protocol, mock, tmp_path):
    """Streamed with no Content-Length, so only the running count can stop it."""
    mock.mock.register_uri("POST", re.compile(r".*/services/.*"), body=Endless(FIFTY_MB),
                           headers={"Content-Type": "text/xml"})
    mock.mock.register_uri("GET", re.compile(r".*/services/user/login.*"), body=Endless(FIFTY_MB),
                           headers={"Content-Type": "application/json"})
    if protocol == "soap":
        om = soap_client(mock, tmp_path)
        om.service("UserService")
    else:
        om = RestClient(BASE, version="4.0", session=mock, timeout=5)
    errors: list = []

    def attempt():
        try:
            bounded(lambda: om.login("admin", "12345"), 20)
        except UnexpectedResponse as exc:
            errors.append(exc)

    peak = _peak_during(attempt)
    assert errors, "the 50 MB answer was accepted"
    assert "larger than" in str(errors[0])
    assert peak < MAX_ANSWER_BYTES + 8 * 1024 * 1024, f"peak {peak} bytes: the answer was not cut off"


def test_a_declared_50_mb_answer_is_refused_before_reading(mock, tmp_path):
    mock.mock.register_uri("POST", USER_ENDPOINT, body=Endless(FIFTY_MB),
                           headers={"Content-Type": "text/xml", "Content-Length": str(FIFTY_MB)})
    om = soap_client(mock, tmp_path)
    om.service("UserService")
    peak = _peak_during(lambda: pytest.raises(UnexpectedResponse, bounded, lambda: om.login("admin", "12345")))
    assert peak < 2 * 1024 * 1024


def test_a_50_mb_answer_over_a_real_socket(tmp_path):
    """The same over loopback TCP: the client stops reading at the cap and closes."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.settimeout(10)

    def serve():
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n")
                source = Endless(FIFTY_MB)
                block = bytearray(256 * 1024)
                while True:
                    n = source.readinto(block)
                    if not n:
                        break
                    conn.sendall(block[:n])
            except OSError:
                pass  # the client hung up at the cap: expected

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        om = OpenMeetingsClient(f"http://127.0.0.1:{port}/openmeetings", version="4.0", offline=True,
                                cache_dir=str(tmp_path), timeout=5)
        om.service("UserService")
        with pytest.raises(UnexpectedResponse, match="larger than"):
            bounded(lambda: om.login("admin", "12345"), 30)
    finally:
        server.close()
        thread.join(10)


# --------------------------------------------------------------------------- hostile REST answers

REST_ANSWERS = {
    "HTML 503": (503, "text/html", "<html><body>503 Service Unavailable</body></html>", OpenMeetingsError),
    "HTML 200": (200, "text/html", "<html><body>login page</body></html>", UnexpectedResponse),
    "truncated JSON": (200, "application/json", '{"serviceResult":{"message":"x","ty', UnexpectedResponse),
    "XML with entities": (200, "application/xml", LAUGHS + "<x>&lol9;</x>", UnexpectedResponse),
}


@pytest.mark.parametrize("case", sorted(REST_ANSWERS))
def test_hostile_rest_answers_are_clear_errors(case, mock):
    status, ctype, body, error = REST_ANSWERS[case]
    mock.mock.register_uri("GET", re.compile(r".*/services/user/login.*"), status_code=status, text=body,
                           headers={"Content-Type": ctype})
    om = RestClient(BASE, version="4.0", session=mock, timeout=5)
    with pytest.raises(error) as info:
        bounded(lambda: om.login("admin", "12345"))
    assert "/user/login" in str(info.value) or "127.0.0.1" in str(info.value)
    assert om.sid is None


# --------------------------------------------------------------------------- hostile WSDLs and schemas

def _wsdl_with(prefix: str) -> str:
    text = SNAPSHOT_WSDL.read_text("utf-8")
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    return prefix + body


def _xsd_importing_wsdl() -> str:
    return (
        '<?xml version="1.0"?><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x"><wsdl:types>'
        '<xsd:schema><xsd:import namespace="urn:y" schemaLocation="{loc}"/></xsd:schema>'
        "</wsdl:types></wsdl:definitions>"
    )


HOSTILE_WSDLS = {
    "billion laughs": (lambda tmp: _wsdl_with(LAUGHS.replace("lolz", "wsdl:definitions")), UnsafeXML),
    "billion laughs used": (lambda tmp: _wsdl_with(LAUGHS.replace("lolz", "wsdl:definitions")).replace(
        "<wsdl:types>", "<wsdl:documentation>&lol9;</wsdl:documentation><wsdl:types>", 1), UnsafeXML),
    "external entity": (lambda tmp: _wsdl_with(
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "{(tmp / "secret.txt").as_uri()}">]>'), UnsafeXML),
    "truncated": (lambda tmp: _wsdl_with("")[:3000], WsdlError),
    "HTML page": (lambda tmp: "<html><body>It works!</body></html>", WsdlError),
    "schema import with a DTD": ("xsd", UnsafeXML),
    "schema import from another host": ("elsewhere", WsdlError),
    "schema import from a file": ("file", WsdlError),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_WSDLS))
def test_hostile_wsdls_are_clear_errors(case, mock, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    marker = f"TOP-SECRET-{uuid.uuid4().hex}"
    (tmp_path / "secret.txt").write_text(marker)
    make, error = HOSTILE_WSDLS[case]
    if callable(make):
        wsdl_text = make(tmp_path)
    else:
        location = {"xsd": f"{BASE}/services/UserService?xsd=1", "elsewhere": "http://203.0.113.9/evil.xsd",
                    "file": (tmp_path / "secret.txt").as_uri()}[make]
        wsdl_text = _xsd_importing_wsdl().format(loc=location)
        mock.mock.register_uri(
            "GET", f"{BASE}/services/UserService?xsd=1",
            text=f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "{(tmp_path / "secret.txt").as_uri()}">]>'
                 '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">&x;</xsd:schema>',
            headers={"Content-Type": "text/xml"})
    mock.mock.register_uri("GET", f"{BASE}/services/UserService?wsdl", text=wsdl_text,
                           headers={"Content-Type": "text/xml"})
    om = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path / "cache"), session=mock, timeout=5)
    with pytest.raises(error) as info:
        bounded(lambda: om.login("admin", "12345"))
    assert marker not in str(info.value) and marker not in caplog.text
    called = [r.url for r in mock.mock.request_history]
    assert all(u.startswith(BASE) for u in called), called  # never left the base URL


def test_a_hostile_wsdl_is_not_written_to_the_cache(mock, tmp_path):
    mock.mock.register_uri("GET", f"{BASE}/services/UserService?wsdl",
                           text=_wsdl_with(LAUGHS.replace("lolz", "wsdl:definitions")))
    om = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path), session=mock, timeout=5)
    with pytest.raises(UnsafeXML):
        bounded(lambda: om.service("UserService"))
    assert not [p for p in tmp_path.rglob("*.wsdl")] and not [p for p in tmp_path.rglob("*") if "lol" in
                                                            (p.read_text("utf-8", "replace") if p.is_file() else "")]


def test_the_room_hash_call_meets_the_same_checks(mock, tmp_path):
    """Not only login: a hostile answer to getRoomHash is the same clear error."""
    mock.mock.register_uri("POST", USER_ENDPOINT, text=LAUGHS + envelope("<x>&lol9;</x>"),
                           headers={"Content-Type": "text/xml"})
    om = soap_client(mock, tmp_path)
    user = ExternalUser(login="j", firstname="J", external_id="1", external_type="t")
    with pytest.raises(UnsafeXML):
        bounded(lambda: om.get_room_hash(user, RoomOptions(room_id=5), sid=str(uuid.uuid4())))
