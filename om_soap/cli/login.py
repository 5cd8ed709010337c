"""``om-soap login``: log in over SOAP and print the REST-shaped result.

The SID in the printed JSON is redacted (om-soap never prints a SID in full); the exit
status says whether the login worked: 0 on SUCCESS, 1 on an ERROR result.
"""
from __future__ import annotations

import argparse
import json

from ..redact import redact
from .common import add_connection_arguments, logged_in


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser)


def shown(rest: dict) -> dict:
    """The REST JSON with a successful result's message (a SID or hash) redacted."""
    inner = dict(rest.get("serviceResult", {}))
    if inner.get("type") == "SUCCESS" and isinstance(inner.get("message"), str):
        inner["message"] = redact(inner["message"])
    return {"serviceResult": inner}


def run(args: argparse.Namespace) -> int:
    _, result = logged_in(args)
    print(json.dumps(shown(result.to_rest()), indent=2))
    return 0 if result.ok else 1
