"""The typed operations as one table, read by both protocols.

Every typed method of :class:`om_soap.api.TypedApi` (``add_room``, ``kick_all``, ...) is one
:class:`TypedOperation` row here: its parameters, the feature it needs (a key of
:data:`om_soap.versions.FEATURES`), how it is sent over SOAP (service, operation, which
parameter goes into which part; alternatives chosen by version) and over REST (method, path,
query and form fields; facts §3 and the OpenAPI specs), and what it answers (a
``serviceResult`` or a DTO root, single or a list).

Version differences live in the routes' ``when`` (a FEATURES key), never in code: the SOAP
side (:func:`om_soap.api.soap_invoke`) and the REST side (:func:`om_soap.api.rest_invoke`)
both take the first route whose feature the server has. Nothing here imports zeep or
requests, so the table can be read (and tested, and listed) without a server.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

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
    """One way to send the operation over REST (``sid`` always goes into the query, §7.15).

    ``path`` is a template over parameter names (``/room/{room_id}``); ``query``/``form`` map
    REST field names to parameter names; DTOs travel as JSON strings (facts §4.7).
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
    #: Where the facts say so.
    facts: str = ""
    #: A successful answer's message is the empty text (cleanWb answers ("", SUCCESS), facts
    #: §5.5); zeep reads ``<message/>`` as None, so the SOAP side puts "" back.
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
    # ------------------------------------------------------------------ rooms (facts §3.1-§3.4)
    TypedOperation(
        "add_room", _p("room:dto:roomDTO"), "roomDTO", False,
        (_soap("RoomService.add", "room"),),
        (_rest("POST", "/room/", form="room"),),
        facts="§3.1, §3.2, §3.4",
    ),
    TypedOperation(
        "get_room", _p("room_id:id"), "roomDTO", False,
        (_soap("RoomService.getRoomById", "id=room_id"),),
        (_rest("GET", "/room/{room_id}"),),
        facts="§3.1, §3.2",
    ),
    TypedOperation(
        "get_or_create_external_room",
        _p("type:room_type external_type:text external_id:text room:dto:roomDTO=None"), "roomDTO", False,
        (_soap("RoomService.getExternal", "type externaltype=external_type externalid=external_id room"),),
        # Before 6.0 the REST path template misspells externalid, so the server reads null
        # (facts §7.8): no REST route there.
        (_rest("GET", "/room/{type}/{external_type}/{external_id}", query="room", when="rest_get_external"),),
        rest_note="before 6.0 the REST path of getExternal is broken (facts §7.8); use the SOAP client",
        facts="§3.1, §3.4, §7.8",
    ),
    TypedOperation(
        "delete_room", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.delete", "id=room_id"),),
        (_rest("DELETE", "/room/{room_id}"),),
        facts="§3.1, §5.5",
    ),
    TypedOperation(
        "open_room", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.open", "id=room_id"),),
        (_rest("GET", "/room/open/{room_id}"),),
        facts="§3.1, §5.5",
    ),
    TypedOperation(
        "close_room", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.close", "id=room_id"),),
        (_rest("GET", "/room/close/{room_id}"),),
        facts="§3.1, §5.5",
    ),
    TypedOperation(
        # kick(sid, id, externalType, externalId) from 4.0.7 (facts §7.9).
        "kick_user", _p("room_id:id external_type:text external_id:text"), "serviceResult", False,
        (_soap("RoomService.kick", "id=room_id externalType=external_type externalId=external_id"),),
        (_rest("GET", "/room/kick/{room_id}/{external_type}/{external_id}"),),
        feature="room_kick_user", facts="§3.2, §7.9",
    ),
    TypedOperation(
        # Same REST path throughout; over SOAP `kick` kicked everybody up to 4.0.6 and was
        # renamed kickAll in 4.0.7 (facts §3.2, §7.9).
        "kick_all", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.kickAll", "id=room_id", when="room_kick_all"),
         _soap("RoomService.kick", "id=room_id", when="room_kick_all_as_kick")),
        (_rest("GET", "/room/kick/{room_id}"),),
        facts="§3.1, §3.2, §7.9",
    ),
    TypedOperation(
        # UserService.count up to 4.0.5, RoomService.count from 4.0.6 (facts §3.2).
        "room_count", _p("room_id:id"), "serviceResult", False,
        (_soap("RoomService.count", "roomid=room_id", when="room_count"),
         _soap("UserService.count", "roomid=room_id", when="user_count")),
        (_rest("GET", "/room/count/{room_id}", when="room_count"),
         _rest("GET", "/user/count/{room_id}", when="user_count")),
        facts="§3.1, §3.2",
    ),
    TypedOperation(
        "room_users", _p("room_id:id"), "userDTO", True,
        (_soap("RoomService.users", "roomid=room_id"),),
        (_rest("GET", "/room/users/{room_id}"),),
        feature="room_users", facts="§3.2",
    ),
    TypedOperation(
        # `invite` is a JSON *query* parameter over REST (facts §7.10).
        "invitation_hash", _p("invite:dto:invitationDTO send_mail:bool=False"), "serviceResult", False,
        (_soap("RoomService.hash", "invite sendmail=send_mail"),),
        (_rest("POST", "/room/hash", query="invite sendmail=send_mail"),),
        feature="room_invitation_hash", facts="§3.2, §7.10",
    ),
    TypedOperation(
        # RoomService.cleanWb(id) 4.0.6-6.3; WbService.cleanWb(roomid, wbid) from 5.0, the only
        # one from 7.0 (facts §3.2, §3.4). A whiteboard id needs WbService.
        "clean_wb", _p("room_id:id wb_id:int=None"), "serviceResult", False,
        (_soap("RoomService.cleanWb", "id=room_id", when="room_clean_wb", unless_given=("wb_id",)),
         _soap("WbService.cleanWb", "roomid=room_id wbid=wb_id", when="wb_service", needs=("wb_id",))),
        (_rest("GET", "/room/cleanwb/{room_id}", when="room_clean_wb", unless_given=("wb_id",)),
         _rest("GET", "/wb/cleanwb/{room_id}/{wb_id}", when="wb_service", needs=("wb_id",))),
        feature="clean_wb", facts="§3.2, §3.4, §5.5", empty_message=True,
    ),
    TypedOperation(
        "public_rooms", _p("type:room_type"), "roomDTO", True,
        (_soap("RoomService.getPublic", "type"),),
        (_rest("GET", "/room/public/{type}"),),
        facts="§3.1, §3.2",
    ),
    # ------------------------------------------------------------------ users (facts §3.1-§3.5)
    TypedOperation(
        # user/confirm are query parameters before 3.3.2, form fields from 3.3.2 (facts §3.1).
        "add_user", _p("user:dto:userDTO confirm:bool=False"), "userDTO", False,
        (_soap("UserService.add", "user confirm"),),
        (_rest("POST", "/user/", form="user confirm", when="rest_add_user_form"),
         _rest("POST", "/user/", query="user confirm")),
        facts="§3.1, §3.2",
    ),
    TypedOperation(
        "get_users", _p(""), "userDTO", True,
        (_soap("UserService.get"),),
        (_rest("GET", "/user/"),),
        feature="user_get", facts="§3.1",
    ),
    TypedOperation(
        "delete_user", _p("user_id:id"), "serviceResult", False,
        (_soap("UserService.delete", "id=user_id"),),
        (_rest("DELETE", "/user/{user_id}"),),
        facts="§3.1, §5.5",
    ),
    TypedOperation(
        "delete_external_user", _p("external_type:text external_id:text"), "serviceResult", False,
        (_soap("UserService.deleteExternal", "externaltype=external_type externalid=external_id"),),
        (_rest("DELETE", "/user/{external_type}/{external_id}"),),
        facts="§3.1, §5.5",
    ),
    # ------------------------------------------------------------------ recordings (facts §3.7)
    TypedOperation(
        "recordings_by_external_id", _p("external_type:text external_id:text"), "recordingDTO", True,
        (_soap("RecordService.getExternal", "externaltype=external_type externalid=external_id"),),
        (_rest("GET", "/record/{external_type}/{external_id}"),),
        facts="§3.7",
    ),
    TypedOperation(
        "recordings_by_type", _p("external_type:text"), "recordingDTO", True,
        (_soap("RecordService.getExternalByType", "externaltype=external_type"),),
        (_rest("GET", "/record/{external_type}"),),
        facts="§3.7",
    ),
    TypedOperation(
        "recordings_by_room", _p("room_id:id"), "recordingDTO", True,
        (_soap("RecordService.getExternalByRoom", "roomid=room_id"),),
        (_rest("GET", "/record/room/{room_id}"),),
        facts="§3.7",
    ),
    TypedOperation(
        "delete_recording", _p("recording_id:id"), "serviceResult", False,
        (_soap("RecordService.delete", "id=recording_id"),),
        (_rest("DELETE", "/record/{recording_id}"),),
        facts="§3.7",
    ),
    # ------------------------------------------------------------------ files (facts §3.7)
    TypedOperation(
        "room_files", _p("room_id:id"), "fileExplorerObject", False,
        (_soap("FileService.getRoom", "id=room_id"),),
        (_rest("GET", "/file/room/{room_id}"),),
        facts="§3.7",
    ),
    TypedOperation(
        # The item DTO is fileExplorerItemDTO in the 3.x WSDLs and fileItemDTO from 4.0 (the
        # bundled snapshots), so the SOAP side reads the root from the WSDL. REST sends a
        # multipart body: the item JSON in part `file`, the bytes in part `stream` (facts §3.7;
        # the 9.1 OpenAPI spec only says multipart/form-data of a FileItemDTO).
        "upload_file", _p("file:dto:fileItemDTO content:bytes"), None, False,
        (_soap("FileService.add", "file stream=content"),),
        (_rest("POST", "/file/", files="file stream=content"),),
        facts="§3.7",
    ),
    TypedOperation(
        "delete_file", _p("file_id:id"), "serviceResult", False,
        (_soap("FileService.delete", "id=file_id"),),
        (_rest("DELETE", "/file/{file_id}"),),
        facts="§3.7",
    ),
    TypedOperation(
        "external_files", _p("external_type:text"), None, True,
        (_soap("FileService.getAllExternal", "externaltype=external_type"),),
        (_rest("GET", "/file/{external_type}"),),
        feature="file_get_all_external", facts="§3.7",
    ),
    # ------------------------------------------------------------------ calendar (facts §3.7)
    TypedOperation(
        # REST start/end are path segments; sent as ISO 8601 (INFERRED: the format the
        # server's Calendar param converter reads is not in the facts).
        "calendar_range", _p("start:datetime end:datetime"), "appointmentDTO", True,
        (_soap("CalendarService.range", "start end"),),
        (_rest("GET", "/calendar/{start}/{end}"),),
        facts="§3.7",
    ),
    TypedOperation(
        "save_appointment", _p("appointment:dto:appointmentDTO"), "appointmentDTO", False,
        (_soap("CalendarService.save", "appointment"),),
        (_rest("POST", "/calendar/", form="appointment"),),
        facts="§3.7",
    ),
    TypedOperation(
        "delete_appointment", _p("appointment_id:id"), "serviceResult", False,
        (_soap("CalendarService.delete", "id=appointment_id"),),
        (_rest("DELETE", "/calendar/{appointment_id}"),),
        facts="§3.7",
    ),
    # ------------------------------------------------------------------ groups (facts §3.7)
    TypedOperation(
        "add_group", _p("name:text"), "serviceResult", False,
        (_soap("GroupService.add", "name"),),
        (_rest("POST", "/group/", query="name"),),
        facts="§3.7",
    ),
    TypedOperation(
        "add_user_to_group", _p("group_id:id user_id:id"), "serviceResult", False,
        (_soap("GroupService.addUser", "id=group_id userid=user_id"),),
        (_rest("POST", "/group/{group_id}/users/{user_id}"),),
        facts="§3.7",
    ),
    TypedOperation(
        # 3.3.0's REST template says {roomId} where the param reads roomid (facts §3.7).
        "add_room_to_group", _p("group_id:id room_id:id"), "serviceResult", False,
        (_soap("GroupService.addRoom", "id=group_id roomid=room_id"),),
        (_rest("POST", "/group/{group_id}/rooms/add/{room_id}", when="rest_group_add_room"),),
        rest_note="before 4.0 the REST path of GroupService.addRoom is broken (facts §3.7); use the SOAP client",
        facts="§3.7",
    ),
    TypedOperation(
        # The item is `group` (the entity) in the 3.x WSDLs and groupDTO from 4.0 (bundled
        # snapshots), so the SOAP side reads the root from the WSDL.
        "get_groups", _p(""), None, True,
        (_soap("GroupService.get"),),
        (_rest("GET", "/group/"),),
        facts="§3.7",
    ),
)

