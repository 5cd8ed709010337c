"""``om-soap version``, ``om-soap ops`` and ``om-soap call`` against a loopback fake."""
from __future__ import annotations

import json

import pytest
import requests

from om_soap import cli
from om_soap.fake import FakeOpenMeetings

PASSWORD = "Cli-Admin-Pw-77"


@pytest.fixture
def fake40():
    with FakeOpenMeetings("4.0", admin=("admin", PASSWORD)) as fake:
        yield fake


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("OM_CLI_PW", PASSWORD)


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------- version


def test_version_found_by_infoservice_then_cache_then_argument(fake40, tmp_path, capsys):
    cache = str(tmp_path / "cache")
    code, out, _ = run(capsys, "version", "--url", fake40.url, "--cache-dir", cache)
    assert code == 0
    assert "OpenMeetings 4.0.11 (family 4.0, cxf), found by InfoService" in out
    code, out, _ = run(capsys, "version", "--url", fake40.url, "--cache-dir", cache, "--json", "--offline")
    assert code == 0 and json.loads(out) == {"version": "4.0.11", "family": "4.0", "stack": "cxf",
                                             "found_by": "cache"}
    code, out, _ = run(capsys, "version", "--url", fake40.url, "--cache-dir", cache, "--om-version", "5.0",
                       "--json")
    assert json.loads(out)["found_by"] == "argument" and json.loads(out)["version"] == "5.0.1"


def test_version_of_an_unreachable_server_is_one_line(tmp_path, capsys):
    code, out, err = run(capsys, "version", "--url", "http://127.0.0.1:9/openmeetings", "--timeout", "2",
                         "--cache-dir", str(tmp_path))
    assert code == 1 and out == ""
    assert err.startswith("om-soap version: ") and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------- ops


def test_ops_lists_operations_with_parameter_types(fake40, tmp_path, capsys):
    code, out, _ = run(capsys, "ops", "--url", fake40.url, "--cache-dir", str(tmp_path), "RoomService")
    assert code == 0
    assert "  kickAll(sid: string, id: long) -> serviceResult" in out
    assert "  kick(sid: string, id: long, externalType: string, externalId: string) -> serviceResult" in out
    assert "  getPublic(sid: string, type: string) -> roomDTO[]" in out
    assert "UserService" not in out


def test_ops_all_services_names_the_ones_this_version_lacks(fake40, tmp_path, capsys):
    code, out, _ = run(capsys, "ops", "--url", fake40.url, "--cache-dir", str(tmp_path), "--json")
    assert code == 0
    listed = json.loads(out)
    assert "WbService" not in listed  # 5.0.0-M3+ (WbWebService.java absent @ 4.0.11)
    assert listed["UserService"]["getRoomHash"] == {
        "params": [["sid", "string"], ["user", "externalUserDTO"], ["options", "roomOptionsDTO"]],
        "returns": "serviceResult"}
    assert listed["InfoService"]["getVersion"]["params"] == []


def test_ops_follows_the_server_3_3(tmp_path, capsys):
    with FakeOpenMeetings("3.3") as fake:
        code, out, _ = run(capsys, "ops", "--url", fake.url, "--cache-dir", str(tmp_path), "RoomService")
    assert code == 0
    assert "  kick(sid: string, id: long) -> serviceResult" in out and "kickAll" not in out


def test_ops_offline_from_the_bundled_snapshot(tmp_path, capsys):
    code, out, _ = run(capsys, "ops", "--url", "http://127.0.0.1:9/openmeetings", "--offline", "--om-version",
                       "9.1", "--cache-dir", str(tmp_path), "WbService")
    assert code == 0 and "  cleanWb(sid: string, roomid: long, wbid: long) -> serviceResult" in out


def test_ops_unknown_service_is_one_line(fake40, tmp_path, capsys):
    code, out, err = run(capsys, "ops", "--url", fake40.url, "--cache-dir", str(tmp_path), "NoSuchService")
    assert code == 1 and out == ""
    assert "unknown service 'NoSuchService'" in err and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------- call


