"""The bundled WSDL snapshots: generated, loadable by zeep, and shaped per version.

The expectations below are written out by hand from the Java sources at the tags (not read back
from the generator's tables), so a wrong edit to the description fails here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest
import zeep
from lxml import etree
from reference import AXIS2_3_0_7, SPECS, skip_external

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "wsdl_cache"
REFERENCE = SPECS

TNS = "http://webservice.openmeetings.apache.org/"
XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
NS = {"xs": XS, "wsdl": WSDL, "soap": SOAP}

SNAPSHOTS = ["cxf-3.1", "cxf-3.2", "cxf-3.3", "cxf-4.0", "cxf-5.0", "cxf-6.0", "cxf-7.0"]
CODED = {"cxf-3.1", "cxf-3.2", "cxf-3.3"}
CAPTURED = {"cxf-5.0", "cxf-6.0", "cxf-7.0"}
WITH_FAULTS = {"cxf-3.1", "cxf-3.2", "cxf-3.3", "cxf-6.0", "cxf-7.0"}
BASE_SERVICES = ["UserService", "RoomService", "InfoService", "ErrorService", "GroupService",
                 "CalendarService", "FileService", "RecordService"]

USER_OPS = {
    "cxf-3.1": "login get add delete deleteExternal getRoomHash kick count",
    "cxf-3.2": "login get add delete deleteExternal getRoomHash kick count",
    "cxf-3.3": "login get add delete deleteExternal getRoomHash kick count",
    # cxf-4.0 also declares what 4.0.0-4.0.6 had (kick, count; the fake serves each release
    # only its own: om_soap/fake/release.py).
    "cxf-4.0": "login get add delete deleteExternal getRoomHash kick count",
    "cxf-5.0": "login get add delete deleteExternal getRoomHash",
}
ROOM_3X = "getPublic getRoomById getExternal add delete close open kick counters"
ROOM_4X = ("getPublic getRoomById getExternal add delete close open kickAll kick count users"
           " hash cleanWb")
ROOM_OPS = {"cxf-3.1": ROOM_3X, "cxf-3.2": ROOM_3X, "cxf-3.3": ROOM_3X, "cxf-4.0": ROOM_4X + " counters",
            "cxf-5.0": ROOM_4X, "cxf-6.0": ROOM_4X, "cxf-7.0": ROOM_4X.replace(" cleanWb", "")}
INFO_OPS = {"cxf-3.1": "getVersion", "cxf-4.0": "getVersion getHealth",
            "cxf-6.0": "getVersion getHealth getManifest"}
FILE_3X = "delete deleteExternal add getRoom getRoomByParent rename move"
FILE_OPS = {"cxf-3.1": FILE_3X + " getPresentationPreviewFileExplorer", "cxf-3.2": FILE_3X,
            "cxf-4.0": FILE_3X + " getAllExternal"}
FIXED_OPS = {
    "ErrorService": "get report",
    "GroupService": "add get addUser removeUser addRoom getUsers delete",
    "CalendarService": "range rangeForUser next nextForUser getByRoom getByTitle save delete",
    "RecordService": "delete getExternal getExternalByType getExternalByRoom",
    "WbService": "resetWb cleanWb cleanSlide uploadWb",
}

ROOM_OPTIONS = {
    "cxf-3.1": "roomId recordingId moderator showAudioVideoTest showNickNameDialog"
               " allowSameURLMultipleTimes allowRecording",
    "cxf-3.2": "roomId recordingId moderator showAudioVideoTest allowSameURLMultipleTimes"
               " allowRecording",
    "cxf-5.0": "roomId externalRoomId externalType recordingId moderator showAudioVideoTest"
               " allowSameURLMultipleTimes allowRecording",
}


def by_snapshot(table: dict[str, str], snap: str) -> list[str]:
    """The entry for ``snap`` or the nearest earlier snapshot that has one."""
    for name in reversed(SNAPSHOTS[: SNAPSHOTS.index(snap) + 1]):
        if name in table:
            return table[name].split()
    raise KeyError(snap)


def services(snap: str) -> list[str]:
    extra = ["WbService"] if SNAPSHOTS.index(snap) >= SNAPSHOTS.index("cxf-5.0") else []
    return BASE_SERVICES + extra


def expected_ops(snap: str, svc: str) -> list[str]:
    tables = {"UserService": USER_OPS, "RoomService": ROOM_OPS, "InfoService": INFO_OPS,
              "FileService": FILE_OPS}
    if svc in tables:
        return by_snapshot(tables[svc], snap)
    return FIXED_OPS[svc].split()


ALL_FILES = [(snap, svc) for snap in SNAPSHOTS for svc in services(snap)]


def settings() -> zeep.Settings:
    return zeep.Settings(strict=True, forbid_dtd=True, forbid_entities=True,
                         forbid_external=True)


def wsdl_path(snap: str, svc: str) -> Path:
    return CACHE / snap / f"{svc}.wsdl"


def tree(snap: str, svc: str):
    return etree.parse(str(wsdl_path(snap, svc)))


def complex_type(doc, name: str):
    found = doc.xpath(f"//xs:schema[@targetNamespace='{TNS}']/xs:complexType[@name='{name}']",
                      namespaces=NS)
    assert len(found) == 1, f"{name}: {len(found)} definitions"
    return found[0]


def children(ct) -> list[str]:
    return [e.get("name") for e in ct.iterfind(".//xs:sequence/xs:element", NS)]


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("om_wsdl_generate", ROOT / "tools" / "generate_snapshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manifest():
    return json.loads((CACHE / "manifest.json").read_text(encoding="utf-8"))


# -- generated, committed, recorded -------------------------------------------

def test_committed_files_equal_generator_output(generator):
    assert generator.differences() == []


def test_check_flag_reports_a_modified_file(generator, tmp_path):
    for rel, data in generator.render_all().items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    assert generator.differences(tmp_path) == []
    target = tmp_path / "cxf-4.0" / "UserService.wsdl"
    target.write_bytes(target.read_bytes().replace(b"getRoomHash", b"getRoomHush", 1))
    (tmp_path / "cxf-4.0" / "Stale.wsdl").write_bytes(b"<x/>")
    assert generator.differences(tmp_path) == ["cxf-4.0/UserService.wsdl", "cxf-4.0/Stale.wsdl"]


def test_output_is_deterministic(generator):
    assert generator.render_all() == generator.render_all()


def test_manifest_lists_every_file_with_its_sha256(manifest):
    assert manifest["format"] == 1
    assert list(manifest["snapshots"]) == ["axis2-3.0"] + SNAPSHOTS
    on_disk = sorted(p.relative_to(CACHE).as_posix() for p in CACHE.glob("*/*.wsdl")
                     if not p.parent.name.startswith("real-"))  # captured from servers, not in the manifest
    listed = sorted(f"{snap}/{name}" for snap, entry in manifest["snapshots"].items()
                    for name in entry["files"])
    assert listed == on_disk
    for snap, entry in manifest["snapshots"].items():
        # 5.x, 6.x and 7.x-9.x are what real servers served (tests/soap/test_wsdl_captured.py)
        assert entry["origin"] == ("captured" if snap in CAPTURED else "authored")
        assert entry["result_has_code"] is (snap in CODED)
        assert set(entry["versions"]) == {"first", "last"}
        for name, meta in entry["files"].items():
            data = (CACHE / snap / name).read_bytes()
            assert meta["sha256"] == hashlib.sha256(data).hexdigest(), f"{snap}/{name}"
            assert meta["service"] == name.removesuffix(".wsdl")


def test_manifest_version_ranges(manifest):
    ranges = {snap: (e["versions"]["first"], e["versions"]["last"])
              for snap, e in manifest["snapshots"].items()}
    assert ranges["cxf-3.1"][0] == "3.1.3"
    assert ranges["cxf-4.0"] == ("4.0.7", "4.0.11")
    assert ranges["cxf-5.0"] == ("5.0.1", "5.1.0")
    assert ranges["cxf-6.0"] == ("6.0.0", "6.3.0")
    assert ranges["cxf-7.0"] == ("7.0.0", "9.1.0")
    assert ranges["axis2-3.0"] == ("2.1.0", "3.0.7")


@pytest.mark.parametrize("snap, svc", ALL_FILES)
def test_file_header_is_fixed(snap, svc):
    # A real CXF writes no newline after the declaration (wsdl_cache/real-*/); the generator does.
    newline = b"" if snap in CAPTURED else b"\n"
    assert wsdl_path(snap, svc).read_bytes().startswith(
        b"<?xml version='1.0' encoding='UTF-8'?>" + newline + b"<wsdl:definitions ")


# -- zeep can use every file --------------------------------------------------

@pytest.mark.parametrize("snap, svc", ALL_FILES)
def test_zeep_loads_file_and_sees_operations(snap, svc):
    client = zeep.Client(str(wsdl_path(snap, svc)), settings=settings())
    (service,) = client.wsdl.services.values()
    (port,) = service.ports.values()
    assert sorted(port.binding.all()) == sorted(expected_ops(snap, svc))


def test_only_5x_and_later_have_wbservice():
    for snap in SNAPSHOTS:
        present = wsdl_path(snap, "WbService").exists()
        assert present is (SNAPSHOTS.index(snap) >= SNAPSHOTS.index("cxf-5.0")), snap


@pytest.mark.parametrize("snap", SNAPSHOTS)
def test_zeep_builds_get_room_hash_with_unqualified_ordered_children(snap):
    client = zeep.Client(str(wsdl_path(snap, "UserService")), settings=settings())
    options = {name: False for name in by_snapshot(ROOM_OPTIONS, snap)}
    options.update(roomId=5, recordingId=None, moderator=True)
    if "externalRoomId" in options:
        options.update(externalRoomId=None, externalType=None)
    user = {"login": "superjohn", "firstname": "John", "lastname": "Doe",
            "externalId": "uid1", "externalType": "myCMS"}
    envelope = client.create_message(client.service, "getRoomHash", sid="x", user=user,
                                     options=options)
    (wrapper,) = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    assert wrapper.tag == f"{{{TNS}}}getRoomHash"
    assert [c.tag for c in wrapper] == ["sid", "user", "options"]
    user_el, options_el = wrapper[1], wrapper[2]
    assert [c.tag for c in user_el] == ["login", "firstname", "lastname", "externalId",
                                        "externalType"]
    expected = [n for n in by_snapshot(ROOM_OPTIONS, snap) if options[n] is not None]
    assert [c.tag for c in options_el] == expected
    assert all(not c.tag.startswith("{") for c in options_el.iter() if c is not options_el)


# -- spot checks that catch real mistakes -------------------------------------

@pytest.mark.parametrize("snap", SNAPSHOTS)
def test_service_result_has_code_first_only_in_3x(snap):
    fields = children(complex_type(tree(snap, "UserService"), "serviceResult"))
    if snap in CODED:
        assert fields == ["code", "message", "type"]
        (code,) = tree(snap, "UserService").xpath(
            "//xs:complexType[@name='serviceResult']//xs:element[@name='code']", namespaces=NS)
        assert code.get("minOccurs") is None and code.get("type") == "xs:long"
    else:
        assert fields == ["message", "type"]


@pytest.mark.parametrize("snap", SNAPSHOTS)
def test_room_options_field_order(snap):
    fields = children(complex_type(tree(snap, "UserService"), "roomOptionsDTO"))
    assert fields == by_snapshot(ROOM_OPTIONS, snap)
    assert ("showNickNameDialog" in fields) is (snap == "cxf-3.1")
    assert ("externalRoomId" in fields) is (SNAPSHOTS.index(snap) >= SNAPSHOTS.index("cxf-5.0"))


@pytest.mark.parametrize("snap", SNAPSHOTS)
def test_clean_wb_in_room_service_only_4_to_6(snap):
    ops = tree(snap, "RoomService").xpath("//wsdl:portType/wsdl:operation/@name", namespaces=NS)
    assert ("cleanWb" in ops) is (snap in {"cxf-4.0", "cxf-5.0", "cxf-6.0"})


@pytest.mark.parametrize("snap, svc", ALL_FILES)
def test_faults_declared_only_in_3x_and_6_plus(snap, svc):
    doc = tree(snap, svc)
    port_faults = doc.xpath("//wsdl:portType/wsdl:operation[wsdl:fault]/@name", namespaces=NS)
    binding_faults = doc.xpath("//wsdl:binding/wsdl:operation[wsdl:fault]/@name", namespaces=NS)
    assert port_faults == binding_faults
    if snap not in WITH_FAULTS or svc in {"InfoService", "ErrorService"}:
        assert port_faults == []
        assert not doc.xpath("//wsdl:message[@name='ServiceException']", namespaces=NS)
        return
    assert port_faults, f"{snap}/{svc} declares no fault"
    (fault_type,) = doc.xpath("//xs:complexType[@name='ServiceException']", namespaces=NS)
    assert children(fault_type) == ["message"]
    assert doc.xpath("//xs:element[@name='ServiceException']/@type", namespaces=NS) == [
        "tns:ServiceException"]
    if svc == "UserService":
        assert "getRoomHash" in port_faults and "login" not in port_faults


@pytest.mark.parametrize("snap, svc", ALL_FILES)
def test_only_java_primitives_are_required(snap, svc):
    doc = tree(snap, svc)
    for el in doc.iterfind(f".//{{{XS}}}complexType//{{{XS}}}element"):
        if el.get("minOccurs") is None:
            assert el.get("type") in {"xs:long", "xs:int", "xs:boolean"}, (
                f"{snap}/{svc}: {el.get('name')} is required but typed {el.get('type')}")
            assert el.get("maxOccurs") is None


@pytest.mark.parametrize("snap", SNAPSHOTS)
def test_room_service_boxed_and_primitive_ids(snap):
    doc = tree(snap, "RoomService")
    (by_id,) = children_elements(complex_type(doc, "getRoomById"), "id")  # Long id
    (delete,) = children_elements(complex_type(doc, "delete"), "id")  # long id
    assert by_id.get("minOccurs") == "0"
    assert delete.get("minOccurs") is None and delete.get("type") == "xs:long"
    options = complex_type(tree(snap, "UserService"), "roomOptionsDTO")
    (moderator,) = children_elements(options, "moderator")
    (room_id,) = children_elements(options, "roomId")
    assert moderator.get("minOccurs") is None and room_id.get("minOccurs") == "0"


def children_elements(ct, name: str):
    return [e for e in ct.iterfind(".//xs:sequence/xs:element", NS) if e.get("name") == name]


@pytest.mark.parametrize("snap", SNAPSHOTS)
def test_names_and_addresses(snap):
    for svc in services(snap):
        doc = tree(snap, svc)
        root = doc.getroot()
        cls = "RecordingWebService" if svc == "RecordService" else svc.replace(
            "Service", "WebService")
        full = f"org.apache.openmeetings.webservice.{cls}"
        assert root.get("name") == full and root.get("targetNamespace") == TNS
        (port,) = doc.xpath(f"//wsdl:service[@name='{full}']/wsdl:port", namespaces=NS)
        assert port.get("name") == ("UserService" if svc == "UserService" else f"{cls}Port")
        assert port.get("binding") == f"tns:{full}SoapBinding"
        (address,) = port.iterfind("soap:address", NS)
        # A capture keeps the host it was fetched from (loopback), port written as 5080.
        host = "127.0.0.1" if snap in CAPTURED else "localhost"
        assert address.get("location") == (
            f"http://{host}:5080/openmeetings/services/{svc}")
        (port_type,) = doc.xpath("//wsdl:portType/@name", namespaces=NS)
        if svc == "UserService":
            assert port_type == ("UserService" if snap in {"cxf-3.1", "cxf-3.2"}
                                 else "UserWebService")
        else:
            assert port_type == cls
        (style,) = doc.xpath("//soap:binding/@style", namespaces=NS)
        assert style == "document"
        assert set(doc.xpath("//soap:operation/@soapAction", namespaces=NS)) == {""}
        assert set(doc.xpath("//soap:body/@use", namespaces=NS)) == {"literal"}


def test_record_service_address_is_record_service():
    for snap in SNAPSHOTS:
        (loc,) = tree(snap, "RecordService").xpath("//soap:address/@location", namespaces=NS)
        assert loc.endswith("/services/RecordService")


@pytest.mark.parametrize("snap", SNAPSHOTS)
def test_count_return_type(snap):
    if snap not in CODED:
        return
    (ret,) = children_elements(complex_type(tree(snap, "UserService"), "countResponse"), "return")
    if snap == "cxf-3.3":
        assert ret.get("type") == "tns:serviceResult"
    else:
        assert ret.get("type") == "xs:int" and ret.get("minOccurs") is None


def test_kick_signatures_follow_the_represented_tag():
    assert children(complex_type(tree("cxf-3.2", "UserService"), "kick")) == ["sid", "publicsid"]
    assert children(complex_type(tree("cxf-3.3", "UserService"), "kick")) == ["sid", "uid"]
    for snap in SNAPSHOTS[3:]:
        room = tree(snap, "RoomService")
        assert children(complex_type(room, "kick")) == ["sid", "id", "externalType", "externalId"]
        assert children(complex_type(room, "kickAll")) == ["sid", "id"]
    (ext,) = children_elements(complex_type(tree("cxf-3.2", "RoomService"), "getExternal"),
                               "externalid")
    assert ext.get("type") == "xs:long"
    (ext,) = children_elements(complex_type(tree("cxf-3.3", "RoomService"), "getExternal"),
                               "externalid")
    assert ext.get("type") == "xs:string"


ENUM_NS = {
    # snapshot: (User.Right ns, Room.Type ns or TNS)
    "cxf-3.1": ("org.apache.openmeetings.user.user.right", TNS),
    "cxf-3.3": ("org.apache.openmeetings.user.user.right", TNS),
    "cxf-4.0": ("org.apache.openmeetings.user.right", "org.apache.openmeetings.room.type"),
    "cxf-7.0": ("org.apache.openmeetings.user.right", "org.apache.openmeetings.room.type"),
}


@pytest.mark.parametrize("snap", sorted(ENUM_NS))
def test_enum_namespaces_and_spelling(snap):
    right_ns, room_type_ns = ENUM_NS[snap]
    user = zeep.Client(str(wsdl_path(snap, "UserService")), settings=settings())
    right = user.get_type(f"{{{right_ns}}}right")
    room = zeep.Client(str(wsdl_path(snap, "RoomService")), settings=settings())
    room_type = room.get_type(f"{{{room_type_ns}}}type")
    doc = tree(snap, "RoomService")
    values = doc.xpath(
        f"//xs:schema[@targetNamespace='{room_type_ns}']/xs:simpleType[@name='type']"
        "//xs:enumeration/@value", namespaces=NS)
    assert right is not None and room_type is not None
    upper = SNAPSHOTS.index(snap) >= SNAPSHOTS.index("cxf-5.0")
    assert ("CONFERENCE" if upper else "conference") in values
    # the TNS schema imports each enum namespace without a schemaLocation
    imports = doc.xpath(f"//xs:schema[@targetNamespace='{TNS}']/xs:import", namespaces=NS)
    assert all(i.get("schemaLocation") is None for i in imports)
    if room_type_ns != TNS:
        assert room_type_ns in [i.get("namespace") for i in imports]


def test_user_dto_is_alphabetical_and_room_dto_in_field_order():
    for snap in SNAPSHOTS:
        fields = children(complex_type(tree(snap, "UserService"), "userDTO"))
        assert fields == sorted(fields), snap
        assert ("pictureUri" in fields) is (SNAPSHOTS.index(snap) >= SNAPSHOTS.index("cxf-4.0"))
    room31 = children(complex_type(tree("cxf-3.1", "RoomService"), "roomDTO"))
    assert room31[:5] == ["id", "name", "comment", "type", "numberOfPartizipants"]
    assert room31[-1] == "whiteboardHidden"
    room32 = children(complex_type(tree("cxf-3.2", "RoomService"), "roomDTO"))
    assert room32[-1] == "hiddenElements" and "chatHidden" not in room32
    room40 = children(complex_type(tree("cxf-4.0", "RoomService"), "roomDTO"))
    assert "capacity" in room40 and room40[-1] == "files" and "tag" not in room40
    room50 = children(complex_type(tree("cxf-5.0", "RoomService"), "roomDTO"))
    assert room50[:3] == ["id", "name", "tag"] and "waitRecording" in room50


# -- cross-check against the OpenAPI specs of the same versions ---------------

SWAGGER = {"cxf-6.0": "apache-openmeetings-6.3.0-swagger.json",
           "cxf-7.0": "apache-openmeetings-9.1.0-swagger.json"}
SAME_NAMES = {  # JAXB element names equal the Jackson property names for these DTOs
    "RoomOptionsDTO": ("UserService", "roomOptionsDTO"),
    "ServiceResult": ("UserService", "serviceResult"),
    "UserDTO": ("UserService", "userDTO"),
    "InvitationDTO": ("RoomService", "invitationDTO"),
    "RoomFileDTO": ("RoomService", "roomFileDTO"),
    "Info": ("InfoService", "info"),
    "Health": ("InfoService", "health"),
    "GroupDTO": ("GroupService", "groupDTO"),
    "UserSearchResult": ("GroupService", "userSearchResult"),
    "AppointmentDTO": ("CalendarService", "appointmentDTO"),
    "FileItemDTO": ("FileService", "fileItemDTO"),
    "RecordingDTO": ("RecordService", "recordingDTO"),
}


@pytest.mark.parametrize("snap", sorted(SWAGGER))
def test_dto_field_sets_match_the_openapi_spec(snap):
    path = REFERENCE / SWAGGER[snap]
    if not path.is_file():
        skip_external(f"the shared reference spec {path}")
    schemas = json.loads(path.read_text(encoding="utf-8"))["components"]["schemas"]
    for java, (svc, xml) in SAME_NAMES.items():
        ours = set(children(complex_type(tree(snap, svc), xml)))
        assert ours == set(schemas[java]["properties"]), f"{snap} {java}"
    room = set(children(complex_type(tree(snap, "RoomService"), "roomDTO")))
    spec_room = set(schemas["RoomDTO"]["properties"]) - {"public"}  # Jackson: isPublic()
    assert room == spec_room | {"isPublic"}


# -- the authored Axis2 snapshot (OpenMeetings 2.1-3.0.x, *WebServiceFacade.java @ 3.0.7RC3) ----------

AXIS2_TNS = "http://services.axis.openmeetings.apache.org"
AXIS2_USER_OPS = ["getSession", "loginUser", "getErrorByCode", "setUserObjectAndGenerateRoomHash",
                  "setUserObjectAndGenerateRoomHashByURL",
                  "setUserObjectAndGenerateRoomHashByURLAndRecFlag", "setUserObjectMainLandingZone",
                  "addNewUser", "deleteUserById"]
AXIS2_ROOM_OPS = ["getRoomById", "addRoomWithModeration", "deleteRoom", "getRoomIdByExternalId",
                  "closeRoom"]
AXIS2_REFERENCE = AXIS2_3_0_7


@pytest.mark.parametrize("svc, needed", [("UserService", AXIS2_USER_OPS),
                                         ("RoomService", AXIS2_ROOM_OPS)])
def test_axis2_snapshot_names_ports_and_operations(svc, needed):
    doc = tree("axis2-3.0", svc)
    assert doc.getroot().get("targetNamespace") == AXIS2_TNS
    assert set(doc.xpath("//xs:schema/@elementFormDefault", namespaces=NS)) == {"qualified"}
    client = zeep.Client(str(wsdl_path("axis2-3.0", svc)), settings=settings())
    (service,) = client.wsdl.services.values()
    assert service.name == svc
    assert list(service.ports) == [f"{svc}HttpSoap11Endpoint", f"{svc}HttpSoap12Endpoint",
                                   f"{svc}HttpEndpoint"]
    soap11 = service.ports[f"{svc}HttpSoap11Endpoint"]
    assert soap11.binding.name.localname == f"{svc}Soap11Binding"
    assert soap11.binding_options["address"] == (
        f"http://localhost:5080/openmeetings/services/{svc}.{svc}HttpSoap11Endpoint/")
    assert set(needed) <= set(soap11.binding.all())
    for name in needed:
        assert soap11.binding.get(name).soapaction == f"urn:{name}"


def test_axis2_wrappers_are_qualified_and_primitives_required():
    client = zeep.Client(str(wsdl_path("axis2-3.0", "UserService")), settings=settings())
    envelope = client.create_message(
        client.service, "setUserObjectAndGenerateRoomHashByURLAndRecFlag", SID="s",
        username="u", firstname="f", lastname="l", profilePictureUrl="", email="e",
        externalUserId="1", externalUserType="cms", room_id=5, becomeModeratorAsInt=1,
        showAudioVideoTestAsInt=0, allowRecording=1)
    (wrapper,) = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    assert wrapper.tag == f"{{{AXIS2_TNS}}}setUserObjectAndGenerateRoomHashByURLAndRecFlag"
    assert all(c.tag.startswith(f"{{{AXIS2_TNS}}}") for c in wrapper)
    assert [etree.QName(c).localname for c in wrapper][-4:] == [
        "room_id", "becomeModeratorAsInt", "showAudioVideoTestAsInt", "allowRecording"]
    doc = tree("axis2-3.0", "UserService")
    (login_ret,) = doc.xpath("//xs:element[@name='loginUserResponse']//xs:element", namespaces=NS)
    assert login_ret.get("type") == "xs:long" and login_ret.get("minOccurs") is None
    (session,) = doc.xpath(
        "//xs:schema[@targetNamespace='http://server.entity.db.openmeetings.apache.org/xsd']"
        "/xs:complexType[@name='Sessiondata']", namespaces=NS)
    names = children(session)
    assert "session_id" in names and names == sorted(names)


@pytest.mark.parametrize("svc", ["UserService", "RoomService"])
def test_axis2_snapshot_agrees_with_the_captured_307_wsdl(svc):
    """Every operation we describe exists in the real 3.0.7 WSDL with the same children."""
    path = AXIS2_REFERENCE / f"{svc}.wsdl"
    if not path.is_file():
        skip_external(f"the shared reference WSDL {path}")
    real = etree.parse(str(path))
    ours = tree("axis2-3.0", svc)
    xpath = f"//xs:schema[@targetNamespace='{AXIS2_TNS}']/xs:element[@name=$n]//xs:element"
    for name in ours.xpath("//wsdl:portType/wsdl:operation/@name", namespaces=NS):
        for wrapper in (name, name + "Response"):
            mine = [(e.get("name"), e.get("minOccurs"), e.get("maxOccurs"))
                    for e in ours.xpath(xpath, n=wrapper, namespaces=NS)]
            theirs = [(e.get("name"), e.get("minOccurs"), e.get("maxOccurs"))
                      for e in real.xpath(xpath, n=wrapper, namespaces=NS)]
            assert mine == theirs, wrapper
