"""The command line speaks in command-line terms: one-line errors naming its own options,
``--version``, defaults in the help, a missing room is an error, ``-v`` shows om-soap's own
records, the parity table is short (``--json`` has the full values), Ctrl+C and a closed pipe."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from om_soap import __version__, cli
from om_soap.errors import NotLoggedIn, RequestTimeout, TLSError, UnknownService, UnsupportedVersion, WsdlError
from om_soap.fake import FakeOpenMeetings
from om_soap.parity.compare import FieldDiff
from om_soap.parity.report import ParityReport, ParityRow

BIN = os.path.dirname(sys.executable)


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OM_SOAP_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def _run(*argv, timeout=60, **env):
    return subprocess.run(["om-soap", *argv], capture_output=True, text=True, timeout=timeout, env=_env(**env))


# ---------------------------------------------------------------- parity table


def test_the_parity_table_is_short_and_the_json_has_the_full_values():
    long_text = "x" * 200
    diffs = [FieldDiff(f"roomDTO.f{i}", long_text, i, "unexpected", "not a documented SOAP/REST difference")
             for i in range(5)]
    known = [FieldDiff("serviceResult", {"message": "error.notallowed"}, None, "known",
                       "SOAP fault vs bare HTTP 500 (OpenMeetings before 6.3)", "fault-vs-bare-500")]
    report = ParityReport("4.0.11", [ParityRow("room.get", "unexpected", diffs=diffs),
                                     ParityRow("room_hash.unknown_sid", "known", diffs=known)])
    table = report.table()
    assert "facts" not in table and "§" not in table
    row = next(line for line in table.splitlines() if line.startswith("room.get "))
    assert len(row) < 300 and long_text not in row
    assert "roomDTO.f0: SOAP \"xxxxxxxxxxxxxxxxxxxxxxxxxxxx... vs REST 0 [UNEXPECTED]" in row
    assert row.endswith("; 2 more (--json has them all)")
    assert "[known: fault-vs-bare-500]" in table
    data = report.to_json()
    assert [d["soap"] for d in data["rows"][0]["diffs"]] == [long_text] * 5
    assert data["rows"][1]["diffs"][0]["known"] == "fault-vs-bare-500"
