"""The bundled snapshot of the running server's family, when it is a capture (manifest
``"origin": "captured"``), must be what this server serves, byte for byte (the address's port
written as 5080); on a difference the message lists it by meaning (tools/wsdl_semantics.py).
For an authored family, the generator's rendering must equal the server by meaning, but for
the order of the port type's operations (CXF's reflection order)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from om_soap.versions import parse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import wsdl_semantics  # noqa: E402

pytestmark = pytest.mark.real_om


def _served(real_server, service: str) -> bytes:
    r = requests.get("%s/services/%s?wsdl" % (real_server.base, service), timeout=60)
    assert r.status_code == 200, service
    port = urlsplit(real_server.base).port
    return r.content.replace(b"127.0.0.1:%d" % port, b"127.0.0.1:5080")


def test_bundled_snapshot_of_the_family_is_what_the_server_serves(real_server):
    family = parse(real_server.version).snapshot
    entry = json.loads((ROOT / "wsdl_cache" / "manifest.json").read_text(encoding="utf-8"))["snapshots"][family]
    checked = 0
    for name in entry["files"]:
        served = _served(real_server, name[:-len(".wsdl")])
        bundled = (ROOT / "wsdl_cache" / family / name).read_bytes()
        if entry["origin"] == "captured":
            assert served == bundled, (family, name, wsdl_semantics.differences(bundled, served)[:10])
        else:
            diff = [d for d in wsdl_semantics.differences(bundled, served)
                    if not (d.startswith("/portTypes/") and "/order:" in d)]
            assert diff == [], (family, name)
        checked += 1
    assert checked == len(entry["files"]) >= 8


def test_file_add_over_soap_takes_no_content(real_server):
    """The captured FileService.wsdl types `stream` as the abstract `inputStream`: the real
    server refuses content in it, and creates the item without it; the client refuses content
    over SOAP before sending (om_soap/api.py)."""
    from om_soap import OpenMeetingsClient
    from om_soap.errors import InvalidArgument

    env = ('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
           '<ns:%s xmlns:ns="http://webservice.openmeetings.apache.org/">%s</ns:%s></soap:Body></soap:Envelope>')
    om = OpenMeetingsClient(real_server.base, credentials=(real_server.user, real_server.password), timeout=60)
    sid = om.login(real_server.user, real_server.password).message
    headers = {"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": '""'}
    item = "<sid>%s</sid><file><name>real-snap.txt</name></file>" % sid
    r = requests.post("%s/services/FileService" % real_server.base, headers=headers, timeout=60,
                      data=env % ("add", item + "<stream>aGVsbG8=</stream>", "add"))
    assert r.status_code == 500
    assert "Unable to create an instance of java.io.InputStream" in r.text
    r = requests.post("%s/services/FileService" % real_server.base, headers=headers, timeout=60,
                      data=env % ("add", item, "add"))
    assert r.status_code == 200 and "<name>real-snap.txt</name>" in r.text
    with pytest.raises(InvalidArgument, match="RestClient.upload_file"):
        om.upload_file({"name": "x.txt"}, b"x")
    assert om.upload_file({"name": "real-snap-2.txt"}, b"")["name"] == "real-snap-2.txt"
