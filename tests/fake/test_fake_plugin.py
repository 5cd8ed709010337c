"""The pytest plugin's fixtures, the standalone server command, and the other services."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from om_soap.fake.handlers import IMPLEMENTED, implemented, not_implemented
from om_soap.fake.testing import call, login, result_of


def test_default_fixture_is_a_running_40(om_fake):
    assert om_fake.state.version.text == "4.0.11"
    assert om_fake.url.startswith("http://127.0.0.1:")
    r = requests.get(f"{om_fake.url}/services/info/version", timeout=10)
    assert r.json()["info"]["version"] == "4.0.11"


@pytest.mark.parametrize("om_fake", ["3.1", "9.1"], indirect=True)
def test_fixture_parametrised_by_family(om_fake):
    assert om_fake.state.version.text in ("3.1.5", "9.1.0")
    with requests.Session() as http:
        assert login(http, om_fake.url)


def test_in_process_fixture_has_no_socket(om_fake_in_process):
    assert not om_fake_in_process.running
    assert om_fake_in_process.url == "http://om-fake.invalid/openmeetings"
    http = om_fake_in_process.session()
    assert login(http, om_fake_in_process.url)
    with pytest.raises(requests.ConnectionError):
        requests.get(om_fake_in_process.url + "/services/info/version", timeout=2)


def test_implemented_list_is_data():
    assert "UserService.getRoomHash" in IMPLEMENTED and "CalendarService.next" in IMPLEMENTED
    assert "FileService.rename" not in IMPLEMENTED and IMPLEMENTED == sorted(IMPLEMENTED)
    from om_soap.fake.wsdl_model import load

    snap = load("cxf-7.0")
    done, missing = implemented(snap), not_implemented(snap)
    assert set(done["UserService"]) == {"login", "get", "add", "delete", "deleteExternal", "getRoomHash"}
    assert missing["CalendarService"] == [] and missing["UserService"] == []
    # sorted: cxf-7.0 is a real capture, whose operation order is CXF's, not the source's
    assert sorted(missing["FileService"]) == ["getRoomByParent", "move", "rename"] and missing["WbService"] == ["uploadWb"]
    # every operation of every bundled CXF snapshot is on exactly one side
    for name in ("cxf-3.1", "cxf-4.0", "cxf-5.0"):
        snap = load(name)
        for service, model in snap.services.items():
            assert sorted(implemented(snap)[service] + not_implemented(snap)[service]) == sorted(model.operations)
    assert "getAllExternal" not in implemented(load("cxf-3.3"))["FileService"]  # 4.0.6+ (FileWebService.java)


def test_group_and_recordings_over_the_same_state(om_fake):
    with requests.Session() as http:
        sid = login(http, om_fake.url)
        _, root = call(http, om_fake.url, "GroupService", "add", sid=sid, name="teachers")
        gid = result_of(root, "add")["message"]
        _, root = call(http, om_fake.url, "GroupService", "addUser", sid=sid, id=gid, userid=1)
        assert result_of(root, "addUser")["type"] == "SUCCESS"
        assert 1 in om_fake.state.groups[int(gid)]["users"]
        r = requests.get(f"{om_fake.url}/services/group/users/{gid}", params={"sid": sid}, timeout=10)
        found = r.json()["userSearchResult"]
        assert found["records"] == 1 and found["result"]["login"] == "admin"
        om_fake.state.recordings.append({"id": 7, "name": "lesson", "roomId": 5, "externalType": "myCMS"})
        r = requests.get(f"{om_fake.url}/services/record/myCMS", params={"sid": sid}, timeout=10)
        assert r.json() == {"recordingDTO": [{"id": 7, "name": "lesson", "roomId": 5}]}  # a list answer: an array
        _, root = call(http, om_fake.url, "RecordService", "delete", sid=sid, id=7)
        assert result_of(root, "delete") == {"message": "Deleted", "type": "SUCCESS"}
        assert om_fake.state.recordings == []
        _, root = call(http, om_fake.url, "CalendarService", "delete", sid=sid, id=5)
        assert result_of(root, "delete") == {"message": "Not found", "type": "SUCCESS"}
        assert requests.get(f"{om_fake.url}/services/WbService?wsdl", timeout=10).status_code == 404  # 5.0+


def test_entry_page_html_and_unknown_hash(om_fake):
    r = requests.get(f"{om_fake.url}/hash", params={"secure": "nope"}, timeout=10)
    # HashPage renders its error dialog, HTTP 200 (HashPage.java @ 9.1.0)
    assert r.status_code == 200 and "unknown hash" in r.text and r.headers["Content-Type"].startswith("text/html")
    r = requests.get(f"{om_fake.url}/hash", timeout=10)
    assert r.status_code == 200 and "no secure= parameter" in r.text


def test_om_soap_fake_command_serves_until_stopped(tmp_path):
    env = dict(os.environ, OM_ADMIN_PW="s3cret-pw")
    proc = subprocess.Popen(
        [sys.executable, "-m", "om_soap", "fake", "--port", "0", "--om-version", "6.3",
         "--admin-user", "boss", "--admin-password-env", "OM_ADMIN_PW"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        first = proc.stdout.readline()
        second = proc.stdout.readline()
        assert "6.3.0 fake at http://127.0.0.1:" in first
        assert "boss" in second and "s3cret-pw" not in second
        url = first.split(" at ")[1].strip()
        with requests.Session() as http:
            assert login(http, url, "boss", "s3cret-pw")
        assert proc.poll() is None  # still serving after a login: it runs until stopped
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGTERM  # ended by our signal, not by a crash of its own


def test_om_soap_fake_command_rejects_empty_password_env():
    env = {k: v for k, v in os.environ.items() if k != "OM_EMPTY_PW"}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "om_soap", "fake", "--port", "0",
                           "--admin-password-env", "OM_EMPTY_PW"], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert proc.returncode == 1 and "OM_EMPTY_PW" in proc.stderr and "Traceback" not in proc.stderr
    assert time.monotonic() - start < 60
