"""FakeOpenMeetings: one state, served over loopback and/or mounted in process."""
from __future__ import annotations

from typing import Callable, Optional, Tuple

import requests

from ..versions import parse
from . import models_axis2 as axis2
from .inprocess import FakeAdapter
from .server import ServerThread
from .models import BAD_PASSWORD_DELAY, FakeState

#: The host the in-process URL uses: reserved (RFC 2606), so nothing real answers it.
IN_PROCESS_HOST = "om-fake.invalid"


class FakeOpenMeetings:
    """An OpenMeetings server imitated family by family (see :mod:`om_soap.fake`).

    ``with FakeOpenMeetings("4.0") as fake:`` serves on ``fake.url`` (loopback, a free port);
    ``serve=False`` skips the socket and ``fake.session()`` reaches the same state in process.
    2.1-3.0.x (``"3.0"``) are the Axis2 family (:mod:`om_soap.fake.responses_axis2`): SOAP on Axis2's
    endpoints and ``swf?secureHash=``, no REST (no webservice module before 3.1.0RC1).

    ``allow_soap_register`` stands for the server's config ``allow.soap.register``, which
    from 4.0.6 decides whether UserService.add works at all (UserWebService.java @ 4.0.6RC1). A real server reads
    it from its configuration, whatever was set there; the fake defaults to True so that
    tests can add users. With False, add on 4.0.6+ is a SOAP fault "Soap register is denied
    in Settings" and, over REST, the family's HTTP 500. It can be changed later on
    ``fake.state.allow_soap_register``.

    ``admin_email`` is the admin's address mail (the installer's ``-email``); None leaves the
    admin without an address.
    """

    def __init__(
        self,
        om_version: str = "4.0",
        admin: Tuple[str, str] = ("admin", "12345"),
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        serve: bool = True,
        clock: Optional[Callable[[], float]] = None,
        bad_password_delay: Tuple[float, float] = BAD_PASSWORD_DELAY,
        allow_soap_register: bool = True,
        admin_email: Optional[str] = None,
    ) -> None:
        make_state = axis2.make_state if parse(om_version).is_axis2 else FakeState
        self.state = make_state(om_version, admin, clock=clock, bad_password_delay=bad_password_delay,
                                allow_soap_register=allow_soap_register, admin_email=admin_email)
        self.host, self.port, self.serve = host, port, serve
        self._server: Optional[ServerThread] = None

    @property
    def url(self) -> str:
        if self._server is not None:
            host = f"[{self.host}]" if ":" in self.host else self.host
            return f"http://{host}:{self._server.port}/openmeetings"
        return f"http://{IN_PROCESS_HOST}/openmeetings"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> "FakeOpenMeetings":
        if self._server is None:
            self._server = ServerThread(self.state, self.host, self.port)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def session(self) -> requests.Session:
        """A requests.Session whose calls to :attr:`url` never leave the process."""
        session = requests.Session()
        url = self.url
        session.mount(url.rsplit("/openmeetings", 1)[0] + "/", FakeAdapter(self.state, lambda: url))
        return session

    def __enter__(self) -> "FakeOpenMeetings":  # noqa: PYI034 (typing.Self is 3.11+)
        if self.serve:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"FakeOpenMeetings({self.state.version.text!r}, url={self.url!r})"
