"""``om-soap login`` and ``om-soap room-url`` through om_soap.cli.main, plus redaction."""
from __future__ import annotations

import json
import logging

import pytest
import requests_mock
from cxf_envelopes import BASE, CxfServer, fault, result_envelope

from om_soap import OpenMeetingsClient
from om_soap.cli import main
from om_soap.errors import SoapFault

SID = "5e55105d-0000-4000-8000-00000000c0de"
HASH = "ba5eba11-1111-4111-8111-00000000a5e0"
PASSWORD = "Pa55w0rd-Zebra-42"


@pytest.fixture
def mocker():
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def server(mocker):
    srv = CxfServer(mocker, "4.0")
    srv.answers[("UserService", "login")] = lambda body: (
        (200, result_envelope("login", None, SID, "SUCCESS")) if PASSWORD.encode() in body
        else (200, result_envelope("login", None, "error.bad.credentials", "ERROR")))
    srv.on("UserService", "getRoomHash", result_envelope("getRoomHash", None, HASH, "SUCCESS"))
    return srv


def args(tmp_path, *extra):
    return ["--url", BASE, "--user", "admin", "--password-env", "OM_TEST_PW", "--cache-dir", str(tmp_path), *extra]


ROOM = ["--room-id", "5", "--external-id", "uid1", "--external-type", "myCMS", "--firstname", "John",
        "--lastname", "Doe"]


def test_login_prints_rest_json_and_exits_0(server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OM_TEST_PW", PASSWORD)
    assert main(["login", *args(tmp_path)]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["serviceResult"]["type"] == "SUCCESS" and out.startswith("{\n  ")
    assert SID not in out and PASSWORD not in out  # the SID is redacted even here


def test_login_error_result_exits_1(server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OM_TEST_PW", "wrong")
    assert main(["login", *args(tmp_path)]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "serviceResult": {"message": "error.bad.credentials", "type": "ERROR"}}


def test_missing_password_variable_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OM_TEST_PW", raising=False)
    with requests_mock.Mocker():
        assert main(["login", *args(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "OM_TEST_PW is not set" in err and "Traceback" not in err


def test_room_url_prints_the_entry_url(server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OM_TEST_PW", PASSWORD)
    assert main(["room-url", *args(tmp_path), *ROOM, "--moderator", "--language", "1"]) == 0
    assert capsys.readouterr().out.strip() == f"{BASE}/hash?secure={HASH}&language=1"
    sent = server.sent("getRoomHash")[0]
    assert b"<moderator>true</moderator>" in sent and b"<externalType>myCMS</externalType>" in sent


def test_room_url_json(server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OM_TEST_PW", PASSWORD)
    assert main(["room-url", *args(tmp_path), *ROOM, "--json", "--om-version", "3.1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["url"] == f"{BASE}/swf?secureHash={HASH}"
    assert data["login"]["serviceResult"]["type"] == "SUCCESS" and data["hash"]["serviceResult"]["type"] == "SUCCESS"
    assert SID not in json.dumps(data["login"]) and HASH not in json.dumps(data["hash"])


def test_room_url_hash_error_exits_1(server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OM_TEST_PW", PASSWORD)
    server.on("UserService", "getRoomHash", fault("error.notallowed", detail=False), status=500)
    assert main(["room-url", *args(tmp_path), *ROOM]) == 1
    assert "error.notallowed" in capsys.readouterr().out


def test_unreachable_server_is_one_line_exit_1(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OM_TEST_PW", PASSWORD)
    code = main(["login", "--url", "http://127.0.0.1:9/openmeetings", "--user", "a", "--password-env",
                 "OM_TEST_PW", "--cache-dir", str(tmp_path), "--timeout", "2"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and err.startswith("om-soap login:")


def test_python_dash_m_is_the_same_command():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "om_soap", "room-url", "--help"],
                          check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--password-env" in done.stdout and "--room-id" in done.stdout


# --------------------------------------------------------------------------- redaction


def test_secrets_never_reach_logs_errors_or_reprs(server, tmp_path, caplog, capsys, monkeypatch):
    caplog.set_level(logging.DEBUG)  # every logger, zeep and urllib3 included
    om = OpenMeetingsClient(BASE, cache_dir=str(tmp_path), credentials=("admin", PASSWORD))
    assert om.login("admin", PASSWORD).ok
    result = om.get_room_hash({"externalId": "u", "externalType": "t"}, {"roomId": 5})
    server.on("UserService", "getRoomHash", fault(f"bad sid {SID} hash {HASH} pw {PASSWORD}"), status=500)
    with pytest.raises(SoapFault) as info:
        om.get_room_hash({"externalId": "u", "externalType": "t"}, {"roomId": 5}, sid=SID)
    texts = [caplog.text, str(info.value), repr(info.value), repr(om), repr(result), capsys.readouterr().err]
    assert "SOAP request login" in caplog.text and "SOAP answer to getRoomHash" in caplog.text
    for text in texts:
        for secret in (SID, HASH, PASSWORD):
            assert secret not in text


def test_verbose_cli_logs_envelopes_redacted(server, tmp_path, capsys, caplog, monkeypatch):
    monkeypatch.setenv("OM_TEST_PW", PASSWORD)
    caplog.set_level(logging.DEBUG)
    assert main(["login", *args(tmp_path), "--verbose"]) == 0
    captured = capsys.readouterr()
    soap_records = [r.getMessage() for r in caplog.records if r.name == "om_soap.soap"]
    assert any("SOAP request login" in m for m in soap_records)
    for secret in (SID, PASSWORD):
        assert secret not in caplog.text and secret not in captured.err and secret not in captured.out
