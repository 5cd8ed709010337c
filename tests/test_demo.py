"""``om-soap demo`` runs the whole flow on the embedded fake, exits 0, and leaks no secret."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from om_soap.cli import main

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.mark.parametrize("version", ["3.1", "4.0", "9.1"])
def test_demo_flow(version, capsys):
    assert main(["demo", "--om-version", version]) == 0
    out = capsys.readouterr().out
    assert "entered: John Doe (superjohn, myCMS/uid1) in room 5" in out
    assert "moderator=True, showAudioVideoTest=True" in out
    assert not UUID.search(out), "a SID or hash was printed in full"
    assert "12345" not in out
    page = "swf?secureHash=" if version == "3.1" else "hash?secure="
    assert page in out
    assert ('"code": 0' in out) == (version == "3.1")


def test_demo_unknown_version_is_one_clear_line():
    proc = subprocess.run([sys.executable, "-m", "om_soap", "demo", "--om-version", "3.0"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert "Axis2" in proc.stderr and "Traceback" not in proc.stderr
