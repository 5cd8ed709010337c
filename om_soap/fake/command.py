"""``om-soap fake``: run the OpenMeetings fake on loopback until interrupted."""
from __future__ import annotations

import argparse
import os
import threading

from ..errors import InvalidArgument
from .core import FakeOpenMeetings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=5080, help="port to listen on (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--om-version", default="4.0",
                        help="OpenMeetings version to imitate: a line such as 4.0 or a release such as 4.0.11")
    parser.add_argument("--admin-user", default="admin", help="the admin's login (default admin)")
    parser.add_argument("--admin-password-env", metavar="VAR",
                        help="read the admin's password from this environment variable (default 12345)")


def run(args: argparse.Namespace) -> int:
    password = "12345"
    if args.admin_password_env:
        password = os.environ.get(args.admin_password_env, "")
        if not password:
            raise InvalidArgument(f"environment variable {args.admin_password_env} is empty or unset")
    fake = FakeOpenMeetings(args.om_version, admin=(args.admin_user, password), host=args.host,
                            port=args.port)
    try:
        fake.start()  # idempotent: `with fake` below keeps this server
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise InvalidArgument(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
                              hint="choose another --port (0: any free port) or --host") from None
    with fake:
        shown = f"(from ${args.admin_password_env})" if args.admin_password_env else password
        try:  # Ctrl+C at any moment once serving (even before the wait starts) stops cleanly
            print(f"OpenMeetings {fake.state.version.text} fake at {fake.url}", flush=True)
            print(f"admin login: {args.admin_user} / {shown}", flush=True)
            print("press Ctrl+C to stop", flush=True)
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped", flush=True)
    return 0
