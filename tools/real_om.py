#!/usr/bin/env python3
"""Run a real Apache OpenMeetings on loopback, as the peer of the real-server tests.

    python tools/real_om.py serve --om-version 9.1.0 [--port 0] [--admin-user admin]
        [--admin-password-env VAR] [--war PATH] [--tomcat-version V] [--record DIR]

What ``serve`` does:

1. Resolves ``org.apache.openmeetings:openmeetings-web:<v>:war`` and
   ``org.apache.tomcat:tomcat:<tomcat>:zip`` with Maven (``mvn dependency:copy``: cached in the
   local Maven repository and in ``~/.cache/om-soap/real/<v>/downloads``, so a second start
   downloads nothing). ``--war PATH`` (or ``OM_REAL_WAR_<v>`` with the dots as underscores,
   e.g. ``OM_REAL_WAR_9_1_0``) takes a war (or an exploded war directory) you already have.
2. Unpacks Tomcat into ``~/.cache/om-soap/real/<v>/server``, the war into
   ``webapps/openmeetings``, and writes its own ``conf/server.xml``: one HTTP connector on
   127.0.0.1 and the chosen port (0 = a free one), no shutdown port, no AJP, no TLS.
3. Installs OpenMeetings with its own command-line installer
   (``org.apache.openmeetings.cli.Admin -i``, the class ``admin.sh`` runs) on the embedded
   database of the release (H2 from 5.0, Derby before). A second ``serve`` reuses it.
4. Starts Tomcat's JVM, waits until ``services/info/version`` answers, prints
   ``READY http://127.0.0.1:<port>/openmeetings`` as the first line on stdout, and runs until
   SIGTERM/SIGINT, then stops the JVM (Tomcat's own shutdown hook) and exits 0.

When an artifact cannot be had, it exits 2 with one line naming the artifact, Maven's error
and the ``--war`` way out. Nothing here talks to anything but Maven and loopback.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple


@dataclass(frozen=True)
class Release:
    tomcat: str      # <tomcat.version> in the tag's root pom.xml
    jdk: int         # <jdk.version> (<javaVersion> at 9.x) in the tag's root pom.xml; 1.8 -> 8
    db: str          # the embedded database the installer is told to use


#: Read from each tag's root pom.xml (git show <tag>:pom.xml): tomcat.version, jdk.version.
#: 3.x is absent on purpose: before 4.0 OpenMeetings ran inside Red5, not as a war on Tomcat.
RELEASES: Dict[str, Release] = {
    "4.0.11": Release(tomcat="9.0.37", jdk=8, db="derby"),   # pom.xml @ 4.0.11: 9.0.37, 1.8, derby
    "5.1.0": Release(tomcat="9.0.40", jdk=11, db="h2"),      # pom.xml @ 5.1.0: 9.0.40, 11, h2 1.4.200
    "6.3.0": Release(tomcat="9.0.62", jdk=11, db="h2"),      # pom.xml @ 6.3.0: 9.0.62, 11
    "7.2.0": Release(tomcat="9.0.84", jdk=17, db="h2"),      # pom.xml @ 7.2.0: 9.0.84, 17
    "8.1.0": Release(tomcat="11.0.11", jdk=17, db="h2"),     # pom.xml @ 8.1.0: 11.0.11, 17
    "9.1.0": Release(tomcat="11.0.23", jdk=21, db="h2"),     # pom.xml @ 9.1.0: 11.0.23, javaVersion 21
}

#: The JVM options admin.sh sets (openmeetings-server/src/main/assembly/scripts/admin.sh @ 9.1.0).
JDK_OPENS = (
    "--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED "
    "--add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED "
    "--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED "
    "--add-exports java.base/jdk.internal.ref=ALL-UNNAMED"
)
#: The embedded Hazelcast member (hazelcast.xml in WEB-INF/classes @ 9.1.0) binds 5701 on every
#: address by default: keep it on loopback and stop it phoning home.
HAZELCAST_LOOPBACK = ("-Dhazelcast.socket.bind.any=false", "-Dhazelcast.local.localAddress=127.0.0.1",
                      "-Dhazelcast.phone.home.enabled=false")
CONTEXT = "openmeetings"
DEFAULT_PASSWORD = "Real-Om-Adm1n!"  # loopback test server only; override with --admin-password-env
JVM_ROOT = Path("/usr/lib/jvm")


class HarnessError(Exception):
    """One line for the user; serve() prints it and exits non-zero."""


# --------------------------------------------------------------------------- arguments

def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="real_om.py", description="run a real OpenMeetings on loopback")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="resolve, install, start; print READY <base>; run until SIGTERM")
    s.add_argument("--om-version", required=True, help="release, e.g. 9.1.0 (one of %s)" % ", ".join(RELEASES))
    s.add_argument("--port", type=int, default=0, help="loopback port; 0 picks a free one")
    s.add_argument("--admin-user", default="admin")
    s.add_argument("--admin-password-env", default=None,
                   help="environment variable holding the admin password (default: a fixed test password)")
    s.add_argument("--war", default=None, help="a war file or exploded war directory you already have")
    s.add_argument("--tomcat-version", default=None,
                   help="override the tag's tomcat.version (or OM_REAL_TOMCAT_<v>, e.g. OM_REAL_TOMCAT_9_1_0)")
    s.add_argument("--java-home", default=None, help="JDK to run on (default: the lowest in %s that fits)" % JVM_ROOT)
    s.add_argument("--home", default=None, help="cache folder (default ~/.cache/om-soap/real/<version>)")
    s.add_argument("--fresh", action="store_true", help="wipe the installation first")
    s.add_argument("--start-timeout", type=float, default=900.0)
    s.add_argument("--record", default=None, metavar="DIR",
                   help="after READY, record the scripted session (tools/om_transcripts.py) into DIR, then stop")
    s.add_argument("--record-wsdl", default=None, metavar="DIR",
                   help="with --record: also capture every ?wsdl and the WADL into DIR")
    sub.add_parser("versions", help="print the version table")
    a = p.parse_args(argv)
    if a.command == "serve":
        if a.om_version not in RELEASES:
            p.error("unknown --om-version %s: known %s" % (a.om_version, ", ".join(RELEASES)))
        if not 0 <= a.port <= 65535:
            p.error("--port must be 0..65535")
        if a.admin_password_env and a.admin_password_env not in os.environ:
            p.error("--admin-password-env %s: that variable is not set" % a.admin_password_env)
    return a


def admin_password(args: argparse.Namespace) -> str:
    return os.environ[args.admin_password_env] if args.admin_password_env else DEFAULT_PASSWORD


def war_from_env(version: str) -> Optional[str]:
    return os.environ.get("OM_REAL_WAR_" + version.replace(".", "_"))


# --------------------------------------------------------------------------- JDK

def jdk_major(java_home: Path) -> Optional[int]:
    release = java_home / "release"
    try:
        text = release.read_text()
    except OSError:
        return None
    m = re.search(r'^JAVA_VERSION="(\d+)(?:\.(\d+))?', text, re.M)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def choose_jdk(required: int, root: Path = JVM_ROOT) -> Path:
    """The JDK with the lowest major version >= required under root (symlinks skipped)."""
    found: List[Tuple[int, Path]] = []
    if root.is_dir():
        for d in sorted(root.iterdir()):
            if d.is_symlink() or not (d / "bin" / "java").exists():
                continue
            major = jdk_major(d)
            if major is not None and major >= required:
                found.append((major, d))
    if not found:
        raise HarnessError("no JDK %d or newer under %s (pass --java-home)" % (required, root))
    return min(found)[1]


# --------------------------------------------------------------------------- Maven

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MAVEN_ERROR = re.compile(r"(Could not (?:find|resolve|transfer) artifact [^\n]*|"
                          r"[\w.-]+:[\w.-]+:\w+:[\w.-]+ was not found in [^\n]*|"
                          r"Failed to read artifact descriptor[^\n]*|"
                          r"Non-resolvable [^\n]*)")


def maven_error_line(output: str) -> str:
    output = _ANSI.sub("", output)
    m = _MAVEN_ERROR.search(output)
    if m:
        return re.sub(r"\s+", " ", m.group(1)).split(" -> [Help")[0].strip().rstrip(":")
    lines = [ln for ln in output.splitlines() if "[ERROR]" in ln and ln.strip() != "[ERROR]"]
    return re.sub(r"\s+", " ", lines[0].replace("[ERROR]", "")).strip() if lines else "mvn failed"


def mvn_copy(coords: str, dest: Path, war_hint: str) -> Path:
    """``mvn dependency:copy`` of coords (g:a:v:type) into dest; the file, or HarnessError."""
    group, artifact, version, kind = coords.split(":")
    target = dest / ("%s-%s.%s" % (artifact, version, kind))
    if target.is_file():
        return target
    dest.mkdir(parents=True, exist_ok=True)
    mvn = shutil.which("mvn")
    if not mvn:
        raise HarnessError("cannot resolve %s: mvn is not on PATH; %s" % (coords, war_hint))
    cmd = [mvn, "-B", "-q", "-U", "-Dstyle.color=never", "dependency:copy",
           "-Dartifact=" + coords, "-DoutputDirectory=" + str(dest), "-Dmdep.overWriteIfNewer=true"]
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=1800, cwd=str(dest))
    except subprocess.TimeoutExpired:
        raise HarnessError("cannot resolve %s: mvn did not finish in 30 minutes; %s" % (coords, war_hint)) from None
    if done.returncode != 0 or not target.is_file():
        raise HarnessError("cannot resolve %s: %s; %s" % (coords, maven_error_line(done.stdout), war_hint))
    return target


# --------------------------------------------------------------------------- installation

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_xml(port: int) -> str:
    """Tomcat's conf/server.xml: loopback HTTP only, no shutdown port, no AJP, no TLS."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- written by om-soap tools/real_om.py: loopback only -->
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener" />
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />
  <Listener className="org.apache.catalina.mbeans.GlobalResourcesLifecycleListener" />
  <Service name="Catalina">
    <Connector address="127.0.0.1" port="{port}" protocol="HTTP/1.1"
               connectionTimeout="20000" maxPostSize="1073741824" />
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
"""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    if path.is_dir():
        h.update(str(path.resolve()).encode())
        return h.hexdigest()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def unpack_tomcat(zip_path: Path, server: Path) -> None:
    tmp = Path(tempfile.mkdtemp(dir=str(server.parent)))
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(tmp)
    tops = [p for p in tmp.iterdir()]
    root = tops[0] if len(tops) == 1 and tops[0].is_dir() else tmp
    shutil.move(str(root), str(server))
    shutil.rmtree(tmp, ignore_errors=True)
    for sh in (server / "bin").glob("*.sh"):
        sh.chmod(0o755)
    webapps = server / "webapps"
    for name in ("ROOT", "docs", "examples", "host-manager", "manager"):
        shutil.rmtree(webapps / name, ignore_errors=True)
    webapps.mkdir(exist_ok=True)


def unpack_war(war: Path, app: Path) -> None:
    if war.is_dir():
        shutil.copytree(war, app)
    else:
        with zipfile.ZipFile(war) as z:
            z.extractall(app)


def java_env(java_home: Path) -> Dict[str, str]:
    env = dict(os.environ)
    env["JAVA_HOME"] = str(java_home)
    env["JDK_JAVA_OPTIONS"] = JDK_OPENS if (jdk_major(java_home) or 9) >= 9 else ""
    if not env["JDK_JAVA_OPTIONS"]:
        del env["JDK_JAVA_OPTIONS"]
    return env


def install(server: Path, java_home: Path, release: Release, user: str, password: str, log: Path) -> None:
    """OpenMeetings' own installer: org.apache.openmeetings.cli.Admin -i (admin.sh's class path)."""
    webinf = server / "webapps" / CONTEXT / "WEB-INF"
    cp = os.pathsep.join([str(server / "lib" / "*"), str(webinf / "lib" / "*"), str(webinf), str(webinf / "classes")])
    cmd = [str(java_home / "bin" / "java"), *HAZELCAST_LOOPBACK, "-cp", cp, "-Dom_home=" + str(server), "-Dcontext=" + CONTEXT,
           "org.apache.openmeetings.cli.Admin", "-i", "-v", "-user", user, "-email", user + "@loopback.invalid",
           "-group", "admins", "-tz", "Europe/Berlin", "--password", password, "--db-type", release.db]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        done = subprocess.run(cmd, cwd=str(server), env=java_env(java_home), stdout=out,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=1800)
    if done.returncode != 0:
        lines = log.read_text(errors="replace").strip().splitlines()
        causes = [ln.strip() for ln in lines if ln.startswith("Caused by") or "Exception:" in ln]
        tail = causes[-1:] or lines[-1:] or ["no output"]
        raise HarnessError("the OpenMeetings installer failed (exit %d): %s; full log %s"
                           % (done.returncode, tail[0].replace(password, "***")[:300], log))


def prepare(args: argparse.Namespace) -> Tuple[Path, Path, Release]:
    """Resolve, unpack and install as needed; (server dir, java home, release)."""
    version = args.om_version
    release = RELEASES[version]
    home = Path(args.home or Path.home() / ".cache" / "om-soap" / "real" / version).expanduser()
    if args.fresh:
        shutil.rmtree(home / "server", ignore_errors=True)
    home.mkdir(parents=True, exist_ok=True)
    tomcat_version = args.tomcat_version or os.environ.get("OM_REAL_TOMCAT_" + version.replace(".", "_")) \
        or release.tomcat
    hint = ("give a war you have with --war PATH or OM_REAL_WAR_%s=PATH (and --tomcat-version V for "
            "another Tomcat %s.x)" % (version.replace(".", "_"), tomcat_version.split(".")[0]))
    war_arg = args.war or war_from_env(version)
    if war_arg:
        war = Path(war_arg).expanduser()
        if not war.exists():
            raise HarnessError("--war %s: no such file or directory" % war)
    else:
        war = mvn_copy("org.apache.openmeetings:openmeetings-web:%s:war" % version, home / "downloads", hint)
    tomcat_zip = mvn_copy("org.apache.tomcat:tomcat:%s:zip" % tomcat_version, home / "downloads", hint)
    java_home = Path(args.java_home) if args.java_home else choose_jdk(release.jdk)
    server = home / "server"
    marker = server / "om-soap-installed.json"
    wanted = {"version": version, "war": sha256_of(war), "tomcat": tomcat_version, "user": args.admin_user,
              "password_sha256": hashlib.sha256(admin_password(args).encode()).hexdigest()}
    if marker.is_file():
        try:
            have = json.loads(marker.read_text())
        except ValueError:
            have = {}
        if have == wanted:
            return server, java_home, release
        shutil.rmtree(server)  # another war, Tomcat or admin: install afresh
    elif server.exists():
        shutil.rmtree(server)  # a half-done installation
    unpack_tomcat(tomcat_zip, server)
    unpack_war(war, server / "webapps" / CONTEXT)
    (server / "conf" / "server.xml").write_text(server_xml(8080))
    install(server, java_home, release, args.admin_user, admin_password(args), server / "logs" / "om-install.log")
    marker.write_text(json.dumps(wanted, indent=1))
    return server, java_home, release


# --------------------------------------------------------------------------- running

def start_tomcat(server: Path, java_home: Path, port: int) -> subprocess.Popen:
    (server / "conf" / "server.xml").write_text(server_xml(port))
    (server / "temp").mkdir(exist_ok=True)
    (server / "logs").mkdir(exist_ok=True)
    cp = os.pathsep.join([str(server / "bin" / "bootstrap.jar"), str(server / "bin" / "tomcat-juli.jar")])
    cmd = [str(java_home / "bin" / "java"), "-Xmx2g",
           "-Djava.util.logging.config.file=" + str(server / "conf" / "logging.properties"),
           "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
           "-Dcatalina.home=" + str(server), "-Dcatalina.base=" + str(server),
           "-Djava.io.tmpdir=" + str(server / "temp"), "-Djava.awt.headless=true",
           *HAZELCAST_LOOPBACK,
           "-cp", cp, "org.apache.catalina.startup.Bootstrap", "start"]
    out = (server / "logs" / "om-soap-tomcat.out").open("ab")
    return subprocess.Popen(cmd, cwd=str(server), env=java_env(java_home), stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def wait_ready(base: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    url = base + "/services/info/version"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise HarnessError("the OpenMeetings JVM exited (code %s) before %s answered" % (proc.returncode, url))
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # loopback only
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(1.0)
    raise HarnessError("%s did not answer within %.0f s" % (url, timeout))


def stop(proc: subprocess.Popen, grace: float = 60.0) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # Tomcat's shutdown hook stops the webapp cleanly
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serve(args: argparse.Namespace) -> int:
    stopping = []

    def on_signal(signum: int, frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    t0 = time.monotonic()
    proc = None
    try:
        server, java_home, _ = prepare(args)
        port = args.port or free_port()
        base = "http://127.0.0.1:%d/%s" % (port, CONTEXT)
        proc = start_tomcat(server, java_home, port)
        wait_ready(base, proc, args.start_timeout)
        print("READY " + base, flush=True)
        print("started in %.1f s (JDK %s, logs in %s)" % (time.monotonic() - t0, java_home.name, server / "logs"),
              file=sys.stderr, flush=True)
        if args.record:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import om_transcripts  # noqa: E402  (tools/ sibling)

            om_transcripts.record(base, args.om_version, args.admin_user, admin_password(args), Path(args.record),
                                  Path(args.record_wsdl) if args.record_wsdl else None)
            return 0
        while not stopping and proc.poll() is None:
            time.sleep(0.5)
        if proc.poll() is not None and not stopping:
            print("real_om: the OpenMeetings JVM exited with code %s" % proc.returncode, file=sys.stderr)
            return 1
        return 0
    except HarnessError as e:
        print("real_om: " + str(e), file=sys.stderr, flush=True)
        return 2
    finally:
        if proc is not None:
            stop(proc)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    if args.command == "versions":
        for v, r in RELEASES.items():
            print("%-7s tomcat %-8s jdk %-3s %s" % (v, r.tomcat, r.jdk, r.db))
        return 0
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
