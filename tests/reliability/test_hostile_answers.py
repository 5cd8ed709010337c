"""Hostile and broken servers: every answer ends in a typed om-soap error, with no secret shown.

Answers come from requests-mock on a loopback URL; the SOAP client reads its WSDLs from the
bundled snapshots (offline) unless the WSDL itself is the broken part. Every call runs
under :func:`bounded`, so a hang fails the test instead of stalling the suite.
"""
from __future__ import annotations

import logging
import re
import uuid
from pathlib import Path

import pytest
from test_reliability_xml import bounded

from om_soap import ExternalUser, RoomOptions
from om_soap.client import OpenMeetingsClient, to_service_result
from om_soap.errors import (
    InvalidArgument,
    OpenMeetingsError,
    ServerUnreachable,
    UnexpectedResponse,
    UnsupportedVersion,
    WsdlError,
)
from om_soap.rest import RestClient
from om_soap.results import ServiceResult
from om_soap.versions import parse

BASE = "http://127.0.0.1:9/openmeetings"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "http://webservice.openmeetings.apache.org/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"
SNAPSHOT = Path(__file__).resolve().parents[2] / "wsdl_cache" / "cxf-4.0" / "UserService.wsdl"
PASSWORD = "s3cret-Pa55word"
JOHN = ExternalUser(login="john", firstname="John", external_id="j1", external_type="cms")
ROOM5 = RoomOptions(room_id=5)


def envelope(inner: str) -> str:
    return f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body>{inner}</soap:Body></soap:Envelope>'


def login_answer(inner: str) -> str:
    return envelope(f'<ns2:loginResponse xmlns:ns2="{TNS}"><return>{inner}</return></ns2:loginResponse>')



def soap_login(mock, tmp_path, body, headers=None, status=200, version="4.0", compiled=True):
    sent = {"Content-Type": "text/xml; charset=UTF-8", **(headers or {})}
    content = body.encode() if isinstance(body, str) else body
    mock.mock.register_uri("POST", f"{BASE}/services/UserService", status_code=status, content=content,
                           headers=sent)
    om = OpenMeetingsClient(BASE, version=version, offline=True, cache_dir=str(tmp_path), session=mock,
                            timeout=5, compiled=compiled)
    return bounded(lambda: om.login("admin", PASSWORD))


def rest_login(mock, body, headers=None, status=200, version="4.0"):
    sent = {"Content-Type": "application/json", **(headers or {})}
    content = body.encode() if isinstance(body, str) else body
    method = "POST" if parse(version).has("rest_login_post") else "GET"
    mock.mock.register_uri(method, f"{BASE}/services/user/login", status_code=status, content=content,
                           headers=sent)
    om = RestClient(BASE, version=version, session=mock, timeout=5)
    return bounded(lambda: om.login("admin", PASSWORD))


# --------------------------------------------------------------------------- 1. zeep failures

ZEEP_FAILURES = {
    # each raised a bare IndexError / XMLParseError / InvalidOperation / AttributeError before
    "empty Body": (f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body/></soap:Envelope>', {}),
    "xsi:type with an undeclared prefix": (
        login_answer(f'<message xmlns:xsi="{XSI}" xsi:type="x:y">abc</message><type>SUCCESS</type>'), {}),
    "xsi:type xs:decimal on text": (
        login_answer(f'<message xmlns:xsi="{XSI}" xmlns:xs="{XS}" xsi:type="xs:decimal">abc</message>'
                     "<type>SUCCESS</type>"), {}),
    "multipart/related without a boundary": (login_answer("<type>SUCCESS</type>"),
                                             {"Content-Type": "multipart/related"}),
    "multipart/related with a boundary": (login_answer("<type>SUCCESS</type>"),
                                          {"Content-Type": "multipart/related; boundary=xyz"}),
}


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "zeep"])
@pytest.mark.parametrize("case", sorted(ZEEP_FAILURES))
def test_any_zeep_failure_on_an_answer_is_unexpected_response(case, compiled, mock, tmp_path):
    body, headers = ZEEP_FAILURES[case]
    try:
        result = soap_login(mock, tmp_path, body, headers, compiled=compiled)
    except OpenMeetingsError as exc:
        assert isinstance(exc, UnexpectedResponse), repr(exc)
        return
    assert isinstance(result, ServiceResult)


