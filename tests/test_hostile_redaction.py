"""Redaction runs in time linear in its input: a hostile fault string cannot make it spin.

The bound is a generous deadline (the quadratic pattern took 3.6 s on 40 kB and minutes on
megabytes), never a measurement compared with another.
"""
from __future__ import annotations

import time
import uuid

import pytest

from om_soap.errors import SoapFault, UnexpectedResponse
from om_soap.redact import scrub

MB = 1024 * 1024

HOSTILE = {
    "pass= repeated, then a redaction mark": "pass=" * (4 * MB // 5) + "***(",
    "sid= repeated": "sid=" * (4 * MB // 4),
    "XML field openings": "<pass>" * (4 * MB // 6),
    "XML field, no closing tag": "<pass>" + "x" * 4 * MB,
    "JSON fields": '"pass":"' * (4 * MB // 8),
    "prefixed tags without a colon": "<" + "a" * 4 * MB,
    "UUID-like hex": "0123456789abcdef-" * (4 * MB // 17),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_scrub_is_linear_on_megabytes(case):
    text = HOSTILE[case]
    started = time.monotonic()
    scrub(text, ["s3cret-password", "another-secret"])
    assert time.monotonic() - started < 2.0


def test_hostile_fault_strings_and_excerpts_are_quick():
    text = "pass=" * (MB // 5) + "***("
    started = time.monotonic()
    SoapFault(text, fault_code=text, detail=text, operation="UserService.login")
    UnexpectedResponse(text, excerpt=text)
    assert time.monotonic() - started < 2.0


def test_linear_patterns_still_redact():
    sid = uuid.uuid4().hex
    assert sid not in scrub(f"GET /services/user/hash?sid={sid}&x=1")
    assert sid not in scrub(f"<ns:sid>{sid}</ns:sid>")
    assert sid not in scrub(f'{{"pass": "{sid}"}}')
    once = scrub(f"pass={sid}")
    assert scrub(once) == once  # already redacted: left alone
