"""Benchmarks against a real OpenMeetings: ``python benchmarks/run.py --real 9.1.0 [--war PATH]``.

The server is started through ``tools/real_om.py serve`` (see docs/real-servers.md; ``--war``
and ``--tomcat-version`` are passed on, ``OM_REAL_WAR_<v>``/``OM_REAL_TOMCAT_<v>`` work as
there) and stopped at the end, or an already running one is used (``--real-url URL``, its admin
``OM_REAL_ADMIN``/``OM_REAL_ADMIN_PASSWORD`` as for the real_om tests). Measured in one run:

- wall time per call of ``login`` and ``getRoomHash`` for the SOAP facade
  (``OpenMeetingsClient``), the REST twin (``RestClient``) and the floor (a hand-written
  envelope posted with requests and its answer read with lxml); rounds are interleaved and the
  median kept, so a slow moment of the server hits every contender alike;
- throughput, login + getRoomHash pairs per second, at 1/4/16 threads: one shared SOAP
  facade, one shared REST twin, and the floor with a requests.Session per thread.

Here the server's own work (the JVM, H2, the session and hash records) dominates every call,
so the ratios say how much of a real call the client adds, not the client's cost alone (the
in-process table of ``run.py`` says that).
"""
from __future__ import annotations

import json
import os
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import requests
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tools" / "real_om.py"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "http://webservice.openmeetings.apache.org/"
THREADS = [1, 4, 16]
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class RealServer:
    """``tools/real_om.py serve`` in a subprocess (or a server given by URL)."""

    def __init__(self, version: str, war: Optional[str], tomcat: Optional[str], url: Optional[str],
                 timeout: float = 1800.0) -> None:
        self.version = version
        self.proc: Optional[subprocess.Popen] = None
        self.user = os.environ.get("OM_REAL_ADMIN", "admin")
        sys.path.insert(0, str(ROOT / "tools"))
        import real_om  # noqa: E402 - the harness's module, for its default password

        self.password = os.environ.get("OM_REAL_ADMIN_PASSWORD", real_om.DEFAULT_PASSWORD)
        self.started_in = 0.0
        if url:
            self.url = url.rstrip("/")
            return
        cmd = [sys.executable, str(HARNESS), "serve", "--om-version", version, "--port", "0",
               "--admin-user", self.user, "--admin-password-env", "OM_REAL_ADMIN_PASSWORD"]
        if war:
            cmd += ["--war", war]
        if tomcat:
            cmd += ["--tomcat-version", tomcat]
        t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=dict(os.environ, OM_REAL_ADMIN_PASSWORD=self.password))
        assert self.proc.stdout is not None and self.proc.stderr is not None
        line, deadline = "", time.monotonic() + timeout
        while time.monotonic() < deadline and not line:
            ready, _, _ = select.select([self.proc.stdout], [], [], 5.0)
            if ready:
                line = self.proc.stdout.readline()
                if not line:
                    break
        if not line.startswith("READY "):
            self.stop()
            err = self.proc.stderr.read().strip().splitlines()
            raise SystemExit("OpenMeetings %s did not start: %s" % (version, (err or [line or "no READY line"])[-1]))
        self.url = line.split()[1].rstrip("/")
        self.started_in = time.monotonic() - t0

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the harness stops the JVM cleanly
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _envelope(op: str, inner: str) -> bytes:
    return (f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body><ns:{op} xmlns:ns="{TNS}">{inner}</ns:{op}>'
            "</soap:Body></soap:Envelope>").encode()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml(d: Dict[str, Any]) -> str:
    return "".join(f"<{k}>{str(v).lower() if isinstance(v, bool) else _esc(str(v))}</{k}>" for k, v in d.items())


def floor_call(session: requests.Session, url: str, body: bytes) -> str:
    """Post a ready envelope, parse the answer with lxml, read return/message."""
    r = session.post(url, data=body, headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": '""'},
                     timeout=(5, 60))
    root = etree.fromstring(r.content, _PARSER)
    return root.findtext(f"{{{ENV}}}Body/*/return/message") or ""


