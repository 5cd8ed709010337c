"""The fake answers every recorded exchange with a real OpenMeetings as the real server did.

tests/transcripts/<version>/ holds what real servers built from their tags answered to a scripted
session (format: tests/transcripts/README.md). Each version's session is replayed in file order
against FakeOpenMeetings(<version>) in process: the SIDs and hashes the fake hands out take the
place of the recorded ``{{uuid:N}}`` as they first appear in an answer, ``{{password}}`` is the
fake admin's password. Status, content type and body are compared: XML element by element
(namespace prefixes aside), JSON as data; SIDs/hashes (``{{uuid:N}}``), ``created`` timestamps
and build dates are normalised. What the fake does not imitate is in ACCEPTED below, each with
its reason; nothing else is skipped.
"""
from __future__ import annotations

import difflib
import json
import re
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote

import pytest
from lxml import etree

from om_soap.fake import FakeOpenMeetings

HERE = Path(__file__).resolve().parents[1] / "transcripts"
VERSIONS = sorted((p.name for p in HERE.iterdir() if p.is_dir()), key=lambda v: tuple(map(int, v.split("."))))
PASSWORD = "Transcript-Pa55!"
UUID = re.compile(r"\{\{uuid:(\d+)\}\}")
TIMESTAMP = re.compile(r"^\d{13}$")

ALL = ("5.1.0", "6.3.0", "7.2.0", "8.1.0", "9.1.0")
EMPTY_TEXT = ("the SOAP client reads an empty element (<comment></comment>) as null "
              "(tests/real/test_real_server.py EMPTY_TEXT); a fake that sent \"\" would make the client's SOAP "
              "and REST answers differ in the suite's SOAP/REST equality and parity tests; fix the client first")

