"""The REST dialect: how the facade's login, getRoomHash, ErrorService and InfoService
travel over ``<base>/services/...`` for one OpenMeetings version."""
from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

from ..errors import ServerError, UnexpectedResponse, UnsupportedOperation
from ..facade import not_allowed_result, warn_not_declared
from ..results import ExternalUser, RestObject, RoomOptions, ServiceResult
from ..versions import ServerVersion

log = logging.getLogger("om_soap.rest")


class RestDialect:
    """The facade's methods over REST, for the client's version."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def login(self, user: str, password: str) -> ServiceResult:
        """GET with query parameters up to 8.x, POST with form fields from 9.0
        (``UserWebService.login`` @ 8.0.0 and @ 9.0.0); 9.x sleeps 6-15 s before refusing a
        bad password, hence the long login timeout."""
        client = self.client
        method = client.login_method or ("POST" if client.server_version.has("rest_login_post") else "GET")
        fields = {"user": user, "pass": password}
        if method == "POST":
            answer = client.call("POST", "/user/login", form=fields, root="serviceResult", _login=True)
        else:
            answer = client.call("GET", "/user/login", query=fields, root="serviceResult", _login=True)
        return client._expect_result(answer, "login")

    def get_room_hash(self, sid: str | None, user: ExternalUser, options: RoomOptions) -> ServiceResult:
        """POST /user/hash. 4.0-6.2 send a bare HTTP 500 for "not allowed", rebuilt here as the
        ("error.notallowed", ERROR) the SOAP facade reads from its fault. That result is
        reconstructed, not read (INFERRED: with user and options always sent, the only cause
        of that 500 in ``UserWebService.getRoomHash`` @ 4.0.6RC1 is the missing right)."""
        client = self.client
        version = client.server_version
        form = {"user": json.dumps(user.to_json()), "options": json.dumps(options_json(options, version))}
        try:
            answer = client.call("POST", "/user/hash", form=form, root="serviceResult", sid=client._sid(sid))
        except ServerError as exc:
            if exc.status == 500 and version.family.hash_not_allowed == "fault" and not version.has("rest_error_body"):
                return not_allowed_result(version.family)
            raise
        return client._expect_result(answer, "getRoomHash")

    def error_message(self, id_or_key: int | str, language: int) -> ServiceResult | None:
        """GET /error/{key}/{lang}: numeric ids on 3.x, i18n keys from 4.0. An unknown 3.x id
        answers 204 (INFERRED), which is None here as over SOAP."""
        client = self.client
        if client.server_version.family.error_lookup == "id":
            key = str(client._error_number(id_or_key, "id (e.g. -11)"))
        else:
            key = str(id_or_key)
        answer = client.call("GET", f"/error/{quote(key, safe='')}/{int(language)}", root="serviceResult")
        if answer is None:
            return None
        # an error text, not a secret: shown in the repr whatever its type
        return client._expect_result(answer, "ErrorService.get").with_public_message()

    def version(self) -> str:
        """GET /info/version (3.1.3 and later); the given ``version=`` when the server has none."""
        client = self.client
        given = client._version
        if given is not None and not given.has("info_service"):
            return str(given.text)
        try:
            answer = client.call("GET", "/info/version", root="info")
        except UnexpectedResponse as exc:
            if exc.status != 404:
                raise
            if given is not None:
                return str(given.text)
            raise UnsupportedOperation(
                "the server has no InfoService (GET /services/info/version is 404); "
                "it is OpenMeetings 3.1.2 or older, or the URL is not an OpenMeetings context",
                first_version="3.1.3",
            ) from None
        text = answer.get("version") if isinstance(answer, RestObject) else None
        if not text or not isinstance(text, (str, int, float)) or isinstance(text, bool):
            raise UnexpectedResponse("GET /services/info/version answered without a text info.version")
        return str(text)


def options_json(options: RoomOptions, version: ServerVersion) -> dict[str, Any]:
    """RoomOptionsDTO JSON with only the fields this version declares (RoomOptionsDTO.java at
    the version's tag): as the SOAP facade does with the WSDL, a field the server lacks is
    not sent, with a warning."""
    body = options.to_json()
    dropped = []
    if version.has("show_nick_name_dialog"):
        body["showNickNameDialog"] = bool(options.show_nick_name_dialog)
    elif body.pop("showNickNameDialog", None):
        dropped.append("showNickNameDialog")
    if not version.has("external_room_id"):
        dropped += [k for k in ("externalRoomId", "externalType") if body.pop(k, None) not in (None, "")]
    warn_not_declared(dropped)
    return body


__all__ = ["RestDialect", "options_json"]
