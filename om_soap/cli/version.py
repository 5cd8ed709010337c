"""``om-soap version``: the server's version, its family, and how om-soap found it.

Detection order (the client's): ``--om-version``, else InfoService (3.1.3+; asked even when
the cache remembers this URL, so an upgraded server is seen), else the remembered version
while the UserService WSDL is unchanged, else the WSDL fingerprint (Axis2, coded CXF, keyed
CXF). Offline, the remembered version, or a guess from the newest bundled snapshot (said so). Knowing *how* matters: a fingerprint names the earliest release
consistent with the WSDL, not the exact one.
"""
from __future__ import annotations

import argparse
import json
import sys

from .common import add_connection_arguments, client_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser, login=False)
    parser.add_argument("--json", action="store_true", help="print version, family, stack and found_by as JSON")


def run(args: argparse.Namespace) -> int:
    client = client_from_args(args)
    version = client.server_version
    found_by = client.version_found_by or "unknown"
    if found_by.startswith("guess"):
        print(f"om-soap version: offline with nothing cached for {args.url}: OpenMeetings {version.text} is a "
              "guess from the newest bundled snapshot (run once online, or pass --om-version)", file=sys.stderr)
    if args.json:
        print(json.dumps({"version": version.text, "family": version.family.name,
                          "stack": version.family.stack, "found_by": found_by}, indent=2))
    else:
        print(f"OpenMeetings {version.text} (family {version.family.name}, {version.family.stack}), "
              f"found by {found_by}")
    return 0
