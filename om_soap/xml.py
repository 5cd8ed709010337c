"""The XML namespaces om-soap speaks and the one safe parser for what servers send.

Every document from the network (SOAP answers, WSDLs, schemas, WADLs) is parsed with
:func:`safe_parser`: no DTD, no entities, no network, comments dropped (as zeep drops them).
"""
from __future__ import annotations

import re
import threading

from lxml import etree

from .errors import UnsafeXML, WsdlError

SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
WADL_NS = "http://wadl.dev.java.net/2009/02"

#: The root tags a SOAP answer may have.
ENVELOPES = (f"{{{SOAP11_ENV}}}Envelope", f"{{{SOAP12_ENV}}}Envelope")

DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)

_parsers = threading.local()


def safe_parser() -> etree.XMLParser:
    """This thread's safe parser (lxml parsers must not be shared between threads)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
        )
    return parser


def parse(content: bytes) -> etree._Element:
    """``content`` parsed safely; lxml's XMLSyntaxError passes through for the caller to name."""
    return etree.fromstring(content, parser=safe_parser())


def has_doctype(content: bytes, root: "etree._Element | None" = None) -> bool:
    """Whether the document carries a DOCTYPE (where DTDs and entities live)."""
    if root is not None:
        return bool(root.getroottree().docinfo.doctype)
    return bool(DOCTYPE.search(content))


def parse_safely(content: bytes, what: str) -> etree._Element:
    """Parse XML from the network with DTDs, entities and network access off.

    Raises :class:`UnsafeXML` for a DOCTYPE (which is where DTDs and entities live) and
    :class:`WsdlError` for anything that is not well-formed XML.
    """
    if not content or not content.strip():
        raise WsdlError(f"{what} is empty")
    try:
        root = parse(content)
    except etree.XMLSyntaxError as exc:
        if has_doctype(content):
            # libxml2 still counts entity amplification with substitution off: a billion-laughs
            # document fails as "not XML"; name it for what it is.
            raise UnsafeXML(f"{what} carries a DOCTYPE; refused") from None
        raise WsdlError(
            f"{what} is not XML ({exc.msg})", hint="the URL must answer with a WSDL document"
        ) from None
    if has_doctype(content, root):
        raise UnsafeXML(f"{what} carries a DOCTYPE; refused")
    return root


__all__ = ["ENVELOPES", "SOAP11_ENV", "SOAP12_ENV", "WADL_NS", "WSDL_NS", "XSD_NS", "XSI_NS",
           "has_doctype", "parse", "parse_safely", "safe_parser"]
