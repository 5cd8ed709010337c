"""om-soap: the Python client for the Apache OpenMeetings SOAP and REST web services.

    from om_soap import OpenMeetingsClient, ExternalUser, RoomOptions
    om = OpenMeetingsClient("http://127.0.0.1:5080/openmeetings")
    result = om.login("admin", "12345")

See README.md for the whole interface. Names imported lazily so that ``import om_soap``
(and the pytest plugin) stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import OpenMeetingsError
from .results import ExternalUser, RestObject, RoomOptions, ServiceResult

__version__ = "0.1.0"

_LAZY = {
    "OpenMeetingsClient": ("om_soap.soap.client", "OpenMeetingsClient"),
    "RestClient": ("om_soap.rest.client", "RestClient"),
    "FakeOpenMeetings": ("om_soap.fake", "FakeOpenMeetings"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .soap.client import OpenMeetingsClient
    from .fake import FakeOpenMeetings
    from .rest.client import RestClient


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'om_soap' has no attribute {name!r}")


__all__ = [
    "OpenMeetingsClient",
    "RestClient",
    "FakeOpenMeetings",
    "ServiceResult",
    "RestObject",
    "ExternalUser",
    "RoomOptions",
    "OpenMeetingsError",
    "__version__",
]
