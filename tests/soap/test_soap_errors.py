"""Faults, HTTP errors, unsafe XML, timeouts, rebinding and server drift (soap.py)."""
from __future__ import annotations

import logging

import pytest
import requests
import requests_mock
from cxf_envelopes import BASE, ENV, TNS, CxfServer, envelope, fault, result_envelope, wsdl_bytes

from om_soap import OpenMeetingsClient
from om_soap.client import to_rest_object, to_service_result
from om_soap.errors import (
    InvalidArgument,
    NotLoggedIn,
    RequestTimeout,
    ServerUnreachable,
    SoapFault,
    UnexpectedResponse,
    UnknownService,
    UnsafeXML,
    UnsupportedOperation,
)

SID = "0a1b2c3d-1111-2222-3333-444455556666"


@pytest.fixture
def mocker():
    with requests_mock.Mocker() as m:
        yield m


def client(tmp_path, **kw):
    kw.setdefault("version", "4.0")
    return OpenMeetingsClient(BASE, cache_dir=str(tmp_path / "cache"), **kw)


def test_fault_with_detail_is_parsed(mocker, tmp_path):
    srv = CxfServer(mocker, "6.3")
    srv.on("UserService", "get", fault("User does already exist!", detail=True), status=500)
    with pytest.raises(SoapFault) as info:
        client(tmp_path).call("UserService", "get", sid=SID)
    err = info.value
    assert err.fault_code == "soap:Server" and err.fault_string == "User does already exist!"
    assert err.detail == {"ServiceException": {"message": "User does already exist!"}}
    assert err.operation == "UserService.get"


def test_fault_without_detail(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "get", fault("boom", detail=False), status=500)
    with pytest.raises(SoapFault) as info:
        client(tmp_path).call("UserService", "get", sid=SID)
    assert info.value.detail is None and info.value.fault_string == "boom"


def test_html_503_is_unexpected_response_with_status_and_excerpt(mocker, tmp_path):
    CxfServer(mocker, "4.0")
    mocker.post(f"{BASE}/services/UserService", status_code=503,
                text="<html><body><h1>Service Unavailable</h1></body></html>",
                headers={"Content-Type": "text/html"})
    with pytest.raises(UnexpectedResponse) as info:
        client(tmp_path).login("admin", "12345")
    assert info.value.status == 503 and "Service Unavailable" in info.value.excerpt
    assert "HTTP 503" in str(info.value)


@pytest.mark.parametrize("body", [b"", b"   ", b"<soap:Envelope xmlns:soap='" + ENV.encode() + b"'><soap:Body><ns2:lo"])
def test_empty_or_truncated_body(mocker, tmp_path, body):
    CxfServer(mocker, "4.0")
    mocker.post(f"{BASE}/services/UserService", content=body, headers={"Content-Type": "text/xml"})
    with pytest.raises(UnexpectedResponse) as info:
        client(tmp_path).login("admin", "12345")
    assert not isinstance(info.value, UnsafeXML)
    assert info.value.status == 200


def test_doctype_in_answer_is_unsafe_xml(mocker, tmp_path):
    CxfServer(mocker, "4.0")
    evil = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]>'
            + result_envelope("login", None, "&x;", "SUCCESS").encode())
    mocker.post(f"{BASE}/services/UserService", content=evil, headers={"Content-Type": "text/xml"})
    with pytest.raises(UnsafeXML):
        client(tmp_path).login("admin", "12345")


def test_xml_that_is_not_soap(mocker, tmp_path):
    CxfServer(mocker, "4.0")
    mocker.post(f"{BASE}/services/UserService", content=b"<serviceResult/>", headers={"Content-Type": "text/xml"})
    with pytest.raises(UnexpectedResponse, match="not a SOAP envelope"):
        client(tmp_path).login("admin", "12345")


def test_timeout_is_request_timeout(mocker, tmp_path):
    CxfServer(mocker, "4.0")
    mocker.post(f"{BASE}/services/UserService", exc=requests.exceptions.ConnectTimeout)
    with pytest.raises(RequestTimeout):
        client(tmp_path).login("admin", "12345")


