"""The parity scenarios: each runs on one protocol's client and returns its normalised
outcome; :data:`SCENARIOS` lists them in order (later ones use what earlier ones left in
the :class:`Context`). The write scenarios clean up after themselves (:func:`_cleanup`)."""
from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidArgument, OpenMeetingsError
from ..results import ExternalUser, RoomOptions
from ..versions import ServerVersion
from .compare import Outcome, _Skip, normalise, outcome_of

log = logging.getLogger("om_soap.parity")

#: A SID nobody holds (unknown SIDs have no rights: BaseWebService.java @ 4.0.2 performCall).
UNKNOWN_SID = "00000000-0000-4000-8000-000000000000"
#: A login that should not exist; a wrong password for a real user could lock it out.
NO_SUCH_USER = "om-soap-parity-no-such-user"
EXTERNAL_TYPE = "om-soap-parity"


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
    """Enum constants are lower/CamelCase before 5.0, UPPER_CASE from 5.0 (Room.java @ 4.0.11, 5.0.0)."""
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
    # 3.x looks errors up by id (-1 exists in every 3.x table), 4.0+ by i18n key
    # (ErrorWebService.java @ 3.3.0, 4.0.0RC2).
    return -1 if ctx.version.family.error_lookup == "id" else "error.bad.credentials"


def _error_lookup(ctx: Context) -> Outcome:
    return normalise(outcome_of(lambda: ctx.client.error_message(_error_key(ctx), 1)))


def _error_unknown(ctx: Context) -> Outcome:
    key = -9999 if ctx.version.family.error_lookup == "id" else "om.soap.parity.no.such.key"
    return normalise(outcome_of(lambda: ctx.client.error_message(key, 1)))


def _version(ctx: Context) -> Outcome:
    return outcome_of(ctx.client.version)


def _room_dto(ctx: Context) -> dict[str, Any]:
    # Booleans present in every RoomDTO version (RoomDTO.java @ 3.1.0RC1 .. 9.1.0); primitives must
    # be sent over SOAP.
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
    # Digits only: externalid is an xs:long up to 3.3.0, a string from 3.3.1
    # (RoomWebService.java @ 3.3.0, 3.3.1RC3).
    external_id = str(int(ctx.token, 16))
    out = outcome_of(lambda: _typed(ctx, "get_external_room", _enum(ctx, "conference"), EXTERNAL_TYPE,
                                    external_id, _room_dto(ctx)))
    room_id = _id_of(out, "roomDTO")
    if room_id is not None:
        ctx.external_rooms.append(room_id)
    return normalise(out, keys={"id": "<id>"})


def _delete(ctx: Context, operation: str, target: int) -> Outcome:
    """Delete what an earlier scenario added (3.x answers carry the id as the code)."""
    return normalise(outcome_of(lambda: _typed(ctx, operation, target)), code_is_id=True)


def _room_delete(ctx: Context) -> Outcome:
    out = _delete(ctx, "delete_room", ctx.need(ctx.added_room, "room.add"))
    ctx.added_room = None
    return out


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
    out = _delete(ctx, "delete_user", ctx.need(ctx.added_user, "user.add"))
    ctx.added_user = None
    return out


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


# ---------------------------------------------------------------------------- typed calls


def _typed(ctx: Context, method: str, *args: Any) -> Any:
    """``client.<method>(*args)``: both facades have the typed methods of
    :class:`om_soap.api.TypedApi` (one table, :mod:`om_soap.operations`), so the very same
    call runs on each protocol; a client without one is a usage error, said plainly."""
    typed = getattr(ctx.client, method, None)
    if typed is None:
        raise InvalidArgument(f"the {ctx.protocol} client {type(ctx.client).__name__} has no typed method "
                              f"{method!r}; parity needs OpenMeetingsClient and RestClient (om_soap.api.TypedApi)")
    return typed(*args)


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
