"""The parity runner's own logic: comparing, classing, reporting, on requests-mock doubles.

The end-to-end runs against the fake are in test_parity_fake.py; here two REST clients on
two mocked hosts stand in for "SOAP" and "REST", so that every difference is one we put there.
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import requests_mock as rm

from om_soap import parity
from om_soap.cli import parity as parity_cli
from om_soap.errors import InvalidArgument, SoapFault
from om_soap.parity import FieldDiff, classify, compare, normalise, outcome_of, run_parity
from om_soap.rest import RestClient
from om_soap.results import ServiceResult
from om_soap.versions import parse

PASSWORD = "Parity-Pw-4412"
LEFT, RIGHT = "http://127.0.0.1:5080/openmeetings", "http://127.0.0.1:5081/openmeetings"


class MiniServer:
    """Just enough OpenMeetings 7.2 REST for the scenarios (UserWebService.java @ 7.2.0)."""

    def __init__(self, skew=None):
        self.ids = itertools.count(100)
        self.rooms, self.users = {}, {}
        self.skew = skew or (lambda path, body: body)

    def __call__(self, request, context):
        context.headers["Content-Type"] = "application/json"
        path = urlsplit(request.url).path.split("/services", 1)[1]
        q = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
        f = {k: v[0] for k, v in parse_qs(request.text or "").items()}
        body = self.route(request.method, path, q, f, context)
        return None if body is None else self.skew(path, body)

    def route(self, method, path, q, f, context):
        ok = q.get("sid", "").startswith("sid-") or False
        if path == "/info/version":
            return {"info": {"version": "7.2.0", "revision": "r", "buildDate": "2023-01-01"}}
        if path == "/user/login":
            if q.get("pass") == PASSWORD:
                return {"serviceResult": {"message": "sid-5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
                                          "type": "SUCCESS"}}
            return {"serviceResult": {"message": "error.bad.credentials", "type": "ERROR"}}
        m = re.match(r"^/error/([^/]+)/(\d+)$", path)
        if m:
            return {"serviceResult": {"message": "[Missing]" if "no.such" in m.group(1) else "Wrong!",
                                      "type": "SUCCESS"}}
        if not ok:
            context.status_code = 500
            return {"serviceResult": {"message": "error.notallowed", "type": "ERROR"}}
        if path == "/user/hash":
            if not json.loads(f["user"]).get("externalId"):
                return {"serviceResult": {"message": "externalId and/or externalType are not set",
                                          "type": "ERROR"}}
            return {"serviceResult": {"message": "9e8d7c6b-1111-4222-8333-fedcba987654", "type": "SUCCESS"}}
        if path == "/room/" and method == "POST":
            room = {"id": next(self.ids), **json.loads(f["room"])}
            self.rooms[room["id"]] = room
            return {"roomDTO": room}
        m = re.match(r"^/room/(\d+)$", path)
        if m:
            if method == "DELETE":
                return {"serviceResult": {"message": "Deleted" if self.rooms.pop(int(m.group(1)), None)
                                          else "Not found", "type": "SUCCESS"}}
            return {"roomDTO": self.rooms[int(m.group(1))]}
        m = re.match(r"^/room/(\w+)/([^/]+)/([^/]+)$", path)
        if m:
            for room in self.rooms.values():
                if room.get("externalId") == m.group(3):
                    return {"roomDTO": room}
            room = {"id": next(self.ids), **json.loads(q["room"]), "externalId": m.group(3),
                    "externalType": m.group(2)}
            self.rooms[room["id"]] = room
            return {"roomDTO": room}
        if path == "/user/" and method == "POST":
            dto = json.loads(f["user"])
            user = {"firstname": dto["firstname"], "id": next(self.ids), "login": dto["login"],
                    "rights": "ROOM", "type": dto["type"]}
            self.users[user["id"]] = user
            return {"userDTO": user}
        if path == "/user/":
            users = list(self.users.values())
            return {"userDTO": users[0] if len(users) == 1 else users}
        m = re.match(r"^/user/(\d+)$", path)
        if m:
            self.users.pop(int(m.group(1)), None)
            return {"serviceResult": {"message": "Deleted", "type": "SUCCESS"}}
        context.status_code = 404
        return None


@pytest.fixture
def two_servers(requests_mock):
    def setup(skew=None):
        requests_mock.register_uri(rm.ANY, re.compile("^" + re.escape(LEFT)), json=MiniServer())
        requests_mock.register_uri(rm.ANY, re.compile("^" + re.escape(RIGHT)), json=MiniServer(skew))
        return (RestClient(LEFT, credentials=("admin", PASSWORD)),
                RestClient(RIGHT, credentials=("admin", PASSWORD)))
    return setup


# ---------------------------------------------------------------- comparing


def test_compare_names_the_field_path():
    diffs = compare({"serviceResult": {"message": "a", "type": "SUCCESS"}},
                    {"serviceResult": {"message": "b", "type": "SUCCESS", "extra": 1}})
    assert (diffs[0].path, diffs[0].soap, diffs[0].rest) == ("serviceResult.message", "a", "b")
    assert diffs[1].path == "serviceResult.extra" and d_missing(diffs[1].soap)


def d_missing(value):
    return parity._shown(value) == "<missing>"


def test_compare_is_strict_about_json_types():
    assert compare({"x": True}, {"x": 1})[0].path == "x"
    assert compare({"x": 1}, {"x": 1.0})[0].path == "x"
    assert compare({"x": [1, 2]}, {"x": [1, 2]}) == []
    assert compare({"u": [{"id": 1}]}, {"u": [{"id": 1}, {"id": 2}]})[0].path == "u[1]"


def test_normalise_hides_what_must_differ():
    out = normalise({"serviceResult": {"code": 7, "message": "5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
                                       "type": "SUCCESS"}}, message="<sid>", code_is_id=True)
    assert out == {"serviceResult": {"code": "<id>", "message": "<sid>", "type": "SUCCESS"}}
    error = normalise({"serviceResult": {"message": "error.bad.credentials", "type": "ERROR"}}, message="<sid>")
    assert error["serviceResult"]["message"] == "error.bad.credentials"  # errors are compared as they are
    dto = normalise({"roomDTO": {"id": 5, "name": "n", "created": "2024", "password": "x"}}, keys={"id": "<id>"})
    assert dto == {"roomDTO": {"id": "<id>", "name": "n", "created": "<timestamp>", "password": "<password>"}}


def test_outcome_of_errors_and_faults():
    def fault():
        raise SoapFault("error.notallowed", fault_code="soap:Server")

    assert outcome_of(fault) == {"fault": {"faultstring": "error.notallowed"}}

    def bad():
        raise InvalidArgument("nope")

    assert outcome_of(bad) == {"error": {"class": "InvalidArgument"}}
    assert outcome_of(lambda: None) == {}
    assert outcome_of(lambda: ServiceResult(None, "m", "SUCCESS")) == {"serviceResult": {"message": "m",
                                                                                         "type": "SUCCESS"}}


# ---------------------------------------------------------------- known differences


def _class(version, scenario, soap, rest):
    diffs = compare(soap, rest)
    return classify(parse(version), scenario, soap, rest, diffs), diffs


@pytest.mark.parametrize("version,expected", [("4.0", "known"), ("5.0", "known"), ("6.3", "unexpected")])
def test_fault_vs_bare_500_is_known_only_before_6_3(version, expected):
    status, diffs = _class(version, "room.add", {"fault": {"faultstring": "Soap register is denied"}},
                           {"error": {"class": "ServerError", "status": 500}})
    assert status == expected
    if expected == "known":
        assert all(d.key == "fault-vs-bare-500" for d in diffs)


@pytest.mark.parametrize("rest_message,expected", [("error.notallowed", "known"), ("other", "unexpected")])
def test_fault_vs_500_body_needs_the_same_message(rest_message, expected):
    status, _ = _class("7.2", "room.get", {"fault": {"faultstring": "error.notallowed"}},
                       {"serviceResult": {"message": rest_message, "type": "ERROR"}})
    assert status == expected


@pytest.mark.parametrize("version,expected", [("5.0", "known"), ("6.3", "unexpected")])
def test_get_external_typo_is_known_before_6_0(version, expected):
    status, diffs = _class(version, "room.get_external", {"roomDTO": {"externalId": "x"}}, {"roomDTO": {}})
    assert status == expected
    assert diffs[0].path == "roomDTO.externalId"


@pytest.mark.parametrize("version,rest,expected", [
    ("3.3", {"error": {"class": "UnsupportedOperation"}}, "known"),
    ("5.0", {"error": {"class": "UnsupportedOperation"}}, "known"),
    ("6.3", {"error": {"class": "UnsupportedOperation"}}, "unexpected"),
    ("5.0", {"error": {"class": "ServerError", "status": 500}}, "unexpected"),
])
def test_get_external_refused_over_rest_is_the_known_typo_before_6_0(version, rest, expected):
    status, diffs = _class(version, "room.get_external", {"roomDTO": {"id": "<id>", "name": "r"}}, rest)
    assert status == expected
    assert {d.path for d in diffs} == {"roomDTO", "error"}
    if expected == "known":
        assert all(d.key == "get-external-path-typo" for d in diffs)


def test_the_typo_row_is_only_for_get_external():
    status, _ = _class("5.0", "room.get", {"roomDTO": {"id": "<id>"}}, {"error": {"class": "UnsupportedOperation"}})
    assert status == "unexpected"


def test_no_known_difference_refers_to_a_document_outside_the_repository():
    for row in parity.KNOWN_DIFFERENCES:
        assert not re.search(r"§|facts", row.description), row.key
    for _, _, note in parity.NOTES:
        assert not re.search(r"§|facts", note)


# ---------------------------------------------------------------- whole runs


def test_identical_servers_are_all_green(two_servers):
    soap, rest = two_servers()
    report = run_parity(soap, rest, allow_writes=True, credentials=("admin", PASSWORD))
    assert report.ok, report.table()
    statuses = {r.scenario: r.status for r in report.rows}
    assert set(statuses.values()) == {"equal"}
    assert "user.get" in statuses and "room.get_external" in statuses
    login = next(r for r in report.rows if r.scenario == "login.good")
    assert login.soap == {"serviceResult": {"message": "<sid>", "type": "SUCCESS"}}


def test_read_only_by_default(two_servers, requests_mock):
    soap, rest = two_servers()
    report = run_parity(soap, rest, credentials=("admin", PASSWORD))
    assert report.ok
    assert not any(r.scenario.startswith(("room.", "user.")) for r in report.rows)
    assert {req.method for req in requests_mock.request_history} <= {"GET", "POST"}
    assert not any(req.path.endswith(("/room/", "/user/")) for req in requests_mock.request_history)


def test_writes_are_cleaned_up(two_servers, requests_mock):
    soap, rest = two_servers()
    run_parity(soap, rest, allow_writes=True, credentials=("admin", PASSWORD))
    deletes = [r.path for r in requests_mock.request_history if r.method == "DELETE"]
    # each side: room.delete, user.delete, and the getExternal room removed afterwards
    assert len([p for p in deletes if "/room/" in p]) == 4 and len([p for p in deletes if "/user/" in p]) == 2


def _skew_message(path, body):
    if path.startswith("/error/"):
        body["serviceResult"]["message"] = "Something else"
    return body


def _skew_extra_field(path, body):
    if "roomDTO" in body:
        body["roomDTO"]["skewed"] = True
    return body


def _skew_type(path, body):
    if "roomDTO" in body:
        body["roomDTO"]["isPublic"] = 0  # a number where a boolean belongs
    return body


@pytest.mark.parametrize("skew,scenario,path", [
    (_skew_message, "error.lookup", "serviceResult.message"),
    (_skew_extra_field, "room.add", "roomDTO.skewed"),
    (_skew_type, "room.get", "roomDTO.isPublic"),
])
def test_a_skewed_protocol_is_unexpected_and_named(two_servers, skew, scenario, path):
    soap, rest = two_servers(skew)
    report = run_parity(soap, rest, allow_writes=True, credentials=("admin", PASSWORD))
    assert not report.ok
    row = next(r for r in report.rows if r.scenario == scenario)
    assert row.status == "unexpected"
    assert path in [d.path for d in row.diffs if d.status == "unexpected"]
    assert path in report.table() and "UNEXPECTED" in report.table()
    junit = ET.fromstring(report.to_junit())
    failed = [tc.get("name") for tc in junit.iter("testcase") if tc.find("failure") is not None]
    assert scenario in failed and int(junit.get("failures")) == len(failed)
    assert json.loads(json.dumps(report.to_json()))["ok"] is False


def test_report_json_and_junit_shapes(two_servers):
    soap, rest = two_servers()
    report = run_parity(soap, rest, credentials=("admin", PASSWORD))
    data = report.to_json()
    assert data["ok"] is True and data["version"] == "7.2.0"
    assert [r["scenario"] for r in data["rows"]] == [r.scenario for r in report.rows]
    suite = ET.fromstring(report.to_junit())
    assert int(suite.get("tests")) == len(report.rows) and suite.get("failures") == "0"
    text = report.table() + json.dumps(data) + report.to_junit()
    assert PASSWORD not in text and "5f1c2d3e" not in text and "9e8d7c6b" not in text


def test_missing_credentials_is_a_clear_error(two_servers):
    soap, rest = two_servers()
    soap.credentials = rest.credentials = None
    with pytest.raises(InvalidArgument, match="credentials"):
        run_parity(soap, rest)


def test_field_diff_json_shows_missing():
    assert FieldDiff("a.b", parity._MISSING, 1).to_json()["soap"] == "<missing>"


# ---------------------------------------------------------------- the command


def test_cli_arguments_and_missing_password_env(monkeypatch):
    parser = argparse.ArgumentParser()
    parity_cli.add_arguments(parser)
    args = parser.parse_args(["--url", LEFT, "--user", "admin", "--password-env", "OM_PARITY_TEST_PW",
                              "--allow-writes", "--json", "out.json"])
    assert args.allow_writes and args.json == "out.json" and args.junit is None
    monkeypatch.delenv("OM_PARITY_TEST_PW", raising=False)
    assert args.password_env == "OM_PARITY_TEST_PW"
    with pytest.raises(InvalidArgument, match="OM_PARITY_TEST_PW"):
        parity_cli.run(args)


def test_unreachable_server_fails_the_run_instead_of_comparing_equal(requests_mock):
    import requests

    from om_soap.errors import ServerUnreachable

    requests_mock.register_uri(rm.ANY, rm.ANY, exc=requests.exceptions.ConnectionError("refused"))
    soap = RestClient(LEFT, version="7.2", credentials=("admin", PASSWORD))
    rest = RestClient(RIGHT, version="7.2", credentials=("admin", PASSWORD))
    with pytest.raises(ServerUnreachable):
        run_parity(soap, rest)


def test_login_failing_on_both_protocols_is_an_error_not_a_pass(two_servers):
    from om_soap.errors import NotLoggedIn

    soap, rest = two_servers()
    with pytest.raises(NotLoggedIn, match="both SOAP and REST") as info:
        run_parity(soap, rest, credentials=("admin", "wrong-password"))
    assert "error.bad.credentials" in str(info.value)
