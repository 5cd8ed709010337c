"""What the fake knows about a WSDL snapshot: operations, parameter types, DTO field order.

The bundled snapshots (``wsdl_cache/<snapshot>/<Service>.wsdl``) are the single source for
the fake's wire shapes: which operations a version has, the declared type of every
parameter (to turn request text into Python values), the element order of every DTO (CXF
writes fields in that order, and Jettison keeps it), and whether a fault is declared. Each
snapshot is read once per process; the files are local, but are still parsed with the safe
parser because nothing here should ever need a DTD.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from lxml import etree

from ..errors import UnsupportedVersion, WsdlError
from ..soap.wsdl_source import bundled_dir

TNS = "http://webservice.openmeetings.apache.org/"
XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"

#: WSDL file name -> the REST base under ``<ctx>/services`` (each class's @Path, e.g. ``@Path("/room")``
#: in RoomWebService.java @ 9.1.0).
SERVICES: Dict[str, str] = {
    "UserService": "user",
    "RoomService": "room",
    "InfoService": "info",
    "ErrorService": "error",
    "GroupService": "group",
    "CalendarService": "calendar",
    "FileService": "file",
    "RecordService": "record",
    "WbService": "wb",
}


def safe_parser() -> etree.XMLParser:
    """lxml parser that never loads a DTD, expands an entity or touches the network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_blank_text=True,
    )


def snapshot_root() -> Path:
    """The bundled snapshot folder, found as the client finds it (installed package data, else
    the source checkout's ``wsdl_cache/``)."""
    root = bundled_dir()
    if root is None:
        raise WsdlError("the bundled WSDL snapshots (wsdl_cache/) are not installed")
    return root


@dataclass(frozen=True)
class Field:
    """One element of a sequence: ``type`` is ``xs:long``-style for XSD built-ins, the
    local name for TNS complex types, or ``enum`` for simple types in any namespace."""

    name: str
    type: str
    many: bool
    complex: bool


@dataclass
class Operation:
    name: str
    params: List[Field]
    returns: Optional[Field]
    fault_declared: bool


@dataclass
class ServiceModel:
    name: str
    wsdl: bytes
    operations: Dict[str, Operation] = field(default_factory=dict)
    types: Dict[str, List[Field]] = field(default_factory=dict)
    enums: Dict[str, List[str]] = field(default_factory=dict)
    #: complexType -> the complexType it extends (JAXB: its Java superclass).
    bases: Dict[str, str] = field(default_factory=dict)
    #: complexType -> the elements it declares itself (without its base's).
    own: Dict[str, List[Field]] = field(default_factory=dict)

    def element_names(self, type_name: str) -> List[List[str]]:
        """The element names of a complexType per class, the most derived first (what JAXB's
        StructureLoader walks); [] for an unknown type."""
        out: List[List[str]] = []
        current: Optional[str] = type_name
        while current is not None and current in self.own:
            out.append([f.name for f in self.own[current]])
            current = self.bases.get(current)
        return out


def _qname(node: etree._Element, value: str) -> Tuple[Optional[str], str]:
    prefix, _, local = value.rpartition(":")
    return node.nsmap.get(prefix or None), local


def _parse_service(name: str, data: bytes) -> ServiceModel:
    root = etree.fromstring(data, safe_parser())
    model = ServiceModel(name, data)
    complex_nodes: Dict[str, etree._Element] = {}
    for schema in root.iter(f"{{{XS}}}schema"):
        tns = schema.get("targetNamespace")
        for simple in schema.findall(f"{{{XS}}}simpleType"):
            values = [e.get("value") for e in simple.iter(f"{{{XS}}}enumeration")]
            model.enums[f"{tns}|{simple.get('name')}"] = values
        if tns == TNS:
            for ct in schema.findall(f"{{{XS}}}complexType"):
                complex_nodes[ct.get("name")] = ct

    def fields_of(type_name: str) -> List[Field]:
        if type_name in model.types:
            return model.types[type_name]
        ct = complex_nodes[type_name]
        out: List[Field] = []
        ext = ct.find(f"{{{XS}}}complexContent/{{{XS}}}extension")
        scope = ct
        if ext is not None:
            _, base = _qname(ext, ext.get("base"))
            out.extend(fields_of(base))
            model.bases[type_name] = base
            scope = ext
        inherited = len(out)
        seq = scope.find(f"{{{XS}}}sequence")
        for el in (seq if seq is not None else []):
            if el.tag != f"{{{XS}}}element":
                continue
            ns, local = _qname(el, el.get("type", "xs:string"))
            many = el.get("maxOccurs") == "unbounded"
            if ns == XS:
                out.append(Field(el.get("name"), f"xs:{local}", many, False))
            elif ns == TNS and local in complex_nodes:
                out.append(Field(el.get("name"), local, many, True))
            else:
                out.append(Field(el.get("name"), f"enum:{ns}|{local}", many, False))
        model.types[type_name] = out
        model.own[type_name] = out[inherited:]
        return out

    for ct_name in complex_nodes:
        fields_of(ct_name)
    for op in root.iter(f"{{{WSDL}}}portType"):
        for node in op.findall(f"{{{WSDL}}}operation"):
            op_name = node.get("name")
            params = fields_of(op_name) if op_name in complex_nodes else []
            resp = model.types.get(f"{op_name}Response")
            returns = resp[0] if resp else None
            model.operations[op_name] = Operation(
                op_name, params, returns, node.find(f"{{{WSDL}}}fault") is not None
            )
    return model


class Snapshot:
    """All services of one snapshot folder, parsed once."""

    def __init__(self, name: str) -> None:
        folder = snapshot_root() / name
        if not folder.is_dir():
            raise UnsupportedVersion(f"no bundled WSDL snapshot {name!r} (looked in {folder.parent})")
        self.name = name
        self.services: Dict[str, ServiceModel] = {}
        for path in sorted(folder.glob("*.wsdl")):
            self.services[path.stem] = _parse_service(path.stem, path.read_bytes())


_CACHE: Dict[str, Snapshot] = {}
_LOCK = threading.Lock()


def load(name: str) -> Snapshot:
    with _LOCK:
        snap = _CACHE.get(name)
        if snap is None:
            snap = _CACHE[name] = Snapshot(name)
        return snap
