"""Bad input gets a clear fault or 4xx, and the fake keeps serving (and serves in parallel)."""
from __future__ import annotations

import logging
import socket
import struct
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import (
    SAMPLE_OPTIONS,
    SAMPLE_USER,
    call,
    envelope,
    fault_of,
    login,
    parse,
    post,
    result_of,
)


@pytest.fixture(scope="module")
def fake():
    with FakeOpenMeetings("4.0") as f:
        yield f


def _alive(fake, http):
    assert login(http, fake.url)


def _raw(fake, data: bytes) -> bytes:
    host, port = fake.url.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize("body, needle", [
    (b"<soap:Envelope", "Error reading XMLStreamReader"),
    (b"not xml at all", "Error reading XMLStreamReader"),
    (b"", "empty request"),
    (b"<a>plain xml</a>", "not a SOAP 1.1 envelope"),
    ((b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
      b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&e;</soap:Body>'
      b'</soap:Envelope>'), "DOCTYPE"),
    (b'<!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>', "DOCTYPE"),
])
def test_malformed_soap_gets_a_client_fault(fake, http, body, needle):
    r = post(http, fake.url, "UserService", body)
    assert r.status_code == 500
    code, text, _ = fault_of(parse(r))
    assert code == "soap:Client" and needle in text
    assert "root:" not in r.text  # the external entity was never read
    _alive(fake, http)


def test_unknown_operation_and_service(fake, http):
    r = post(http, fake.url, "UserService", envelope("noSuchOp", sid="x"))
    code, text, _ = fault_of(parse(r))
    # CXF's text (real 9.1.0: tests/transcripts/9.1.0/50-soap_unknown_operation.json)
    assert code == "soap:Client" and text == ("Message part {http://webservice.openmeetings.apache.org/}noSuchOp "
                                              "was not recognized.  (Does it exist in service WSDL?)")
    assert http.get(f"{fake.url}/services/NoSuchService?wsdl", timeout=10).status_code == 404
    assert http.get(f"{fake.url}/services/nosuch/thing", timeout=10).status_code == 404
    assert http.get(f"{fake.url}/elsewhere", timeout=10).status_code == 404


def test_bad_typed_parameter_is_a_client_fault(fake, http):
    sid = login(http, fake.url)
    status, root = call(http, fake.url, "RoomService", "getRoomById", sid=sid, id="five")
    code, text, _ = fault_of(root)
    assert status == 500 and code == "soap:Client" and "'five' is not a valid xs:long" in text


