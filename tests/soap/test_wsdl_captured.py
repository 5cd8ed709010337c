"""The bundled snapshots of 5.x, 6.x and 7.x-9.x ARE what real servers served, and the
generator still renders those families the way the real servers publish them.

wsdl_cache/real-<v>/ holds each real server's ``?wsdl`` (tools/real_om.py --record-wsdl, see
tests/transcripts/README.md); wsdl_cache/cxf-5.0, cxf-6.0 and cxf-7.0 are byte copies of
real-5.1.0, real-6.3.0 and real-7.2.0 (manifest ``"origin": "captured"``). The generator's own
rendering of those families must equal the capture by meaning (tools/wsdl_semantics.py), with
one documented normalisation: the order of the port type's operations, which CXF takes from
Java reflection (unspecified) and the generator from the source.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "wsdl_cache"
sys.path.insert(0, str(ROOT / "tools"))
import wsdl_semantics  # noqa: E402

SERVICES = ["CalendarService", "ErrorService", "FileService", "GroupService", "InfoService", "RecordService",
            "RoomService", "UserService", "WbService"]
CAPTURED = {"cxf-5.0": "real-5.1.0", "cxf-6.0": "real-6.3.0", "cxf-7.0": "real-7.2.0"}
TNS = "{http://webservice.openmeetings.apache.org/}"
XS = "{http://www.w3.org/2001/XMLSchema}"


@pytest.fixture(scope="module")
def generator():
    path = ROOT / "tools" / "generate_snapshots.py"
    spec = importlib.util.spec_from_file_location("om_wsdl_generate_captured", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalised(differences: list) -> list:
    """Drop the one documented normalisation: the port type's operation order."""
    return [d for d in differences if not (d.startswith("/portTypes/") and "/order:" in d)]


@pytest.mark.parametrize("family, capture", sorted(CAPTURED.items()))
def test_bundled_snapshot_is_the_capture_byte_for_byte(family, capture):
    assert sorted(p.name for p in (CACHE / family).glob("*.wsdl")) == [s + ".wsdl" for s in SERVICES]
    for svc in SERVICES:
        assert (CACHE / family / f"{svc}.wsdl").read_bytes() == (CACHE / capture / f"{svc}.wsdl").read_bytes(), svc


def test_manifest_says_captured_from_which_server():
    manifest = json.loads((CACHE / "manifest.json").read_text(encoding="utf-8"))["snapshots"]
    assert {name for name, e in manifest.items() if e["origin"] == "captured"} == set(CAPTURED)
    assert {name for name, e in manifest.items() if e["origin"] == "authored"} == {
        "axis2-3.0", "cxf-3.1", "cxf-3.2", "cxf-3.3", "cxf-4.0"}
    for family, capture in CAPTURED.items():
        entry = manifest[family]
        assert entry["captured_from"] == capture and entry["represents_tag"] == capture[len("real-"):]
        assert "CXF " in entry["server"]  # the CXF the war was built with (tests/transcripts/README.md)
        for svc in SERVICES:
            data = (CACHE / capture / f"{svc}.wsdl").read_bytes()
            assert entry["files"][f"{svc}.wsdl"]["sha256"] == hashlib.sha256(data).hexdigest()
    # read from the captures: 5.x declares no wsdl:fault, 6.3 and 7.2 do (UserService.wsdl)
    assert manifest["cxf-5.0"]["files"]["UserService.wsdl"]["faults_declared"] is False
    assert manifest["cxf-7.0"]["files"]["UserService.wsdl"]["faults_declared"] is True
    assert manifest["cxf-7.0"]["files"]["RoomService.wsdl"]["address"] == "/services/RoomService"