#: Typed method name -> its row.
OPERATIONS: Dict[str, TypedOperation] = {row.name: row for row in _ROWS}

#: Other names for a typed method (the hand-written RestClient/parity spelling).
ALIASES: Dict[str, str] = {"get_external_room": "get_or_create_external_room"}

#: DTO fields that are enums, and their pre-5.0 spelling: "lower" (``conference``,
#: ``user``) or "camel" (``Soap``, ``GroupAdmin``, ``TopBar``, ``OneTime``). From 5.0 all
#: are UPPER_CASE with underscores (facts §4.4-§4.6, §7.12).
ENUM_FIELDS: Dict[str, Dict[str, str]] = {
    "roomDTO": {"type": "lower", "hiddenElements": "camel"},
    "userDTO": {"rights": "camel", "type": "lower"},
    "invitationDTO": {"valid": "camel"},
    # FileItem.Type (``WmlFile`` / ``WML_FILE``) and Appointment.Reminder (``ical`` / ``ICAL``),
    # as the bundled WSDLs spell them before and from 5.0.
    "fileItemDTO": {"type": "camel"},
    "appointmentDTO": {"reminder": "lower"},
}

#: DTO fields inside DTOs (field -> complexType), for enum spelling and WSDL shaping.
NESTED_DTOS: Dict[str, Dict[str, str]] = {
    "userDTO": {"address": "address"},
    "appointmentDTO": {"owner": "userDTO", "room": "roomDTO"},
}

