"""tools/real_om.py's own logic, offline: arguments, the version table, the one-line failure
when Maven cannot supply an artifact, and READY/port/stop/reuse with a stub JVM."""
from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tools" / "real_om.py"
sys.path.insert(0, str(ROOT / "tools"))
import real_om  # noqa: E402

MIRROR = Path(os.environ.get("OM_GIT_MIRROR", "/work/.mirror/apache+openmeetings/repo"))


# --------------------------------------------------------------------------- arguments

def test_serve_defaults():
    a = real_om.parse_args(["serve", "--om-version", "9.1.0"])
    assert (a.port, a.admin_user, a.war, a.record, a.admin_password_env) == (0, "admin", None, None, None)
    assert real_om.admin_password(a) == real_om.DEFAULT_PASSWORD


def test_unknown_version_and_bad_port_are_refused(capsys):
    with pytest.raises(SystemExit) as e:
        real_om.parse_args(["serve", "--om-version", "9.9.9"])
    assert e.value.code == 2 and "unknown --om-version 9.9.9" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        real_om.parse_args(["serve", "--om-version", "9.1.0", "--port", "70000"])


def test_password_comes_from_the_named_variable(monkeypatch, capsys):
    monkeypatch.delenv("OM_TEST_NO_SUCH_VAR", raising=False)
    with pytest.raises(SystemExit):
        real_om.parse_args(["serve", "--om-version", "9.1.0", "--admin-password-env", "OM_TEST_NO_SUCH_VAR"])
    assert "OM_TEST_NO_SUCH_VAR: that variable is not set" in capsys.readouterr().err
    monkeypatch.setenv("OM_TEST_PW", "S3cret-x!")
    a = real_om.parse_args(["serve", "--om-version", "9.1.0", "--admin-password-env", "OM_TEST_PW"])
    assert real_om.admin_password(a) == "S3cret-x!"


def test_war_from_environment(monkeypatch):
    monkeypatch.setenv("OM_REAL_WAR_7_2_0", "/x/om.war")
    assert real_om.war_from_env("7.2.0") == "/x/om.war"
    monkeypatch.delenv("OM_REAL_WAR_9_1_0", raising=False)
    assert real_om.war_from_env("9.1.0") is None


# --------------------------------------------------------------------------- version table

# Literals read from each tag's root pom.xml (git show <tag>:pom.xml): <tomcat.version> and
# <jdk.version> (<javaVersion> at 9.1.0); the database is Derby before 5.0 (<derby.version>
# @ 4.0.11) and H2 from 5.0 (<h2.version> @ 5.1.0 ...).
POMS = {
    "4.0.11": ("9.0.37", 8, "derby"),
    "5.1.0": ("9.0.40", 11, "h2"),
    "6.3.0": ("9.0.62", 11, "h2"),
    "7.2.0": ("9.0.84", 17, "h2"),
    "8.1.0": ("11.0.11", 17, "h2"),
    "9.1.0": ("11.0.23", 21, "h2"),
}


def test_version_table_matches_the_poms():
    assert {v: (r.tomcat, r.jdk, r.db) for v, r in real_om.RELEASES.items()} == POMS


@pytest.mark.skipif(not MIRROR.is_dir(), reason="no OpenMeetings git mirror here")
@pytest.mark.parametrize("tag", sorted(POMS))
def test_version_table_against_the_tag(tag):
    import re

    pom = subprocess.run(["git", "-C", str(MIRROR), "show", "%s:pom.xml" % tag], capture_output=True,
                         text=True, check=True).stdout
    tomcat = re.search(r"<tomcat.version>([^<]+)<", pom).group(1)
    jdk = re.search(r"<(?:jdk.version|javaVersion)>([^<]+)<", pom).group(1)
    assert real_om.RELEASES[tag].tomcat == tomcat
    assert real_om.RELEASES[tag].jdk == (8 if jdk == "1.8" else int(jdk))
    assert real_om.RELEASES[tag].db == ("derby" if "<derby.version>" in pom else "h2")


