"""The fake's state and OpenMeetings semantics: users, rooms, sessions, hashes.

No HTTP, XML or JSON here (moto's ``models.py``): the wire modules turn requests into calls
on :class:`FakeState` and render what it returns. Values come back as plain Python:
:class:`~om_soap.results.ServiceResult`, DTO dicts keyed by the XML/JSON field names, lists
of them, ints, or ``None``; a :class:`ServiceException` is what OpenMeetings throws (a SOAP
fault, an HTTP 500 over REST).

Which behaviour applies is read from :mod:`om_soap.versions` (the family and its features)
and from the version's bundled WSDL (enum spellings, operations); the small tables below
only hold result texts that the facts give per family.
"""
from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from ..errors import InvalidArgument, UnsupportedVersion
from ..results import ServiceResult
from ..versions import ServerVersion, parse
from . import release

SUCCESS, ERROR = "SUCCESS", "ERROR"
#: Facts §5.3: CleanupJob.sessionTimeout = 30 min after the last use.
SESSION_TIMEOUT = 30 * 60
#: Facts §3.5: UserDao.badPwdPenalty sleeps nextLong(6, 16) seconds on 9.x.
BAD_PASSWORD_DELAY = (6.0, 15.0)

#: Canonical right names (5.0+ spelling) -> the 3.x/4.0 CamelCase spelling (facts §4.4).
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

#: Login failures by family (facts §5.1): (code, message) for coded families, message for keyed.
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

#: 3.x ErrorService rows (facts §5.6): id -> (English text, type label); per family where
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
#: 4.0+ ErrorService keys (facts §5.6), English.
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
#: UserService.add on 4.0.6+ when the config ``allow.soap.register`` is false (facts §3.2).
SOAP_REGISTER_DENIED = "Soap register is denied in Settings"


class ServiceException(Exception):
    """OpenMeetings' ServiceException: a SOAP fault, REST HTTP 500 (facts §5.3, §5.4)."""

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
    #: The external user of the last getRoomHash with this SID (OM's ``sd.setXml``, facts §5.2).
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