def test_one_family_serves_7_to_9_because_their_wsdls_are_identical():
    # 7.2.0 runs CXF 3.6.2 (javax), 8.1.0 CXF 4.1.3 and 9.1.0 CXF 4.2.0 (jakarta): same bytes.
    for svc in SERVICES:
        data = (CACHE / "real-7.2.0" / f"{svc}.wsdl").read_bytes()
        for other in ("real-8.1.0", "real-9.1.0"):
            assert (CACHE / other / f"{svc}.wsdl").read_bytes() == data, (other, svc)


def test_6_3_and_7_2_differ_only_by_roomservice_cleanwb():
    for svc in SERVICES:
        diff = wsdl_semantics.differences((CACHE / "real-6.3.0" / f"{svc}.wsdl").read_bytes(),
                                          (CACHE / "real-7.2.0" / f"{svc}.wsdl").read_bytes())
        if svc != "RoomService":
            assert diff == [], svc
    diff = normalised(wsdl_semantics.differences((CACHE / "real-6.3.0" / "RoomService.wsdl").read_bytes(),
                                                 (CACHE / "real-7.2.0" / "RoomService.wsdl").read_bytes()))
    assert diff and all("cleanWb" in d and d.endswith("only in the first") for d in diff)


@pytest.mark.parametrize("family, capture", sorted(CAPTURED.items()))
def test_generator_renders_the_captured_families_as_the_real_servers_publish_them(generator, family, capture):
    rendered = generator.render_family(family)
    assert sorted(rendered) == SERVICES
    for svc, data in rendered.items():
        raw = wsdl_semantics.differences(data, (CACHE / capture / f"{svc}.wsdl").read_bytes())
        assert normalised(raw) == [], (family, svc)


def test_the_normalisation_is_only_the_operation_order(generator):
    raw = wsdl_semantics.differences(generator.render_family("cxf-7.0")["UserService"],
                                     (CACHE / "real-7.2.0" / "UserService.wsdl").read_bytes())
    # the order CXF 3.6.2 published (real-7.2.0/UserService.wsdl), the source's order rendered
    assert raw == ["/portTypes/UserWebService/order: ['login', 'get', 'add', 'delete', 'deleteExternal',"
                   " 'getRoomHash'] != ['add', 'get', 'getRoomHash', 'delete', 'deleteExternal', 'login']"]


def test_the_comparison_sees_what_matters():
    real = (CACHE / "real-9.1.0" / "UserService.wsdl").read_bytes()
    changed = {
        b'minOccurs="0" name="externalId"': b'name="externalId"',
        b'<xs:enumeration value="SOAP"/>': b"",
        b'name="loginResponse"': b'name="loginAnswer"',
        b'<wsdl:fault message="tns:ServiceException" name="ServiceException">':
            b'<wsdl:fault message="tns:ServiceException" name="ServiceFault">',
    }
    for old, new in changed.items():
        assert old in real, old
        assert normalised(wsdl_semantics.differences(real, real.replace(old, new, 1))) != [], old
    # prefixes and layout do not count
    assert wsdl_semantics.differences(real, real.replace(b"tns:", b"t:").replace(b'xmlns:tns=', b'xmlns:t=')) == []


def test_file_add_stream_is_the_abstract_input_stream_type_in_every_cxf_family(generator):
    # real 5.1.0-9.1.0: <xs:element minOccurs="0" name="stream" type="tns:inputStream"/> and
    # <xs:complexType abstract="true" name="inputStream"><xs:sequence/></xs:complexType>
    for family in ("cxf-3.1", "cxf-3.2", "cxf-3.3", "cxf-4.0", "cxf-5.0", "cxf-6.0", "cxf-7.0"):
        model = wsdl_semantics.model(generator.render_family(family)["FileService"])
        schema = model["schemas"]["http://webservice.openmeetings.apache.org/"]
        (stream,) = [e for e in schema["complexTypes"]["add"]["sequence"] if e["name"] == "stream"]
        assert stream["type"] == TNS + "inputStream" and stream["minOccurs"] == "0", family
        assert schema["complexTypes"]["inputStream"] == {"abstract": "true", "base": None, "sequence": [],
                                                          "attributes": []}, family
