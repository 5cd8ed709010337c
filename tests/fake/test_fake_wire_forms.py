"""``@FormParam`` methods take multipart/form-data as well as urlencoded bodies.

CXF fills ``@FormParam`` values from either body (``JAXRSUtils.processFormParam``), and
OpenMeetings declares no ``@Consumes`` on them (``UserWebService.login`` and
``RoomWebService.add`` @ 9.1.0). The OpenMeetings Moodle plugin passes PHP arrays to curl's
``CURLOPT_POSTFIELDS`` for its login (POST from its OM 9.0 release) and its room add, and curl
sends an array as multipart/form-data (openmeetings-moodle-plugin ``api/OmGateway.php``,
``api/OmRestService.php``, commit cd87b83 "Login method is corrected to work with OM 9.0.0").
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from om_soap.fake import FakeOpenMeetings

#: What the plugin's ``get_room`` (lib.php) builds, with the values a course would give.
MOODLE_ROOM = {"id": None, "name": "Course 1 Meeting", "comment": "Created by SOAP-Gateway", "capacity": 16,
               "isPublic": False, "appointment": False, "moderated": True, "audioOnly": False,
               "allowUserQuestions": True, "allowRecording": True, "chatHidden": False, "externalId": "7",
               "files": [], "externalType": "moodle"}


def _multipart(fields):
    """A body as curl writes an array POSTFIELDS: one form-data part per field, no part type."""
    boundary = "------------------------4f1c0a9e3b2d7e55"
    out = b""
    for name, value in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").encode()
        out += value.encode("utf-8") + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


@pytest.fixture(params=["3.1", "3.3", "4.0", "5.0", "6.3", "9.1"])
def fake(request):
    with FakeOpenMeetings(request.param, serve=False, bad_password_delay=(0, 0.01)) as f:
        yield f


def _room(fake):
    room = dict(MOODLE_ROOM, type="CONFERENCE" if fake.state.family.enum_case == "upper" else "conference")
    if fake.state.version.tuple < (4,):
        room.pop("capacity")  # 3.x RoomDTO has numberOfPartizipants, not capacity
        room["numberOfPartizipants"] = 16
    return room


def _login_multipart(fake, http):
    body, ctype = _multipart({"user": "admin", "pass": "12345"})
    url = f"{fake.url}/services/user/login"
    if fake.state.version.has("rest_login_post"):
        return http.post(url, data=body, headers={"Content-Type": ctype}, timeout=10)
    return http.get(url, params={"user": "admin", "pass": "12345"}, timeout=10)


def test_login_and_room_add_as_the_moodle_plugin_sends_them(fake):
    with fake.session() as http:
        r = _login_multipart(fake, http)
        assert r.status_code == 200, r.text
        sid = r.json()["serviceResult"]["message"]
        body, ctype = _multipart({"room": json.dumps(_room(fake))})
        # the plugin's URL: <rest url>/room/ then "?&sid=..." (OmRestService::setParams)
        added = http.post(f"{fake.url}/services/room/?&sid={sid}", data=body, headers={"Content-Type": ctype},
                          timeout=10)
        assert added.status_code == 200, added.text
        room = added.json()["roomDTO"]
        assert room["id"] > 0 and room["name"] == "Course 1 Meeting" and room["externalId"] == 7
        assert fake.state.rooms[room["id"]].name == "Course 1 Meeting"


def test_9x_login_takes_multipart_and_urlencoded_alike():
    with FakeOpenMeetings("9.1", serve=False, bad_password_delay=(0, 0.01)) as fake, fake.session() as http:
        url = f"{fake.url}/services/user/login"
        body, ctype = _multipart({"user": "admin", "pass": "12345"})
        multi = http.post(url, data=body, headers={"Content-Type": ctype}, timeout=10).json()["serviceResult"]
        plain = http.post(url, data={"user": "admin", "pass": "12345"}, timeout=10).json()["serviceResult"]
        assert multi["type"] == plain["type"] == "SUCCESS"
        # a body that is neither form encoding is still refused with 415 (JAX-RS: no reader)
        other = http.post(url, data=b'{"user": "admin"}', headers={"Content-Type": "application/json"},
                          timeout=10)
        assert other.status_code == 415


def test_get_room_hash_as_multipart(fake):
    with fake.session() as http:
        sid = _login_multipart(fake, http).json()["serviceResult"]["message"]
        user = {"login": "jd", "firstname": "J", "lastname": "D", "externalId": "9", "externalType": "moodle"}
        options = {"roomId": 1, "moderator": False, "showAudioVideoTest": False, "allowRecording": False,
                   "allowSameURLMultipleTimes": False}
        body, ctype = _multipart({"user": json.dumps(user), "options": json.dumps(options)})
        r = http.post(f"{fake.url}/services/user/hash", params={"sid": sid}, data=body,
                      headers={"Content-Type": ctype}, timeout=10)
        assert r.status_code == 200 and r.json()["serviceResult"]["type"] == "SUCCESS", r.text


PHP_CLIENT = r"""<?php
// Sends the way the Moodle plugin's OmRestService does: an array to CURLOPT_POSTFIELDS.
function post($url, $fields) {
    $c = curl_init($url);
    curl_setopt_array($c, array(CURLOPT_RETURNTRANSFER => true, CURLOPT_POST => true,
                                CURLOPT_POSTFIELDS => $fields, CURLOPT_TIMEOUT => 20));
    $out = curl_exec($c);
    $code = curl_getinfo($c, CURLINFO_HTTP_CODE);
    curl_close($c);
    return array($code, json_decode($out, true));
}
$base = $argv[1];
list($code, $login) = post($base . "/services/user/login", array("user" => "admin", "pass" => "12345"));
$sid = $login["serviceResult"]["message"];
list($code2, $room) = post($base . "/services/room/?&sid=" . $sid, array("room" => $argv[2]));
echo json_encode(array("login" => array($code, $login["serviceResult"]["type"]),
                       "room" => array($code2, $room["roomDTO"]["name"])));
"""


@pytest.mark.skipif(shutil.which("php") is None, reason="php-cli is not installed")
def test_php_curl_array_postfields_against_9_1(tmp_path):
    check = subprocess.run(["php", "-r", "echo function_exists('curl_init') ? 'yes' : 'no';"],
                           capture_output=True, text=True, timeout=60)
    if check.stdout.strip() != "yes":
        pytest.skip("php-curl is not installed")
    script = tmp_path / "moodle_like.php"
    script.write_text(PHP_CLIENT, encoding="utf-8")
    with FakeOpenMeetings("9.1", bad_password_delay=(0, 0.01)) as fake:
        room = json.dumps(dict(MOODLE_ROOM, type="CONFERENCE"))
        run = subprocess.run(["php", str(script), fake.url, room], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"login": [200, "SUCCESS"], "room": [200, "Course 1 Meeting"]}
