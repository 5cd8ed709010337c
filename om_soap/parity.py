"""SOAP/REST parity: run the same scenarios over both protocols and compare, field by field.

A migration from SOAP to REST (or back) must change nothing for the integration. This
module proves it against a real server (or the fake): each scenario runs once through the
SOAP facade and once through :class:`om_soap.rest.RestClient`; both answers are taken as the
REST JSON (``to_rest()``), what must differ (SIDs, hashes, generated ids, timestamps) is
replaced by placeholders, and what is left must be equal, or be a difference OpenMeetings
itself has between its protocols (:data:`KNOWN_DIFFERENCES`, each row citing the facts).
Anything else is *unexpected* and fails the run.

Read-only by default (login, room hash, error lookup, version), so it is safe against a
production server; ``allow_writes`` adds room and user add/get/delete and getExternal, and
removes what it created.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .errors import InvalidArgument, NotLoggedIn, OpenMeetingsError, ServerUnreachable, SoapFault
from .results import ExternalUser, RoomOptions
from .versions import ServerVersion

#: Serialised outcomes: what each protocol answered, as REST JSON or an error summary.
Outcome = dict[str, Any]

log = logging.getLogger("om_soap.parity")

#: A SID nobody holds (facts §5.3: unknown SIDs are treated as "no rights").
UNKNOWN_SID = "00000000-0000-4000-8000-000000000000"
#: A login that should not exist; a wrong password for a real user could lock it out.
NO_SUCH_USER = "om-soap-parity-no-such-user"
EXTERNAL_TYPE = "om-soap-parity"

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
#: Keys whose values differ by nature between two objects created one after the other.
_TIMESTAMP_KEYS = frozenset({"created", "updated", "inserted", "lastLogin", "starttime", "regdate"})


class _Skip(Exception):
    """A scenario cannot run on this protocol because an earlier one did not succeed."""


# ---------------------------------------------------------------------------- outcomes


def outcome_of(call: Callable[[], Any]) -> Outcome:
    """Run one call and describe its result as comparable JSON.

    Results become their REST JSON; None (REST 204 / empty SOAP return) becomes ``{}``;
    a SOAP fault becomes ``{"fault": {"faultstring": ...}}``; any other error becomes
    ``{"error": {"class": ..., "status": ...}}`` (no message: each protocol words its
    errors differently, the class and HTTP status are what an integration acts on).
    """
    try:
        value = call()
    except (_Skip, ServerUnreachable):
        # Unreachable on both sides would compare "equal": a run that proves nothing must
        # fail instead (RequestTimeout and TLSError are ServerUnreachable too).
        raise
    except SoapFault as exc:
        return {"fault": {"faultstring": exc.fault_string}}
    except OpenMeetingsError as exc:
        error: dict[str, Any] = {"class": type(exc).__name__}
        status = getattr(exc, "status", None)
        if status is not None:
            error["status"] = status
        return {"error": error}
    if value is None:
        return {}
    if hasattr(value, "to_rest"):
        return value.to_rest()
    return {"value": value}


def _placeholder(data: Any, rules: dict[str, str]) -> Any:
    """Replace values under keys named in ``rules`` (at any depth) by their placeholder."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in rules and value is not None:
                out[key] = rules[key]
            elif key in _TIMESTAMP_KEYS and value is not None:
                out[key] = "<timestamp>"
            elif key == "password" and value is not None:
                out[key] = "<password>"
            else:
                out[key] = _placeholder(value, rules)
        return out
    if isinstance(data, list):
        return [_placeholder(v, rules) for v in data]
    if isinstance(data, str) and _UUID.match(data):
        return "<uuid>"
    return data


