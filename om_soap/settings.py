"""Settings: one frozen object holding every option a client takes.

The environment is read once, at import (``OM_SOAP_COMPILED``); nothing else is a
process-wide switch. Clients take ``settings=`` and keep their keyword shortcuts, which
override the given settings field by field.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any, Optional, Union

#: ``OM_SOAP_COMPILED=0`` (or false/no/off) in the environment: the default of ``compiled``.
COMPILED_FROM_ENV = os.environ.get("OM_SOAP_COMPILED", "1").strip().lower() not in ("0", "false", "no", "off")

#: The default answer size limit: 20 MiB.
MAX_ANSWER_BYTES = 20 * 1024 * 1024


def _compiled_default() -> bool:
    return COMPILED_FROM_ENV


@dataclass(frozen=True)
class Settings:
    """How a client talks to its server (one line per option)."""

    #: Seconds to read (a number; login never below 20 s, connect 5 s) or a Timeouts; None: defaults.
    timeout: Any = None
    #: TLS: True (system CAs), False (no check), or the path of a CA bundle.
    verify: Union[bool, str] = True
    #: No network for WSDLs: they come from ``cache_dir`` or the bundled snapshots (SOAP only).
    offline: bool = False
    #: The WSDL cache folder; None: the platform's user cache folder (SOAP only).
    cache_dir: Optional[str] = None
    #: Plain operations take the compiled path (om_soap.soap.fastpath); default from OM_SOAP_COMPILED.
    compiled: bool = field(default_factory=_compiled_default)
    #: Answers larger than this many bytes are refused.
    max_answer_bytes: int = MAX_ANSWER_BYTES

    def replace(self, **changes: Any) -> "Settings":
        """A copy with ``changes`` applied (fields left out or None in ``changes`` are kept)."""
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **given) if given else self


__all__ = ["COMPILED_FROM_ENV", "MAX_ANSWER_BYTES", "Settings"]
