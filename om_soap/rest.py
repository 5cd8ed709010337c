"""RestClient: the OpenMeetings facade over REST, the twin of :class:`om_soap.client.OpenMeetingsClient`.

Same methods, same arguments, equal results (``to_rest()``), so a migration from SOAP to
REST changes nothing for the caller and :mod:`om_soap.parity` can hold both to account.
What differs on the wire is read from :mod:`om_soap.versions` (facts §3, §5.4, §6):

- login is GET with query parameters up to 8.x and POST with form fields from 9.0;
- ``sid`` is always a query parameter; DTOs travel as JSON strings in form fields;
- from 6.3 a failed call is HTTP 500 *with* a serviceResult body, before 6.3 it is a bare
  500 (see :meth:`RestClient.get_room_hash` for the one case rebuilt from that);
- answers come through Jettison: a one-element list is written as the element and text that
  looks like a number or boolean is written as one; :func:`_normalise` undoes both.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any, Union
from urllib.parse import quote

import requests

from . import api
from .errors import (
    LOGIN_FAILED_HINT,
    InvalidArgument,
    NotLoggedIn,
    ServerError,
    UnexpectedResponse,
    UnsupportedOperation,
    UnsupportedVersion,
)
from .http import Timeouts, Verify, make_session, send
from .redact import redact, scrub, scrub_cut
from .results import ExternalUser, RestObject, RoomOptions, ServiceResult
from .settings import Settings
from .versions import ServerVersion, parse

log = logging.getLogger("om_soap.rest")

Answer = Union[ServiceResult, RestObject, None]  # noqa: UP007 (evaluated at run time on 3.9)
#: A multipart part for :meth:`RestClient.call`'s ``files=``: (file name or None, content,
#: content type), as requests takes it.
Part = tuple[Union[str, None], Union[bytes, str], str]  # noqa: UP007

#: Fields that the schema declares as arrays, per root element (facts §4.4, §4.5, §6):
#: Jettison writes a one-element array as the bare element, we turn it back into a list.
ARRAY_FIELDS: dict[str, tuple[str, ...]] = {
    "userDTO": ("rights",),
    "roomDTO": ("hiddenElements", "files"),
    "userSearchResult": ("result",),
}

#: Fields declared as text, per root: Jettison may have written "123" as 123 (INFERRED,
#: facts §6); we give the caller the text back. ``to_rest()`` re-applies Jettison's rule, so
#: comparisons with the SOAP side are unaffected either way.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "userDTO": ("login", "password", "firstname", "lastname", "timeZoneId", "externalId",
                "externalType", "pictureUri"),
    "roomDTO": ("name", "tag", "comment", "confno", "externalId", "externalType", "redirectUrl"),
    "info": ("version", "revision", "buildDate"),
}

_NO_BODY_HINT = (
    "OpenMeetings before 6.3 sends no serviceResult with REST errors (the servlet container's "
    "HTML error page instead); "
    "the same call over SOAP names the reason in its fault"
)


#: OpenMeetings DTOs nest a few levels (a room's files, a user's address); deeper JSON is
#: refused before anything walks it recursively.
MAX_JSON_DEPTH = 64


def _decode(body: bytes, encoding: str | None) -> str:
    """The body as text; JSON is UTF-8 (RFC 8259), also when the charset is one Python lacks."""
    try:
        return body.decode(encoding or "utf-8")
    except LookupError:  # charset=utf8mb4 and the like
        return body.decode("utf-8")


def _too_deep(data: Any, limit: int) -> bool:
    """Whether ``data`` nests lists/objects more than ``limit`` levels (iteratively)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _normalise(root: str, data: Any) -> Any:
    """Undo Jettison's collapsing and number guessing inside one DTO (or a list of them)."""
    if isinstance(data, list):
        return [_normalise(root, item) for item in data]
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key in ARRAY_FIELDS.get(root, ()):
        if key in out:
            out[key] = _as_list(out[key])
    for key in TEXT_FIELDS.get(root, ()):
        if key in out:
            out[key] = _as_text(out[key])
    return out