#: Fields renamed in a release (facts §4.5): (new name, old name, FEATURES key of the
#: release). Both protocols send the name of the server's version, whichever the caller wrote.
VERSIONED_FIELDS: Dict[str, Tuple[Tuple[str, str, str], ...]] = {
    "roomDTO": (("capacity", "numberOfPartizipants", "room_capacity"),
                ("waitRecording", "waitForRecording", "room_wait_recording")),
}

#: Fields renamed between versions (facts §4.4, §4.5): a caller may write either name; the
#: SOAP side sends the one the server's WSDL declares.
RENAMED_FIELDS: Dict[str, Tuple[Tuple[str, str], ...]] = {
    "roomDTO": (("capacity", "numberOfPartizipants"), ("waitRecording", "waitForRecording")),
    "address": (("email", "mail"),),
}

#: (service, operation) -> FEATURES key: what the generic ``call`` checks to name the first
#: version with an operation the server lacks (facts §3).
OPERATION_FEATURES: Dict[Tuple[str, str], str] = {
    ("RoomService", "kickAll"): "room_kick_all",
    ("RoomService", "hash"): "room_invitation_hash",
    ("RoomService", "count"): "room_count",
    ("RoomService", "users"): "room_users",
    ("RoomService", "counters"): "room_counters",
    ("RoomService", "cleanWb"): "room_clean_wb",
    ("UserService", "kick"): "user_kick",
    ("UserService", "count"): "user_count",
    ("UserService", "get"): "user_get",
    ("FileService", "getAllExternal"): "file_get_all_external",
    ("InfoService", "getVersion"): "info_service",
    ("InfoService", "getHealth"): "health",
    ("InfoService", "getManifest"): "manifest",
}


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
