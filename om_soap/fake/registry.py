"""A table of operation handlers, filled by the ``@op`` decorator of the module that owns it.

Each behaviour module (:mod:`~om_soap.fake.operations`, :mod:`~om_soap.fake.content`) keeps its
own :class:`Registry`; :mod:`~om_soap.fake.handlers` merges them. No module registers into
another's table, so nothing depends on an import's side effect.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

Handler = Callable[[Any, Dict[str, Any]], Any]


class Registry:
    """(service, operation) -> handler."""

    def __init__(self) -> None:
        self.table: Dict[Tuple[str, str], Handler] = {}

    def op(self, service: str, *names: str) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            for name in names:
                self.table[(service, name)] = fn
            return fn
        return register