def test_wrong_content_type(fake, http):
    r = post(http, fake.url, "UserService", envelope("login", user="admin"), **{"Content-Type": "text/plain"})
    assert fault_of(parse(r))[0] == "soap:Client" and "content type" in fault_of(parse(r))[1]
    sid = login(http, fake.url)
    r = http.post(f"{fake.url}/services/user/hash", params={"sid": sid}, data=b'{"user": {}}',
                  headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code == 415


def test_oversized_body_is_413_without_reading_it(fake, http):
    r = post(http, fake.url, "UserService", b"<x>" + b"a" * (1024 * 1024 + 10) + b"</x>")
    assert r.status_code == 413
    _alive(fake, http)


def test_post_without_content_length_is_411(fake, http):
    answer = _raw(fake, b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: text/xml\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411") and b"Content-Length is required" in answer
    # a chunked body is read (Tomcat accepts it): an empty one is then an empty SOAP request
    chunked = _raw(fake, b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: text/xml\r\n"
                         b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
    assert chunked.startswith(b"HTTP/1.1 500") and b"empty request" in chunked
    _alive(fake, http)


def test_garbage_request_line_does_not_kill_the_server(fake, http):
    answer = _raw(fake, b"\x00\x01garbage\r\n\r\n")
    assert b"400" in answer  # http.server answers a broken request line in HTTP/0.9 style
    _alive(fake, http)


def test_a_silent_client_does_not_block_others(fake, http):
    host, port = fake.url.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        _alive(fake, http)  # answered while the other connection still owes 100 bytes


def test_sixteen_threads_in_parallel():
    with FakeOpenMeetings("6.3") as fake:
        def flow(i: int):
            with requests.Session() as s:
                sid = login(s, fake.url)
                user = dict(SAMPLE_USER, externalId=f"u{i}", login=f"user{i}")
                out = []
                for _ in range(5):
                    _, root = call(s, fake.url, "UserService", "getRoomHash", sid=sid, user=user,
                                   options=SAMPLE_OPTIONS)
                    out.append(result_of(root, "getRoomHash")["type"])
                return out
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(flow, range(32)))
        assert all(r == ["SUCCESS"] * 5 for r in results)
        assert len(fake.state.hashes) == 32 * 5


# -- clients that go away, and the fake's own bugs: logged, never a printed traceback --------

def _drop(fake, data: bytes) -> None:
    """Send ``data`` and reset the connection at once, without reading the answer."""
    host, port = fake.url.split("//")[1].split("/")[0].split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    try:
        sock.sendall(data)
        # linger 0: close() sends RST, so the fake's next write or read fails
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    finally:
        sock.close()


def _wait_for(records, predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [r for r in records if predicate(r)]
        if found:
            return found
        time.sleep(0.02)
    return []


def test_a_client_that_drops_the_connection_is_logged_at_debug_not_printed(caplog, capfd):
    caplog.set_level(logging.DEBUG, logger="om_soap.fake")
    with FakeOpenMeetings("4.0") as fake, requests.Session() as http:
        for _ in range(3):
            _drop(fake, b"GET /openmeetings/services/RoomService?wsdl HTTP/1.1\r\nHost: x\r\n\r\n")
            _drop(fake, b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: text/xml\r\nContent-Length: 10\r\n\r\n<x></x>   ")
        dropped = _wait_for(caplog.records, lambda r: "went away" in r.getMessage())
        _alive(fake, http)
    assert dropped and all(r.levelno == logging.DEBUG and r.name == "om_soap.fake" for r in dropped)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ConnectionResetError" not in err and "BrokenPipeError" not in err


SECRET_SID = "0b5c2f2e-7d1a-4c3e-9f00-6a1b2c3d4e5f"


def _boom(*args, **kwargs):
    raise RuntimeError(f"fake bug while holding sid={SECRET_SID}")


@pytest.mark.parametrize("where", ["operation", "dispatch"])
def test_a_bug_in_the_fake_is_one_clean_500_and_one_warning(where, monkeypatch, caplog, capfd):
    from om_soap.fake import app, handlers

    caplog.set_level(logging.DEBUG, logger="om_soap.fake")
    with FakeOpenMeetings("9.1") as fake, requests.Session() as http:
        if where == "operation":  # inside app.dispatch's guard
            monkeypatch.setitem(handlers.OPERATIONS, ("InfoService", "getVersion"), _boom)
        else:  # outside it, in the server's request handling
            monkeypatch.setattr(app, "dispatch", _boom)
        r = http.get(f"{fake.url}/services/info/version", params={"sid": SECRET_SID}, timeout=10)
        monkeypatch.undo()
        assert r.status_code == 500
        assert r.text == "internal error in the OpenMeetings fake (see its log)"
        _alive(fake, http)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and warnings[0].name == "om_soap.fake"
    text = warnings[0].getMessage()
    assert "RuntimeError: fake bug" in text and "_boom" in text and "/services/info/version" in text
    assert SECRET_SID not in text and warnings[0].exc_info is None
    assert "Traceback" not in capfd.readouterr().err


def test_the_servers_last_resort_logs_instead_of_printing(caplog, capfd):
    from om_soap.fake.server import FakeHTTPServer

    caplog.set_level(logging.DEBUG, logger="om_soap.fake")
    with FakeOpenMeetings("4.0") as fake:
        httpd = fake._server.httpd
        assert isinstance(httpd, FakeHTTPServer)
        for exc in (BrokenPipeError(32, "Broken pipe"), ValueError(f"odd state, sid {SECRET_SID}")):
            try:
                raise exc
            except (BrokenPipeError, ValueError):
                httpd.handle_error(None, ("127.0.0.9", 40000))
    # only this test's records: connections left by earlier tests may still log (at DEBUG)
    levels = [(r.levelno, r.getMessage()) for r in caplog.records
              if r.name == "om_soap.fake" and "127.0.0.9" in r.getMessage()]
    assert [lvl for lvl, _ in levels] == [logging.DEBUG, logging.WARNING]
    assert "BrokenPipeError" in levels[0][1] and "ValueError: odd state" in levels[1][1]
    assert SECRET_SID not in levels[1][1]
    assert capfd.readouterr().err == ""
