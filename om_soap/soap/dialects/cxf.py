"""The CXF dialect: OpenMeetings 3.1 and later, the operations behind the facade methods."""
from __future__ import annotations

import logging
from typing import Any, Dict, Optional, Union

from ...errors import SoapFault, UnsupportedVersion
from ...facade import not_allowed_result, refused_message, warn_not_declared
from ...results import ExternalUser, RoomOptions, ServiceResult
from ..convert import to_data, to_service_result
from ..transport import fault_detail_message

log = logging.getLogger("om_soap.client")


class CxfDialect:
    """``UserService.login``/``getRoomHash``, ``ErrorService.get``, ``InfoService.getVersion``
    over the client's :meth:`~om_soap.soap.client.OpenMeetingsClient.call`."""

    stack = "cxf"

    def __init__(self, client: Any) -> None:
        self.client = client

    def login(self, user: str, password: str) -> ServiceResult:
        params: Dict[str, Any] = {"user": user, "pass": password}  # `pass` is a Python keyword
        return to_service_result(self.client.call("UserService", "login", **params))

    def get_room_hash(self, sid: Optional[str], user: ExternalUser, options: RoomOptions) -> ServiceResult:
        params: Dict[str, Any] = {"user": self._external_user(user), "options": self._room_options(options)}
        if sid is not None:
            params["sid"] = sid
        try:
            value = self.client.call("UserService", "getRoomHash", _repeat=False, **params)
        except SoapFault as exc:
            # 4.0+ throws "not allowed" (ServiceException in UserWebService.getRoomHash @ 4.0.6RC1):
            # the result REST reports instead
            family = self.client.server_version.family
            if family.hash_not_allowed == "fault" and refused_message(fault_message(exc), family):
                return not_allowed_result(family)
            raise
        return to_service_result(value)

    def error_message(self, id_or_key: Union[int, str], language: int) -> Optional[ServiceResult]:
        if self.client.server_version.family.error_lookup == "id":
            value = self.client.call("ErrorService", "get", id=self.client._error_number(id_or_key),
                                     lang=int(language))
        else:
            value = self.client.call("ErrorService", "get", key=str(id_or_key), lang=int(language))
        # an error text, not a secret: shown in the repr whatever its type
        return None if value is None else to_service_result(value).with_public_message()

    def version(self) -> str:
        data = to_data(self.client.call("InfoService", "getVersion"))
        text = data.get("version") if isinstance(data, dict) else None
        if not text or not isinstance(text, (str, int, float)):  # an element in its place: no version
            raise UnsupportedVersion("InfoService answered without a version")
        return str(text)

    # -- DTOs, shaped by what the loaded WSDL declares (not by the version)

    def _external_user(self, user: ExternalUser) -> Dict[str, Any]:
        return {js: getattr(user, py) for py, js in ExternalUser._NAMES if getattr(user, py) is not None}

    def _room_options(self, options: RoomOptions) -> Dict[str, Any]:
        declared = self.client.declared_fields("UserService", "roomOptionsDTO")
        given = {js: getattr(options, py) for py, js in RoomOptions._NAMES}
        out: Dict[str, Any] = {}
        for name, required, is_bool in declared:
            value = given.get(name)
            if value is None and required and is_bool:
                # Java primitives: the element must be present (RoomOptionsDTO.java @ 4.0.6RC1)
                value = False
            if value is not None:
                out[name] = value
        names = {n for n, _, _ in declared}
        warn_not_declared([k for k, v in given.items() if k not in names and v not in (None, False, "")])
        return out


def fault_message(fault: SoapFault) -> Optional[str]:
    """The text a fault says "not allowed" with: the detail's message, else the faultstring."""
    return fault_detail_message(fault) or fault.fault_string


#: What :func:`om_soap.soap.dialects.dialect_class` picks up for ``stack == "cxf"``.
DIALECT = CxfDialect

__all__ = ["DIALECT", "CxfDialect", "fault_message"]
