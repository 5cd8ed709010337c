#!/usr/bin/env python3
"""Record a scripted session against an OpenMeetings server (real or fake), as JSON data.

    python tools/om_transcripts.py record --url BASE --om-version 9.1.0 --user admin \
        --password-env OM_PASSWORD --out tests/transcripts/9.1.0 [--wsdl-out wsdl_cache/real-9.1.0]

Each exchange is one file ``NN-name.json``::

    {"name": ..., "om_version": ..., "note": ...,
     "request": {"method", "path", "headers", "body"},
     "response": {"status", "content_type", "body"}}

``path`` is relative to the base URL (``services/...`` or ``hash?secure=...``). Secrets are
replaced by placeholders before anything is written: the admin password by
``{{password}}``, every UUID (SIDs, room hashes, invitation hashes) by ``{{uuid:N}}``, N
numbered in order of first appearance within the session, so the same SID is the same
placeholder everywhere, and the server's loopback port by ``{{port}}``. The requests are
written by hand (raw HTTP, not through om-soap), so the recording says what the server
answers, not what the client makes of it. REST login is a POST form from 9.0 and a GET before;
the rest of the script is the same for every CXF release with a REST API (5.0+ element names).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple
from urllib.parse import quote, urlsplit

import requests

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
NS = "http://webservice.openmeetings.apache.org/"
SERVICES = ("CalendarService", "ErrorService", "FileService", "GroupService", "InfoService",
            "RecordService", "RoomService", "UserService", "WbService")
KEPT_HEADERS = ("Content-Type", "Accept", "SOAPAction", "Transfer-Encoding")


def envelope(op: str, inner: str) -> str:
    return ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ws="%s">'
            '<soapenv:Body><ws:%s>%s</ws:%s></soapenv:Body></soapenv:Envelope>' % (NS, op, inner, op))


def xml(**fields: object) -> str:
    return "".join("<%s>%s</%s>" % (k, v, k) for k, v in fields.items() if v is not None)


class Recorder:
    def __init__(self, base: str, version: str, password: str, out: Path) -> None:
        self.base = base.rstrip("/")
        self.version = version
        self.password = password
        self.out = out
        self.http = requests.Session()
        self.uuids: Dict[str, str] = {}
        self.n = 0
        self.port = str(urlsplit(self.base).port or "")

    # -- scrubbing
    def scrub(self, text: str) -> str:
        if self.password:
            text = text.replace(self.password, "{{password}}")
            text = text.replace(quote(self.password, safe=""), "{{password}}")

        def sub(m: "re.Match[str]") -> str:
            key = m.group(0).lower()
            if key not in self.uuids:
                self.uuids[key] = "{{uuid:%d}}" % (len(self.uuids) + 1)
            return self.uuids[key]

        text = UUID.sub(sub, text)
        if self.port:
            text = text.replace("127.0.0.1:%s" % self.port, "127.0.0.1:{{port}}")
            text = text.replace("localhost:%s" % self.port, "localhost:{{port}}")
        return text

    # -- one exchange
    def send(self, name: str, method: str, path: str, *, body: object = None, headers: Optional[Dict[str, str]] = None,
             note: str = "", data: object = None, fresh_cookies: bool = False) -> requests.Response:
        headers = dict(headers or {})
        shown_body = body if isinstance(body, str) else (data if isinstance(data, str) else None)
        if isinstance(data, dict):
            shown_body = "&".join("%s=%s" % (k, quote(str(v), safe="")) for k, v in data.items())
        http = requests.Session() if fresh_cookies else self.http
        r = http.request(method, self.base + "/" + path, data=body if body is not None else data,
                              headers=headers, timeout=120, allow_redirects=False)
        self.n += 1
        sent = {k: v for k, v in r.request.headers.items() if k in KEPT_HEADERS}
        rec = {
            "name": name,
            "om_version": self.version,
            "note": note,
            "request": {"method": method, "path": self.scrub(path), "headers": sent,
                        "body": self.scrub(shown_body) if shown_body is not None else
                        ("<chunked: see note>" if not isinstance(body, (str, bytes, type(None))) else None)},
            "response": {"status": r.status_code, "content_type": r.headers.get("Content-Type"),
                         "location": self.scrub(r.headers["Location"]) if "Location" in r.headers else None,
                         "body": self.scrub(r.text)},
        }
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / ("%02d-%s.json" % (self.n, name))).write_text(json.dumps(rec, indent=1, ensure_ascii=False) + "\n")
        return r

    def soap(self, name: str, service: str, op: str, inner: str, note: str = "") -> requests.Response:
        return self.send(name, "POST", "services/" + service, body=envelope(op, inner),
                         headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": '""'}, note=note)


def first_text(text: str, tag: str) -> Optional[str]:
    m = re.search(r"<%s>([^<]*)</%s>" % (tag, tag), text)
    return m.group(1) if m else None


def record(base: str, version: str, user: str, password: str, out: Path, wsdl_out: Optional[Path] = None) -> None:
    rec = Recorder(base, version, password, out)
    if wsdl_out is not None:
        capture_descriptions(rec, wsdl_out)
    J = {"Accept": "application/json"}
    rec.send("info_version", "GET", "services/info/version", headers=J)
    rec.send("info_health", "GET", "services/info/health", headers=J)
    r = rec.soap("soap_login_good", "UserService", "login", xml(user=user, **{"pass": password}))
    sid = first_text(r.text, "message") or ""
    rec.soap("soap_login_bad", "UserService", "login", xml(user=user, **{"pass": "wrong-password"}),
             note="9.x sleeps 6-15 s before answering a bad password")
    if int(version.split(".")[0]) >= 9:  # REST login is a POST form from 9.0 (UserWebService.java @ 9.1.0)
        r = rec.send("rest_login_good", "POST", "services/user/login", data={"user": user, "pass": password}, headers=J)
        rec.send("rest_login_bad", "POST", "services/user/login", data={"user": user, "pass": "wrong-password"},
                 headers=J)
        rec.send("rest_login_get_405", "GET", "services/user/login?user=%s&pass=wrong-password" % user, headers=J,
                 note="REST login by GET on 9.x")
    else:  # a GET with query parameters before 9.0 (UserWebService.java @ 8.1.0)
        r = rec.send("rest_login_good", "GET", "services/user/login?user=%s&pass=%s" % (quote(user), quote(password)),
                     headers=J)
        rec.send("rest_login_bad", "GET", "services/user/login?user=%s&pass=wrong-password" % quote(user), headers=J)
    rsid = (r.json().get("serviceResult") or {}).get("message", "") if r.ok else ""
    # rooms: the lists the installer's default objects give
    pubs = {}
    for kind in ("CONFERENCE", "PRESENTATION", "INTERVIEW"):
        r = rec.send("rest_room_public_" + kind.lower(), "GET", "services/room/public/%s?sid=%s" % (kind, rsid), headers=J)
        pubs[kind] = r
    rec.soap("soap_room_public_conference", "RoomService", "getPublic", xml(sid=sid, type="CONFERENCE"))
    room_id = None
    try:
        body = pubs["CONFERENCE"].json()
        items = body if isinstance(body, list) else body.get("roomDTO", [])
        items = items if isinstance(items, list) else [items]
        room_id = items[0]["id"] if items else None
    except (ValueError, KeyError, TypeError, AttributeError):
        room_id = None
    room_id = room_id or 1
    ext = dict(login="superjohn", firstname="John", lastname="Doe", email="john@loopback.invalid",
               externalId="uid1", externalType="myCMS")
    opts = dict(roomId=room_id, moderator="true", showAudioVideoTest="true")
    r = rec.soap("soap_get_room_hash_good", "UserService", "getRoomHash",
                 xml(sid=sid, user=xml(**ext), options=xml(**opts)))
    hash1 = first_text(r.text, "message") or ""
    no_ext = {k: v for k, v in ext.items() if k != "externalId"}
    rec.soap("soap_get_room_hash_missing_external_id", "UserService", "getRoomHash",
             xml(sid=sid, user=xml(**no_ext), options=xml(**opts)))
    rec.soap("soap_get_room_hash_bad_sid", "UserService", "getRoomHash",
             xml(sid="00000000-0000-0000-0000-000000000000", user=xml(**ext), options=xml(**opts)))
    jext = json.dumps(dict(ext, externalId="uid2"))
    jopts = json.dumps({"roomId": room_id, "moderator": True})
    r = rec.send("rest_get_room_hash_good", "POST", "services/user/hash?sid=%s" % rsid,
                 data={"user": jext, "options": jopts}, headers=J)
    rec.send("rest_get_room_hash_missing_external_id", "POST", "services/user/hash?sid=%s" % rsid,
             data={"user": json.dumps(no_ext), "options": jopts}, headers=J)
    rec.send("rest_get_room_hash_bad_sid", "POST", "services/user/hash?sid=00000000-0000-0000-0000-000000000000",
             data={"user": jext, "options": jopts}, headers=J)
    # the entry page: fresh, then used
    # each page GET from a new cookie-less HTTP session, as a new browser would
    rec.send("hash_page_fresh", "GET", "hash?secure=%s&language=1" % hash1, fresh_cookies=True,
             note="the hash minted by soap_get_room_hash_good, first use")
    rec.send("hash_page_used", "GET", "hash?secure=%s&language=1" % hash1, fresh_cookies=True,
             note="the same hash again, from another HTTP session")
    rec.send("hash_page_unknown", "GET", "hash?secure=00000000-0000-0000-0000-000000000000&language=1",
             fresh_cookies=True)
    # the SID after the hash was entered
    rec.soap("soap_get_room_hash_after_entry", "UserService", "getRoomHash",
             xml(sid=sid, user=xml(**ext), options=xml(**opts)),
             note="the SID of soap_get_room_hash_good, after its hash entered the room")
    r = rec.soap("soap_login_good_2", "UserService", "login", xml(user=user, **{"pass": password}))
    sid = first_text(r.text, "message") or ""
    # error service
    rec.soap("soap_error_get", "ErrorService", "get", xml(key="error.bad.credentials", lang=1))
    rec.send("rest_error_get", "GET", "services/error/error.bad.credentials/1", headers=J)
    rec.send("rest_error_get_unknown", "GET", "services/error/error.no.such.key/1", headers=J)
    # rooms: add / get / getExternal / delete
    room = dict(name="om-soap transcript room", type="CONFERENCE", capacity=4, isPublic="false",
                externalId="ext-room-1", externalType="myCMS")
    r = rec.soap("soap_room_add", "RoomService", "add", xml(sid=sid, room=xml(**room)))
    soap_room = first_text(r.text, "id")
    rec.soap("soap_room_get", "RoomService", "getRoomById", xml(sid=sid, id=soap_room))
    rec.soap("soap_room_get_missing", "RoomService", "getRoomById", xml(sid=sid, id=999999))
    rec.soap("soap_room_get_external", "RoomService", "getExternal",
             xml(sid=sid, type="CONFERENCE", externaltype="myCMS", externalid="ext-room-1",
                 room=xml(name="unused", type="CONFERENCE", capacity=4)))
    rec.soap("soap_room_get_external_new", "RoomService", "getExternal",
             xml(sid=sid, type="CONFERENCE", externaltype="myCMS", externalid="ext-room-2",
                 room=xml(name="created by getExternal", type="CONFERENCE", capacity=4)))
    rec.soap("soap_room_delete", "RoomService", "delete", xml(sid=sid, id=soap_room))
    r = rec.send("rest_room_add", "POST", "services/room?sid=%s" % rsid, headers=J,
                 data={"room": json.dumps(dict(room, name="om-soap rest room", externalId="ext-room-3",
                                               isPublic=False))})
    try:
        rest_room = r.json()["roomDTO"]["id"]
    except (ValueError, KeyError, TypeError):
        rest_room = 999998
    rec.send("rest_room_get", "GET", "services/room/%s?sid=%s" % (rest_room, rsid), headers=J)
    rec.send("rest_room_get_external", "GET", "services/room/CONFERENCE/myCMS/ext-room-3?sid=%s" % rsid, headers=J)
    rec.send("rest_room_delete", "DELETE", "services/room/%s?sid=%s" % (rest_room, rsid), headers=J)
    rec.send("rest_room_get_missing", "GET", "services/room/999999?sid=%s" % rsid, headers=J)
    # users: list (1 then 2 items), add / delete
    rec.send("rest_user_list_1", "GET", "services/user?sid=%s" % rsid, headers=J, note="the admin and the external users created by the hashes entered above")
    user_dto = dict(login="transcript-user", password="Zq8!vR2#kLpw", firstname="Tran", lastname="Script",
                    address=xml(mail="transcript@loopback.invalid"), externalId="tu1", externalType="myCMS",
                    languageId=1, timeZoneId="Europe/Berlin")
    r = rec.soap("soap_user_add", "UserService", "add", xml(sid=sid, user=xml(**user_dto), confirm="false"))
    soap_user = first_text(r.text, "id")
    rec.send("rest_user_list_2", "GET", "services/user?sid=%s" % rsid, headers=J, note="admin and the soap_user_add user")
    rec.soap("soap_user_list", "UserService", "get", xml(sid=sid))
    rec.soap("soap_user_delete", "UserService", "delete", xml(sid=sid, id=soap_user))
    rest_user = dict(login="transcript-rest", password="Zq8!vR2#kLpw", firstname="Rest", lastname="User",
                     address={"mail": "rest@loopback.invalid"}, externalId="tu2", externalType="myCMS",
                     languageId=1, timeZoneId="Europe/Berlin")
    r = rec.send("rest_user_add", "POST", "services/user?sid=%s" % rsid, headers=J,
                 data={"user": json.dumps(rest_user), "confirm": "false"})
    rec.send("rest_user_delete_external", "DELETE", "services/user/myCMS/tu2?sid=%s" % rsid, headers=J)
    rec.send("rest_user_delete_missing", "DELETE", "services/user/999999?sid=%s" % rsid, headers=J)
    # lists with 0 items
    rec.send("rest_record_external_type_0", "GET", "services/record/myCMS?sid=%s" % rsid, headers=J, note="no recordings")
    rec.soap("soap_record_external_type_0", "RecordService", "getExternalByType", xml(sid=sid, externaltype="myCMS"))
    rec.send("rest_group_list", "GET", "services/group?sid=%s" % rsid, headers=J)
    # protocol edges
    rec.send("soap_login_undeclared_element", "POST", "services/UserService",
             body=envelope("login", xml(user=user, **{"pass": password}, nickname="extra")),
             headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": '""'},
             note="an element the WSDL does not declare inside login")
    env = envelope("login", xml(user=user, **{"pass": "wrong-password"})).encode()

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(env), 64):
            yield env[i:i + 64]

    rec.send("soap_login_chunked", "POST", "services/UserService", body=chunks(),
             headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": '""'},
             note="the bad-password login envelope sent with Transfer-Encoding: chunked in 64-byte chunks: "
             + rec.scrub(env.decode()))
    rec.send("soap_unknown_operation", "POST", "services/UserService", body=envelope("noSuchOperation", ""),
             headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": '""'})
    rec.send("soap_malformed_xml", "POST", "services/UserService", body="<soapenv:Envelope",
             headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": '""'})


def capture_descriptions(rec: Recorder, out: Path) -> List[Tuple[str, int]]:
    """Every service's ?wsdl (and imported schemas), the WADL as XML and JSON, as served."""
    out.mkdir(parents=True, exist_ok=True)
    got = []
    for svc in SERVICES:
        r = rec.http.get("%s/services/%s?wsdl" % (rec.base, svc), timeout=60)
        got.append((svc, r.status_code))
        if r.status_code == 200:
            (out / (svc + ".wsdl")).write_text(wsdl_text(rec, r.text))
            for imp in sorted(set(re.findall(r'schemaLocation="([^"]+)"', r.text))):
                ir = rec.http.get(imp if imp.startswith("http") else "%s/services/%s%s" % (rec.base, svc, imp), timeout=60)
                if ir.status_code == 200:
                    (out / ("%s-%s.xsd" % (svc, re.sub(r"\W+", "_", imp)[-40:]))).write_text(wsdl_text(rec, ir.text))
    for name, q in (("services.wadl", "_wadl"), ("services.wadl.json", "_wadl&type=json")):
        r = rec.http.get("%s/services/?%s" % (rec.base, q), timeout=60)
        got.append((name, r.status_code))
        if r.status_code == 200:
            (out / name).write_text(wsdl_text(rec, r.text))
    return got


def wsdl_text(rec: Recorder, text: str) -> str:
    return text.replace("127.0.0.1:%s" % rec.port, "127.0.0.1:5080")


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="om_transcripts.py")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record")
    r.add_argument("--url", required=True)
    r.add_argument("--om-version", required=True)
    r.add_argument("--user", default="admin")
    r.add_argument("--password-env", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--wsdl-out", default=None)
    a = p.parse_args(argv)
    record(a.url, a.om_version, a.user, os.environ[a.password_env], Path(a.out),
           Path(a.wsdl_out) if a.wsdl_out else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