# Every difference the fake keeps, with its reason: (versions, exchange, part, text the difference
# contains) -> reason. part is "status", "content_type" or "body". A difference that no entry
# covers fails the test; an entry that covers nothing fails test_accepted_differences_are_used.
ACCEPTED: Dict[Tuple[Tuple[str, ...], str, str, str], str] = {
    # The real pages are Wicket's room page and refusal page (hundreds of kB of HTML and scripts);
    # the fake serves a short page of its own. Status and content type are compared.
    (ALL, "hash_page_fresh", "body", ""): "the real room page's HTML is not imitated",
    (ALL, "hash_page_used", "body", ""): "the real refusal page's HTML is not imitated",
    (ALL, "hash_page_unknown", "body", ""): "the real refusal page's HTML is not imitated",
    (ALL, "info_version", "body", "revision"): "the fake is no build: its revision names the fake",
    (("7.2.0", "8.1.0", "9.1.0"), "info_health", "body", "health."):
        "recorded on the first start after the installer (inited/installed false); later starts "
        "answer true/true, as the fake does",
    # A parser's own words: Woodstox (CXF) and lxml see a broken document differently.
    (ALL, "soap_malformed_xml", "body", "faultstring"): "the XML parser's message is the fake's parser's",
    # Empty strings the real server keeps.
    (ALL, "rest_room_public_", "body", "missing key 'comment'"): EMPTY_TEXT + " (the installer's comment \"\")",
    (ALL, "soap_room_public_conference", "body", "return/comment: missing"): EMPTY_TEXT + " (the installer's comment \"\")",
    (ALL, "rest_room_", "body", "missing key 'tag'"): EMPTY_TEXT + " (RoomDTO.get(JSONObject) optString)",
    (ALL, "rest_room_", "body", "missing key 'comment'"): EMPTY_TEXT + " (RoomDTO.get(JSONObject) optString)",
    (ALL, "rest_room_", "body", "missing key 'redirectUrl'"): EMPTY_TEXT + " (RoomDTO.get(JSONObject) optString)",
    (ALL, "rest_user_list_", "body", "missing key 'pictureUri'"): EMPTY_TEXT + " (an entered user's pictureUri)",
    (ALL, "soap_user_list", "body", "return/pictureUri: missing"): EMPTY_TEXT + " (an entered user's pictureUri)",
    (ALL, "rest_user_", "body", "address: missing key 'created'"): ("address.created (the time a user was made) is not kept by the fake: the "
                                   "REST single-user writer would have to write it too (parity user.add)"),
    (ALL, "soap_user_", "body", "address/created: missing"): "address.created, as above",
    (ALL, "soap_room_get_external_new", "body", "return/externalType: extra"):
        "the real answer to a getExternal that creates the room has no externalType (a later get has it); "
        "the fake keeps it so that the parity runner's SOAP-then-REST getExternal compares equal",
    # 5.1.0 as recorded on JDK 17: ServiceException is not in the JAXB context of 4.0-5.x (their WSDL
    # declares no fault), so every such fault reads "Marshalling Error ..."; whether the tag's JDK 11
    # answers so is not known, and the client recognises error.notallowed, so the fake keeps it.
    (("5.1.0",), "soap_get_room_hash_bad_sid", "body", "Marshalling Error"): "5.1.0 fault text on JDK 17",
    (("5.1.0",), "soap_get_room_hash_after_entry", "body", "Marshalling Error"): "5.1.0 fault text on JDK 17",
    (("5.1.0",), "soap_room_get_missing", "body", "Marshalling Error"): "5.1.0 fault text on JDK 17",
    # Tomcat's own HTML 500 page before 6.3 (no serviceResult): status and type are compared.
    (("5.1.0",), "rest_get_room_hash_bad_sid", "body", "body differs"): "Tomcat's HTML error page, not imitated",
    (("5.1.0",), "rest_room_get_missing", "body", "body differs"): "Tomcat's HTML error page, not imitated",
    # 6.3.0 targets Java 11 (pom.xml @ 6.3.0), where an NPE has no message (CXF's default text);
    # the recording ran on JDK 17, whose helpful NPE message the fake gives from 7.0.
    (("6.3.0",), "soap_room_get_missing", "body", "Cannot invoke"): "recorded on JDK 17; the tag's JDK 11 differs",
    (("6.3.0",), "rest_room_get_missing", "body", "Cannot invoke"): "recorded on JDK 17; the tag's JDK 11 differs",
    # REST user add with address {"mail": ...}: the REST reader reads address.email only.
    (("5.1.0", "6.3.0", "7.2.0"), "rest_user_add", "body", "missing key 'address'"):
        "the real answer's address is what the REST reader made of {\"mail\": ...} (email \"\", an `inserted` "
        "Date object); the fake drops the unread key and answers no address",
}


def _accepted(version: str, name: str, part: str, diff: str) -> Optional[Tuple[Any, ...]]:
    for key in ACCEPTED:
        versions, prefix, kpart, needle = key
        if version in versions and name.startswith(prefix) and part == kpart and needle in diff:
            return key
    return None


def load(version: str) -> List[Dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / version).glob("*.json"))]