def normalise(outcome: Outcome, *, message: str | None = None, code_is_id: bool = False,
              keys: dict[str, str] | None = None) -> Outcome:
    """Placeholders for what must differ: ``message`` replaces a successful
    serviceResult's message (the SID, the hash), ``code_is_id`` its code (3.x delete
    answers carry the id there, facts §5.5), ``keys`` any field by name (ids, logins)."""
    result = outcome.get("serviceResult")
    if isinstance(result, dict):
        result = dict(result)
        if message and result.get("type") == "SUCCESS" and result.get("message") is not None:
            result["message"] = message
        if code_is_id and result.get("code") is not None:
            result["code"] = "<id>"
        outcome = {**outcome, "serviceResult": result}
    return _placeholder(outcome, keys or {})


# ---------------------------------------------------------------------------- comparing

_MISSING = object()


@dataclass
class FieldDiff:
    """One field that differs: where, what each protocol said, and how it is classed."""

    path: str
    soap: Any
    rest: Any
    status: str = "unexpected"
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "soap": _shown(self.soap), "rest": _shown(self.rest),
                "status": self.status, "reason": self.reason}


def _shown(value: Any) -> Any:
    return "<missing>" if value is _MISSING else value


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same JSON type (True is not 1, 1 is not 1.0)."""
    return type(a) is type(b) and a == b


def compare(soap: Any, rest: Any, path: str = "") -> list[FieldDiff]:
    """Field-by-field differences, named by path (``serviceResult.message``, ``userDTO[0].id``)."""
    if isinstance(soap, dict) and isinstance(rest, dict):
        diffs: list[FieldDiff] = []
        for key in list(soap) + [k for k in rest if k not in soap]:
            sub = f"{path}.{key}" if path else key
            diffs += compare(soap.get(key, _MISSING), rest.get(key, _MISSING), sub)
        return diffs
    if isinstance(soap, list) and isinstance(rest, list):
        diffs = []
        for i in range(max(len(soap), len(rest))):
            diffs += compare(soap[i] if i < len(soap) else _MISSING,
                             rest[i] if i < len(rest) else _MISSING, f"{path}[{i}]")
        return diffs
    if soap is _MISSING and rest is _MISSING:
        return []
    if _same(soap, rest):
        return []
    return [FieldDiff(path or "(answer)", soap, rest)]


# ---------------------------------------------------------------------------- known differences


@dataclass(frozen=True)
class KnownDifference:
    """A difference OpenMeetings itself has between SOAP and REST, for some versions."""

    key: str
    description: str
    applies: Callable[[ServerVersion], bool]
    matches: Callable[[str, Outcome, Outcome, FieldDiff], bool]


def _fault_vs_bare_500(scenario: str, soap: Outcome, rest: Outcome, diff: FieldDiff) -> bool:
    return "fault" in soap and rest.get("error") == {"class": "ServerError", "status": 500}


def _fault_vs_500_body(scenario: str, soap: Outcome, rest: Outcome, diff: FieldDiff) -> bool:
    body = rest.get("serviceResult") or {}
    fault = soap.get("fault") or {}
    return bool(fault) and body.get("type") == "ERROR" and body.get("message") == fault.get("faultstring")


#: Each row cites the facts. ``applies`` reads the version tables, never a literal version.
KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        "fault-vs-bare-500",
        "SOAP fault vs bare HTTP 500 before 6.3 (facts §5.4)",
        lambda v: v.family.stack == "cxf" and not v.has("rest_error_body"),
        _fault_vs_bare_500,
    ),
    KnownDifference(
        "fault-vs-500-body",
        "SOAP fault vs HTTP 500 with the same message in a serviceResult body from 6.3 (facts §5.4)",
        lambda v: v.has("rest_error_body"),
        _fault_vs_500_body,
    ),
    KnownDifference(
        "get-external-path-typo",
        "REST getExternal path typo before 6.0: the server reads externalid as null (facts §7.8)",
        lambda v: not v.has("rest_get_external"),
        lambda scenario, soap, rest, diff: (
            scenario == "room.get_external" and "roomDTO" in soap and "roomDTO" in rest
            and diff.path.startswith("roomDTO.")),
    ),
)

#: Equal answers that are equal only because RestClient rebuilds them (shown as a note).
NOTES: tuple[tuple[str, Callable[[ServerVersion], bool], str], ...] = (
    ("room_hash.unknown_sid",
     lambda v: v.family.hash_not_allowed == "fault" and not v.has("rest_error_body"),
     ("REST sends a bare HTTP 500 here; RestClient reconstructs (error.notallowed, ERROR) "
     "(INFERRED, facts §5.2, §5.4)")),
)


def classify(version: ServerVersion, scenario: str, soap: Outcome, rest: Outcome,
             diffs: list[FieldDiff]) -> str:
    """Class every diff; the row is "equal", "known" (all diffs known) or "unexpected"."""
    if not diffs:
        return "equal"
    for diff in diffs:
        for known in KNOWN_DIFFERENCES:
            if known.applies(version) and known.matches(scenario, soap, rest, diff):
                diff.status, diff.reason = "known", known.description
                break
        else:
            diff.status, diff.reason = "unexpected", "not a documented SOAP/REST difference"
    return "unexpected" if any(d.status == "unexpected" for d in diffs) else "known"


# ---------------------------------------------------------------------------- scenarios


@dataclass
class Context:
    """What one protocol's earlier scenarios left for the later ones."""

    protocol: str
    client: Any
    version: ServerVersion
    credentials: tuple[str, str]
    room_id: int
    token: str
    sid: str | None = None
    added_room: int | None = None
    added_user: int | None = None
    external_rooms: list[int] = field(default_factory=list)

    def need(self, value: Any, what: str) -> Any:
        if value is None:
            raise _Skip(f"{what} did not succeed on {self.protocol}")
        return value


