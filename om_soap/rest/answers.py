"""What REST answers look like through Jettison, and how they are read back: one-element
lists restored, texts that look like numbers given back as text, nesting bounded."""
from __future__ import annotations

from typing import Any, Union

from ..results import RestObject, ServiceResult

Answer = Union[ServiceResult, RestObject, None]  # noqa: UP007 (evaluated at run time on 3.9)
#: A multipart part for :meth:`RestClient.call`'s ``files=``: (file name or None, content,
#: content type), as requests takes it.
Part = tuple[Union[str, None], Union[bytes, str], str]  # noqa: UP007

#: Fields that the schema declares as arrays, per root element (UserDTO.java, RoomDTO.java @ 9.1.0):
#: Jettison writes a one-element array as the bare element, we turn it back into a list.
ARRAY_FIELDS: dict[str, tuple[str, ...]] = {
    "userDTO": ("rights",),
    "roomDTO": ("hiddenElements", "files"),
    "userSearchResult": ("result",),
}

#: Fields declared as text, per root: Jettison may have written "123" as 123 (INFERRED from
#: Jettison's default converter; openmeetings-webservice/pom.xml @ 7.2.0); we give the caller the text back. ``to_rest()`` re-applies Jettison's rule, so
#: comparisons with the SOAP side are unaffected either way.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "userDTO": ("login", "password", "firstname", "lastname", "timeZoneId", "externalId",
                "externalType", "pictureUri"),
    "roomDTO": ("name", "tag", "comment", "confno", "externalId", "externalType", "redirectUrl"),
    "info": ("version", "revision", "buildDate"),
}

#: OpenMeetings DTOs nest a few levels (a room's files, a user's address); deeper JSON is
#: refused before anything walks it recursively.
MAX_JSON_DEPTH = 64


def decode(body: bytes, encoding: str | None) -> str:
    """The body as text; JSON is UTF-8 (RFC 8259), also when the charset is one Python lacks."""
    try:
        return body.decode(encoding or "utf-8")
    except LookupError:  # charset=utf8mb4 and the like
        return body.decode("utf-8")


def too_deep(data: Any, limit: int) -> bool:
    """Whether ``data`` nests lists/objects more than ``limit`` levels (iteratively)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def normalise(root: str, data: Any) -> Any:
    """Undo Jettison's collapsing and number guessing inside one DTO (or a list of them)."""
    if isinstance(data, list):
        return [normalise(root, item) for item in data]
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key in ARRAY_FIELDS.get(root, ()):
        if key in out:
            out[key] = as_list(out[key])
    for key in TEXT_FIELDS.get(root, ()):
        if key in out:
            out[key] = _as_text(out[key])
    return out


__all__ = ["ARRAY_FIELDS", "MAX_JSON_DEPTH", "TEXT_FIELDS", "Answer", "Part", "decode", "normalise", "too_deep", "as_list"]
