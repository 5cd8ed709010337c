"""The state of an Axis2 fake (OpenMeetings 2.1-3.0.x): the CXF state, seeded as its 3.1 twin."""
from __future__ import annotations

import itertools
from typing import Any

from ..errors import UnsupportedVersion
from ..versions import parse
from .models import FakeState

#: The CXF line whose state an Axis2 fake starts from (camelCase enums, 3.x room types).
_STATE_TWIN = "3.1"


class Axis2State(FakeState):
    """A :class:`FakeState` that answers as OpenMeetings 2.1-3.0.x.

    The state is seeded as its CXF twin (3.1: camelCase enums, 3.x room types), then takes
    the Axis2 version and family, so the entry page serves ``swf?secureHash=`` and does not
    re-point the SID (both read from the version: HashPage.java @ 3.1.5RC2, WebSession.java @ 3.2.0RC2).
    """

    def __init__(self, om_version: str = "3.0", admin: tuple[str, str] = ("admin", "12345"), **kwargs: Any):
        version = parse(om_version)
        if not version.is_axis2:
            raise UnsupportedVersion(f"OpenMeetings {version.text} is not an Axis2 version (2.1-3.0.x)")
        super().__init__(_STATE_TWIN, admin, **kwargs)
        self.version = version
        self.family = version.family
        self._session_ids = itertools.count(1)


def make_state(om_version: str = "3.0", admin: tuple[str, str] = ("admin", "12345"), **kwargs: Any) -> FakeState:
    """The fake's state for an Axis2 version (what ``FakeState(om_version)`` refuses)."""
    return Axis2State(om_version, admin, **kwargs)