def common(fake, tmp_path):
    return ["--url", fake.url, "--cache-dir", str(tmp_path), "--user", "admin", "--password-env", "OM_CLI_PW"]


def test_call_prints_what_rest_returns(fake40, tmp_path, env, capsys):
    code, out, _ = run(capsys, "call", "RoomService", "getRoomById", "id=1", *common(fake40, tmp_path))
    assert code == 0
    printed = json.loads(out)
    # Room 1 is the installer's first room (ImportInitvalues.loadDefaultRooms @ 4.0.11; real 9.1.0:
    # tests/transcripts/9.1.0/10-rest_room_public_interview.json).
    assert printed["roomDTO"]["name"] == "Public Interview Room"
    sid = fake40.state.login("admin", PASSWORD).message
    rest = requests.get(f"{fake40.url}/services/room/1", params={"sid": sid}, timeout=10).json()
    assert printed == rest


def test_call_with_a_json_dto_and_enum_in_any_spelling(fake40, tmp_path, env, capsys):
    room = json.dumps({"name": "from the cli", "type": "CONFERENCE", "capacity": 7})
    code, out, _ = run(capsys, "call", "RoomService", "add", f"room={room}", *common(fake40, tmp_path))
    assert code == 0
    created = json.loads(out)["roomDTO"]
    assert created["type"] == "conference" and created["capacity"] == 7
    assert fake40.state.rooms[created["id"]].name == "from the cli"


def test_call_lists_come_back_as_lists_and_text_values(fake40, tmp_path, env, capsys):
    code, out, _ = run(capsys, "call", "RoomService", "getPublic", "type=conference", *common(fake40, tmp_path))
    assert code == 0
    names = [r["name"] for r in json.loads(out)["roomDTO"]]
    assert "Public Conference Room" in names and "Interview Room" not in names


def test_call_login_redacts_the_sid(fake40, tmp_path, capsys):
    code, out, _ = run(capsys, "call", "UserService", "login", "user=admin", f"pass={PASSWORD}",
                       "--url", fake40.url, "--cache-dir", str(tmp_path))
    assert code == 0
    message = json.loads(out)["serviceResult"]["message"]
    assert all(s.sid not in out for s in fake40.state.sessions.values())
    assert message and len(message) < 36
    assert PASSWORD not in out


def test_call_error_result_exits_1(fake40, tmp_path, capsys):
    code, out, _ = run(capsys, "call", "UserService", "login", "user=admin", "pass=wrong",
                       "--url", fake40.url, "--cache-dir", str(tmp_path))
    assert code == 1
    assert json.loads(out) == {"serviceResult": {"message": "error.bad.credentials", "type": "ERROR"}}


@pytest.mark.parametrize("argv, says", [
    (["RoomService", "noSuchOp"], "has no operation 'noSuchOp'"),
    (["RoomService", "getRoomById", "idd=1"], "has no parameter 'idd'; it takes sid, id"),
    (["RoomService", "getRoomById", "id"], "is not key=value"),
    (["NoService", "get"], "unknown service 'NoService'"),
    (["RoomService", "add", 'room={"name": "x", "colour": "red"}'], "has no field 'colour'"),
])
def test_call_bad_input_is_one_line(fake40, tmp_path, env, capsys, argv, says):
    code, out, err = run(capsys, "call", *argv, *common(fake40, tmp_path))
    assert code == 1 and out == ""
    assert says in err and len(err.strip().splitlines()) == 1


def test_call_names_the_first_version_with_the_operation(tmp_path, env, capsys):
    with FakeOpenMeetings("3.3", admin=("admin", PASSWORD)) as fake:
        code, _, err = run(capsys, "call", "RoomService", "kickAll", "id=1", *common(fake, tmp_path))
    assert code == 1 and "needs OpenMeetings 4.0.7 or later" in err


def test_call_needs_a_login_for_sid_operations(fake40, tmp_path, capsys):
    code, _, err = run(capsys, "call", "RoomService", "getRoomById", "id=1", "--url", fake40.url,
                       "--cache-dir", str(tmp_path))
    assert code == 1 and "needs a SID" in err
