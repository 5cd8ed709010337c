"""Credentials never follow a redirect to another host.

Two loopback HTTP servers on two ports (two origins): ``a`` answers the login with a
redirect, ``b`` records whatever reaches it and answers a successful login. A request that
carries a password or a SID (every POST, every GET with ``pass=``/``sid=``) must not reach
``b``; a redirect within the same origin, or a GET without secrets, is still followed.
"""
from __future__ import annotations

import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_reliability_xml import bounded

from om_soap.client import OpenMeetingsClient
from om_soap.errors import UnexpectedResponse
from om_soap.rest import RestClient

PASSWORD = "s3cret-Pa55word"
SID = str(uuid.uuid4())
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "http://webservice.openmeetings.apache.org/"
LOGIN_JSON = ('{"serviceResult":{"message":"%s","type":"SUCCESS"}}' % SID).encode()
LOGIN_SOAP = (f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body><ns2:loginResponse xmlns:ns2="{TNS}"><return>'
              f"<message>{SID}</message><type>SUCCESS</type></return></ns2:loginResponse></soap:Body>"
              "</soap:Envelope>").encode()


class Site:
    """A loopback server: ``redirects`` maps a path prefix to a Location; anything else is
    answered with a successful login (JSON or SOAP) and recorded."""

    def __init__(self) -> None:
        self.redirects: dict = {}
        self.seen: list = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                for prefix, (status, location) in site.redirects.items():
                    if self.path.startswith(prefix):
                        self.send_response(status)
                        self.send_header("Location", location)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                site.seen.append((self.command, self.path, body))
                soap = "UserService" in self.path
                payload = LOGIN_SOAP if soap else LOGIN_JSON
                if "/info/version" in self.path:
                    payload = b'{"info":{"version":"9.1.0"}}'
                self.send_response(200)
                self.send_header("Content-Type", "text/xml" if soap else "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/openmeetings"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sites():
    a, b = Site(), Site()
    yield a, b
    a.close()
    b.close()


@pytest.mark.parametrize("version, status", [("9.1.0", 307), ("9.1.0", 308), ("4.0.11", 302), ("7.2.0", 301)])
def test_a_rest_login_is_not_sent_to_another_host(version, status, sites):
    a, b = sites
    a.redirects["/openmeetings/services/user/login"] = (status, f"{b.url}/services/user/login")
    om = RestClient(a.url, version=version, timeout=5)
    with pytest.raises(UnexpectedResponse) as info:
        bounded(lambda: om.login("admin", PASSWORD))
    assert b.seen == []  # the password never reached the other host
    assert om.sid is None
    text = str(info.value)
    assert f"127.0.0.1:{a.port}" in text and f"127.0.0.1:{b.port}" in text
    assert PASSWORD not in text


def test_a_soap_login_is_not_sent_to_another_host(sites, tmp_path):
    a, b = sites
    a.redirects["/openmeetings/services/UserService"] = (307, f"{b.url}/services/UserService")
    om = OpenMeetingsClient(a.url, version="4.0", offline=True, cache_dir=str(tmp_path), timeout=5)
    with pytest.raises(UnexpectedResponse) as info:
        bounded(lambda: om.login("admin", PASSWORD))
    assert b.seen == [] and om.sid is None
    assert f"127.0.0.1:{b.port}" in str(info.value) and PASSWORD not in str(info.value)


def test_a_sid_is_not_sent_to_another_host(sites):
    a, b = sites
    a.redirects["/openmeetings/services/room"] = (302, f"{b.url}/services/room/5")
    om = RestClient(a.url, version="7.2.0", timeout=5)
    with pytest.raises(UnexpectedResponse):
        bounded(lambda: om.call("GET", "/room/5", sid=SID, root="roomDTO"))
    assert b.seen == []


@pytest.mark.parametrize("status", [302, 307])
def test_a_redirect_within_the_same_host_is_followed(status, sites):
    a, _ = sites
    a.redirects["/openmeetings/services/user/login"] = (status, "/moved/openmeetings/services/user/login")
    om = RestClient(a.url, version="9.1.0", timeout=5)
    result = bounded(lambda: om.login("admin", PASSWORD))
    assert result.ok and om.sid == SID
    assert a.seen and a.seen[0][1].startswith("/moved/")


def test_a_soap_redirect_within_the_same_host_is_followed(sites, tmp_path):
    a, _ = sites
    a.redirects["/openmeetings/services/UserService"] = (307, f"{a.url}/x/services/UserService")
    om = OpenMeetingsClient(a.url, version="4.0", offline=True, cache_dir=str(tmp_path), timeout=5)
    assert bounded(lambda: om.login("admin", PASSWORD)).ok


def test_a_get_without_secrets_may_follow_a_redirect_to_another_host(sites):
    a, b = sites
    a.redirects["/openmeetings/services/info"] = (302, f"{b.url}/services/info/version")
    om = RestClient(a.url, timeout=5)
    assert bounded(om.version) == "9.1.0"
    assert b.seen and b.seen[0][0] == "GET"
