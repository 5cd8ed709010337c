"""Every operation the fake answers: the users/rooms handlers and the content handlers, merged.

The wire modules (:mod:`~om_soap.fake.responses_soap`, :mod:`~om_soap.fake.responses_rest`) call :func:`call`.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from . import content, info_groups, operations
from .registry import Handler
from .models import FakeState, NotImplementedByFake

#: (service, operation) -> handler, from both behaviour modules.
OPERATIONS: Dict[Tuple[str, str], Handler] = {**operations.REGISTRY.table, **info_groups.REGISTRY.table,
                                               **content.REGISTRY.table}


def call(state: FakeState, service: str, name: str, params: Dict[str, Any]) -> Any:
    """Run one operation; raise ServiceException / NotImplementedByFake as the wire expects."""
    handler = OPERATIONS.get((service, name))
    if handler is None:
        raise NotImplementedByFake(f"not implemented by the fake: {service}.{name}")
    if handler is operations.login:  # sleeps on a bad password (9.x): outside the lock
        return handler(state, params)
    with state.lock:
        return handler(state, params)


def implemented(state_or_snapshot: Any) -> Dict[str, List[str]]:
    """Per service, the operations of a snapshot the fake answers."""
    snap = getattr(state_or_snapshot, "snapshot", state_or_snapshot)
    return {svc: [o for o in model.operations if (svc, o) in OPERATIONS]
            for svc, model in snap.services.items()}


def not_implemented(state_or_snapshot: Any) -> Dict[str, List[str]]:
    """Per service, the operations of a snapshot that answer "not implemented by the fake"."""
    snap = getattr(state_or_snapshot, "snapshot", state_or_snapshot)
    return {svc: [o for o in model.operations if (svc, o) not in OPERATIONS]
            for svc, model in snap.services.items()}


#: Every operation the fake answers, as "Service.operation" (data for the README and tests).
IMPLEMENTED = sorted(f"{s}.{o}" for s, o in OPERATIONS)
