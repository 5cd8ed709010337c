"""RestClient: the facade over the REST dialect, the twin of
:class:`~om_soap.soap.client.OpenMeetingsClient` (same methods, equal ``to_rest()`` results)."""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any

import requests

from ..errors import InvalidArgument, ServerError, UnexpectedResponse, UnsupportedOperation, UnsupportedVersion
from ..facade import Facade
from ..http import Timeouts, Verify, send
from ..redact import scrub, scrub_cut
from ..results import RestObject, ServiceResult
from ..settings import Settings
from ..versions import ServerVersion, parse
from .answers import MAX_JSON_DEPTH, Answer, Part, as_list, decode, normalise, too_deep
from .dialect import RestDialect

log = logging.getLogger("om_soap.rest")


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

_NO_BODY_HINT = (
    "OpenMeetings before 6.3 sends no serviceResult with REST errors (the servlet container's "
    "HTML error page instead); "
    "the same call over SOAP names the reason in its fault"
)


class RestClient(Facade):
    """The OpenMeetings REST API behind the facade of :class:`~om_soap.facade.Facade`.

    The typed methods come from :class:`om_soap.typed.TypedApi`, the same table the SOAP
    facade reads; a method whose REST route this version lacks raises
    :class:`UnsupportedOperation` before anything is sent.

    Nothing is sent until the first call. ``version=`` skips detection (and is required for
    3.1.0-3.1.2, which have no InfoService); ``credentials=(user, password)`` lets
    :meth:`room_url_for` log in once per external user; ``login_method`` overrides the
    GET/POST choice the version makes (a patched server, a proxy that rewrites);
    ``settings`` as for the SOAP client (``timeout``/``verify`` override its fields).
    """

    _kind = "RestClient"

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
        if login_method is not None and login_method.upper() not in ("GET", "POST"):
            raise InvalidArgument(f"login_method must be 'GET' or 'POST', not {login_method!r}")
        chosen = (settings or Settings()).replace(timeout=timeout, verify=verify)
        super().__init__(base_url, version=version, credentials=credentials, settings=chosen, session=session)
        self.login_method = login_method.upper() if login_method else None

    def _dialect_for(self, version: ServerVersion) -> RestDialect:
        return RestDialect(self)

    @property
    def server_version(self) -> ServerVersion:
        """The given ``version=``, else what ``GET /services/info/version`` says (once)."""
        if self._version is None:
            try:
                text = self.version()
            except (UnsupportedOperation, UnexpectedResponse, ServerError) as exc:
                raise UnsupportedVersion(
                    f"cannot detect the OpenMeetings version of {scrub(self.base_url)}: {exc}",
                    hint="pass version='X.Y.Z' (3.1.0-3.1.2 have no InfoService)",
                ) from None
            self._version = parse(text)
        return self._version

    def version(self) -> str:
        """The server's version string from InfoService (3.1.3 and later); as the SOAP
        facade, the given ``version=`` when the server has no InfoService."""
        return RestDialect(self).version()

    def _invoke_typed(self, row: Any, args: dict[str, Any]) -> Any:
        """Send a typed method's row over REST (see :func:`om_soap.rest.invoke.rest_invoke`)."""
        from .invoke import rest_invoke  # only the typed methods need it: kept out of the cold start

        return rest_invoke(self, row, args)

    def resources(self, base: str | None = None) -> list[Any]:
        """The REST API the server describes in its WADL (``<base>/services?_wadl``, or
        ``<base>/services/<base>?_wadl`` for one class such as ``"room"``): one
        :class:`om_soap.rest.wadl.RestMethod` per method. Needs no login and no version detection."""
        from . import wadl

        if base is not None and not re.fullmatch(r"[A-Za-z][\w.-]*", base):
            raise InvalidArgument(f"{base!r} is not a REST base such as 'room' or 'user'")
        url = f"{self.base_url}/services" + (f"/{base}" if base else "")
        response = send(self.session, "GET", url, params={"_wadl": ""}, timeout=self.timeouts.for_call(),
                        max_bytes=wadl.MAX_WADL_BYTES)
        if response.status_code != 200:
            raise self._unexpected(f"GET {scrub(url)}?_wadl did not answer a WADL", response)
        return wadl.parse(response.content, f"the WADL of {scrub(url)}")[1]

    # ------------------------------------------------------------------ plumbing

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
        ``(file name or None, content, content type)`` (FileWebService.add @ 9.1.0);
        ``sid`` goes into the query, where OpenMeetings reads it (``@QueryParam("sid")`` in UserWebService.java @ 9.1.0). ``root`` is
        the element the answer should carry (``"serviceResult"``, ``"roomDTO"``, ...): it
        picks the array/text fixes of :func:`_normalise` and is checked against the answer.
        ``many`` says the answer is a list: it comes back as a list whatever Jettison made of
        it (one item collapses to the item, an empty list is ``{}``: CXF's Jettison JSONProvider, openmeetings-webservice/pom.xml @ 7.2.0).
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
                data = json.loads(decode(body, response.encoding))
            except (ValueError, UnicodeDecodeError):
                raise self._unexpected(f"{what} sent malformed JSON", response) from None
            except RecursionError:
                raise self._unexpected(f"{what} sent JSON nested too deeply", response) from None
            if too_deep(data, MAX_JSON_DEPTH):
                raise self._unexpected(f"{what} sent JSON nested deeper than {MAX_JSON_DEPTH} levels", response)
        is_result = isinstance(data, dict) and ServiceResult.ROOT in data and len(data) == 1
        if is_result and (200 <= status < 300 or status == 500):
            try:
                return ServiceResult.from_rest(data)
            except InvalidArgument as exc:
                raise self._unexpected(f"{what} sent a malformed serviceResult ({exc})", response) from None
        if status >= 500:
            # No serviceResult body: before 6.3 that is all OpenMeetings sends (OmExceptionHandler.java appears @ 6.3.0).
            header = response.headers.get("exception")
            detail = f" (exception header: {scrub_cut(header, self._secrets, 300)})" if header else ""
            with_body = self._version is not None and self._version.has("rest_error_body")
            raise ServerError(f"{what} failed on the server{detail}", status=status,
                              hint=None if with_body else _NO_BODY_HINT)
        if not (200 <= status < 300):
            raise self._unexpected(f"{what} was refused", response)
        if many and data == {}:
            # Jettison writes an empty list as {} with no root at all (Jettison, openmeetings-webservice/pom.xml @ 7.2.0; INFERRED for
            # list answers, as the fake writes them).
            return RestObject(root or "return", [])
        if not isinstance(data, dict) or len(data) != 1:
            raise self._unexpected(f"{what} did not answer with a one-root JSON object", response)
        (found, inner), = data.items()
        if root is not None and found != root:
            raise self._unexpected(f"{what} answered {found!r} where {root!r} was expected", response)
        if many:
            return RestObject(found, normalise(found, as_list(inner)))
        return RestObject(found, normalise(found, inner))

    def _unexpected(self, message: str, response: requests.Response) -> UnexpectedResponse:
        text = response.content[:400].decode("utf-8", "replace") if response.content else ""
        return UnexpectedResponse(
            scrub(message, self._secrets),  # it may quote the answer (a field name, a root)
            status=response.status_code,
            content_type=response.headers.get("Content-Type"),
            excerpt=scrub(text, self._secrets) if text else None,
        )



__all__ = ["RestClient"]
