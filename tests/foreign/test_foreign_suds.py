"""suds-community, a SOAP client om-soap did not write, against the fake on every SOAP family.

suds reads the fake's served ``?wsdl`` and builds its own requests from it, as an integrator's
code would; a fake whose WSDL or answers differ from what a WSDL-driven client expects fails
here even when om-soap's own client is happy. Expectations are literals read at the tags
(cited per case), never taken from om_soap's tables.
"""
from __future__ import annotations

import pytest

from foreign import enter, unavailable
from om_soap.fake import FakeOpenMeetings

#: One release per SOAP family (3.1 and 3.2 differ in their WSDL and entry page).
CXF = ["3.1", "3.2", "3.3", "4.0", "5.0", "7.2", "9.1"]

#: What a failed login (wrong password for an existing user) returns: a serviceResult in
#: every CXF family, never a fault. (code, message, type):
#: 3.1/3.2: UserDao.login throws OmException(-11L), UserWebService.login returns its code
#:          and message (UserDao.java, UserWebService.java @ 3.2.1RC3);
#: 3.3:     UserDao.login returns null -> (-1, "Login failed") (UserWebService.java @ 3.3.0);
#: 4.0+:    ("error.bad.credentials", ERROR) (UserWebService.java @ 4.0.6RC1 and @ 9.1.0).
BAD_LOGIN = {
    "3.1": (-11, None, "ERROR"), "3.2": (-11, None, "ERROR"), "3.3": (-1, "Login failed", "ERROR"),
    "4.0": (None, "error.bad.credentials", "ERROR"), "5.0": (None, "error.bad.credentials", "ERROR"),
    "7.2": (None, "error.bad.credentials", "ERROR"), "9.1": (None, "error.bad.credentials", "ERROR"),
}
#: getRoomHash with a SID that never logged in: 3.x returns (-26, "Insufficient permissions")
#: (UserWebService.java @ 3.2.1RC3, @ 3.3.0; SessiondataDao.check answers an empty session);
#: 4.0+ throws ServiceException.NO_PERMISSION, a SOAP fault "error.notallowed"
#: (BaseWebService.performCall, ServiceException.java @ 4.0.6RC1 and @ 9.1.0).
NOT_ALLOWED_FAULTS = {"4.0", "5.0", "7.2", "9.1"}


@pytest.fixture(scope="module")
def suds_client():
    try:
        from suds.client import Client
    except ImportError:
        unavailable("suds-community is not installed (it is in the test extra)")

    def make(fake: FakeOpenMeetings, service: str):
        # cache=None: each fake has its own port; nothing may be reused across tests.
        return Client(f"{fake.url}/services/{service}?wsdl", cache=None, timeout=10)

    return make


def _user_and_options(client, version: str):
    user = client.factory.create("externalUserDTO")
    user.login, user.firstname, user.lastname = "superjohn", "John", "Doe"
    user.email = "john@example.org"
    user.externalId, user.externalType = "uid1", "myCMS"
    options = client.factory.create("roomOptionsDTO")
    options.roomId = 5
    options.moderator = True
    options.showAudioVideoTest = False
    options.allowSameURLMultipleTimes = False
    options.allowRecording = True
    if version == "3.1":
        options.showNickNameDialog = False  # 3.1's RoomOptionsDTO only (RoomOptionsDTO.java @ 3.1.2)
    return user, options


@pytest.mark.parametrize("version", CXF)
def test_login_room_hash_and_entry(suds_client, version):
    with FakeOpenMeetings(version, admin=("admin", "12345")) as fake:
        users = suds_client(fake, "UserService")
        result = users.service.login("admin", "12345")
        assert result.type == "SUCCESS"
        sid = result.message
        assert sid and len(sid) >= 32
        user, options = _user_and_options(users, version)
        hashed = users.service.getRoomHash(sid, user, options)
        assert hashed.type == "SUCCESS", hashed
        if version in ("3.1", "3.2", "3.3"):
            assert hashed.code == 0  # ServiceResult(0, hash, SUCCESS), UserWebService.java @ 3.2.1RC3
        entered = enter(fake.url, version, hashed.message)
        assert (entered["login"], entered["firstname"], entered["lastname"]) == ("superjohn", "John", "Doe")
        assert (entered["externalId"], entered["externalType"]) == ("uid1", "myCMS")
        assert entered["roomId"] == 5
        assert entered["moderator"] is True and entered["allowRecording"] is True
        assert entered["showAudioVideoTest"] is False


