"""pytest plugin: the ``om_fake`` fixtures (registered by the ``pytest11`` entry point).

``om_fake`` is a running loopback fake (family "4.0" unless parametrised indirectly:
``@pytest.mark.parametrize("om_fake", ["3.1", "9.1"], indirect=True)``);
``om_fake_in_process`` is one with no socket, reached through ``om_fake_in_process.session()``.
The fake is imported inside the fixtures so that loading this plugin costs nothing.
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest

DEFAULT_VERSION = "4.0"


def _version(request: Any) -> str:
    return str(getattr(request, "param", None) or DEFAULT_VERSION)


@pytest.fixture
def om_fake(request: Any) -> Iterator[Any]:
    """A FakeOpenMeetings serving on 127.0.0.1 (a free port); ``.url``, ``.state``."""
    from om_soap.fake.core import FakeOpenMeetings

    with FakeOpenMeetings(_version(request), bad_password_delay=(0.0, 0.0)) as fake:
        yield fake


@pytest.fixture
def om_fake_in_process(request: Any) -> Iterator[Any]:
    """A FakeOpenMeetings with no server: use ``.session()`` as the client's session."""
    from om_soap.fake.core import FakeOpenMeetings

    with FakeOpenMeetings(_version(request), serve=False, bad_password_delay=(0.0, 0.0)) as fake:
        yield fake
