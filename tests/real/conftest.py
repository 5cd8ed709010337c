"""Real OpenMeetings servers for the ``real_om`` tests: one per version for the session.

``OM_REAL_VERSIONS=9.1.0,7.2.0 pytest -m real_om`` starts ``tools/real_om.py serve`` once
per version (resolving and installing as needed, see docs/real-servers.md) and stops it at
the end. ``OM_REAL_URL_<v>`` (e.g. ``OM_REAL_URL_9_1_0=http://127.0.0.1:5080/openmeetings``)
uses a server that already runs instead; its admin is ``OM_REAL_ADMIN`` (default ``admin``)
with the password in ``OM_REAL_ADMIN_PASSWORD`` (default the harness's test password).

Without ``-m real_om`` (or any ``-m`` naming it) these tests are deselected, so the default
run never starts a JVM. A server that cannot be had fails the tests with the harness's line.
"""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tools" / "real_om.py"
sys.path.insert(0, str(ROOT / "tools"))
import real_om  # noqa: E402

START_TIMEOUT = float(os.environ.get("OM_REAL_START_TIMEOUT", "1800"))


@dataclass
class RealServer:
    version: str
    base: str
    user: str
    password: str
    started_in: float


def versions() -> List[str]:
    return [v.strip() for v in os.environ.get("OM_REAL_VERSIONS", "9.1.0").split(",") if v.strip()]


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    if "real_om" in (config.getoption("markexpr") or ""):
        return
    real = [i for i in items if i.get_closest_marker("real_om")]
    if real:
        config.hook.pytest_deselected(items=real)
        items[:] = [i for i in items if not i.get_closest_marker("real_om")]


def _start(version: str) -> Iterator[RealServer]:
    user = os.environ.get("OM_REAL_ADMIN", "admin")
    password = os.environ.get("OM_REAL_ADMIN_PASSWORD", real_om.DEFAULT_PASSWORD)
    url = os.environ.get("OM_REAL_URL_" + version.replace(".", "_"))
    if url:
        yield RealServer(version, url.rstrip("/"), user, password, 0.0)
        return
    env = dict(os.environ, OM_REAL_ADMIN_PASSWORD=password)
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(HARNESS), "serve", "--om-version", version, "--port", "0",
                             "--admin-user", user, "--admin-password-env", "OM_REAL_ADMIN_PASSWORD"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        deadline = time.monotonic() + START_TIMEOUT
        line = ""
        while time.monotonic() < deadline and not line:
            ready, _, _ = select.select([proc.stdout], [], [], 5.0)
            if ready:
                line = proc.stdout.readline()
                if not line:  # the harness exited
                    break
        if not line.startswith("READY "):
            proc.kill() if proc.poll() is None else None
            err = proc.stderr.read().strip().splitlines()
            pytest.fail("OpenMeetings %s did not start: %s" % (version, (err or [line or "no READY line"])[-1]),
                        pytrace=False)
        yield RealServer(version, line.split()[1], user, password, time.monotonic() - t0)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(120)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session", params=versions())
def real_server(request: pytest.FixtureRequest) -> Iterator[RealServer]:
    yield from _start(request.param)
