"""Sessions: an expired or revoked SID is renewed once, automatically, when the client holds
credentials, and the call repeated; never more than once; never for a write.

Logins are counted at the fake (its ``state.login`` wrapped), time is the fake's injectable
clock (30 minutes idle expire a SID, applicationContext.xml @ 9.1.0), so nothing waits and nothing depends on
timing. Every case runs over SOAP and REST, on a family that *returns* "not allowed"
(3.3: code -26), one that faults (4.0: ``error.notallowed``; REST: bare HTTP 500) and the
newest (9.1: REST HTTP 500 with a body).

Idempotency, per operation (what the client repeats after a renewed login):
``getRoomHash`` and the read operations in :data:`om_soap.client.SAFE_TO_REPEAT` are
repeated (a second hash is harmless, the first one was never issued); writes (``add``,
``delete``, ``kick``, ``close``/``open``, ``cleanWb``, ``hash`` invitations) and
``RoomService.getExternal`` (it creates the room it does not find) are never repeated: they
raise the refusal instead.
"""
from __future__ import annotations

from typing import List

import pytest
from pinned import family as pinned_family

from om_soap import ExternalUser, RoomOptions
from om_soap.client import SAFE_TO_REPEAT, OpenMeetingsClient
from om_soap.errors import NotLoggedIn, SoapFault
from om_soap.fake import FakeOpenMeetings, ManualClock
from om_soap.rest import RestClient

JOHN = ExternalUser(login="john", firstname="John", external_id="j1", external_type="cms")
ROOM5 = RoomOptions(room_id=5, moderator=True)
VERSIONS = ["3.3", "4.0", "9.1"]
PROTOCOLS = ["soap", "rest"]


class Counted:
    """A fake in process with an injectable clock and a count of logins it served."""

    def __init__(self, version: str) -> None:
        self.clock = ManualClock()
        self.fake = FakeOpenMeetings(version, serve=False, clock=self.clock, bad_password_delay=(0, 0))
        self.logins: List[str] = []
        original = self.fake.state.login

        def login(user, password):
            self.logins.append(user)
            return original(user, password)

        self.fake.state.login = login  # type: ignore[method-assign]

    def client(self, protocol: str, credentials=("admin", "12345")):
        cls = OpenMeetingsClient if protocol == "soap" else RestClient
        return cls(self.fake.url, session=self.fake.session(), timeout=10, credentials=credentials)

    def enter(self, om, hash_: str) -> dict:
        r = self.fake.session().get(om.room_url(hash_), headers={"Accept": "application/json"}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["entered"]


@pytest.fixture(params=VERSIONS)
def counted(request):
    return Counted(request.param)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_an_expired_sid_is_renewed_once_and_the_hash_made(protocol, counted):
    om = counted.client(protocol)
    assert om.login("admin", "12345").ok
    first = om.sid
    counted.clock.advance(31 * 60)  # 30 min after the last use (applicationContext.xml @ 9.1.0)
    result = om.get_room_hash(JOHN, ROOM5)
    assert result.ok, result
    assert counted.logins == ["admin", "admin"]  # exactly one renewal
    assert om.sid != first
    assert counted.enter(om, result.message)["externalId"] == "j1"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_sid_just_inside_its_lifetime_is_not_renewed(protocol, counted):
    om = counted.client(protocol)
    om.login("admin", "12345")
    counted.clock.advance(29 * 60)
    assert om.get_room_hash(JOHN, ROOM5).ok
    assert counted.logins == ["admin"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_revoked_sid_is_renewed_once(protocol, counted):
    om = counted.client(protocol)
    om.login("admin", "12345")
    del counted.fake.state.sessions[om.sid]  # an admin kicked the session
    assert om.get_room_hash(JOHN, ROOM5).ok
    assert len(counted.logins) == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_no_sid_yet_logs_in_once_with_credentials(protocol, counted):
    om = counted.client(protocol)
    assert om.get_room_hash(JOHN, ROOM5).ok
    assert len(counted.logins) == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_server_that_refuses_every_sid_gets_exactly_one_more_login(protocol, counted):
    om = counted.client(protocol)
    om.login("admin", "12345")
    counted.fake.state.check = lambda sid: None  # every SID unknown, however fresh
    result = om.get_room_hash(JOHN, ROOM5)
    assert not result.ok
    assert result.message == pinned_family(counted.fake.state.version, "not_allowed_message")
    assert len(counted.logins) == 2, counted.logins  # the first, and one renewal: no loop
    again = om.get_room_hash(JOHN, ROOM5)  # each call renews at most once
    assert not again.ok and len(counted.logins) == 3


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_an_explicit_sid_is_never_renewed(protocol, counted):
    om = counted.client(protocol)
    sid = om.login("admin", "12345").message
    counted.clock.advance(31 * 60)
    result = om.get_room_hash(JOHN, ROOM5, sid=sid)
    assert not result.ok and result.message == pinned_family(counted.fake.state.version, "not_allowed_message")
    assert len(counted.logins) == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_without_credentials_the_refusal_is_reported(protocol, counted):
    om = counted.client(protocol, credentials=None)
    om.login("admin", "12345")
    counted.clock.advance(31 * 60)
    result = om.get_room_hash(JOHN, ROOM5)
    assert not result.ok and len(counted.logins) == 1
    with pytest.raises(NotLoggedIn):
        counted.client(protocol, credentials=None).get_room_hash(JOHN, ROOM5)


def test_a_failing_renewal_is_reported_not_retried(counted):
    om = counted.client("soap", credentials=("admin", "wrong-password"))
    om.sid = "0" * 8  # a stale SID from somewhere
    with pytest.raises(NotLoggedIn) as info:
        om.get_room_hash(JOHN, ROOM5)
    assert len(counted.logins) == 1
    assert "wrong-password" not in str(info.value)


# --------------------------------------------------------------------------- the generic call (SOAP)


@pytest.mark.parametrize("version", ["4.0", "9.1"])
def test_a_read_through_call_is_repeated_once_after_renewal(version):
    counted = Counted(version)
    om = counted.client("soap")
    om.login("admin", "12345")
    counted.clock.advance(31 * 60)
    room = om.call("RoomService", "getRoomById", id=5)
    assert room is not None and len(counted.logins) == 2
    counted.fake.state.check = lambda sid: None
    with pytest.raises(SoapFault):
        om.call("RoomService", "getRoomById", id=5)
    assert len(counted.logins) == 3  # one renewal, then the refusal


@pytest.mark.parametrize("version", ["4.0", "9.1"])
def test_a_write_is_never_repeated(version):
    counted = Counted(version)
    om = counted.client("soap")
    om.login("admin", "12345")
    rooms = len(counted.fake.state.rooms)
    counted.clock.advance(31 * 60)
    with pytest.raises(SoapFault):
        om.call("RoomService", "delete", id=5)
    assert len(counted.logins) == 1
    assert len(counted.fake.state.rooms) == rooms


def test_the_repeatable_operations_are_reads_and_the_room_hash():
    writes = {"add", "delete", "deleteExternal", "kick", "kickAll", "close", "open", "cleanWb", "hash",
              "getExternal", "update", "addUser", "removeUser", "save", "login", "loginUser", "setUserObject"}
    assert "getRoomHash" in SAFE_TO_REPEAT
    assert not (writes & SAFE_TO_REPEAT)
    assert all(name.startswith(("get", "count", "range", "next", "users")) for name in SAFE_TO_REPEAT)
