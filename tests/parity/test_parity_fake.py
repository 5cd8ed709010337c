"""Parity against the OpenMeetings fake: green for every tested family, and a fake skewed on
the REST side only (by rewriting its JSON in the in-process adapter; the fake is untouched)
is caught, with the scenario and the field named."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from pinned import has as pinned_has

from om_soap import cli, parity
from om_soap.client import OpenMeetingsClient
from om_soap.fake import FakeOpenMeetings
from om_soap.parity import run_parity
from om_soap.rest import RestClient
from om_soap.versions import TESTED_VERSIONS, parse

ADMIN = ("admin", "Parity-Admin-Pw-31")


def clients(fake: FakeOpenMeetings, version: str, cache_dir, rest_session=None):
    # Own WSDL cache per test: every in-process fake shares one reserved URL.
    soap = OpenMeetingsClient(fake.url, session=fake.session(), credentials=ADMIN, offline=True, version=version,
                              cache_dir=str(cache_dir))
    rest = RestClient(fake.url, session=rest_session or fake.session(), credentials=ADMIN)
    return soap, rest


def make_fake(version: str) -> FakeOpenMeetings:
    # No bad-password penalty: the 9.x 6-15 s sleep is the server's, not what parity tests.
    return FakeOpenMeetings(version, admin=ADMIN, serve=False, bad_password_delay=(0, 0))


def skewed_session(fake: FakeOpenMeetings, rewrite):
    """An in-process session whose REST JSON answers pass through ``rewrite(path, body)``."""
    session = fake.session()
    adapter = session.get_adapter(fake.url)
    send = adapter.send

    def skewed_send(request, **kwargs):
        response = send(request, **kwargs)
        path = request.path_url.split("?", 1)[0]
        rest = "/services/" in path and path.split("/services/", 1)[1][:1].islower()
        if rest and "json" in response.headers.get("Content-Type", "") and response.content:
            body = rewrite(path, json.loads(response.content))
            response._content = json.dumps(body).encode()
            response.headers["Content-Length"] = str(len(response._content))
        return response

    adapter.send = skewed_send
    return session


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_read_only_parity_is_green(version, tmp_path):
    with make_fake(version) as fake:
        report = run_parity(*clients(fake, version, tmp_path))
    assert report.ok, report.table()
    assert {r.scenario for r in report.rows} == {s.name for s in parity.SCENARIOS if not s.writes}
    assert all(r.status in ("equal", "known") for r in report.rows)
    hash_row = next(r for r in report.rows if r.scenario == "room_hash.good")
    assert hash_row.soap["serviceResult"]["message"] == "<hash>"  # a hash was minted on both


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_parity_with_writes_is_green(version, tmp_path):
    fake = make_fake(version)
    with fake:
        report = run_parity(*clients(fake, version, tmp_path), allow_writes=True)
        rooms_left = [r for r in fake.state.rooms.values() if "parity" in (getattr(r, "name", "") or "")]
    unexpected = {r.scenario for r in report.rows if r.status == "unexpected"}
    assert unexpected == set(), report.table()
    assert {r.scenario for r in report.rows} == {s.name for s in parity.SCENARIOS}
    statuses = {r.scenario: r.status for r in report.rows}
    assert statuses["user.get"] == statuses["user.delete"] == "equal"
    # the added user comes back over REST through UserMessageBodyWriter: Address.getEmail()
    # as `email`, where the 5.0+ SOAP element is `mail` (Address.java @ 9.1.0, cxf-5.0 snapshot)
    mail_element = version in ("5.0", "6.3", "7.2", "9.1")
    assert statuses["user.add"] == ("known" if mail_element else "equal"), report.table()
    assert statuses["room.add"] == statuses["room.get"] == statuses["room.delete"] == "equal"
    # getExternal differs only before 6.0, and only as the documented path typo: RestClient
    # refuses it there (UnsupportedOperation, RoomWebService.java @ 5.1.0) while SOAP creates the room
    ext = next(r for r in report.rows if r.scenario == "room.get_external")
    if pinned_has(parse(version), "rest_get_external"):
        assert ext.status == "equal", report.table()
    else:
        assert ext.status == "known", report.table()
        assert ext.rest == {"error": {"class": "UnsupportedOperation"}} and "roomDTO" in ext.soap
        assert ext.diffs and all(d.key == "get-external-path-typo" for d in ext.diffs)
    assert report.ok, report.table()
    assert not rooms_left, "parity must delete the rooms it created"


def _change_message(path, body):
    if "/error/" in path:
        body["serviceResult"]["message"] = "Something else entirely"
    return body


def _extra_field(path, body):
    if "roomDTO" in body:
        body["roomDTO"]["skew"] = "extra"
    return body


def _wrong_type(path, body):
    if "roomDTO" in body:
        body["roomDTO"]["isPublic"] = 0  # a number where SOAP has a boolean
    return body


@pytest.mark.parametrize("version", ["4.0", "9.1"])
@pytest.mark.parametrize("rewrite,scenario,path", [
    (_change_message, "error.lookup", "serviceResult.message"),
    (_extra_field, "room.get", "roomDTO.skew"),
    (_wrong_type, "room.add", "roomDTO.isPublic"),
])
def test_a_fake_skewed_on_rest_is_caught(version, rewrite, scenario, path, tmp_path):
    with make_fake(version) as fake:
        soap, rest = clients(fake, version, tmp_path, skewed_session(fake, rewrite))
        report = run_parity(soap, rest, allow_writes=True)
    assert not report.ok
    row = next(r for r in report.rows if r.scenario == scenario)
    assert row.status == "unexpected"
    assert path in [d.path for d in row.diffs if d.status == "unexpected"]
    assert f"{path}: SOAP" in report.table()


def test_cli_against_a_loopback_fake(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OM_PARITY_PW", ADMIN[1])
    out_json, out_junit = tmp_path / "parity.json", tmp_path / "parity.xml"
    with FakeOpenMeetings("7.2", admin=ADMIN, bad_password_delay=(0, 0)) as fake:
        code = cli.main(["parity", "--url", fake.url, "--user", ADMIN[0], "--password-env", "OM_PARITY_PW",
                         "--om-version", "7.2", "--offline", "--cache-dir", str(tmp_path / "cache"),
                         "--json", str(out_json), "--junit", str(out_junit)])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    assert "room_hash.good" in printed.out and "PASS" in printed.out
    data = json.loads(out_json.read_text())
    assert data["ok"] is True and data["version"] == "7.2.0"
    suite = ET.parse(out_junit).getroot()
    assert suite.get("failures") == "0" and int(suite.get("tests")) == len(data["rows"])
    for text in (printed.out, printed.err, out_json.read_text(), out_junit.read_text()):
        assert ADMIN[1] not in text


def test_cli_exit_1_on_unexpected_difference(tmp_path, monkeypatch, capsys):
    class SkewedRest(RestClient):
        def error_message(self, id_or_key, language=1):
            result = super().error_message(id_or_key, language)
            return type(result)(result.code, "changed by the test", result.type)

    monkeypatch.setattr("om_soap.rest.RestClient", SkewedRest)
    monkeypatch.setenv("OM_PARITY_PW", ADMIN[1])
    with FakeOpenMeetings("4.0", admin=ADMIN) as fake:
        code = cli.main(["parity", "--url", fake.url, "--user", ADMIN[0], "--password-env", "OM_PARITY_PW",
                         "--offline", "--cache-dir", str(tmp_path / "cache")])
    out = capsys.readouterr().out
    assert code == 1
    assert "error.lookup" in out and "serviceResult.message" in out and "FAIL" in out
