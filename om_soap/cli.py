"""The ``om-soap`` command (also ``python -m om_soap``).

Each subcommand is a module that offers ``add_arguments(parser)`` and ``run(args) -> int``;
this file only routes. Errors print one clear line on stderr and exit 1; usage errors exit 2.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import List, Optional

from .errors import OpenMeetingsError

#: subcommand -> (module with add_arguments/run, one-line help)
COMMANDS = {
    "login": ("om_soap.commands.login", "log in and print the REST-shaped result"),
    "room-url": ("om_soap.commands.room_url", "log in, mint a room hash and print the entry URL"),
    "version": ("om_soap.commands.version", "print the server's version, family and how it was found"),
    "ops": ("om_soap.commands.ops", "list services, operations and parameters from the WSDL"),
    "call": ("om_soap.commands.call", "call any SOAP operation and print the REST-shaped JSON"),
    "parity": ("om_soap.parity", "run the SOAP/REST parity scenarios against one server"),
    "fake": ("om_soap.fake.server", "run the OpenMeetings fake on loopback until interrupted"),
    "demo": ("om_soap.fake.demo", "the whole flow (login, room hash, entry) on the embedded fake"),
}


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported (the others are listed for --help),
    so ``om-soap login`` never pays for importing the fake or the parity runner."""
    parser = argparse.ArgumentParser(
        prog="om-soap",
        description="Apache OpenMeetings SOAP/REST client, parity runner and fake server.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (module_name, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        if name != command:
            continue
        module = importlib.import_module(module_name)
        module.add_arguments(cmd)
        cmd.add_argument("--verbose", "-v", action="store_true", help="log the (redacted) envelopes")
        cmd.set_defaults(_module=module)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        # zeep and urllib3 chatter at INFO/DEBUG; om-soap's own logger redacts.
        logging.getLogger("zeep").setLevel(logging.WARNING)
    try:
        return int(args._module.run(args) or 0)
    except OpenMeetingsError as exc:
        print(f"om-soap {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"om-soap {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (om-soap demo | head): not an error worth a traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
