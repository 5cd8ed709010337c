"""The fake's calendar, files, recordings and whiteboards, over the one :class:`FakeState`.

What the typed methods of :mod:`om_soap.api` need beyond users and rooms: CalendarService
(range, next, getByRoom, getByTitle, save, delete and the *ForUser variants), FileService
(add, delete, deleteExternal, getAllExternal, getRoom), RecordService.delete and WbService
(resetWb, cleanWb, cleanSlide). Each handler is registered in the operation table of
:mod:`om_soap.fake.operations`, so SOAP and REST run the same code; an operation only
exists where the version's WSDL declares it (getAllExternal from 4.0, WbService from 5.0),
because both wire sides dispatch from the snapshot.

The sources give these services' operation names and signatures (CalendarWebService.java,
FileWebService.java, RecordingWebService.java, WbWebService.java at the tags; the bundled
WSDLs) and the cleanWb result (RoomWebService.java @ 4.0.6RC1), little of their semantics: what is INFERRED says
so where it is decided. Values are stored once, canonically (datetimes as UTC ISO 8601 text,
enums by their 5.0+ name), and spelled for the version when a DTO is written.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import re
import uuid
from typing import Any, Dict, List, Optional

from ..results import ServiceResult
from .registry import Registry
from .shape import parse_datetime
from .models import NULL_MESSAGE, SUCCESS, FakeState, ServiceException

#: The calendar/file/recording/whiteboard handlers (merged in :mod:`~om_soap.fake.handlers`).
REGISTRY = Registry()
op = REGISTRY.op

#: How many bytes of an uploaded file the fake keeps (the size is the whole upload's);
#: the fake needs the metadata, not the content.
KEPT_BYTES = 64 * 1024

#: The rights the calendar operations take. INFERRED: not read for every release (CalendarWebService.java @ 4.0.11, 9.1.0
#: gives names only); the fake takes the Soap right or the Room right of a logged-in user.
CALENDAR_RIGHTS = ("SOAP", "ROOM")


# --------------------------------------------------------------------------- datetimes


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def _spell(values: List[str], canonical: Optional[str]) -> Optional[str]:
    """``canonical`` (``WML_FILE``) in the spelling of the version's enum (``WmlFile``)."""
    if canonical is None:
        return None
    for value in values:
        if value.replace("_", "").upper() == canonical.replace("_", ""):
            return value
    return None


def _canonical(values: List[str], given: Any) -> Optional[str]:
    """An enum value as given on the wire (any spelling) by its 5.0+ name (``WmlFile`` ->
    ``WML_FILE``); an unknown value is None (INFERRED: JAXB reads an unknown constant as null)."""
    if not isinstance(given, str) or not given:
        return None
    wanted = given.replace("_", "").upper()
    for value in values:
        if value.replace("_", "").upper() == wanted:
            return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value).upper()
    return None


def _enum(state: FakeState, service: str, type_name: str, field_name: str) -> List[str]:
    model = state.snapshot.services.get(service)
    if model is None:
        return []
    for fld in model.types.get(type_name, []):
        if fld.name == field_name and fld.type.startswith("enum:"):
            return model.enums.get(fld.type[5:], [])
    return []


def _gone(state: FakeState, found: bool, ident: Any) -> ServiceResult:
    """The result of a delete: "Deleted" (3.x code = the id) or "Not found" (code 0), both
    SUCCESS. INFERRED for files, recordings and appointments: the facts give these texts for
    RoomService.delete (RoomWebService.java @ 3.3.0, 4.0.11) and the fake answers the same way."""
    if found:
        return state.result("Deleted", SUCCESS, ident)
    return state.result("Not found", SUCCESS, 0)


# --------------------------------------------------------------------------- CalendarService


def appointment_dto(state: FakeState, app: Dict[str, Any]) -> Dict[str, Any]:
    """An appointmentDTO (element names of the WSDL; the wire drops what it lacks)."""
    owner = state.users.get(app["owner"]) if app.get("owner") is not None else None
    room = state.rooms.get(app["room"]) if app.get("room") is not None else None
    reminders = _enum(state, "CalendarService", "appointmentDTO", "reminder")
    return {
        "id": app["id"], "title": app.get("title"), "location": app.get("location"),
        "start": app.get("start"), "end": app.get("end"), "description": app.get("description"),
        "owner": state.user_dto(owner) if owner else None,
        "inserted": app.get("inserted"), "updated": app.get("updated"), "deleted": False,
        "reminder": _spell(reminders, app.get("reminder")), "room": state.room_dto(room) if room else None,
        "icalId": app.get("icalId"), "languageId": app.get("languageId"),
        "passwordProtected": bool(app.get("passwordProtected")),
        "connectedEvent": bool(app.get("connectedEvent")),
        "reminderEmailSend": bool(app.get("reminderEmailSend")),
    }


