"""The XML namespaces om-soap speaks and the one safe parser for what servers send.

Every document from the network (SOAP answers, WSDLs, schemas, WADLs) is parsed with
:func:`safe_parser`: no DTD, no entities, no network, comments dropped (as zeep drops them).
"""
from __future__ import annotations

import re
import threading

from lxml import etree

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


__all__ = ["ENVELOPES", "SOAP11_ENV", "SOAP12_ENV", "WADL_NS", "WSDL_NS", "XSD_NS", "XSI_NS",
           "has_doctype", "parse", "safe_parser"]
