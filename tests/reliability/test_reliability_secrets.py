"""The suite-wide secrets guard (tests/conftest.py) really catches leaks, and the library's
own paths that handle secrets (errors, reprs, DEBUG envelope logs) leave none."""
from __future__ import annotations

import logging
import uuid

import pytest
from conftest import find_secrets

from om_soap import ExternalUser, RoomOptions
from om_soap.client import OpenMeetingsClient
from om_soap.errors import SoapFault, UnexpectedResponse
from om_soap.fake import FakeOpenMeetings
from om_soap.rest import RestClient

PASSWORD = "Reliab1lity-S3cret"
JOHN = ExternalUser(login="john", firstname="John", external_id="j1", external_type="cms")
ROOM5 = RoomOptions(room_id=5, moderator=True)


def test_find_secrets_sees_uuids_and_test_passwords_but_not_redacted_ones():
    sid = str(uuid.uuid4())
    assert find_secrets(f"sid={sid}") and find_secrets("login admin/12345 failed")
    assert find_secrets(f"pass {PASSWORD}")
    assert not find_secrets(f"sid={sid[:4]}***(36 chars)")
    assert not find_secrets("port 123456, HTTP 500, 112345 bytes, 12345678")


@pytest.mark.secret_leak_expected
def test_guard_fires_on_a_logged_uuid():
    """Deliberate leak: the guard must notice it (the marker turns the finding into a pass)."""
    logging.getLogger("om_soap.selftest").warning("leaking %s", uuid.uuid4())


@pytest.mark.secret_leak_expected
def test_guard_fires_on_an_error_text_even_when_the_test_catches_it():
    class Leaky(UnexpectedResponse):
        def __str__(self) -> str:  # bypasses scrub(), as a careless subclass would
            return f"boom {PASSWORD}"

    with pytest.raises(Leaky):
        raise Leaky("x")


@pytest.mark.parametrize("protocol", ["soap", "rest"])
@pytest.mark.parametrize("version", ["3.3", "4.0", "9.1"])
def test_debug_logs_errors_and_reprs_of_a_whole_session_hold_no_secret(protocol, version, caplog):
    """Everything at DEBUG, a login, a hash, a refused SID, a bad password, a fault: the
    records and messages (scanned by the guard too) hold no SID, hash or password."""
    caplog.set_level(logging.DEBUG)
    with FakeOpenMeetings(version, admin=("admin", PASSWORD), serve=False, bad_password_delay=(0, 0)) as fake:
        cls = OpenMeetingsClient if protocol == "soap" else RestClient
        om = cls(fake.url, session=fake.session(), timeout=10, credentials=("admin", PASSWORD))
        sid = om.login("admin", PASSWORD).message
        hash_ = om.get_room_hash(JOHN, ROOM5).message
        refused = om.get_room_hash(JOHN, ROOM5, sid=str(uuid.uuid4()))
        assert not refused.ok
        assert not om.login("admin", "wrong-password").ok
        texts = [repr(om)]
        if protocol == "soap":
            with pytest.raises(SoapFault) as info:
                om.call("RoomService", "getRoomById", sid=str(uuid.uuid4()), id=5)
            texts.append(str(info.value))
        url = om.room_url(hash_)
    everything = "\n".join([r.getMessage() for r in caplog.records] + texts)
    assert caplog.records, "DEBUG logging produced nothing: the scan proves nothing"
    for secret in (sid, hash_, PASSWORD):
        assert secret not in everything
    assert hash_ in url  # the URL itself is the caller's to keep; it is never logged
