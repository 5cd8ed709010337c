"""The facade both clients share: SID bookkeeping, relogin once, room URLs, error texts.

A subclass gives a :class:`Dialect` (how login, getRoomHash, ErrorService and InfoService
travel on its protocol and stack); everything a caller meets is written here once.
See docs/architecture.md for the layers.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union
from urllib.parse import urlsplit

import requests

from .errors import LOGIN_FAILED_HINT, InvalidArgument, NotLoggedIn
from .http import Timeouts, make_session
from .redact import redact, scrub
from .results import ExternalUser, RoomOptions, ServiceResult
from .settings import Settings
from .typed import TypedApi
from .versions import Family, ServerVersion, parse

try:  # Python 3.8+: typing.Protocol
    from typing import Protocol
except ImportError:  # pragma: no cover
    Protocol = object  # type: ignore[assignment,misc]

log = logging.getLogger("om_soap.facade")

#: Operations that may be repeated after a fresh login when the SID turned out to be expired
#: or revoked: the read operations and getRoomHash (a new hash is harmless). Writes (add,
#: delete, kick, save, ...) are never repeated, and neither is RoomService.getExternal, which
#: creates the room it does not find.
SAFE_TO_REPEAT = frozenset(
    {
        "getRoomHash", "get", "getPublic", "getRoomById", "count", "counters", "users",
        "getUsers", "range", "rangeForUser", "next", "nextForUser", "getByRoom", "getByTitle",
        "getExternalByType", "getExternalByRoom", "getAllExternal", "getRoom", "getRoomByParent",
        "getVersion", "getHealth", "getManifest",
    }
)

UserLike = Union[ExternalUser, Dict[str, Any]]
OptionsLike = Union[RoomOptions, Dict[str, Any]]


class Dialect(Protocol):
    """How the facade's methods travel on one protocol and stack."""

    def login(self, user: str, password: str) -> ServiceResult: ...

    def get_room_hash(self, sid: Optional[str], user: ExternalUser, options: RoomOptions) -> ServiceResult: ...

    def error_message(self, id_or_key: Union[int, str], language: int) -> Optional[ServiceResult]: ...

    def version(self) -> str: ...


def is_not_allowed(result: ServiceResult, family: Family) -> bool:
    """Whether a result says the SID lacks the right: the family's code (3.x: a returned
    NO_PERMISSION) or its message ("error.notallowed" from 4.0). The one place it is read."""
    if result.ok:
        return False
    if family.not_allowed_code is not None and result.code == family.not_allowed_code:
        return True
    return result.message == family.not_allowed_message


def refused_message(message: Optional[str], family: Family) -> bool:
    """Whether a fault's text says the SID was refused, and nothing else: "error.notallowed"
    (ServiceException.NO_PERMISSION thrown by BaseWebService.performCall @ 4.0.2, 9.1.0),
    "Insufficient permissions" on 3.x (RoomWebService.java @ 3.3.0)."""
    return message == family.not_allowed_message


def not_allowed_result(family: Family) -> ServiceResult:
    """The result REST reports where the server faults "not allowed" (4.0+)."""
    return ServiceResult(message=family.not_allowed_message, type="ERROR")


def warn_not_declared(dropped: List[str]) -> None:
    """Say, once per call, which RoomOptions fields this server does not declare (not sent)."""
    if dropped:
        log.warning(
            "this server's roomOptionsDTO has no %s; not sent (showNickNameDialog is 3.1 only, "
            "externalRoomId/externalType need 5.0.1)",
            ", ".join(dropped),
        )


