"""The typed operations (``add_room``, ``kick_all``, ...) as one table, read by both protocols.

Each :class:`TypedOperation` row gives a typed method's parameters, the FEATURES key it needs,
its SOAP and REST routes (alternatives chosen by version through ``when``) and what it answers.
Data only: no zeep, no requests (see ``docs/architecture.md``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from .dto_fields import ENUM_FIELDS, NESTED_DTOS, RENAMED_FIELDS, VERSIONED_FIELDS
from .features import OPERATION_FEATURES

#: A parameter without a default.
REQUIRED: Any = object()


@dataclass(frozen=True)
class Param:
    """One parameter of a typed method.

    ``kind`` says how the value is checked and sent: ``id`` (an integer id), ``int``,
    ``text``, ``bool``, ``datetime`` (a ``datetime`` or ISO 8601 text), ``bytes``,
    ``room_type`` (a Room.Type name, spelled per family), or ``dto:<complexType>`` (the REST
    JSON dict of that DTO, e.g. ``dto:roomDTO``).
    """

    name: str
    kind: str
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class SoapRoute:
    """One way to send the operation over SOAP.

    ``args`` maps SOAP part names to parameter names. The route applies where the server has
    the ``when`` feature (always when None) and none of ``unless_given`` was given.
    """

    service: str
    operation: str
    args: Tuple[Tuple[str, str], ...] = ()
    when: Optional[str] = None
    unless_given: Tuple[str, ...] = ()
    #: Fixed values for parts the typed method does not expose (part -> value).
    fixed: Tuple[Tuple[str, Any], ...] = ()
    #: Optional parameters this route cannot do without.
    needs: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RestRoute:
    """One way to send the operation over REST (``sid`` always goes into the query, as
    ``@QueryParam("sid")`` in every WS/*WebService.java @ 9.1.0).

    ``path`` is a template over parameter names (``/room/{room_id}``); ``query``/``form`` map
    REST field names to parameter names; DTOs travel as JSON strings (each DTO's ``fromString``,
    e.g. RoomOptionsDTO.java @ 9.1.0).
    ``files`` maps multipart part names to parameters: a route with parts sends a
    multipart/form-data body (DTOs as JSON parts, bytes as an octet stream) instead of a form.
    """

    method: str
    path: str
    query: Tuple[Tuple[str, str], ...] = ()
    form: Tuple[Tuple[str, str], ...] = ()
    when: Optional[str] = None
    unless_given: Tuple[str, ...] = ()
    fixed: Tuple[Tuple[str, Any], ...] = ()
    needs: Tuple[str, ...] = ()
    files: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TypedOperation:
    """One typed method: its parameters, the feature it needs and its SOAP/REST routes."""

    name: str
    params: Tuple[Param, ...]
    #: ``"serviceResult"`` or the DTO root (``roomDTO``, ``userDTO``, ...); None: the SOAP
    #: side reads the root from the WSDL's return type (it differs between versions).
    result: Optional[str]
    many: bool
    soap: Tuple[SoapRoute, ...]
    rest: Tuple[RestRoute, ...]
    #: FEATURES key the server must have for the method at all (None: every CXF version).
    feature: Optional[str] = None
    #: Said when no REST route applies (what to use instead).
    rest_note: str = ""
    #: The upstream files (``WS/<X>WebService.java`` at the tags) that show the routes.
    source: str = ""
    #: A successful answer's message is the empty text (cleanWb answers ("", SUCCESS),
    #: RoomWebService.java @ 6.3.0); zeep reads ``<message/>`` as None, so the SOAP side puts "" back.
    empty_message: bool = False

    @property
    def param_names(self) -> Tuple[str, ...]:
        return tuple(p.name for p in self.params)


def _pairs(spec: str) -> Tuple[Tuple[str, str], ...]:
    """``"id=room_id roomid"`` -> (("id", "room_id"), ("roomid", "roomid"))."""
    out = []
    for item in spec.split():
        wire, _, name = item.partition("=")
        out.append((wire, name or wire))
    return tuple(out)


def _soap(target: str, args: str = "", when: Optional[str] = None, unless_given: Tuple[str, ...] = (),
          needs: Tuple[str, ...] = ()) -> SoapRoute:
    service, _, operation = target.partition(".")
    return SoapRoute(service, operation, _pairs(args), when, unless_given, (), needs)


def _rest(method: str, path: str, query: str = "", form: str = "", when: Optional[str] = None,
          unless_given: Tuple[str, ...] = (), needs: Tuple[str, ...] = (), files: str = "") -> RestRoute:
    return RestRoute(method, path, _pairs(query), _pairs(form), when, unless_given, (), needs, _pairs(files))


def _p(spec: str) -> Tuple[Param, ...]:
    """``"room_id:id confirm:bool=False"`` -> Params (defaults: False, True, None only)."""
    out = []
    defaults = {"False": False, "True": True, "None": None, "0": 0}
    for item in spec.split():
        name, _, rest = item.partition(":")
        kind, _, default = rest.partition("=")
        out.append(Param(name, kind, defaults[default] if default else REQUIRED))
    return tuple(out)


_ROWS: Tuple[TypedOperation, ...] = (
    # ------------------------------------------------------------------ rooms
    TypedOperation(
        "add_room", _p("room:dto:roomDTO"), "roomDTO", False,
        (_soap("RoomService.add", "room"),),
        (_rest("POST", "/room/", form="room"),),
        source="RoomWebService.java @ 3.3.0, 4.0.11, 7.2.0",
    ),
    TypedOperation(
        "get_room", _p("room_id:id"), "roomDTO", False,
        (_soap("RoomService.getRoomById", "id=room_id"),),
        (_rest("GET", "/room/{room_id}"),),
        source="RoomWebService.java @ 3.3.0, 4.0.11, 7.2.0",
    ),
    TypedOperation(
        "get_or_create_external_room",
        _p("type:room_type external_type:text external_id:text room:dto:roomDTO=None"), "roomDTO", False,
        (_soap("RoomService.getExternal", "type externaltype=external_type externalid=external_id room"),),
        # Before 6.0 the REST path template misspells externalid, so the server reads null
        # (RoomWebService.java @ 5.1.0: {externaliid} against @PathParam("externalid")): no REST route.
        (_rest("GET", "/room/{type}/{external_type}/{external_id}", query="room", when="rest_get_external"),),
        rest_note="before 6.0 the REST path of getExternal is broken (its template misspells externalid); "
                  "use the SOAP client",
        source="RoomWebService.java @ 3.3.0, 5.1.0, 6.0.0",
    ),
    TypedOperation(
        "delete_room", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.delete", "id=room_id"),),
        (_rest("DELETE", "/room/{room_id}"),),
        source="RoomWebService.java @ 3.3.0, 4.0.11",
    ),
    TypedOperation(
        "open_room", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.open", "id=room_id"),),
        (_rest("GET", "/room/open/{room_id}"),),
        source="RoomWebService.java @ 3.3.0, 4.0.11",
    ),
    TypedOperation(
        "close_room", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.close", "id=room_id"),),
        (_rest("GET", "/room/close/{room_id}"),),
        source="RoomWebService.java @ 3.3.0, 4.0.11",
    ),
    TypedOperation(
        # kick(sid, id, externalType, externalId) from 4.0.7.
        "kick_user", _p("room_id:id external_type:text external_id:text"), "serviceResult", False,
        (_soap("RoomService.kick", "id=room_id externalType=external_type externalId=external_id"),),
        (_rest("GET", "/room/kick/{room_id}/{external_type}/{external_id}"),),
        feature="room_kick_user", source="RoomWebService.java @ 4.0.6RC1, 4.0.7RC1",
    ),
    TypedOperation(
        # Same REST path throughout; over SOAP `kick` kicked everybody up to 4.0.6 and was
        # renamed kickAll in 4.0.7, when kick(sid, id, externalType, externalId) took its name.
        "kick_all", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.kickAll", "id=room_id", when="room_kick_all"),
         _soap("RoomService.kick", "id=room_id", when="room_kick_all_as_kick")),
        (_rest("GET", "/room/kick/{room_id}"),),
        source="RoomWebService.java @ 4.0.6RC1, 4.0.7RC1",
    ),
    TypedOperation(
        # UserService.count up to 4.0.5, RoomService.count from 4.0.6.
        "room_count", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.count", "roomid=room_id", when="room_count"),
         _soap("UserService.count", "roomid=room_id", when="user_count")),
        (_rest("GET", "/room/count/{room_id}", when="room_count"),
         _rest("GET", "/user/count/{room_id}", when="user_count")),
        source="UserWebService.java @ 4.0.5RC1, RoomWebService.java @ 4.0.6RC1",
    ),
    TypedOperation(
        "room_users", _p("room_id:id"), "userDTO", True,
        (_soap("RoomService.users", "roomid=room_id"),),
        (_rest("GET", "/room/users/{room_id}"),),
        feature="room_users", source="RoomWebService.java @ 4.0.6RC1",
    ),
    TypedOperation(
        # `invite` is a JSON *query* parameter over REST (@QueryParam("invite")).
        "invitation_hash", _p("invite:dto:invitationDTO send_mail:bool=False"), "serviceResult", False,
        (_soap("RoomService.hash", "invite sendmail=send_mail"),),
        (_rest("POST", "/room/hash", query="invite sendmail=send_mail"),),
        feature="room_invitation_hash", source="RoomWebService.java @ 4.0.0RC2, 7.2.0",
    ),
    TypedOperation(
        # RoomService.cleanWb(id) 4.0.6-6.3; WbService.cleanWb(roomid, wbid) from 5.0, the only
        # one from 7.0 (RoomWebService.java @ 7.0.0 has none). A whiteboard id needs WbService.
        "clean_wb", _p("room_id:id wb_id:int=None"), "serviceResult", False,
        (_soap("RoomService.cleanWb", "id=room_id", when="room_clean_wb", unless_given=("wb_id",)),
         _soap("WbService.cleanWb", "roomid=room_id wbid=wb_id", when="wb_service", needs=("wb_id",))),
        (_rest("GET", "/room/cleanwb/{room_id}", when="room_clean_wb", unless_given=("wb_id",)),
         _rest("GET", "/wb/cleanwb/{room_id}/{wb_id}", when="wb_service", needs=("wb_id",))),
        feature="clean_wb", source="RoomWebService.java @ 4.0.6RC1, 6.3.0; WbWebService.java @ 5.0.0", empty_message=True,
    ),
    TypedOperation(
        "public_rooms", _p("type:room_type"), "roomDTO", True,
        (_soap("RoomService.getPublic", "type"),),
        (_rest("GET", "/room/public/{type}"),),
        source="RoomWebService.java @ 3.3.0, 4.0.3",
    ),
    # ------------------------------------------------------------------ users
    TypedOperation(
        # user/confirm are query parameters before 3.3.2, form fields from 3.3.2.
        "add_user", _p("user:dto:userDTO confirm:bool=False"), "userDTO", False,
        (_soap("UserService.add", "user confirm"),),
        (_rest("POST", "/user/", form="user confirm", when="rest_add_user_form"),
         _rest("POST", "/user/", query="user confirm")),
        source="UserWebService.java @ 3.3.1RC3, 3.3.2RC1, 7.2.0",
    ),
    TypedOperation(
        "get_users", _p(""), "userDTO", True,
        (_soap("UserService.get"),),
        (_rest("GET", "/user/"),),
        feature="user_get", source="UserWebService.java @ 3.1.2, 7.2.0",
    ),
    TypedOperation(
        "delete_user", _p("user_id:id"), "serviceResult", False,
        (_soap("UserService.delete", "id=user_id"),),
        (_rest("DELETE", "/user/{user_id}"),),
        source="UserWebService.java @ 3.3.0, 4.0.11",
    ),
    TypedOperation(
        "delete_external_user", _p("external_type:text external_id:text"), "serviceResult", False,
        (_soap("UserService.deleteExternal", "externaltype=external_type externalid=external_id"),),
        (_rest("DELETE", "/user/{external_type}/{external_id}"),),
        source="UserWebService.java @ 3.3.0, 4.0.11",
    ),
    # ------------------------------------------------------------------ recordings
    TypedOperation(
        "recordings_by_external_id", _p("external_type:text external_id:text"), "recordingDTO", True,
        (_soap("RecordService.getExternal", "externaltype=external_type externalid=external_id"),),
        (_rest("GET", "/record/{external_type}/{external_id}"),),
        source="RecordingWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "recordings_by_type", _p("external_type:text"), "recordingDTO", True,
        (_soap("RecordService.getExternalByType", "externaltype=external_type"),),
        (_rest("GET", "/record/{external_type}"),),
        source="RecordingWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "recordings_by_room", _p("room_id:id"), "recordingDTO", True,
        (_soap("RecordService.getExternalByRoom", "roomid=room_id"),),
        (_rest("GET", "/record/room/{room_id}"),),
        source="RecordingWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "delete_recording", _p("recording_id:id"), "serviceResult", False,
        (_soap("RecordService.delete", "id=recording_id"),),
        (_rest("DELETE", "/record/{recording_id}"),),
        source="RecordingWebService.java @ 3.3.0, 7.2.0",
    ),
    # ------------------------------------------------------------------ files
    TypedOperation(
        "room_files", _p("room_id:id"), "fileExplorerObject", False,
        (_soap("FileService.getRoom", "id=room_id"),),
        (_rest("GET", "/file/room/{room_id}"),),
        source="FileWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        # The item DTO is fileExplorerItemDTO in the 3.x WSDLs and fileItemDTO from 4.0 (the
        # bundled snapshots), so the SOAP side reads the root from the WSDL. REST sends a
        # multipart body: the item JSON in part `file`, the bytes in part `stream`
        # (`@Multipart(value = "file")`, `@Multipart(value = "stream")` in FileWebService.java @ 7.2.0).
        "upload_file", _p("file:dto:fileItemDTO content:bytes"), None, False,
        (_soap("FileService.add", "file stream=content"),),
        (_rest("POST", "/file/", files="file stream=content"),),
        source="FileWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "delete_file", _p("file_id:id"), "serviceResult", False,
        (_soap("FileService.delete", "id=file_id"),),
        (_rest("DELETE", "/file/{file_id}"),),
        source="FileWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "external_files", _p("external_type:text"), None, True,
        (_soap("FileService.getAllExternal", "externaltype=external_type"),),
        (_rest("GET", "/file/{external_type}"),),
        feature="file_get_all_external", source="FileWebService.java @ 4.0.6RC1, 7.2.0",
    ),
    # ------------------------------------------------------------------ calendar
    TypedOperation(
        # REST start/end are path segments in ISO 8601: util/CalendarParamConverter.java and
        # DateParamConverter.java @ 3.3.0, 7.2.0 read yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss
        # or yyyy-MM-dd (INFERRED: that the "Z" for UTC we write parses there; no real server
        # has been asked).
        "calendar_range", _p("start:datetime end:datetime"), "appointmentDTO", True,
        (_soap("CalendarService.range", "start end"),),
        (_rest("GET", "/calendar/{start}/{end}"),),
        source="CalendarWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "save_appointment", _p("appointment:dto:appointmentDTO"), "appointmentDTO", False,
        (_soap("CalendarService.save", "appointment"),),
        (_rest("POST", "/calendar/", form="appointment"),),
        source="CalendarWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "delete_appointment", _p("appointment_id:id"), "serviceResult", False,
        (_soap("CalendarService.delete", "id=appointment_id"),),
        (_rest("DELETE", "/calendar/{appointment_id}"),),
        source="CalendarWebService.java @ 3.3.0, 7.2.0",
    ),
    # ------------------------------------------------------------------ groups
    TypedOperation(
        "add_group", _p("name:text"), "serviceResult", False,
        (_soap("GroupService.add", "name"),),
        (_rest("POST", "/group/", query="name"),),
        source="GroupWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        "add_user_to_group", _p("group_id:id user_id:id"), "serviceResult", False,
        (_soap("GroupService.addUser", "id=group_id userid=user_id"),),
        (_rest("POST", "/group/{group_id}/users/{user_id}"),),
        source="GroupWebService.java @ 3.3.0, 7.2.0",
    ),
    TypedOperation(
        # Up to 4.0.2 the REST template says {roomId} where the param reads roomid.
        "add_room_to_group", _p("group_id:id room_id:id"), "serviceResult", False,
        (_soap("GroupService.addRoom", "id=group_id roomid=room_id"),),
        (_rest("POST", "/group/{group_id}/rooms/add/{room_id}", when="rest_group_add_room"),),
        rest_note="before 4.0.3 the REST path of GroupService.addRoom is broken (its template misspells "
                  "roomid); use the SOAP client",
        source="GroupWebService.java @ 4.0.2, 4.0.3",
    ),
    TypedOperation(
        # The item is `group` (the entity) in the 3.x WSDLs and groupDTO from 4.0 (bundled
        # snapshots), so the SOAP side reads the root from the WSDL.
        "get_groups", _p(""), None, True,
        (_soap("GroupService.get"),),
        (_rest("GET", "/group/"),),
        source="GroupWebService.java @ 3.3.0, 7.2.0",
    ),
)

#: Typed method name -> its row.
OPERATIONS: Dict[str, TypedOperation] = {row.name: row for row in _ROWS}

#: Other names for a typed method (the hand-written RestClient/parity spelling).
ALIASES: Dict[str, str] = {"get_external_room": "get_or_create_external_room"}

def lookup(name: str) -> TypedOperation:
    """The row of a typed method (aliases allowed); KeyError names the known ones."""
    row = OPERATIONS.get(ALIASES.get(name, name))
    if row is None:
        raise KeyError(f"no typed operation {name!r}; known: {', '.join(sorted(OPERATIONS))}")
    return row


__all__ = [
    "ALIASES",
    "ENUM_FIELDS",
    "NESTED_DTOS",
    "OPERATIONS",
    "OPERATION_FEATURES",
    "RENAMED_FIELDS",
    "REQUIRED",
    "VERSIONED_FIELDS",
    "Param",
    "RestRoute",
    "SoapRoute",
    "TypedOperation",
    "lookup",
]
