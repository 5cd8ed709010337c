"""The network misbehaving, over real loopback sockets: refused, reset mid-answer, a
server that stalls (the timeout fires), TLS with a self-signed certificate.

Each misbehaving server is a few lines of raw socket code on 127.0.0.1 in a daemon thread,
so the failure is exactly the one named (no mock stands in for the socket layer). Every
client timeout is 0.5 s and every call runs under a deadline: nothing here can hang.
The SOAP client reads its WSDLs from the bundled snapshot (offline) so that the socket
under test only sees the operation; one test stalls the WSDL fetch itself.
"""
from __future__ import annotations

import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
from typing import Callable, Iterator

import pytest
from test_reliability_xml import LOGIN_OK, bounded
from reference import skip_external

from om_soap import ExternalUser, RoomOptions
from om_soap.client import OpenMeetingsClient
from om_soap.errors import RequestTimeout, ServerUnreachable, TLSError
from om_soap.fake.server import FakeHTTPServer
from om_soap.fake.models import FakeState
from om_soap.http import Timeouts
from om_soap.rest import RestClient

FAST = Timeouts(connect=0.5, read=0.5, login=0.5)
JOHN = ExternalUser(login="john", firstname="John", external_id="j1", external_type="cms")


class RawServer:
    """Accepts connections on 127.0.0.1 and hands each to ``behave(conn, release)``."""

    def __init__(self, behave: Callable[[socket.socket, threading.Event], None]) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.behave = behave
        self.release = threading.Event()
        self.connections = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/openmeetings"

    def _run(self) -> None:
        while not self.release.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            self.connections += 1
            conn.settimeout(5)
            try:
                self.behave(conn, self.release)
            except OSError:
                pass
            finally:
                conn.close()

    def close(self) -> None:
        self.release.set()
        self.thread.join(5)
        self.listener.close()


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk


def _reset(conn: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer sees a TCP RST, not an orderly FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def reset_mid_headers(conn, release):
    _read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/x")
    time.sleep(0.05)
    _reset(conn)


def reset_mid_body(conn, release):
    _read_request(conn)
    body = LOGIN_OK.encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body))
    conn.sendall(body[: len(body) // 2])
    time.sleep(0.05)
    _reset(conn)


def closed_mid_body(conn, release):
    _read_request(conn)
    body = LOGIN_OK.encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body))
    conn.sendall(body[: len(body) // 2])


def stall_before_answer(conn, release):
    _read_request(conn)
    release.wait(10)


def stall_mid_body(conn, release):
    _read_request(conn)
    body = LOGIN_OK.encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body))
    conn.sendall(body[:50])
    release.wait(10)


def stall_without_reading(conn, release):
    release.wait(10)


CASES = {
    "reset mid-headers": (reset_mid_headers, ServerUnreachable),
    "reset mid-body": (reset_mid_body, ServerUnreachable),
    "closed mid-body": (closed_mid_body, ServerUnreachable),
    "stall before answering": (stall_before_answer, RequestTimeout),
    "stall mid-body": (stall_mid_body, RequestTimeout),
    "stall without reading the request": (stall_without_reading, RequestTimeout),
}


