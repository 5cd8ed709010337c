"""The names the fake reads from here until it imports :mod:`om_soap.soap.wsdl_source`."""
from __future__ import annotations

from .soap.wsdl_source import SERVICES, snapshot_file

__all__ = ["SERVICES", "snapshot_file"]
