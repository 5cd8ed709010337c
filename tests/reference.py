"""Where the shared reference artifacts are (real Axis2 WSDLs, OpenAPI specs), read in place.

``../shared/reference`` beside the checkout, or ``$OM_SOAP_REFERENCE``. Tests that need them
skip cleanly when the folder is absent; nothing from it is ever copied into the project.
"""
from __future__ import annotations

import os
from pathlib import Path

REFERENCE = Path(
    os.environ.get("OM_SOAP_REFERENCE") or Path(__file__).resolve().parents[1].parent / "shared" / "reference"
)
SPECS = REFERENCE / "openmeetings-site-swagger"
AXIS2_2_1 = REFERENCE / "openolat-openmeetingsws-om2.1"
AXIS2_3_0_7 = REFERENCE / "openolat-openmeetingsws-om3.0.7"