class _ScrubUrls(logging.Filter):
    """urllib3 logs request lines (with the GET login's ``pass=``) at DEBUG: scrub them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in args)
        if isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        return True


_URL_FILTER = _ScrubUrls()
_urllib3_log = logging.getLogger("urllib3.connectionpool")
if not any(isinstance(f, _ScrubUrls) for f in _urllib3_log.filters):
    _urllib3_log.addFilter(_URL_FILTER)


class RestClient(api.TypedApi):
    """The OpenMeetings REST API with the facade of :class:`om_soap.client.OpenMeetingsClient`.

    The typed methods (``add_room``, ``get_users``, ``calendar_range``, ``upload_file``, ...)
    come from :class:`om_soap.api.TypedApi`, the same table the SOAP facade reads, and are
    sent by :meth:`_invoke_typed`; a method whose REST route this version lacks raises
    :class:`UnsupportedOperation` before anything is sent (``get_external_room`` before 6.0,
    facts §7.8).

    Nothing is sent until the first call. ``version=`` skips detection (and is required for
    3.1.0-3.1.2, which have no InfoService); ``credentials=(user, password)`` lets
    :meth:`room_url_for` log in once per external user; ``login_method`` overrides the
    GET/POST choice the version makes (a patched server, a proxy that rewrites).
    """

    def __init__(
        self,
        base_url: str,
        *,
        version: str | ServerVersion | None = None,
        credentials: tuple[str, str] | None = None,
        timeout: Timeouts | float | None = None,
        verify: Verify | None = None,
        session: requests.Session | None = None,
        login_method: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise InvalidArgument(
                f"base_url must be an http(s) URL such as http://host:5080/openmeetings, got {base_url!r}"
            )
        if login_method is not None and login_method.upper() not in ("GET", "POST"):
            raise InvalidArgument(f"login_method must be 'GET' or 'POST', not {login_method!r}")
        if credentials is not None and (not isinstance(credentials, tuple) or len(credentials) != 2):
            raise InvalidArgument("credentials must be a (user, password) tuple")
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.settings = (settings or Settings()).replace(timeout=timeout, verify=verify)
        try:
            self.timeouts = Timeouts.coerce(self.settings.timeout)
            self.session = make_session(self.settings.verify, session)
        except ValueError as exc:
            raise InvalidArgument(str(exc)) from None
        self.login_method = login_method.upper() if login_method else None
        self.sid: str | None = None
        self._version: ServerVersion | None = parse(version) if version is not None else None
        self._secrets: list[str] = [credentials[1]] if credentials and credentials[1] else []

    def __repr__(self) -> str:
        version = self._version.text if self._version else "undetected"
        sid = redact(self.sid) if self.sid else None
        return f"RestClient({scrub(self.base_url)!r}, version={version}, sid={sid})"

    # ------------------------------------------------------------------ version

    @property
    def server_version(self) -> ServerVersion:
        """The given ``version=``, else what ``GET /services/info/version`` says (once)."""
        if self._version is None:
            try:
                text = self.version()
            except (UnsupportedOperation, UnexpectedResponse, ServerError) as exc:
                raise UnsupportedVersion(
                    f"cannot detect the OpenMeetings version of {scrub(self.base_url)}: {exc}",
                    hint="pass version='X.Y.Z' (3.1.0-3.1.2 have no InfoService, facts §3.6)",
                ) from None
            self._version = parse(text)
        return self._version

    def version(self) -> str:
        """The server's version string from InfoService (3.1.3 and later, facts §3.6); as
        the SOAP facade, the given ``version=`` when the server has no InfoService."""
        if self._version is not None and not self._version.has("info_service"):
            return self._version.text
        try:
            answer = self.call("GET", "/info/version", root="info")
        except UnexpectedResponse as exc:
            if exc.status != 404:
                raise
            if self._version is not None:
                return self._version.text
            raise UnsupportedOperation(
                "the server has no InfoService (GET /services/info/version is 404); "
                "it is OpenMeetings 3.1.2 or older, or the URL is not an OpenMeetings context",
                first_version="3.1.3",
            ) from None
        text = answer.get("version") if isinstance(answer, RestObject) else None
        if not text or not isinstance(text, (str, int, float)) or isinstance(text, bool):
            raise UnexpectedResponse("GET /services/info/version answered without a text info.version")
        return str(text)

    # ------------------------------------------------------------------ user service

    def login(self, user: str, password: str) -> ServiceResult:
        """Log in; on success ``self.sid`` holds the SID. Bad credentials are a result.

        GET with query parameters up to 8.x, POST with form fields from 9.0 (facts §3.5);
        9.x sleeps 6-15 s before refusing a bad password, hence the long login timeout.
        """
        result = self._login(user, password)
        if result.ok:
            self.sid = result.message
        return result

    def _login(self, user: str, password: str) -> ServiceResult:
        if not isinstance(user, str) or not isinstance(password, str):
            raise InvalidArgument("login needs user and password as strings")
        if password and password not in self._secrets:
            self._secrets.append(password)
        method = self.login_method or ("POST" if self.server_version.has("rest_login_post") else "GET")
        fields = {"user": user, "pass": password}
        if method == "POST":
            answer = self.call("POST", "/user/login", form=fields, root="serviceResult", _login=True)
        else:
            answer = self.call("GET", "/user/login", query=fields, root="serviceResult", _login=True)
        return self._expect_result(answer, "login")

    def get_room_hash(
        self,
        user: ExternalUser | Mapping[str, Any],
        options: RoomOptions | Mapping[str, Any],
        sid: str | None = None,
    ) -> ServiceResult:
        """A room hash for ``user``: message = hash on success.

        "Not allowed" (bad or expired SID, no SOAP right) is a result here, as over SOAP:
        3.x returns (-26, ...); 6.3+ sends it as the HTTP 500 body. 4.0-6.2 send a bare
        HTTP 500, which we turn into the ("error.notallowed", ERROR) the SOAP facade reads
        from its fault. That result is reconstructed, not read (INFERRED, facts §5.2, §5.4):
        with user and options always sent, the only documented cause of that 500 is the
        missing right.
        """
        user_json = json.dumps(ExternalUser.coerce(user).to_json())
        options_json = json.dumps(self._options_json(options, self.server_version))
        explicit = sid is not None
        if not explicit and not self.sid:
            if not self.credentials:
                raise NotLoggedIn("get_room_hash needs a SID")
            self._relogin()
        result = self._room_hash(user_json, options_json, sid if explicit else self.sid)
        if not explicit and self.credentials and self._is_not_allowed(result):
            # As the SOAP facade: an expired or revoked SID is replaced once (facts §7.3).
            log.info("getRoomHash: the SID was refused; logging in again once")
            result = self._room_hash(user_json, options_json, self._relogin())
        return result

    def _room_hash(self, user_json: str, options_json: str, sid: str | None) -> ServiceResult:
        version = self.server_version
        form = {"user": user_json, "options": options_json}
        try:
            answer = self.call("POST", "/user/hash", form=form, root="serviceResult", sid=self._sid(sid))
        except ServerError as exc:
            if (
                exc.status == 500
                and version.family.hash_not_allowed == "fault"
                and not version.has("rest_error_body")
            ):
                return ServiceResult(message=version.family.not_allowed_message, type="ERROR")
            raise
        return self._expect_result(answer, "getRoomHash")

    def _is_not_allowed(self, result: ServiceResult) -> bool:
        family = self.server_version.family
        if result.ok:
            return False
        if family.hash_not_allowed == "returned" and result.code == -26:
            return True
        return result.message == family.not_allowed_message

    def _relogin(self) -> str:
        assert self.credentials is not None
        result = self._login(*self.credentials)
        if not result.ok or not result.message:
            raise NotLoggedIn(f"logging in as {self.credentials[0]!r} failed: {result.message or result.code}",
                              hint=LOGIN_FAILED_HINT)
        self.sid = result.message
        return result.message

    @staticmethod
    def _options_json(options: RoomOptions | Mapping[str, Any], version: ServerVersion) -> dict[str, Any]:
        """RoomOptionsDTO JSON with only the fields this version declares (facts §4.3).

        As the SOAP facade does with the WSDL: a field the server lacks is not sent, with a
        warning (showNickNameDialog is 3.1 only, externalRoomId/externalType need 5.0.1).
        """
        opts = RoomOptions.coerce(options)
        body = opts.to_json()
        dropped = []
        if version.has("show_nick_name_dialog"):
            body["showNickNameDialog"] = bool(opts.show_nick_name_dialog)
        elif body.pop("showNickNameDialog", None):
            dropped.append("showNickNameDialog")
        if not version.has("external_room_id"):
            dropped += [k for k in ("externalRoomId", "externalType") if body.pop(k, None) not in (None, "")]
        if dropped:
            log.warning(
                "this server's roomOptionsDTO has no %s; not sent (showNickNameDialog is 3.1 only, "
                "externalRoomId/externalType need 5.0.1)",
                ", ".join(dropped),
            )
        return body

    def room_url(self, hash: str, language: int | None = None) -> str:
        """The URL that enters the room: ``swf?secureHash=`` before 3.2, ``hash?secure=``
        from 3.2 (facts §1.3). ``language`` is honoured by HashPage from 4.0.5 only."""
        return self.server_version.entry_url(self.base_url, hash, language)

    def room_url_for(
        self,
        user: ExternalUser | Mapping[str, Any],
        options: RoomOptions | Mapping[str, Any],
        language: int | None = None,
    ) -> str:
        """Log in afresh, mint a hash for ``user``, return its entry URL.

        One SID per hash: the server stores the external user on the SID's session and
        re-binds that SID when the hash is used (facts §7.3), so SIDs are never shared.
        """
        if not self.credentials:
            raise NotLoggedIn("room_url_for logs in for every user and needs credentials=(user, password)")
        login = self._login(*self.credentials)
        if not login.ok:
            raise NotLoggedIn(
                f"logging in as {self.credentials[0]!r} failed: {login.message or login.code}",
                hint=LOGIN_FAILED_HINT,
            )
        result = self.get_room_hash(user, options, sid=login.message)
        if not result.ok or not result.message:
            raise InvalidArgument(
                f"getRoomHash refused: {result.message or result.code}",
                hint="check externalId/externalType and that the account has the SOAP right",
            )
        return self.room_url(result.message, language)

    def _invoke_typed(self, row: Any, args: dict[str, Any]) -> Any:
        """Send a typed method's row over REST (see :func:`om_soap.api.rest_invoke`)."""
        return api.rest_invoke(self, row, args)

    # ------------------------------------------------------------------ error service

    def error_message(self, id_or_key: int | str, language: int = 1) -> ServiceResult | None:
        """ErrorService.get: numeric ids on 3.x, i18n keys from 4.0 (facts §5.6).
        An unknown 3.x id answers 204 (INFERRED), which is None here as over SOAP."""
        lookup = self.server_version.family.error_lookup
        if lookup == "id":
            try:
                key = str(int(id_or_key))
            except (TypeError, ValueError):
                raise InvalidArgument(
                    f"OpenMeetings {self.server_version} looks errors up by numeric id (e.g. -11), "
                    f"not {id_or_key!r}"
                ) from None
        else:
            key = str(id_or_key)
        answer = self.call("GET", f"/error/{quote(key, safe='')}/{int(language)}", root="serviceResult")
        if answer is None:
            return None
        # an error text, not a secret: shown in the repr whatever its type
        return self._expect_result(answer, "ErrorService.get").with_public_message()

    # ------------------------------------------------------------------ introspection

    def resources(self, base: str | None = None) -> list[Any]:
        """The REST API the server describes in its WADL (``<base>/services?_wadl``, or
        ``<base>/services/<base>?_wadl`` for one class such as ``"room"``): one
        :class:`om_soap.rest_wadl.RestMethod` per method (HTTP method, full path, Java method
        id, parameters, media types). Needs no login and no version detection."""
        from . import rest_wadl

        if base is not None and not re.fullmatch(r"[A-Za-z][\w.-]*", base):
            raise InvalidArgument(f"{base!r} is not a REST base such as 'room' or 'user'")
        url = f"{self.base_url}/services" + (f"/{base}" if base else "")
        response = send(self.session, "GET", url, params={"_wadl": ""}, timeout=self.timeouts.for_call(),
                        max_bytes=rest_wadl.MAX_WADL_BYTES)
        if response.status_code != 200:
            raise self._unexpected(f"GET {scrub(url)}?_wadl did not answer a WADL", response)
        return rest_wadl.parse(response.content, f"the WADL of {scrub(url)}")[1]

    # ------------------------------------------------------------------ plumbing

    def _sid(self, sid: str | None) -> str:
        sid = sid or self.sid
        if not sid:
            if not self.credentials:
                raise NotLoggedIn("this call needs a SID")
            sid = self._relogin()  # credentials= given: log in rather than advise to
        return sid

    @staticmethod
    def _expect_result(answer: Answer, what: str) -> ServiceResult:
        if isinstance(answer, ServiceResult):
            return answer
        raise UnexpectedResponse(f"{what} answered {answer!r} instead of a serviceResult")

    def call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        form: Mapping[str, Any] | None = None,
        files: Mapping[str, Part] | None = None,
        root: str | None = None,
        many: bool = False,
        sid: str | None = None,
        _login: bool = False,
    ) -> Answer:
        """Send one REST call to ``<base>/services<path>`` and read the answer.

        ``query`` and ``form`` are sent as given (DTOs must already be JSON strings);
        ``files`` sends a multipart/form-data body instead of a form, one part per name as
        ``(file name or None, content, content type)`` (FileService.add, facts §3.7);
        ``sid`` goes into the query, where OpenMeetings reads it (facts §7.15). ``root`` is
        the element the answer should carry (``"serviceResult"``, ``"roomDTO"``, ...): it
        picks the array/text fixes of :func:`_normalise` and is checked against the answer.
        ``many`` says the answer is a list: it comes back as a list whatever Jettison made of
        it (one item collapses to the item, an empty list is ``{}``, facts §6).
        Returns a :class:`ServiceResult` for any serviceResult answer (including the 6.3+
        HTTP 500 body), a :class:`RestObject` for other JSON, None for 204 No Content.
        """
        if form is not None and files is not None:
            raise InvalidArgument("call() sends either form= or files= (a multipart body), not both")
        params: dict[str, Any] = {}
        if sid is not None:
            params["sid"] = sid
            if sid not in self._secrets:
                self._secrets.append(sid)
        if query:
            params.update(query)
        url = f"{self.base_url}/services{path}"
        kwargs: dict[str, Any] = {"headers": {"Accept": "application/json"}}
        if params:
            kwargs["params"] = params
        if form is not None:
            kwargs["data"] = dict(form)
        if files is not None:
            kwargs["files"] = dict(files)
        response = send(
            self.session, method.upper(), url, timeout=self.timeouts.for_call(login=_login),
            max_bytes=self.settings.max_answer_bytes, **kwargs
        )
        log.debug("%s %s -> HTTP %s", method.upper(), scrub(path, self._secrets), response.status_code)
        return self._read(response, f"{method.upper()} {path}", root, many)

    def _read(self, response: requests.Response, what: str, root: str | None, many: bool = False) -> Answer:
        status = response.status_code
        body = response.content or b""
        ctype = response.headers.get("Content-Type", "")
        if status == 204 or (200 <= status < 300 and not body.strip()):
            return None
        data: Any = None
        is_json = "json" in ctype.lower() or (not ctype and body.lstrip()[:1] in (b"{", b"["))
        if is_json and body.strip():
            try:
                data = json.loads(_decode(body, response.encoding))
            except (ValueError, UnicodeDecodeError):
                raise self._unexpected(f"{what} sent malformed JSON", response) from None
            except RecursionError:
                raise self._unexpected(f"{what} sent JSON nested too deeply", response) from None
            if _too_deep(data, MAX_JSON_DEPTH):
                raise self._unexpected(f"{what} sent JSON nested deeper than {MAX_JSON_DEPTH} levels", response)
        is_result = isinstance(data, dict) and ServiceResult.ROOT in data and len(data) == 1
        if is_result and (200 <= status < 300 or status == 500):
            try:
                return ServiceResult.from_rest(data)
            except InvalidArgument as exc:
                raise self._unexpected(f"{what} sent a malformed serviceResult ({exc})", response) from None
        if status >= 500:
            # No serviceResult body: before 6.3 that is all OpenMeetings sends (facts §5.4).
            header = response.headers.get("exception")
            detail = f" (exception header: {scrub_cut(header, self._secrets, 300)})" if header else ""
            with_body = self._version is not None and self._version.has("rest_error_body")
            raise ServerError(f"{what} failed on the server{detail}", status=status,
                              hint=None if with_body else _NO_BODY_HINT)
        if not (200 <= status < 300):
            raise self._unexpected(f"{what} was refused", response)
        if many and data == {}:
            # Jettison writes an empty list as {} with no root at all (facts §6; INFERRED for
            # list answers, as the fake writes them).
            return RestObject(root or "return", [])
        if not isinstance(data, dict) or len(data) != 1:
            raise self._unexpected(f"{what} did not answer with a one-root JSON object", response)
        (found, inner), = data.items()
        if root is not None and found != root:
            raise self._unexpected(f"{what} answered {found!r} where {root!r} was expected", response)
        if many:
            return RestObject(found, _normalise(found, _as_list(inner)))
        return RestObject(found, _normalise(found, inner))

    def _unexpected(self, message: str, response: requests.Response) -> UnexpectedResponse:
        text = response.content[:400].decode("utf-8", "replace") if response.content else ""
        return UnexpectedResponse(
            scrub(message, self._secrets),  # it may quote the answer (a field name, a root)
            status=response.status_code,
            content_type=response.headers.get("Content-Type"),
            excerpt=scrub(text, self._secrets) if text else None,
        )


__all__ = ["ARRAY_FIELDS", "TEXT_FIELDS", "RestClient"]
