"""The Axis2 dialect: OpenMeetings 2.1 to 3.0.x behind the same facade as CXF.

Axis2 answers (bare Long/String, negative numbers for errors, getSession before loginUser)
are translated into the 3.1 ServiceResult shape; the translations are plain functions the
tests and the fake share. docs/architecture.md tells how the endpoint is reached.
"""
from __future__ import annotations

import logging
from typing import Any

from ...errors import InvalidArgument, UnexpectedResponse, UnsupportedOperation
from ...results import ExternalUser, RoomOptions, ServiceResult, _as_text
from ...versions import AXIS2_NAMESPACE, NO_PERMISSION
from ..convert import answered_code

log = logging.getLogger("om_soap.axis2")

#: The WSDL target namespace of every Axis2 service (the captured 3.0.7 WSDLs in wsdl_cache/axis2-3.0).
NAMESPACE = AXIS2_NAMESPACE

#: What a 3.x CXF server returns for a missing SOAP right (ServiceResult.NO_PERMISSION, ServiceResult.java @ 3.3.0); the Axis2
#: server returns the bare string "-26" for the same situation.
NOT_ALLOWED = ServiceResult(code=NO_PERMISSION, message="Insufficient permissions", type="ERROR")
#: "-1": the DAO made no hash (or an unexpected error); CXF 3.x says (-1, "Unknown error").
UNKNOWN_ERROR = ServiceResult(code=-1, message="Unknown error", type="ERROR")

PLAIN = "setUserObjectAndGenerateRoomHash"
BY_URL = "setUserObjectAndGenerateRoomHashByURL"
BY_URL_AND_REC_FLAG = "setUserObjectAndGenerateRoomHashByURLAndRecFlag"


# --------------------------------------------------------------------------- translations


def login_result(sid: str | None, code: Any) -> ServiceResult:
    """``loginUser``'s Long as the 3.1 login result (UserWebService.login @ 3.1.0RC1).

    A positive number is the user id: ``(user id, SID, SUCCESS)``. Anything else is an error
    code (-1 failure, -10 unknown user, -11 wrong password, -35 session not updated, -41 not
    activated) with no message, exactly as 3.1-3.2 report it: ``(code, None, ERROR)``.
    """
    try:
        number = int(code)
    except (TypeError, ValueError):
        raise UnexpectedResponse(f"loginUser answered {_as_text(code)!r}, not a number") from None
    if number > 0 and sid:
        return ServiceResult(code=number, message=sid, type="SUCCESS")
    return ServiceResult(code=number if number <= 0 else -1, message=None, type="ERROR")


def hash_result(answer: Any) -> ServiceResult:
    """A ``setUserObjectAndGenerateRoomHash*`` string as the 3.1 getRoomHash result (UserWebService.java @ 3.1.0RC1).

    The Axis2 methods return the hash, or an error code *as a string* (3.0.7RC3
    ``UserWebService.java``): ``"-26"`` without the SOAP right, ``"-1"`` when no hash was
    made. These become what a 3.1 CXF server returns for the same cases:
    ``(-26, "Insufficient permissions", ERROR)`` and ``(-1, "Unknown error", ERROR)``; any
    other negative number becomes ``(code, None, ERROR)`` (3.1 gives no text for codes it
    does not name; :meth:`Axis2Dialect.error_message` looks the text up). An empty answer
    is treated as "-1". A hash is ``(0, hash, SUCCESS)``.
    """
    text = (_as_text(answer) or "").strip()
    if not text:
        return UNKNOWN_ERROR
    try:
        number = int(text)
    except ValueError:
        return ServiceResult(code=0, message=text, type="SUCCESS")
    if number == NOT_ALLOWED.code:
        return NOT_ALLOWED
    if number == UNKNOWN_ERROR.code:
        return UNKNOWN_ERROR
    if number < 0:
        return ServiceResult(code=number, message=None, type="ERROR")
    # A non-negative number is not a code the server documents; OpenMeetings hashes are
    # hex digests, so treat it as a (strange but valid) hash rather than invent an error.
    return ServiceResult(code=0, message=text, type="SUCCESS")


def error_result(value: Any) -> ServiceResult | None:
    """``getErrorByCode``'s ErrorResult as ``(errorId, errmessage, errortype)``.

    Like the 3.1-3.3 ErrorService (ErrorWebService.java @ 3.3.0) the type is a localized label ("Error",
    "Message"), not SUCCESS/ERROR; an unknown id is None (the server returns null).
    """
    if value is None:
        return None
    data = _fields(value)
    if not any(data.get(k) is not None for k in ("errorId", "errmessage", "errortype")):
        return None
    code = answered_code(data.get("errorId"), "getErrorByCode answered a malformed errorId")
    return ServiceResult(
        message_is_secret=False,  # an error text, shown in the repr
        code=code,
        message=_as_text(data.get("errmessage")),
        type=_as_text(data.get("errortype")),
    )