@dataclass(frozen=True)
class Scenario:
    name: str
    run: Callable[[Context], Outcome]
    writes: bool = False


def _user(ctx: Context, external_id: str | None = "parity-1") -> ExternalUser:
    return ExternalUser(login="parity", firstname="Parity", lastname="Check",
                        external_id=external_id, external_type=EXTERNAL_TYPE if external_id else None)


def _options(ctx: Context) -> RoomOptions:
    return RoomOptions(room_id=ctx.room_id, moderator=True, show_audio_video_test=False)


def _enum(ctx: Context, camel: str) -> str:
    """Enum constants are lower/CamelCase before 5.0, UPPER_CASE from 5.0 (facts §3.3, §4)."""
    return camel.upper() if ctx.version.family.enum_case == "upper" else camel


def _login_good(ctx: Context) -> Outcome:
    result = None

    def call() -> Any:
        nonlocal result
        result = ctx.client.login(*ctx.credentials)
        return result

    out = outcome_of(call)
    if result is not None and result.ok:
        ctx.sid = result.message
    return normalise(out, message="<sid>")


def _login_bad(ctx: Context) -> Outcome:
    # Fresh random password: never one of the caller's, and no lock-out of a real account.
    return normalise(outcome_of(lambda: ctx.client.login(NO_SUCH_USER, secrets.token_urlsafe(12))))


def _hash_good(ctx: Context) -> Outcome:
    sid = ctx.need(ctx.sid, "login.good")
    return normalise(outcome_of(lambda: ctx.client.get_room_hash(_user(ctx), _options(ctx), sid=sid)),
                     message="<hash>")


def _hash_missing_external_id(ctx: Context) -> Outcome:
    sid = ctx.need(ctx.sid, "login.good")
    return normalise(outcome_of(lambda: ctx.client.get_room_hash(_user(ctx, None), _options(ctx), sid=sid)),
                     message="<hash>")


def _hash_unknown_sid(ctx: Context) -> Outcome:
    return normalise(outcome_of(lambda: ctx.client.get_room_hash(_user(ctx), _options(ctx), sid=UNKNOWN_SID)),
                     message="<hash>")


def _error_key(ctx: Context) -> Any:
    # 3.x looks errors up by id (-1 exists in every 3.x table), 4.0+ by i18n key (facts §5.6).
    return -1 if ctx.version.family.error_lookup == "id" else "error.bad.credentials"


def _error_lookup(ctx: Context) -> Outcome:
    return normalise(outcome_of(lambda: ctx.client.error_message(_error_key(ctx), 1)))


