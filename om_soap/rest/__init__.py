"""The REST side: :class:`RestClient` = the facade + the REST dialect."""
from __future__ import annotations

from .client import RestClient

__all__ = ["RestClient"]
