"""Where the shared reference artifacts are (real Axis2 WSDLs, OpenAPI specs), read in place.

``../shared/reference`` beside the checkout, or ``$OM_SOAP_REFERENCE``. Tests that need them
skip cleanly when the folder is absent; nothing from it is ever copied into the project.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

#: The start of every skip reason that means "something beyond the repository is missing";
#: with OM_SOAP_REQUIRE_EXTERNAL=1 (CI) tests/conftest.py turns such skips into failures.
EXTERNAL = "needs what is outside the repository:"

REFERENCE = Path(
    os.environ.get("OM_SOAP_REFERENCE") or Path(__file__).resolve().parents[1].parent / "shared" / "reference"
)
SPECS = REFERENCE / "openmeetings-site-swagger"
AXIS2_2_1 = REFERENCE / "openolat-openmeetingsws-om2.1"
AXIS2_3_0_7 = REFERENCE / "openolat-openmeetingsws-om3.0.7"


def external_reason(what: str) -> str:
    """The skip reason for a missing external resource (see :data:`EXTERNAL`)."""
    return f"{EXTERNAL} {what}"


def skip_external(what: str) -> NoReturn:
    """Skip because ``what`` (a reference file, the openssl command) is absent."""
    pytest.skip(external_reason(what))
