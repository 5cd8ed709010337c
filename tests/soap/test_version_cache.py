"""The version cache never reports a stale version: an upgrade on the same URL is seen
online, an offline guess says it is one and is not stored, and the cache folder is the
platform's (platformdirs)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from om_soap import OpenMeetingsClient
from om_soap.soap import wsdl_source
from om_soap.cli import main
from om_soap.fake import FakeOpenMeetings


def test_a_server_upgraded_on_the_same_url_is_detected_afresh(tmp_path, capsys, monkeypatch):
    cache = str(tmp_path / "cache")
    with FakeOpenMeetings("7.0", bad_password_delay=(0, 0)) as old:
        url = old.url
        port = urlsplit(url).port
        assert OpenMeetingsClient(url, cache_dir=cache).server_version.text == "7.0.0"
    remembered = json.loads((tmp_path / "cache" / "manifest.json").read_text())["servers"][url]
    assert remembered["version"] == "7.0.0"
    # The same host and port now serve 9.1, whose UserService WSDL is byte for byte 7.0's.
    with FakeOpenMeetings("9.1", port=port, bad_password_delay=(0, 0)) as new:
        assert new.url == url
        om = OpenMeetingsClient(url, cache_dir=cache)
        assert om.server_version.text == "9.1.0" and om.version_found_by == "InfoService"
        assert main(["version", "--url", url, "--cache-dir", cache]) == 0
        assert capsys.readouterr().out == "OpenMeetings 9.1.0 (family 9.x, cxf), found by InfoService\n"
        monkeypatch.setenv("OM_PASSWORD", "12345")
        main(["parity", "--url", url, "--user", "admin", "--cache-dir", cache])
        assert capsys.readouterr().out.startswith("SOAP/REST parity, OpenMeetings 9.1.0")
    manifest = json.loads((tmp_path / "cache" / "manifest.json").read_text())
    assert manifest["servers"][url]["version"] == "9.1.0"


def test_offline_with_an_empty_cache_says_it_guessed_and_stores_nothing(tmp_path, capsys):
    cache = tmp_path / "cache"
    url = "http://127.0.0.1:9/openmeetings"
    assert main(["version", "--offline", "--url", url, "--cache-dir", str(cache), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["found_by"] == "guess (bundled snapshot, nothing cached)"
    assert captured.err == (f"om-soap version: offline with nothing cached for {url}: OpenMeetings 6.0.0 is a "
                            "guess from the newest bundled snapshot (run once online, or pass --om-version)\n")
    assert not (cache / "manifest.json").exists()


def test_the_cache_folder_follows_the_platform_through_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert wsdl_source.default_cache_dir() == tmp_path / "xdg" / "om-soap"
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_cache_dir",
                        lambda name, appauthor=None: f"/Users/u/Library/Caches/{name}")
    assert wsdl_source.default_cache_dir() == Path("/Users/u/Library/Caches/om-soap")
    assert OpenMeetingsClient("http://h/openmeetings").cache.path == Path("/Users/u/Library/Caches/om-soap")
