"""The fake's entities and fixed tables: users, rooms, sessions, hashes, the result texts.

Plain data (no behaviour beyond a test clock); :class:`~om_soap.fake.models.FakeState` holds and
changes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

SUCCESS, ERROR = "SUCCESS", "ERROR"
#: CleanupJob.sessionTimeout = 30 min after the last use (CleanupJob.java @ 9.1.0).
SESSION_TIMEOUT = 30 * 60
#: UserDao.badPwdPenalty sleeps nextLong(6, 16) seconds on 9.x (UserDao.java @ 9.1.0).
BAD_PASSWORD_DELAY = (6.0, 15.0)

#: Canonical right names (5.0+ spelling) -> the 3.x/4.0 CamelCase spelling (User.Right in
#: openmeetings-db .../entity/user/User.java @ 4.0.11: Admin, GroupAdmin, Room, ...).
RIGHTS_CAMEL = {
    "ADMIN": "Admin", "GROUP_ADMIN": "GroupAdmin", "ROOM": "Room",
    "DASHBOARD": "Dashboard", "LOGIN": "Login", "SOAP": "Soap",
}
ALL_RIGHTS = tuple(RIGHTS_CAMEL)

#: UserDao.login @ 3.1.0RC1 .. 3.3.2RC1 throws OmException(msg) without a code for a user in no
#: group; UserWebService.login answers (-1, message, ERROR) for it.
NO_GROUP = "No Group assigned to user"
#: Enum.valueOf's messages for Room.Type (openmeetings-db .../entity/room/Room.java, the same
#: class from 3.1.0RC1 to 9.1.0): an unknown name, and a null one.
ROOM_TYPE_CLASS = "org.apache.openmeetings.db.entity.room.Room.Type"
NAME_IS_NULL = "Name is null"

#: Login failures by family (UserWebService.java @ 3.2.1RC3, 3.3.0, 4.0.11; docs/openmeetings-versions.md "Result codes and messages"): (code, message) for coded families, message for keyed.
_LOGIN_FAILURES: Dict[str, Dict[str, Tuple[Optional[int], Optional[str]]]] = {
    "3.1": {"unknown": (-10, None), "password": (-11, None), "inactive": (-41, None),
            "nogroup": (-1, NO_GROUP)},
    "3.3": {"unknown": (-1, "Login failed"), "password": (-1, "Login failed"), "inactive": (-41, None),
            "nogroup": (-1, NO_GROUP)},
}
_LOGIN_FAILURES_KEYED = {
    "unknown": (None, "error.bad.credentials"),
    "password": (None, "error.bad.credentials"),
    "inactive": (None, "error.notactivated"),
    "nogroup": (None, "error.nogroup"),
}

#: 3.x ErrorService rows (ErrorWebService.java @ 3.3.0: ErrorDao.get(-id), its label by LabelDao): id -> (English text, type label); per family where
#: the texts differ (3.1.2 vs 3.3.0; row -11 was removed in 3.3.0).
_ERRORS_BY_ID: Dict[str, Dict[int, Tuple[str, str]]] = {
    "3.1": {
        -1: ("Unknown error. Please report this to the administrator.", "Error"),
        -10: ("Username not found", "Error"),
        -11: ("Invalid password", "Error"),
        -26: ("Admin authorization required", "Error"),
        -35: ("This user is already a member of this usergroup", "Error"),
        -41: (("Your account is not activated. Please use the link in the email you received during "
               "registration."), "Error"),
    },
}
_ERRORS_BY_ID["3.3"] = {
    **{k: v for k, v in _ERRORS_BY_ID["3.1"].items() if k != -11},
    -10: ("Username/email and/or password are incorrect.", "Error"),
}
#: 4.0+ ErrorService keys (ErrorWebService.java @ 4.0.11; Application.properties.xml), English.
ERROR_KEYS: Dict[str, str] = {
    "error.bad.credentials": "Username/email and/or password are incorrect.",
    "error.notallowed": "Admin authorization required",
    "error.unknown": "Unknown error. Please report this to the administrator.",
    "error.notactivated": _ERRORS_BY_ID["3.1"][-41][0],
    "error.nogroup": "User is not assigned to group.",
}
#: What a null-message exception (an NPE for a missing DTO) shows as faultstring: CXF's
#: default text (INFERRED: CXF Fault for a null message).
NULL_MESSAGE = "Fault occurred while processing."
#: UserService.add on 4.0.6+ when the config ``allow.soap.register`` is false (UserWebService.java @ 4.0.6RC1).
SOAP_REGISTER_DENIED = "Soap register is denied in Settings"


class ServiceException(Exception):
    """OpenMeetings' ServiceException: a SOAP fault, REST HTTP 500 (real 9.1.0:
    tests/transcripts/9.1.0/14-soap_get_room_hash_bad_sid.json, 17-rest_get_room_hash_bad_sid.json)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotImplementedByFake(Exception):
    """An operation the WSDL declares but the fake does not imitate."""


class EntryRefused(Exception):
    """The entry page refuses a hash (unknown, used, or its session is gone)."""


class ManualClock:
    """A clock for tests: ``clock.advance(31 * 60)`` instead of waiting."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class User:
    id: int
    login: str
    password: Optional[str]
    firstname: Optional[str] = None
    lastname: Optional[str] = None
    email: Optional[str] = None
    rights: Tuple[str, ...] = ("LOGIN", "DASHBOARD", "ROOM")
    type: str = "USER"  # canonical: USER, EXTERNAL, ...
    external_id: Optional[str] = None
    external_type: Optional[str] = None
    language_id: int = 1
    time_zone_id: str = "Europe/Berlin"
    picture_uri: Optional[str] = None
    groups: List[int] = field(default_factory=list)
    #: address.country: "" for the installer's admin and users made by entering a hash, unset for
    #: users added over the API (real 9.1.0: tests/transcripts/9.1.0/37-rest_user_list_1.json,
    #: 38-soap_user_add.json).
    country: Optional[str] = None


@dataclass
class Room:
    id: int
    name: str
    type: int  # index into the version's Room.Type enum: 0 conference, 1 second, -1 interview
    is_public: bool = True
    comment: Optional[str] = None
    capacity: int = 25
    closed: bool = False
    external_id: Optional[str] = None
    external_type: Optional[str] = None
    moderated: bool = False
    allow_recording: bool = True
    #: The installer's rooms allow questions; a room added over the API without the flag does
    #: not (real 9.1.0: tests/transcripts/9.1.0/26-soap_room_add.json answers false).
    allow_user_questions: bool = True
    audio_only: bool = False
    extra: Dict[str, Any] = field(default_factory=dict)


@dataclass
class Session:
    sid: str
    user_id: Optional[int]
    last_used: float
    permanent: bool = False
    #: The external user of the last getRoomHash with this SID (``sd.setXml``, UserWebService.java @ 9.1.0).
    external_user: Optional[Dict[str, Any]] = None


@dataclass
class RoomHash:
    hash: str
    sid: str
    options: Dict[str, Any]
    used: bool = False


@dataclass
class Client:
    """Someone in a room (created by entering with a hash)."""

    uid: str
    user_id: int
    room_id: int
    moderator: bool
