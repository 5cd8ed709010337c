"""The one request/response shape every entry point shares (server thread or adapter)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple
from urllib.parse import parse_qs

#: Largest request body the fake reads (anything bigger gets 413).
MAX_BODY = 1024 * 1024


@dataclass
class Request:
    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    #: ``http://host:port/openmeetings`` as the caller reached it (WSDL soap:address).
    base_url: str = ""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def content_type(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()

    def query_params(self) -> Dict[str, List[str]]:
        return parse_qs(self.query, keep_blank_values=True)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: List[Tuple[str, str]] = field(default_factory=list)

    @classmethod
    def text(cls, status: int, text: str, content_type: str = "text/plain; charset=utf-8",
             headers: Optional[List[Tuple[str, str]]] = None) -> "Response":
        return cls(status, text.encode("utf-8"), [("Content-Type", content_type)] + (headers or []))

    @classmethod
    def json(cls, status: int, data: Any, headers: Optional[List[Tuple[str, str]]] = None) -> "Response":
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        return cls.text(status, body, "application/json", headers)

    @classmethod
    def xml(cls, status: int, body: bytes, content_type: str = "text/xml; charset=UTF-8") -> "Response":
        return cls(status, body, [("Content-Type", content_type)])
