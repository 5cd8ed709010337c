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


# ---------------------------------------------------------------- one-line errors in CLI terms


@pytest.mark.parametrize("error, cli_words, python_words", [
    (UnsupportedVersion("OpenMeetings 99 is not supported"), "--om-version X.Y.Z", "version="),
    (RequestTimeout("no answer from http://h/ within 30 s"), "raise --timeout", "timeout="),
    (TLSError("TLS failure"), "--ca-bundle PATH for a private CA, or --insecure", "verify="),
    (WsdlError("bad WSDL"), "or use --offline", "offline=True"),
    (UnknownService("unknown service 'Nope'"), "om-soap ops lists the services", "om_soap.client.SERVICES"),
    (NotLoggedIn("RoomService.getRoomById needs a SID"), "give --user", "login()"),
])
def test_hints_name_the_commands_options_not_python_keywords(error, cli_words, python_words):
    text = cli.cli_message(error)
    assert cli_words in text and python_words not in text
    assert "\n" not in text


def test_busy_port_for_the_fake_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = _run("fake", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip() == (f"om-soap fake: cannot listen on 127.0.0.1:{port}: Address already in use "
                                   "(choose another --port (0: any free port) or --host)")
    assert "Traceback" not in done.stderr


def test_a_wrong_url_path_says_the_url_is_not_the_context(tmp_path):
    with FakeOpenMeetings("4.0") as fake:
        done = _run("version", "--url", fake.url.replace("/openmeetings", "/om"), "--cache-dir", str(tmp_path))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1
    assert "the URL is not the OpenMeetings context; give --url like http://host:5080/openmeetings" in done.stderr
    assert "SERVICES" not in done.stderr


def test_an_unreachable_host_is_one_sentence_without_urllib3_text(tmp_path):
    done = _run("version", "--url", "http://no-such-host.invalid/openmeetings", "--cache-dir", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr == ("om-soap version: cannot resolve the host no-such-host.invalid "
                           "(check the host name in --url)\n")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = _run("version", "--url", f"http://127.0.0.1:{port}/openmeetings", "--cache-dir", str(tmp_path))
    assert done.stderr == (f"om-soap version: nothing answers at 127.0.0.1:{port} (connection refused; "
                           "check --url and that the server runs)\n")


def test_version_and_defaults_in_the_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"om-soap {__version__}\n"
    with pytest.raises(SystemExit):
        cli.main(["fake", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "port to listen on (0: any free port) (default 5080)" in text
    assert "(default 4.0)" in text
    with pytest.raises(SystemExit):
        cli.main(["login", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "(default 30; login waits at least 20)" in text and "(default OM_PASSWORD)" in text


# ---------------------------------------------------------------- call, -v


def test_call_on_a_missing_room_says_so_and_fails(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("OM_PASSWORD", "12345")
    with FakeOpenMeetings("4.0") as fake:
        argv = ["call", "RoomService", "getRoomById", "--url", fake.url, "--user", "admin", "--cache-dir",
                str(tmp_path)]
        assert cli.main(argv[:3] + ["id=999"] + argv[3:]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        # A missing room is a fault on the server (the NPE of `new RoomDTO(null)`,
        # RoomWebService.java @ 4.0.11; real 9.1.0: tests/transcripts/9.1.0/28-soap_room_get_missing.json).
        assert captured.err == ("om-soap call: SOAP fault from RoomService.getRoomById: soap:Server: "
                                "Fault occurred while processing.\n")
        assert cli.main(argv[:3] + ["id=5"] + argv[3:]) == 0
        assert json.loads(capsys.readouterr().out)["roomDTO"]["id"] == 5


def test_verbose_shows_om_soaps_records_not_zeeps(tmp_path):
    with FakeOpenMeetings("4.0") as fake:
        done = _run("-v", "login", "--url", fake.url, "--user", "admin", "--cache-dir", str(tmp_path),
                    OM_PASSWORD="12345")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    records = [line for line in lines if line.split(" ", 1)[0] in ("DEBUG", "INFO", "WARNING", "ERROR")]
    names = {line.split()[1].rstrip(":") for line in records}
    assert names and all(name.startswith("om_soap") for name in names), names
    assert any("om_soap.http" in line for line in lines)
    assert any("SOAP request login" in line for line in lines)
    assert len(records) < 40 and not any("zeep" in line for line in records)
    assert "12345" not in done.stderr


# ---------------------------------------------------------------- Ctrl+C and a closed pipe


def test_ctrl_c_stops_the_fake_cleanly():
    proc = subprocess.Popen(["om-soap", "fake", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_env())
    try:
        deadline = time.monotonic() + 30
        lines = []
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "press Ctrl+C" in line or not line:
                break
        assert "press Ctrl+C to stop\n" in lines, lines
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and out == "stopped\n" and "Traceback" not in err


def test_ctrl_c_during_a_command_is_one_line_and_130(monkeypatch, capsys):
    from om_soap.cli import version

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(version, "run", interrupted)
    assert cli.main(["version", "--url", "http://127.0.0.1:9/openmeetings"]) == 130
    assert capsys.readouterr().err == "om-soap version: interrupted\n"


def test_a_closed_pipe_is_not_a_traceback(tmp_path):
    proc = subprocess.Popen(["om-soap", "ops", "--offline", "--om-version", "9.1", "--url",
                             "http://127.0.0.1:9/openmeetings", "--cache-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    proc.stdout.close()  # the reader went away before the first line (om-soap ops | head -0)
    err = proc.stderr.read()
    proc.wait(timeout=60)
    proc.stderr.close()
    assert proc.returncode == 0 and b"Traceback" not in err and b"BrokenPipe" not in err, err


def test_a_pipe_closed_mid_output_is_not_a_traceback(monkeypatch):
    """Broken pipe raised while printing: exit 0, stdout moved to /dev/null so the final flush is quiet."""
    from om_soap.cli import version

    def broken(args):
        raise BrokenPipeError

    monkeypatch.setattr(version, "run", broken)
    saved = os.dup(sys.stdout.fileno())
    try:
        assert cli.main(["version", "--url", "http://127.0.0.1:9/openmeetings"]) == 0
        assert os.path.samefile(f"/proc/self/fd/{sys.stdout.fileno()}", os.devnull)
    finally:
        os.dup2(saved, sys.stdout.fileno())
        os.close(saved)
