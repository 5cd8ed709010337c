"""benchmarks/run.py --real: the report of a run against a real server, where it is written,
and that a later offline run keeps it (no server is started here)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data():
    calls = {op: {k: {"wall_ms": ms, "min_ms": ms} for k, ms in row.items()}
             for op, row in {"login": {"soap": 12.0, "rest": 10.0, "floor": 8.0},
                             "getRoomHash": {"soap": 3.0, "rest": 2.0, "floor": 1.5}}.items()}
    tp = {f"{k}/{t}": {"pairs_per_s": rate * t, "errors": 0, "first_error": ""}
          for t in (1, 4, 16) for k, rate in (("soap", 5.0), ("rest", 4.0), ("floor", 10.0))}
    return {"version": "9.1.0", "started_in_s": 42.0, "given_url": False, "iterations": 10, "rounds": 5,
            "threads": [1, 4, 16], "calls": calls, "throughput": tp, "detected": "9.1.0"}


def test_the_real_report_has_ratios_per_call_and_per_thread_count():
    real = _load("om_soap_bench_real", ROOT / "benchmarks" / "real.py")
    text = real.report(_data(), "python benchmarks/run.py --real 9.1.0")
    assert text.startswith("## real 9.1.0\n")
    assert "| login | 12.00 | 10.00 | 8.00 | 1.20 | 1.50 | 1.25 |" in text
    assert "| getRoomHash | 3.00 | 2.00 | 1.50 | 1.50 | 2.00 | 1.33 |" in text
    assert "| 16 | 80.0/s | 64.0/s | 160.0/s | 0.50 | 0.40 | 0 |" in text
    assert "READY in 42 s" in text


def test_out_replaces_only_its_own_section_and_an_offline_run_keeps_it(tmp_path):
    real = _load("om_soap_bench_real", ROOT / "benchmarks" / "real.py")
    sys.modules.pop("om_soap_bench_run", None)
    run = _load("om_soap_bench_run", ROOT / "benchmarks" / "run.py")
    run.write_report(str(tmp_path), "# om-soap benchmark results\n\n## Targets\n\n- met", {"a": 1})
    real.write(str(tmp_path), "9.1.0", "## real 9.1.0\n\nfirst\n", {"v": 1})
    real.write(str(tmp_path), "7.2.0", "## real 7.2.0\n\nother\n", {"v": 2})
    real.write(str(tmp_path), "9.1.0", "## real 9.1.0\n\nsecond\n", {"v": 3})
    md = (tmp_path / "RESULTS.md").read_text()
    assert "first" not in md and md.count("## real 9.1.0") == 1 and "second" in md and "other" in md
    assert json.loads((tmp_path / "results-real-9.1.0.json").read_text()) == {"v": 3}
    run.write_report(str(tmp_path), "# om-soap benchmark results\n\n## Targets\n\n- again", {"a": 2})
    md = (tmp_path / "RESULTS.md").read_text()
    assert md.startswith("# om-soap benchmark results") and "- again" in md and "- met" not in md
    assert "## real 9.1.0\n\nsecond" in md and "## real 7.2.0\n\nother" in md


def test_the_help_names_real_and_war():
    run = _load("om_soap_bench_run_help", ROOT / "benchmarks" / "run.py")
    args = run.build_parser().parse_args(["--real", "9.1.0", "--war", "x.war", "--real-url", "http://h/openmeetings"])
    assert (args.real, args.war, args.real_url, args.out) == ("9.1.0", "x.war", "http://h/openmeetings", None)
