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


def test_demo_on_the_axis2_family(capsys):
    assert main(["demo", "--om-version", "3.0"]) == 0
    out = capsys.readouterr().out
    assert "OpenMeetings 3.0.7 fake" in out and "getSession + loginUser" in out
    assert "entered: John Doe (superjohn, myCMS/uid1) in room 5" in out
    assert "swf?secureHash=" in out and '"code": 0' in out
    # the Axis2 SID is 32 hex digits, the hash a UUID: neither is printed in full
    assert not UUID.search(out) and not re.search(r"[0-9a-f]{32}", out)
    assert "12345" not in out


def test_demo_as_a_command_on_3_0_exits_0():
    proc = subprocess.run([sys.executable, "-m", "om_soap", "demo", "--om-version", "3.0"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "entered: John Doe" in proc.stdout and "Traceback" not in proc.stderr


def test_demo_unknown_version_is_one_clear_line():
    proc = subprocess.run([sys.executable, "-m", "om_soap", "demo", "--om-version", "1.0"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "1.0 is not supported" in lines[0] and "2.1" in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
