"""The om-soap exception tree: catch :class:`OpenMeetingsError`, or the subclass you can act
on (README "Errors" says which is which). What OpenMeetings reports as a result (bad
credentials, "not allowed") is a :class:`om_soap.ServiceResult`, never an exception; messages
never carry a password, SID or room hash in full (:mod:`om_soap.redact`).
"""
from __future__ import annotations

from typing import Any, Optional

from .redact import scrub


class OpenMeetingsError(Exception):
    """Base class of every om-soap error. ``str(e)`` says what happened and what to try."""

    hint: str = ""

    def __init__(self, message: str, *, hint: Optional[str] = None) -> None:
        self.hint = hint if hint is not None else self.hint
        text = scrub(message)
        if self.hint:
            text = f"{text} ({self.hint})"
        super().__init__(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class ServerUnreachable(OpenMeetingsError):
    """The server could not be reached: refused, reset, DNS, or no answer in time."""

    hint = "check the base URL and that the server is running"


class RequestTimeout(ServerUnreachable):
    """No answer within the timeout."""

    hint = "raise timeout= if the server is slow (9.x sleeps 6-15 s on a bad password)"


class TLSError(ServerUnreachable):
    """The TLS handshake failed, usually an unverifiable certificate."""

    hint = "pass verify='/path/to/ca-bundle.pem' for a private CA, or verify=False to skip checks"


class UnexpectedResponse(OpenMeetingsError):
    """The server answered with something that is not the expected SOAP or JSON."""

    hint = "check that the URL points at the OpenMeetings context, e.g. https://host/openmeetings"

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        content_type: Optional[str] = None,
        excerpt: Optional[str] = None,
        hint: Optional[str] = None,
    ) -> None:
        self.status = status
        self.content_type = content_type
        self.excerpt = scrub(excerpt)[:200] if excerpt else excerpt
        details = []
        if status is not None:
            details.append(f"HTTP {status}")
        if content_type:
            details.append(f"content type {content_type!r}")
        if self.excerpt:
            details.append(f"body starts {self.excerpt!r}")
        if details:
            message = f"{message}: {', '.join(details)}"
        super().__init__(message, hint=hint)


class UnsafeXML(UnexpectedResponse):
    """XML with a DTD, entity declarations or external references was refused."""

    hint = "om-soap never parses DTDs or entities; the server or a proxy is sending unsafe XML"


class SoapFault(OpenMeetingsError):
    """A SOAP fault that is not one of the results OpenMeetings documents."""

    hint = ""

    def __init__(
        self,
        fault_string: Optional[str],
        *,
        fault_code: Optional[str] = None,
        detail: Any = None,
        operation: Optional[str] = None,
    ) -> None:
        self.fault_code = fault_code
        self.fault_string = fault_string
        self.detail = detail
        self.operation = operation
        where = f" from {operation}" if operation else ""
        message = f"SOAP fault{where}: {fault_code or 'no faultcode'}: {fault_string or '(no faultstring)'}"
        if detail:
            message += f"; detail {detail!r}"
        super().__init__(message)


class ServerError(OpenMeetingsError):
    """A REST call failed with an HTTP error and no ServiceResult body."""

    def __init__(self, message: str, *, status: int, hint: Optional[str] = None) -> None:
        self.status = status
        super().__init__(f"{message}: HTTP {status}", hint=hint)


class WsdlError(OpenMeetingsError):
    """A WSDL could not be fetched, parsed or used."""

    hint = "check the URL (<base>/services/UserService?wsdl must answer), or use offline=True"


class UnknownService(WsdlError):
    """The service name is not one OpenMeetings publishes (in this version)."""

    hint = "use one of om_soap.client.SERVICES, e.g. 'UserService' or 'RoomService'"


class UnsupportedVersion(OpenMeetingsError):
    """The server's version is outside what om-soap knows."""

    hint = "pass version='X.Y.Z' to override detection"


class UnsupportedOperation(OpenMeetingsError):
    """The server's version lacks the operation; the message names the first version with it."""

    def __init__(self, message: str, *, first_version: Optional[str] = None) -> None:
        self.first_version = first_version
        super().__init__(message)


class InvalidArgument(OpenMeetingsError, ValueError):
    """The caller's input cannot be sent as given."""


class NotLoggedIn(OpenMeetingsError):
    """A call needs a SID and none was given nor obtained by login(), or the client's own
    login with ``credentials=`` failed (then the hint is :data:`LOGIN_FAILED_HINT`)."""

    hint = "call login() first, pass sid=, or create the client with credentials=(user, password)"


#: The hint of a failed login made by the client itself: "call login() first" would not help.
LOGIN_FAILED_HINT = "check the user name and password given as credentials=, and that the user has the SOAP right"


__all__ = [
    "OpenMeetingsError",
    "ServerUnreachable",
    "RequestTimeout",
    "TLSError",
    "UnexpectedResponse",
    "UnsafeXML",
    "SoapFault",
    "ServerError",
    "WsdlError",
    "UnknownService",
    "UnsupportedVersion",
    "UnsupportedOperation",
    "InvalidArgument",
    "NotLoggedIn",
]
