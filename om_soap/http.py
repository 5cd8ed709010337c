"""HTTP plumbing shared by the SOAP and REST clients: sessions, timeouts, TLS, error mapping.

Every request om-soap sends goes through :func:`send`, so every one has a timeout, TLS is
verified unless the caller said otherwise, answers are size-capped, and network failures
become :mod:`om_soap.errors` exceptions with the secret parts of the URL redacted.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Optional, Union

import requests

from .errors import RequestTimeout, ServerUnreachable, TLSError, UnexpectedResponse
from .redact import scrub

log = logging.getLogger("om_soap.http")

#: ``verify=``: True (system CAs), False (no check), or a path to a CA bundle.
Verify = Union[bool, str]

#: Answers larger than this are refused (a hostile or broken server cannot exhaust memory).
MAX_ANSWER_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Timeouts:
    """Seconds. ``login`` is long because OpenMeetings 9.x sleeps 6-15 s on a bad
    password (facts §3.5); connecting should fail fast."""

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
    try:
        response = session.request(method, url, timeout=timeout, stream=True, **kwargs)
    except requests.exceptions.SSLError as exc:
        raise TLSError(f"TLS failure talking to {where}: {_reason(exc)}") from None
    except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout) as exc:
        raise RequestTimeout(f"no answer from {where} within {timeout[1]:g} s ({type(exc).__name__})") from None
    except requests.exceptions.ConnectionError as exc:
        raise ServerUnreachable(f"cannot reach {where}: {_reason(exc)}") from None
    except requests.exceptions.InvalidURL as exc:
        raise ServerUnreachable(f"invalid URL {where}: {exc}", hint="give a URL like http://host:5080/openmeetings") from None
    except requests.exceptions.RequestException as exc:
        raise ServerUnreachable(f"request to {where} failed: {_reason(exc)}") from None
    try:
        declared = int(response.headers.get("Content-Length") or 0)
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
    except (requests.exceptions.ConnectionError, requests.exceptions.ReadTimeout) as exc:
        if isinstance(exc, requests.exceptions.ReadTimeout) or "timed out" in str(exc):
            raise RequestTimeout(f"the answer from {where} stalled for {timeout[1]:g} s") from None
        raise ServerUnreachable(f"the answer from {where} broke off: {_reason(exc)}") from None
    finally:
        response.close()
    log.debug("%s %s -> HTTP %s, %d bytes", method, where, response.status_code, len(response.content))
    return response


def _too_large(where: str, response: requests.Response, size: int, limit: int) -> UnexpectedResponse:
    return UnexpectedResponse(
        f"the answer from {where} is larger than {limit // (1024 * 1024)} MiB ({size} bytes so far)",
        status=response.status_code,
        content_type=response.headers.get("Content-Type"),
        hint="om-soap refuses oversized answers; check the server or raise om_soap.http.MAX_ANSWER_BYTES",
    )


def _reason(exc: BaseException) -> str:
    """The innermost useful sentence of a requests/urllib3 exception, redacted."""
    text = str(exc)
    for marker in ("Caused by ", "Failed to establish a new connection: "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return scrub(text.strip("()'\" "))[:300]


__all__ = ["Timeouts", "Verify", "MAX_ANSWER_BYTES", "make_session", "send"]
