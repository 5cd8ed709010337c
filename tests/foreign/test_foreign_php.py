"""PHP clients against the fake: ext/soap's SoapClient, and curl sending what the OpenMeetings
Moodle plugin sends (tests/foreign/php/*.php). Expectations are what a real OpenMeetings
answers, read at the tags (multipart/form-data accepted on @FormParam methods).
"""
from __future__ import annotations

import json
from typing import Dict, List

import pytest

from foreign import PHP_SOURCES, enter, php_extension, run, tool
from om_soap.fake import FakeOpenMeetings



def _php(script: str, *args: str) -> List[str]:
    php = tool("php")
    return run([php, str(PHP_SOURCES / script), *args]).stdout.splitlines()


def _lines(lines: List[str]) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for line in lines:
        key, _, rest = line.partition(" ")
        out[key] = rest
    return out


@pytest.mark.parametrize("version", ["4.0", "9.1"])
def test_php_soap_client_login_hash_and_entry(version):
    php_extension("soap")
    with FakeOpenMeetings(version) as fake:
        out = _lines(_php("soap_client.php", f"{fake.url}/services/UserService?wsdl", "admin", "12345"))
        assert out["LOGIN"].startswith("SUCCESS "), out
        kind, _, secure = out["HASH"].partition(" ")
        assert kind == "SUCCESS", out
        entered = enter(fake.url, version, secure)
        assert (entered["login"], entered["firstname"], entered["lastname"]) == ("superjohn", "John", "Doe")
        assert (entered["externalId"], entered["externalType"], entered["roomId"]) == ("uid1", "myCMS", 5)
        options = (entered["moderator"], entered["allowRecording"], entered["showAudioVideoTest"])
        assert options == (True, True, False)


@pytest.mark.parametrize("version", ["4.0", "9.1"])
def test_php_soap_client_bad_login(version):
    # A returned ServiceResult("error.bad.credentials", ERROR), not a fault
    # (UserWebService.java @ 4.0.6RC1 and @ 9.1.0).
    php_extension("soap")
    with FakeOpenMeetings(version, bad_password_delay=(0.0, 0.0)) as fake:
        out = _lines(_php("soap_client.php", f"{fake.url}/services/UserService?wsdl", "admin", "wrong"))
        assert out == {"LOGIN": "ERROR error.bad.credentials"}


# -- the Moodle plugin's REST calls (9.x) ----------------------------------------------------
# UserWebService.login @ 9.1.0 is @POST @Path("/login") with @FormParam user/pass and no
# @Consumes; RoomWebService.add @ 9.1.0 is @POST @Path("/") with @FormParam("room") RoomDTO.
# CXF reads @FormParam from multipart/form-data as from urlencoded (JAXRSUtils.processFormParam),
# so a PHP array in CURLOPT_POSTFIELDS (multipart) logs in and creates the room.

def _moodle(fake: FakeOpenMeetings, *steps: str) -> Dict[str, tuple]:
    php_extension("curl")
    out = {}
    for line in _php("moodle_rest.php", fake.url, "admin", "12345", *steps):
        step, status, body = line.split(" ", 2)
        out[step] = (int(status), body)
    return out


def test_moodle_plugin_login_on_9x():
    with FakeOpenMeetings("9.1") as fake:
        status, body = _moodle(fake, "login")["LOGIN"]
        assert status == 200, body
        result = json.loads(body)["serviceResult"]
        assert result["type"] == "SUCCESS" and len(result["message"]) >= 32


def test_moodle_plugin_creates_a_room_on_9x():
    with FakeOpenMeetings("9.1") as fake:
        out = _moodle(fake, "login", "room")
        assert out["LOGIN"][0] == 200, out
        status, body = out["ROOM"]
        assert status == 200, body
        room = json.loads(body)["roomDTO"]  # the plugin reads the "roomDTO" wrapper
        assert room["id"] > 0
        # an add's answer carries no externalType (real 9.1.0: tests/transcripts/9.1.0/32-rest_room_add.json)
        assert (room["name"], room["type"], room.get("externalType")) == (
            "Course 101 Weekly meeting", "CONFERENCE", None)
        made = [r for r in fake.state.rooms.values() if r.name == "Course 101 Weekly meeting"]
        assert len(made) == 1 and made[0].id == room["id"] and made[0].external_type == "moodle"
