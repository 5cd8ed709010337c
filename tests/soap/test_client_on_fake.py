"""The client's main flow against the fake, for every tested family, loopback and in process."""
from __future__ import annotations

import pytest
from pinned import family as pinned_family
import requests

from om_soap import ExternalUser, RoomOptions
from om_soap.client import OpenMeetingsClient
from om_soap.fake import FakeOpenMeetings
from om_soap.versions import TESTED_VERSIONS

JOHN = ExternalUser(login="superjohn", firstname="John", lastname="Doe", external_id="uid1",
                    external_type="myCMS")
ROOM5 = RoomOptions(room_id=5, moderator=True, show_audio_video_test=True)


@pytest.fixture(params=["loopback", "in-process"])
def mode(request):
    return request.param


def _client(fake, mode, **kwargs):
    if mode == "loopback":
        return OpenMeetingsClient(fake.url, timeout=10, **kwargs), requests.Session()
    session = fake.session()
    return OpenMeetingsClient(fake.url, session=session, timeout=10, **kwargs), session


def _enter(http, url):
    r = http.get(url, headers={"Accept": "application/json"}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["entered"]


@pytest.mark.parametrize("version", TESTED_VERSIONS)
def test_main_flow(version, mode):
    with FakeOpenMeetings(version, serve=mode == "loopback", bad_password_delay=(0, 0.01)) as fake:
        om, http = _client(fake, mode)
        login = om.login("admin", "12345")
        assert login.ok and om.sid == login.message
        assert (login.code == fake.state.admin.id) == pinned_family(fake.state.version, "result_has_code")
        bad = om.login("admin", "wrong")
        assert not bad.ok
        assert bad.to_rest() == {
            "3.1": {"serviceResult": {"code": -11, "type": "ERROR"}},
            "3.3": {"serviceResult": {"code": -1, "message": "Login failed", "type": "ERROR"}},
        }.get(pinned_family(fake.state.version, "name"), {"serviceResult": {"message": "error.bad.credentials", "type": "ERROR"}})
        result = om.get_room_hash(JOHN, ROOM5, sid=login.message)
        assert result.ok and (result.code == 0) == pinned_family(fake.state.version, "result_has_code")
        url = om.room_url(result.message, language=1)
        assert url.startswith(fake.url)
        entered = _enter(http, url)
        assert (entered["login"], entered["roomId"], entered["moderator"], entered["showAudioVideoTest"]) == \
            ("superjohn", 5, True, True)
        assert om.version() == fake.state.version.text


@pytest.mark.parametrize("version", ["3.3", "4.0", "9.1"])
def test_not_allowed_comes_back_as_the_rest_result(version, mode):
    with FakeOpenMeetings(version, serve=mode == "loopback") as fake:
        om, _ = _client(fake, mode)
        result = om.get_room_hash(JOHN, ROOM5, sid="not-a-sid")
        assert not result.ok
        assert result.message == pinned_family(fake.state.version, "not_allowed_message")


@pytest.mark.parametrize("version", ["3.2", "6.3"])
def test_shared_sid_trap_through_the_client(version, mode):
    with FakeOpenMeetings(version, serve=mode == "loopback") as fake:
        om, http = _client(fake, mode)
        om.login("admin", "12345")
        alice = ExternalUser(login="alice", firstname="Alice", external_id="a", external_type="cms")
        bob = ExternalUser(login="bob", firstname="Bob", external_id="b", external_type="cms")
        urls = [om.room_url(om.get_room_hash(u, ROOM5).message) for u in (alice, bob)]
        assert [_enter(http, u)["login"] for u in urls] == ["bob", "bob"]


@pytest.mark.parametrize("version", ["3.2", "6.3"])
def test_room_url_for_uses_one_sid_per_user(version, mode):
    with FakeOpenMeetings(version, serve=mode == "loopback") as fake:
        om, http = _client(fake, mode, credentials=("admin", "12345"))
        alice = ExternalUser(login="alice", firstname="Alice", external_id="a", external_type="cms")
        bob = ExternalUser(login="bob", firstname="Bob", external_id="b", external_type="cms")
        urls = [om.room_url_for(u, ROOM5) for u in (alice, bob)]
        assert [_enter(http, u)["login"] for u in urls] == ["alice", "bob"]


def test_error_messages_through_the_client(mode):
    with FakeOpenMeetings("3.3", serve=mode == "loopback") as fake:
        om, _ = _client(fake, mode)
        assert om.error_message(-26).message == "Admin authorization required"
        assert om.error_message(-11) is None  # row 11 left errorvalues.xml in 3.3.0
    with FakeOpenMeetings("5.0", serve=mode == "loopback") as fake:
        om, _ = _client(fake, mode)
        assert om.error_message("error.notallowed").message == "Admin authorization required"
        assert om.error_message("nope").to_rest() == {"serviceResult": {"message": "[Missing]",
                                                                        "type": "SUCCESS"}}


@pytest.mark.parametrize("version_arg", [None, "3.0"])
def test_axis2_family_login_hash_and_swf_entry(mode, version_arg):
    """3.0.x through the whole stack: the router sends it to the fake's Axis2 side (Axis2 @ 3.0.7RC3)."""
    with FakeOpenMeetings("3.0", serve=mode == "loopback") as fake:
        om, http = _client(fake, mode, version=version_arg)
        assert om.server_version.is_axis2 and om.server_version.text == "3.0.7"
        assert om.version_found_by == ("argument" if version_arg else "WSDL fingerprint")
        login = om.login("admin", "12345")
        assert login.ok and login.code == fake.state.admin.id and om.sid == login.message
        assert fake.state.sessions[om.sid].user_id == fake.state.admin.id
        assert om.login("admin", "wrong").to_rest() == {"serviceResult": {"code": -11, "type": "ERROR"}}
        result = om.get_room_hash(JOHN, ROOM5, sid=login.message)
        assert result.ok and result.code == 0
        url = om.room_url(result.message, language=1)
        assert url.startswith(f"{fake.url}/swf?secureHash=")  # swf page up to 3.1 (Application.java @ 3.1.2)
        entered = _enter(http, url)
        assert (entered["login"], entered["roomId"], entered["moderator"], entered["showAudioVideoTest"]) == \
            ("superjohn", 5, True, True)
        assert http.get(url, headers={"Accept": "application/json"}, timeout=10).status_code == 404  # used
        assert om.version() == "3.0.7"
