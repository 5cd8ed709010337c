"""CXF-shaped SOAP answers for the client tests, and a requests-mock server around them.

What CXF writes (tests/transcripts/9.1.0; the shape the fake renders too): prefix ``soap`` for the
SOAP 1.1 envelope, the wrapper ``ns2:<op>Response`` in the service namespace, unqualified
children under ``return``, null fields omitted; faults with faultcode ``soap:Server`` and the
exception message as faultstring, plus ``<detail><ns2:ServiceException><message>`` where
the WSDL declares the fault (3.x and 6.0+).
"""
from __future__ import annotations

from pinned import family as pinned_family
from pinned import has as pinned_has
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union
from xml.sax.saxutils import escape

from om_soap import versions

TNS = "http://webservice.openmeetings.apache.org/"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "wsdl_cache"
BASE = "http://127.0.0.1:5080/openmeetings"

Fields = Union[Dict[str, Any], List[Tuple[str, Any]]]


def _fields_xml(fields: Fields) -> str:
    items = fields.items() if isinstance(fields, dict) else fields
    out = []
    for name, value in items:
        if value is None:
            continue
        if isinstance(value, (dict, list)) and not isinstance(value, str):
            if isinstance(value, list) and value and not isinstance(value[0], tuple):
                out.extend(f"<{name}>{escape(_text(v))}</{name}>" for v in value)
                continue
            out.append(f"<{name}>{_fields_xml(value)}</{name}>")
        else:
            out.append(f"<{name}>{escape(_text(value))}</{name}>")
    return "".join(out)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def envelope(operation: str, value: Any = None, *, returns: Optional[List[Any]] = None) -> str:
    """``<soap:Envelope>`` with ``<ns2:{operation}Response>``; ``value`` is the ``return``
    (a dict/list of pairs for a complex value, a scalar, or None for no ``return``)."""
    if returns is None:
        returns = [] if value is None else [value]
    inner = ""
    for item in returns:
        body = _fields_xml(item) if isinstance(item, (dict, list)) else escape(_text(item))
        inner += f"<return>{body}</return>"
    return (
        f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body>'
        f'<ns2:{operation}Response xmlns:ns2="{TNS}">{inner}</ns2:{operation}Response>'
        "</soap:Body></soap:Envelope>"
    )


def result_envelope(operation: str, code: Optional[int], message: Optional[str], type_: str) -> str:
    """A serviceResult answer, ``code`` first where the server sends one (3.1-3.3)."""
    return envelope(operation, [("code", code), ("message", message), ("type", type_)])


def fault(message: str, *, detail: bool = True, code: str = "soap:Server") -> str:
    det = (
        f'<detail><ns2:ServiceException xmlns:ns2="{TNS}"><message>{escape(message)}</message>'
        "</ns2:ServiceException></detail>"
        if detail
        else ""
    )
    return (
        f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body><soap:Fault>'
        f"<faultcode>{code}</faultcode><faultstring>{escape(message)}</faultstring>{det}"
        "</soap:Fault></soap:Body></soap:Envelope>"
    )


def snapshot_for(version: str) -> str:
    return versions.parse(version).snapshot


def wsdl_bytes(version: str, service: str) -> bytes:
    return (BUNDLED / snapshot_for(version) / f"{service}.wsdl").read_bytes()


def declares_faults(version: str) -> bool:
    v = versions.parse(version)
    return pinned_has(v, "declared_faults") or pinned_has(v, "declared_faults_3x")


Handler = Callable[[bytes], Tuple[int, str]]


class CxfServer:
    """A requests-mock OpenMeetings: bundled WSDLs for ``version`` plus scripted answers.

    ``answers[(service, operation)]`` is a ``(status, body)`` tuple or a callable taking the
    request body. Requests are recorded in ``posts`` as ``(url, operation, body)``.
    """

    def __init__(self, mocker: Any, version: str, base: str = BASE, info_version: Optional[str] = None,
                 wsdl_override: Optional[Dict[str, bytes]] = None) -> None:
        self.mocker = mocker
        self.version = version
        self.base = base
        self.answers: Dict[Tuple[str, str], Union[Tuple[int, str], Handler]] = {}
        self.posts: List[Tuple[str, str, bytes]] = []
        self.wsdl_gets: List[str] = []
        folder = BUNDLED / snapshot_for(version)
        for path in folder.glob("*.wsdl"):
            service = path.stem
            content = (wsdl_override or {}).get(service, path.read_bytes())
            mocker.get(f"{base}/services/{service}?wsdl", content=self._wsdl(content, service))
            mocker.post(f"{base}/services/{service}", content=self._post(service))
        info = info_version or versions.parse(version).text
        self.answers[("InfoService", "getVersion")] = (
            200, envelope("getVersion", [("version", info), ("revision", "abc"), ("buildDate", "2020-08-22")])
        )

    def _wsdl(self, content: bytes, service: str) -> Callable[..., bytes]:
        def answer(request: Any, context: Any) -> bytes:
            self.wsdl_gets.append(service)
            context.headers["Content-Type"] = "text/xml"
            return content
        return answer

    def _post(self, service: str) -> Callable[..., bytes]:
        def answer(request: Any, context: Any) -> bytes:
            body = request.body if isinstance(request.body, bytes) else str(request.body).encode()
            match = re.search(rb"<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?(\w+)", body)
            operation = match.group(1).decode() if match else "?"
            self.posts.append((request.url, operation, body))
            scripted = self.answers.get((service, operation))
            if scripted is None:
                context.status_code = 500
                return fault(f"no scripted answer for {service}.{operation}").encode()
            status, text = scripted(body) if callable(scripted) else scripted
            context.status_code = status
            context.headers["Content-Type"] = "text/xml;charset=UTF-8"
            return text.encode("utf-8")
        return answer

    def on(self, service: str, operation: str, body: str, status: int = 200) -> None:
        self.answers[(service, operation)] = (status, body)

    def on_fault(self, service: str, operation: str, message: str) -> None:
        self.answers[(service, operation)] = (500, fault(message, detail=declares_faults(self.version)))

    def sent(self, operation: str) -> List[bytes]:
        return [body for _, op, body in self.posts if op == operation]


def coded(version: str) -> bool:
    return pinned_family(versions.parse(version), "result_has_code")


__all__ = [
    "BASE",
    "BUNDLED",
    "ENV",
    "TNS",
    "CxfServer",
    "coded",
    "declares_faults",
    "envelope",
    "fault",
    "result_envelope",
    "snapshot_for",
    "wsdl_bytes",
]
