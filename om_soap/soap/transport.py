"""The SOAP transport: every envelope (zeep's or a compiled one) goes out through
:meth:`Transport.exchange` and :func:`om_soap.http.send`; answers are checked (empty,
HTML, malformed, DOCTYPE, not an envelope) before anything reads them; faults become
:class:`~om_soap.errors.SoapFault`; envelopes are logged scrubbed on ``om_soap.soap``.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

import requests
import zeep
from lxml import etree
from zeep.exceptions import Fault

from ..errors import SoapFault, UnexpectedResponse, UnsafeXML, WsdlError
from ..http import Timeouts, send
from ..redact import scrub, scrub_cut
from ..settings import MAX_ANSWER_BYTES
from .convert import element_to_data
from .wsdl_source import WsdlSource
from ..xml import DOCTYPE, ENVELOPES, SOAP11_ENV, SOAP12_ENV, safe_parser

log = logging.getLogger("om_soap.soap")


#: Operations that may legitimately take long (OpenMeetings 9.x sleeps 6-15 s before
#: answering a bad password: UserDao.java @ 9.0.0), by local name of the request wrapper.
LONG_OPERATIONS = frozenset({"login", "loginUser"})


class Transport(zeep.Transport):
    """A zeep transport over :mod:`om_soap.http` and a :class:`WsdlSource`.

    ``secrets`` returns the values to hide from the envelope log beyond what
    :func:`om_soap.redact.scrub` recognises by itself (UUIDs, ``pass``/``sid`` elements).
    """

    def __init__(
        self,
        session: requests.Session,
        source: WsdlSource,
        timeouts: Timeouts,
        secrets: Callable[[], Iterable[Optional[str]]] = lambda: (),
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        # zeep's constructor mounts a file:// adapter and overwrites the User-Agent; skip it.
        self.cache = None
        self.load_timeout = timeouts.read
        self.operation_timeout = timeouts.read
        self.logger = log
        self._close_session = False
        self.session = session
        self.source = source
        self.timeouts = timeouts
        self.secrets = secrets
        self.max_bytes = max_bytes

    # WSDL and XSD documents (zeep calls this while parsing a Document).
    def load(self, url: str) -> bytes:
        return self.source.load(url)

    def get(self, address: str, params: Any, headers: Dict[str, str]) -> requests.Response:
        raise WsdlError("HTTP GET bindings are not used by om-soap; the WSDL must offer a SOAP 1.1 port")

    def post(self, address: str, message: "bytes | str", headers: Dict[str, str]) -> requests.Response:
        return self._post(address, message, headers, operation=None)

    def post_xml(self, address: str, envelope: etree._Element, headers: Dict[str, str]) -> requests.Response:
        body = envelope.find(f"{{{SOAP11_ENV}}}Body")
        if body is None:
            body = envelope.find(f"{{{SOAP12_ENV}}}Body")
        operation = etree.QName(body[0]).localname if body is not None and len(body) else None
        message = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
        return self._post(address, message, headers, operation=operation)

    def _post(
        self, address: str, message: "bytes | str", headers: Dict[str, str], operation: Optional[str]
    ) -> requests.Response:
        return self.exchange(address, message, headers, operation)[0]

    def exchange(
        self, address: str, message: "bytes | str", headers: Dict[str, str], operation: Optional[str]
    ) -> Tuple[requests.Response, etree._Element]:
        """Post one envelope; the checked answer and its parsed envelope.

        Both paths come here: zeep's (through :meth:`post_xml`) and the compiled one
        (:mod:`om_soap.fastpath`), so logging, timeouts and answer checks are the same.
        """
        debug = log.isEnabledFor(logging.DEBUG)
        secrets: List[Optional[str]] = list(self.secrets()) if debug else []
        _answers.secrets = self.secrets  # for the zeep log filter, in this thread
        if debug:
            text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
            log.debug("SOAP request %s to %s:\n%s", operation or "?", scrub(address), _logged(text, secrets))
        timeout = self.timeouts.for_call(login=operation in LONG_OPERATIONS)
        response = send(self.session, "POST", address, timeout=timeout, data=message, headers=headers,
                        max_bytes=self.max_bytes)
        _answers.count = answers_seen() + 1
        if debug:
            text = decode_text(response.content, response.encoding)
            log.debug(
                "SOAP answer to %s, HTTP %s:\n%s", operation or "?", response.status_code, _logged(text, secrets)
            )

        def where() -> str:  # named only when an answer is refused
            return scrub(address, secrets if debug else list(self.secrets()))

        return response, check_answer(response, where, self.secrets)


#: The longest envelope text logged at DEBUG (the rest is counted, not logged or scrubbed).
MAX_LOGGED = 64 * 1024


def _logged(text: str, secrets: Iterable[Optional[str]]) -> str:
    if len(text) <= MAX_LOGGED:
        return scrub(text, secrets)
    return f"{scrub_cut(text, secrets, MAX_LOGGED)}... ({len(text) - MAX_LOGGED} more characters not logged)"


def decode_text(content: bytes, encoding: Optional[str]) -> str:
    """``content`` as text in ``encoding``, UTF-8 when the server named one Python lacks."""
    try:
        return content.decode(encoding or "utf-8", "replace")
    except LookupError:  # charset=utf8mb4 and the like
        return content.decode("utf-8", "replace")


_answers = threading.local()


def answers_seen() -> int:
    """How many answers this thread has received: a failure after the count moved happened
    while reading the answer (the server's fault), not while building the request (ours)."""
    return getattr(_answers, "count", 0)


def check_answer(
    response: requests.Response,
    where: "str | Callable[[], str]",
    secrets: Callable[[], Iterable[Optional[str]]] = lambda: (),
) -> etree._Element:
    """Refuse what is not a SOAP envelope before zeep (forgiving by settings) reads it.

    Returns the parsed envelope (comments dropped, as zeep's parser drops them), which the
    compiled path reads instead of parsing the answer a second time. ``where`` names the
    server in errors (a callable is called only when the answer is refused); excerpts of a
    refused answer are scrubbed of ``secrets()`` too (a server may echo the password).
    """
    content = response.content or b""
    content_type = response.headers.get("Content-Type", "")
    status = response.status_code
    if not content.strip():
        raise UnexpectedResponse(
            f"{_name(where)} sent an empty answer", status=status, content_type=content_type or None
        )
    def refused(message: str) -> UnexpectedResponse:
        return UnexpectedResponse(message, status=status, content_type=content_type or None,
                                  excerpt=_excerpt(content, secrets))

    stripped = content.lstrip()[:512].lower()
    looks_html = b"<html" in stripped or stripped.startswith(b"<!doctype html")
    if looks_html or ("html" in content_type.lower() and not stripped.startswith(b"<?xml")):
        raise refused(f"{_name(where)} answered with a web page, not SOAP")
    try:
        root = etree.fromstring(content, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        if DOCTYPE.search(content):
            # libxml2 still counts entity amplification with substitution off, so a
            # billion-laughs answer fails here as "malformed": name it for what it is.
            raise UnsafeXML(f"{_name(where)} sent XML with a DOCTYPE; refused", status=status) from None
        # lxml's reason may quote the answer (a namespace URI, a tag): scrubbed too
        reason = scrub_cut(str(exc.msg), secrets(), 300)
        raise refused(f"{_name(where)} sent XML that is truncated or malformed ({reason})") from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML(f"{_name(where)} sent XML with a DOCTYPE; refused", status=status)
    if root.tag not in ENVELOPES:
        raise refused(
            f"{_name(where)} answered XML that is not a SOAP envelope (root {etree.QName(root).localname!r})"
        )
    if status not in (200, 500):
        # SOAP 1.1 faults come with 500; anything else is a proxy or servlet speaking.
        raise refused(f"{_name(where)} answered HTTP {status}")
    return root


def _name(where: "str | Callable[[], str]") -> str:
    return where if isinstance(where, str) else where()


def _excerpt(content: bytes, secrets: Callable[[], Iterable[Optional[str]]] = lambda: ()) -> str:
    # scrubbed before the cut, so that a secret cut in half is still found whole
    return scrub(content[:400].decode("utf-8", "replace"), secrets())[:200]


#: The longest faultstring kept (scrubbed) in a SoapFault; detail texts keep 300 characters.
MAX_FAULT_TEXT = 2000


def fault_error(fault: Fault, operation: Optional[str] = None, secrets: Iterable[Optional[str]] = ()) -> SoapFault:
    """A zeep Fault as :class:`SoapFault` with faultcode, faultstring and the parsed detail.

    Every text is scrubbed of ``secrets`` and cut (a hostile answer may be 20 MiB): only
    the part that is kept is scrubbed, so this costs the same for any answer size.
    """
    secrets = list(secrets)
    detail: Any = None
    if isinstance(fault.detail, etree._Element):
        detail = {etree.QName(c).localname: element_to_data(c) for c in fault.detail if isinstance(c.tag, str)}
        detail = _scrub_data(detail, secrets) or None
    elif fault.detail:
        detail = scrub_cut(str(fault.detail), secrets, 300)
    message = scrub_cut(str(fault.message), secrets, MAX_FAULT_TEXT) if fault.message else fault.message
    code = scrub_cut(str(fault.code), secrets, 300) if fault.code else fault.code
    return SoapFault(message, fault_code=code, detail=detail, operation=operation)


def _scrub_data(data: Any, secrets: List[Optional[str]]) -> Any:
    if isinstance(data, dict):
        return {k: _scrub_data(v, secrets) for k, v in data.items()}
    if isinstance(data, list):
        return [_scrub_data(v, secrets) for v in data]
    return scrub_cut(data, secrets, 300) if isinstance(data, str) else data


class _ScrubZeepValues(logging.Filter):
    """zeep's own log records quote the answer: a value it cannot read ("Error during xml ->
    python translation", with the exception, whose text holds the value), a type or
    namespace it cannot resolve. Each record keeps zeep's message, scrubbed of what
    :func:`om_soap.redact.scrub` recognises and of this thread's client secrets (a password
    a server echoed back), and never the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = getattr(_answers, "secrets", None)
        try:
            known = list(secrets()) if callable(secrets) else []
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a log filter must never raise
            known, text = [], str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text = f"{text}: {type(exc).__name__}: {exc}"
            record.exc_info = None
            record.exc_text = None
        record.msg = scrub_cut(text, known, 2000)
        record.args = ()
        return True


_ZEEP_VALUE_FILTER = _ScrubZeepValues()


def _filter_zeep_logs() -> None:
    """Put the filter on every zeep logger (a logger's filter does not see its children's
    records, and zeep logs under its module names)."""
    import zeep.xsd.elements.attribute  # noqa: F401 - its logger must exist before the loop
    import zeep.xsd.types.simple  # noqa: F401

    names = [n for n in list(logging.Logger.manager.loggerDict) if n == "zeep" or n.startswith("zeep.")]
    for name in names:
        zeep_log = logging.getLogger(name)
        if not any(isinstance(f, _ScrubZeepValues) for f in zeep_log.filters):
            zeep_log.addFilter(_ZEEP_VALUE_FILTER)


_filter_zeep_logs()


def fault_detail_message(error: SoapFault) -> Optional[str]:
    """``detail/ServiceException/message`` when the WSDL declares the fault (3.x, 6.0+)."""
    detail = error.detail
    if isinstance(detail, dict):
        inner = detail.get("ServiceException")
        if isinstance(inner, dict):
            return inner.get("message")
    return None


__all__ = [
    "LONG_OPERATIONS",
    "Transport",
    "check_answer",
    "element_to_data",
    "fault_detail_message",
    "fault_error",
]
