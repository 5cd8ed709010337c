"""The room entry page: ``<ctx>/hash?secure=H`` (3.2+) or ``<ctx>/swf?secureHash=H`` (3.1).

The real page starts the room UI; the fake says who entered which room with which options,
as HTML for a browser or JSON for ``Accept: application/json``, and consumes the hash.
"""
from __future__ import annotations

import html
from typing import Any, Dict

from ..redact import redact
from .state import EntryRefused, FakeState
from .wire import Request, Response


def handle(state: FakeState, page: str, request: Request) -> Response:
    params = request.query_params()
    param = "secure" if page == "hash" else "secureHash"
    secure = (params.get(param) or [""])[0]
    wants_json = "application/json" in request.header("accept")
    if not secure:
        return _refused(404, f"no {param}= parameter: nothing to enter", wants_json)
    try:
        entered = state.enter(secure)
    except EntryRefused as exc:
        return _refused(404, f"hash {redact(secure)} refused: {exc}", wants_json)
    language = (params.get("language") or [""])[0]
    if language and state.version.has("hash_page_language"):
        entered["language"] = int(language) if language.isdigit() else language
    if wants_json:
        return Response.json(200, {"entered": {k: v for k, v in entered.items() if v is not None}})
    return Response.text(200, _page(entered), "text/html; charset=utf-8")


def _page(entered: Dict[str, Any]) -> str:
    who = " ".join(x for x in (entered.get("firstname"), entered.get("lastname")) if x) or entered["login"]
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in entered.items() if v is not None
    )
    return (
        "<!DOCTYPE html><html><head><title>OpenMeetings fake: room entered</title></head><body>"
        f"<h1>{html.escape(who)} entered room {entered['roomId']} "
        f"({html.escape(str(entered['roomName']))})</h1><table>{rows}</table></body></html>"
    )


def _refused(status: int, message: str, wants_json: bool) -> Response:
    if wants_json:
        return Response.json(status, {"error": message})
    return Response.text(
        status,
        f"<!DOCTYPE html><html><head><title>Invalid hash</title></head><body><h1>{html.escape(message)}"
        "</h1></body></html>",
        "text/html; charset=utf-8",
    )