class Contenders:
    """The three ways of calling one real server, each with its own session (SID)."""

    def __init__(self, server: RealServer, cache: str) -> None:
        from om_soap.client import OpenMeetingsClient
        from om_soap.rest import RestClient

        self.server = server
        creds = (server.user, server.password)
        self.soap = OpenMeetingsClient(server.url, cache_dir=cache, credentials=creds, timeout=60)
        self.rest = RestClient(server.url, credentials=creds, timeout=60)
        self.endpoint = f"{server.url}/services/UserService"
        self.login_body = _envelope("login", f"<user>{_esc(server.user)}</user><pass>{_esc(server.password)}</pass>")
        self.soap_sid = self.soap.login(*creds).message
        self.rest_sid = self.rest.login(*creds).message
        rooms = self.soap.public_rooms("CONFERENCE").to_rest()["roomDTO"]
        room = int((rooms if isinstance(rooms, list) else [rooms])[0]["id"])
        self.user = {"login": "bench", "firstname": "Bench", "lastname": "Mark", "externalId": "bench-1",
                     "externalType": "omsoapbench"}
        self.options = {"roomId": room, "moderator": False}
        self.floor_session = requests.Session()
        self.floor_sid = floor_call(self.floor_session, self.endpoint, self.login_body)
        if not (self.soap_sid and self.rest_sid and self.floor_sid):
            raise SystemExit("login failed on %s" % server.url)
        self.floor_hash_body = self.hash_body(self.floor_sid)

    def hash_body(self, sid: str) -> bytes:
        return _envelope("getRoomHash", f"<sid>{sid}</sid><user>{_xml(self.user)}</user>"
                                        f"<options>{_xml(self.options)}</options>")

    def per_call(self) -> Dict[str, Dict[str, Callable[[], Any]]]:
        creds = (self.server.user, self.server.password)

        def checked(result: Any) -> Any:
            if isinstance(result, str):
                ok = bool(result)
            else:
                ok = bool(getattr(result, "ok", False))
            if not ok:
                raise RuntimeError("the server refused a call")
            return result

        return {
            "login": {
                "soap": lambda: checked(self.soap.login(*creds)),
                "rest": lambda: checked(self.rest.login(*creds)),
                "floor": lambda: checked(floor_call(self.floor_session, self.endpoint, self.login_body)),
            },
            "getRoomHash": {
                "soap": lambda: checked(self.soap.get_room_hash(self.user, self.options, sid=self.soap_sid)),
                "rest": lambda: checked(self.rest.get_room_hash(self.user, self.options, sid=self.rest_sid)),
                "floor": lambda: checked(floor_call(self.floor_session, self.endpoint, self.floor_hash_body)),
            },
        }

    def pairs(self) -> Dict[str, Tuple[Callable[[Any], None], bool]]:
        creds = (self.server.user, self.server.password)

        def soap_pair(_: Any) -> None:
            sid = self.soap.login(*creds).message
            if not self.soap.get_room_hash(self.user, self.options, sid=sid).ok:
                raise RuntimeError("getRoomHash failed")

        def rest_pair(_: Any) -> None:
            sid = self.rest.login(*creds).message
            if not self.rest.get_room_hash(self.user, self.options, sid=sid).ok:
                raise RuntimeError("getRoomHash failed")

        def floor_pair(session: requests.Session) -> None:
            sid = floor_call(session, self.endpoint, self.login_body)
            if not floor_call(session, self.endpoint, self.hash_body(sid)):
                raise RuntimeError("getRoomHash failed")

        return {"soap": (soap_pair, False), "rest": (rest_pair, False), "floor": (floor_pair, True)}


