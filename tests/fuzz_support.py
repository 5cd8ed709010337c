"""The machinery of the fuzzing campaign (tests/reliability/test_fuzz_answers.py): record, mutate, replay, judge.

- :func:`recording` runs a short scenario (login, getRoomHash, ErrorService, a room, the
  version) against the in-process fake of one version and keeps every answer: status,
  headers and body, keyed by method, path and SOAP operation (or WSDL query).
- :func:`run_case` replays those answers through requests-mock with one of them replaced
  by a mutated answer (or one WSDL replaced by a mutated WSDL), runs the same scenario on a
  fresh client, and judges the contract: every step ends in a result or an
  ``OpenMeetingsError``, within a deadline, and no full SID, hash or password appears in
  any message, repr or log record. One exception, by design: a password the server itself
  writes into a returned result (an error text, a field name) is the server's data handed
  back to the caller, and a result cannot know the caller's password; so the password is
  looked for in errors, the client's repr and log records, SIDs and hashes everywhere.
- Cases are plain JSON (:func:`case_to_json`), so every failing input is kept in
  tests/fuzz_corpus/ and replayed by a normal test.
"""
from __future__ import annotations

import base64
import functools
import json
import logging
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

import requests
import requests_mock
from requests.adapters import BaseAdapter

from om_soap import ExternalUser, RoomOptions
from om_soap.soap import documents as om_documents
from om_soap.client import OpenMeetingsClient
from om_soap.errors import OpenMeetingsError
from om_soap.fake import FakeOpenMeetings
from om_soap.rest import RestClient
from om_soap.versions import parse

#: The five dialects of the campaign (the fake imitates each; 3.0.7 is Axis2, no REST).
VERSIONS = ("3.0.7", "3.3.2", "4.0.11", "7.2.0", "9.1.0")
PASSWORD = "Fuzz-pa55word!x"
JOHN = ExternalUser(login="john", firstname="John", external_id="j1", external_type="cms")
ROOM = RoomOptions(room_id=5, moderator=True)
#: CPU seconds one step may spend (an answer is parsed from memory: no network, no sleep).
#: Counted on the step's own thread, so a machine busy with other work does not trip it.
STEP_DEADLINE = 5.0
WSDL_STEP_DEADLINE = 15.0
#: Wall-clock seconds after which a step that has not returned counts as a hang (blocked
#: on something, or spinning while starved of CPU: either way far beyond any real answer).
HANG_SECONDS = 60.0

_OP = re.compile(rb"<(?:[\w.-]+:)?Body[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)")

Key = Tuple[str, str, str]


def protocols(version: str) -> Tuple[str, ...]:
    return ("soap",) if parse(version).is_axis2 else ("soap", "rest")


def key_of(method: str, url: str, body: Any) -> Key:
    """(method, path, SOAP operation or WSDL query) of one request."""
    parts = requests.utils.urlparse(url)
    extra = ""
    if isinstance(body, str):
        body = body.encode("utf-8", "replace")
    if method == "POST" and isinstance(body, bytes) and b"Envelope" in body[:400]:
        m = _OP.search(body)
        extra = m.group(1).decode() if m else "?"
    elif method == "GET" and ("wsdl" in parts.query.lower() or "xsd" in parts.query.lower()):
        extra = parts.query
    return method, parts.path, extra


@dataclass
class Answer:
    status: int
    headers: Dict[str, str]
    body: bytes

    def to_json(self) -> Dict[str, Any]:
        return {"status": self.status, "headers": self.headers, "body_b64": base64.b64encode(self.body).decode()}

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Answer":
        return cls(int(data["status"]), dict(data["headers"]), base64.b64decode(data["body_b64"]))


@dataclass
class Recording:
    version: str
    protocol: str
    url: str
    answers: Dict[Key, Answer]
    #: SIDs and hashes the valid answers carried (never to be shown in full).
    secrets: List[str]
    sid: str


class _Recorder(BaseAdapter):
    def __init__(self, inner: BaseAdapter, store: Dict[Key, Answer]) -> None:
        super().__init__()
        self.inner, self.store = inner, store

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        response = self.inner.send(request, **kwargs)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        key = key_of(request.method or "GET", request.url or "", request.body)
        self.store.setdefault(key, Answer(response.status_code, headers, response.content))
        return response

    def close(self) -> None:
        pass


