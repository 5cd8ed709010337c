#!/usr/bin/env python3
"""Compare WSDL documents by meaning, not by bytes.

``model(data)`` reads one WSDL 1.1 document (as CXF or the snapshot generator writes it) into
plain dicts: the definitions' name and namespace, every inline schema (elements, complex types
with their sequences in order, simple types with their enumerations in order, form defaults),
the messages and their parts, the port type's operations with their input/output/fault
messages, the binding (style, transport, soapAction, use per message) and the service with its
ports. QNames are resolved to ``{namespace}local``, so prefixes and declaration order do not
count. The service address keeps only its path (host and port are where the document was
fetched from).

``differences(a, b)`` lists what differs, one line each, as ``where: a-value != b-value``.

Command line: ``python tools/wsdl_semantics.py A.wsdl B.wsdl`` (or two folders: every
``*.wsdl`` both hold) prints the differences and exits 1 when there are any.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"


def _qname(node: etree._Element, value: str | None) -> str | None:
    if value is None:
        return None
    prefix, _, local = value.rpartition(":")
    ns = node.nsmap.get(prefix or None)
    if ns is None:
        return local if not prefix else value
    return "{%s}%s" % (ns, local)


def _particle(node: etree._Element) -> dict[str, Any]:
    return {
        "name": node.get("name"),
        "ref": _qname(node, node.get("ref")),
        "type": _qname(node, node.get("type")),
        "minOccurs": node.get("minOccurs", "1"),
        "maxOccurs": node.get("maxOccurs", "1"),
        "nillable": node.get("nillable", "false"),
    }


def _complex(node: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {"abstract": node.get("abstract", "false"), "base": None, "sequence": [],
                           "attributes": []}
    ext = node.find("{%s}complexContent/{%s}extension" % (XS, XS))
    body = node
    if ext is not None:
        out["base"] = _qname(ext, ext.get("base"))
        body = ext
    seq = body.find("{%s}sequence" % XS)
    if seq is not None:
        for child in seq:
            if child.tag == "{%s}element" % XS:
                out["sequence"].append(_particle(child))
            elif child.tag == "{%s}any" % XS:
                out["sequence"].append({"any": dict(child.attrib)})
    for attr in body.findall("{%s}attribute" % XS):
        out["attributes"].append({"name": attr.get("name"), "type": _qname(attr, attr.get("type")),
                                  "use": attr.get("use", "optional")})
    return out


def _schema(node: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {
        "elementFormDefault": node.get("elementFormDefault", "unqualified"),
        "attributeFormDefault": node.get("attributeFormDefault", "unqualified"),
        "imports": sorted(i.get("namespace") or "" for i in node.findall("{%s}import" % XS)),
        "elements": {}, "complexTypes": {}, "simpleTypes": {},
    }
    for child in node:
        name = child.get("name")
        if child.tag == "{%s}element" % XS:
            inline = child.find("{%s}complexType" % XS)
            out["elements"][name] = {"type": _qname(child, child.get("type")),
                                     "inline": _complex(inline) if inline is not None else None,
                                     "nillable": child.get("nillable", "false")}
        elif child.tag == "{%s}complexType" % XS:
            out["complexTypes"][name] = _complex(child)
        elif child.tag == "{%s}simpleType" % XS:
            restriction = child.find("{%s}restriction" % XS)
            out["simpleTypes"][name] = {
                "base": _qname(restriction, restriction.get("base")) if restriction is not None else None,
                "enumeration": [e.get("value") for e in child.iter("{%s}enumeration" % XS)],
            }
    return out


def model(data: bytes) -> dict[str, Any]:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    m: dict[str, Any] = {"name": root.get("name"), "targetNamespace": root.get("targetNamespace"),
                         "schemas": {}, "messages": {}, "portTypes": {}, "bindings": {}, "services": {}}
    for schema in root.iterfind("{%s}types/{%s}schema" % (WSDL, XS)):
        tns = schema.get("targetNamespace")
        if tns in m["schemas"]:  # several schema blocks for one namespace: merge
            merged = m["schemas"][tns]
            new = _schema(schema)
            for key in ("elements", "complexTypes", "simpleTypes"):
                merged[key].update(new[key])
            merged["imports"] = sorted(set(merged["imports"]) | set(new["imports"]))
        else:
            m["schemas"][tns] = _schema(schema)
    for msg in root.iterfind("{%s}message" % WSDL):
        m["messages"][msg.get("name")] = [
            {"name": p.get("name"), "element": _qname(p, p.get("element")), "type": _qname(p, p.get("type"))}
            for p in msg.iterfind("{%s}part" % WSDL)]
    for pt in root.iterfind("{%s}portType" % WSDL):
        ops = {}
        for o in pt.iterfind("{%s}operation" % WSDL):
            inp, outp = o.find("{%s}input" % WSDL), o.find("{%s}output" % WSDL)
            ops[o.get("name")] = {
                "input": (inp.get("name"), _qname(inp, inp.get("message"))) if inp is not None else None,
                "output": (outp.get("name"), _qname(outp, outp.get("message"))) if outp is not None else None,
                "faults": sorted((f.get("name"), _qname(f, f.get("message")))
                                 for f in o.iterfind("{%s}fault" % WSDL)),
            }
        m["portTypes"][pt.get("name")] = {"operations": ops, "order": list(ops)}
    for b in root.iterfind("{%s}binding" % WSDL):
        sb = b.find("{%s}binding" % SOAP)
        ops = {}
        for o in b.iterfind("{%s}operation" % WSDL):
            so = o.find("{%s}operation" % SOAP)

            def use(tag: str, o: etree._Element = o) -> list[tuple[str | None, str | None]]:
                found = []
                for io in o.iterfind("{%s}%s" % (WSDL, tag)):
                    body = io.find("{%s}body" % SOAP)
                    fault = io.find("{%s}fault" % SOAP)
                    el = body if body is not None else fault
                    found.append((io.get("name"), el.get("use") if el is not None else None))
                return found

            ops[o.get("name")] = {
                "soapAction": so.get("soapAction") if so is not None else None,
                "style": so.get("style") if so is not None else None,
                "input": use("input"), "output": use("output"), "faults": sorted(use("fault"), key=str),
            }
        m["bindings"][b.get("name")] = {
            "type": _qname(b, b.get("type")),
            "style": sb.get("style") if sb is not None else None,
            "transport": sb.get("transport") if sb is not None else None,
            "operations": ops,
        }
    for s in root.iterfind("{%s}service" % WSDL):
        ports = {}
        for p in s.iterfind("{%s}port" % WSDL):
            addr = p.find("{%s}address" % SOAP)
            location = addr.get("location") if addr is not None else None
            ports[p.get("name")] = {"binding": _qname(p, p.get("binding")),
                                    "path": urlsplit(location).path if location else None}
        m["services"][s.get("name")] = ports
    return m


def _walk(a: Any, b: Any, where: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in b:
                out.append("%s/%s: only in the first" % (where, key))
            elif key not in a:
                out.append("%s/%s: only in the second" % (where, key))
            else:
                _walk(a[key], b[key], "%s/%s" % (where, key), out)
    elif (isinstance(a, list) and isinstance(b, list) and len(a) == len(b)
          and all(isinstance(x, dict) and "name" in x for x in a + b)
          and [x["name"] for x in a] == [x["name"] for x in b]):
        for x, y in zip(a, b):
            _walk(x, y, "%s[%s]" % (where, x["name"]), out)
    elif a != b:
        out.append("%s: %r != %r" % (where, a, b))


def differences(a: bytes, b: bytes) -> list[str]:
    out: list[str] = []
    _walk(model(a), model(b), "", out)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: wsdl_semantics.py A B  (two .wsdl files or two folders)", file=sys.stderr)
        return 2
    a, b = Path(argv[1]), Path(argv[2])
    pairs = ([(a, b)] if a.is_file() else
             [(p, b / p.name) for p in sorted(a.glob("*.wsdl")) if (b / p.name).is_file()])
    found = 0
    for x, y in pairs:
        for line in differences(x.read_bytes(), y.read_bytes()):
            print("%s %s" % (x.name, line))
            found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
