"""Version rules of the fake that live in versions.FEATURES, checked on the wire (in process):
where REST UserService.add reads its DTO (UserWebService.java @ 3.3.2RC1), the REST address
``email`` input on 5.0+ (UserDTO.java @ 9.1.0), who may call getRoomById (RoomWebService.java
@ 3.1.2, 3.1.3RC3, 4.0.0RC2) and the 4.0.6 SOAP register setting (UserWebService.java @ 4.0.6RC1)."""
from __future__ import annotations

import json

import pytest
from pinned import family as pinned_family
from pinned import has as pinned_has

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.models import SOAP_REGISTER_DENIED
from om_soap.fake.testing import call, fault_of, login, result_of
from om_soap.versions import parse

DENIED = "Soap register is denied in Settings"


def make(version, **kwargs):
    return FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0), **kwargs)


def new_user(login_name, **extra):
    # 8.1+ add only a user with a valid e-mail (checkEmail, UserWebService.java @ 8.1.0): tests that
    # add on 9.1 give one (address.email over REST, address.mail over SOAP).
    user = {"login": login_name, "password": "Pa-ss-w0rd!", "firstname": "New", "lastname": "User"}
    user.update(extra)
    return user


def _mail(fake, key):
    """An address with an e-mail where the version checks it (user_add_email_check), else nothing."""
    return {"address": {key: "new@example.org"}} if pinned_has(fake.state.version, "user_add_email_check") else {}


def rest_add(fake, session, sid, user, where):
    """POST /user/ with user/confirm in the query (``where="query"``) or the form."""
    fields = {"user": json.dumps(user), "confirm": "false"}
    url = f"{fake.url}/services/user/"
    if where == "query":
        return session.post(url, params={"sid": sid, **fields}, timeout=10)
    return session.post(url, params={"sid": sid}, data=fields, timeout=10)


def logins(fake):
    return {u.login for u in fake.state.users.values()}


# -- REST UserService.add: query before 3.3.2, form from 3.3.2 (rest_add_user_form) ---------

@pytest.mark.parametrize("version,right,wrong", [
    ("3.1.5", "query", "form"), ("3.2.1", "query", "form"), ("3.3.1", "query", "form"),
    ("3.3.2", "form", "query"), ("4.0", "form", "query"), ("9.1", "form", "query"),
])
def test_rest_add_user_reads_the_dto_where_the_version_does(version, right, wrong):
    assert pinned_has(parse(version), "rest_add_user_form") == (right == "form")
    with make(version) as fake, fake.session() as s:
        sid = login(s, fake.url)
        missed = rest_add(fake, s, sid, new_user("misplaced"), wrong)
        assert missed.status_code == 500  # the server sees no user: a ServiceException
        assert "misplaced" not in logins(fake)
        r = rest_add(fake, s, sid, new_user("placed", **_mail(fake, "email")), right)
        assert r.status_code == 200, r.text
        assert r.json()["userDTO"]["login"] == "placed"
        assert "placed" in logins(fake)


# -- REST address input: ``email`` fills the 5.0+ ``mail`` --------------------------------

# The add answer is one UserDTO, written from 3.3.2 by UserMessageBodyWriter from the bean's
# getters: Address.getEmail() is `email` on every family (Address.java @ 3.3.2RC1, 9.1.0),
# though the 5.0+ XML element is `mail`.
@pytest.mark.parametrize("version,out_key", [("3.3", "email"), ("4.0", "email"), ("5.0", "email"),
                                             ("7.2", "email"), ("9.1", "email")])
def test_rest_address_email_input_is_kept_on_every_family(version, out_key):
    with make(version) as fake, fake.session() as s:
        sid = login(s, fake.url)
        r = rest_add(fake, s, sid, new_user("withmail", address={"email": "with@example.org"}), "form"
                     if pinned_has(parse(version), "rest_add_user_form") else "query")
        assert r.status_code == 200, r.text
        address = r.json()["userDTO"]["address"]
        assert address[out_key] == "with@example.org"
        assert ({"email", "mail"} - {out_key}).isdisjoint(address)
        added = next(u for u in fake.state.users.values() if u.login == "withmail")
        assert added.email == "with@example.org"


@pytest.mark.parametrize("version", ["5.0", "9.1"])
def test_rest_address_mail_input_is_ignored_like_the_server(version):
    # UserDTO.java @ 9.1.0 get(JSONObject): the REST reader takes address{id, country, email};
    # ``mail`` is output only.
    with make(version) as fake, fake.session() as s:
        sid = login(s, fake.url)
        r = rest_add(fake, s, sid, new_user("outputkey", address={"mail": "out@example.org"}), "form")
        if pinned_has(fake.state.version, "user_add_email_check"):
            # so 8.1+ see no e-mail and refuse (real 9.1.0: tests/transcripts/9.1.0/42-rest_user_add.json)
            assert (r.status_code, r.json()) == (500, {"serviceResult": {
                "message": "You have entered an invalid email address", "type": "ERROR"}})
            return
        assert r.status_code == 200, r.text
        assert "address" not in r.json()["userDTO"]
        assert next(u for u in fake.state.users.values() if u.login == "outputkey").email is None


