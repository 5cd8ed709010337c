"""REST introspection through ``?_wadl``: the fake serves a WADL derived from its routes, the
REST client reads it (hostile WADLs get typed errors), ``om-soap ops --rest`` prints it."""
from __future__ import annotations

import json
import re

import pytest
import requests_mock

from om_soap import RestClient
from om_soap.cli import main
from om_soap.errors import UnexpectedResponse, UnsafeXML
from om_soap.fake import FakeOpenMeetings
from om_soap.rest.wadl import MAX_WADL_BYTES, parse

BASE = "http://om.example.test/openmeetings"
W = "http://wadl.dev.java.net/2009/02"


def _methods(version, base=None):
    with FakeOpenMeetings(version, serve=False) as fake:
        return RestClient(fake.url, session=fake.session()).resources(base)


def _one(methods, verb, path):
    found = [m for m in methods if (m.method, m.path) == (verb, path)]
    assert len(found) == 1, [(m.method, m.path) for m in methods]
    return found[0]


def test_login_is_a_query_get_on_4_0_and_a_form_post_on_9_1():
    # UserWebService.java @ 4.0.11: @GET @Path("/login") login(@QueryParam("user"), @QueryParam("pass"))
    login = _one(_methods("4.0", "user"), "GET", "/user/login")
    assert login.id == "login"
    assert [(p.name, p.style, p.type, p.media_type) for p in login.params] == [
        ("user", "query", "xs:string", None), ("pass", "query", "xs:string", None)]
    # UserWebService.java @ 9.1.0: @POST @Path("/login") login(@FormParam("user"), @FormParam("pass"))
    methods = _methods("9.1", "user")
    post = _one(methods, "POST", "/user/login")
    assert post.consumes == ("application/x-www-form-urlencoded",)
    assert [(p.name, p.media_type) for p in post.params] == [
        ("user", "application/x-www-form-urlencoded"), ("pass", "application/x-www-form-urlencoded")]
    assert not [m for m in methods if (m.method, m.path) == ("GET", "/user/login")]


def test_get_room_by_id_has_its_path_template_and_the_sid_query():
    # RoomWebService.java @ 9.1.0: @Produces(APPLICATION_JSON) @Path("/room"), @GET @Path("/{id}")
    # getRoomById(@QueryParam("sid") String sid, @PathParam("id") Long id)
    room = _one(_methods("9.1", "room"), "GET", "/room/{id}")
    assert room.id == "getRoomById"
    assert {(p.name, p.style, p.type) for p in room.params} == {("id", "template", "xs:long"),
                                                                ("sid", "query", "xs:string")}
    assert room.produces == ("application/json",)


@pytest.mark.parametrize("version", ["3.1", "4.0", "6.3", "9.1"])
def test_every_method_of_the_fakes_wadl_is_routed_by_the_fake(version):
    """The WADL is written from the route table: each method it lists reaches an operation
    (never the fake's 404 "no REST resource" nor a 405), for every family."""
    with FakeOpenMeetings(version, serve=False) as fake:
        http = fake.session()
        methods = RestClient(fake.url, session=http).resources()
        assert len(methods) > 30
        for m in methods:
            path = re.sub(r"{\w+}", "1", m.path)
            answer = http.request(m.method, f"{fake.url}/services{path}", timeout=10)
            assert answer.status_code != 405, (m.method, m.path, answer.text)
            assert not answer.text.startswith("no REST resource"), (m.method, m.path)


def test_the_whole_wadl_and_one_base_agree():
    everything = _methods("4.0")
    rooms = _methods("4.0", "room")
    assert rooms == [m for m in everything if m.path.startswith("/room")]
    assert {m.path.split("/")[1] for m in everything} >= {"user", "room", "info", "error", "group", "file"}


def test_no_wadl_before_3_1_3():
    # cxf-rt-rs-service-description joins openmeetings-webservice/pom.xml at 3.1.3RC1 (absent @ 3.1.2)
    with FakeOpenMeetings("3.1.2", serve=False) as fake:
        with pytest.raises(UnexpectedResponse, match="HTTP 404"):
            RestClient(fake.url, session=fake.session()).resources()
    assert len(_methods("3.1.3")) > 30


def test_an_unknown_base_is_a_typed_error():
    with FakeOpenMeetings("4.0", serve=False) as fake:
        with pytest.raises(UnexpectedResponse, match="HTTP 404"):
            RestClient(fake.url, session=fake.session()).resources("nope")
        with pytest.raises(Exception, match="not a REST base"):
            RestClient(fake.url, session=fake.session()).resources("../x")


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;&l;&l;">'
          b'<!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;">]><application xmlns="' + W.encode() + b'">&l3;</application>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<application xmlns="' + W.encode() + b'">&x;</application>')


@pytest.mark.parametrize("body, error, text", [
    (LAUGHS, UnsafeXML, "DOCTYPE"),
    (EXTERNAL, UnsafeXML, "DOCTYPE"),
    (b"<html><body>Login</body></html>", UnexpectedResponse, "not a WADL"),
    (b"<application xmlns='http://wadl.dev.java.net/2009/02'><resources", UnexpectedResponse, "not XML"),
    (b"", UnexpectedResponse, "not XML"),
    (b'<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"/>', UnexpectedResponse, "not a WADL"),
])
def test_hostile_or_broken_wadls_get_typed_errors(body, error, text):
    with requests_mock.Mocker() as m:
        m.get(f"{BASE}/services?_wadl", content=body, headers={"Content-Type": "application/xml"})
        with pytest.raises(error, match=text):
            RestClient(BASE).resources()


def test_an_oversized_wadl_is_refused_without_reading_it_all():
    with requests_mock.Mocker() as m:
        m.get(f"{BASE}/services?_wadl", content=b"<application>" + b" " * (MAX_WADL_BYTES + 10))
        with pytest.raises(UnexpectedResponse, match="larger than 2 MiB"):
            RestClient(BASE).resources()


def test_resources_nested_without_end_are_refused():
    deep = b"".join(b'<resource path="/a">' for _ in range(40)) + b"".join(b"</resource>" for _ in range(40))
    body = b'<application xmlns="' + W.encode() + b'"><resources base="x">' + deep + b"</resources></application>"
    with pytest.raises(UnexpectedResponse, match="deeper than"):
        parse(body)


def test_ops_rest_lists_the_fakes_rest_api(capsys):
    with FakeOpenMeetings("9.1") as fake:
        assert main(["ops", "--rest", "--url", fake.url]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"# REST API of {fake.url}/services, from its WADL")
        assert "  POST   /user/login  login(user: string (form), pass: string (form)) -> application/json" in out
        assert "  GET    /room/{id}  getRoomById(id: long (path), sid: string (query)) -> application/json" in out
        assert main(["ops", "--rest", "--url", fake.url, "--json", "info"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert {(m["method"], m["path"], m["id"]) for m in listed} >= {("GET", "/info/version", "getVersion")}
        assert main(["ops", "--rest", "--offline", "--url", fake.url]) == 1
        assert "drop --offline" in capsys.readouterr().err
