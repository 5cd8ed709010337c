"""Request bodies sent with ``Transfer-Encoding: chunked`` are read, over SOAP and REST.

Every OpenMeetings release runs in Tomcat, whose HTTP/1.1 connector decodes chunked request
bodies; Axis2 clients always chunk and CXF clients chunk bodies over 4 KiB (read in the Axis2
and CXF HTTP conduits; real: tests/transcripts/9.1.0/49-soap_login_chunked.json). The fake used to answer 411.
"""
from __future__ import annotations

import socket

import pytest

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import envelope, parse, result_of
from om_soap.fake.wire import MAX_BODY


@pytest.fixture(scope="module", params=["3.1", "4.0", "9.1"])
def fake(request):
    with FakeOpenMeetings(request.param, bad_password_delay=(0, 0.01)) as f:
        yield f


def _chunks(body: bytes, size: int = 50) -> bytes:
    out = b""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        ext = b";note=1" if i == 0 else b""  # a chunk extension is legal and ignored
        out += f"{len(piece):x}".encode() + ext + b"\r\n" + piece + b"\r\n"
    return out + b"0\r\nX-Trailer: yes\r\n\r\n"


def _conn(fake):
    host, port = fake.url.split("//")[1].split("/")[0].split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _read_response(sock) -> bytes:
    """One HTTP response (headers + Content-Length body) from a keep-alive socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        more = sock.recv(65536)
        assert more, data
        data += more
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    while len(rest) < length:
        more = sock.recv(65536)
        assert more
        rest += more
    return head + b"\r\n\r\n" + rest[:length]


def _soap_request(body: bytes) -> bytes:
    return (b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: text/xml; charset=UTF-8\r\nSOAPAction: \"\"\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + _chunks(body))


def test_soap_login_with_a_chunked_body_twice_on_one_connection(fake):
    body = envelope("login", user="admin", **{"pass": "12345"})
    with _conn(fake) as sock:
        for _ in range(2):  # the connection stays usable: the whole chunked body was consumed
            sock.sendall(_soap_request(body))
            answer = _read_response(sock)
            assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
            result = result_of(etree_of(answer), "login")
            assert result is not None and result["type"] == "SUCCESS"


def etree_of(answer: bytes):
    class _R:
        content = answer.partition(b"\r\n\r\n")[2]
    return parse(_R())


def _rest_login(fake, http, data):
    url = f"{fake.url}/services/user/login"
    if fake.state.version.has("rest_login_post"):
        return http.post(url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"},
                         timeout=10)
    return None


def test_rest_chunked_form_post(fake, http):
    def body():  # a generator: requests sends it with Transfer-Encoding: chunked
        yield b"user=admin"
        yield b"&pass=12345"

    r = _rest_login(fake, http, body())
    if r is None:  # up to 8.x login is a GET: post a chunked room instead
        sid = http.get(f"{fake.url}/services/user/login", params={"user": "admin", "pass": "12345"},
                       timeout=10).json()["serviceResult"]["message"]
        parts = [b"room=", b"%7B%22name%22%3A%22chunky%22%2C%22type%22%3A%22conference%22%7D"]
        r = http.post(f"{fake.url}/services/room", params={"sid": sid}, data=iter(parts),
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
        assert r.request.headers.get("Transfer-Encoding") == "chunked"
        assert r.status_code == 200 and r.json()["roomDTO"]["name"] == "chunky", r.text
        return
    assert r.request.headers.get("Transfer-Encoding") == "chunked"
    assert r.status_code == 200 and r.json()["serviceResult"]["type"] == "SUCCESS"


def test_in_process_adapter_reads_a_chunked_body():
    with FakeOpenMeetings("9.1", serve=False, bad_password_delay=(0, 0.01)) as fake, fake.session() as http:
        r = http.post(f"{fake.url}/services/user/login", data=iter([b"user=admin", b"&pass=12345"]),
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
        assert r.status_code == 200 and r.json()["serviceResult"]["type"] == "SUCCESS"
        soap = http.post(f"{fake.url}/services/UserService", data=iter([envelope("login", user="admin",
                                                                                  **{"pass": "12345"})]),
                         headers={"Content-Type": "text/xml"}, timeout=10)
        assert soap.status_code == 200 and result_of(parse(soap), "login")["type"] == "SUCCESS"


@pytest.mark.parametrize("raw, status", [
    (b"zz\r\nabc\r\n0\r\n\r\n", b"400"),  # not a hexadecimal size
    (b"10\r\nabc\r\n0\r\n\r\n", b"400"),  # shorter than announced (the connection then closes)
])
def test_broken_chunked_bodies_are_400(fake, raw, status):
    with _conn(fake) as sock:
        sock.sendall(b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + raw)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while True:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:100]


def test_chunked_body_over_the_cap_is_413(fake):
    piece = b"a" * 65536
    with _conn(fake) as sock:
        sock.sendall(b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(MAX_BODY // len(piece) + 2):
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        except OSError:
            pass  # the fake answered and closed before reading it all
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413")


def test_other_transfer_codings_are_501(fake):
    with _conn(fake) as sock:
        sock.sendall(b"POST /openmeetings/services/UserService HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                     b"Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 501")
