"""Suite-wide secrets guard: no test may leave a password, SID or room hash in full in a
log record or in the text of an om-soap exception (the design's first rule).

Why here and not in each test: a leak is a property of the library, whatever a test
exercises, so every test is checked. How, cheaply:

- a logging handler on the root logger scans each record that logging lets through (the
  levels the test enabled, e.g. with ``caplog.set_level``) for a full UUID (SIDs and hashes
  are UUIDs) and for the suite's known test passwords;
- :class:`om_soap.errors.OpenMeetingsError` is checked as it is built, so errors that a
  test catches with ``pytest.raises`` are scanned too, not only uncaught ones.

A test that deliberately handles a secret in a log carries ``@pytest.mark.secret_leak_expected``:
the guard then *requires* a finding, which is how the suite proves the guard works.
Set ``OM_SOAP_GUARD_DEBUG=1`` to also turn the ``om_soap`` loggers to DEBUG during every test
(slower; it exercises the scrubbing of every envelope and URL that is logged); ``.ci/run`` does.

The suite cannot pass by skipping in CI: a test skipped because something outside the
repository is missing (``tests/reference.py``: the shared reference folder, the openssl
command) fails instead when ``OM_SOAP_REQUIRE_EXTERNAL=1``. Either way the summary says how
many tests were skipped and why.
"""
from __future__ import annotations

import collections
import functools
import logging
import os
import re
from typing import Any, Iterator, List

import pytest
import requests

#: SIDs, room hashes and invitation hashes are UUIDs; redact() never leaves one whole.
FULL_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
#: Passwords the suite logs in with. Too-generic words ("pass", "wrong", "nope") are left
#: out: they occur in ordinary sentences ("userpass" is also an Axis2 element name). Digits-only ones must stand alone (not in 123456).
TEST_PASSWORDS = ("12345", "wrong-password", "Parity-Admin-Pw-31", "Reliab1lity-S3cret")
#: Loggers of test-only tools (requests-mock logs every mocked URL at DEBUG); never in production.
IGNORED_LOGGERS = ("requests_mock",)
_PASSWORD = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in TEST_PASSWORDS) + r")(?![\w-])")

_findings: List[str] = []


def find_secrets(text: str) -> List[str]:
    """Secrets in ``text``, each shown redacted (the report must not leak them either)."""
    if not text:
        return []
    found = [f"UUID {m.group(0)[:4]}***" for m in FULL_UUID.finditer(text)]
    found += [f"password {m.group(0)[:1]}***" for m in _PASSWORD.finditer(text)]
    return found


def _note(where: str, text: str) -> None:
    for secret in find_secrets(text):
        _findings.append(f"{secret} in {where}")


class _LeakHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(IGNORED_LOGGERS):
            return
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a broken format string is another test's business
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + str(record.exc_info[1])
        _note(f"log record {record.name}:{record.levelname}", text)


def _guard_errors() -> None:
    """Check every OpenMeetingsError's text as it is built (once per session)."""
    from om_soap.errors import OpenMeetingsError

    original = OpenMeetingsError.__init__
    if getattr(original, "_om_secret_guard", False):
        return

    @functools.wraps(original)
    def __init__(self: OpenMeetingsError, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        _note(f"{type(self).__name__} text", str(self))

    __init__._om_secret_guard = True  # type: ignore[attr-defined]
    OpenMeetingsError.__init__ = __init__  # type: ignore[method-assign]


#: Set in CI (.ci/run): a skip for a missing external resource is a failure.
REQUIRE_EXTERNAL = os.environ.get("OM_SOAP_REQUIRE_EXTERNAL", "") not in ("", "0")


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if REQUIRE_EXTERNAL and report.skipped and not hasattr(report, "wasxfail"):
        from reference import EXTERNAL

        reason = _skip_reason(report)
        if reason.startswith(EXTERNAL):
            report.outcome = "failed"
            report.longrepr = f"OM_SOAP_REQUIRE_EXTERNAL is set, and this test {reason}"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """How many tests were skipped and why, whatever ``-r`` says."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if not hasattr(r, "wasxfail")]
    if not skipped:
        return
    reasons = collections.Counter(_skip_reason(r) for r in skipped)
    terminalreporter.section("skipped")
    terminalreporter.write_line(f"{len(skipped)} test(s) skipped:")
    for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        terminalreporter.write_line(f"  {count} x {reason}")
    if any("outside the repository" in r for r in reasons):
        terminalreporter.write_line(
            "  (set OM_SOAP_REFERENCE or put the shared reference folder beside the checkout, install "
            "openssl; OM_SOAP_REQUIRE_EXTERNAL=1 turns these skips into failures)"
        )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "secret_leak_expected: the secrets guard must find a leak in this test (guard self-test)"
    )
    _guard_errors()


@pytest.fixture(autouse=True)
def _secrets_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    handler = _LeakHandler(level=logging.NOTSET)
    root = logging.getLogger()
    root.addHandler(handler)
    debug_logger = logging.getLogger("om_soap") if os.environ.get("OM_SOAP_GUARD_DEBUG") else None
    old_level = debug_logger.level if debug_logger else None
    if debug_logger:
        debug_logger.setLevel(logging.DEBUG)
    del _findings[:]
    try:
        yield
    finally:
        root.removeHandler(handler)
        if debug_logger:
            debug_logger.setLevel(old_level or logging.NOTSET)
    findings, _findings[:] = list(_findings), []
    if request.node.get_closest_marker("secret_leak_expected"):
        if not findings:
            pytest.fail("the secrets guard found nothing in a test that leaks on purpose: the guard is broken")
        return
    if findings:
        shown = "; ".join(sorted(set(findings))[:10])
        pytest.fail(f"secret(s) left in logs or om-soap error texts: {shown}", pytrace=False)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A plain requests session, for tests that speak to the fake on the wire by hand."""
    with requests.Session() as s:
        yield s


@pytest.fixture
def mock() -> requests.Session:
    """A requests session whose http:// answers come from a requests-mock adapter
    (``session.mock``), for tests that feed the clients canned answers."""
    import requests_mock

    session = requests.Session()
    adapter = requests_mock.Adapter()
    session.mount("http://", adapter)
    session.mock = adapter  # type: ignore[attr-defined]
    return session
