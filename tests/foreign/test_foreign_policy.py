"""The foreign-client tests' skipping policy: skip when a tool is missing, fail instead when
OM_SOAP_REQUIRE_EXTERNAL=1 (CI), so that a broken install cannot pass as skips."""
from __future__ import annotations

import pytest

import foreign


def test_missing_tool_skips_by_default(monkeypatch):
    monkeypatch.delenv("OM_SOAP_REQUIRE_EXTERNAL", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-tool-om-soap is not on PATH"):
        foreign.tool("no-such-tool-om-soap")


@pytest.mark.parametrize("value, fails", [("1", True), ("0", False), ("", False)])
def test_missing_tool_fails_when_external_clients_are_required(monkeypatch, value, fails):
    monkeypatch.setenv("OM_SOAP_REQUIRE_EXTERNAL", value)
    expected = pytest.fail.Exception if fails else pytest.skip.Exception
    with pytest.raises(expected, match="no-such-tool-om-soap is not on PATH"):
        foreign.tool("no-such-tool-om-soap")


def test_missing_jar_names_its_package(monkeypatch, tmp_path):
    monkeypatch.setenv("OM_SOAP_REQUIRE_EXTERNAL", "1")
    monkeypatch.setattr(foreign, "JAXWS_RT", tmp_path / "absent.jar")
    with pytest.raises(pytest.fail.Exception, match="libjaxws-java"):
        foreign.jaxws_runtime()
