"""REST list answers are always ``{"<root>": [...]}``, for n, one and no items.

CXF's JSONProvider writes a collection answer as an array under the item's root element
itself (``marshalCollection``, read in CXF 3.1.7 and 4.2.2; real:
tests/transcripts/9.1.0/10-rest_room_public_interview.json), and the OpenMeetings OpenAPI
specs 6.3.0-9.1.0 declare every
``*ListWrapper`` as ``{"<root>": {"type": "array"}}`` (read in place below). A list *inside*
a bean is still written by Jettison's rules: one item collapses to the item.
"""
from __future__ import annotations

import json

import pytest

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import rest_login
from om_soap.rest import RestClient
from om_soap.results import RestObject

from reference import SPECS

FAMILIES = ["3.1", "3.3", "4.0", "5.0", "6.3", "9.1"]
# Room.Type constants: lower case up to 4.0.x, UPPER_CASE from 5.0.0 (Room.java @ 4.0.11, @ 5.0.0);
# RoomWebService.getPublic reads the path with Room.Type.valueOf, so the spelling must match.
CONFERENCE = {"3.1": "conference", "3.3": "conference", "4.0": "conference",
              "5.0": "CONFERENCE", "6.3": "CONFERENCE", "9.1": "CONFERENCE"}



@pytest.fixture(params=FAMILIES)
def fake(request):
    with FakeOpenMeetings(request.param, serve=False, bad_password_delay=(0, 0.01)) as f:
        yield f


@pytest.fixture
def http(fake):
    with fake.session() as s:
        yield s


def test_one_item_list_answer_is_an_array_under_its_root(fake, http):
    sid = rest_login(http, fake)
    r = http.get(f"{fake.url}/services/group", params={"sid": sid}, timeout=10)
    assert r.status_code == 200
    body = r.json()
    (root, items), = body.items()
    # 3.1-3.3 GroupWebService returns List<Group> (root "group"), 4.0+ List<GroupDTO>
    assert root == ("group" if fake.state.version.tuple < (4,) else "groupDTO")
    assert isinstance(items, list) and len(items) == 1 and items[0]["id"] == 1


def test_empty_list_answer_is_an_empty_array_under_its_root(fake, http):
    sid = rest_login(http, fake)
    r = http.get(f"{fake.url}/services/record/room/5", params={"sid": sid}, timeout=10)
    assert r.status_code == 200 and r.json() == {"recordingDTO": []}


def test_many_items_and_one_right_inside_a_bean(fake, http):
    sid = rest_login(http, fake)
    kind = CONFERENCE[fake.state.version.text[:3]]
    rooms = http.get(f"{fake.url}/services/room/public/{kind}", params={"sid": sid}, timeout=10).json()
    assert isinstance(rooms["roomDTO"], list) and len(rooms["roomDTO"]) >= 2
    users = http.get(f"{fake.url}/services/user", params={"sid": sid}, timeout=10).json()["userDTO"]
    assert isinstance(users, list) and len(users) == 1 and isinstance(users[0]["rights"], list)
    fake.state.admin.rights = ("SOAP",)  # a one-item list inside the bean: Jettison collapses it
    users = http.get(f"{fake.url}/services/user", params={"sid": sid}, timeout=10).json()["userDTO"]
    assert isinstance(users, list) and len(users) == 1
    assert users[0]["rights"] in ("SOAP", "Soap")  # the family's spelling, a bare string


def test_client_reads_the_array_and_writes_it_back(fake):
    client = RestClient(fake.url, version=fake.state.version.text, session=fake.session())
    client.login("admin", "12345")
    groups = client.get_groups()
    assert isinstance(groups.data, list) and len(groups.data) == 1
    # The installer's group (real 9.1.0: tests/transcripts/9.1.0/47-rest_group_list.json)
    assert groups.to_rest() == {groups.root: [{"id": 1, "name": "admins"}]}


@pytest.mark.parametrize("wire", [
    {"groupDTO": [{"id": 1, "name": "g"}]},  # what CXF writes
    {"groupDTO": {"id": 1, "name": "g"}},  # the collapsed shape this project once assumed
])
def test_client_reads_a_one_item_list_in_both_shapes(requests_mock, wire):
    base = "http://om.test/openmeetings/services"
    requests_mock.get(base + "/group/", headers={"Content-Type": "application/json"}, json=wire)
    client = RestClient("http://om.test/openmeetings", version="9.1.0")
    client.sid = "5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab"
    groups = client.get_groups()
    assert groups.data == [{"id": 1, "name": "g"}]
    assert groups.to_rest() == {"groupDTO": [{"id": 1, "name": "g"}]}


def test_rest_object_writes_list_answers_as_cxf_does():
    assert RestObject("groupDTO", [{"id": "1", "name": "g"}]).to_rest() == {"groupDTO": [{"id": 1, "name": "g"}]}
    assert RestObject("groupDTO", []).to_rest() == {"groupDTO": []}
    # a bean answer (one room) keeps Jettison's rules, its one hidden element collapsed
    assert RestObject("roomDTO", {"id": "3", "hiddenElements": ["CHAT"]}).to_rest() == {
        "roomDTO": {"id": 3, "hiddenElements": "CHAT"}}


@pytest.mark.skipif(not SPECS.is_dir(), reason="shared reference OpenAPI specs are absent")
@pytest.mark.parametrize("spec", ["apache-openmeetings-6.3.0-swagger.json", "apache-openmeetings-9.1.0-swagger.json"])
def test_openapi_list_wrappers_are_arrays_under_the_fakes_roots(spec):
    schemas = json.loads((SPECS / spec).read_text(encoding="utf-8"))["components"]["schemas"]
    wrappers = {k: v for k, v in schemas.items() if k.endswith("ListWrapper")}
    # read at the specs: the six list wrappers of 6.3.0 and 9.1.0
    assert sorted(wrappers) == ["AppointmentDTOListWrapper", "FileItemDTOListWrapper", "GroupDTOListWrapper",
                                "RecordingDTOListWrapper", "RoomDTOListWrapper", "UserDTOListWrapper"]
    for name, schema in wrappers.items():
        (root, prop), = schema["properties"].items()
        assert prop["type"] == "array", name
        assert root == name[0].lower() + name[1:-len("ListWrapper")]
        example = schema.get("example")
        if example is not None:
            assert isinstance(example[root], list), name
