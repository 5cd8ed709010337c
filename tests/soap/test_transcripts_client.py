"""The client's typed results against what real servers answered (tests/transcripts/), offline.

A requests adapter answers the client's calls with a recorded answer of the real 9.1.0 server
(and its captured WSDLs, wsdl_cache/real-9.1.0/); ``to_rest()`` of the typed result must equal
the JSON that the same server's REST API answered. These are the offline halves of the
real-server tests in tests/real/test_real_server.py (which run with OM_REAL_VERSIONS).
"""
from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any, Dict, Optional

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from om_soap.client import OpenMeetingsClient
from om_soap.rest import RestClient

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = ROOT / "tests" / "transcripts" / "9.1.0"
WSDLS = ROOT / "wsdl_cache" / "real-9.1.0"
BASE = "http://om-real.invalid/openmeetings"
SID = "6c3a3b8e-55e5-4c3a-9d56-6b7b8f0c1d2e"


def exchange(name: str) -> Dict[str, Any]:
    (path,) = TRANSCRIPTS.glob(f"*-{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


class Recorded(BaseAdapter):
    """Serves the captured WSDLs and, for every other request, one recorded answer."""

    def __init__(self, answer: Dict[str, Any]) -> None:
        super().__init__()
        self.answer = answer

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = request.url or ""
        r = requests.Response()
        r.request, r.url = request, url
        if url.endswith("?wsdl"):
            service = url.split("/services/", 1)[1].split("?", 1)[0]
            body = (WSDLS / f"{service}.wsdl").read_bytes().replace(b"127.0.0.1:5080", b"om-real.invalid")
            status: int = 200
            ctype: Optional[str] = "text/xml"
        else:
            status = self.answer["status"]
            body = (self.answer.get("body") or "").replace("{{uuid:1}}", SID).replace("{{uuid:2}}", SID).encode()
            ctype = self.answer.get("content_type")
        r.status_code = status
        r.headers = CaseInsensitiveDict({"Content-Type": ctype} if ctype else {})
        r._content = body
        r.raw = BytesIO(body)
        r.encoding = "utf-8"
        return r

    def close(self) -> None:
        pass


def session_for(name: str) -> requests.Session:
    s = requests.Session()
    s.mount("http://om-real.invalid/", Recorded(exchange(name)["response"]))
    return s


def rest_json(name: str) -> Dict[str, Any]:
    return json.loads(exchange(name)["response"]["body"])


def soap_client(name: str, tmp_path: Path) -> OpenMeetingsClient:
    om = OpenMeetingsClient(BASE, version="9.1.0", session=session_for(name), cache_dir=str(tmp_path))
    om.sid = SID
    return om


def rest_client(name: str) -> RestClient:
    rest = RestClient(BASE, version="9.1.0", session=session_for(name))
    rest.sid = SID
    return rest


def test_rest_one_item_list_keeps_the_array():
    # 10-rest_room_public_interview: {"roomDTO":[{...}]} for one room (was ONE_ITEM).
    assert rest_client("rest_room_public_interview").public_rooms("INTERVIEW").to_rest() == \
        rest_json("rest_room_public_interview")


def test_rest_empty_list_is_an_empty_array():
    # 45-rest_record_external_type_0: {"recordingDTO":[]} (was NO_ITEM).
    assert rest_client("rest_record_external_type_0").recordings_by_type("myCMS").to_rest() == \
        rest_json("rest_record_external_type_0")


def test_soap_empty_list_is_an_empty_array(tmp_path):
    # 46-soap_record_external_type_0 (no <return>) read as 45-rest_record_external_type_0 says.
    assert soap_client("soap_record_external_type_0", tmp_path).recordings_by_type("myCMS").to_rest() == \
        rest_json("rest_record_external_type_0")


@pytest.mark.xfail(strict=True, reason="EMPTY_TEXT: over SOAP an empty element (<comment></comment>) is read "
                                       "as null; the real REST API keeps \"comment\":\"\" (not fixed: zeep and "
                                       "the fast path both read an empty simple element as None)")
def test_soap_public_rooms_equal_the_rest_answer(tmp_path):
    # 11-soap_room_public_conference against 08-rest_room_public_conference.
    assert soap_client("soap_room_public_conference", tmp_path).public_rooms("CONFERENCE").to_rest() == \
        rest_json("rest_room_public_conference")