def _decimal_wsdl() -> str:
    text = SNAPSHOT.read_text("utf-8")
    changed = re.sub(r'(<xs:complexType name="serviceResult">\s*<xs:sequence>\s*'
                     r'<xs:element minOccurs="0" name="message") type="xs:string"', r'\1 type="xs:decimal"', text)
    assert changed != text
    return changed


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "zeep"])
def test_a_wsdl_declaring_decimal_and_a_text_value_is_a_typed_error(compiled, mock, tmp_path):
    mock.mock.register_uri("GET", f"{BASE}/services/UserService?wsdl", text=_decimal_wsdl())
    mock.mock.register_uri("POST", f"{BASE}/services/UserService", headers={"Content-Type": "text/xml"},
                           text=login_answer("<message>abc</message><type>SUCCESS</type>"))
    om = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path), session=mock, timeout=5,
                            compiled=compiled)
    try:
        result = bounded(lambda: om.login("admin", PASSWORD))
    except OpenMeetingsError as exc:
        assert isinstance(exc, UnexpectedResponse), repr(exc)
    else:
        assert result.message is None  # zeep's reading: an unparsable value is None


# --------------------------------------------------------------------------- 2. transport failures

TRANSPORT = {
    "broken gzip": (b"this is not gzip", {"Content-Encoding": "gzip"}, 200, UnexpectedResponse),
    "Content-Length: 2, 2": (None, {"Content-Length": "2, 2"}, 200, UnexpectedResponse),
    "redirect to http://[::1": (b"", {"Location": "http://[::1"}, 302, UnexpectedResponse),
}


@pytest.mark.parametrize("case", sorted(TRANSPORT))
@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_transport_failures_are_server_errors_never_invalid_argument(protocol, case, mock, tmp_path):
    body, headers, status, error = TRANSPORT[case]
    with pytest.raises(OpenMeetingsError) as info:
        if protocol == "soap":
            soap_login(mock, tmp_path, body if body is not None else login_answer("<type>SUCCESS</type>"),
                       headers, status)
        else:
            rest_login(mock, body if body is not None else '{"serviceResult":{"type":"SUCCESS"}}', headers, status)
    assert not isinstance(info.value, InvalidArgument), repr(info.value)
    assert isinstance(info.value, error), repr(info.value)


def test_a_broken_gzip_wsdl_is_a_typed_error(mock, tmp_path):
    mock.mock.register_uri("GET", f"{BASE}/services/UserService?wsdl", content=b"not gzip at all",
                           headers={"Content-Encoding": "gzip", "Content-Type": "text/xml"})
    om = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path), session=mock, timeout=5)
    with pytest.raises(OpenMeetingsError) as info:
        bounded(lambda: om.login("admin", PASSWORD))
    assert isinstance(info.value, (UnexpectedResponse, WsdlError)), repr(info.value)


# --------------------------------------------------------------------------- 3. REST bodies


def test_an_unknown_json_charset_is_read_as_utf8(mock):
    sid = str(uuid.uuid4())
    result = rest_login(mock, '{"serviceResult":{"message":"%s","type":"SUCCESS"}}' % sid,
                        {"Content-Type": "application/json; charset=utf8mb4"})
    assert result.ok and result.message == sid


def test_an_unknown_charset_does_not_break_soap_debug_logging(mock, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="om_soap")
    result = soap_login(mock, tmp_path, login_answer("<type>SUCCESS</type>"),
                        {"Content-Type": "text/xml; charset=utf8mb4"})
    assert result.ok


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_json_nested_deeply_is_unexpected_response(depth, mock):
    with pytest.raises(UnexpectedResponse):
        rest_login(mock, '{"serviceResult":' + "[" * depth + "]" * depth + "}")


def test_json_nested_below_the_parser_limit_is_refused_too(mock):
    """900 levels parse, but every later recursive walk of the data would blow the stack."""
    with pytest.raises(UnexpectedResponse):
        rest_login(mock, '{"userDTO":' + '{"a":' * 900 + "1" + "}" * 900 + "}")


@pytest.mark.parametrize("code", ['"abc"', "[1]", "1e400", "true", '"%s"' % uuid.uuid4()])
def test_a_rest_code_that_is_not_an_integer_is_unexpected_response_without_the_value(code, mock):
    with pytest.raises(UnexpectedResponse) as info:
        rest_login(mock, '{"serviceResult":{"code":%s,"message":"x","type":"SUCCESS"}}' % code)
    shown = str(info.value)
    assert "abc" not in shown.split("body starts")[0]
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", shown)


@pytest.mark.parametrize("code, expected", [(-10, -10), ("-11", -11), (-26.0, -26), (None, None)])
def test_integer_codes_still_parse(code, expected):
    assert ServiceResult.from_rest({"serviceResult": {"code": code, "type": "ERROR"}}).code == expected


@pytest.mark.parametrize("code", ["abc", "1e400", str(uuid.uuid4())])
def test_a_soap_code_that_is_not_an_integer_is_unexpected_response(code):
    with pytest.raises(UnexpectedResponse) as info:
        to_service_result({"code": code, "message": "m", "type": "ERROR"})
    assert code not in str(info.value)


