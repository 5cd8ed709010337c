"""OpenMeetings versions as data: the family table and the per-version feature table.

Every version difference that om-soap knows lives here, read from
``shared/docs/openmeetings-api.md`` (section numbers are cited as "facts §N"). The SOAP
client, the REST twin and the fake all read these tables; none of them re-derives a
version rule with an ``if`` of its own.

Two axes:

- :data:`FAMILIES`: what changes with the server's stack (Axis2, coded CXF, keyed CXF, ...):
  the shape of ``serviceResult``, how "not allowed" arrives, what the error service takes,
  how REST login is sent.
- :data:`FEATURES`: single facts that switch inside a family at a given release (the
  ``hash?secure=`` entry URL in 3.2.0, the REST 500 body in 6.3.0, ...), each as a version
  range.

:func:`parse` turns a version string into a :class:`ServerVersion` that answers both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Tuple
from urllib.parse import quote

from .errors import InvalidArgument, UnsupportedOperation, UnsupportedVersion

VersionTuple = Tuple[int, int, int]

# At most 9 digits a part: a longer run is no version (and int() refuses 4,300+ digits).
_VERSION = re.compile(r"^\s*(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?([-.]?[A-Za-z][\w.-]*)?\s*$")


def _vt(text: str) -> VersionTuple:
    m = _VERSION.match(text)
    if not m:
        raise UnsupportedVersion(f"{text!r} is not an OpenMeetings version such as '4.0.11'")
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))


@dataclass(frozen=True)
class Family:
    """One stack generation of OpenMeetings (facts §1.1)."""

    name: str
    first: VersionTuple
    last: VersionTuple
    #: "axis2" (2.1-3.0.x) or "cxf" (3.1 and later).
    stack: str
    #: serviceResult carries ``code`` (3.1-3.3); from 4.0 only ``message`` and ``type``.
    result_has_code: bool
    #: How a missing right arrives over SOAP for getRoomHash: "returned" (3.x: a
    #: (-26, "Insufficient permissions", ERROR) result) or "fault" (4.0+: error.notallowed).
    #: Room operations fault in every CXF family (facts §5.3).
    hash_not_allowed: str
    #: The faultstring / REST message for a missing right.
    not_allowed_message: str
    #: ErrorService lookup: "code" (Axis2 getErrorByCode), "id" (3.1-3.3), "key" (4.0+).
    error_lookup: str
    #: Enum spelling: "camel" (``conference``, ``Soap``) before 5.0, "upper" from 5.0.
    enum_case: str


#: Facts §1.1. Families are contiguous and ordered; the last one is open-ended.
FAMILIES: Tuple[Family, ...] = (
    Family("axis2", (2, 1, 0), (3, 0, 99), "axis2", False, "returned", "-26", "code", "camel"),
    Family("3.1", (3, 1, 0), (3, 2, 99), "cxf", True, "returned", "Insufficient permissions", "id", "camel"),
    Family("3.3", (3, 3, 0), (3, 3, 99), "cxf", True, "returned", "Insufficient permissions", "id", "camel"),
    Family("4.0", (4, 0, 0), (4, 0, 99), "cxf", False, "fault", "error.notallowed", "key", "camel"),
    Family("5.x", (5, 0, 0), (5, 99, 99), "cxf", False, "fault", "error.notallowed", "key", "upper"),
    Family("6-8", (6, 0, 0), (8, 99, 99), "cxf", False, "fault", "error.notallowed", "key", "upper"),
    Family("9.x", (9, 0, 0), (9, 99, 99), "cxf", False, "fault", "error.notallowed", "key", "upper"),
)

_OPEN = (999, 0, 0)

#: Facts that switch at one release: name -> (first version with it, last version with it
#: or None for "still there"), and where the facts say so.
FEATURES: Dict[str, Tuple[VersionTuple, Optional[VersionTuple], str]] = {
    # Entry URL `<ctx>/hash?secure=H` instead of `<ctx>/swf?secureHash=H` (facts §1.3).
    "hash_entry_url": ((3, 2, 0), None, "§1.3"),
    # HashPage honours `language=` (the swf page passes it to the Flash client) (facts §1.3).
    "hash_page_language": ((4, 0, 5), None, "§1.3"),
    # InfoService getVersion / GET /info/version (facts §0, §3.6).
    "info_service": ((3, 1, 3), None, "§3.6"),
    # Info carries a trailing `inited` flag (facts §4.6).
    "info_inited": ((3, 3, 1), (4, 0, 6), "§4.6"),
    # InfoService getHealth / GET /info/health (facts §3.6).
    "health": ((4, 0, 7), None, "§3.6"),
    # InfoService getManifest (facts §3.6).
    "manifest": ((6, 2, 0), None, "§3.6"),
    # RoomOptionsDTO.showNickNameDialog exists only in 3.1.x (facts §4.3).
    "show_nick_name_dialog": ((3, 1, 0), (3, 1, 99), "§4.3"),
    # RoomOptionsDTO.externalRoomId / externalType (facts §4.3).
    "external_room_id": ((5, 0, 1), None, "§4.3"),
    # getRoomHash returns an error result when externalId/externalType are empty (§5.2).
    "external_id_check": ((4, 0, 6), None, "§5.2"),
    # `?_wadl` on the REST API: CXF's WadlGenerator (cxf-rt-rs-service-description) is a
    # dependency of openmeetings-webservice from 3.1.3 (its pom.xml @ 3.1.3RC1; absent @ 3.1.2).
    "rest_wadl": ((3, 1, 3), None, "openmeetings-webservice/pom.xml @ 3.1.3RC1"),
    # REST errors are HTTP 500 with a serviceResult body and an `exception` header (§5.4).
    "rest_error_body": ((6, 3, 0), None, "§5.4"),
    # REST login is POST with form fields (facts §3.5).
    "rest_login_post": ((9, 0, 0), None, "§3.5"),
    # A failed login sleeps 6-15 s on the server (facts §3.5).
    "bad_password_delay": ((9, 0, 0), None, "§3.5"),
    # Login input is trimmed and lowercased (facts §5.1).
    "login_lowercase": ((7, 2, 0), None, "§5.1"),
    # The WSDL declares ServiceException faults: 3.x and 6.0+, not 4.0-5.x (facts §5.3).
    "declared_faults_3x": ((3, 1, 0), (3, 3, 99), "§5.3"),
    "declared_faults": ((6, 0, 0), None, "§5.3"),
    # UserService.get (facts §3.1).
    "user_get": ((3, 1, 2), None, "§3.1"),
    # UserService.kick (3.x, 4.0.0-4.0.6) and UserService.count (3.x, 4.0.0-4.0.5) (§3.2).
    "user_kick": ((3, 1, 0), (4, 0, 6), "§3.2"),
    "user_count": ((3, 1, 0), (4, 0, 5), "§3.2"),
    # UserService.count returns a bare int before 3.3 (facts §3.1).
    "user_count_int": ((3, 1, 0), (3, 2, 99), "§3.1"),
    # RoomService.hash (invitations) is public from 4.0.0 (facts §3.1, §7.10).
    "room_invitation_hash": ((4, 0, 0), None, "§3.2"),
    # RoomService.kick kicks everybody up to 4.0.6; kickAll from 4.0.7 (facts §3.2, §7.9).
    "room_kick_all_as_kick": ((3, 1, 0), (4, 0, 6), "§3.2"),
    "room_kick_all": ((4, 0, 7), None, "§3.2"),
    "room_kick_user": ((4, 0, 7), None, "§3.2"),
    # RoomService.counters (3.x-4.0.5), count and users (4.0.6+) (facts §3.2).
    "room_counters": ((3, 1, 0), (4, 0, 5), "§3.2"),
    "room_count": ((4, 0, 6), None, "§3.2"),
    "room_users": ((4, 0, 6), None, "§3.2"),
    # RoomService.cleanWb 4.0.6-6.3.0; WbService.cleanWb from 5.0 (facts §3.2, §3.4).
    "room_clean_wb": ((4, 0, 6), (6, 3, 99), "§3.4"),
    "wb_service": ((5, 0, 0), None, "§3.3"),
    # REST getExternal path typo fixed in 6.0.0 (facts §7.8).
    "rest_get_external": ((6, 0, 0), None, "§7.8"),
    # FileService.getAllExternal: absent 4.0.0RC1-4.0.5RC1, present from FileWebService.java @ 4.0.6RC1.
    "file_get_all_external": ((4, 0, 6), None, "FileWebService.java @ 4.0.6RC1"),
    # ServerService was removed in 3.3.1 (facts §2.2).
    "server_service": ((3, 1, 0), (3, 3, 0), "§2.2"),
    # REST UserService.add reads user/confirm from the form from 3.3.2, the query before (§3.1).
    "rest_add_user_form": ((3, 3, 2), None, "§3.1"),
    # RoomService.getRoomById accepts Soap (hasWebServiceLevel) or Room (hasUserLevel) from
    # RoomWebService.java @ 3.1.3RC3 (the 3.1.3 release) through 3.3.2RC1; Soap only from 4.0.
    "room_get_by_id_room_right": ((3, 1, 3), (3, 3, 99), "RoomWebService.java @ 3.1.3RC3"),
    # ...and takes the Room right only (hasUserLevel) before that: RoomWebService.java @ 3.1.0RC1,
    # 3.1.2 and 3.1.3RC1 (an RC of 3.1.3, not the release).
    "room_get_by_id_room_only": ((3, 1, 0), (3, 1, 2), "RoomWebService.java @ 3.1.2"),
    # UserService.add refuses unless allow.soap.register is set, from 4.0.6 (§3.2).
    "soap_register_check": ((4, 0, 6), None, "§3.2"),
    # Cleaning a room's whiteboards: RoomService.cleanWb from 4.0.6, WbService.cleanWb from 5.0
    # (facts §3.2, §3.4); one of the two exists from 4.0.6 on.
    "clean_wb": ((4, 0, 6), None, "§3.2, §3.4"),
    # REST GroupService.addRoom: the template says {roomId} for @PathParam("roomid") in
    # GroupWebService.java @ 3.1.0RC1 .. 4.0.2; {roomid} from GroupWebService.java @ 4.0.3.
    "rest_group_add_room": ((4, 0, 3), None, "GroupWebService.java @ 4.0.3"),
    # RoomDTO renames: numberOfPartizipants -> capacity in 4.0, waitForRecording ->
    # waitRecording in 5.0 (facts §4.5).
    "room_capacity": ((4, 0, 0), None, "§4.5"),
    "room_wait_recording": ((5, 0, 0), None, "§4.5"),
    # RoomService.getPublic with an empty type lists every public room (RoomWebService.java
    # @ 4.0.3: `Strings.isEmpty(type) ? null : ...`); up to 4.0.2 Room.Type.valueOf faults.
    "public_rooms_any_type": ((4, 0, 3), None, "RoomWebService.java @ 4.0.3"),
    # userDTO.address: `State state` in Address.java @ 3.1.0RC1 and 3.1.1RC1, `String country`
    # from Address.java @ 3.1.2 (openmeetings-db .../entity/user/Address.java).
    "address_state": ((3, 1, 0), (3, 1, 1), "Address.java @ 3.1.1RC1"),
    "address_country": ((3, 1, 2), None, "Address.java @ 3.1.2"),
    # Releases built for Java 17 (pom.xml jdk.version 17 @ 7.0.0, 11 @ 6.3.0) run where an NPE
    # carries the JDK's helpful message, which OpenMeetings passes on as the fault's text (real
    # 7.2.0-9.1.0: tests/transcripts/9.1.0/28-soap_room_get_missing.json).
    "helpful_npe": ((7, 0, 0), None, "pom.xml @ 7.0.0"),
    # UserService.add refuses an address without a valid e-mail (checkEmail in
    # UserWebService.java @ 8.1.0, absent @ 8.0.0; real 9.1.0: tests/transcripts/9.1.0/42-rest_user_add.json).
    "user_add_email_check": ((8, 1, 0), None, "UserWebService.java @ 8.1.0"),
}

#: DTO fields that only some releases of a WSDL snapshot's line have: (complexType or operation
#: wrapper, field) -> FEATURES key. The fake serves (and answers with) a field only where its
#: release has the feature, so one snapshot per line serves every release of the line.
FIELD_FEATURES: Dict[Tuple[str, str], str] = {
    ("address", "state"): "address_state",
    ("address", "country"): "address_country",
    # RoomOptionsDTO.java @ 5.0.0 has neither; @ 5.0.1 both (dto/room/RoomOptionsDTO.java).
    ("roomOptionsDTO", "externalRoomId"): "external_room_id",
    ("roomOptionsDTO", "externalType"): "external_room_id",
    # dto/basic/Info.java: `inited` @ 3.3.1RC3 .. 4.0.6RC1.
    ("info", "inited"): "info_inited",
    ("roomOptionsDTO", "showNickNameDialog"): "show_nick_name_dialog",
    # RoomService.kick(sid, id) up to 4.0.6; kick(sid, id, externalType, externalId) from 4.0.7
    # (RoomWebService.java @ 4.0.6RC1 / 4.0.7RC1).
    ("kick", "externalType"): "room_kick_user",
    ("kick", "externalId"): "room_kick_user",
}

#: A short version ("4.0") stands for the last release of that line, which is what the
#: fake imitates and what `version="4.0"` means to the clients.
LINES: Dict[str, str] = {
    "2.1": "2.1.1", "2.2": "2.2.0",
    "3.0": "3.0.7", "3.1": "3.1.5", "3.2": "3.2.1", "3.3": "3.3.2",
    "4.0": "4.0.11", "5.0": "5.0.1", "5.1": "5.1.0",
    "6.0": "6.0.0", "6.1": "6.1.0", "6.2": "6.2.0", "6.3": "6.3.0",
    "7.0": "7.0.0", "7.1": "7.1.0", "7.2": "7.2.0",
    "8.0": "8.0.0", "8.1": "8.1.0", "9.0": "9.0.0", "9.1": "9.1.0",
}

#: The versions the fake and the family-by-family tests cover, one per behaviour family
#: (plus 3.2 for the URL switch and 6.3 for the REST error body).
TESTED_VERSIONS: Tuple[str, ...] = ("3.1", "3.2", "3.3", "4.0", "5.0", "6.3", "7.2", "9.1")

#: Bundled WSDL snapshot folders (``wsdl_cache/<name>``): first and last version each covers.
SNAPSHOTS: Tuple[Tuple[str, VersionTuple, VersionTuple], ...] = (
    ("axis2-3.0", (2, 1, 0), (3, 0, 99)),
    ("cxf-3.1", (3, 1, 0), (3, 1, 99)),
    ("cxf-3.2", (3, 2, 0), (3, 2, 99)),
    ("cxf-3.3", (3, 3, 0), (3, 3, 99)),
    ("cxf-4.0", (4, 0, 0), (4, 0, 99)),
    ("cxf-5.0", (5, 0, 0), (5, 99, 99)),
    ("cxf-6.0", (6, 0, 0), (6, 99, 99)),
    ("cxf-7.0", (7, 0, 0), (9, 99, 99)),
)


def _fmt(v: VersionTuple) -> str:
    return ".".join(str(p) for p in v)


@dataclass(frozen=True)
class ServerVersion:
    """A known OpenMeetings version: its family, its features, its WSDL snapshot."""

    text: str
    tuple: VersionTuple
    family: Family

    def has(self, feature: str) -> bool:
        """Whether this version has ``feature`` (a key of :data:`FEATURES`)."""
        first, last, _ = FEATURES[feature]
        return first <= self.tuple <= (last or _OPEN)

    def require(self, feature: str, what: str) -> None:
        """Raise :class:`UnsupportedOperation` naming the first version with ``feature``."""
        if self.has(feature):
            return
        first, last, _ = FEATURES[feature]
        if self.tuple < first:
            raise UnsupportedOperation(
                f"{what} needs OpenMeetings {_fmt(first)} or later; this server is {self.text}",
                first_version=_fmt(first),
            )
        raise UnsupportedOperation(
            f"{what} was removed after OpenMeetings {_fmt(last or _OPEN)}; this server is {self.text}",
            first_version=_fmt(first),
        )

    @property
    def snapshot(self) -> str:
        """The bundled WSDL folder for this version."""
        for name, first, last in SNAPSHOTS:
            if first <= self.tuple <= last:
                return name
        raise UnsupportedVersion(f"no bundled WSDL snapshot covers OpenMeetings {self.text}")

    def entry_url(self, base_url: str, hash: str, language: Optional[int] = None) -> str:
        """The URL that enters a room with ``hash`` (facts §1.3): ``<base>/swf?secureHash=H``
        up to 3.1, ``<base>/hash?secure=H`` from 3.2, plus ``&language=N`` when given
        (honoured by the hash page from 4.0.5, passed to the Flash client before).

        Raises :class:`~om_soap.errors.InvalidArgument` for an empty hash or a language
        that is not a number: both clients build entry URLs here."""
        if not isinstance(hash, str) or not hash.strip():
            raise InvalidArgument("room_url needs the hash (the message of a successful get_room_hash)")
        page, param = ("hash", "secure") if self.has("hash_entry_url") else ("swf", "secureHash")
        url = f"{base_url.rstrip('/')}/{page}?{param}={quote(hash.strip(), safe='-')}"
        if language is not None:
            try:
                url += f"&language={int(language)}"
            except (TypeError, ValueError):
                raise InvalidArgument(f"language must be a language id such as 1 (English), not {language!r}") from None
        return url

    @property
    def is_axis2(self) -> bool:
        return self.family.stack == "axis2"

    def __str__(self) -> str:
        return self.text


def parse(version: "str | ServerVersion") -> ServerVersion:
    """Turn ``"4.0.11"``, ``"4.0"`` (the line's last release), ``"5.0.0-M4"`` or
    ``"3.1.3RC1"`` into a :class:`ServerVersion`; raise :class:`UnsupportedVersion` for
    anything outside the families."""
    if isinstance(version, ServerVersion):
        return version
    text = str(version).strip()
    if text in LINES:
        text = LINES[text]
    vt = _vt(text)
    for family in FAMILIES:
        if family.first <= vt <= family.last:
            return ServerVersion(text, vt, family)
    raise UnsupportedVersion(
        f"OpenMeetings {text} is not supported (om-soap knows 2.1 to 9.x)",
        hint="pass version= with the nearest supported release if the API is unchanged",
    )


def family_of(version: "str | ServerVersion") -> Family:
    """Shortcut for ``parse(version).family``."""
    return parse(version).family


# --------------------------------------------------------------------------- detection

#: How :attr:`OpenMeetingsClient.server_version` was found.
FOUND_BY = ("argument", "InfoService", "WSDL fingerprint", "cache", "guess (bundled snapshot, nothing cached)")

#: WSDL target namespaces (facts §1.2): Axis2 (2.1-3.0.x) and CXF (3.1+).
AXIS2_NAMESPACE = "http://services.axis.openmeetings.apache.org"
CXF_NAMESPACE = "http://webservice.openmeetings.apache.org/"

#: Marks read from a UserService WSDL (see :func:`wsdl_marks`), each from facts §1.2/§3/§4:
#: ``axis2``: the Axis2 target namespace; ``result_code``: serviceResult has ``code``
#: (3.1-3.3); ``nick_name_dialog``: roomOptionsDTO has showNickNameDialog (3.1.x);
#: ``count_int``: count returns a bare int (3.1-3.2); ``upper_enums``: rights spelled
#: ``SOAP`` (5.0+); ``external_room_id``: roomOptionsDTO has externalRoomId (5.0.1+);
#: ``declared_faults``: a wsdl:fault is declared (3.x and 6.0+).
#:
#: First matching row wins; each row names the *earliest* release consistent with its marks
#: (INFERRED choice: claiming an older release never promises a feature the server may
#: lack). The fingerprint is a fallback: InfoService (3.1.3+) gives the exact version.
FINGERPRINTS: Tuple[Tuple[Tuple[str, ...], str], ...] = (
    (("axis2",), "3.0.7"),
    (("result_code", "nick_name_dialog"), "3.1.0"),
    (("result_code", "count_int"), "3.2.0"),
    (("result_code",), "3.3.0"),
    (("upper_enums", "declared_faults"), "6.0.0"),
    (("upper_enums", "external_room_id"), "5.0.1"),
    (("upper_enums",), "5.0.0"),
    ((), "4.0.0"),
)

_XS = "http://www.w3.org/2001/XMLSchema"
_WSDL = "http://schemas.xmlsoap.org/wsdl/"


def _complex_type(root: Any, name: str) -> Any:
    for node in root.iter(f"{{{_XS}}}complexType"):
        if node.get("name") == name:
            return node
    return None


def _element_names(node: Any) -> List[str]:
    if node is None:
        return []
    return [e.get("name") for e in node.iter(f"{{{_XS}}}element") if e.get("name")]


def wsdl_marks(root: Any) -> FrozenSet[str]:
    """The fingerprint marks of a UserService WSDL (an lxml root element)."""
    marks = set()
    if root.get("targetNamespace", "").rstrip("/") == AXIS2_NAMESPACE:
        marks.add("axis2")
        return frozenset(marks)
    if "code" in _element_names(_complex_type(root, "serviceResult")):
        marks.add("result_code")
    options = _element_names(_complex_type(root, "roomOptionsDTO"))
    if "showNickNameDialog" in options:
        marks.add("nick_name_dialog")
    if "externalRoomId" in options:
        marks.add("external_room_id")
    count = _complex_type(root, "countResponse")
    if count is not None and any(
        (e.get("type") or "").split(":")[-1] == "int" for e in count.iter(f"{{{_XS}}}element")
    ):
        marks.add("count_int")
    values = {e.get("value") for e in root.iter(f"{{{_XS}}}enumeration")}
    if "SOAP" in values:
        marks.add("upper_enums")
    if next(root.iter(f"{{{_WSDL}}}fault"), None) is not None:
        marks.add("declared_faults")
    return frozenset(marks)


def from_wsdl(root: Any) -> ServerVersion:
    """The version a UserService WSDL fingerprints as (see :data:`FINGERPRINTS`)."""
    marks = wsdl_marks(root)
    for needed, version in FINGERPRINTS:
        if set(needed) <= marks:
            return parse(version)
    raise UnsupportedVersion("the WSDL matches no known OpenMeetings release")  # pragma: no cover


def from_info(version_text: Optional[str]) -> ServerVersion:
    """The version InfoService reported (``"5.0.0-M4"``, ``"3.1.3"`` ...)."""
    if not version_text:
        raise UnsupportedVersion("InfoService answered without a version")
    return parse(version_text)


__all__ = [
    "AXIS2_NAMESPACE",
    "CXF_NAMESPACE",
    "FAMILIES",
    "FEATURES",
    "FIELD_FEATURES",
    "FINGERPRINTS",
    "FOUND_BY",
    "LINES",
    "SNAPSHOTS",
    "TESTED_VERSIONS",
    "Family",
    "ServerVersion",
    "family_of",
    "from_info",
    "from_wsdl",
    "parse",
    "wsdl_marks",
]
