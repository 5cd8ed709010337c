"""Reading a server's REST API from its WADL (``<base>/services?_wadl``, which CXF writes):
:func:`parse` gives one :class:`RestMethod` per method with its full path. The WADL is read
as a WSDL is: size capped, DTDs and entities refused, anything else named in the error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..errors import UnexpectedResponse, UnsafeXML, WsdlError
from ..xml import WADL_NS, parse_safely

_W = f"{{{WADL_NS}}}"

#: A WADL larger than this is refused (OpenMeetings' whole API is about 20 KiB).
MAX_WADL_BYTES = 2 * 1024 * 1024
#: Resources nested deeper than this are refused (CXF writes two levels: class, method).
MAX_DEPTH = 32


@dataclass(frozen=True)
class RestParam:
    name: str
    style: str  # template (a path segment), query, header, matrix, plain
    type: str
    #: The representation the parameter travels in (a form field), None for path/query ones.
    media_type: Optional[str] = None


@dataclass(frozen=True)
class RestMethod:
    """One REST method: ``GET /room/{id}`` (id ``getRoomById``) with its parameters."""

    method: str
    path: str
    id: Optional[str]
    params: Tuple[RestParam, ...] = ()
    consumes: Tuple[str, ...] = ()
    produces: Tuple[str, ...] = ()
    statuses: Tuple[str, ...] = field(default=())

    def to_json(self) -> Dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "id": self.id,
            "params": [{"name": p.name, "style": p.style, "type": p.type, **({"mediaType": p.media_type}
                        if p.media_type else {})} for p in self.params],
            "consumes": list(self.consumes),
            "produces": list(self.produces),
        }


def _join(base: str, path: Optional[str]) -> str:
    path = (path or "").strip()
    if not path or path == "/":
        return base or "/"
    return base.rstrip("/") + "/" + path.strip("/")


def _params(parent: Any, media_type: Optional[str] = None) -> List[RestParam]:
    out = []
    for p in parent.findall(f"{_W}param"):
        name = p.get("name")
        if not name:
            raise UnexpectedResponse("the WADL has a param without a name")
        out.append(RestParam(name, p.get("style") or "query", p.get("type") or "xs:string", media_type))
    return out


def parse(content: bytes, what: str = "the WADL") -> Tuple[str, List[RestMethod]]:
    """``(resources base, methods)`` of a WADL document; typed errors for anything else."""
    if len(content) > MAX_WADL_BYTES:
        raise UnexpectedResponse(f"{what} is larger than {MAX_WADL_BYTES // (1024 * 1024)} MiB; refused")
    try:
        root = parse_safely(content, what)
    except UnsafeXML:
        raise
    except WsdlError as exc:
        raise UnexpectedResponse(f"{what} is not XML ({exc})", hint="the URL must answer with a WADL") from None
    if root.tag != f"{_W}application":
        excerpt = content[:120].decode("utf-8", "replace")
        raise UnexpectedResponse(
            f"{what} is not a WADL (root element {root.tag!r})", excerpt=excerpt,
            hint=f"a WADL is an <application> in {WADL_NS}",
        )
    methods: List[RestMethod] = []
    base = ""
    for resources in root.findall(f"{_W}resources"):
        base = resources.get("base") or base
        for resource in resources.findall(f"{_W}resource"):
            _walk(resource, "/", [], methods, 1)
    return base, methods


def _walk(resource: Any, prefix: str, inherited: List[RestParam], out: List[RestMethod], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise UnexpectedResponse(f"the WADL nests resources deeper than {MAX_DEPTH} levels; refused")
    path = _join(prefix, resource.get("path"))
    params = inherited + _params(resource)
    for method in resource.findall(f"{_W}method"):
        name = (method.get("name") or "").upper()
        if not name:
            raise UnexpectedResponse(f"the WADL has a method without a name at {path}")
        mine = list(params)
        consumes: List[str] = []
        request = method.find(f"{_W}request")
        if request is not None:
            mine += _params(request)
            for rep in request.findall(f"{_W}representation"):
                media = rep.get("mediaType")
                if media:
                    consumes.append(media)
                mine += _params(rep, media)
        produces: List[str] = []
        statuses: List[str] = []
        for response in method.findall(f"{_W}response"):
            if response.get("status"):
                statuses.append(str(response.get("status")))
            produces += [r.get("mediaType") for r in response.findall(f"{_W}representation") if r.get("mediaType")]
        out.append(RestMethod(name, path, method.get("id"), tuple(mine), tuple(consumes), tuple(produces),
                              tuple(statuses)))
    for child in resource.findall(f"{_W}resource"):
        _walk(child, path, params, out, depth + 1)


def describe(methods: List[RestMethod]) -> Dict[str, List[RestMethod]]:
    """Methods grouped by their first path segment (``/room``, ``/user``, ...), in order."""
    out: Dict[str, List[RestMethod]] = {}
    for m in methods:
        head = "/" + m.path.lstrip("/").split("/", 1)[0]
        out.setdefault(head, []).append(m)
    return out


__all__ = ["MAX_WADL_BYTES", "RestMethod", "RestParam", "WADL_NS", "describe", "parse"]