def _error_unknown(ctx: Context) -> Outcome:
    key = -9999 if ctx.version.family.error_lookup == "id" else "om.soap.parity.no.such.key"
    return normalise(outcome_of(lambda: ctx.client.error_message(key, 1)))


def _version(ctx: Context) -> Outcome:
    return outcome_of(ctx.client.version)


def _room_dto(ctx: Context) -> dict[str, Any]:
    # Booleans present in every RoomDTO version (facts §4.5); primitives must be sent over SOAP.
    return {"name": f"om-soap parity {ctx.token}", "comment": "created by om-soap parity; safe to delete",
            "type": _enum(ctx, "conference"), "appointment": False, "isPublic": False, "demo": False,
            "closed": False, "moderated": False, "allowUserQuestions": False, "allowRecording": False,
            "audioOnly": False}


def _id_of(out: Outcome, root: str) -> int | None:
    body = out.get(root)
    value = body.get("id") if isinstance(body, dict) else None
    return int(value) if isinstance(value, (int, str)) and str(value).lstrip("-").isdigit() else None


def _room_add(ctx: Context) -> Outcome:
    ctx.need(ctx.sid, "login.good")
    out = outcome_of(lambda: _typed(ctx, "add_room", _room_dto(ctx)))
    ctx.added_room = _id_of(out, "roomDTO")
    return normalise(out, keys={"id": "<id>"})


def _room_get(ctx: Context) -> Outcome:
    room_id = ctx.need(ctx.added_room, "room.add")
    return normalise(outcome_of(lambda: _typed(ctx, "get_room", room_id)), keys={"id": "<id>"})


def _room_get_external(ctx: Context) -> Outcome:
    ctx.need(ctx.sid, "login.good")
    # Digits only: externalid is an xs:long up to 3.3.0, a string from 3.3.1 (facts §3.1).
    external_id = str(int(ctx.token, 16))
    out = outcome_of(lambda: _typed(ctx, "get_external_room", _enum(ctx, "conference"), EXTERNAL_TYPE,
                                    external_id, _room_dto(ctx)))
    room_id = _id_of(out, "roomDTO")
    if room_id is not None:
        ctx.external_rooms.append(room_id)
    return normalise(out, keys={"id": "<id>"})


def _room_delete(ctx: Context) -> Outcome:
    room_id = ctx.need(ctx.added_room, "room.add")
    out = outcome_of(lambda: _typed(ctx, "delete_room", room_id))
    ctx.added_room = None
    return normalise(out, code_is_id=True)


def _user_dto(ctx: Context) -> dict[str, Any]:
    login = f"omsoap_{ctx.protocol}_{ctx.token}"
    return {"login": login, "password": f"Pa{secrets.token_urlsafe(12)}!7", "firstname": "Parity",
            "lastname": "Check", "address": {"email": f"{login}@example.org"},
            "type": _enum(ctx, "user"), "languageId": 1, "timeZoneId": "Europe/Berlin"}


def _user_add(ctx: Context) -> Outcome:
    ctx.need(ctx.sid, "login.good")
    out = outcome_of(lambda: _typed(ctx, "add_user", _user_dto(ctx), False))
    ctx.added_user = _id_of(out, "userDTO")
    return normalise(out, keys={"id": "<id>", "login": "<login>", "email": "<email>", "mail": "<email>"})


def _user_get(ctx: Context) -> Outcome:
    ctx.need(ctx.added_user, "user.add")
    out = normalise(outcome_of(lambda: _typed(ctx, "get_users")))
    # The users this run added carry the protocol in their login and e-mail.
    own = re.compile(rf"omsoap_(soap|rest)_{ctx.token}")
    return json.loads(own.sub(f"omsoap_<protocol>_{ctx.token}", json.dumps(out)))