def _client(protocol: str, url: str, tmp_path, **kwargs):
    if protocol == "soap":
        return OpenMeetingsClient(url, version="4.0", offline=True, cache_dir=str(tmp_path), timeout=FAST,
                                  **kwargs)
    return RestClient(url, version="4.0", timeout=FAST, **kwargs)


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers = []

    def start(behave):
        servers.append(RawServer(behave))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize("protocol", ["soap", "rest"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_misbehaving_server_is_a_clear_error(case, protocol, raw_server, tmp_path):
    behave, error = CASES[case]
    server = raw_server(behave)
    om = _client(protocol, server.url, tmp_path)
    started = time.monotonic()
    with pytest.raises(error) as info:
        bounded(lambda: om.login("admin", "12345"), 10)
    elapsed = time.monotonic() - started
    if error is ServerUnreachable:
        assert not isinstance(info.value, RequestTimeout), f"{case} reported as a timeout: {info.value}"
    else:
        assert elapsed >= 0.4, "the timeout fired before it was due"
    assert f"127.0.0.1:{server.port}" in str(info.value)
    assert server.connections >= 1
    assert om.sid is None


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_connection_refused_is_server_unreachable_at_once(protocol, tmp_path):
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now: the kernel refuses
    om = _client(protocol, f"http://127.0.0.1:{port}/openmeetings", tmp_path)
    with pytest.raises(ServerUnreachable) as info:
        bounded(lambda: om.login("admin", "12345"), 10)
    assert not isinstance(info.value, RequestTimeout)
    assert "refused" in str(info.value).lower()


def test_a_stalled_wsdl_fetch_times_out(raw_server, tmp_path):
    server = raw_server(stall_before_answer)
    om = OpenMeetingsClient(server.url, version="4.0", cache_dir=str(tmp_path), timeout=FAST)
    with pytest.raises(RequestTimeout):
        bounded(lambda: om.login("admin", "12345"), 10)


def test_the_client_recovers_once_the_network_does(raw_server, tmp_path):
    """A failure leaves no broken state behind: the next call on the same client works."""
    state = FakeState("4.0", bad_password_delay=(0, 0))
    flaky = {"n": 0}

    def behave(conn, release):
        flaky["n"] += 1
        if flaky["n"] == 1:
            reset_mid_body(conn, release)
            return
        _read_request(conn)
        sid = state.login("admin", "12345").message
        body = LOGIN_OK.replace(LOGIN_OK.split("<message>")[1].split("</message>")[0], sid).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    server = raw_server(behave)
    om = _client("soap", server.url, tmp_path)
    with pytest.raises(ServerUnreachable):
        bounded(lambda: om.login("admin", "12345"), 10)
    assert bounded(lambda: om.login("admin", "12345"), 10).ok


# --------------------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory):
    """A self-signed certificate for IP 127.0.0.1 made with the openssl command."""
    if shutil.which("openssl") is None:
        skip_external("the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,digitalSignature,keyCertSign"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


@pytest.fixture
def https_fake(self_signed):
    """The fake's own HTTP server with its listening socket wrapped in TLS."""
    cert, key = self_signed
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    state = FakeState("6.3", bad_password_delay=(0, 0))
    httpd = FakeHTTPServer(("127.0.0.1", 0), state)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}/openmeetings", str(cert)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_a_self_signed_certificate_fails_clearly_by_default(protocol, https_fake, tmp_path):
    url, _ = https_fake
    om = (OpenMeetingsClient(url, version="6.3", cache_dir=str(tmp_path), timeout=5) if protocol == "soap"
          else RestClient(url, version="6.3", timeout=5))
    with pytest.raises(TLSError) as info:
        bounded(lambda: om.login("admin", "12345"), 15)
    assert "certificate" in str(info.value).lower() and "verify=" in str(info.value)


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_a_self_signed_certificate_works_with_its_ca_bundle(protocol, https_fake, tmp_path):
    url, bundle = https_fake
    om = (OpenMeetingsClient(url, version="6.3", cache_dir=str(tmp_path), timeout=5, verify=bundle)
          if protocol == "soap" else RestClient(url, version="6.3", timeout=5, verify=bundle))
    assert bounded(lambda: om.login("admin", "12345"), 15).ok
    result = bounded(lambda: om.get_room_hash(JOHN, RoomOptions(room_id=5)), 15)
    assert result.ok and om.room_url(result.message).startswith(url)


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_verify_wins_over_a_ca_bundle_from_the_environment(protocol, https_fake, tmp_path, monkeypatch):
    """requests lets REQUESTS_CA_BUNDLE override a session's verify; om-soap must not."""
    url, bundle = https_fake
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "no-such-bundle.pem"))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(tmp_path / "no-such-bundle.pem"))
    om = (OpenMeetingsClient(url, version="6.3", cache_dir=str(tmp_path), timeout=5, verify=bundle)
          if protocol == "soap" else RestClient(url, version="6.3", timeout=5, verify=bundle))
    assert bounded(lambda: om.login("admin", "12345"), 15).ok
