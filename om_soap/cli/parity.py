"""``om-soap parity``: the command's arguments and what it runs."""
from __future__ import annotations

import argparse
import json
import sys

from ..parity.runner import run_parity


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .common import add_connection_arguments

    add_connection_arguments(parser)
    parser.add_argument("--room-id", type=int, default=1, help="room for the getRoomHash scenarios (default 1)")
    parser.add_argument("--allow-writes", action="store_true",
                        help="also add, read and delete a room and a user (removed afterwards); "
                             "without it nothing is created but room hashes")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON")
    parser.add_argument("--junit", metavar="FILE", help="write the report as JUnit XML")


def run(args: argparse.Namespace) -> int:
    from .common import client_from_args, password_from_env, verify_from_args
    from ..rest import RestClient

    password = password_from_env(args)
    credentials = (args.user, password)
    soap = client_from_args(args, credentials=credentials)
    rest = RestClient(args.url, version=args.om_version, credentials=credentials, timeout=args.timeout,
                      verify=verify_from_args(args))
    report = run_parity(soap, rest, allow_writes=args.allow_writes, credentials=credentials,
                        room_id=args.room_id)
    # The report holds normalised outcomes only (no password, SID or hash ever enters it), so
    # it is printed as is: scrubbing it for the literal password would mangle a short one's
    # letters all over the table.
    print(report.table())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(report.to_json(), indent=2) + "\n")
    if args.junit:
        with open(args.junit, "w", encoding="utf-8") as fh:
            fh.write(report.to_junit())
    sys.stdout.flush()
    return 0 if report.ok else 1