def _user_delete(ctx: Context) -> Outcome:
    user_id = ctx.need(ctx.added_user, "user.add")
    out = outcome_of(lambda: _typed(ctx, "delete_user", user_id))
    ctx.added_user = None
    return normalise(out, code_is_id=True)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("version", _version),
    Scenario("login.bad", _login_bad),
    Scenario("login.good", _login_good),
    Scenario("room_hash.good", _hash_good),
    Scenario("room_hash.missing_external_id", _hash_missing_external_id),
    Scenario("room_hash.unknown_sid", _hash_unknown_sid),
    Scenario("error.lookup", _error_lookup),
    Scenario("error.unknown", _error_unknown),
    Scenario("room.add", _room_add, writes=True),
    Scenario("room.get", _room_get, writes=True),
    Scenario("room.delete", _room_delete, writes=True),
    Scenario("room.get_external", _room_get_external, writes=True),
    Scenario("user.add", _user_add, writes=True),
    Scenario("user.get", _user_get, writes=True),
    Scenario("user.delete", _user_delete, writes=True),
)


# ---------------------------------------------------------------------------- SOAP without typed methods

#: method -> (service, operation, root of the answer, parameter names): the SOAP facade
#: is used through its generic ``call``/``to_rest_object`` when it lacks the typed method.
_SOAP_OPERATIONS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "add_room": ("RoomService", "add", "roomDTO", ("room",)),
    "get_room": ("RoomService", "getRoomById", "roomDTO", ("id",)),
    "delete_room": ("RoomService", "delete", "serviceResult", ("id",)),
    "get_external_room": ("RoomService", "getExternal", "roomDTO",
                          ("type", "externaltype", "externalid", "room")),
    "add_user": ("UserService", "add", "userDTO", ("user", "confirm")),
    "get_users": ("UserService", "get", "userDTO", ()),
    "delete_user": ("UserService", "delete", "serviceResult", ("id",)),
}


#: DTO parameters of those operations: parameter -> (complexType, nested complexTypes by field).
_SOAP_DTOS: dict[str, tuple[str, dict[str, str]]] = {
    "room": ("roomDTO", {}),
    "user": ("userDTO", {"address": "address"}),
}


def _soap_dto(client: Any, service: str, type_name: str, data: dict[str, Any],
              nested: dict[str, str]) -> dict[str, Any]:
    """A REST JSON DTO as the server's WSDL declares it: required booleans (Java
    primitives) sent as False (facts §7.13), fields the WSDL lacks left out, and the
    address e-mail under the element name the WSDL uses (REST input reads ``email``, the
    5.0+ XML names it ``mail``, facts §4.4)."""
    out: dict[str, Any] = {}
    for name, required, is_bool in client.declared_fields(service, type_name):
        value = data.get(name)
        if value is None and name in ("mail", "email"):
            value = data.get("email" if name == "mail" else "mail")
        if isinstance(value, dict) and name in nested:
            value = _soap_dto(client, service, nested[name], value, {})
        if value is None and required and is_bool:
            value = False
        if value is not None:
            out[name] = value
    return out


def _typed(ctx: Context, method: str, *args: Any) -> Any:
    """``client.<method>(*args)``, or for a SOAP facade without it (the typed SOAP methods
    are still to come), the generic ``call`` with the DTOs shaped by the WSDL."""
    typed = getattr(ctx.client, method, None)
    if typed is not None:
        return typed(*args)
    from . import client as soap_client

    service, operation, root, names = _SOAP_OPERATIONS[method]
    params = dict(zip(names, args))
    for name, (type_name, nested) in _SOAP_DTOS.items():
        if isinstance(params.get(name), dict):
            params[name] = _soap_dto(ctx.client, service, type_name, params[name], nested)
    value = ctx.client.call(service, operation, sid=ctx.sid, **params)
    if root == "serviceResult":
        return soap_client.to_service_result(value)
    if value is None:
        return None
    obj = soap_client.to_rest_object(root, value)
    if method == "get_users" and not isinstance(obj.data, list):
        obj.data = [obj.data] if obj.data is not None else []
    return obj


