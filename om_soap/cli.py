"""The ``om-soap`` command (also ``python -m om_soap``).

Each subcommand is a module that offers ``add_arguments(parser)`` and ``run(args) -> int``;
this file only routes. Errors print one clear line on stderr and exit 1; usage errors exit 2.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import re
import sys
from typing import List, Optional

from . import __version__
from .errors import OpenMeetingsError, ServerUnreachable

#: subcommand -> (module with add_arguments/run, one-line help)
COMMANDS = {
    "login": ("om_soap.commands.login", "log in and print the REST-shaped result"),
    "room-url": ("om_soap.commands.room_url", "log in, mint a room hash and print the entry URL"),
    "version": ("om_soap.commands.version", "print the server's version, family and how it was found"),
    "ops": ("om_soap.commands.ops", "list services, operations and parameters from the WSDL"),
    "call": ("om_soap.commands.call", "call any SOAP operation and print the REST-shaped JSON"),
    "parity": ("om_soap.parity", "run the SOAP/REST parity scenarios against one server"),
    "fake": ("om_soap.fake.command", "run the OpenMeetings fake on loopback until interrupted"),
    "demo": ("om_soap.fake.demo", "the whole flow (login, room hash, entry) on the embedded fake"),
}


#: The library's hints name Python keywords; the command says its own options instead.
CLI_TERMS = (
    ("pass version='X.Y.Z' to override detection", "pass --om-version X.Y.Z to skip detection"),
    ("pass version='X.Y.Z'", "pass --om-version X.Y.Z"),
    ("pass version= with", "pass --om-version with"),
    ("raise om_soap.http.MAX_ANSWER_BYTES", "the limit is om_soap.http.MAX_ANSWER_BYTES"),
    ("raise timeout= if", "raise --timeout if"),
    ("pass verify='/path/to/ca-bundle.pem' for a private CA, or verify=False to skip checks",
     "pass --ca-bundle PATH for a private CA, or --insecure to skip checks"),
    ("or use offline=True", "or use --offline"),
    ("drop offline=True", "drop --offline"),
    ("with the same cache_dir", "with the same --cache-dir"),
    ("use one of om_soap.client.SERVICES, e.g. 'UserService' or 'RoomService'", "om-soap ops lists the services"),
    ("call login() first, pass sid=, or create the client with credentials=(user, password)",
     "give --user; the password is read from --password-env"),
    ("given as credentials=", "given with --user and --password-env"),
    ("give one like http://host:5080/openmeetings", "give --url like http://host:5080/openmeetings"),
)


class _HelpFormatter(argparse.HelpFormatter):
    """Shows each option's default (port 5080, version 4.0, ...) unless its help says it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if "default" in text.lower() or action.default in (None, False, argparse.SUPPRESS) or not action.option_strings:
            return text
        return f"{text} (default %(default)s)"


def cli_message(exc: OpenMeetingsError, url: Optional[str] = None) -> str:
    """``exc`` as one line in the command's terms: its options, not Python keywords, and
    no urllib3 exception text for an unreachable host."""
    text = " ".join(str(exc).split())
    if isinstance(exc, ServerUnreachable) and type(exc) is ServerUnreachable:
        resolve = re.search(r"Failed to resolve '([^']+)'", text)
        if resolve or "Name or service not known" in text or "nodename nor servname" in text:
            host = resolve.group(1) if resolve else (url or "the host")
            return f"cannot resolve the host {host} (check the host name in --url)"
        if "Connection refused" in text:
            return f"nothing answers at {_netloc(url)} (connection refused; check --url and that the server runs)"
        text = re.sub(r"\w+Error\(\"?|HTTP(S)?Connection(Pool)?\([^)]*\):?\s*|<[^>]*>:?\s*", "", text)
    for python, cli in CLI_TERMS:
        text = text.replace(python, cli)
    return text


def _netloc(url: Optional[str]) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc if url else "the URL"


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported (the others are listed for --help),
    so ``om-soap login`` never pays for importing the fake or the parity runner."""
    parser = argparse.ArgumentParser(
        prog="om-soap",
        description="Apache OpenMeetings SOAP/REST client, parity runner and fake server.",
    )
    parser.add_argument("--version", action="version", version=f"om-soap {__version__}")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="log om-soap's own records: requests and the (redacted) envelopes")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (module_name, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text, formatter_class=_HelpFormatter)
        if name != command:
            continue
        module = importlib.import_module(module_name)
        module.add_arguments(cmd)
        cmd.add_argument("--verbose", "-v", action="store_true", default=argparse.SUPPRESS,
                         help="log om-soap's own records: requests and the (redacted) envelopes")
        cmd.set_defaults(_module=module)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    # Only om-soap's own loggers (they redact) are shown: -v is om-soap's requests and
    # envelopes at DEBUG, never zeep's schema parsing or urllib3's connection chatter.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    own = logging.getLogger("om_soap")
    old_level = own.level
    own.addHandler(handler)
    own.setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        status = int(args._module.run(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        return status
    except OpenMeetingsError as exc:
        print(f"om-soap {args.command}: {cli_message(exc, getattr(args, 'url', None))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"om-soap {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (om-soap demo | head): not an error worth a traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        own.removeHandler(handler)
        own.setLevel(old_level)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
