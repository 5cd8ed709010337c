"""The process-wide cache of parsed WSDLs: a zeep Document is built at most once per WSDL
content (sha256), however many clients are made; :func:`parse_count` makes that observable."""
from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Dict, Tuple

from ..errors import OpenMeetingsError, UnknownService, WsdlError
from ..redact import scrub
from .wsdl_source import SERVICES, WsdlSource, sha256

log = logging.getLogger("om_soap.wsdl")


_documents: Dict[str, Any] = {}
_documents_lock = threading.Lock()
_stats = {"parsed": 0, "reused": 0}


def parse_count() -> int:
    """How many WSDL documents this process has parsed (not counting reuses)."""
    return _stats["parsed"]


def stats() -> Dict[str, int]:
    """``parsed`` (zeep Documents built), ``reused`` (cache hits), ``documents`` (held)."""
    return {"parsed": _stats["parsed"], "reused": _stats["reused"], "documents": len(_documents)}


def clear_documents() -> None:
    """Forget every parsed document (tests use it to start from a known state)."""
    with _documents_lock:
        _documents.clear()


def document(source: WsdlSource, service: str, build: Callable[[str], Any]) -> Tuple[Any, str]:
    """The parsed WSDL of ``service`` and its sha256.

    ``build(url)`` parses (it is :func:`om_soap.soap.zeep_glue.build_document`, which hands zeep a
    transport whose ``load`` is ``source.load``); it runs only when no document with the same
    content was parsed before in this process. The key is the content of the service's own
    WSDL: imported schemas are read while parsing, so two servers publishing the same WSDL
    with different imported schemas would share one parse (CXF derives both from the same
    code, so this does not happen in practice).
    """
    if service not in SERVICES:
        raise UnknownService(f"unknown service {service!r}; known: {', '.join(SERVICES)}")
    url = source.service_url(service)
    content = source.load(url)
    digest = sha256(content)
    with _documents_lock:
        doc = _documents.get(digest)
        if doc is not None:
            _stats["reused"] += 1
            return doc, digest
        try:
            doc = build(url)
        except OpenMeetingsError:
            raise
        except Exception as exc:  # noqa: BLE001 - zeep raises many kinds on a broken WSDL
            raise WsdlError(f"the WSDL of {service} cannot be used: {type(exc).__name__}: {scrub(str(exc))[:300]}") from None
        _stats["parsed"] += 1
        _documents[digest] = doc
    log.debug("parsed %s (sha256 %s)", scrub(url), digest[:12])
    return doc, digest



__all__ = ["clear_documents", "document", "parse_count", "stats"]
