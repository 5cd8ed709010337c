"""The OpenMeetings fake: state in plain objects, SOAP and REST rendered from it.

``FakeOpenMeetings("4.0")`` serves a loopback server (``.url``) and/or an in-process
``requests.Session`` (``.session()``) over one :class:`~om_soap.fake.models.FakeState`.
"""
from __future__ import annotations

from typing import Any

__all__ = ["FakeOpenMeetings", "FakeState", "ManualClock"]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing the pytest plugin (a submodule) stays cheap.
    if name == "FakeOpenMeetings":
        from .core import FakeOpenMeetings

        return FakeOpenMeetings
    if name in ("FakeState", "ManualClock"):
        from . import models as state

        return getattr(state, name)
    raise AttributeError(name)
