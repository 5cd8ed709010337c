"""``om-soap version``: the server's version, its family, and how om-soap found it.

Detection order (the client's): ``--om-version``, else the cache manifest when the
UserService WSDL is unchanged, else InfoService (3.1.3+), else the WSDL fingerprint (Axis2,
coded CXF, keyed CXF). Knowing *how* matters: a fingerprint names the earliest release
consistent with the WSDL, not the exact one.
"""
from __future__ import annotations

import argparse
import json

from .common import add_connection_arguments, client_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser, login=False)
    parser.add_argument("--json", action="store_true", help="print version, family, stack and found_by as JSON")


def run(args: argparse.Namespace) -> int:
    client = client_from_args(args)
    version = client.server_version
    found_by = client.version_found_by or "unknown"
    if args.json:
        print(json.dumps({"version": version.text, "family": version.family.name,
                          "stack": version.family.stack, "found_by": found_by}, indent=2))
    else:
        print(f"OpenMeetings {version.text} (family {version.family.name}, {version.family.stack}), "
              f"found by {found_by}")
    return 0