def _client(protocol: str, version: str, url: str, session: requests.Session, cache_dir: str,
            offline: bool = True, detect: bool = False) -> Any:
    if protocol == "soap":
        return OpenMeetingsClient(url, version=None if detect else version, offline=offline, cache_dir=cache_dir,
                                  session=session, timeout=5)
    return RestClient(url, version=None if detect else version, session=session, timeout=5)


def scenario(om: Any, sid: Optional[str], version: str) -> List[Tuple[str, Callable[[], Any]]]:
    """The steps run on every client: each is judged on its own."""
    error_key: Any = "error.bad.credentials" if parse(version).family.error_lookup == "key" else -1

    def room() -> Any:
        om.sid = sid
        return om.get_room(5)

    return [
        ("login", lambda: om.login("admin", PASSWORD)),
        ("getRoomHash", lambda: om.get_room_hash(JOHN, ROOM, sid=sid or "no-sid")),
        ("error", lambda: om.error_message(error_key)),
        ("room", room),
        ("version", om.version),
    ]


@functools.lru_cache(maxsize=None)
def recording(version: str, protocol: str, wsdls: bool = False) -> Recording:
    """The valid answers of the scenario from the fake (``wsdls``: the SOAP client fetched
    its WSDLs online and detected the version, so WSDL documents are recorded too)."""
    store: Dict[Key, Answer] = {}
    with FakeOpenMeetings(version, admin=("admin", PASSWORD), serve=False, bad_password_delay=(0, 0)) as fake:
        session = fake.session()
        for prefix, adapter in list(session.adapters.items()):
            if prefix.startswith("http://om-fake"):
                session.mount(prefix, _Recorder(adapter, store))
        with tempfile.TemporaryDirectory() as cache:
            om = _client(protocol, version, fake.url, session, cache, offline=not wsdls, detect=wsdls)
            if wsdls:
                om.server_version  # noqa: B018 - detection fetches and records the WSDLs
            login = om.login("admin", PASSWORD)
            assert login.ok, login
            secrets = [login.message]
            for name, step in scenario(om, login.message, version)[1:]:
                try:
                    result = step()
                except OpenMeetingsError:  # a fault is a recorded answer too (or nothing was sent)
                    continue
                if name == "getRoomHash" and result.ok and result.message:
                    secrets.append(result.message)
        return Recording(version, protocol, fake.url, store, secrets, login.message)


# --------------------------------------------------------------------------- replay and judge


@dataclass
class Case:
    """One fuzz input: the answer at ``target`` replaced (kind "answer"), or the WSDL
    document at ``target`` replaced (kind "wsdl")."""

    version: str
    protocol: str
    kind: str
    target: Key
    answer: Answer
    note: str = ""


def case_to_json(case: Case) -> Dict[str, Any]:
    return {"version": case.version, "protocol": case.protocol, "kind": case.kind, "target": list(case.target),
            "answer": case.answer.to_json(), "note": case.note}


def case_from_json(data: Dict[str, Any]) -> Case:
    return Case(data["version"], data["protocol"], data["kind"], tuple(data["target"]),  # type: ignore[arg-type]
                Answer.from_json(data["answer"]), data.get("note", ""))