class Replay:
    """One version's session: the fake, its in-process session and the placeholder bindings."""

    def __init__(self, version: str) -> None:
        self.version = version
        # The recording's installer made admin "admin" with this e-mail (tools/real_om.py).
        self.fake = FakeOpenMeetings(version, admin=("admin", PASSWORD), serve=False,
                                     bad_password_delay=(0.0, 0.0), admin_email="admin@loopback.invalid")
        self.http = self.fake.session()
        self.base = self.fake.url + "/"
        self.bound: Dict[str, str] = {}

    def value(self, n: str) -> str:
        # A placeholder no answer gave yet (a made-up SID or hash): a fresh UUID, kept per N.
        return self.bound.setdefault(n, str(uuid.uuid4()))

    def fill(self, text: str, url: bool = False) -> str:
        text = text.replace("{{password}}", quote(PASSWORD, safe="") if url else PASSWORD)
        return UUID.sub(lambda m: self.value(m.group(1)), text)

    def send(self, exchange: Dict[str, Any]) -> Any:
        req = exchange["request"]
        headers = {k: v for k, v in req["headers"].items() if k.lower() != "transfer-encoding"}
        body = req.get("body") or ""
        if exchange["name"] == "soap_login_chunked":
            note = exchange["note"]
            body = note[note.index("<"):]
            data: Any = iter([body[i:i + 64].encode() for i in range(0, len(body), 64)])
        else:
            data = self.fill(body, url="x-www-form-urlencoded" in headers.get("Content-Type", "")).encode()
        return self.http.request(req["method"], self.base + self.fill(req["path"]), data=data or None,
                                 headers=headers, allow_redirects=False, timeout=10)

    def text(self, recorded: Optional[str], got: Optional[str]) -> bool:
        """Equal after normalisation; binds ``{{uuid:N}}`` to what the fake answered."""
        recorded = recorded or ""
        got = got or ""
        m = UUID.fullmatch(recorded.strip())
        if m:
            n = m.group(1)
            if n not in self.bound:
                self.bound[n] = got.strip()
            return self.bound[n] == got.strip()
        if TIMESTAMP.match(recorded.strip()) and TIMESTAMP.match(got.strip()):
            return True
        return recorded == got


def _sorted_rights(root: etree._Element) -> etree._Element:
    """A user's rights and a room's hidden elements are Sets on the server: their order varies."""
    for ret, tag in [(r, t) for r in root.iter("return") for t in ("rights", "hiddenElements")]:
        rights = [c for c in ret if c.tag == tag]
        if rights:
            at = list(ret).index(rights[0])
            for c in rights:
                ret.remove(c)
            for i, c in enumerate(sorted(rights, key=lambda e: e.text or "")):
                ret.insert(at + i, c)
    return root


def _xml_diff(replay: Replay, want: etree._Element, got: etree._Element, path: str) -> List[str]:
    here = f"{path}/{etree.QName(want).localname}"
    if want.tag != got.tag:
        return [f"{here}: element {got.tag} instead of {want.tag}"]
    out = []
    if dict(want.attrib) != dict(got.attrib):
        out.append(f"{here}: attributes {dict(got.attrib)} instead of {dict(want.attrib)}")
    if not replay.text(want.text, got.text):
        out.append(f"{here}: text {got.text!r} instead of {want.text!r}")
    wkids, gkids = list(want), list(got)
    names = difflib.SequenceMatcher(None, [etree.QName(e).localname for e in wkids],
                                    [etree.QName(e).localname for e in gkids], autojunk=False)
    for op, i1, i2, j1, j2 in names.get_opcodes():
        if op == "equal":
            for w, g in zip(wkids[i1:i2], gkids[j1:j2]):
                out += _xml_diff(replay, w, g, here)
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for w, g in zip(wkids[i1:i2], gkids[j1:j2]):
                out += _xml_diff(replay, w, g, here)
            continue
        out += [f"{here}/{etree.QName(e).localname}: missing" for e in wkids[i1:i2]]
        out += [f"{here}/{etree.QName(e).localname}: extra" for e in gkids[j1:j2]]
    return out


