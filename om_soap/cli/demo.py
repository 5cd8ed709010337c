"""``om-soap demo``: the README's main job, end to end on the embedded fake.

Starts the fake on loopback, logs in over SOAP with :class:`om_soap.OpenMeetingsClient`,
mints a room hash for the sample user of the OpenMeetings docs (John Doe entering room 5 as
moderator), prints each step as the REST API would answer it, then opens the entry URL and
prints who entered. SIDs and hashes are printed redacted, like everything om-soap shows.
"""
from __future__ import annotations

import argparse
import json
from typing import Any, Callable, Dict

import requests

from ..redact import redact, scrub

SAMPLE_USER = {"login": "superjohn", "firstname": "John", "lastname": "Doe",
               "externalId": "uid1", "externalType": "myCMS"}
SAMPLE_OPTIONS = {"roomId": 5, "moderator": True, "showAudioVideoTest": True}
ADMIN = ("admin", "12345")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--om-version", default="4.0",
                        help="OpenMeetings version the fake imitates (2.1 .. 9.1, default 4.0; "
                             "2.1-3.0.x speak Axis2)")


def _redacted(data: Dict[str, Any]) -> Dict[str, Any]:
    """The REST JSON with the SID/hash in ``message`` redacted."""
    inner = dict(data.get("serviceResult", {}))
    if inner.get("type") == "SUCCESS" and isinstance(inner.get("message"), str):
        inner["message"] = redact(inner["message"])
    return {"serviceResult": inner}


def run(args: argparse.Namespace, out: Callable[[str], None] = print) -> int:
    from ..fake import FakeOpenMeetings
    from ..soap.client import OpenMeetingsClient

    with FakeOpenMeetings(args.om_version, admin=ADMIN, bad_password_delay=(0.0, 0.0)) as fake:
        out(f"OpenMeetings {fake.state.version.text} fake running at {fake.url}")
        client = OpenMeetingsClient(fake.url, timeout=10)
        axis2 = fake.state.version.is_axis2  # getSession + loginUser, setUserObject... (UserService.java @ 3.0.7RC3)
        out(f"\n1. UserService.{'getSession + loginUser' if axis2 else 'login'}({ADMIN[0]!r}, ***)")
        login = client.login(*ADMIN)
        out(json.dumps(_redacted(login.to_rest()), indent=2))
        if not login.ok:
            out("login failed")
            return 1
        operation = "setUserObjectAndGenerateRoomHash" if axis2 else "getRoomHash"
        out(f"\n2. UserService.{operation}(John Doe, room 5, moderator, showAudioVideoTest)")
        result = client.get_room_hash(SAMPLE_USER, SAMPLE_OPTIONS)
        out(json.dumps(_redacted(result.to_rest()), indent=2))
        if not result.ok or not result.message:
            out("getRoomHash failed")
            return 1
        url = client.room_url(result.message, language=1)
        out(f"\n3. entry URL: {scrub(url, [result.message])}")
        with requests.Session() as http:
            answer = http.get(url, headers={"Accept": "application/json"}, timeout=10)
        refused = answer.status_code != 200 or answer.json().get("entered") is False  # HashPage: 200 + dialog
        if refused:
            out(f"the entry page refused the hash: HTTP {answer.status_code} {answer.text[:200]}")
            return 1
        entered = answer.json()["entered"]
        out(f"\n4. entered: {entered['firstname']} {entered['lastname']} ({entered['login']}, "
            f"{entered['externalType']}/{entered['externalId']}) in room {entered['roomId']} "
            f"'{entered['roomName']}', moderator={entered['moderator']}, "
            f"showAudioVideoTest={entered['showAudioVideoTest']}")
        out(json.dumps({"entered": entered}, indent=2))
    return 0
