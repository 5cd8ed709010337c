"""Sessions: a client with credentials= logs in when it has no SID, a failed login says so,
verify= holds with the caller's session, only a refused SID triggers a relogin, never for an
explicit sid=, and the REST bare-500 mapping applies only where OpenMeetings sends bare 500s."""
from __future__ import annotations

import pytest
import requests_mock

from om_soap import ExternalUser, OpenMeetingsClient, RestClient, RoomOptions
from om_soap.errors import NotLoggedIn, ServerError, SoapFault
from om_soap.fake import FakeOpenMeetings
from om_soap.results import ServiceResult

ADMIN = ("admin", "12345")
JOHN = ExternalUser(firstname="John", lastname="Doe", external_id="uid1", external_type="myCMS")


def _soap(fake, tmp_path, **kw):
    return OpenMeetingsClient(fake.url, session=kw.pop("session", None) or fake.session(),
                              cache_dir=str(tmp_path / "cache"), **kw)


def _logins(fake):
    return len(fake.state.sessions)


# ---------------------------------------------------------------- credentials= logs in


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_a_client_with_credentials_logs_in_instead_of_raising(protocol, tmp_path):
    with FakeOpenMeetings("4.0", serve=False) as fake:
        om = _soap(fake, tmp_path, credentials=ADMIN) if protocol == "soap" else \
            RestClient(fake.url, session=fake.session(), credentials=ADMIN)
        assert om.sid is None
        assert om.get_room(5).name == "Public Presentation Room"  # the installer's fifth room
        assert om.sid in fake.state.sessions


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_without_credentials_the_hint_says_how_to_log_in(protocol, tmp_path):
    with FakeOpenMeetings("4.0", serve=False) as fake:
        om = _soap(fake, tmp_path) if protocol == "soap" else RestClient(fake.url, session=fake.session())
        with pytest.raises(NotLoggedIn, match=r"call login\(\) first"):
            om.get_room(5)


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_a_failed_login_says_the_login_failed_without_the_login_first_hint(protocol, tmp_path):
    with FakeOpenMeetings("4.0", serve=False) as fake:
        bad = ("admin", "wrong-password")
        om = _soap(fake, tmp_path, credentials=bad) if protocol == "soap" else \
            RestClient(fake.url, session=fake.session(), credentials=bad)
        for attempt in (lambda: om.get_room(5), lambda: om.room_url_for(JOHN, RoomOptions(room_id=5))):
            with pytest.raises(NotLoggedIn) as info:
                attempt()
            text = str(info.value)
            assert text.startswith("logging in as 'admin' failed: error.bad.credentials")
            assert "check the user name and password given as credentials=" in text
            assert "login() first" not in text


# ---------------------------------------------------------------- verify= with the caller's session


@pytest.mark.parametrize("protocol", ["soap", "rest"])
@pytest.mark.parametrize("verify", ["/etc/om-ca.pem", False])
def test_verify_is_honoured_with_the_callers_session(protocol, verify, tmp_path):
    with FakeOpenMeetings("4.0", serve=False) as fake:
        session = fake.session()
        adapter = session.get_adapter(fake.url)
        seen = []
        send = adapter.send

        def recording(request, **kwargs):
            seen.append(kwargs.get("verify"))
            return send(request, **kwargs)

        adapter.send = recording
        om = _soap(fake, tmp_path, session=session, verify=verify) if protocol == "soap" else \
            RestClient(fake.url, session=session, verify=verify)
        assert om.login(*ADMIN).ok
        assert om.get_room_hash(JOHN, RoomOptions(room_id=5)).ok
        assert len(seen) >= 2 and set(seen) == {verify}


# ---------------------------------------------------------------- relogin only for a refused SID


@pytest.mark.parametrize("version", ["3.1", "3.3", "4.0", "6.3", "9.1"])
def test_a_refused_sid_is_renewed_once(version, tmp_path):
    # The refusal per family: 3.x "Insufficient permissions" (RoomWebService.java @ 3.3.0 throws
    # ServiceException for every Room operation), 4.0+ "error.notallowed"
    # (BaseWebService.performCall @ 4.0.2 and 9.1.0: ServiceException.NO_PERMISSION).
    with FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0)) as fake:
        om = _soap(fake, tmp_path, credentials=ADMIN)
        assert om.login(*ADMIN).ok
        old = om.sid
        del fake.state.sessions[old]  # expired or revoked on the server
        assert om.call("RoomService", "getRoomById", id=5) is not None
        assert om.sid != old and om.sid in fake.state.sessions


@pytest.mark.parametrize("version", ["3.3", "4.0", "9.1"])
def test_another_fault_never_triggers_a_relogin(version, tmp_path):
    with FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0)) as fake:
        om = _soap(fake, tmp_path, credentials=ADMIN)
        assert om.login(*ADMIN).ok
        sid, logins = om.sid, _logins(fake)
        # getRoomByParent is safe to repeat, and the fake answers it with a fault that is not
        # a SID refusal ("not implemented by the fake"): no relogin, the fault is raised.
        with pytest.raises(SoapFault, match="not implemented by the fake"):
            om.call("FileService", "getRoomByParent", id=5, parent=0)
        assert om.sid == sid and _logins(fake) == logins


@pytest.mark.parametrize("version", ["3.3", "4.0", "9.1"])
def test_an_explicit_sid_is_never_renewed(version, tmp_path):
    with FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0)) as fake:
        om = _soap(fake, tmp_path, credentials=ADMIN)
        before = _logins(fake)
        with pytest.raises(SoapFault):
            om.call("RoomService", "getRoomById", id=5, sid="not-a-sid")
        refused = om.get_room_hash(JOHN, RoomOptions(room_id=5), sid="not-a-sid")
        assert not refused.ok
        assert om.sid is None and _logins(fake) == before
        rest = RestClient(fake.url, session=fake.session(), credentials=ADMIN)
        assert not rest.get_room_hash(JOHN, RoomOptions(room_id=5), sid="not-a-sid").ok
        assert rest.sid is None and _logins(fake) == before


# ---------------------------------------------------------------- REST bare 500 -> result, by version


BASE = "http://om.example.test/openmeetings"


@pytest.mark.parametrize("version, mapped", [
    # 4.0-6.2: no ExceptionMapper, the refusal is a bare 500 (TestUserService.hashTestNoAuth @ 4.0.11)
    ("4.0", True), ("6.2", True),
    # 6.3+: OmExceptionHandler.java @ 6.3.0 always sends a body; a bare 500 there is another failure
    ("6.3", False), ("9.1", False),
    # 3.x returns (-26, "Insufficient permissions") as a result; a bare 500 is not that
    ("3.3", False),
])
def test_the_rest_bare_500_becomes_not_allowed_only_where_openmeetings_sends_it(version, mapped):
    with requests_mock.Mocker() as m:
        m.post(f"{BASE}/services/user/hash", status_code=500, content=b"")
        rest = RestClient(BASE, version=version)
        if mapped:
            assert rest.get_room_hash(JOHN, RoomOptions(room_id=5), sid="a-sid") == \
                ServiceResult(message="error.notallowed", type="ERROR")
        else:
            with pytest.raises(ServerError):
                rest.get_room_hash(JOHN, RoomOptions(room_id=5), sid="a-sid")