def _cleanup(ctx: Context) -> None:
    """Remove what the write scenarios created, whatever failed on the way (best effort: a
    failure is logged and the report already says what went wrong)."""
    rooms = dict.fromkeys(([ctx.added_room] if ctx.added_room else []) + ctx.external_rooms)
    jobs = [("delete_room", room_id) for room_id in rooms]
    if ctx.added_user is not None:
        jobs.append(("delete_user", ctx.added_user))
    for method, ident in jobs:
        try:
            _typed(ctx, method, ident)
        except (OpenMeetingsError, ValueError) as exc:
            log.warning("parity cleanup: %s %s over %s failed: %s", method, ident, ctx.protocol, exc)


# ---------------------------------------------------------------------------- the report


@dataclass
class ParityRow:
    scenario: str
    status: str
    soap: Outcome | None = None
    rest: Outcome | None = None
    diffs: list[FieldDiff] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "status": self.status, "soap": self.soap, "rest": self.rest,
                "diffs": [d.to_json() for d in self.diffs], "note": self.note}


@dataclass
class ParityReport:
    version: str
    rows: list[ParityRow]
    allow_writes: bool = False

    @property
    def ok(self) -> bool:
        """Nothing unexpected differs."""
        return not any(r.status == "unexpected" for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "ok": self.ok, "allowWrites": self.allow_writes,
                "rows": [r.to_json() for r in self.rows]}

    def to_junit(self) -> str:
        """JUnit XML: one testcase per scenario; unexpected differences are failures."""
        failures = sum(r.status == "unexpected" for r in self.rows)
        skipped = sum(r.status == "skipped" for r in self.rows)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 (f'<testsuite name="om-soap parity {escape(self.version)}" tests="{len(self.rows)}" '
                 f'failures="{failures}" errors="0" skipped="{skipped}">')]
        for row in self.rows:
            lines.append(f'  <testcase classname="parity" name={quoteattr(row.scenario)}>')
            if row.status == "unexpected":
                paths = ", ".join(d.path for d in row.diffs if d.status == "unexpected")
                lines.append(f"    <failure message={quoteattr('unexpected difference at ' + paths)}>"
                             f"{escape(json.dumps([d.to_json() for d in row.diffs], indent=1))}</failure>")
            elif row.status == "skipped":
                lines.append(f"    <skipped message={quoteattr(row.note)}/>")
            elif row.status == "known" or row.note:
                text = "; ".join(sorted({d.reason for d in row.diffs})) or row.note
                lines.append(f"    <system-out>{escape(text)}</system-out>")
            lines.append("  </testcase>")
        lines.append("</testsuite>")
        return "\n".join(lines) + "\n"

    def table(self) -> str:
        """The readable table the CLI prints."""
        width = max([len(r.scenario) for r in self.rows] + [8])
        out = [f"SOAP/REST parity, OpenMeetings {self.version}"
               + ("" if self.allow_writes else " (read-only)"), ""]
        out.append(f"{'scenario':<{width}}  {'result':<10}  detail")
        out.append(f"{'-' * width}  {'-' * 10}  {'-' * 40}")
        for row in self.rows:
            detail = row.note
            if row.diffs:
                detail = "; ".join(
                    f"{d.path}: SOAP {json.dumps(_shown(d.soap))} vs REST {json.dumps(_shown(d.rest))}"
                    + (f" [{d.reason}]" if d.status == "known" else " [UNEXPECTED]")
                    for d in row.diffs
                )
            out.append(f"{row.scenario:<{width}}  {row.status:<10}  {detail}")
        counts = {s: sum(r.status == s for r in self.rows) for s in ("equal", "known", "unexpected", "skipped")}
        out.append("")
        out.append(", ".join(f"{n} {s}" for s, n in counts.items())
                   + (": PASS" if self.ok else ": FAIL (unexpected differences)"))
        return "\n".join(out)


def _run_side(scenario: Scenario, ctx: Context) -> tuple[Outcome | None, str]:
    try:
        return scenario.run(ctx), ""
    except _Skip as skip:
        return None, str(skip)


