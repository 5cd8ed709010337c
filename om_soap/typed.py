"""Typed methods for the whole API, defined once for both protocols.

:class:`TypedApi` checks the server's version against the row of :mod:`om_soap.operations`,
prepares the arguments and hands the row to the client's ``_invoke_typed``: over SOAP
:func:`om_soap.soap.invoke.soap_invoke`, over REST :func:`om_soap.rest.invoke.rest_invoke`.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence, Union

from .errors import InvalidArgument, UnsupportedOperation
from .operations import (
    ENUM_FIELDS,
    NESTED_DTOS,
    OPERATIONS,
    VERSIONED_FIELDS,
    RestRoute,
    SoapRoute,
    TypedOperation,
)
from .results import RestObject, ServiceResult
from .versions import Family, ServerVersion

Route = Union[SoapRoute, RestRoute]
Json = Dict[str, Any]
When = Union[datetime.datetime, datetime.date, str]

# --------------------------------------------------------------------------- enum spelling


def spell_enum(value: Any, style: str, family: Family) -> Any:
    """``value`` in the spelling of ``family`` (Room.java Type @ 4.0.11 vs 5.0.0), so a caller may write
    ``conference`` or ``CONFERENCE``, ``GroupAdmin`` or ``GROUP_ADMIN`` on any version.

    From 5.0 every enum is UPPER_CASE with underscores; before, room and user types are
    lower case (``style="lower"``) and rights, room elements and validity are CamelCase
    (``style="camel"``).
    """
    if not isinstance(value, str) or not value:
        return value
    if family.enum_case == "upper":
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value).upper()
    if style == "lower":
        return value.replace("_", "").lower()
    if "_" in value or value.isupper() or value.islower():
        return "".join(part[:1].upper() + part[1:].lower() for part in value.split("_"))
    return value[:1].upper() + value[1:]


def prepare_dto(type_name: str, data: Any, version: ServerVersion, what: str) -> Json:
    """A copy of a REST JSON DTO with its enums spelled for ``version`` (nested DTOs too)."""
    if not isinstance(data, Mapping):
        raise InvalidArgument(f"{what} must be a dict of {type_name} JSON fields, not {type(data).__name__}")
    out: Json = dict(data)
    for new, old, feature in VERSIONED_FIELDS.get(type_name, ()):
        have, lack = (new, old) if version.has(feature) else (old, new)
        if lack in out and have not in out:
            out[have] = out.pop(lack)
    for field, style in ENUM_FIELDS.get(type_name, {}).items():
        value = out.get(field)
        if isinstance(value, (list, tuple)):
            out[field] = [spell_enum(v, style, version.family) for v in value]
        elif value is not None:
            out[field] = spell_enum(value, style, version.family)
    for field, nested in NESTED_DTOS.get(type_name, {}).items():
        if isinstance(out.get(field), Mapping):
            out[field] = prepare_dto(nested, out[field], version, f"{what}.{field}")
    return out


# --------------------------------------------------------------------------- arguments


def _check_id(name: str, value: Any, optional: bool) -> Optional[int]:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidArgument(f"{name} must be an integer id, not {value!r}")
    try:
        return int(value)
    except ValueError:
        raise InvalidArgument(f"{name} must be an integer id, not {value!r}") from None


def prepare_args(row: TypedOperation, given: Mapping[str, Any], version: ServerVersion) -> Json:
    """Check and convert the arguments of one typed call (InvalidArgument says which is wrong)."""
    unknown = [k for k in given if k not in row.param_names]
    if unknown:
        raise InvalidArgument(
            f"{row.name} has no parameter {', '.join(map(repr, unknown))}; it takes {', '.join(row.param_names)}"
        )
    out: Json = {}
    for param in row.params:
        optional = not param.required
        if param.name not in given:
            if param.required:
                raise InvalidArgument(f"{row.name} needs {param.name}")
            out[param.name] = param.default
            continue
        value = given[param.name]
        kind = param.kind
        if value is None and optional:
            out[param.name] = None
        elif kind in ("id", "int"):
            out[param.name] = _check_id(param.name, value, optional)
        elif kind == "text":
            if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value) == "":
                raise InvalidArgument(f"{param.name} must be non-empty text, not {value!r}")
            out[param.name] = str(value)
        elif kind == "bool":
            if not isinstance(value, bool):
                raise InvalidArgument(f"{param.name} must be True or False, not {value!r}")
            out[param.name] = value
        elif kind == "datetime":
            if not isinstance(value, (datetime.datetime, datetime.date, str)) or value == "":
                raise InvalidArgument(
                    f"{param.name} must be a datetime or ISO 8601 text such as '2024-05-01T09:00:00', not {value!r}"
                )
            out[param.name] = xsd_datetime(value)
        elif kind == "bytes":
            if not isinstance(value, (bytes, bytearray)):
                raise InvalidArgument(f"{param.name} must be bytes (the file's content), not {type(value).__name__}")
            out[param.name] = bytes(value)
        elif kind == "room_type":
            if not isinstance(value, str) or not value:
                raise InvalidArgument(f"{param.name} must be a room type such as 'conference', not {value!r}")
            out[param.name] = spell_enum(value, "lower", version.family)
        elif kind.startswith("dto:"):
            out[param.name] = prepare_dto(kind[4:], value, version, param.name)
        else:  # pragma: no cover - a table error
            raise AssertionError(f"unknown parameter kind {kind!r} in {row.name}")
    return out


def choose_route(routes: Sequence[Route], args: Mapping[str, Any], version: ServerVersion, what: str) -> Route:
    """The first route this version has (its ``when`` feature) whose ``unless_given``
    arguments were not given; else :class:`UnsupportedOperation` naming the first version
    of the first route the arguments allow."""
    allowed = [r for r in routes if not any(args.get(name) is not None for name in r.unless_given)]
    for route in allowed:
        if route.when is None or version.has(route.when):
            missing = [name for name in route.needs if args.get(name) is None]
            if missing:
                raise InvalidArgument(
                    f"{what} on OpenMeetings {version.text} goes to {_describe(route)}, which needs "
                    f"{', '.join(missing)}"
                )
            return route
    for route in allowed:
        if route.when is not None:
            version.require(route.when, what)
    raise UnsupportedOperation(f"{what} has no route for OpenMeetings {version.text}")  # pragma: no cover


def _describe(route: Route) -> str:
    if isinstance(route, SoapRoute):
        return f"{route.service}.{route.operation}"
    return f"{route.method} {route.path}"


def _what(row: TypedOperation) -> str:
    return f"{row.name} ({' / '.join(dict.fromkeys(_describe(r) for r in row.soap))})"


# --------------------------------------------------------------------------- the mixin


class TypedApi:
    """The typed methods; the class mixing this in provides ``server_version`` and
    ``_invoke_typed(row, args)`` (one protocol's way of sending a row)."""

    if TYPE_CHECKING:  # provided by the client class

        @property
        def server_version(self) -> ServerVersion: ...

    def _invoke_typed(self, row: TypedOperation, args: Json) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} does not send typed operations")

    def _typed(self, _operation: str, **given: Any) -> Any:
        row = OPERATIONS[_operation]
        version = self.server_version
        if row.feature:
            version.require(row.feature, _what(row))
        return self._invoke_typed(row, prepare_args(row, given, version))

    # -- rooms

    def add_room(self, room: Mapping[str, Any]) -> Optional[RestObject]:
        """Create a room (RoomService.add, POST /room/; every CXF version): the new roomDTO.

        ``room`` is the REST JSON (``{"name": "r", "type": "conference", "capacity": 10,
        ...}``); the type may be spelled for any version. Over SOAP only the fields this
        server's roomDTO declares may be given (``capacity`` is ``numberOfPartizipants``
        before 4.0 and either name is accepted).
        """
        return self._typed("add_room", room=room)

    def get_room(self, room_id: int) -> Optional[RestObject]:
        """The roomDTO of ``room_id`` (RoomService.getRoomById, GET /room/{id}), None if absent."""
        return self._typed("get_room", room_id=room_id)

    def get_or_create_external_room(
        self, type: str, external_type: str, external_id: str, room: Optional[Mapping[str, Any]] = None
    ) -> Optional[RestObject]:
        """The room of an external system (RoomService.getExternal), created from ``room``
        when there is none: how the Moodle/ILIAS plugins map a course to a room.

        Over REST only from 6.0: before, the path template misspells ``externalid`` (RoomWebService.java
        @ 5.1.0, fixed @ 6.0.0), so :class:`UnsupportedOperation` says to use SOAP.
        """
        return self._typed("get_or_create_external_room", type=type, external_type=external_type,
                           external_id=external_id, room=room)

    def get_external_room(
        self, type: str, external_type: str, external_id: str, room: Optional[Mapping[str, Any]] = None
    ) -> Optional[RestObject]:
        """Same as :meth:`get_or_create_external_room` (the name RestClient and parity use)."""
        return self.get_or_create_external_room(type, external_type, external_id, room)

    def delete_room(self, room_id: int) -> ServiceResult:
        """Delete a room (RoomService.delete): "Deleted" or "Not found", both SUCCESS (RoomWebService.java @ 4.0.11)."""
        return self._typed("delete_room", room_id=room_id)

    def open_room(self, room_id: int) -> ServiceResult:
        """Open a closed room (RoomService.open, GET /room/open/{id}): "Opened"."""
        return self._typed("open_room", room_id=room_id)

    def close_room(self, room_id: int) -> ServiceResult:
        """Close a room (RoomService.close, GET /room/close/{id}): "Closed"."""
        return self._typed("close_room", room_id=room_id)

    def kick_user(self, room_id: int, external_type: str, external_id: str) -> ServiceResult:
        """Kick one external user out of a room (RoomService.kick with four parts, GET
        /room/kick/{id}/{externalType}/{externalId}); from 4.0.7 (RoomWebService.java @ 4.0.7RC1)."""
        return self._typed("kick_user", room_id=room_id, external_type=external_type, external_id=external_id)

    def kick_all(self, room_id: int) -> ServiceResult:
        """Kick everybody out of a room: RoomService.kickAll from 4.0.7, RoomService.kick
        (two parts) before (same REST path, GET /room/kick/{id}; RoomWebService.java @ 4.0.6RC1)."""
        return self._typed("kick_all", room_id=room_id)

    def room_count(self, room_id: int) -> ServiceResult:
        """How many are in a room: RoomService.count from 4.0.6 (message = the count),
        UserService.count before (3.3: code = the count; 3.1-3.2: a bare number)."""
        return self._typed("room_count", room_id=room_id)

    def room_users(self, room_id: int) -> RestObject:
        """The userDTOs in a room (RoomService.users, GET /room/users/{id}); from 4.0.6."""
        return self._typed("room_users", room_id=room_id)

    def invitation_hash(self, invite: Mapping[str, Any], send_mail: bool = False) -> ServiceResult:
        """An invitation hash (RoomService.hash; message = the hash, entered through
        ``hash?invitation=``); from 4.0.0, private in every 3.x (RoomWebService.java @ 3.3.0).

        ``invite`` is the invitationDTO JSON (``roomId``, ``email``, ``valid``, ...; ``valid``
        may be ``OneTime`` or ``ONE_TIME`` on any version).
        """
        return self._typed("invitation_hash", invite=invite, send_mail=send_mail)

    def clean_wb(self, room_id: int, wb_id: Optional[int] = None) -> ServiceResult:
        """Clean a room's whiteboard: RoomService.cleanWb(id) (4.0.6-6.3) when no ``wb_id`` is
        given, else WbService.cleanWb(roomid, wbid) (5.0+). From 7.0 only WbService exists,
        so ``wb_id`` is needed there (WbWebService.java @ 5.0.0 and 7.2.0)."""
        return self._typed("clean_wb", room_id=room_id, wb_id=wb_id)

    def public_rooms(self, type: str) -> RestObject:
        """The public rooms of a type (RoomService.getPublic, GET /room/public/{type})."""
        return self._typed("public_rooms", type=type)

    # -- users

    def add_user(self, user: Mapping[str, Any], confirm: bool = False) -> Optional[RestObject]:
        """Create a user (UserService.add): the new userDTO. ``user`` is the REST JSON
        (``address.email`` on input; the 5.0+ WSDL calls it ``mail``, either is accepted)."""
        return self._typed("add_user", user=user, confirm=confirm)

    def get_users(self) -> RestObject:
        """Every user (UserService.get, GET /user/), always as a list; from 3.1.2."""
        return self._typed("get_users")

    def delete_user(self, user_id: int) -> ServiceResult:
        """Delete a user by id (UserService.delete, needs the ADMIN right): "Deleted"."""
        return self._typed("delete_user", user_id=user_id)

    def delete_external_user(self, external_type: str, external_id: str) -> ServiceResult:
        """Delete a user by external id (UserService.deleteExternal, needs ADMIN)."""
        return self._typed("delete_external_user", external_type=external_type, external_id=external_id)

    # -- recordings

    def recordings_by_external_id(self, external_type: str, external_id: str) -> RestObject:
        """Recordings of one external user (RecordService.getExternal)."""
        return self._typed("recordings_by_external_id", external_type=external_type, external_id=external_id)

    def recordings_by_type(self, external_type: str) -> RestObject:
        """Recordings of an external system (RecordService.getExternalByType)."""
        return self._typed("recordings_by_type", external_type=external_type)

    def recordings_by_room(self, room_id: int) -> RestObject:
        """Recordings of a room (RecordService.getExternalByRoom, GET /record/room/{id})."""
        return self._typed("recordings_by_room", room_id=room_id)

    def delete_recording(self, recording_id: int) -> ServiceResult:
        """Delete a recording (RecordService.delete)."""
        return self._typed("delete_recording", recording_id=recording_id)

    # -- files

    def room_files(self, room_id: int) -> Optional[RestObject]:
        """A room's file explorer (FileService.getRoom): fileExplorerObject with
        ``roomHome``/``userHome`` item lists and sizes."""
        return self._typed("room_files", room_id=room_id)

    def upload_file(self, file: Mapping[str, Any], content: bytes) -> Optional[RestObject]:
        """Upload a file (FileService.add): ``file`` is the item JSON (``name``, ``roomId``,
        ``type``, ``externalId``...), ``content`` the bytes: a multipart body (parts ``file``
        and ``stream``) over REST (FileWebService.java @ 9.1.0). Over SOAP only ``content=b''``
        (the item without content): a real server cannot read an InputStream from XML (real
        9.1.0, see om_soap/soap/invoke.py)."""
        return self._typed("upload_file", file=file, content=content)

    def delete_file(self, file_id: int) -> ServiceResult:
        """Delete a file (FileService.delete)."""
        return self._typed("delete_file", file_id=file_id)

    def external_files(self, external_type: str) -> RestObject:
        """Every file of an external system (FileService.getAllExternal); from 4.0.0."""
        return self._typed("external_files", external_type=external_type)

    # -- calendar

    def calendar_range(self, start: When, end: When) -> RestObject:
        """The caller's appointments between ``start`` and ``end`` (CalendarService.range)."""
        return self._typed("calendar_range", start=start, end=end)

    def save_appointment(self, appointment: Mapping[str, Any]) -> Optional[RestObject]:
        """Create or update an appointment (CalendarService.save): the saved appointmentDTO."""
        return self._typed("save_appointment", appointment=appointment)

    def delete_appointment(self, appointment_id: int) -> ServiceResult:
        """Delete an appointment (CalendarService.delete)."""
        return self._typed("delete_appointment", appointment_id=appointment_id)

    # -- groups

    def add_group(self, name: str) -> ServiceResult:
        """Create a group (GroupService.add, POST /group/?name=); the result names the new id
        (INFERRED: in its message, and its code on 3.x)."""
        return self._typed("add_group", name=name)

    def add_user_to_group(self, group_id: int, user_id: int) -> ServiceResult:
        """Add a user to a group (GroupService.addUser)."""
        return self._typed("add_user_to_group", group_id=group_id, user_id=user_id)

    def add_room_to_group(self, group_id: int, room_id: int) -> ServiceResult:
        """Add a room to a group (GroupService.addRoom); over REST from 4.0 (GroupWebService.java @ 4.0.3)."""
        return self._typed("add_room_to_group", group_id=group_id, room_id=room_id)

    def get_groups(self) -> RestObject:
        """Every group (GroupService.get)."""
        return self._typed("get_groups")


def xsd_datetime(value: Any) -> Any:
    """A datetime or date as xs:dateTime/xs:date text, UTC written ``Z``; anything else as is.

    Both protocols send this same text, whatever zeep version renders datetimes (zeep 4.3.2
    writes ``+00:00``, 4.3.3 ``Z``)."""
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


__all__ = ["TypedApi", "choose_route", "prepare_args", "prepare_dto", "spell_enum", "xsd_datetime"]
