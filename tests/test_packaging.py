"""The package list in setup.cfg is explicit (wsdl_cache/ is mapped into om_soap): a new
subpackage that is not listed would be missing from a regular install while an editable
install still works, so CI would be the first to notice. This catches it at once."""
from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
