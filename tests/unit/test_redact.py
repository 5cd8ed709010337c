"""Secrets out of logs, reprs and errors (om_soap.redact)."""
from __future__ import annotations

from om_soap.errors import ServerUnreachable
from om_soap.redact import redact, scrub

SID = "78189aff-d68d-458a-8840-5b18d15a50b0"


def test_redact_keeps_a_prefix_only_for_long_secrets():
    assert redact(SID) == "7818***(36 chars)"
    assert redact("12345") == "***(5 chars)"  # a short password shows nothing
    assert redact(None) == "None" and redact("") == "''"


def test_scrub_masks_fields_query_values_json_and_uuids():
    text = (f"<pass>hunter2</pass><sid>{SID}</sid> GET /login?user=a&pass=hunter2 "
            f'{{"pass": "hunter2"}} hash {SID.upper()}')
    out = scrub(text)
    assert "hunter2" not in out and SID not in out and SID.upper() not in out
    assert "user=a" in out  # what is not secret stays readable


def test_scrub_hides_exact_secrets_and_is_idempotent():
    out = scrub("the password is s3cret-Pa55 indeed", ["s3cret-Pa55"])
    assert "s3cret-Pa55" not in out and "indeed" in out
    assert scrub(out) == out


def test_error_messages_are_scrubbed_on_the_way_in():
    exc = ServerUnreachable(f"cannot reach http://h/om/services/user/login?user=a&pass=hunter2&sid={SID}")
    assert "hunter2" not in str(exc) and SID not in str(exc) and SID not in repr(exc)