def _caller(state: FakeState, sid: Any) -> int:
    state.require(sid, *CALENDAR_RIGHTS)
    session = state.check(sid)
    assert session is not None and session.user_id is not None  # require() passed
    return session.user_id


def _overlaps(app: Dict[str, Any], start: Optional[str], end: Optional[str]) -> bool:
    """INFERRED: an appointment is in a range when it overlaps it (starts before its end and
    ends after its start)."""
    if not app.get("start") or not start or not end:
        return False
    a_start = parse_datetime(app["start"])
    a_end = parse_datetime(app["end"]) if app.get("end") else a_start
    return a_start < parse_datetime(end) and a_end >= parse_datetime(start)


def _by_start(apps: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return sorted(apps, key=lambda a: (a.get("start") or "", a["id"]))


@op("CalendarService", "range", "rangeForUser")
def _calendar_range(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    user_id: Any = _caller(state, p.get("sid"))
    if p["__op__"] == "rangeForUser":
        user_id = p.get("userid")
    apps = [a for a in state.appointments.values()
            if a.get("owner") == user_id and _overlaps(a, p.get("start"), p.get("end"))]
    return [appointment_dto(state, a) for a in _by_start(apps)]


@op("CalendarService", "next", "nextForUser")
def _calendar_next(state: FakeState, p: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    user_id: Any = _caller(state, p.get("sid"))
    if p["__op__"] == "nextForUser":
        user_id = p.get("userid")
    now = datetime.datetime.now(datetime.timezone.utc)
    coming = [a for a in state.appointments.values() if a.get("owner") == user_id
              and a.get("start") and parse_datetime(a["start"]) >= now]
    return appointment_dto(state, _by_start(coming)[0]) if coming else None


@op("CalendarService", "getByRoom")
def _calendar_by_room(state: FakeState, p: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    _caller(state, p.get("sid"))
    found = [a for a in state.appointments.values() if a.get("room") == p.get("roomid")]
    return appointment_dto(state, _by_start(found)[0]) if found else None


@op("CalendarService", "getByTitle")
def _calendar_by_title(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    user_id = _caller(state, p.get("sid"))
    # INFERRED: the caller's appointments whose title contains the text, any case.
    wanted = str(p.get("title") or "").lower()
    found = [a for a in state.appointments.values()
             if a.get("owner") == user_id and wanted in str(a.get("title") or "").lower()]
    return [appointment_dto(state, a) for a in _by_start(found)]


@op("CalendarService", "save")
def _calendar_save(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    user_id = _caller(state, p.get("sid"))
    dto = p.get("appointment")
    if not dto:
        raise ServiceException(NULL_MESSAGE)
    existing = state.appointments.get(dto.get("id")) if dto.get("id") is not None else None
    app: Dict[str, Any] = existing if existing is not None else {
        "id": state.next_id("appointment"), "owner": user_id, "inserted": _now()}
    for key in ("title", "location", "description", "start", "end", "icalId", "languageId",
                "passwordProtected", "connectedEvent", "reminderEmailSend"):
        if key in dto:
            app[key] = dto[key]
    reminders = _enum(state, "CalendarService", "appointmentDTO", "reminder")
    if "reminder" in dto:
        app["reminder"] = _canonical(reminders, dto["reminder"])
    app.setdefault("reminder", "ICAL")  # INFERRED default (facts are silent)
    app.setdefault("languageId", 1)
    app["room"] = _appointment_room(state, dto.get("room"), app)
    app["updated"] = _now()
    state.appointments[app["id"]] = app
    return appointment_dto(state, app)


def _appointment_room(state: FakeState, room: Optional[Dict[str, Any]], app: Dict[str, Any]) -> Optional[int]:
    """The appointment's room: the given room when its id exists, else a new room flagged
    ``appointment`` made from the given fields (a conference room named after the title when
    none are given). INFERRED from the appointmentDTO carrying a roomDTO; the facts say
    nothing of how the server picks or makes it."""
    if isinstance(room, dict) and room.get("id") in state.rooms:
        return room["id"]
    if app.get("room") in state.rooms and not room:
        return app["room"]
    fields = dict(room or {})
    fields.setdefault("name", app.get("title") or "appointment")
    fields["type"] = fields.get("type") or state.room_types[0]
    made = state.room_from_dto(fields)
    made.extra["appointment"] = True
    return made.id


@op("CalendarService", "delete")
def _calendar_delete(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    _caller(state, p.get("sid"))
    ident: Any = p.get("id")
    return _gone(state, state.appointments.pop(ident, None) is not None, ident)


# --------------------------------------------------------------------------- FileService


def _item_type(state: FakeState) -> str:
    """The file item complexType of this version: fileExplorerItemDTO on 3.x, fileItemDTO from
    4.0 (the bundled WSDLs)."""
    model = state.snapshot.services["FileService"]
    add = model.operations.get("add")
    part = next((f for f in add.params if f.name == "file"), None) if add else None
    return part.type if part is not None else "fileItemDTO"


def file_dto(state: FakeState, item: Dict[str, Any]) -> Dict[str, Any]:
    out = dict(item)
    out["type"] = _spell(_enum(state, "FileService", _item_type(state), "type"), item.get("type"))
    return out


def _content(stream: Any) -> bytes:
    """The uploaded bytes: raw from a REST multipart part, base64 text over SOAP."""
    if stream is None:
        return b""
    if isinstance(stream, bytes):
        return stream
    try:
        return base64.b64decode(str(stream), validate=False)
    except (binascii.Error, ValueError):
        raise ServiceException("the stream is not base64") from None


@op("FileService", "add")
def _file_add(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    state.require(p.get("sid"), "SOAP")
    dto = p.get("file")
    if not dto:
        raise ServiceException(NULL_MESSAGE)
    data = _content(p.get("stream"))
    session = state.check(p.get("sid"))
    item = {
        "id": state.next_id("file"), "name": dto.get("name"), "hash": str(uuid.uuid4()),
        "parentId": dto.get("parentId"), "roomId": dto.get("roomId"), "groupId": dto.get("groupId"),
        "ownerId": session.user_id if session else None, "size": len(data),
        "externalId": dto.get("externalId"), "externalType": dto.get("externalType"),
        "type": _canonical(_enum(state, "FileService", _item_type(state), "type"), dto.get("type")),
    }
    state.files[item["id"]] = item
    state.file_bytes[item["id"]] = data[:KEPT_BYTES]
    return file_dto(state, item)


@op("FileService", "delete")
def _file_delete(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    ident: Any = p.get("id")
    state.file_bytes.pop(ident, None)
    return _gone(state, state.files.pop(ident, None) is not None, ident)


@op("FileService", "deleteExternal")
def _file_delete_external(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    found = [i for i in state.files.values()
             if i.get("externalType") == p.get("externaltype") and i.get("externalId") == p.get("externalid")]
    for item in found:
        del state.files[item["id"]]
        state.file_bytes.pop(item["id"], None)
    return _gone(state, bool(found), found[0]["id"] if found else 0)


@op("FileService", "getAllExternal")
def _file_all_external(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    state.require(p.get("sid"), "SOAP")
    return [file_dto(state, i) for i in state.files.values() if i.get("externalType") == p.get("externaltype")]


@op("FileService", "getRoom")
def _file_room(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    """INFERRED split: the room's files in roomHome, the caller's files outside any room in
    userHome, each with the sum of its sizes."""
    state.require(p.get("sid"), "SOAP")
    session = state.check(p.get("sid"))
    owner = session.user_id if session else None
    room = [i for i in state.files.values() if i.get("roomId") == p.get("id")]
    home = [i for i in state.files.values() if i.get("roomId") is None and i.get("ownerId") == owner]
    return {"userHome": [file_dto(state, i) for i in home], "roomHome": [file_dto(state, i) for i in room],
            "userHomeSize": sum(i["size"] for i in home), "roomHomeSize": sum(i["size"] for i in room)}


# --------------------------------------------------------------------------- RecordService


@op("RecordService", "delete")
def _record_delete(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    ident: Any = p.get("id")
    kept = [r for r in state.recordings if r.get("id") != ident]
    found = len(kept) != len(state.recordings)
    state.recordings[:] = kept
    return _gone(state, found, ident)


# --------------------------------------------------------------------------- WbService (5.0+)


@op("WbService", "resetWb", "cleanWb", "cleanSlide")
def _wb_clean(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    """("", SUCCESS): the cleanWb result of RoomWebService.java @ 4.0.6RC1; INFERRED the same for resetWb and
    cleanSlide. The fake keeps no whiteboards, so there is nothing else to do."""
    state.require(p.get("sid"), "SOAP")
    return state.result("", SUCCESS)
