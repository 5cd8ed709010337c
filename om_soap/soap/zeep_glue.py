"""zeep glue: the one module that reaches into zeep's objects (settings, documents, ports,
bindings, schema types, value objects). Nothing here knows OpenMeetings."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.exceptions import LookupError as ZeepLookupError
from zeep.exceptions import NamespaceError as ZeepNamespaceError
from zeep.exceptions import ValidationError as ZeepValidationError
from zeep.exceptions import XMLSyntaxError as ZeepXMLSyntaxError
from zeep.wsdl import Document
from zeep.wsdl.bindings.soap import Soap11Binding, SoapBinding
from zeep.xsd.valueobjects import CompoundValue

from ..errors import UnsupportedOperation, WsdlError
from ..redact import scrub

log = logging.getLogger("om_soap.soap")

#: zeep's exceptions for arguments it cannot serialise (the caller's doing when no answer came).
ARGUMENT_ERRORS = (TypeError, ValueError, ZeepValidationError, ZeepLookupError, ZeepXMLSyntaxError)

__all__ = ["ARGUMENT_ERRORS", "Fault", "bind", "build_document", "compound_values", "declared_type",
           "endpoint", "input_names", "make_client", "make_settings", "operation", "operation_names",
           "plan_allowed", "signature", "soap_port", "type_name"]


def make_settings() -> zeep.Settings:
    """The zeep settings om-soap always uses (see the module docstring for why)."""
    return zeep.Settings(
        strict=False,
        xsd_ignore_sequence_order=True,
        raw_response=False,
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=False,
        xml_huge_tree=False,
        force_https=False,
    )


def build_document(url: str, transport: Any) -> Document:
    """Parse the WSDL at ``url`` with zeep (the transport serves it and its imports)."""
    return Document(url, transport, settings=make_settings())  # type: ignore[arg-type]  # zeep's hint is wrong


def soap_port(document: Document) -> Any:
    """The SOAP 1.1 port of the WSDL's first service (Axis2 also publishes 1.2 and HTTP ports)."""
    fallback = None
    for service in document.services.values():
        for port in service.ports.values():
            if isinstance(port.binding, Soap11Binding):
                return port
            if fallback is None and isinstance(port.binding, SoapBinding):
                fallback = port
    if fallback is None:
        raise WsdlError("the WSDL has no SOAP port (no wsdl:service with a soap:address)")
    return fallback


def endpoint(base_url: str, published: Optional[str], service: str) -> str:
    """``<base>/services/<Address>``: the published ``soap:address`` moved onto the base URL.

    The address part is what follows ``/services/`` (``RecordService`` for recordings,
    ``UserService.UserServiceHttpSoap11Endpoint/`` on Axis2), or the last path segment.
    """
    tail = service
    if published:
        path = published.split("?", 1)[0]
        if "/services/" in path:
            tail = path.split("/services/", 1)[1] or service
        else:
            tail = path.rstrip("/").rsplit("/", 1)[-1] or service
    return f"{base_url.rstrip('/')}/services/{tail}"


def bind(client: zeep.Client, base_url: str, service: str) -> Any:
    """A zeep ServiceProxy for the WSDL's SOAP port, sending to the caller's base URL."""
    port = soap_port(client.wsdl)
    published = (port.binding_options or {}).get("address")  # None: the WSDL has no soap:address
    address = endpoint(base_url, published, service)
    if published and published != address:
        log.debug("%s: soap:address %s rebound to %s", service, scrub(published), scrub(address))
    return client.create_service(port.binding.name, address)


def make_client(document: Document, transport: Any, plugins: Optional[list] = None) -> zeep.Client:
    """A zeep Client over an already parsed Document (cheap: no parsing happens here)."""
    return zeep.Client(document, transport=transport, settings=make_settings(), plugins=plugins or [])


def type_name(xsd_type: Any) -> str:
    qname = getattr(xsd_type, "qname", None)
    if qname is not None:
        return str(etree.QName(qname).localname)
    return str(getattr(xsd_type, "name", None) or type(xsd_type).__name__)


def _elements_of(message: Any) -> List[Tuple[str, Any]]:
    try:
        body = message.body
        xsd_type = body.type if body is not None else None
        return list(xsd_type.elements) if xsd_type is not None and hasattr(xsd_type, "elements") else []
    except AttributeError:
        return []


