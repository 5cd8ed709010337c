"""Helpers for the tests that drive the fake with SOAP clients om-soap did not write
(suds-community, a wsimport-generated JAX-WS RI client, PHP's SoapClient and curl).

A missing tool skips its tests with the reason, unless ``OM_SOAP_REQUIRE_EXTERNAL=1`` is set
(CI sets it after ``.ci/install-foreign``): then a missing tool fails the test, so that a
broken install cannot turn the foreign-client tests into silent skips.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional, Sequence

import pytest
import requests

HERE = Path(__file__).resolve().parent
JAVA_SOURCES = HERE / "java"
PHP_SOURCES = HERE / "php"
#: The JAX-WS RI runtime of Debian's libjaxws-java: its manifest Class-Path names the rest
#: (JAXB, SAAJ, stax-ex, ...), so this one jar is the whole run-time class path.
JAXWS_RT = Path("/usr/share/java/jaxws-rt.jar")
#: Every external command gets this long at most; nothing a test runs may hang.
COMMAND_TIMEOUT = 300


def required() -> bool:
    return os.environ.get("OM_SOAP_REQUIRE_EXTERNAL", "").strip() not in ("", "0")


def unavailable(reason: str) -> None:
    """Skip (or, with OM_SOAP_REQUIRE_EXTERNAL=1, fail) because a foreign client is missing."""
    hint = " (install it with .ci/install-foreign)"
    if required():
        pytest.fail(f"OM_SOAP_REQUIRE_EXTERNAL=1 but {reason}{hint}", pytrace=False)
    pytest.skip(reason + hint)


def tool(name: str) -> str:
    """The path of executable ``name``, or skip/fail naming it."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not on PATH")
    assert path is not None
    return path


def jaxws_runtime() -> Path:
    if not JAXWS_RT.is_file():
        unavailable(f"the JAX-WS RI runtime {JAXWS_RT} is missing (Debian package libjaxws-java)")
    return JAXWS_RT


def php_extension(name: str) -> None:
    """Skip/fail unless PHP has extension ``name`` (soap, curl)."""
    php = tool("php")
    out = run([php, "-m"]).stdout
    if name not in {line.strip().lower() for line in out.splitlines()}:
        unavailable(f"PHP has no {name} extension (Debian package php-{name})")


def run(argv: Sequence[str], *, cwd: Optional[Path] = None, check: bool = True,
        env: Optional[dict] = None) -> subprocess.CompletedProcess:
    """Run a foreign tool with a deadline; on failure, fail with its output (never hang)."""
    try:
        done = subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True,
                              timeout=COMMAND_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{argv[0]} did not finish in {COMMAND_TIMEOUT} s: {' '.join(map(str, argv))}")
    if check and done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, argv))} exited {done.returncode}\n--- stdout\n{done.stdout}"
                    f"\n--- stderr\n{done.stderr}", pytrace=False)
    return done


def enter(fake_url: str, version: str, secure: str) -> dict:
    """Open the room entry page with ``secure`` as a browser would; what the fake says entered.

    The page: ``<ctx>/swf?secureHash=`` up to 3.1 (NoVersionMapper("swf", SwfPage.class) in
    Application.java @ 3.1.2), ``<ctx>/hash?secure=`` from 3.2.0 (NoVersionMapper(HASH_MAPPING,
    HashPage.class) in Application.java @ 3.2.0RC1).
    """
    page, param = ("swf", "secureHash") if version in ("3.0", "3.1") else ("hash", "secure")
    r = requests.get(f"{fake_url}/{page}", params={param: secure},
                     headers={"Accept": "application/json"}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["entered"]
