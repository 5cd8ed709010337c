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
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from ..errors import InvalidArgument, UnsupportedVersion
from ..results import ServiceResult
from ..versions import ServerVersion, parse
from . import entering, release

from .entities import (  # noqa: F401 (re-exported: the state module's names)
    ALL_RIGHTS,
    BAD_PASSWORD_DELAY,
    Client,
    EntryRefused,
    ERROR,
    _ERRORS_BY_ID,
    ERROR_KEYS,
    _LOGIN_FAILURES,
    _LOGIN_FAILURES_KEYED,
    ManualClock,
    NAME_IS_NULL,
    NotImplementedByFake,
    NO_GROUP,
    NULL_MESSAGE,
    RIGHTS_CAMEL,
    Room,
    RoomHash,
    ROOM_TYPE_CLASS,
    ServiceException,
    Session,
    SESSION_TIMEOUT,
    SOAP_REGISTER_DENIED,
    SUCCESS,
    User,
)


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
                "(om_soap.fake.models_axis2.make_state)",
            )
        self.version: ServerVersion = version
        self.family = version.family
        #: The line's snapshot as this exact release had it (om_soap.fake.release).
        self.snapshot = release.snapshot_for(version)
        self.clock = clock or time.monotonic
        self.bad_password_delay = bad_password_delay
        self.sleep = sleep
        #: The server's config ``allow.soap.register``: from 4.0.6 UserService.add refuses
        #: unless it is true (UserWebService.java @ 4.0.6RC1). A real server reads it from its configuration; the
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
        """A ServiceResult shaped for the family: ``code`` only where the DTO has it
        (ServiceResult.java: ``long code`` @ 3.3.2RC1, none @ 4.0.0RC2)."""
        if self.family.result_has_code:
            return ServiceResult(code if code is not None else 0, message, kind)
        return ServiceResult(None, message, kind)

    def no_permission(self) -> ServiceResult:
        """3.x NO_PERMISSION (-26, "Insufficient permissions": ServiceResult.java @ 3.3.2RC1)."""
        return self.result(self.family.not_allowed_message, ERROR, -26)

    # -- sessions -------------------------------------------------------------------------
    def check(self, sid: Optional[str]) -> Optional[Session]:
        """SessiondataDao.check: a live session (refreshed) or None (CleanupJob.java @ 9.1.0 ends it)."""
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
        """Exact set membership: ADMIN does not imply SOAP (AuthLevelUtil.hasWebServiceLevel checks SOAP
        alone, AuthLevelUtil.java @ 9.1.0)."""
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
        """UserWebService.login / UserDao.login family by family (3.1.0RC1 .. 9.1.0); the 9.x penalty
        sleeps outside the lock."""
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
        """The user data lands on the SID's session (``sd.setXml``), the options on the hash
        (UserWebService.getRoomHash @ 9.1.0)."""
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
        """What the hash page does with ``secure`` (:func:`om_soap.fake.entering.enter`)."""
        return entering.enter(self, secure)

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