def hash_operation(options: RoomOptions) -> tuple[str, dict[str, int]]:
    """The ``setUserObjectAndGenerateRoomHash*`` operation for ``options`` and its extra part.

    Read at 3.0.7RC3 ``UserWebService.java``: the plain variant makes a single-use hash
    (allowSameURLMultipleTimes false), ``...ByURL`` a reusable one, and both always allow
    recording; only ``...ByURLAndRecFlag`` takes ``allowRecording``, and it always makes a
    reusable hash. So:

    ============================  ==============  ==================================
    allow_same_url_multiple_times allow_recording operation
    ============================  ==============  ==================================
    False                         True            setUserObjectAndGenerateRoomHash
    True                          True            ...ByURL
    True                          False           ...ByURLAndRecFlag, allowRecording=0
    False                         False           setUserObjectAndGenerateRoomHash
    ============================  ==============  ==================================

    The last row cannot be honoured exactly on Axis2: no operation makes a single-use hash
    without recording. Keeping the hash single-use (and letting the room's own recording
    setting decide) is the safer of the two wrongs and what Axis2-era integrations did;
    it is logged at INFO.
    """
    if options.allow_same_url_multiple_times:
        if options.allow_recording:
            return BY_URL, {}
        return BY_URL_AND_REC_FLAG, {"allowRecording": 0}
    if not options.allow_recording:
        log.info(
            "OpenMeetings 2.x/3.0 cannot make a single-use hash without recording; "
            "the hash stays single-use and recording follows the room"
        )
    return PLAIN, {}


def hash_parameters(user: ExternalUser, options: RoomOptions) -> dict[str, Any]:
    """The user and room parts every setUserObjectAndGenerateRoomHash* operation takes
    (src/axis/.../UserWebService.java @ 3.0.7RC3); the booleans travel as ints (0/1), as Axis2's signatures demand."""
    if options.room_id is None:
        raise InvalidArgument(
            "OpenMeetings 2.x/3.0 needs RoomOptions.room_id (external room ids arrived in 5.0.1)"
        )
    return {
        "username": user.login,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "profilePictureUrl": user.profile_picture_url,
        "email": user.email,
        "externalUserId": user.external_id,
        "externalUserType": user.external_type,
        "room_id": int(options.room_id),
        "becomeModeratorAsInt": 1 if options.moderator else 0,
        "showAudioVideoTestAsInt": 1 if options.show_audio_video_test else 0,
    }


def session_id(value: Any) -> str:
    """The SID inside ``getSession``'s Sessiondata (its ``session_id``, src/axis/.../UserWebService.java @ 3.0.7RC3)."""
    sid = _as_text(_fields(value).get("session_id")) if value is not None else None
    if not sid:
        raise UnexpectedResponse("getSession answered without a session_id")
    return sid


def _fields(value: Any) -> dict[str, Any]:
    """A zeep object (or a dict) as a plain dict of its top-level fields."""
    if isinstance(value, dict):
        return value
    try:
        return {k: value[k] for k in value}
    except TypeError:
        return {k: getattr(value, k) for k in dir(value) if not k.startswith("_")}


# --------------------------------------------------------------------------- the dialect


class Axis2Dialect:
    """OpenMeetings 2.1-3.0.x (Apache Axis2): the operations behind the facade methods.

    Same interface as :class:`om_soap.client.CxfDialect`.
    """

    stack = "axis2"

    def __init__(self, client: Any) -> None:
        self.client = client

    def login(self, user: str, password: str) -> ServiceResult:
        """``getSession`` then ``loginUser(SID, username, userpass)`` (src/axis/.../UserWebService.java @ 3.0.7RC3)."""
        sid = session_id(self.client.call("UserService", "getSession"))
        code = self.client.call("UserService", "loginUser", SID=sid, username=user, userpass=password)
        return login_result(sid, code)

    def get_room_hash(self, sid: str | None, user: ExternalUser, options: RoomOptions) -> ServiceResult:
        operation, extra = hash_operation(options)
        params = hash_parameters(user, options)
        params.update(extra)
        if sid is not None:
            params["SID"] = sid
        value = self.client.call("UserService", operation, _repeat=False, **params)
        return hash_result(value)

    def error_message(self, id_or_key: int | str, language: int) -> ServiceResult | None:
        """``getErrorByCode(SID, errorid, language_id)``.

        The server does not check the SID here (read at 3.0.7RC3), so the current one, or an
        empty one before login, is sent.
        """
        number = self.client._error_number(id_or_key, "code (such as -11)")
        value = self.client.call(
            "UserService", "getErrorByCode", SID=self.client.sid or "", errorid=number, language_id=int(language)
        )
        return error_result(value)

    def version(self) -> str:
        raise UnsupportedOperation(
            "OpenMeetings 2.x/3.0 (Axis2) has no InfoService; the version comes from the WSDL",
            first_version="3.1.3",
        )


#: What :func:`om_soap.client.dialect_class` picks up for ``stack == "axis2"``.
DIALECT = Axis2Dialect

__all__ = [
    "DIALECT",
    "NAMESPACE",
    "NOT_ALLOWED",
    "UNKNOWN_ERROR",
    "Axis2Dialect",
    "error_result",
    "hash_operation",
    "hash_parameters",
    "hash_result",
    "login_result",
    "session_id",
]