def _is_many(element: Any) -> bool:
    occurs = getattr(element, "max_occurs", 1)
    return occurs == "unbounded" or (isinstance(occurs, int) and occurs > 1)


def _parts(message: Any) -> List[Tuple[str, str, bool]]:
    return [(name, type_name(el.type), _is_many(el)) for name, el in _elements_of(message)]


def _return_of(operation: Any) -> Tuple[Optional[str], bool]:
    parts = _parts(operation.output)
    if not parts:
        return None, False
    _, type_name, many = parts[0]
    return type_name, many


def input_names(operation: Any) -> List[str]:
    """The parameter names of an operation's (document/literal wrapped) input."""
    try:
        body = operation.input.body
        xsd_type = body.type if body is not None else None
        if xsd_type is not None and hasattr(xsd_type, "elements"):
            return [name for name, _ in xsd_type.elements]
    except AttributeError:  # an exotic binding (RPC style): no wrapper element to read
        return []
    return []


def compound_values(value: Any) -> Optional[Dict[str, Any]]:
    """The fields of a zeep value object (``_raw_elements`` included), or None for other values."""
    return value.__values__ if isinstance(value, CompoundValue) else None


def operation_names(proxy: Any) -> List[str]:
    """The operation names of a bound service proxy."""
    return list(proxy._binding._operations)


def operation(proxy: Any, name: str, service: str) -> Any:
    """zeep's operation object ``name`` of ``proxy``, or UnsupportedOperation naming the ones it has."""
    op = proxy._binding._operations.get(name)
    if op is None:
        raise UnsupportedOperation(
            f"{service} of this server has no operation {name!r}; it has {', '.join(sorted(proxy._binding._operations))}"
        )
    return op


def signature(proxy: Any, service: str, name: str) -> Tuple[List[Tuple[str, str, bool]], Optional[str], bool]:
    """``([(part, type, repeated)], return type or None, return repeated)`` of an operation."""
    op = proxy._binding._operations.get(name)
    if op is None:
        raise UnsupportedOperation(f"{service} of this server has no operation {name!r}")
    return _parts(op.input), *_return_of(op)


def declared_type(client: zeep.Client, namespace: str, service: str, name: str) -> Any:
    """The complexType ``{namespace}name`` of a zeep client's WSDL, or WsdlError."""
    try:
        return client.wsdl.types.get_type(f"{{{namespace}}}{name}")
    except (ZeepLookupError, ZeepNamespaceError, KeyError):  # no such type / no schema at all
        raise WsdlError(f"{service}'s WSDL declares no type {name!r}") from None


def element_fields(xsd_type: Any) -> List[Tuple[str, Optional[str], bool, bool, bool]]:
    """``(element, nested complexType or None, required, is_boolean, repeated)`` of a complexType."""
    out = []
    for name, element in xsd_type.elements:
        xsd = element.type
        nested = type_name(xsd) if hasattr(xsd, "elements") else None
        is_bool = getattr(xsd, "name", None) == "boolean"
        out.append((name, nested, getattr(element, "min_occurs", 0) >= 1, is_bool, _is_many(element)))
    return out


def plan_allowed(proxy: Any, transport: Any) -> bool:
    """Whether a compiled plan may stand in for zeep: not when the zeep client was given
    plugins, WS-Security, default SOAP headers, extra HTTP headers, raw answers or another
    transport (things a plan knows nothing of)."""
    client = proxy._client
    return not (
        client.plugins
        or client.wsse
        or client._default_soapheaders
        or client.settings.extra_http_headers
        or client.settings.raw_response
        or client.transport is not transport
    )


def operation_or_none(proxy: Any, name: str) -> Any:
    """zeep's operation object ``name`` of ``proxy``, or None."""
    return proxy._binding._operations.get(name)


def binding_of(proxy: Any) -> Any:
    """The zeep binding behind a proxy (the compiled path sends through it)."""
    return proxy._binding


def address_of(proxy: Any) -> str:
    """Where a proxy sends."""
    return str(proxy._binding_options["address"])


def zeep_client_of(proxy: Any) -> Any:
    return proxy._client
