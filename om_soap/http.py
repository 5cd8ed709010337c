"""HTTP plumbing shared by the SOAP and REST clients: sessions, timeouts, TLS, error mapping.

Every request om-soap sends goes through :func:`send`, so every one has a timeout, TLS is
verified unless the caller said otherwise, answers are size-capped, and network failures
become :mod:`om_soap.errors` exceptions with the secret parts of the URL redacted.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional, Union
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

from .errors import OpenMeetingsError, RequestTimeout, ServerUnreachable, TLSError, UnexpectedResponse
from .redact import scrub, scrub_cut
from .settings import MAX_ANSWER_BYTES

log = logging.getLogger("om_soap.http")

#: ``verify=``: True (system CAs), False (no check), or a path to a CA bundle.
Verify = Union[bool, str]



@dataclass(frozen=True)
class Timeouts:
    """Seconds. ``login`` is long because OpenMeetings 9.x sleeps 6-15 s on a bad
    password (UserDao.badPwdPenalty, UserDao.java @ 9.0.0); connecting should fail fast."""

    connect: float = 5.0
    read: float = 30.0
    login: float = 30.0

    def for_call(self, login: bool = False) -> "tuple[float, float]":
        return (self.connect, self.login if login else self.read)

    @classmethod
    def coerce(cls, value: "Timeouts | float | int | None") -> "Timeouts":
        """``timeout=10`` means 10 s to read (login never below 20 s), 5 s to connect."""
        if value is None:
            return cls()
        if isinstance(value, Timeouts):
            return value
        seconds = float(value)
        if seconds <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        return cls(connect=min(5.0, seconds), read=seconds, login=max(20.0, seconds))


def make_session(verify: Verify = True, session: Optional[requests.Session] = None) -> requests.Session:
    """The session om-soap uses: the caller's (the fake's in-process adapter, a proxy
    set-up, ...) or a new one, with ``verify`` applied."""
    if verify is not True and not isinstance(verify, (bool, str)):
        raise ValueError("verify must be True, False or the path of a CA bundle")
    sess = session if session is not None else requests.Session()
    if session is None or verify is not True:
        sess.verify = verify
    return sess


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: "tuple[float, float]",
    max_bytes: int = MAX_ANSWER_BYTES,
    **kwargs: Any,
) -> requests.Response:
    """Send one request; raise om-soap errors for network failures and oversized answers.

    The body is read in full (bounded by ``max_bytes``) before returning.
    """
    where = scrub(url)
    # Pass the session's verify explicitly: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE
    # override a session-level verify (a CA bundle path, or False) when the request leaves it
    # unset, so the caller's verify= would be silently ignored wherever those are exported.
    kwargs.setdefault("verify", session.verify)
    state: Dict[str, bool] = {"answered": False}
    guard = _redirect_guard(session, where, _carries_secrets(method, url, kwargs), state)
    hooks = dict(kwargs.pop("hooks", None) or {})
    hooks["response"] = [*_as_list(hooks.get("response")), guard]
    try:
        response = session.request(method, url, timeout=timeout, stream=True, hooks=hooks, **kwargs)
    except OpenMeetingsError:
        raise
    except requests.exceptions.ContentDecodingError as exc:
        # read while following a redirect: the body is the server's, not ours
        raise UnexpectedResponse(f"the answer from {where} cannot be decoded: {_reason(exc)}") from None
    except requests.exceptions.SSLError as exc:
        raise TLSError(f"TLS failure talking to {where}: {_reason(exc)}") from None
    except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout) as exc:
        raise RequestTimeout(f"no answer from {where} within {timeout[1]:g} s ({type(exc).__name__})") from None
    except requests.exceptions.ConnectionError as exc:
        raise ServerUnreachable(f"cannot reach {where}: {_reason(exc)}") from None
    except requests.exceptions.InvalidURL as exc:
        if state["answered"]:  # a redirect named it: the server's doing, not the caller's URL
            raise UnexpectedResponse(f"{where} redirected to an invalid URL: {_reason(exc)}") from None
        raise ServerUnreachable(f"invalid URL {where}: {exc}", hint="give a URL like http://host:5080/openmeetings") from None
    except requests.exceptions.RequestException as exc:
        raise ServerUnreachable(f"request to {where} failed: {_reason(exc)}") from None
    except (ValueError, LookupError, UnicodeError) as exc:
        if not state["answered"]:
            raise  # nothing came back yet: the request itself could not be built (the caller's input)
        # A server's answer that requests/urllib3 cannot follow (a redirect to "http://[::1", ...)
        raise UnexpectedResponse(f"the answer from {where} cannot be followed: {_reason(exc)}") from None
    try:
        declared = _content_length(response, where)
        if declared > max_bytes:
            raise _too_large(where, response, declared, max_bytes)
        chunks = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(where, response, size, max_bytes)
            chunks.append(chunk)
        response._content = b"".join(chunks)
    except requests.exceptions.ChunkedEncodingError as exc:
        raise ServerUnreachable(f"the answer from {where} broke off: {_reason(exc)}") from None
    except requests.exceptions.ContentDecodingError as exc:
        raise _unreadable(response, f"the answer from {where} cannot be decoded: {_reason(exc)}") from None
    except (requests.exceptions.ConnectionError, requests.exceptions.ReadTimeout) as exc:
        if isinstance(exc, requests.exceptions.ReadTimeout) or "timed out" in str(exc):
            raise RequestTimeout(f"the answer from {where} stalled for {timeout[1]:g} s") from None
        raise ServerUnreachable(f"the answer from {where} broke off: {_reason(exc)}") from None
    except requests.exceptions.RequestException as exc:
        raise ServerUnreachable(f"the answer from {where} broke off: {_reason(exc)}") from None
    except (ValueError, LookupError, UnicodeError, OSError) as exc:
        # urllib3 and http.client raise these on framing they cannot read
        raise _unreadable(
            response, f"the answer from {where} cannot be read: {type(exc).__name__}: {_reason(exc)}"
        ) from None
    finally:
        response.close()
    log.debug("%s %s -> HTTP %s, %d bytes", method, where, response.status_code, len(response.content))
    return response


#: Request fields that carry a password or a SID (OpenMeetings' REST names, and the form
#: names of its login): a request with one never follows a redirect to another host.
_SECRET_FIELDS = frozenset({"pass", "password", "userpass", "sid", "SID"})


def _as_list(hook: Any) -> list:
    if hook is None:
        return []
    return list(hook) if isinstance(hook, (list, tuple)) else [hook]


def _carries_secrets(method: str, url: str, kwargs: Dict[str, Any]) -> bool:
    """Every POST (a SOAP envelope, a REST form) and every request naming a secret field."""
    if method.upper() != "GET":
        return True
    names: "set[str]" = set()
    for key in ("params", "data"):
        value = kwargs.get(key)
        if isinstance(value, dict):
            names.update(str(k) for k in value)
        elif isinstance(value, (list, tuple)):
            names.update(str(item[0]) for item in value if isinstance(item, tuple) and item)
    try:
        names.update(k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True))
    except ValueError:
        return True
    return bool(names & _SECRET_FIELDS)


def _origin(url: str) -> "tuple[str, str, Optional[int]]":
    """(scheme, host, port) with the scheme's default port filled in; ValueError if unreadable."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def _redirect_guard(session: requests.Session, where: str, sensitive: bool, state: Dict[str, bool]) -> Any:
    """A response hook: notes that an answer came, and refuses a redirect that cannot be
    followed or that would carry credentials or a SID to another scheme, host or port."""

    def guard(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        state["answered"] = True
        if not response.is_redirect:
            return response
        target = session.get_redirect_target(response) or ""
        try:
            following = urljoin(response.url, target)
            moved = _origin(following) != _origin(response.url)
        except ValueError:
            response.close()
            raise UnexpectedResponse(
                f"{where} redirected to {scrub(target)[:200]!r}, which is not a URL",
                status=response.status_code,
            ) from None
        if sensitive and moved:
            response.close()
            raise UnexpectedResponse(
                f"refused to follow the redirect from {scrub(response.url)} to {scrub(following)[:300]}: "
                "the request carries credentials or a SID, and the redirect leaves the scheme, host or port",
                status=response.status_code,
                hint="give om-soap the URL the server redirects to (the final OpenMeetings context)",
            )
        return response

    return guard


def _content_length(response: requests.Response, where: str) -> int:
    """The declared length (0 when absent); a value that is not one number is refused."""
    text = response.headers.get("Content-Length")
    if not text:
        return 0
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise _unreadable(response, f"the answer from {where} declares an invalid Content-Length {scrub(text)[:40]!r}")
    return value


def _too_large(where: str, response: requests.Response, size: int, limit: int) -> UnexpectedResponse:
    return _unreadable(
        response, f"the answer from {where} is larger than {limit // (1024 * 1024)} MiB ({size} bytes so far)",
        hint="om-soap refuses oversized answers; check the server or raise max_answer_bytes in om_soap.settings.Settings",
    )


def _unreadable(response: requests.Response, message: str, hint: Optional[str] = None) -> UnexpectedResponse:
    """The answer came but cannot be used: the error names its status and content type."""
    return UnexpectedResponse(message, status=response.status_code, content_type=response.headers.get("Content-Type"),
                              hint=hint)


def _reason(exc: BaseException) -> str:
    """The innermost useful sentence of a requests/urllib3 exception, redacted."""
    text = str(exc)
    for marker in ("Caused by ", "Failed to establish a new connection: "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return scrub_cut(text.strip("()'\" "), (), 300)


__all__ = ["Timeouts", "Verify", "MAX_ANSWER_BYTES", "make_session", "send"]
