"""Every URL the fake answers, as data (moto's ``urls.py``).

:data:`CXF_ROUTES` and :data:`AXIS2_ROUTES` map a path pattern to the name of the handler in
:mod:`om_soap.fake.app` / :mod:`om_soap.fake.responses_axis2`; :data:`ROUTES_SPEC` is the REST API of the
CXF families, one row per resource method (RoomWebService.java, UserWebService.java, ... @ the
releases named in each row's feature switch).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Pattern, Tuple

from ..versions import FEATURES, ServerVersion

CONTEXT = "/openmeetings"

#: CXF families (3.1+): (pattern, handler name in om_soap.fake.app).
CXF_ROUTES: List[Tuple[Pattern[str], str]] = [
    (re.compile(rf"^{CONTEXT}/services/(?P<service>[A-Z]\w*Service)/?$"), "soap"),
    (re.compile(rf"^{CONTEXT}/services/(?P<rest>[a-z].*)$"), "rest"),
    (re.compile(rf"^{CONTEXT}/(?P<page>hash|swf)/?$"), "entry"),
]

#: Axis2 families (2.1-3.0.x): SOAP on ``<X>Service[.<port>]`` and the swf entry page, no REST.
AXIS2_ROUTES: List[Tuple[Pattern[str], str]] = [
    (re.compile(rf"^{CONTEXT}/services/(?P<service>[A-Z]\w*Service)(?:\.(?P<port>\w+))?/?$"), "service"),
    (re.compile(rf"^{CONTEXT}/swf/?$"), "swf"),
]


#: (method, path under <ctx>/services, service, operation, "Q:name F:name M:name ...").
#: ``M`` is a part of a multipart/form-data body (a complex part is JSON, a plain one bytes).
#: ``if:<feature>`` / ``unless:<feature>`` (a key of :data:`om_soap.versions.FEATURES`) limit a
#: route to the versions with / without that feature; ``exact`` is explained on _Route.
ROUTES_SPEC: Tuple[Tuple[str, str, str, str, str], ...] = (
    # GET with query up to 8.x, POST with form from 9.0 (UserWebService.java @ 8.1.0, 9.0.0; real
    # 9.1.0: tests/transcripts/9.1.0/07-rest_login_get_405.json).
    ("GET", "/user/login", "UserService", "login", "Q:user Q:pass unless:rest_login_post"),
    ("POST", "/user/login", "UserService", "login", "F:user F:pass if:rest_login_post"),
    ("POST", "/user/hash", "UserService", "getRoomHash", "F:user F:options"),
    ("POST", "/user/kick/{uid}", "UserService", "kick", ""),
    ("POST", "/user/kick/{publicsid}", "UserService", "kick", ""),
    ("GET", "/user/count/{roomid}", "UserService", "count", ""),
    ("GET", "/user", "UserService", "get", ""),
    # user/confirm are query parameters up to 3.3.1, form fields from 3.3.2 (UserWebService.java add:
    # @QueryParam("user") @ 3.3.1RC3, @FormParam("user") @ 3.3.2RC1).
    ("POST", "/user", "UserService", "add", "Q:user Q:confirm unless:rest_add_user_form"),
    ("POST", "/user", "UserService", "add", "F:user F:confirm if:rest_add_user_form"),
    ("DELETE", "/user/{id}", "UserService", "delete", ""),
    ("DELETE", "/user/{externaltype}/{externalid}", "UserService", "deleteExternal", ""),
    ("GET", "/room/public/{type}", "RoomService", "getPublic", ""),
    ("GET", "/room/close/{id}", "RoomService", "close", ""),
    ("GET", "/room/open/{id}", "RoomService", "open", ""),
    ("GET", "/room/kick/{id}/{externalType}/{externalId}", "RoomService", "kick", ""),
    ("GET", "/room/kick/{id}", "RoomService", "kickAll", ""),
    ("GET", "/room/kick/{id}", "RoomService", "kick", "exact"),  # 3.x-4.0.6: kicks everybody
    ("GET", "/room/counters", "RoomService", "counters", "Q:id"),
    ("GET", "/room/count/{roomid}", "RoomService", "count", ""),
    ("GET", "/room/users/{roomid}", "RoomService", "users", ""),
    ("GET", "/room/cleanwb/{id}", "RoomService", "cleanWb", ""),
    ("POST", "/room/hash", "RoomService", "hash", "Q:invite Q:sendmail"),
    ("GET", "/room/{type}/{externaltype}/{externalid}", "RoomService", "getExternal", "Q:room"),
    ("GET", "/room/{id}", "RoomService", "getRoomById", ""),
    ("DELETE", "/room/{id}", "RoomService", "delete", ""),
    ("POST", "/room", "RoomService", "add", "F:room"),
    ("GET", "/info/version", "InfoService", "getVersion", ""),
    ("GET", "/info/health", "InfoService", "getHealth", ""),
    ("GET", "/info/manifest.webmanifest", "InfoService", "getManifest", ""),
    ("POST", "/error/report", "ErrorService", "report", "Q:message"),
    ("GET", "/error/{key}/{lang}", "ErrorService", "get", ""),
    ("GET", "/error/{id}/{lang}", "ErrorService", "get", ""),
    ("GET", "/group", "GroupService", "get", ""),
    ("POST", "/group", "GroupService", "add", "Q:name"),
    ("POST", "/group/{id}/rooms/add/{roomid}", "GroupService", "addRoom", ""),
    ("POST", "/group/{id}/users/{userid}", "GroupService", "addUser", ""),
    ("DELETE", "/group/{id}/users/{userid}", "GroupService", "removeUser", ""),
    ("GET", "/group/users/{id}", "GroupService", "getUsers", "Q:start Q:max Q:orderby Q:asc"),
    ("DELETE", "/group/{id}", "GroupService", "delete", ""),
    ("GET", "/record/room/{roomid}", "RecordService", "getExternalByRoom", ""),
    ("GET", "/record/{externaltype}/{externalid}", "RecordService", "getExternal", ""),
    ("GET", "/record/{externaltype}", "RecordService", "getExternalByType", ""),
    ("DELETE", "/record/{id}", "RecordService", "delete", ""),
    ("GET", "/file/room/{id}/{parent}", "FileService", "getRoomByParent", ""),
    ("GET", "/file/room/{id}", "FileService", "getRoom", ""),
    ("GET", "/file/{externaltype}", "FileService", "getAllExternal", ""),
    ("DELETE", "/file/{externaltype}/{externalid}", "FileService", "deleteExternal", ""),
    ("DELETE", "/file/{id}", "FileService", "delete", ""),
    ("POST", "/file/move/{roomid}/{id}/{parentid}", "FileService", "move", ""),
    ("POST", "/file/rename/{id}/{name}", "FileService", "rename", ""),
    # multipart/form-data with the item JSON in part `file`, the bytes in `stream`
    # (@Multipart("file"), @Multipart("stream") in FileWebService.java @ 9.1.0).
    ("POST", "/file", "FileService", "add", "M:file M:stream"),
    ("GET", "/wb/resetwb/{id}", "WbService", "resetWb", ""),
    ("GET", "/wb/cleanwb/{roomid}/{wbid}", "WbService", "cleanWb", ""),
    ("GET", "/wb/cleanslide/{roomid}/{wbid}/{slide}", "WbService", "cleanSlide", ""),
    ("POST", "/wb/uploadwb/{type}", "WbService", "uploadWb", "F:data"),
    # Literal segments first: /calendar/room/5 is getByRoom, not a range from "room" to 5.
    ("GET", "/calendar/next", "CalendarService", "next", ""),
    ("GET", "/calendar/next/{userid}", "CalendarService", "nextForUser", ""),
    ("GET", "/calendar/room/{roomid}", "CalendarService", "getByRoom", ""),
    ("GET", "/calendar/title/{title}", "CalendarService", "getByTitle", ""),
    ("GET", "/calendar/{start}/{end}", "CalendarService", "range", ""),
    ("GET", "/calendar/{userid}/{start}/{end}", "CalendarService", "rangeForUser", ""),
    ("POST", "/calendar", "CalendarService", "save", "F:appointment"),
    ("DELETE", "/calendar/{id}", "CalendarService", "delete", ""),
)


class RestRoute:
    """One REST route: method, path template, the operation, where each parameter comes from."""

    def __init__(self, method: str, template: str, service: str, op: str, kinds: str) -> None:
        self.method, self.template, self.service, self.op = method, template, service, op
        names: List[str] = re.findall(r"{(\w+)}", template)
        regex = re.sub(r"{(\w+)}", r"(?P<\1>[^/]+)", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
        self.pattern: Pattern[str] = re.compile(f"^{regex}/?$")
        self.path_params = names
        self.sources: Dict[str, str] = {"sid": "Q"}
        #: The operation's parameters must be exactly these (tells same-name signatures apart).
        self.exact = "exact" in kinds.split()
        #: (feature, wanted): the route serves only versions where has(feature) == wanted.
        self.when: List[Tuple[str, bool]] = []
        for item in kinds.split():
            if item == "exact":
                continue
            kind, _, name = item.partition(":")
            if kind in ("if", "unless"):
                if name not in FEATURES:
                    raise KeyError(f"route {method} {template}: unknown feature {name!r}")
                self.when.append((name, kind == "if"))
                continue
            self.sources[name] = kind

    def serves(self, version: ServerVersion) -> bool:
        return all(version.has(feature) == wanted for feature, wanted in self.when)


REST_ROUTES = [RestRoute(*spec) for spec in ROUTES_SPEC]


def routes_for(state: Any) -> List[Tuple[str, str, str, str]]:
    """(method, path, service, op) the fake answers for this version (for docs and tests)."""
    return [(r.method, r.template, r.service, r.op) for r in REST_ROUTES
            if r.service in state.snapshot.services and r.op in state.snapshot.services[r.service].operations
            and r.serves(state.version)]
