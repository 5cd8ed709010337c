"""The WSDLs and SOAP answers as CXF writes them.

* A declared fault's message part is named after the exception's simple name
  (``ReflectionServiceFactoryBean.addFault``, cxf-3.1.7: ``exClass.getSimpleName()``), a
  wrapper message's part ``parameters``.
* Inline schemas come in JAXB's order, ``XmlSchemaGenerator.NAMESPACE_COMPARATOR``
  (``-lhs.compareTo(rhs)``, jaxb-ri), kept by CXF (``JAXBUtils.generateJaxbSchemas`` collects
  them in a List, cxf-3.1.7): the ``org.apache.openmeetings.*`` enum schemas, descending, then
  the service namespace that imports them. wsimport then resolves every type.
* SOAP answers start with ``<soap:Envelope``: ``StaxOutInterceptor`` writes a start document
  only with ``org.apache.cxf.stax.force-start-document`` or a custom XMLOutputFactory
  (cxf-3.1.7), which no OpenMeetings tag configures (``git grep force-start-document`` finds
  nothing at 3.2.0RC1 and 9.1.0).
"""
from __future__ import annotations

import shutil
import subprocess

import pytest
from lxml import etree

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import envelope, login, post
from om_soap.fake.wsdl_model import snapshot_root

W = "{http://schemas.xmlsoap.org/wsdl/}"
XS = "{http://www.w3.org/2001/XMLSchema}"
TNS = "http://webservice.openmeetings.apache.org/"
CXF_SNAPSHOTS = ["cxf-3.1", "cxf-3.2", "cxf-3.3", "cxf-4.0", "cxf-5.0", "cxf-6.0", "cxf-7.0"]


def _wsdls():
    root = snapshot_root()
    return [p for snap in CXF_SNAPSHOTS for p in sorted((root / snap).glob("*.wsdl"))]


@pytest.mark.parametrize("path", _wsdls(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fault_part_is_named_after_the_exception(path):
    root = etree.parse(str(path)).getroot()
    for msg in root.findall(f"{W}message"):
        (part,) = msg.findall(f"{W}part")
        want = "ServiceException" if msg.get("name") == "ServiceException" else "parameters"
        assert part.get("name") == want, (msg.get("name"), part.get("name"))


@pytest.mark.parametrize("path", _wsdls(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_inline_schemas_in_reverse_namespace_order(path):
    root = etree.parse(str(path)).getroot()
    namespaces = [s.get("targetNamespace") for s in root.find(f"{W}types").findall(f"{XS}schema")]
    assert namespaces == sorted(namespaces, reverse=True)
    assert namespaces[-1] == TNS


def test_schema_order_literals():
    # the 4.0 RoomService reaches RoomDTO's type and hidden elements and UserDTO's rights and type
    root = etree.parse(str(snapshot_root() / "cxf-4.0" / "RoomService.wsdl")).getroot()
    assert [s.get("targetNamespace") for s in root.iter(f"{XS}schema")] == [
        "org.apache.openmeetings.user.type", "org.apache.openmeetings.user.right",
        "org.apache.openmeetings.room.type", "org.apache.openmeetings.room.element", TNS]
    root = etree.parse(str(snapshot_root() / "cxf-7.0" / "UserService.wsdl")).getroot()
    fault = [m for m in root.findall(f"{W}message") if m.get("name") == "ServiceException"]
    assert [p.get("name") for p in fault[0]] == ["ServiceException"]


@pytest.mark.parametrize("version", ["3.1", "4.0", "9.1"])
def test_served_wsdl_is_the_snapshot_and_answers_have_no_xml_declaration(version):
    with FakeOpenMeetings(version, serve=False, bad_password_delay=(0, 0.01)) as fake, fake.session() as http:
        served = http.get(f"{fake.url}/services/UserService?wsdl", timeout=10).content
        # The release's view of its line's snapshot (the bundled file itself when the release has
        # everything the line declares; see om_soap/fake/release.py).
        snapshot = fake.state.snapshot.services["UserService"].wsdl
        if "@" not in fake.state.snapshot.name:
            assert snapshot == (snapshot_root() / fake.state.snapshot.name / "UserService.wsdl").read_bytes()
        assert served.split(b"<soap:address")[0] == snapshot.split(b"<soap:address")[0]
        sid = login(http, fake.url)
        ok = post(http, fake.url, "UserService", envelope("login", user="admin", **{"pass": "12345"}))
        assert ok.status_code == 200 and ok.content.startswith(b"<soap:Envelope ")
        bad = post(http, fake.url, "RoomService", envelope("getRoomById", sid=sid, id="five"))
        assert bad.status_code == 500 and bad.content.startswith(b"<soap:Envelope ")


@pytest.mark.skipif(shutil.which("wsimport") is None, reason="wsimport (JAX-WS RI) is not installed")
@pytest.mark.parametrize("snap, service", [("cxf-3.1", "UserService"), ("cxf-4.0", "RoomService"),
                                           ("cxf-7.0", "RoomService")])
def test_wsimport_resolves_every_type(tmp_path, snap, service):
    wsdl = snapshot_root() / snap / f"{service}.wsdl"
    run = subprocess.run(["wsimport", "-Xnocompile", "-d", str(tmp_path), str(wsdl)], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "src-resolve" not in run.stdout + run.stderr