class FakeState:
    """One OpenMeetings server's data and rules; every method is thread-safe."""

    def __init__(
        self,
        om_version: str = "4.0",
        admin: Tuple[str, str] = ("admin", "12345"),
        *,
        clock: Optional[Callable[[], float]] = None,
        bad_password_delay: Tuple[float, float] = BAD_PASSWORD_DELAY,
        sleep: Callable[[float], None] = time.sleep,
        allow_soap_register: bool = True,
        admin_email: Optional[str] = None,
    ) -> None:
        version = parse(om_version)
        if version.is_axis2:
            raise UnsupportedVersion(
                f"FakeState imitates the CXF families (3.1-9.1), not the Axis2 line of OpenMeetings "
                f"{version.text}; FakeOpenMeetings({om_version!r}) builds its Axis2 state "
                "(om_soap.fake.axis2.make_state)",
            )
        self.version: ServerVersion = version
        self.family = version.family
        #: The line's snapshot as this exact release had it (om_soap.fake.release).
        self.snapshot = release.snapshot_for(version)
        self.clock = clock or time.monotonic
        self.bad_password_delay = bad_password_delay
        self.sleep = sleep
        #: The server's config ``allow.soap.register``: from 4.0.6 UserService.add refuses
        #: unless it is true (facts §3.2). A real server reads it from its configuration; the
        #: fake allows by default so that integrators' tests can add users.
        self.allow_soap_register = allow_soap_register
        self.lock = threading.RLock()
        self.users: Dict[int, User] = {}
        self.rooms: Dict[int, Room] = {}
        self.sessions: Dict[str, Session] = {}
        self.hashes: Dict[str, RoomHash] = {}
        self.clients: Dict[str, Client] = {}
        self.groups: Dict[int, Dict[str, Any]] = {}
        self.invitations: Dict[str, Dict[str, Any]] = {}
        #: Recordings as recordingDTO dicts; tests may append their own.
        self.recordings: List[Dict[str, Any]] = []
        #: Calendar appointments and uploaded files (see :mod:`om_soap.fake.content`), by id;
        #: of each file only the first bytes are kept.
        self.appointments: Dict[int, Dict[str, Any]] = {}
        self.files: Dict[int, Dict[str, Any]] = {}
        self.file_bytes: Dict[int, bytes] = {}
        self.error_reports: List[str] = []
        self._ids = {"user": 0, "room": 0, "group": 0, "client": 0, "appointment": 0, "file": 0}
        self._room_types = self._enum("RoomService", "roomDTO", "type") or ["conference", "interview"]
        # The installer's admin (ImportInitvalues.loadInitUserAndGroup @ 9.1.0): first and last
        # name "firstname"/"lastname", every right but GROUP_ADMIN, in the installer's group
        # "admins" (real 9.1.0: tests/transcripts/9.1.0/37-rest_user_list_1.json, 47-rest_group_list.json).
        self.admin = self.add_user(admin[0], admin[1], rights=("ROOM", "LOGIN", "DASHBOARD", "SOAP", "ADMIN"),
                                   firstname="firstname", lastname="lastname", email=admin_email)
        self.admin.country = ""
        self._seed_rooms()
        self.add_group("admins")
        self.users[self.admin.id].groups = [1]

    # -- spelling: enum values come from the version's WSDL -----------------------------
    def _enum(self, service: str, type_name: str, field_name: str) -> List[str]:
        svc = self.snapshot.services.get(service)
        if not svc:
            return []
        for f in svc.types.get(type_name, []):
            if f.name == field_name and f.type.startswith("enum:"):
                return svc.enums.get(f.type[5:], [])
        return []

    def spell_right(self, right: str) -> str:
        return RIGHTS_CAMEL[right] if self.family.enum_case == "camel" else right

    def spell_user_type(self, kind: str) -> str:
        return kind.lower() if self.family.enum_case == "camel" else kind

    @property
    def room_types(self) -> List[str]:
        """The version's Room.Type names, as its WSDL spells them."""
        return list(self._room_types)

    def room_type_name(self, room: Room) -> str:
        return self._room_types[room.type]

    def room_type_index(self, name: Optional[str]) -> int:
        if name in self._room_types:
            return self._room_types.index(name)
        if name and name.upper() in [t.upper() for t in self._room_types]:
            return [t.upper() for t in self._room_types].index(name.upper())
        raise ServiceException("Room should have valid type")

    # -- seeding --------------------------------------------------------------------------
    def _next(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    def next_id(self, kind: str) -> int:
        """A new id for a ``kind`` of object ("appointment", "file", ...)."""
        with self.lock:
            return self._next(kind)

    def _seed_rooms(self) -> None:
        if "presentation" not in [t.lower() for t in self._room_types]:
            second = 1 if len(self._room_types) > 2 else 0
            for name, kind in (
                ("Public Conference Room", 0), ("Public Video Only Room", 0),
                ("Public Video And Whiteboard Room", 0), ("Public Presentation Room", second),
                ("Conference room", 0), ("Interview Room", -1 % len(self._room_types)),
            ):
                self.add_room(name, kind)
            return
        # The installer's rooms, in its order (ImportInitvalues.loadDefaultRooms @ 4.0.11, 5.1.0,
        # 9.1.0; names from Application.properties.xml @ 9.1.0): every one has comment "" there,
        # allowUserQuestions and MICROPHONE_STATUS hidden, the "microphone option set" rooms
        # show it; ids 1-8 as the real 5.1.0-9.1.0 servers list them
        # (tests/transcripts/9.1.0/08-rest_room_public_conference.json .. 10-...interview.json).
        camel = self.family.enum_case == "camel"
        mic, wb = ("MicrophoneStatus", "Whiteboard") if camel else ("MICROPHONE_STATUS", "WHITEBOARD")
        conference, presentation, interview = (self.room_type_index(t) for t in ("CONFERENCE", "PRESENTATION",
                                                                                  "INTERVIEW"))
        for name, kind, capacity, public, hidden in (
            ("Public Interview Room", interview, 16, True, [mic]),
            ("Public Conference Room", conference, 32, True, [mic]),
            ("Public Video Only Room", conference, 32, True, [wb, mic]),
            ("Public Video And Whiteboard Room", conference, 32, True, [mic]),
            ("Public Presentation Room", presentation, 100, True, [mic]),
            ("Presentation room with microphone option set", presentation, 100, True, []),
            ("Conference room with microphone option set", conference, 32, True, []),
            ("Private Conference Room", conference, 32, False, [mic]),
        ):
            # comment "" is not kept: the SOAP client reads an empty element as null, so SOAP and
            # REST answers would differ (tests/test_transcripts.py ACCEPTED lists it).
            self.add_room(name, kind, capacity=capacity, is_public=public,
                          extra={"hiddenElements": hidden})

    def add_user(
        self, login: str, password: Optional[str], *, rights: Iterable[str] = ("LOGIN", "DASHBOARD", "ROOM"),
        firstname: Optional[str] = None, lastname: Optional[str] = None, email: Optional[str] = None,
        kind: str = "USER", external_id: Optional[str] = None, external_type: Optional[str] = None,
        groups: Optional[Iterable[int]] = None,
    ) -> User:
        """Add a user directly (test set-up); rights use the 5.0+ names (``"SOAP"``).

        ``groups`` defaults to the default group (id 1), as UserService.add does
        (UserWebService.java @ 4.0.6RC1: ``getDefaultGroup()``); ``groups=()`` makes a user in
        no group, whom login refuses."""
        rights = tuple(rights)
        unknown = set(rights) - set(ALL_RIGHTS)
        if unknown:
            raise InvalidArgument(f"unknown right(s) {sorted(unknown)}; use {', '.join(ALL_RIGHTS)}")
        with self.lock:
            user = User(self._next("user"), login, password, firstname, lastname, email, rights, kind,
                        external_id, external_type)
            user.groups = [1] if groups is None and 1 in self.groups else list(groups or ())
            self.users[user.id] = user
            return user

    def add_room(self, name: str, kind: int = 0, **attrs: Any) -> Room:
        with self.lock:
            room = Room(self._next("room"), name, kind, **attrs)
            self.rooms[room.id] = room
            return room

    def add_group(self, name: str) -> Dict[str, Any]:
        with self.lock:
            gid = self._next("group")
            group: Dict[str, Any] = {"id": gid, "name": name, "users": [], "rooms": []}
            self.groups[gid] = group
            return group

    # -- results --------------------------------------------------------------------------
    def result(self, message: Optional[str], kind: str = SUCCESS, code: Optional[int] = None) -> ServiceResult:
        """A ServiceResult shaped for the family: ``code`` only where the DTO has it (facts §4.1)."""
        if self.family.result_has_code:
            return ServiceResult(code if code is not None else 0, message, kind)
        return ServiceResult(None, message, kind)

    def no_permission(self) -> ServiceResult:
        """3.x NO_PERMISSION, returned by some User operations (facts §3.1)."""
        return self.result(self.family.not_allowed_message, ERROR, -26)

    # -- sessions -------------------------------------------------------------------------
    def check(self, sid: Optional[str]) -> Optional[Session]:
        """SessiondataDao.check: a live session (refreshed) or None (facts §5.3)."""
        if not sid:
            return None
        session = self.sessions.get(sid)
        if session is None:
            return None
        now = self.clock()
        if not session.permanent and now - session.last_used > SESSION_TIMEOUT:
            del self.sessions[sid]
            return None
        session.last_used = now
        return session

    def rights_of(self, sid: Optional[str]) -> Tuple[str, ...]:
        session = self.check(sid)
        if session is None or not session.user_id:
            return ()
        user = self.users.get(session.user_id)
        return user.rights if user else ()

    def allowed(self, sid: Optional[str], *rights: str) -> bool:
        """Exact set membership: ADMIN does not imply SOAP (facts §7.1)."""
        have = self.rights_of(sid)
        return any(r in have for r in rights)

    def require(self, sid: Optional[str], *rights: str) -> None:
        """The throwing permission check (performCall in 4.0+, Room ops in 3.x)."""
        if not self.allowed(sid, *rights):
            raise ServiceException(self.family.not_allowed_message)

    def expire_sessions(self) -> int:
        """Run the CleanupJob now (it runs every 5 minutes on a server); returns how many went."""
        with self.lock:
            now = self.clock()
            gone = [s.sid for s in self.sessions.values()
                    if not s.permanent and now - s.last_used > SESSION_TIMEOUT]
            for sid in gone:
                del self.sessions[sid]
            return len(gone)

    # -- UserService.login -----------------------------------------------------------------
    def login(self, user: Optional[str], password: Optional[str]) -> ServiceResult:
        """Facts §5.1, family by family; the 9.x penalty sleeps outside the lock."""
        failure = None
        with self.lock:
            name = user or ""
            if self.version.has("login_lowercase"):
                name = name.strip().lower()
            found = next((u for u in self.users.values() if u.type == "USER" and name
                          and ((u.login.lower() if self.version.has("login_lowercase") else u.login) == name
                               or (u.email and u.email.lower() == name.lower()))), None)
            if found is None:
                failure = "unknown"
            elif found.password != password:
                failure = "password"
            elif "LOGIN" not in found.rights:
                failure = "inactive"
            elif not found.groups:
                # UserDao.login @ 3.1.0RC1 .. 9.1.0: a user in no group is refused after the
                # password and activation checks (OmException "No Group assigned to user" on
                # 3.x, "error.nogroup" from 4.0.0RC2).
                failure = "nogroup"
            else:
                sid = str(uuid.uuid4())
                self.sessions[sid] = Session(sid, found.id, self.clock())
                return self.result(sid, SUCCESS, found.id)
        if failure in ("unknown", "password") and self.version.has("bad_password_delay"):
            low, high = self.bad_password_delay
            self.sleep(random.uniform(low, high))
        table = _LOGIN_FAILURES.get(self.family.name, _LOGIN_FAILURES_KEYED)
        code, message = table[failure]
        return self.result(message, ERROR, code)

    # -- UserService.getRoomHash and the entry page ------------------------------------
    def get_room_hash(
        self, sid: Optional[str], user: Optional[Dict[str, Any]], options: Optional[Dict[str, Any]]
    ) -> ServiceResult:
        """Facts §5.2: the user data lands on the SID's session, the options on the hash."""
        with self.lock:
            if not self.allowed(sid, "SOAP"):
                if self.family.hash_not_allowed == "returned":
                    return self.no_permission()
                raise ServiceException(self.family.not_allowed_message)
            if user is None or options is None:
                raise ServiceException(NULL_MESSAGE)
            if self.version.has("external_id_check") and (
                not user.get("externalId") or not user.get("externalType")
            ):
                return self.result("externalId and/or externalType are not set", ERROR, -1)
            session = self.sessions[sid]  # type: ignore[index]
            session.external_user = dict(user)
            if options.get("allowSameURLMultipleTimes"):
                session.permanent = True
            secure = str(uuid.uuid4())
            self.hashes[secure] = RoomHash(secure, session.sid, dict(options))
            return self.result(secure, SUCCESS, 0)

    def enter(self, secure: Optional[str]) -> Dict[str, Any]:
        """What the hash page does with ``secure``: who enters which room, with which options.

        Raises :class:`EntryRefused` for an unknown or used hash, or one whose session is
        gone (facts §7.4: a hash works while its SID session exists).
        """
        with self.lock:
            row = self.hashes.get(secure or "")
            if row is None:
                raise EntryRefused("unknown hash")
            if row.used:
                raise EntryRefused("this hash was already used")
            session = self.check(row.sid)
            if session is None:
                raise EntryRefused("the session that created this hash has expired")
            ext = session.external_user or {}
            if not ext.get("externalId"):
                # WebSession.signIn @ 3.1.5RC2 .. 9.1.0 signs in only when the session's
                # external user has a non-empty externalId (Strings.isEmpty check).
                raise EntryRefused("the hash's user has no externalId")
            options = row.options
            room = self._room_for(options)
            if room is None:
                raise EntryRefused("the hash's room does not exist")
            person = self._external_user(ext)
            if not options.get("allowSameURLMultipleTimes"):
                row.used = True
            if self.version.has("hash_entry_url"):
                # WebSession.signIn @ 3.2.0RC2: `sd = sessionDao.check(soapLogin.getSessionHash())`
                # then `sd.setUserId(user.getId())` re-points the SOAP SID; @ 3.1.5RC2 it updates
                # the web session's own SID instead.
                session.user_id = person.id
            moderator = bool(options.get("moderator"))
            client = Client(str(uuid.uuid4()), person.id, room.id, moderator)
            self.clients[client.uid] = client
            return {
                "login": person.login, "firstname": person.firstname, "lastname": person.lastname,
                "email": person.email, "externalId": person.external_id,
                "externalType": person.external_type, "userId": person.id,
                "roomId": room.id, "roomName": room.name, "moderator": moderator,
                "showAudioVideoTest": bool(options.get("showAudioVideoTest")),
                "allowRecording": bool(options.get("allowRecording")),
                "allowSameURLMultipleTimes": bool(options.get("allowSameURLMultipleTimes")),
                "recordingId": options.get("recordingId"),
            }

    def _room_for(self, options: Dict[str, Any]) -> Optional[Room]:
        ext_id, ext_type = options.get("externalRoomId"), options.get("externalType")
        if ext_id and ext_type:  # facts §4.3: resolved by external id when both are set
            return next((r for r in self.rooms.values()
                         if r.external_id == ext_id and r.external_type == ext_type), None)
        room_id = options.get("roomId")
        return self.rooms.get(room_id) if room_id is not None else None

    def _external_user(self, ext: Dict[str, Any]) -> User:
        """Create or reuse the user of type external with this externalId/externalType.

        WebSession.signIn (WebSession.java @ 3.1.5RC2, 3.3.0, 4.0.6RC1, 9.1.0): a new external
        user gets the ROOM right only (rights cleared, then Room); re-entering updates first
        name, last name and picture only, never the e-mail."""
        for u in self.users.values():
            if u.type == "EXTERNAL" and u.external_id == ext.get("externalId") \
                    and u.external_type == ext.get("externalType"):
                u.firstname, u.lastname = ext.get("firstname"), ext.get("lastname")
                u.picture_uri = ext.get("profilePictureUrl")
                return u
        user = self.add_user(
            str(ext.get("login") or ext.get("externalId")), None, rights=("ROOM",),
            firstname=ext.get("firstname"), lastname=ext.get("lastname"), email=ext.get("email"),
            kind="EXTERNAL", external_id=ext.get("externalId"), external_type=ext.get("externalType"),
            groups=(),
        )
        user.country = ""
        self._external_group(ext.get("externalType"))
        user.picture_uri = ext.get("profilePictureUrl")
        return user

    def _external_group(self, external_type: Any) -> None:
        """A group named after the external type, made when its first user enters (real
        9.1.0: tests/transcripts/9.1.0/47-rest_group_list.json lists "myCMS" after "admins")."""
        if external_type and not any(g["name"] == external_type for g in self.groups.values()):
            self.add_group(str(external_type))

    # -- DTO views (dicts keyed by the XML field names; the wire drops undeclared keys) -----
    def user_dto(self, user: User) -> Dict[str, Any]:
        return {
            "address": {"deleted": False, "country": user.country, "email": user.email,
                        "mail": user.email} if user.email else None,
            "externalId": user.external_id, "externalType": user.external_type,
            "firstname": user.firstname, "id": user.id, "languageId": user.language_id,
            "lastname": user.lastname, "login": user.login, "pictureUri": user.picture_uri,
            "rights": [self.spell_right(r) for r in ALL_RIGHTS if r in user.rights],
            "timeZoneId": user.time_zone_id, "type": self.spell_user_type(user.type),
        }

    def room_dto(self, room: Room) -> Dict[str, Any]:
        dto = {
            "id": room.id, "name": room.name, "comment": room.comment,
            "type": self.room_type_name(room), "numberOfPartizipants": room.capacity,
            "capacity": room.capacity, "appointment": False, "isPublic": room.is_public,
            "demo": False, "closed": room.closed, "externalId": room.external_id,
            "externalType": room.external_type, "moderated": room.moderated,
            "waitModerator": False, "allowUserQuestions": room.allow_user_questions, "allowRecording": room.allow_recording,
            "waitForRecording": False, "waitRecording": False, "audioOnly": room.audio_only,
        }
        for flag in ("topBarHidden", "chatHidden", "activitiesHidden", "filesExplorerHidden",
                     "actionsMenuHidden", "screenSharingHidden", "whiteboardHidden"):
            dto[flag] = False
        dto.update(room.extra)
        return dto

    def room_from_dto(self, dto: Dict[str, Any]) -> Room:
        kind = self.room_type_index(dto.get("type"))
        capacity = dto.get("capacity", dto.get("numberOfPartizipants")) or 25
        attrs = {
            "is_public": bool(dto.get("isPublic")), "comment": dto.get("comment"), "capacity": int(capacity),
            "closed": bool(dto.get("closed")), "external_id": dto.get("externalId"),
            "external_type": dto.get("externalType"), "moderated": bool(dto.get("moderated")),
            "allow_recording": bool(dto.get("allowRecording")), "audio_only": bool(dto.get("audioOnly")),
            "allow_user_questions": bool(dto.get("allowUserQuestions")),
        }
        return self.add_room(dto.get("name") or "", kind, **attrs)

    def clients_in(self, room_id: Any) -> List[Client]:
        return [c for c in self.clients.values() if c.room_id == room_id]