@dataclass
class Verdict:
    problems: List[str] = field(default_factory=list)
    bare: int = 0
    hangs: int = 0
    secrets: int = 0
    steps: int = 0


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: List[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("requests_mock"):
            return  # the test double's own request log stands in for urllib3's, which om-soap filters
        try:
            self.texts.append(self.format(record))
        except Exception as exc:  # noqa: BLE001 - a record that cannot be formatted is a finding too
            self.texts.append(f"<unformattable record {record.name}: {type(exc).__name__}>")


def _within(fn: Callable[[], Any], seconds: float) -> Tuple[str, Any, float]:
    """("ok", value, cpu) / ("error", exception, cpu) / ("hang", None, cpu so far unknown).

    ``seconds`` is the wall-clock bound; ``cpu`` the CPU seconds the step's thread spent.
    """
    box: Dict[str, Any] = {}

    def run() -> None:
        started = time.thread_time()
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - judged by the caller
            box["error"] = exc
        finally:
            box["cpu"] = time.thread_time() - started

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        return "hang", None, 0.0
    if "error" in box:
        return "error", box["error"], box["cpu"]
    return "ok", box.get("value"), box["cpu"]


_SECRET_QUERY = re.compile(r"(?:^|&)(?:pass|sid|SID)=")


def _mock_session(answers: Dict[Key, Answer], base_url: str, leaks: List[str]) -> requests.Session:
    home = requests.utils.urlparse(base_url).netloc

    def reply(request: Any, context: Any) -> bytes:
        parts = requests.utils.urlparse(request.url)
        if parts.netloc != home and (request.method != "GET" or _SECRET_QUERY.search(parts.query or "")):
            leaks.append(f"a {request.method} with credentials or a SID followed a redirect to {parts.netloc}")
        answer = answers.get(key_of(request.method, request.url, request.body))
        if answer is None:
            context.status_code = 404
            context.headers = {"Content-Type": "text/plain"}
            return b"not recorded"
        context.status_code = answer.status
        context.headers = dict(answer.headers)
        return answer.body

    adapter = requests_mock.Adapter()
    adapter.register_uri(requests_mock.ANY, requests_mock.ANY, content=reply)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def run_case(case: Case) -> Verdict:
    """Replay ``case`` and judge every step of the scenario."""
    wsdl_kind = case.kind == "wsdl"
    rec = recording(case.version, case.protocol, wsdls=wsdl_kind)
    answers = dict(rec.answers)
    answers[case.target] = case.answer
    secrets = [s for s in rec.secrets if s]
    verdict = Verdict()
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    texts: List[str] = []  # errors, the client, log records: no SID, hash or password
    results: List[str] = []  # returned values: no SID or hash (see the module docstring)
    try:
        with tempfile.TemporaryDirectory() as cache:
            leaks: List[str] = []
            session = _mock_session(answers, rec.url, leaks)
            om = _client(case.protocol, case.version, rec.url, session, cache, offline=not wsdl_kind,
                         detect=wsdl_kind)
            deadline = WSDL_STEP_DEADLINE if wsdl_kind else STEP_DEADLINE
            steps: List[Tuple[str, Callable[[], Any]]] = []
            if wsdl_kind:
                steps.append(("detect", lambda: om.server_version))
            steps.extend(scenario(om, rec.sid, case.version))
            for name, step in steps:
                verdict.steps += 1
                outcome, value, cpu = _within(step, HANG_SECONDS)
                if outcome == "hang":
                    verdict.hangs += 1
                    verdict.problems.append(f"{name}: no answer within {HANG_SECONDS:g} s")
                    break  # the worker still runs: later steps would race it
                if cpu > deadline:
                    verdict.hangs += 1
                    verdict.problems.append(f"{name}: spent {cpu:.1f} CPU seconds (more than {deadline:g})")
                if outcome == "error":
                    if not isinstance(value, OpenMeetingsError):
                        verdict.bare += 1
                        verdict.problems.append(f"{name}: bare {type(value).__module__}.{type(value).__name__}: "
                                                f"{str(value)[:200]}")
                    texts += [str(value), repr(value)]
                else:
                    results.append(repr(value))
            texts.append(repr(om))
            verdict.secrets += len(leaks)
            verdict.problems += leaks
    finally:
        root.removeHandler(capture)
        root.setLevel(old_level)
        if wsdl_kind:
            om_documents.clear_documents()  # mutated WSDLs are not kept for the rest of the process
    texts += capture.texts
    everything = "\n".join(texts)
    shown = "\n".join(results)
    for secret in secrets:
        if secret in shown:
            verdict.secrets += 1
            where = shown.index(secret)
            verdict.problems.append(f"a secret is shown: ...{shown[max(0, where - 80):where][-80:]}<SECRET>")
    for secret in [*secrets, PASSWORD]:
        if secret in everything:
            verdict.secrets += 1
            where = everything.index(secret)
            verdict.problems.append(f"a secret is shown: ...{everything[max(0, where - 80):where][-80:]}<SECRET>")
    return verdict


def corpus_name(case: Case, verdict: Verdict) -> str:
    first = verdict.problems[0] if verdict.problems else "ok"
    cause = re.sub(r"[^A-Za-z0-9]+", "-", first.split(":")[0] + "-" + first.split(":")[1][:40]).strip("-")
    return f"{case.kind}-{case.protocol}-{case.version}-{cause}"[:120].lower()


def save(case: Case, verdict: Verdict, folder: str) -> str:
    import os

    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, corpus_name(case, verdict) + ".json")
    data = case_to_json(case)
    data["found"] = verdict.problems[:3]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
    return path
