"""The Axis2 snapshot and fake against a real OpenMeetings 3.0.7: whole operation sets.

The real 3.0.7 WSDLs (``shared/reference/openolat-openmeetingsws-om3.0.7``, captured from a live
server; read in place, skipped when absent) declare UserService 18 operations, RoomService 40 and
CalendarService 12: the public methods of ``src/axis/java/org/apache/openmeetings/axis/services/
<X>WebServiceFacade.java`` @ 3.0.7RC3. The bundled ``wsdl_cache/axis2-3.0`` must declare exactly
those, with the same wrapper children; the fake answers the ones it imitates and the
"not implemented by the fake" fault for the rest; getSession writes every Sessiondata property.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from reference import AXIS2_3_0_7

from om_soap.fake import FakeOpenMeetings

CACHE = Path(__file__).resolve().parents[2] / "wsdl_cache" / "axis2-3.0"
TNS = "http://services.axis.openmeetings.apache.org"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
NS = {"xs": "http://www.w3.org/2001/XMLSchema", "wsdl": "http://schemas.xmlsoap.org/wsdl/"}
SESSION_NS = "http://server.entity.db.openmeetings.apache.org/xsd"

# Counted in the real 3.0.7 WSDLs and in the facades @ 3.0.7RC3.
COUNTS = {"UserService": 18, "RoomService": 40, "CalendarService": 12}
# Sessiondata's getters @ 3.0.7RC3 (src/db/java/org/apache/openmeetings/db/entity/server/
# Sessiondata.java), as the real 3.0.7 WSDL lists them.
SESSIONDATA = ["id", "language_id", "organization_id", "refresh_time", "sessionXml", "session_id",
               "starttermin_time", "storePermanent", "user_id"]


def ops(doc):
    return sorted(doc.xpath("//wsdl:portType/wsdl:operation/@name", namespaces=NS))


def real(svc):
    path = AXIS2_3_0_7 / f"{svc}.wsdl"
    if not path.is_file():
        pytest.skip("shared reference WSDLs not available")
    return etree.parse(str(path))


@pytest.mark.parametrize("svc", sorted(COUNTS))
def test_the_snapshot_declares_the_whole_service(svc):
    ours = etree.parse(str(CACHE / f"{svc}.wsdl"))
    assert len(ops(ours)) == COUNTS[svc]
    assert "getUsersByOrganisation" in ops(ours) or svc != "UserService"


@pytest.mark.parametrize("svc", sorted(COUNTS))
def test_the_snapshot_declares_exactly_the_operations_of_the_real_307(svc):
    assert ops(etree.parse(str(CACHE / f"{svc}.wsdl"))) == ops(real(svc))


@pytest.mark.parametrize("svc", sorted(COUNTS))
def test_every_wrapper_has_the_children_of_the_real_307(svc):
    theirs_doc, ours_doc = real(svc), etree.parse(str(CACHE / f"{svc}.wsdl"))
    xpath = f"//xs:schema[@targetNamespace='{TNS}']/xs:element[@name=$n]//xs:element"

    def children(doc, name):
        return [(e.get("name"), e.get("minOccurs"), e.get("maxOccurs"), e.get("nillable"),
                 e.get("type").rpartition(":")[2]) for e in doc.xpath(xpath, n=name, namespaces=NS)]

    for name in ops(ours_doc):
        for wrapper in (name, name + "Response"):
            assert children(ours_doc, wrapper) == children(theirs_doc, wrapper), wrapper


def test_sessiondata_has_every_property_of_the_real_307():
    xpath = "//xs:complexType[@name='Sessiondata']//xs:element/@name"
    theirs = real("UserService").xpath(xpath, namespaces=NS)
    assert sorted(theirs) == sorted(SESSIONDATA)
    assert etree.parse(str(CACHE / "UserService.wsdl")).xpath(xpath, namespaces=NS) == sorted(SESSIONDATA)


def _post(session, url, svc, op, **params):
    body = "".join(f"<ns:{k}>{v}</ns:{k}>" for k, v in params.items())
    envelope = (f'<soapenv:Envelope xmlns:soapenv="{ENV}" xmlns:ns="{TNS}"><soapenv:Body>'
                f"<ns:{op}>{body}</ns:{op}></soapenv:Body></soapenv:Envelope>").encode()
    r = session.post(f"{url}/services/{svc}.{svc}HttpSoap11Endpoint/", data=envelope,
                     headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": f"urn:{op}"}, timeout=10)
    return r.status_code, etree.fromstring(r.content)


def test_the_fake_answers_get_session_with_every_sessiondata_property():
    with FakeOpenMeetings("3.0", serve=False) as fake, fake.session() as s:
        status, root = _post(s, fake.url, "UserService", "getSession")
        assert status == 200
        ret = root.find(f"{{{ENV}}}Body/{{{TNS}}}getSessionResponse/{{{TNS}}}return")
        props = {etree.QName(c).localname: c for c in ret}
        assert sorted(props) == sorted(SESSIONDATA)
        assert all(etree.QName(c).namespace == SESSION_NS for c in ret)
        assert props["refresh_time"].text and props["starttermin_time"].text
        assert props["session_id"].text


@pytest.mark.parametrize("svc,op", [("UserService", "getUsersByOrganisation"), ("RoomService", "getRoomTypes"),
                                    ("RoomService", "getRoomCounters"), ("CalendarService", "getNextAppointment")])
def test_declared_operations_the_fake_does_not_imitate_say_so(svc, op):
    with FakeOpenMeetings("3.0", serve=False) as fake, fake.session() as s:
        wsdl = etree.fromstring(s.get(f"{fake.url}/services/{svc}?wsdl", timeout=10).content)
        assert op in ops(wsdl)
        status, root = _post(s, fake.url, svc, op, SID="x")
        assert status == 500
        assert root.findtext(f"{{{ENV}}}Body/{{{ENV}}}Fault/faultstring") == f"not implemented by the fake: {svc}.{op}"