# --------------------------------------------------------------------------- 4. version text


def test_a_version_of_5000_digits_is_unsupported_version():
    with pytest.raises(UnsupportedVersion):
        parse("9" * 5000)


@pytest.mark.parametrize("protocol", ["soap", "rest"])
def test_detection_meets_a_5000_digit_version_with_a_typed_error(protocol, mock, tmp_path):
    text = "1" * 5000
    if protocol == "rest":
        mock.mock.register_uri("GET", f"{BASE}/services/info/version", headers={"Content-Type": "application/json"},
                               text='{"info":{"version":"%s"}}' % text)
        om = RestClient(BASE, session=mock, timeout=5)
        with pytest.raises(OpenMeetingsError):
            bounded(lambda: om.server_version)
        return
    mock.mock.register_uri("GET", f"{BASE}/services/UserService?wsdl", text=SNAPSHOT.read_text("utf-8"))
    info_wsdl = SNAPSHOT.parent / "InfoService.wsdl"
    mock.mock.register_uri("GET", f"{BASE}/services/InfoService?wsdl", text=info_wsdl.read_text("utf-8"))
    mock.mock.register_uri(
        "POST", f"{BASE}/services/InfoService", headers={"Content-Type": "text/xml"},
        text=envelope(f'<ns2:getVersionResponse xmlns:ns2="{TNS}"><return><version>{text}</version>'
                      "</return></ns2:getVersionResponse>"))
    om = OpenMeetingsClient(BASE, cache_dir=str(tmp_path), session=mock, timeout=5)
    version = bounded(lambda: om.server_version)  # falls back on the WSDL fingerprint
    assert version.text.startswith("4.0")


# --------------------------------------------------------------------------- 7. no secret shown


@pytest.mark.parametrize("type_", [None, "Success", "success", "SUCCESS"])
def test_repr_masks_a_message_that_may_be_a_secret(type_):
    hash_ = str(uuid.uuid4())
    assert hash_ not in repr(ServiceResult(message=hash_, type=type_))


def test_repr_shows_error_texts():
    assert "error.bad.credentials" in repr(ServiceResult(message="error.bad.credentials", type="ERROR"))


def test_a_soap_login_without_type_does_not_show_the_sid_in_its_repr(mock, tmp_path):
    sid = str(uuid.uuid4()).replace("-", "")  # not a UUID: only the repr rule can hide it
    result = soap_login(mock, tmp_path, login_answer(f"<message>{sid}</message>"))
    assert result.message == sid and sid not in repr(result)


def test_a_rest_success_in_other_case_does_not_show_the_sid(mock):
    sid = "abcdef0123456789abcdef"
    result = rest_login(mock, '{"serviceResult":{"message":"%s","type":"Success"}}' % sid)
    assert sid not in repr(result)


def test_soap_error_texts_hide_the_callers_password(mock, tmp_path):
    fault = envelope(f"<soap:Fault><faultcode>{PASSWORD}</faultcode><faultstring>bad {PASSWORD}"
                     "</faultstring></soap:Fault>")
    with pytest.raises(OpenMeetingsError) as info:
        soap_login(mock, tmp_path, fault, status=500)
    assert PASSWORD not in str(info.value) and PASSWORD not in repr(info.value)
    assert PASSWORD not in str(info.value.fault_code)


def test_soap_answer_excerpts_hide_the_callers_password(mock, tmp_path):
    with pytest.raises(UnexpectedResponse) as info:
        soap_login(mock, tmp_path, f"<html><body>{PASSWORD}</body></html>", {"Content-Type": "text/html"})
    assert PASSWORD not in str(info.value) and PASSWORD not in (info.value.excerpt or "")


