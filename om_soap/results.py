"""Result objects in the shape the OpenMeetings REST API returns, and the DTOs sent to it.

The REST API answers through CXF's Jettison provider (tests/transcripts/9.1.0): the root element name is
the single top-level key (``{"serviceResult": {...}}``), fields come in XML element order,
absent (null) fields are omitted, a one-element list inside a bean is written as the single
value (a list answer stays an array under its root), and
(INFERRED, Jettison's converter) text that looks like a number or a boolean is written as one. The
``to_rest()`` methods here reproduce exactly that, so a SOAP answer and the REST answer for
the same call compare equal as JSON.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Dict, List, Mapping, Optional, Tuple, Union

from .errors import InvalidArgument
from .redact import redact, scrub

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def jettison_value(value: Any) -> Any:
    """Write one scalar the way Jettison's default converter does (INFERRED: Jettison's DefaultConverter).

    A string becomes a number when it reads back as exactly that number (``"3"`` -> 3,
    ``"007"`` stays text), ``"true"``/``"false"`` become booleans; everything else is kept.
    """
    if not isinstance(value, str):
        return value
    try:
        number = int(value)
    except ValueError:
        pass
    else:
        if str(number) == value and _LONG_MIN <= number <= _LONG_MAX:
            return number
        return value
    try:
        real = float(value)
    except ValueError:
        pass
    else:
        if math.isfinite(real) and repr(real) == value:
            return real
        return value
    if value in ("true", "false"):
        return value == "true"
    return value


def jettison(data: Any) -> Any:
    """Apply Jettison's output rules to a tree of dicts, lists and scalars (tests/transcripts/).

    Nulls and empty lists are dropped, one-element lists collapse to their element, and
    scalars go through :func:`jettison_value`. Key order is kept.
    """
    if isinstance(data, Mapping):
        out: Dict[str, Any] = {}
        for key, value in data.items():
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                items = [jettison(v) for v in value if v is not None]
                if not items:
                    continue
                out[key] = items[0] if len(items) == 1 else items
            else:
                out[key] = jettison(value)
        return out
    if isinstance(data, (list, tuple)):
        return [jettison(v) for v in data]
    return jettison_value(data)


def _as_text(value: Any) -> Optional[str]:
    """Undo Jettison's number/boolean guessing for a field declared as a string."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_code(value: Any) -> Optional[int]:
    """A serviceResult ``code`` as an int (None when absent), or InvalidArgument.

    Jettison writes the Java ``long`` as a JSON number; zeep reads ``xs:int``/``xs:long`` as
    an int; text of an integer and an integral float are read too. Anything else (text, a
    list, a boolean, 1e400) is refused, and the message never repeats the value: a hostile
    server may put a SID there.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidArgument("serviceResult code is a boolean, not an integer")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            raise InvalidArgument("serviceResult code is not an integer (a fraction or out of range)")
        number = int(value)
    elif isinstance(value, str) and 0 < len(value.strip()) <= 20:
        try:
            number = int(value.strip())
        except ValueError:
            raise InvalidArgument(f"serviceResult code is not an integer (text of {len(value)} chars)") from None
    else:
        raise InvalidArgument(f"serviceResult code is not an integer ({type(value).__name__})")
    if not _LONG_MIN <= number <= _LONG_MAX:
        raise InvalidArgument("serviceResult code is out of the range of a Java long")
    return number


@dataclass(frozen=True)
class ServiceResult:
    """OpenMeetings' ``serviceResult``: ``code`` (3.1-3.3 only), ``message``, ``type``.

    ``type`` is ``"SUCCESS"`` or ``"ERROR"`` (3.x ErrorService uses labels such as
    ``"Error"``, ErrorWebService.java @ 3.3.0). ``message`` carries the SID after login and the hash after
    getRoomHash, so the repr redacts it.

    ``message_is_secret`` (not compared, not shown): None (unknown) masks the message in the
    repr when the type is missing or says success in any case; False shows it (ErrorService
    texts); True always masks it.
    """

    code: Optional[int] = None
    message: Optional[str] = None
    type: Optional[str] = None
    message_is_secret: Optional[bool] = field(default=None, compare=False, repr=False)

    ROOT: ClassVar[str] = "serviceResult"

    @property
    def ok(self) -> bool:
        return self.type == "SUCCESS"

    def to_rest(self) -> Dict[str, Any]:
        """Exactly what the REST API returns: ``{"serviceResult": {...}}``."""
        body = {"code": self.code, "message": self.message, "type": self.type}
        return {self.ROOT: jettison(body)}

    @classmethod
    def from_rest(cls, data: Mapping[str, Any]) -> "ServiceResult":
        """Inverse of :meth:`to_rest`; also takes the bare inner object."""
        if not isinstance(data, Mapping):
            raise InvalidArgument(f"a serviceResult must be a JSON object, not {type(data).__name__}")
        inner = data.get(cls.ROOT, data)
        if not isinstance(inner, Mapping):
            raise InvalidArgument("the 'serviceResult' value must be a JSON object")
        unknown = set(inner) - {"code", "message", "type"}
        if unknown:
            raise InvalidArgument(f"unexpected serviceResult field(s) {sorted(unknown)}")
        for name in ("message", "type"):
            if isinstance(inner.get(name), (Mapping, list, tuple)):
                raise InvalidArgument(f"the serviceResult {name} must be text, not {type(inner[name]).__name__}")
        return cls(
            code=parse_code(inner.get("code")),
            message=_as_text(inner.get("message")),
            type=_as_text(inner.get("type")),
        )

    def with_public_message(self) -> "ServiceResult":
        """This result, marked as carrying no secret (its message is shown in the repr)."""
        return replace(self, message_is_secret=False)

    def _may_be_secret(self) -> bool:
        if self.message_is_secret is not None:
            return self.message_is_secret
        # A SID or a hash comes with SUCCESS; a server that drops the type or spells it in
        # another case must not make the repr print one.
        return self.type is None or self.type.strip().upper() == "SUCCESS"

    def __repr__(self) -> str:
        # The message is a SID or a hash on success: never show it whole.
        if self.message and self._may_be_secret():
            message = redact(self.message)
        else:  # shown, but what looks like a SID, a hash or a password field is still masked
            message = repr(scrub(self.message) if self.message else self.message)
        kind = repr(scrub(self.type) if self.type else self.type)
        return f"ServiceResult(code={self.code!r}, message={message}, type={kind})"


class RestObject:
    """Any other REST answer: a root name and its fields in XML element order.

    SOAP answers are turned into these by reading the zeep object in element order, which is
    the order Jettison writes (tests/transcripts/9.1.0). ``data`` keeps Python values (lists stay lists);
    ``to_rest()`` applies Jettison's rules.
    """

    __slots__ = ("root", "data")

    def __init__(self, root: str, data: Any) -> None:
        self.root = root
        self.data = data

    def to_rest(self) -> Dict[str, Any]:
        # A list answer is always {"<root>": [...]}, for one item and for none: CXF's
        # JSONProvider writes the array itself (marshalCollection), and the OpenAPI
        # *ListWrapper schemas (openmeetings-site-swagger 6.3.0-9.1.0) declare type: array.
        # Lists inside a bean still go through Jettison's rules (one item collapses).
        if isinstance(self.data, (list, tuple)):
            return {self.root: [jettison(item) for item in self.data if item is not None]}
        return jettison({self.root: self.data})

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default) if isinstance(self.data, Mapping) else default

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RestObject):
            return NotImplemented
        return self.to_rest() == other.to_rest()

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: ``r.name`` reads the field ``name``.
        if name.startswith("__") or name in RestObject.__slots__:
            raise AttributeError(name)
        data = self.data
        if isinstance(data, Mapping) and name in data:
            return data[name]
        known = ", ".join(data) if isinstance(data, Mapping) else f"none (a {type(data).__name__})"
        raise AttributeError(f"{self.root} has no field {name!r}; fields: {known}")

    def keys(self) -> Any:
        """The field names (so ``dict(r)`` gives the fields); a list answer has none."""
        if not isinstance(self.data, Mapping):
            raise TypeError(f"{self.root} is a {type(self.data).__name__}, not an object with fields")
        return self.data.keys()

    def __iter__(self) -> Any:
        return iter(self.data if isinstance(self.data, (Mapping, list, tuple)) else ())

    def __len__(self) -> int:
        return len(self.data) if isinstance(self.data, (Mapping, list, tuple)) else 0

    def __bool__(self) -> bool:
        return True  # an answer is an answer, even an empty list (``len(r)`` says how many)

    def __contains__(self, key: object) -> bool:
        return isinstance(self.data, (Mapping, list, tuple)) and key in self.data

    def __repr__(self) -> str:
        # The values, as a REPL user wants them; fields that hold a secret (a password, a
        # SID, a hash) are redacted, and so is any UUID elsewhere (SIDs and hashes are UUIDs).
        return f"RestObject({self.root!r}, {scrub(repr(_masked(self.data)))})"


#: Fields whose value is a secret whatever it looks like (a user's password, a SID, a hash).
SECRET_FIELDS = frozenset({"password", "pass", "userpass", "sid", "SID", "hash", "secureHash", "publicSid"})


def _masked(data: Any) -> Any:
    """``data`` with the values of :data:`SECRET_FIELDS` redacted, at any depth."""
    if isinstance(data, Mapping):
        return {k: (redact(v) if k in SECRET_FIELDS and v is not None else _masked(v)) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_masked(v) for v in data]
    return data


class _Dto:
    """Base of the input DTOs: Python field names out, REST JSON names in and out."""

    #: (python name, JSON/XML name) in the server's field order.
    _NAMES: ClassVar[Tuple[Tuple[str, str], ...]] = ()

    def to_json(self) -> Dict[str, Any]:
        """The REST JSON object (what the sample sends through JSON.stringify)."""
        out: Dict[str, Any] = {}
        for py, js in self._NAMES:
            value = getattr(self, py)
            if value is not None:
                out[js] = value
        return out

    @classmethod
    def coerce(cls, value: Union["_Dto", Mapping[str, Any]]) -> Any:
        """Accept the dataclass itself or the REST JSON dict (camelCase or snake_case keys)."""
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise InvalidArgument(
                f"expected {cls.__name__} or a dict of its REST JSON fields, got {type(value).__name__}"
            )
        by_js = {js: py for py, js in cls._NAMES}
        by_py = {py for py, _ in cls._NAMES}
        kwargs: Dict[str, Any] = {}
        for key, val in value.items():
            py = by_js.get(key, key if key in by_py else None)
            if py is None:
                known = ", ".join(js for _, js in cls._NAMES)
                raise InvalidArgument(f"{cls.__name__} has no field {key!r}; known fields: {known}")
            kwargs[py] = val
        return cls(**kwargs)


@dataclass
class ExternalUser(_Dto):
    """``externalUserDTO`` (ExternalUserDTO.java @ 9.1.0): the person who will enter the room."""

    login: Optional[str] = None
    firstname: Optional[str] = None
    lastname: Optional[str] = None
    profile_picture_url: Optional[str] = None
    email: Optional[str] = None
    external_id: Optional[str] = None
    external_type: Optional[str] = None

    _NAMES: ClassVar[Tuple[Tuple[str, str], ...]] = (
        ("login", "login"),
        ("firstname", "firstname"),
        ("lastname", "lastname"),
        ("profile_picture_url", "profilePictureUrl"),
        ("email", "email"),
        ("external_id", "externalId"),
        ("external_type", "externalType"),
    )


@dataclass
class RoomOptions(_Dto):
    """``roomOptionsDTO`` (RoomOptionsDTO.java @ 9.1.0). Only the fields the server's WSDL declares are sent:
    ``show_nick_name_dialog`` exists on 3.1 only, ``external_room_id``/``external_type``
    from 5.0.1. The booleans are Java primitives, always sent (False by default)."""

    room_id: Optional[int] = None
    external_room_id: Optional[str] = None
    external_type: Optional[str] = None
    recording_id: Optional[int] = None
    moderator: bool = False
    show_audio_video_test: bool = False
    show_nick_name_dialog: bool = False
    allow_same_url_multiple_times: bool = False
    allow_recording: bool = False

    _NAMES: ClassVar[Tuple[Tuple[str, str], ...]] = (
        ("room_id", "roomId"),
        ("external_room_id", "externalRoomId"),
        ("external_type", "externalType"),
        ("recording_id", "recordingId"),
        ("moderator", "moderator"),
        ("show_audio_video_test", "showAudioVideoTest"),
        ("show_nick_name_dialog", "showNickNameDialog"),
        ("allow_same_url_multiple_times", "allowSameURLMultipleTimes"),
        ("allow_recording", "allowRecording"),
    )

    def to_json(self) -> Dict[str, Any]:
        """REST JSON; the 3.1-only ``showNickNameDialog`` is left out unless set."""
        out = super().to_json()
        if not self.show_nick_name_dialog:
            out.pop("showNickNameDialog", None)
        return out


def dto_fields(cls: type) -> List[str]:
    """The Python field names of a DTO dataclass, in order (for docs and the CLI)."""
    return [f.name for f in fields(cls)]


__all__ = [
    "ServiceResult",
    "parse_code",
    "RestObject",
    "ExternalUser",
    "RoomOptions",
    "jettison",
    "jettison_value",
    "dto_fields",
]
