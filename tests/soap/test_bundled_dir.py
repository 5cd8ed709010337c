"""Where the bundled WSDL snapshots are found, whatever way om-soap was installed."""
from __future__ import annotations

import builtins
from pathlib import Path

from om_soap.soap import wsdl_source

ROOT = Path(__file__).resolve().parents[2]


def test_a_checkout_without_the_package_data_finds_the_top_level_folder(monkeypatch):
    # `pip install -e .` with a setuptools older than 64 (a fresh Python 3.9 venv) runs
    # `setup.py develop`, which does not map `om_soap.wsdl_cache` onto `wsdl_cache/`.
    real_import = builtins.__import__

    def no_package_data(name, *args, **kwargs):
        if name == "om_soap.wsdl_cache":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_package_data)
    assert wsdl_source.bundled_dir() == ROOT / "wsdl_cache"
    assert wsdl_source.snapshot_file("cxf-4.0", "UserService").is_file()
