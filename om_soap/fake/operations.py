"""The operation table: ``(service, operation) -> handler(state, params)``.

Both wire formats dispatch through :func:`call`, so SOAP and REST run the very same code on
the same :class:`~om_soap.fake.models.FakeState`. An operation the version's WSDL declares
but this table lacks answers "not implemented by the fake: <Service>.<op>";
:data:`IMPLEMENTED` and :func:`not_implemented` list both sides for the README.
"""
from __future__ import annotations

import uuid
from typing import Any, Dict, List, Optional, Tuple

from ..results import ServiceResult
from .registry import Registry
from .models import (
    ERROR,
    NAME_IS_NULL,
    NULL_MESSAGE,
    ROOM_TYPE_CLASS,
    SOAP_REGISTER_DENIED,
    SUCCESS,
    FakeState,
    ServiceException,
)

#: The users/rooms/groups handlers; :mod:`~om_soap.fake.handlers` merges them with the content's.
REGISTRY = Registry()
op = REGISTRY.op


# -- UserService (UserWebService.java @ 3.1.0RC1 .. 9.1.0) -----------------------------------
@op("UserService", "login")
def login(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    return state.login(p.get("user"), p.get("pass"))


@op("UserService", "getRoomHash")
def _get_room_hash(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    return state.get_room_hash(p.get("sid"), p.get("user"), p.get("options"))


@op("UserService", "get")
def _user_get(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    state.require(p.get("sid"), "SOAP")
    return [state.user_dto(u) for u in state.users.values()]


@op("UserService", "add")
def _user_add(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    state.require(p.get("sid"), "SOAP")
    if state.version.has("soap_register_check") and not state.allow_soap_register:
        # Thrown inside performCall, so after the right check (UserWebService.java @ 4.0.6RC1); that it comes
        # before the DTO is read is INFERRED.
        raise ServiceException(SOAP_REGISTER_DENIED)
    dto = p.get("user")
    if not dto:
        raise ServiceException(state_null())
    login = dto.get("login")
    if not login or any(u.login == login for u in state.users.values()):
        raise ServiceException("User does already exist!")
    email = dto.get("email") or (dto.get("address") or {}).get("email") or (dto.get("address") or {}).get("mail")
    rights = [r.upper() if r.upper() in ("ADMIN", "ROOM", "SOAP", "LOGIN", "DASHBOARD") else
              r for r in _as_list(dto.get("rights"))]
    rights = [{"GROUPADMIN": "GROUP_ADMIN", "GroupAdmin": "GROUP_ADMIN"}.get(r, r) for r in rights]
    if state.version.has("user_add_email_check") and not _valid_email(email):
        # Wicket's RfcCompliantEmailAddressValidator, label 234 (UserWebService.java @ 8.1.0).
        raise ServiceException(INVALID_EMAIL)
    external = bool(dto.get("externalId"))
    # An external user added without rights gets ROOM only (real 9.1.0:
    # tests/transcripts/9.1.0/38-soap_user_add.json).
    user = state.add_user(login, dto.get("password"), rights=[r for r in rights if r in (
        "ADMIN", "GROUP_ADMIN", "ROOM", "DASHBOARD", "LOGIN", "SOAP")] or (("ROOM",) if external else (
            "LOGIN", "DASHBOARD", "ROOM")),
        firstname=dto.get("firstname"), lastname=dto.get("lastname"), email=email,
        external_id=dto.get("externalId"), external_type=dto.get("externalType"),
        kind="EXTERNAL" if external else "USER")
    return _fresh(state.user_dto(user))


#: Label 234 (Application.properties.xml @ 9.1.0), real 9.1.0: tests/transcripts/9.1.0/42-rest_user_add.json.
INVALID_EMAIL = "You have entered an invalid email address"


def _valid_email(email: Any) -> bool:
    """A plain local@domain address: what the RFC validator surely refuses (null, "", no @)."""
    text = str(email or "")
    local, at, domain = text.rpartition("@")
    return bool(at and local and domain and " " not in text)


def _fresh(dto: Dict[str, Any]) -> Dict[str, Any]:
    """The answer to an add: the new user's or room's externalType is not in it (kept in a
    group/the room; a later get shows it): real 9.1.0 tests/transcripts/9.1.0/26-soap_room_add.json,
    30-soap_room_get_external_new.json, 38-soap_user_add.json."""
    return {k: v for k, v in dto.items() if k != "externalType"}


def _id(p: Dict[str, Any], name: str) -> Any:
    """An id parameter (a long, or None when absent)."""
    return p.get(name)


def state_null() -> str:
    return NULL_MESSAGE


@op("UserService", "delete")
def _user_delete(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    sid = p.get("sid")
    if not state.allowed(sid, "ADMIN"):
        if state.family.result_has_code:  # 3.x returns NO_PERMISSION (ServiceResult.java @ 3.3.2RC1)
            return state.no_permission()
        raise ServiceException(state.family.not_allowed_message)
    uid = _id(p, "id")
    state.users.pop(uid, None)
    return state.result("Deleted", SUCCESS, uid)


@op("UserService", "deleteExternal")
def _user_delete_external(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    if not state.allowed(p.get("sid"), "ADMIN"):
        if state.family.result_has_code:
            return state.no_permission()
        raise ServiceException(state.family.not_allowed_message)
    found = [u for u in state.users.values()
             if u.external_type == p.get("externaltype") and u.external_id == p.get("externalid")]
    if not found and state.family.result_has_code:
        # UserWebService.java @ 3.1.0RC1 .. 3.3.2RC1: `new ServiceResult(user.getId(), ...)` on
        # the null of getExternalUser: an NPE, rethrown as ServiceException(null message).
        # From 4.0.0RC2 the result carries no id, so an unknown user is "Deleted" too.
        raise ServiceException(NULL_MESSAGE)
    for u in found:
        del state.users[u.id]
    return state.result("Deleted", SUCCESS, found[0].id if found else 0)


@op("UserService", "kick")
def _user_kick(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    if not state.allowed(p.get("sid"), "SOAP"):
        if state.family.result_has_code:
            return state.no_permission()
        raise ServiceException(state.family.not_allowed_message)
    uid = p.get("uid") or p.get("publicsid")
    gone = state.clients.pop(uid or "", None) is not None
    if state.family.result_has_code:
        return state.result("deleted" if gone else "not deleted", SUCCESS, 1 if gone else 0)
    return state.result("kicked" if gone else "not kicked", SUCCESS)


@op("UserService", "count")
def _user_count(state: FakeState, p: Dict[str, Any]) -> Any:
    sid, room_id = p.get("sid"), _id(p, "roomid")
    if state.version.has("user_count_int"):  # 3.1-3.2: a bare int, -1 when not allowed
        return len(state.clients_in(room_id)) if state.allowed(sid, "ROOM") else -1
    if state.family.result_has_code:  # 3.3: code = count, message "count", right Room
        if not state.allowed(sid, "ROOM"):
            return state.no_permission()
        return state.result("count", SUCCESS, len(state.clients_in(room_id)))
    state.require(sid, "SOAP")
    return state.result(str(len(state.clients_in(room_id))), SUCCESS)


# -- RoomService (RoomWebService.java @ 3.1.0RC1 .. 9.1.0): every permission failure throws ----
def _room(state: FakeState, room_id: Any):
    return state.rooms.get(room_id)


@op("RoomService", "getPublic")
def _room_public(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    # RoomWebService.java @ 4.0.3 .. 9.1.0: `Strings.isEmpty(type) ? null : Room.Type.valueOf(type)`
    # before performCall, so an empty type means every public room. Up to 4.0.2 (and on 3.x
    # after the Room right check) `Room.Type.valueOf(type)` runs on any type: null and "" fault
    # like an unknown name, with Enum.valueOf's message.
    kind = p.get("type")
    any_type = state.version.has("public_rooms_any_type")
    if any_type and kind:
        _room_type_value_of(state, kind)
    state.require(p.get("sid"), "ROOM")
    if not any_type or kind:
        _room_type_value_of(state, kind)
    return [state.room_dto(r) for r in state.rooms.values()
            if r.is_public and (not kind or state.room_type_name(r) == kind)]


def _room_type_value_of(state: FakeState, kind: Optional[str]) -> None:
    """Room.Type.valueOf(kind): exact names only (``conference`` before 5.0, ``CONFERENCE`` from)."""
    if kind is None:
        raise ServiceException(NAME_IS_NULL)
    if kind not in state.room_types:
        raise ServiceException(f"No enum constant {ROOM_TYPE_CLASS}.{kind}")


@op("RoomService", "getRoomById")
def _room_by_id(state: FakeState, p: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    # RoomWebService.java getRoomById: hasUserLevel only @ 3.1.0RC1 .. 3.1.2, hasWebServiceLevel ||
    # hasUserLevel @ 3.1.3RC3 .. 3.3.2RC1, performCall(Soap) @ 4.0.0RC2.
    if state.version.has("room_get_by_id_room_only"):
        rights: Tuple[str, ...] = ("ROOM",)
    elif state.version.has("room_get_by_id_room_right"):
        rights = ("SOAP", "ROOM")
    else:
        rights = ("SOAP",)
    state.require(p.get("sid"), *rights)
    room = _room(state, _id(p, "id"))
    if room is None:
        # `new RoomDTO(roomDao.get(id))` (RoomWebService.java @ 3.1.0RC1 .. 9.1.0) throws an NPE
        # in the constructor (`id = r.getId()`), passed on as the fault text (real 9.1.0:
        # tests/transcripts/9.1.0/28-soap_room_get_missing.json, REST 36-rest_room_get_missing).
        raise ServiceException(ROOM_NPE if state.version.has("helpful_npe") else NULL_MESSAGE)
    return state.room_dto(room)


#: The JDK 17 text of that NPE (real 7.2.0, 8.1.0, 9.1.0 servers).
ROOM_NPE = 'Cannot invoke "org.apache.openmeetings.db.entity.room.Room.getId()" because "r" is null'


@op("RoomService", "getExternal")
def _room_external(state: FakeState, p: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    state.require(p.get("sid"), "SOAP")
    ext_type, ext_id = p.get("externaltype"), p.get("externalid")
    ext_id = None if ext_id is None else str(ext_id)
    for room in state.rooms.values():
        if room.external_type == ext_type and room.external_id == ext_id:
            return state.room_dto(room)
    dto = p.get("room")
    if not dto:
        return None
    dto = dict(dto, externalType=ext_type, externalId=ext_id, type=dto.get("type") or p.get("type"))
    # The real answer to a getExternal that creates the room omits externalType too
    # (tests/transcripts/9.1.0/30-soap_room_get_external_new.json); the fake keeps it so that the
    # parity runner's SOAP-then-REST getExternal compares equal (tests/test_transcripts.py ACCEPTED).
    return state.room_dto(state.room_from_dto(dto))


@op("RoomService", "add")
def _room_add(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    state.require(p.get("sid"), "SOAP")
    if not p.get("room"):
        raise ServiceException(state_null())
    return _fresh(state.room_dto(state.room_from_dto(p["room"])))


@op("RoomService", "delete")
def _room_delete(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    room_id = _id(p, "id")
    if state.rooms.pop(room_id, None) is None:
        return state.result("Not found", SUCCESS, 0)
    return state.result("Deleted", SUCCESS, room_id)


@op("RoomService", "close", "open")
def _room_close_open(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    closing = p["__op__"] == "close"
    room = _room(state, _id(p, "id"))
    if room:
        room.closed = closing
    return state.result("Closed" if closing else "Opened", SUCCESS, 1)


def _kicked(state: FakeState, clients: List[Any]) -> ServiceResult:
    for c in clients:
        state.clients.pop(c.uid, None)
    if state.family.result_has_code:
        return state.result("Kicked", SUCCESS, 1 if clients else 0)
    return state.result("Kicked" if clients else "Not kicked", SUCCESS)


@op("RoomService", "kickAll")
def _room_kick_all(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    return _kicked(state, state.clients_in(_id(p, "id")))


@op("RoomService", "kick")
def _room_kick(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    clients = state.clients_in(_id(p, "id"))
    if state.version.has("room_kick_user"):  # 4.0.7+: one external user (RoomWebService.java kick @ 4.0.7RC1)
        clients = [c for c in clients if state.users.get(c.user_id) is not None
                   and state.users[c.user_id].external_type == p.get("externalType")
                   and state.users[c.user_id].external_id == p.get("externalId")]
    return _kicked(state, clients)


@op("RoomService", "counters")
def _room_counters(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    state.require(p.get("sid"), "SOAP")
    out = []
    for room_id in _as_list(_id(p, "id")):
        room = _room(state, room_id)
        if room:
            out.append({"roomId": room.id, "roomName": room.name,
                        "roomCount": len(state.clients_in(room.id)), "maxUser": room.capacity})
    return out


@op("RoomService", "count")
def _room_count(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    return state.result(str(len(state.clients_in(_id(p, "roomid")))), SUCCESS)


@op("RoomService", "users")
def _room_users(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    state.require(p.get("sid"), "SOAP")
    return [state.user_dto(state.users[c.user_id]) for c in state.clients_in(_id(p, "roomid"))
            if c.user_id in state.users]


@op("RoomService", "hash")
def _room_hash(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    invite = p.get("invite")
    if not invite or _room(state, invite.get("roomId")) is None:
        return state.result("error.unknown", ERROR)
    secure = str(uuid.uuid4())
    state.invitations[secure] = dict(invite, sendmail=bool(p.get("sendmail")))
    return state.result(secure, SUCCESS)


@op("RoomService", "cleanWb")
def _room_clean_wb(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    return state.result("", SUCCESS)


def _as_list(value: Any) -> List[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]
