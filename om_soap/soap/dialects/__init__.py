"""The SOAP dialects: which operations and parameters the facade's methods map to on one
stack (``Family.stack``): :mod:`.cxf` (3.1 and later), :mod:`.axis2` (2.1 to 3.0.x)."""
from __future__ import annotations

import importlib
from typing import Any, Dict, Type

from ...errors import UnsupportedVersion

_DIALECTS: Dict[str, Type[Any]] = {}


def register_dialect(stack: str, cls: Type[Any]) -> None:
    """Make ``cls`` the dialect for ``stack`` (``Family.stack``: "cxf", "axis2")."""
    _DIALECTS[stack] = cls


def dialect_class(stack: str) -> Type[Any]:
    """The dialect for ``stack``; ``om_soap.soap.dialects.<stack>`` is imported on first use
    and offers ``DIALECT``."""
    if stack not in _DIALECTS:
        try:
            module = importlib.import_module(f"{__name__}.{stack}")
        except ImportError:
            module = None
        if module is not None and hasattr(module, "DIALECT"):
            register_dialect(stack, module.DIALECT)
    if stack not in _DIALECTS:
        raise UnsupportedVersion(
            f"om-soap cannot talk to the {stack} stack yet (no {__name__}.{stack} dialect)",
            hint="OpenMeetings 3.0 and older speak Axis2; upgrade the server or om-soap",
        )
    return _DIALECTS[stack]


__all__ = ["dialect_class", "register_dialect"]
