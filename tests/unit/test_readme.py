"""The README's examples work as written: its test example pasted into ``test_om.py`` passes
with the installed pytest plugin, and its command-line examples run against the fake."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from om_soap.fake import FakeOpenMeetings

README = Path(__file__).resolve().parents[2] / "README.md"
BIN = Path(sys.executable).parent


def _block(after: str, lang: str) -> str:
    """The first fenced ``lang`` block after the line ``after``."""
    text = README.read_text(encoding="utf-8")
    start = text.index(after)
    m = re.compile(rf"^```{lang}\n(.*?)^```", re.S | re.M).search(text, start)
    assert m, f"no ```{lang} block after {after!r} in the README"
    return m.group(1)


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "OM_SOAP_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def test_the_readme_test_example_passes_when_pasted_into_test_om_py(tmp_path):
    code = _block("### Test your integration", "python")
    assert "om_fake" in code and '"12345"' in code and "assert" in code
    (tmp_path / "test_om.py").write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_om.py"],
                          cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_the_readme_fixture_examples_pass(tmp_path):
    code = _block("In pytest (the plugin is registered on install", "python")
    assert code.count("assert") >= 3
    (tmp_path / "test_fixtures.py").write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_fixtures.py"],
                          cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


def test_the_readme_command_lines_run_against_the_fake(tmp_path):
    lines = [ln.split("#")[0].strip() for ln in _block("## The command line", "sh").splitlines()]
    lines = [ln for ln in lines if ln]
    assert lines[0].startswith("om-soap fake --port 5080 --om-version 4.0")
    assert lines[1] == "export OM_PASSWORD=12345 URL=http://127.0.0.1:5080/openmeetings"
    commands = [ln for ln in lines[2:] if ln.startswith("om-soap ")]
    assert {c.split()[1] for c in commands} >= {"login", "room-url", "version", "ops", "call", "parity"}
    with FakeOpenMeetings("4.0") as fake:  # what `om-soap fake --om-version 4.0` serves, on a free port
        env = _env(OM_PASSWORD="12345", URL=fake.url)
        for command in commands:
            argv = [a.replace("$URL", fake.url) for a in shlex.split(command)]
            done = subprocess.run(argv, env={**env, "XDG_CACHE_HOME": str(tmp_path)}, capture_output=True,
                                  text=True, timeout=120)
            assert done.returncode == 0, f"{command}: {done.stdout[-500:]} {done.stderr[-500:]}"
            assert done.stdout.strip(), command


@pytest.mark.parametrize("needs", ["external", "plain"])
def test_the_suite_summary_counts_skips_and_ci_turns_external_ones_into_failures(tmp_path, needs):
    tests = Path(__file__).resolve().parents[1]
    reason = 'skip_external("the openssl command")' if needs == "external" else 'pytest.skip("not today")'
    (tmp_path / "test_one.py").write_text(
        f"import pytest\nfrom reference import skip_external\n\ndef test_it():\n    {reason}\n", encoding="utf-8"
    )
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest", "test_one.py"]
    plain = subprocess.run(argv, cwd=tmp_path, env=_env(PYTHONPATH=str(tests)), capture_output=True, text=True,
                           timeout=60)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "1 test(s) skipped:" in plain.stdout
    why = "needs what is outside the repository: the openssl command" if needs == "external" else "not today"
    assert f"1 x {why}" in plain.stdout
    ci = subprocess.run(argv, cwd=tmp_path, env=_env(PYTHONPATH=str(tests), OM_SOAP_REQUIRE_EXTERNAL="1"),
                        capture_output=True, text=True, timeout=60)
    if needs == "external":
        assert ci.returncode == 1 and "1 failed" in ci.stdout, ci.stdout
        assert "OM_SOAP_REQUIRE_EXTERNAL is set" in ci.stdout
    else:
        assert ci.returncode == 0 and "1 skipped" in ci.stdout, ci.stdout


def test_ci_tests_the_checkout_and_cannot_pass_by_skipping():
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    commands = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert "pip install --quiet -e '.[test]'" in commands
    assert "export OM_SOAP_REQUIRE_EXTERNAL=1 OM_SOAP_GUARD_DEBUG=1" in commands
    assert commands.index("export OM_SOAP_REQUIRE_EXTERNAL=1 OM_SOAP_GUARD_DEBUG=1") < commands.index("pytest")
    readme = README.read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in readme
    assert "OM_SOAP_REQUIRE_EXTERNAL=1" in readme and "OM_SOAP_GUARD_DEBUG=1" in readme