class Facade(TypedApi):
    """What :class:`~om_soap.client.OpenMeetingsClient` and :class:`~om_soap.rest.RestClient`
    share; a subclass sets ``_dialect_for()`` and the typed API's ``_invoke_typed``."""

    #: The class name shown in ``repr``.
    _kind = "Facade"

    def __init__(
        self,
        base_url: str,
        *,
        version: "str | ServerVersion | None",
        credentials: Optional[Tuple[str, str]],
        settings: Settings,
        session: Optional[requests.Session],
    ) -> None:
        parts = urlsplit(base_url) if isinstance(base_url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidArgument(
                f"{scrub(str(base_url))!r} is not an OpenMeetings URL; give one like http://host:5080/openmeetings"
            )
        if credentials is not None and (not isinstance(credentials, tuple) or len(credentials) != 2):
            raise InvalidArgument("credentials must be a (user, password) tuple")
        self.base_url = base_url.rstrip("/")
        self.settings = settings
        try:
            self.timeouts = Timeouts.coerce(settings.timeout)
            self.session = make_session(settings.verify, session)
        except ValueError as exc:
            raise InvalidArgument(str(exc)) from None
        self.credentials = credentials
        self._secrets: List[str] = [credentials[1]] if credentials and credentials[1] else []
        self._version_arg = parse(version) if version is not None else None
        self._version: Optional[ServerVersion] = self._version_arg
        #: The SID of the last successful login (shared by every thread using this client).
        self.sid: Optional[str] = None
        self._lock = threading.RLock()
        self._dialect: Any = None

    @property
    def _credentials(self) -> Optional[Tuple[str, str]]:
        return self.credentials

    # -- plumbing a subclass provides

    @property
    def server_version(self) -> ServerVersion:  # pragma: no cover - abstract
        raise NotImplementedError

    def _dialect_for(self, version: ServerVersion) -> Dialect:  # pragma: no cover - abstract
        raise NotImplementedError

    def _get_dialect(self) -> Any:
        dialect = self._dialect
        if dialect is None:
            version = self.server_version
            with self._lock:
                if self._dialect is None:
                    self._dialect = self._dialect_for(version)
                dialect = self._dialect
        return dialect

    def _known_secrets(self) -> Iterable[Optional[str]]:
        return [*self._secrets, self.sid]

    # -- logging in

    def _login_or_fail(self) -> str:
        """A new SID from ``credentials=``; NotLoggedIn when the server refuses them."""
        assert self.credentials is not None
        result = self._get_dialect().login(*self.credentials)
        if not result.ok or not result.message:
            raise NotLoggedIn(f"logging in as {self.credentials[0]!r} failed: {result.message or result.code}",
                              hint=LOGIN_FAILED_HINT)
        return str(result.message)

    def _relogin(self) -> str:
        self.sid = self._login_or_fail()
        return self.sid

    def _sid(self, sid: Optional[str], what: str = "this call") -> str:
        """``sid``, else the current SID, else a login with ``credentials=``."""
        sid = sid or self.sid
        if not sid:
            if not self.credentials:
                raise NotLoggedIn(f"{what} needs a SID")
            sid = self._relogin()  # credentials= given: log in rather than advise to
        return sid

    def login(self, user: str, password: str) -> ServiceResult:
        """Log in; on success ``sid`` holds the new SID (also the result's ``message``).

        Bad credentials are a result, as over REST (3.1-3.2: code -10/-11; 3.3: -1 "Login
        failed"; 4.0+: "error.bad.credentials"). OpenMeetings 9.x answers a bad password after
        6-15 s, so login waits at least 20 s.
        """
        if not isinstance(user, str) or not isinstance(password, str):
            raise InvalidArgument("login needs a user name and a password (strings)")
        if password and password not in self._secrets:
            self._secrets.append(password)
        result = self._get_dialect().login(user, password)
        if result.ok and result.message:
            self.sid = result.message
        return result

    # -- room hashes and URLs

    def get_room_hash(self, user: UserLike, options: OptionsLike, sid: Optional[str] = None) -> ServiceResult:
        """Mint a room hash for an external user (``message`` is the hash on success).

        ``user``/``options`` are :class:`ExternalUser`/:class:`RoomOptions` or the REST JSON
        dicts; only fields the server declares are sent. The SID of the last :meth:`login` is
        used unless ``sid`` is given. OpenMeetings stores the external user on the *SID's*
        session (``UserWebService.getRoomHash`` @ 4.0.6RC1), so mint one hash per fresh login:
        :meth:`room_url_for` does exactly that.

        "Not allowed" (expired/revoked SID or no SOAP right) comes back as the result REST
        reports: code -26 "Insufficient permissions" on 3.x, message "error.notallowed" on
        4.0+. With ``credentials=`` and no ``sid=``, the client logs in again once and
        repeats it (getRoomHash is safe to repeat).
        """
        user_dto = ExternalUser.coerce(user)
        options_dto = RoomOptions.coerce(options)
        dialect = self._get_dialect()
        explicit = sid is not None
        if not explicit and not self.sid:
            if not self.credentials:
                raise NotLoggedIn("get_room_hash needs a SID")
            self._relogin()
        result = dialect.get_room_hash(sid if explicit else self.sid, user_dto, options_dto)
        if not explicit and self.credentials and is_not_allowed(result, self.server_version.family):
            log.info("getRoomHash: the SID was refused; logging in again once")
            result = dialect.get_room_hash(self._relogin(), user_dto, options_dto)
        return result

    def room_url(self, hash: str, language: Optional[int] = None) -> str:
        """The URL that enters the room: ``<base>/swf?secureHash=H`` (3.0/3.1) or
        ``<base>/hash?secure=H`` (3.2+), plus ``&language=N`` when given (honoured by the
        hash page from 4.0.5, passed to the Flash client before)."""
        return self.server_version.entry_url(self.base_url, hash, language)

    def room_url_for(self, user: UserLike, options: OptionsLike, language: Optional[int] = None) -> str:
        """Log in afresh, mint a hash for ``user`` with that new SID, and return the entry URL.

        One SID per external user avoids the shared-SID trap described in
        :meth:`get_room_hash`; it needs ``credentials=``. The client's own ``sid`` is left
        alone, so this is safe from many threads at once.
        """
        if not self.credentials:
            raise NotLoggedIn("room_url_for logs in for every user and needs credentials=(user, password)")
        sid = self._login_or_fail()
        result = self._get_dialect().get_room_hash(sid, ExternalUser.coerce(user), RoomOptions.coerce(options))
        if not result.ok or not result.message:
            raise InvalidArgument(
                f"getRoomHash refused: {result.message or result.code}",
                hint="check externalId/externalType and that the account has the SOAP right",
            )
        return self.room_url(result.message, language)

    # -- error texts

    def error_message(self, id_or_key: Union[int, str], language: int = 1) -> Optional[ServiceResult]:
        """ErrorService: the text of an error in ``language`` (1 = English).

        3.x takes numeric ids (``-11``) and reports a label such as "Error" as type; 4.0+
        takes keys (``"error.bad.credentials"``) and reports SUCCESS even for an unknown key
        ("[Missing]"). None when a 3.x server knows no such id (REST answers 204 there).
        """
        return self._get_dialect().error_message(id_or_key, language)

    def _error_number(self, id_or_key: Union[int, str], what: str = "id (such as -11)") -> int:
        """``id_or_key`` as the number a pre-4.0 server looks errors up by."""
        try:
            return int(id_or_key)
        except (TypeError, ValueError):
            raise InvalidArgument(
                f"OpenMeetings {self.server_version} looks errors up by numeric {what}, not {id_or_key!r}"
            ) from None

    def __repr__(self) -> str:
        version = self._version.text if self._version else "undetected"
        sid = redact(self.sid) if self.sid else None
        return f"{self._kind}({scrub(self.base_url)!r}, version={version}, sid={sid})"


__all__ = ["SAFE_TO_REPEAT", "Dialect", "Facade", "is_not_allowed", "not_allowed_result", "refused_message",
           "warn_not_declared"]
