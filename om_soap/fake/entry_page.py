"""The room entry page: ``<ctx>/hash?secure=H`` (3.2+) or ``<ctx>/swf?secureHash=H`` (3.1).

The real page starts the room UI; the fake says who entered which room with which options,
as HTML for a browser or JSON for ``Accept: application/json``, and consumes the hash.

A hash the page cannot use (unknown, used, its session gone) is not a 404 on OpenMeetings:
HashPage (mounted with NoVersionMapper for ``hash`` from 3.2 and for ``swf`` in 3.1, so the
page renders in place, no redirect) answers 200 with its error dialog auto-opened: header
"Invalid hash" (key invalid.hash), text "Access denied. You have no rights to enter this
room." (key 1599) when ``WebSession.checkHashes`` signed nobody in, and "Invalid hash" when no
hash was given (HashPage.java @ 3.1.5RC2, 3.2.0RC1, 4.0.11, 9.1.0; the English labels from
web/app/Application.properties.xml at the same tags). The JSON variant says
``"entered": false`` with the fake's reason. The Axis2 family (3.0.x) had no HashPage: its
SwfPage (SwfPage.java @ 3.0.7RC3) is left as the Axis2 fake answers it.
"""
from __future__ import annotations

import html
from typing import Any, Dict

from ..redact import redact
from .models import EntryRefused, FakeState
from .wire import Request, Response

#: Wicket's page content type (every hash_page_* in tests/transcripts/5.1.0 .. 9.1.0).
HTML_TYPE = "text/html;charset=UTF-8"


def handle(state: FakeState, page: str, request: Request) -> Response:
    params = request.query_params()
    param = "secure" if page == "hash" else "secureHash"
    secure = (params.get(param) or [""])[0]
    wants_json = "application/json" in request.header("accept")
    if not secure:
        return _refused(state, f"no {param}= parameter: nothing to enter", wants_json, INVALID_HASH)
    try:
        entered = state.enter(secure)
    except EntryRefused as exc:
        return _refused(state, f"hash {redact(secure)} refused: {exc}", wants_json, NO_RIGHTS)
    language = (params.get("language") or [""])[0]
    if language and state.version.has("hash_page_language"):
        entered["language"] = int(language) if language.isdigit() else language
    if wants_json:
        return Response.json(200, {"entered": {k: v for k, v in entered.items() if v is not None}})
    return Response.text(200, _page(entered), HTML_TYPE)


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


#: HashPage's dialog header, and its texts (Application.properties.xml @ 3.2.0RC1, 9.1.0).
INVALID_HASH = "Invalid hash"  # key invalid.hash
NO_RIGHTS = "Access denied. You have no rights to enter this room."  # key 1599


def _refused(state: FakeState, reason: str, wants_json: bool, dialog: str) -> Response:
    if state.version.is_axis2:  # no HashPage before 3.1: the Axis2 fake's earlier answer
        if wants_json:
            return Response.json(404, {"error": reason})
        return Response.text(404, f"<!DOCTYPE html><html><head><title>{INVALID_HASH}</title></head><body>"
                                  f"<h1>{html.escape(reason)}</h1></body></html>", HTML_TYPE)
    if wants_json:
        return Response.json(200, {"entered": False, "reason": reason,
                                   "dialog": {"header": INVALID_HASH, "text": dialog}})
    return Response.text(
        200,
        f"<!DOCTYPE html><html><head><title>OpenMeetings</title></head><body>"
        f'<div id="access-denied" role="dialog"><h5>{INVALID_HASH}</h5><p>{html.escape(dialog)}</p></div>'
        f"<!-- om-soap fake: {html.escape(reason)} --></body></html>",
        HTML_TYPE,
    )
