"""The package list in setup.cfg is explicit (wsdl_cache/ is mapped into om_soap): a new
subpackage that is not listed would be missing from a regular install while an editable
install still works, so CI would be the first to notice. This catches it at once."""
from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _listed_packages() -> set:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    return {line.strip() for line in cfg["options"]["packages"].splitlines() if line.strip()}


def test_every_subpackage_is_listed_in_setup_cfg():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "om_soap").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found, "no packages found under om_soap/"
    missing = found - _listed_packages()
    assert not missing, f"add {sorted(missing)} to [options] packages in setup.cfg"


def test_bundled_snapshots_are_package_data():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    assert "om_soap.wsdl_cache" in _listed_packages()
    patterns = cfg["options.package_data"]["om_soap.wsdl_cache"].split()
    folders = [p for p in (ROOT / "wsdl_cache").iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert folders
    for folder in folders:
        for wsdl in folder.iterdir():
            assert any(wsdl.match(pattern) for pattern in patterns), f"{wsdl} is not package data"


def test_the_snapshot_generator_is_not_installed():
    # wsdl_cache/ is installed as om_soap.wsdl_cache, so every module in it ships to users:
    # the generator lives in tools/ and the folder holds data and its __init__ only.
    modules = sorted(p.name for p in (ROOT / "wsdl_cache").glob("*.py"))
    assert modules == ["__init__.py"], f"move {modules} out of wsdl_cache/ (tools/ holds scripts)"
    assert (ROOT / "tools" / "generate_snapshots.py").is_file()


def test_captured_real_server_snapshots_are_package_data():
    # wsdl_cache/real-<version>/: what a real server published (WSDLs, services.wadl and
    # services.wadl.json); captured data that the offline client and the fake read.
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    patterns = cfg["options.package_data"]["om_soap.wsdl_cache"].split()
    real = sorted(p for p in (ROOT / "wsdl_cache").glob("real-*") if p.is_dir())
    assert [p.name for p in real][:1] == ["real-5.1.0"], [p.name for p in real]
    for folder in real:
        names = {f.name for f in folder.iterdir()}
        assert {"UserService.wsdl", "services.wadl"} <= names, folder
        for f in folder.iterdir():
            assert any(f.match(pattern) for pattern in patterns), f"{f} is not package data"


def test_an_install_build_has_the_snapshots_and_no_generator(tmp_path):
    # setuptools' build_py lays out exactly what an install copies (packages + package_data).
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    cache = tmp_path / "om_soap" / "wsdl_cache"
    assert sorted(p.name for p in cache.glob("*.py")) == ["__init__.py"]
    assert not list(tmp_path.rglob("generate*.py"))
    for rel in ("manifest.json", "cxf-7.0/UserService.wsdl", "axis2-3.0/UserService.wsdl",
                "real-9.1.0/UserService.wsdl", "real-9.1.0/services.wadl",
                "real-9.1.0/services.wadl.json", "real-5.1.0/RoomService.wsdl"):
        assert (cache / rel).is_file(), rel
