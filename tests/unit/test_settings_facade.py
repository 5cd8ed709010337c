"""Settings (one frozen object, keywords win over its fields) and the facade both clients
share ("not allowed" read from the version family; relogin once, for either protocol)."""
from __future__ import annotations

import dataclasses

import pytest

from om_soap import OpenMeetingsClient, RestClient
from om_soap.errors import InvalidArgument, UnexpectedResponse
from om_soap.facade import Facade, is_not_allowed
from om_soap.results import ServiceResult
from om_soap.settings import Settings
from om_soap.versions import parse

BASE = "http://om.test/openmeetings"
JSON = {"Content-Type": "application/json"}


def test_settings_are_frozen_and_keywords_win_over_them():
    settings = Settings(timeout=7, verify=False, max_answer_bytes=1000)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.timeout = 9  # type: ignore[misc]
    om = OpenMeetingsClient(BASE, settings=settings, timeout=3, offline=True)
    assert om.settings.timeout == 3 and om.settings.verify is False and om.settings.offline is True
    assert om.timeouts.read == 3.0 and om.session.verify is False
    rest = RestClient(BASE, settings=settings)
    assert rest.timeouts.read == 7.0 and rest.session.verify is False and rest.settings.max_answer_bytes == 1000


def test_compiled_defaults_to_what_the_environment_said_at_import(monkeypatch):
    from om_soap import settings as settings_module

    monkeypatch.setattr(settings_module, "COMPILED_FROM_ENV", False)
    assert OpenMeetingsClient(BASE).compiled is False
    assert OpenMeetingsClient(BASE, compiled=True).compiled is True
    monkeypatch.setattr(settings_module, "COMPILED_FROM_ENV", True)
    assert OpenMeetingsClient(BASE).compiled is True


def test_max_answer_bytes_caps_rest_answers(requests_mock):
    requests_mock.get(f"{BASE}/services/info/version", text='{"info": {"version": "' + "9" * 5000 + '"}}',
                      headers=JSON)
    rest = RestClient(BASE, settings=Settings(max_answer_bytes=1024))
    with pytest.raises(UnexpectedResponse, match="larger than"):
        rest.version()


@pytest.mark.parametrize("cls", [OpenMeetingsClient, RestClient])
def test_both_clients_are_the_one_facade_with_the_same_checks(cls):
    assert issubclass(cls, Facade)
    for attr in ("login", "get_room_hash", "room_url", "room_url_for", "error_message", "__repr__"):
        assert getattr(cls, attr) is getattr(Facade, attr), attr
    with pytest.raises(InvalidArgument, match="not an OpenMeetings URL"):
        cls("ftp://om.test/openmeetings")
    with pytest.raises(InvalidArgument, match="credentials"):
        cls(BASE, credentials=["admin", "x"])


def test_not_allowed_is_the_familys_code_or_message():
    # 3.3: returned NO_PERMISSION (-26, "Insufficient permissions", ERROR): ServiceResult.java @ 3.3.0
    family33 = parse("3.3.0").family
    assert is_not_allowed(ServiceResult(code=-26, message="Insufficient permissions", type="ERROR"), family33)
    assert not is_not_allowed(ServiceResult(code=-1, message="Login failed", type="ERROR"), family33)
    # 4.0+: the fault text "error.notallowed" (BaseWebService.performCall @ 4.0.2)
    family40 = parse("4.0.11").family
    assert is_not_allowed(ServiceResult(message="error.notallowed", type="ERROR"), family40)
    assert not is_not_allowed(ServiceResult(code=-26, message="error.bad.credentials", type="ERROR"), family40)
    # Axis2 answers the text "-26" (UserWebService.java @ 3.0.7RC3), read as code -26
    assert is_not_allowed(ServiceResult(code=-26, message="Insufficient permissions", type="ERROR"),
                          parse("3.0.7").family)
    assert not is_not_allowed(ServiceResult(code=-26, message=None, type="SUCCESS"), family33)