@pytest.mark.parametrize("version", CXF)
def test_bad_login_is_a_result_and_no_sid_is_refused(suds_client, version):
    from suds import WebFault

    # bad_password_delay=0: 9.x sleeps 6-15 s after a bad password (UserDao.badPwdPenalty @ 9.1.0).
    with FakeOpenMeetings(version, admin=("admin", "12345"), bad_password_delay=(0.0, 0.0)) as fake:
        users = suds_client(fake, "UserService")
        result = users.service.login("admin", "wrong-password")
        code, message, kind = BAD_LOGIN[version]
        assert result.type == kind
        assert getattr(result, "message", None) == message
        if version in ("3.1", "3.2", "3.3"):
            assert result.code == code
        user, options = _user_and_options(users, version)
        never_logged_in = "0b5e2c1e-6a8f-4a53-9b1e-000000000000"
        if version in NOT_ALLOWED_FAULTS:
            with pytest.raises(WebFault) as info:
                users.service.getRoomHash(never_logged_in, user, options)
            assert info.value.fault.faultstring == "error.notallowed"
        else:
            refused = users.service.getRoomHash(never_logged_in, user, options)
            assert (refused.code, refused.message, refused.type) == (-26, "Insufficient permissions", "ERROR")


#: ErrorService.get: 3.x looks an id up (a negative id is a row of errorvalues.xml, a
#: non-negative one is "Error ... please check your input"), 4.0+ a label key
#: (ErrorWebService.java @ 3.2.1RC3, @ 3.3.0, @ 4.0.6RC1, @ 9.1.0). Texts: row 11 -> label 336
#: "Invalid password" (errorvalues.xml, Application.properties.xml @ 3.2.1RC3); row 10 -> label
#: 335 "Username/email and/or password are incorrect." (same files @ 3.3.0); the key
#: error.bad.credentials (Application.properties.xml @ 4.0.6RC1, @ 9.1.0).
@pytest.mark.parametrize("version", CXF)
def test_error_service(suds_client, version):
    with FakeOpenMeetings(version, admin=("admin", "12345")) as fake:
        errors = suds_client(fake, "ErrorService")
        if version in ("3.1", "3.2", "3.3"):
            positive = errors.service.get(3, 1)
            assert (positive.code, positive.message, positive.type) == (
                3, "Error ... please check your input", "Error")
            row, text = (-11, "Invalid password") if version != "3.3" else (
                -10, "Username/email and/or password are incorrect.")
            found = errors.service.get(row, 1)
            assert (found.code, found.message, found.type) == (row, text, "Error")
        else:
            found = errors.service.get("error.bad.credentials", 1)
            assert (found.message, found.type) == ("Username/email and/or password are incorrect.", "SUCCESS")


# -- the Axis2 family (2.1-3.0.x): its own operations, the SID from getSession -----------------
# UserWebService.java @ 3.0.7RC3 (src/axis/java/org/apache/openmeetings/axis/services/).

def test_axis2_login_room_hash_entry_and_errors(suds_client):
    with FakeOpenMeetings("3.0", admin=("admin", "12345")) as fake:
        users = suds_client(fake, "UserService").service["UserServiceHttpSoap11Endpoint"]
        sid = users.getSession().session_id
        assert sid
        # A wrong password: UserDao.login throws OmException(-11L), loginUser returns the code.
        assert users.loginUser(sid, "admin", "wrong-password") == -11
        assert users.loginUser(sid, "admin", "12345") > 0  # the user's id
        secure = users.setUserObjectAndGenerateRoomHash(
            sid, "superjohn", "John", "Doe", "", "john@example.org", "uid1", "myCMS", 5, 1, 0)
        assert isinstance(secure, str) and len(secure) >= 32
        entered = enter(fake.url, "3.0", secure)
        assert (entered["login"], entered["firstname"], entered["lastname"]) == ("superjohn", "John", "Doe")
        assert (entered["roomId"], entered["moderator"], entered["showAudioVideoTest"]) == (5, True, False)
        # getErrorByCode: a non-negative id is always "Error ... please check your input".
        err = users.getErrorByCode(sid, 3, 1)
        assert (err.errorId, err.errmessage, err.errortype) == (
            3, "Error ... please check your input", "Error")


@pytest.mark.parametrize("version", CXF)
def test_suds_reads_every_wsdl_the_fake_serves(suds_client, version):
    # A WSDL-driven client must be able to build itself from each service's served ?wsdl
    # (suds resolves every type, message and binding it references).
    with FakeOpenMeetings(version) as fake:
        services = sorted(fake.state.snapshot.services)
        assert "UserService" in services and "RoomService" in services
        for service in services:
            client = suds_client(fake, service)
            methods = client.wsdl.services[0].ports[0].methods
            assert methods, service