def drive(fn: Callable[[Any], None], threads: int, total: int, own_session: bool) -> Tuple[float, int, str]:
    per = max(1, total // threads)
    errors: List[str] = []
    barrier = threading.Barrier(threads + 1)

    def work() -> None:
        session = requests.Session() if own_session else None
        barrier.wait(60)
        for _ in range(per):
            try:
                fn(session)
            except Exception as exc:  # noqa: BLE001 - counted, the first one shown
                errors.append(f"{type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    barrier.wait(60)
    t0 = time.perf_counter()
    for w in workers:
        w.join(600)
    elapsed = time.perf_counter() - t0
    if any(w.is_alive() for w in workers):
        errors.append("workers still running after 600 s")
    return per * threads / elapsed, len(errors), (errors[0][:200] if errors else "")


def measure(server: RealServer, iterations: int, rounds: int, total: int) -> Dict[str, Any]:
    data: Dict[str, Any] = {"version": server.version, "started_in_s": server.started_in, "given_url": server.proc is None,
                            "iterations": iterations, "rounds": rounds, "threads": THREADS, "calls": {},
                            "throughput": {}}
    data["load_before"] = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as cache:
        c = Contenders(server, cache)
        data["detected"] = str(c.soap.version())
        for op, fns in c.per_call().items():
            samples: Dict[str, List[float]] = {name: [] for name in fns}
            for _ in range(rounds):
                for name, fn in fns.items():
                    fn()  # warm-up
                    t0 = time.perf_counter()
                    for _ in range(iterations):
                        fn()
                    samples[name].append((time.perf_counter() - t0) / iterations * 1000)
            data["calls"][op] = {name: {"wall_ms": statistics.median(v), "min_ms": min(v)}
                                 for name, v in samples.items()}
        for threads in THREADS:
            for name, (fn, own) in c.pairs().items():
                print(f"  throughput {name} x{threads} ...", flush=True)
                rate, errors, first = drive(fn, threads, total, own)
                data["throughput"][f"{name}/{threads}"] = {"pairs_per_s": rate, "errors": errors, "first_error": first}
    data["load_after"] = os.getloadavg()[0]
    return data


def report(data: Dict[str, Any], command: str) -> str:
    v = data["version"]
    lines = [f"## real {v}", "",
             f"- command: `{command}`",
             f"- server: OpenMeetings {v} (detected by the client: {data['detected']}), "
             + ("already running (--real-url)" if data["given_url"] else
                f"started through tools/real_om.py (READY in {data['started_in_s']:.0f} s)")
             + " on loopback; client and server on the same machine",
             f"- when: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}"
             + (f"; load average {data['load_before']:.1f} before, {data['load_after']:.1f} after"
                if "load_before" in data else ""), "",
             "### Wall time per call", "",
             "| operation | SOAP facade ms | REST twin ms | floor ms | facade/REST | facade/floor | REST/floor |",
             "|---|---|---|---|---|---|---|"]
    for op, row in data["calls"].items():
        s, r, f = (row[k]["wall_ms"] for k in ("soap", "rest", "floor"))
        lines.append(f"| {op} | {s:.2f} | {r:.2f} | {f:.2f} | {s / r:.2f} | {s / f:.2f} | {r / f:.2f} |")
    lines += ["", f"Median of {data['rounds']} interleaved rounds of {data['iterations']} calls each, one"
              " session (SID) per contender; the floor posts a ready envelope with requests and reads"
              " the answer with lxml. A real login costs the server about 0.4 s (it hashes the"
              " password), so the login ratios stay near 1 whatever the client does; getRoomHash"
              " shows the client's share.", "",
              "### Throughput (login + getRoomHash pairs per second)", "",
              "| threads | SOAP facade | REST twin | floor | facade/floor | REST/floor | errors |",
              "|---|---|---|---|---|---|---|"]
    tp = data["throughput"]
    for threads in data["threads"]:
        s, r, f = (tp[f"{k}/{threads}"] for k in ("soap", "rest", "floor"))
        errors = s["errors"] + r["errors"] + f["errors"]
        lines.append(f"| {threads} | {s['pairs_per_s']:.1f}/s | {r['pairs_per_s']:.1f}/s | {f['pairs_per_s']:.1f}/s"
                     f" | {s['pairs_per_s'] / f['pairs_per_s']:.2f} | {r['pairs_per_s'] / f['pairs_per_s']:.2f}"
                     f" | {errors} |")
    firsts = sorted({x["first_error"] for x in tp.values() if x["first_error"]})
    lines += ["", "One shared client per contender (the floor: a requests.Session per thread); the real"
              " server and the client share this machine's CPUs, so these are the figures of a loopback"
              " deployment, not of the client alone."]
    if firsts:
        lines += ["", "First errors: " + "; ".join(firsts)]
    return "\n".join(lines) + "\n"


def write(out: str, version: str, text: str, data: Dict[str, Any]) -> List[Path]:
    """Put the section into OUT/RESULTS.md (replacing an earlier ``## real <version>`` section,
    keeping the rest) and the figures into OUT/results-real-<version>.json."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    md = folder / "RESULTS.md"
    old = md.read_text(encoding="utf-8") if md.is_file() else ""
    head = f"## real {version}\n"
    if head in old:
        before, _, rest = old.partition(head)
        nxt = rest.find("\n## ")
        after = rest[nxt + 1:] if nxt >= 0 else ""
        new = before + text + ("\n" + after if after else "")
    else:
        new = (old.rstrip("\n") + "\n\n" if old else "") + text
    md.write_text(new, encoding="utf-8")
    js = folder / f"results-real-{version}.json"
    js.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return [md, js]


def main(version: str, war: Optional[str], tomcat: Optional[str], url: Optional[str], quick: bool,
         out: Optional[str], command: str) -> int:
    print(f"real OpenMeetings {version}: {'using ' + url if url else 'starting through tools/real_om.py'} ...",
          flush=True)
    server = RealServer(version, war, tomcat, url)
    try:
        print(f"  at {server.url}; measuring ...", flush=True)
        # A real login costs about half a second (the server hashes the password), so the
        # counts are small; quick: under 2 minutes, full: about 5.
        data = measure(server, iterations=4 if quick else 10, rounds=3 if quick else 5,
                       total=16 if quick else 48)
    finally:
        server.stop()
    text = report(data, command)
    print()
    print(text)
    if out:
        for path in write(out, version, text, data):
            print(f"written: {path}")
    return 1 if any(v["errors"] for v in data["throughput"].values()) else 0
