"""One release's view of its line's WSDL snapshot: what that release had, nothing more.

A bundled snapshot (``wsdl_cache/cxf-4.0``) serves a whole line (4.0.0-4.0.11) and holds the
union of what the line's releases offer (``wsdl_cache/generate.py`` ``release_supersets``).
:func:`snapshot_for` removes from it every operation and DTO field the exact release lacks,
read from the one version table: :data:`om_soap.operations.OPERATION_FEATURES` for operations
(a service whose operations all go is not served at all: InfoService before 3.1.3) and
:data:`om_soap.versions.FIELD_FEATURES` for fields. The fake then serves that WSDL, routes
those operations and writes those fields, so ``FakeOpenMeetings("4.0.5")`` has
``RoomService.counters`` and ``UserService.count`` and ``FakeOpenMeetings("4.0.11")`` has
neither.
"""
from __future__ import annotations

import threading
from typing import Dict, FrozenSet, Set, Tuple

from lxml import etree

from ..operations import OPERATION_FEATURES
from ..versions import FIELD_FEATURES, ServerVersion
from . import wsdl_model
from .wsdl_model import TNS, WSDL, XS, Snapshot, safe_parser

_CACHE: Dict[Tuple[str, str], Snapshot] = {}
_LOCK = threading.Lock()


def missing(version: ServerVersion) -> Tuple[FrozenSet[Tuple[str, str]], FrozenSet[Tuple[str, str]]]:
    """(operations, fields) of the tables that ``version`` lacks: ``(service, op)`` and
    ``(type, field)`` pairs."""
    ops = frozenset(key for key, feature in OPERATION_FEATURES.items() if not version.has(feature))
    fields = frozenset(key for key, feature in FIELD_FEATURES.items() if not version.has(feature))
    return ops, fields


def snapshot_for(version: ServerVersion) -> Snapshot:
    """The line's snapshot as ``version`` had it (the line's own when nothing is missing;
    cached per release)."""
    line = wsdl_model.load(version.snapshot)
    ops, fields = missing(version)
    ops = frozenset(k for k in ops if k[0] in line.services and k[1] in line.services[k[0]].operations)
    fields = frozenset(k for k in fields if any(
        any(f.name == k[1] for f in svc.types.get(k[0], ())) for svc in line.services.values()))
    if not ops and not fields:
        return line
    key = (line.name, version.text)
    with _LOCK:
        view = _CACHE.get(key)
        if view is None:
            view = _CACHE[key] = _filtered(line, version, ops, fields)
        return view


def _filtered(line: Snapshot, version: ServerVersion, ops: FrozenSet[Tuple[str, str]],
              fields: FrozenSet[Tuple[str, str]]) -> Snapshot:
    view = Snapshot.__new__(Snapshot)
    view.name = f"{line.name}@{version.text}"
    view.services = {}
    for name, model in line.services.items():
        drop = {op for svc, op in ops if svc == name}
        if drop and drop >= set(model.operations):
            continue  # the release has no such service
        data = model.wsdl
        if drop or any(t in model.types for t, _ in fields):
            data = _strip(model.wsdl, drop, fields)
        view.services[name] = wsdl_model._parse_service(name, data) if data is not model.wsdl else model
    return view


def _strip(data: bytes, drop: Set[str], fields: FrozenSet[Tuple[str, str]]) -> bytes:
    """The WSDL without the operations ``drop`` (portType, binding, messages, wrapper
    elements and types) and without the ``(type, field)`` elements."""
    root = etree.fromstring(data, safe_parser())
    messages: Set[str] = set()
    for port_type in root.iter(f"{{{WSDL}}}portType"):
        for node in list(port_type.findall(f"{{{WSDL}}}operation")):
            if node.get("name") in drop:
                for io in ("input", "output"):
                    el = node.find(f"{{{WSDL}}}{io}")
                    if el is not None:
                        messages.add(el.get("message", "").rpartition(":")[2])
                port_type.remove(node)
    for binding in root.iter(f"{{{WSDL}}}binding"):
        for node in list(binding.findall(f"{{{WSDL}}}operation")):
            if node.get("name") in drop:
                binding.remove(node)
    elements: Set[str] = set()
    for node in list(root.findall(f"{{{WSDL}}}message")):
        if node.get("name") in messages:
            for part in node.findall(f"{{{WSDL}}}part"):
                elements.add(part.get("element", "").rpartition(":")[2])
            root.remove(node)
    for schema in root.iter(f"{{{XS}}}schema"):
        if schema.get("targetNamespace") != TNS:
            continue
        for node in list(schema):
            if node.tag == f"{{{XS}}}element" and node.get("name") in elements:
                schema.remove(node)
            elif node.tag == f"{{{XS}}}complexType" and node.get("name") in elements:
                schema.remove(node)
        for node in schema.findall(f"{{{XS}}}complexType"):
            gone = {f for t, f in fields if t == node.get("name")}
            if gone:
                for el in list(node.iter(f"{{{XS}}}element")):
                    if el.get("name") in gone:
                        el.getparent().remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


__all__ = ["missing", "snapshot_for"]