def _json_diff(replay: Replay, want: Any, got: Any, path: str = "$") -> List[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        out = [f"{path}: missing key {k!r}" for k in want if k not in got]
        out += [f"{path}: extra key {k!r}" for k in got if k not in want]
        for k in want:
            if k in got:
                if k == "buildDate" or (k == "created" and isinstance(want[k], int)
                                        and isinstance(got[k], int)):
                    continue  # the build's date, a creation time
                out += _json_diff(replay, want[k], got[k], f"{path}.{k}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            return [f"{path}: {len(got)} items instead of {len(want)}"]
        if path.endswith((".rights", ".hiddenElements")):  # Sets on the server: no fixed order
            want, got = sorted(want), sorted(got)
        return [d for i, (w, g) in enumerate(zip(want, got)) for d in _json_diff(replay, w, g, f"{path}[{i}]")]
    if isinstance(want, str) and isinstance(got, str):
        return [] if replay.text(want, got) else [f"{path}: {got!r} instead of {want!r}"]
    return [] if want == got and type(want) is type(got) else [f"{path}: {got!r} instead of {want!r}"]


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True)


def body_diff(replay: Replay, exchange: Dict[str, Any], got_body: bytes) -> List[str]:
    want = exchange["response"].get("body") or ""
    ctype = exchange["response"].get("content_type") or ""
    if not want:
        return [] if not got_body else [f"body {got_body[:200]!r} instead of none"]
    if "xml" in ctype:
        if got_body.startswith(b"<?xml"):
            return ["an XML declaration the real server does not send"]
        try:
            got = etree.fromstring(got_body, _PARSER)
        except etree.XMLSyntaxError as exc:
            return [f"not XML ({exc}): {got_body[:200]!r}"]
        return _xml_diff(replay, _sorted_rights(etree.fromstring(want.encode(), _PARSER)), _sorted_rights(got), "")
    if "json" in ctype:
        try:
            got_data = json.loads(got_body)
        except ValueError:
            return [f"not JSON: {got_body[:200]!r}"]
        return _json_diff(replay, json.loads(want), got_data)
    return [] if want.encode() == got_body else ["body differs"]


def replay_version(version: str) -> List[Tuple[str, str, str, str]]:
    """Every difference of one version's session: (version, exchange, part, text)."""
    replay = Replay(version)
    out = []
    for ex in load(version):
        name, want = ex["name"], ex["response"]
        r = replay.send(ex)
        parts = {
            "status": [] if r.status_code == want["status"] else [f"{r.status_code} instead of {want['status']}"],
            "content_type": [] if r.headers.get("Content-Type") == want.get("content_type")
            else [f"{r.headers.get('Content-Type')!r} instead of {want.get('content_type')!r}"],
            "body": body_diff(replay, ex, r.content),
        }
        out += [(version, name, part, d) for part, diffs in parts.items() for d in diffs]
    return out


_SEEN: Dict[str, List[Tuple[str, str, str, str]]] = {}


def diffs_of(version: str) -> List[Tuple[str, str, str, str]]:
    if version not in _SEEN:
        _SEEN[version] = replay_version(version)
    return _SEEN[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_fake_answers_every_recorded_exchange_as_the_real_server(version):
    problems = [f"{v} {n} {p}: {d}" for v, n, p, d in diffs_of(version) if not _accepted(v, n, p, d)]
    assert not problems, "\n".join(problems)


def test_every_version_was_recorded():
    # The releases recorded from real servers built at their tags (tests/transcripts/README.md).
    assert VERSIONS == list(ALL)
    assert all(len(load(v)) >= 50 for v in VERSIONS)


def test_the_comparison_sees_a_difference():
    # The comparison itself can fail: a changed SID binding, a changed text, a missing key.
    replay = Replay("9.1.0")
    assert replay.text("{{uuid:1}}", "a") and not replay.text("{{uuid:1}}", "b")
    assert _json_diff(replay, {"a": [1]}, {"a": 1}) and _json_diff(replay, {"a": ""}, {})
    assert _xml_diff(replay, etree.fromstring("<a><b>x</b></a>"), etree.fromstring("<a><b>y</b></a>"), "")
    assert _xml_diff(replay, etree.fromstring("<a><b/><c/></a>"), etree.fromstring("<a><c/></a>"), "")


def test_accepted_differences_are_used():
    # An accepted entry that covers no difference any more is stale and must go.
    used = {_accepted(v, n, p, d) for version in VERSIONS for v, n, p, d in diffs_of(version)}
    assert [k for k in ACCEPTED if k not in used] == []
