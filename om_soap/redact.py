"""Keeping secrets out of logs, reprs and error messages.

OpenMeetings SIDs, room hashes and invitation hashes are UUIDs; passwords travel in
``pass``/``userpass``/``password`` fields. Everything om-soap logs or raises goes through
:func:`scrub`, and anything that holds a single secret shows it through :func:`redact`.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Element, query/form and JSON fields whose value is a secret whatever it looks like. A
# value already redacted (it holds "***(") is left alone: that test is made on the captured
# value in Python, never by a lookahead, so every pattern runs in time linear in the text
# (a lookahead scanning the rest of the value at each of n field names was quadratic).
_XML_FIELD = re.compile(r"(<(?:[\w.-]+:)?(?:pass|password|userpass|sid|SID|session_id)>)([^<]*)(</)")
_QUERY_FIELD = re.compile(
    r"(?<![\w-])((?:pass|password|userpass|sid|SID|secure|secureHash|invitation)=)([^&\s\"'<>]*)"
)
_JSON_FIELD = re.compile(r"(\"(?:pass|password|userpass|sid)\"\s*:\s*\")([^\"]*)(\")")
_DONE = "***("


def redact(secret: Optional[object], keep: int = 4) -> str:
    """Show the first ``keep`` characters of a secret and how long it was.

    Enough to tell two SIDs apart in a log, never enough to use one.
    """
    if secret is None:
        return "None"
    text = str(secret)
    if not text:
        return "''"
    shown = text[:keep] if len(text) > 2 * keep else ""
    return f"{shown}***({len(text)} chars)"


def _mask(match: "re.Match[str]") -> str:
    return redact(match.group(0))


def _field(match: "re.Match[str]") -> str:
    """``<pass>v</`` / ``"pass": "v"``: the value redacted, unless it already is."""
    value = match.group(2)
    if _DONE in value:
        return match.group(0)
    return match.group(1) + redact(value) + match.group(3)


def _query_field(match: "re.Match[str]") -> str:
    """``pass=v``: the value redacted, unless it already is."""
    value = match.group(2)
    if _DONE in value:
        return match.group(0)
    return match.group(1) + redact(value)


def scrub(text: str, secrets: Iterable[Optional[str]] = ()) -> str:
    """Return ``text`` with every known or recognisable secret redacted.

    ``secrets`` are exact values to hide (a password the caller gave, say); besides those,
    UUIDs (SIDs and hashes) and the values of fields named like secrets are masked.
    """
    if not text:
        return text
    text = _XML_FIELD.sub(_field, text)
    text = _QUERY_FIELD.sub(_query_field, text)
    text = _JSON_FIELD.sub(_field, text)
    for secret in sorted((str(s) for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, redact(secret))
    return _UUID.sub(_mask, text)


#: How far past a cut a secret may reach and still be found whole (SIDs are 36 characters).
_MARGIN = 256


def scrub_cut(text: str, secrets: Iterable[Optional[str]] = (), limit: int = 300) -> str:
    """``scrub(text)[:limit]``, in time bounded by ``limit`` whatever the length of ``text``.

    Only a head of the text is scrubbed. Its last ``_MARGIN`` characters are dropped after
    scrubbing: a secret the head cut in two sits there, unrecognisable, and goes with them,
    while a secret that starts before the cut is inside the head whole and is masked.
    """
    if not text:
        return text
    if len(text) <= limit + _MARGIN:
        return scrub(text, secrets)[:limit]
    head = scrub(text[: limit + 2 * _MARGIN], secrets)
    return head[: max(0, len(head) - _MARGIN)][:limit]


__all__ = ["redact", "scrub", "scrub_cut"]