def test_zeeps_error_log_of_an_unparsable_value_hides_secrets(mock, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    sid = str(uuid.uuid4())
    # 3.3 declares code xs:int: a SID-like code cannot be read, and zeep logs why
    result = soap_login(mock, tmp_path, login_answer(f"<code>{sid}</code><message>x</message><type>ERROR</type>"),
                        version="3.3")
    assert result.code is None
    assert sid not in caplog.text
    assert sid[:8] in caplog.text or "python translation" in caplog.text


def test_the_error_service_text_is_shown():
    """ErrorService answers SUCCESS with a text: not a secret, shown in the repr."""
    shown = ServiceResult(message="Bad credentials", type="SUCCESS", message_is_secret=False)
    assert "Bad credentials" in repr(shown)
    assert shown == ServiceResult(message="Bad credentials", type="SUCCESS")


# --------------------------------------------------------------------------- 5. broken WSDLs


def _broken(kind: str) -> str:
    text = SNAPSHOT.read_text("utf-8")
    if kind == "no soap:address":
        out = re.sub(r"<soap:address[^>]*/>", "", text)
    elif kind == "no wsdl:types":
        out = re.sub(r"<wsdl:types>.*</wsdl:types>", "", text, flags=re.S)
    elif kind == "dateTime where a boolean is sent":
        out = text.replace('name="moderator" type="xs:boolean"', 'name="moderator" type="xs:dateTime"')
    elif kind == "output without soap:body":
        out = re.sub(r'(<wsdl:output name="(?:loginResponse|getRoomHashResponse)">)\s*<soap:body use="literal"/>',
                     r"\1", text)
    elif kind == "output part without element":
        out = re.sub(r'(<wsdl:message name="(?:loginResponse|getRoomHashResponse)">\s*<wsdl:part[^>]*?) '
                     r'element="[^"]*"', r"\1", text)
    else:
        raise AssertionError(kind)
    assert out != text
    return out


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "zeep"])
@pytest.mark.parametrize("kind", ["no soap:address", "no wsdl:types", "dateTime where a boolean is sent",
                                  "output without soap:body", "output part without element"])
def test_broken_wsdls_are_typed_errors(kind, compiled, mock, tmp_path):
    mock.mock.register_uri("GET", f"{BASE}/services/UserService?wsdl", text=_broken(kind))
    mock.mock.register_uri("POST", f"{BASE}/services/UserService", headers={"Content-Type": "text/xml"},
                           text=login_answer(f"<message>{uuid.uuid4()}</message><type>SUCCESS</type>"))
    om = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path), session=mock, timeout=5,
                            compiled=compiled)
    om.sid = str(uuid.uuid4())
    for attempt in (lambda: om.login("admin", PASSWORD), lambda: om.get_room_hash(JOHN, ROOM5)):
        try:
            bounded(attempt)
        except OpenMeetingsError as exc:
            assert not isinstance(exc, InvalidArgument) or kind == "dateTime where a boolean is sent", repr(exc)


@pytest.mark.parametrize("service", ["UserService", "InfoService"])
def test_detection_and_version_meet_a_wsdl_without_soap_address(service, mock, tmp_path):
    for name in ("UserService", "InfoService"):
        text = (SNAPSHOT.parent / f"{name}.wsdl").read_text("utf-8")
        if name == service:
            text = re.sub(r"<soap:address[^>]*/>", "", text)
        mock.mock.register_uri("GET", f"{BASE}/services/{name}?wsdl", text=text)
    mock.mock.register_uri(
        "POST", f"{BASE}/services/InfoService", headers={"Content-Type": "text/xml"},
        text=envelope(f'<ns2:getVersionResponse xmlns:ns2="{TNS}"><return><version>4.0.11</version>'
                      "</return></ns2:getVersionResponse>"))
    om = OpenMeetingsClient(BASE, cache_dir=str(tmp_path), session=mock, timeout=5)
    try:
        assert bounded(om.version).startswith("4.0")
    except OpenMeetingsError as exc:
        assert isinstance(exc, (WsdlError, UnexpectedResponse, ServerUnreachable)), repr(exc)


@pytest.mark.parametrize("version, protocol, key", [
    ("3.0.7", "soap", -1), ("3.3.2", "soap", -1), ("3.3.2", "rest", -1),
    ("4.0.11", "soap", "error.bad.credentials"), ("9.1.0", "rest", "error.bad.credentials"),
])
def test_error_service_texts_are_shown_in_the_repr(version, protocol, key):
    """ErrorService answers SUCCESS with the text (4.0+): a text, not a secret, so the repr
    shows it; the login SID of the same client stays masked."""
    from om_soap.fake import FakeOpenMeetings

    with FakeOpenMeetings(version, admin=("admin", PASSWORD), serve=False, bad_password_delay=(0, 0)) as fake:
        cls = OpenMeetingsClient if protocol == "soap" else RestClient
        om = cls(fake.url, version=version, session=fake.session(), timeout=10)
        login = om.login("admin", PASSWORD)
        result = om.error_message(key)
    assert result is not None and result.message
    assert result.message in repr(result)
    assert login.message not in repr(login)


@pytest.mark.parametrize("value", ['{"message":"x"}', "[1,2]", "null"])
def test_a_rest_version_that_is_not_text_is_unexpected_response(value, mock):
    mock.mock.register_uri("GET", f"{BASE}/services/info/version", headers={"Content-Type": "application/json"},
                           text='{"info":{"version":%s}}' % value)
    om = RestClient(BASE, version="9.1.0", session=mock, timeout=5)
    with pytest.raises(UnexpectedResponse):
        bounded(om.version)
