"""benchmarks/run.py writes its report only where asked (``--out``), and no report or output
of the project mentions an issue number."""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("om_soap_bench_run", ROOT / "benchmarks" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nothing_is_written_by_default_and_out_writes_there(tmp_path):
    bench = _bench()
    assert bench.build_parser().parse_args([]).out is None
    assert bench.write_report(None, "# report", {"a": 1}) == []
    target = tmp_path / "reports"
    args = bench.build_parser().parse_args(["--quick", "--out", str(target)])
    written = bench.write_report(args.out, "# report", {"a": 1})
    assert written == [target / "RESULTS.md", target / "results.json"]
    assert (target / "RESULTS.md").read_text() == "# report\n"
    assert json.loads((target / "results.json").read_text()) == {"a": 1}


def test_the_help_names_out():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "--out DIR" in done.stdout and "--output" not in done.stdout


ISSUE = re.compile(r"\bissues?\s*#?\d", re.I)


def test_no_report_or_output_mentions_an_issue_number():
    files = [ROOT / "README.md", ROOT / "benchmarks" / "RESULTS.md", ROOT / "benchmarks" / "run.py",
             *sorted((ROOT / "om_soap").rglob("*.py"))]
    found = [f"{p.relative_to(ROOT)}:{n}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if ISSUE.search(line)]
    assert found == []