def test_soap_add_user_with_mail_on_5x_keeps_it():
    with make("5.0") as fake, fake.session() as s:
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "UserService", "add", sid=sid,
                            user=new_user("soapmail", address={"mail": "soap@example.org"}), confirm=False)
        assert status == 200
        assert result_of(root, "add")["login"] == "soapmail"
        assert next(u for u in fake.state.users.values() if u.login == "soapmail").email == "soap@example.org"


# -- getRoomById rights by version: Room only up to 3.1.2 (RoomWebService.java @ 3.1.2:
# hasUserLevel), Soap or Room from the 3.1.3 release (RoomWebService.java @ 3.1.3RC3:
# hasWebServiceLevel || hasUserLevel) to 3.3.x, Soap only from 4.0 (performCall) -------------

@pytest.mark.parametrize("version,room_alone,soap_alone", [
    ("3.1.0", True, False), ("3.1.2", True, False), ("3.1.3", True, True), ("3.1.4", True, True),
    ("3.1.5", True, True), ("3.2", True, True),
    ("3.3", True, True), ("4.0", False, True), ("9.1", False, True)])
def test_get_room_by_id_rights_per_version(version, room_alone, soap_alone):
    with make(version) as fake, fake.session() as s:
        fake.state.add_user("roomonly", "userpass", rights=("LOGIN", "ROOM"))
        fake.state.add_user("soaponly", "userpass", rights=("LOGIN", "SOAP"))
        for user, allowed in (("roomonly", room_alone), ("soaponly", soap_alone)):
            sid = login(s, fake.url, user, "userpass")
            status, root = call(s, fake.url, "RoomService", "getRoomById", sid=sid, id=1)
            if allowed:
                assert status == 200 and result_of(root, "getRoomById")["id"] == "1", (user, version)
            else:
                assert status == 500, (user, version)
                assert fault_of(root)[1] == pinned_family(fake.state.version, "not_allowed_message")


def test_the_room_only_row_cites_the_facts_and_ends_where_either_begins():
    from om_soap.versions import FEATURES

    first, last, cite = FEATURES["room_get_by_id_room_only"]
    assert "3.1.2" in cite and first == (3, 1, 0) and last == (3, 1, 2)
    assert FEATURES["room_get_by_id_room_right"][0] == (last[0], last[1], last[2] + 1)


# -- allow.soap.register (soap_register_check, 4.0.6+) ---------------------------------------

def test_the_message_is_the_facts_text():
    assert SOAP_REGISTER_DENIED == DENIED


@pytest.mark.parametrize("version", ["4.0.6", "4.0", "6.3", "9.1"])
def test_soap_register_denied_faults_over_soap(version):
    with make(version, allow_soap_register=False) as fake, fake.session() as s:
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "UserService", "add", sid=sid, user=new_user("denied"), confirm=False)
        assert status == 500
        code, message, _ = fault_of(root)
        assert (code, message) == ("soap:Server", DENIED)
        assert "denied" not in logins(fake)
        # the right is checked first (performCall): without SOAP it is the usual refusal
        status, root = call(s, fake.url, "UserService", "add", sid="not-a-sid", user=new_user("x"), confirm=False)
        assert fault_of(root)[1] == pinned_family(fake.state.version, "not_allowed_message")


@pytest.mark.parametrize("version", ["4.0", "6.3", "9.1"])
def test_soap_register_denied_is_the_familys_500_over_rest(version):
    with make(version, allow_soap_register=False) as fake, fake.session() as s:
        sid = login(s, fake.url)
        r = rest_add(fake, s, sid, new_user("denied"), "form")
        assert r.status_code == 500
        if pinned_has(fake.state.version, "rest_error_body"):
            assert r.json() == {"serviceResult": {"message": DENIED, "type": "ERROR"}}
            assert r.headers["exception"] == DENIED
        else:  # the servlet container's HTML 500 page before 6.3
            assert r.headers["Content-Type"].startswith("text/html") and b"HTTP Status 500" in r.content
        assert "denied" not in logins(fake)


@pytest.mark.parametrize("version,allow", [("3.3", False), ("4.0.5", False), ("4.0.6", True), ("9.1", True)])
def test_add_user_works_before_406_or_when_allowed(version, allow):
    with make(version, allow_soap_register=allow) as fake, fake.session() as s:
        sid = login(s, fake.url)
        status, root = call(s, fake.url, "UserService", "add", sid=sid, user=new_user("welcome", **_mail(fake, "mail")),
                            confirm=False)
        assert status == 200, root
        assert result_of(root, "add")["login"] == "welcome"


def test_allowed_by_default_and_switchable_on_the_state():
    with make("9.1") as fake, fake.session() as s:
        assert fake.state.allow_soap_register is True
        sid = login(s, fake.url)
        assert rest_add(fake, s, sid, new_user("first", **_mail(fake, "email")), "form").status_code == 200
        fake.state.allow_soap_register = False
        assert rest_add(fake, s, sid, new_user("second"), "form").status_code == 500
        assert "first" in logins(fake) and "second" not in logins(fake)
