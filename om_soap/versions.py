"""OpenMeetings versions as data: the families, the WSDL snapshots and version detection.

:data:`FAMILIES` says what changes with the server's stack (the shape of ``serviceResult``,
how "not allowed" arrives, what the error service takes); :data:`FEATURES` (kept in
:mod:`om_soap.features`) the switches at single releases. :func:`parse` turns a version
string into a :class:`ServerVersion` that answers both; :func:`from_wsdl` and
:func:`from_info` detect a server's version. The facts and their sources are in
``docs/openmeetings-versions.md``; the reasoning in ``docs/architecture.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Tuple
from urllib.parse import quote

from .errors import InvalidArgument, UnsupportedOperation, UnsupportedVersion
from .features import FEATURES, FIELD_FEATURES, VersionTuple

# At most 9 digits a part: a longer run is no version (and int() refuses 4,300+ digits).
_VERSION = re.compile(r"^\s*(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?([-.]?[A-Za-z][\w.-]*)?\s*$")


def _vt(text: str) -> VersionTuple:
    m = _VERSION.match(text)
    if not m:
        raise UnsupportedVersion(f"{text!r} is not an OpenMeetings version such as '4.0.11'")
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))


@dataclass(frozen=True)
class Family:
    """One stack generation of OpenMeetings (docs/openmeetings-versions.md#families)."""

    name: str
    first: VersionTuple
    last: VersionTuple
    #: "axis2" (2.1-3.0.x) or "cxf" (3.1 and later).
    stack: str
    #: serviceResult carries ``code`` (3.1-3.3); from 4.0 only ``message`` and ``type``.
    result_has_code: bool
    #: How a missing right arrives over SOAP for getRoomHash: "returned" (3.x: a
    #: (-26, "Insufficient permissions", ERROR) result) or "fault" (4.0+: error.notallowed).
    #: Room operations fault in every CXF family (RoomWebService.java @ 3.3.0, 4.0.11).
    hash_not_allowed: str
    #: The faultstring / REST message for a missing right.
    not_allowed_message: str
    #: ErrorService lookup: "code" (Axis2 getErrorByCode), "id" (3.1-3.3), "key" (4.0+).
    error_lookup: str
    #: Enum spelling: "camel" (``conference``, ``Soap``) before 5.0, "upper" from 5.0.
    enum_case: str
    #: The code of a returned "not allowed" result (``hash_not_allowed == "returned"``), else None.
    not_allowed_code: Optional[int] = None


#: The code OpenMeetings before 4.0 returns for a missing right: ``NO_PERMISSION`` in
#: ``openmeetings-db/.../dto/basic/ServiceResult.java`` @ 3.3.0; ``new Long(-26)`` (sent as
#: the text "-26") in ``src/axis/java/.../axis/services/UserWebService.java`` @ 3.0.7RC3.
NO_PERMISSION = -26

#: docs/openmeetings-versions.md#families. Contiguous and ordered; the last one is open-ended.
FAMILIES: Tuple[Family, ...] = (
    Family("axis2", (2, 1, 0), (3, 0, 99), "axis2", False, "returned", str(NO_PERMISSION), "code", "camel",
           NO_PERMISSION),
    Family("3.1", (3, 1, 0), (3, 2, 99), "cxf", True, "returned", "Insufficient permissions", "id", "camel",
           NO_PERMISSION),
    Family("3.3", (3, 3, 0), (3, 3, 99), "cxf", True, "returned", "Insufficient permissions", "id", "camel",
           NO_PERMISSION),
    Family("4.0", (4, 0, 0), (4, 0, 99), "cxf", False, "fault", "error.notallowed", "key", "camel"),
    Family("5.x", (5, 0, 0), (5, 99, 99), "cxf", False, "fault", "error.notallowed", "key", "upper"),
    Family("6-8", (6, 0, 0), (8, 99, 99), "cxf", False, "fault", "error.notallowed", "key", "upper"),
    Family("9.x", (9, 0, 0), (9, 99, 99), "cxf", False, "fault", "error.notallowed", "key", "upper"),
)

_OPEN = (999, 0, 0)

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
        """The URL that enters a room with ``hash`` (HashPage.java @ 3.2.0RC2): ``<base>/swf?secureHash=H``
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

#: WSDL target namespaces: Axis2 (2.1-3.0.x, services.xml @ 3.0.7RC3) and CXF (3.1+,
#: Constants.java TNS @ 3.1.2).
AXIS2_NAMESPACE = "http://services.axis.openmeetings.apache.org"
CXF_NAMESPACE = "http://webservice.openmeetings.apache.org/"

#: Marks read from a UserService WSDL (see :func:`wsdl_marks`; docs/openmeetings-versions.md
#: "Telling releases apart"):
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