def run_parity(
    soap_client: Any,
    rest_client: Any,
    *,
    allow_writes: bool = False,
    credentials: tuple[str, str] | None = None,
    room_id: int = 1,
    scenarios: tuple[Scenario, ...] | None = None,
) -> ParityReport:
    """Run the scenarios over both clients (SOAP first, then REST, scenario by scenario)
    against one server and compare. Writes only with ``allow_writes``."""
    credentials = credentials or getattr(soap_client, "credentials", None) or getattr(
        rest_client, "credentials", None)
    if not credentials or len(credentials) != 2:
        raise InvalidArgument("run_parity needs credentials=(user, password) of a user with the SOAP right")
    version = soap_client.server_version
    if version.family.stack != "cxf":
        raise InvalidArgument(
            f"OpenMeetings {version} has no REST API (Axis2, facts §1.1): parity needs 3.1 or later")
    token = secrets.token_hex(4)
    sides = [Context(p, c, version, tuple(credentials), room_id, token)  # type: ignore[arg-type]
             for p, c in (("soap", soap_client), ("rest", rest_client))]
    rows: list[ParityRow] = []
    try:
        for scenario in scenarios or SCENARIOS:
            if scenario.writes and not allow_writes:
                continue
            (soap, soap_skip), (rest, rest_skip) = (_run_side(scenario, ctx) for ctx in sides)
            if soap is None or rest is None:
                rows.append(ParityRow(scenario.name, "skipped", soap, rest, note=soap_skip or rest_skip))
                continue
            diffs = compare(soap, rest)
            status = classify(version, scenario.name, soap, rest, diffs)
            note = next((text for name, applies, text in NOTES if name == scenario.name and applies(version)),
                        "")
            rows.append(ParityRow(scenario.name, status, soap, rest, diffs, note))
            if scenario.name == "login.good" and not any(ctx.sid for ctx in sides):
                # Equal failures prove nothing about the protocols; say what to fix.
                message = (soap.get("serviceResult") or {}).get("message") or soap
                raise NotLoggedIn(f"login as {credentials[0]!r} failed over both SOAP and REST ({message}); "
                                  "parity needs an account that can log in")
    finally:
        if allow_writes:
            for ctx in sides:
                _cleanup(ctx)
    return ParityReport(version.text, rows, allow_writes)


# ---------------------------------------------------------------------------- the command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .commands.common import add_connection_arguments

    add_connection_arguments(parser)
    parser.add_argument("--room-id", type=int, default=1, help="room for the getRoomHash scenarios (default 1)")
    parser.add_argument("--allow-writes", action="store_true",
                        help="also add, read and delete a room and a user (removed afterwards); "
                             "without it nothing is created but room hashes")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON")
    parser.add_argument("--junit", metavar="FILE", help="write the report as JUnit XML")


def run(args: argparse.Namespace) -> int:
    from .commands.common import client_from_args, password_from_env, verify_from_args
    from .rest import RestClient

    password = password_from_env(args)
    credentials = (args.user, password)
    soap = client_from_args(args, credentials=credentials)
    rest = RestClient(args.url, version=args.om_version, credentials=credentials, timeout=args.timeout,
                      verify=verify_from_args(args))
    report = run_parity(soap, rest, allow_writes=args.allow_writes, credentials=credentials,
                        room_id=args.room_id)
    # The report holds normalised outcomes only (no password, SID or hash ever enters it), so
    # it is printed as is: scrubbing it for the literal password would mangle a short one's
    # letters all over the table.
    print(report.table())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(report.to_json(), indent=2) + "\n")
    if args.junit:
        with open(args.junit, "w", encoding="utf-8") as fh:
            fh.write(report.to_junit())
    sys.stdout.flush()
    return 0 if report.ok else 1


__all__ = [
    "KNOWN_DIFFERENCES",
    "SCENARIOS",
    "FieldDiff",
    "KnownDifference",
    "ParityReport",
    "ParityRow",
    "Scenario",
    "add_arguments",
    "compare",
    "normalise",
    "outcome_of",
    "run",
    "run_parity",
]
