"""The public names of the SOAP client (their home is :mod:`om_soap.soap`)."""
from __future__ import annotations

from .facade import SAFE_TO_REPEAT
from .soap.client import SERVICES, OpenMeetingsClient
from .soap.convert import to_data, to_rest_object, to_service_result

__all__ = ["SAFE_TO_REPEAT", "SERVICES", "OpenMeetingsClient", "to_data", "to_rest_object", "to_service_result"]
