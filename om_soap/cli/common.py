"""Connection options every client subcommand shares, and the client they describe.

The password is never an argument (it would land in shell history and ``ps``): the
command reads it from the environment variable named by ``--password-env``.
"""
from __future__ import annotations

import argparse
import os
from typing import Any, Optional

from ..errors import InvalidArgument

DEFAULT_PASSWORD_ENV = "OM_PASSWORD"


def add_connection_arguments(parser: argparse.ArgumentParser, *, login: bool = True) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument("--url", required=True, help="OpenMeetings base URL, e.g. http://127.0.0.1:5080/openmeetings")
    if login:
        group.add_argument("--user", required=True, help="the SOAP user to log in as")
        group.add_argument(
            "--password-env",
            metavar="VAR",
            default=DEFAULT_PASSWORD_ENV,
            help=f"environment variable holding the password (default {DEFAULT_PASSWORD_ENV})",
        )
    group.add_argument("--om-version", metavar="X.Y.Z", help="skip version detection (e.g. 4.0 or 5.0.1)")
    group.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="seconds to wait for an answer (default 30; login waits at least 20)")
    tls = group.add_mutually_exclusive_group()
    tls.add_argument("--insecure", action="store_true", help="do not verify the TLS certificate")
    tls.add_argument("--ca-bundle", metavar="PATH", help="verify TLS against this CA bundle")
    group.add_argument("--offline", action="store_true", help="WSDLs from the cache or the bundled snapshots only")
    group.add_argument("--cache-dir", metavar="DIR",
                       help="WSDL cache directory (default: the platform's user cache folder, om-soap)")


def password_from_env(args: argparse.Namespace) -> str:
    var = getattr(args, "password_env", None) or DEFAULT_PASSWORD_ENV
    value = os.environ.get(var)
    if value is None:
        raise InvalidArgument(
            f"the password environment variable {var} is not set",
            hint=f"export {var}=... or name another variable with --password-env",
        )
    return value


def verify_from_args(args: argparse.Namespace) -> Any:
    if getattr(args, "insecure", False):
        return False
    bundle: Optional[str] = getattr(args, "ca_bundle", None)
    if bundle:
        if not os.path.isfile(bundle):
            raise InvalidArgument(f"--ca-bundle {bundle!r} is not a file")
        return bundle
    return True


def client_from_args(args: argparse.Namespace, **extra: Any) -> Any:
    """The OpenMeetingsClient the options describe (imported here to keep --help cheap)."""
    from ..soap.client import OpenMeetingsClient

    return OpenMeetingsClient(
        args.url,
        version=args.om_version,
        timeout=args.timeout,
        verify=verify_from_args(args),
        offline=args.offline,
        cache_dir=args.cache_dir,
        **extra,
    )


def logged_in(args: argparse.Namespace) -> Any:
    """``(client, login result)``: the password read from ``--password-env`` first, then the
    client the options describe logs in as ``--user``."""
    password = password_from_env(args)
    client = client_from_args(args)
    return client, client.login(args.user, password)


__all__ = ["add_connection_arguments", "client_from_args", "logged_in", "password_from_env", "verify_from_args"]