def test_connection_refused_is_server_unreachable(mocker, tmp_path):
    mocker.get(f"{BASE}/services/UserService?wsdl", exc=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(ServerUnreachable):
        client(tmp_path).login("admin", "12345")


def test_login_gets_the_long_timeout(mocker, tmp_path):
    srv = CxfServer(mocker, "9.1")
    srv.on("UserService", "login", result_envelope("login", None, "error.bad.credentials", "ERROR"))
    srv.on("UserService", "get", envelope("get"))
    om = client(tmp_path, timeout=7)
    om.login("admin", "x")
    om.call("UserService", "get", sid=SID)
    timeouts = [r.timeout for r in mocker.request_history if r.method == "POST"]
    assert timeouts == [(5.0, 20.0), (5.0, 7.0)]


def test_soap_address_elsewhere_still_posts_to_base_url(mocker, tmp_path):
    moved = wsdl_bytes("4.0", "UserService").replace(
        b"http://localhost:5080/openmeetings/services/UserService",
        b"http://10.1.2.3:8080/internal-om/services/UserService",
    )
    srv = CxfServer(mocker, "4.0", wsdl_override={"UserService": moved})
    srv.on("UserService", "login", result_envelope("login", None, SID, "SUCCESS"))
    assert client(tmp_path).login("admin", "12345").ok
    assert [url for url, _, _ in srv.posts] == [f"{BASE}/services/UserService"]
    assert not any("10.1.2.3" in r.url for r in mocker.request_history)


def test_record_service_address_is_kept(mocker, tmp_path):
    srv = CxfServer(mocker, "7.2")
    srv.on("RecordService", "getExternalByType", envelope("getExternalByType"))
    client(tmp_path, version="7.2").call("RecordService", "getExternalByType", sid=SID, externaltype="x")
    assert srv.posts[0][0] == f"{BASE}/services/RecordService"


def test_unknown_service_and_operation(tmp_path):
    om = client(tmp_path)
    with pytest.raises(UnknownService) as info:
        om.service("NoSuchService")
    assert "UserService" in str(info.value) and "WbService" in str(info.value)


def test_unknown_operation_lists_known_ones(mocker, tmp_path):
    CxfServer(mocker, "4.0")
    with pytest.raises(UnsupportedOperation, match="getRoomHash"):
        client(tmp_path).call("UserService", "noSuchOp")


def test_call_needs_a_sid_where_the_operation_has_one(mocker, tmp_path):
    CxfServer(mocker, "4.0")
    with pytest.raises(NotLoggedIn):
        client(tmp_path).call("UserService", "get")


def test_call_sends_the_current_sid(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "login", result_envelope("login", None, SID, "SUCCESS"))
    srv.on("RoomService", "getRoomById", envelope("getRoomById", [("id", 5), ("name", "r"), ("type", "conference")]))
    om = client(tmp_path)
    om.login("admin", "12345")
    value = om.call("RoomService", "getRoomById", id=5)
    assert f"<sid>{SID}</sid>".encode() in srv.sent("getRoomById")[0]
    assert to_rest_object("roomDTO", value).to_rest()["roomDTO"]["name"] == "r"


def test_bad_parameter_type_is_invalid_argument(mocker, tmp_path):
    CxfServer(mocker, "4.0")
    with pytest.raises(InvalidArgument):
        client(tmp_path).call("RoomService", "getRoomById", sid=SID, id="not-a-number", extra=1)


# --------------------------------------------------------------------------- drift


def test_drift_code_from_a_3x_server_read_with_a_4x_schema(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "login", result_envelope("login", 1, SID, "SUCCESS"))  # code present
    result = client(tmp_path).login("admin", "12345")
    assert result.code == 1 and result.message == SID and result.type == "SUCCESS"
    assert list(result.to_rest()["serviceResult"]) == ["code", "message", "type"]


def test_drift_4x_answer_without_code_read_with_a_3x_schema(mocker, tmp_path):
    srv = CxfServer(mocker, "3.3")
    srv.on("UserService", "login", result_envelope("login", None, "error.bad.credentials", "ERROR"))
    result = client(tmp_path, version="3.3").login("admin", "x")
    assert result.code is None and result.message == "error.bad.credentials" and result.type == "ERROR"


def test_drift_moved_element_is_still_found(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "login", envelope("login", [("type", "SUCCESS"), ("message", SID)]))
    result = client(tmp_path).login("admin", "12345")
    assert result.ok and result.message == SID


def test_drift_unknown_element_is_kept_in_xml_order(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    srv.on("RoomService", "getRoomById", envelope(
        "getRoomById", [("id", 5), ("name", "r"), ("futureField", "x"), ("type", "conference"),
                        ("nested", {"a": "1", "b": "2"})]))
    value = client(tmp_path).call("RoomService", "getRoomById", sid=SID, id=5)
    data = to_rest_object("roomDTO", value).data
    assert data["futureField"] == "x" and data["nested"] == {"a": "1", "b": "2"}
    present = [k for k in data if data[k] not in (None, [])]
    assert present == ["id", "name", "futureField", "type", "nested"]


def test_unknown_servicresult_field_is_not_silently_lost(mocker, tmp_path, caplog):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "login", envelope("login", [("message", SID), ("type", "SUCCESS"), ("extra", "e")]))
    om = client(tmp_path)
    value = om.call("UserService", "login", user="admin", **{"pass": "12345"})
    assert to_rest_object("serviceResult", value).data["extra"] == "e"
    with caplog.at_level(logging.WARNING, logger="om_soap"):
        to_service_result(value)
    assert "extra" in caplog.text


def test_envelope_helper_matches_cxf_conventions():
    text = envelope("loginResponse".replace("Response", ""), [("message", "m")])
    assert text.startswith(f'<soap:Envelope xmlns:soap="{ENV}">') and f'xmlns:ns2="{TNS}"' in text
    assert "<return><message>m</message></return>" in text and "<faultcode>soap:Server" in fault("x")


# An answer zeep cannot read is the server's problem, not a bad argument of the caller's.
_ODD_ANSWERS = {
    "SOAP 1.2 envelope": (
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>'
        f'<ns2:loginResponse xmlns:ns2="{TNS}"><return><message>m</message><type>SUCCESS</type></return>'
        "</ns2:loginResponse></env:Body></env:Envelope>"
    ),
    "no Body": f'<soap:Envelope xmlns:soap="{ENV}"><soap:Header/></soap:Envelope>',
    "unknown xsi:type": (
        f'<soap:Envelope xmlns:soap="{ENV}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>'
        f'<ns2:loginResponse xmlns:ns2="{TNS}"><return xsi:type="ns2:noSuchType"><message>m</message>'
        "</return></ns2:loginResponse></soap:Body></soap:Envelope>"
    ),
}


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "zeep"])
@pytest.mark.parametrize("shape", sorted(_ODD_ANSWERS))
def test_an_answer_zeep_cannot_read_is_an_unexpected_response(mocker, tmp_path, shape, compiled):
    srv = CxfServer(mocker, "4.0")
    srv.on("UserService", "login", _ODD_ANSWERS[shape])
    with pytest.raises(UnexpectedResponse) as info:
        client(tmp_path, compiled=compiled).login("admin", "s3cret-pw")
    assert "UserService.login" in str(info.value) and "not the SOAP 1.1 message" in str(info.value)
    assert not isinstance(info.value, InvalidArgument)


def test_a_bad_argument_is_still_invalid_argument_and_nothing_is_sent(mocker, tmp_path):
    srv = CxfServer(mocker, "4.0")
    om = client(tmp_path)
    om.sid = SID
    with pytest.raises(InvalidArgument):
        om.call("RoomService", "getRoomById", id=5, no_such_part=1)
    assert srv.sent("getRoomById") == []
