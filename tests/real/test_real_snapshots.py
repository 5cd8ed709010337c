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