def test_jdk_choice_takes_the_lowest_that_fits(tmp_path):
    for name, version in (("jdk-17", "17.0.15"), ("jdk-25", "25"), ("jdk-8", "1.8.0_402"), ("broken", None)):
        (tmp_path / name / "bin").mkdir(parents=True)
        (tmp_path / name / "bin" / "java").write_text("")
        if version:
            (tmp_path / name / "release").write_text('JAVA_VERSION="%s"\n' % version)
    assert real_om.choose_jdk(8, tmp_path).name == "jdk-8"
    assert real_om.choose_jdk(11, tmp_path).name == "jdk-17"
    assert real_om.choose_jdk(21, tmp_path).name == "jdk-25"
    with pytest.raises(real_om.HarnessError, match="no JDK 26 or newer"):
        real_om.choose_jdk(26, tmp_path)


def test_server_xml_listens_on_loopback_only():
    xml = real_om.server_xml(5123)
    assert 'address="127.0.0.1" port="5123"' in xml
    assert xml.count("<Connector") == 1 and 'Server port="-1"' in xml and "AJP" not in xml


# --------------------------------------------------------------------------- Maven failure

MAVEN_OUT = """[INFO] Scanning for projects...
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy (default-cli) on project standalone-pom: Unable to find/resolve artifact.: Could not find artifact org.apache.openmeetings:openmeetings-web:war:9.1.0 in central (https://repo.maven.apache.org/maven2) -> [Help 1]
[ERROR]
[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
"""


def _fake_mvn(tmp_path: Path) -> dict:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "mvn-out.txt").write_text(MAVEN_OUT)
    mvn = bin_dir / "mvn"
    mvn.write_text("#!/bin/sh\necho \"$@\" >> '%s'\ncat '%s'\nexit 1\n" % (tmp_path / "mvn-args.txt",
                                                                            tmp_path / "mvn-out.txt"))
    mvn.chmod(0o755)
    return dict(os.environ, PATH="%s%s%s" % (bin_dir, os.pathsep, os.environ.get("PATH", "")))


