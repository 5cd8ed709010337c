"""The ``om-soap`` command: :mod:`.router` and one module per subcommand (``add_arguments``
and ``run``); :mod:`.common` holds the connection options they share."""
from __future__ import annotations

from .router import COMMANDS, build_parser, cli_message, main

__all__ = ["COMMANDS", "build_parser", "cli_message", "main"]