def test_missing_artifact_is_one_clear_line(tmp_path):
    env = _fake_mvn(tmp_path)
    env.pop("OM_REAL_WAR_9_1_0", None)
    done = subprocess.run([sys.executable, str(HARNESS), "serve", "--om-version", "9.1.0",
                           "--home", str(tmp_path / "home")], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("real_om: cannot resolve org.apache.openmeetings:openmeetings-web:9.1.0:war: "
                               "Could not find artifact org.apache.openmeetings:openmeetings-web:war:9.1.0 in central "
                               "(https://repo.maven.apache.org/maven2)")
    assert "--war PATH" in lines[0] and "OM_REAL_WAR_9_1_0" in lines[0]
    assert "-Dartifact=org.apache.openmeetings:openmeetings-web:9.1.0:war" in (tmp_path / "mvn-args.txt").read_text()


def test_maven_error_line_without_the_usual_phrase():
    assert real_om.maven_error_line("[ERROR] boom happened\n[ERROR]\n") == "boom happened"
    assert real_om.maven_error_line("") == "mvn failed"
    # a failure Maven cached from an earlier attempt, with colour codes (mvn 3.8.7 here)
    cached = ("\x1b[0m\x1b[0m[ERROR] Failed to execute goal ...: Unable to find artifact. "
              "org.apache.openmeetings:openmeetings-web:war:7.2.0 was not found in https://repo.maven.apache.org/maven2 "
              "during a previous attempt. -> [Help 1]\n")
    assert real_om.maven_error_line(cached) == (
        "org.apache.openmeetings:openmeetings-web:war:7.2.0 was not found in https://repo.maven.apache.org/maven2 "
        "during a previous attempt.")


# --------------------------------------------------------------------------- READY with a stub JVM

STUB_JAVA = '''#!{python}
"""A stand-in for java: the OpenMeetings installer, or Tomcat serving info/version."""
import http.server, os, re, signal, sys
args = sys.argv[1:]
state = os.environ["STUB_STATE"]
if "org.apache.openmeetings.cli.Admin" in args:
    with open(os.path.join(state, "installs"), "a") as f:
        f.write(" ".join(a for a in args if not a.startswith("-D")) + "\\n")
    sys.exit(0)
base = next(a.split("=", 1)[1] for a in args if a.startswith("-Dcatalina.base="))
xml = open(os.path.join(base, "conf", "server.xml")).read()
port = int(re.search(r'address="127.0.0.1" port="(\\d+)"', xml).group(1))

class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/openmeetings/services/info/version":
            body = b'{{"info":{{"version":"9.1.0"}}}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)
    def log_message(self, *a):
        pass

def stop(signum, frame):
    open(os.path.join(state, "stopped"), "a").write("SIGTERM\\n")
    sys.exit(0)

signal.signal(signal.SIGTERM, stop)
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
'''


@pytest.fixture
def stub(tmp_path):
    jdk = tmp_path / "jdk"
    (jdk / "bin").mkdir(parents=True)
    (jdk / "release").write_text('JAVA_VERSION="21.0.2"\n')
    java = jdk / "bin" / "java"
    java.write_text(STUB_JAVA.format(python=sys.executable))
    java.chmod(0o755)
    home = tmp_path / "home"
    (home / "downloads").mkdir(parents=True)
    with zipfile.ZipFile(home / "downloads" / "tomcat-11.0.23.zip", "w") as z:
        for name in ("bin/bootstrap.jar", "bin/tomcat-juli.jar", "conf/logging.properties", "lib/x.jar",
                     "webapps/ROOT/index.html"):
            z.writestr("apache-tomcat-11.0.23/" + name, "")
    war = tmp_path / "om.war"
    with zipfile.ZipFile(war, "w") as z:
        z.writestr("WEB-INF/lib/om.jar", "")
        z.writestr("WEB-INF/classes/x.properties", "")
    state = tmp_path / "state"
    state.mkdir()
    env = dict(os.environ, STUB_STATE=str(state), OM_TEST_PW="Stub-Pw-1!")
    cmd = [sys.executable, str(HARNESS), "serve", "--om-version", "9.1.0", "--home", str(home), "--war", str(war),
           "--java-home", str(jdk), "--admin-password-env", "OM_TEST_PW", "--start-timeout", "60"]
    return cmd, env, state, home


def _serve(cmd, env, deadline=60.0):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    ready, _, _ = select.select([proc.stdout], [], [], deadline)
    line = proc.stdout.readline() if ready else ""
    return proc, line


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_ready_line_port_stop_and_reuse(stub):
    cmd, env, state, home = stub
    proc, line = _serve(cmd + ["--port", "0"], env)
    try:
        assert line.startswith("READY http://127.0.0.1:"), (line, proc.stderr.read() if proc.poll() else "")
        base = line.split()[1]
        assert base.endswith("/openmeetings")
        port = int(base.split(":")[2].split("/")[0])
        assert 0 < port < 65536
        with urllib.request.urlopen(base + "/services/info/version", timeout=10) as r:
            assert json.loads(r.read()) == {"info": {"version": "9.1.0"}}
    finally:
        code = _stop(proc)
    assert code == 0
    assert (state / "stopped").read_text() == "SIGTERM\n"  # the JVM got SIGTERM, not SIGKILL
    installs = (state / "installs").read_text().splitlines()
    assert len(installs) == 1
    assert "org.apache.openmeetings.cli.Admin -i -v -user admin" in installs[0]
    assert "--db-type h2" in installs[0] and "-tz Europe/Berlin" in installs[0]
    server = home / "server"
    assert (server / "webapps" / "openmeetings" / "WEB-INF" / "lib" / "om.jar").is_file()
    assert not (server / "webapps" / "ROOT").exists()
    # a second serve on a chosen port reuses the installation
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        chosen = s.getsockname()[1]
    proc, line = _serve(cmd + ["--port", str(chosen)], env)
    try:
        assert line.strip() == "READY http://127.0.0.1:%d/openmeetings" % chosen
    finally:
        assert _stop(proc) == 0
    assert len((state / "installs").read_text().splitlines()) == 1
    assert 'port="%d"' % chosen in (server / "conf" / "server.xml").read_text()


def test_a_jvm_that_dies_is_one_line(stub, tmp_path):
    cmd, env, state, home = stub
    java = Path(cmd[cmd.index("--java-home") + 1]) / "bin" / "java"
    text = java.read_text().replace('base = next(', 'sys.exit(3) if "start" in args else None\nbase = next(')
    java.write_text(text)
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=90)
    assert time.monotonic() - started < 60
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "real_om: the OpenMeetings JVM exited (code 3) before "
        + done.stderr.split(" before ", 1)[1].strip()]
    assert "/openmeetings/services/info/version answered" in done.stderr
    shutil.rmtree(home, ignore_errors=True)

