"""The releases where each versions.FEATURES entry switches, as literals read at the tags.

Shared by tests/unit/test_features_pinned.py (which checks versions.FEATURES against it) and by
every test whose expectation depends on a release: such tests ask :func:`has` here, never
``ServerVersion.has``, so a wrong entry in versions.py fails them instead of moving the
product, the fake and the expectation together.

Each row is (feature, last release without it, first release with it, last release with it,
first release without it); None where there is no such release (a feature of the first CXF
release 3.1.0, or one still present in 9.1.0). The releases were read at the git tags of
apache/openmeetings (a release is its last RC tag: 3.1.3 = 3.1.3RC3, 4.0.0 = 4.0.0RC2).

Paths below are short: ``WS/`` is openmeetings-webservice/src/main/java/org/apache/openmeetings/
webservice, ``DTO/`` is openmeetings-db/src/main/java/org/apache/openmeetings/db/dto, ``WEB/`` is
openmeetings-web/src/main/java/org/apache/openmeetings/web.
"""
from __future__ import annotations

from typing import Any, Tuple

from om_soap.versions import parse

PINNED = [
    # WEB/pages/HashPage.java: parameter "secureHash" @ 3.1.5RC2, "secure" on /hash @ 3.2.0RC2.
    ("hash_entry_url", "3.1.5", "3.2.0", None, None),
    # WEB/pages/HashPage.java: LANG = "language" read first @ 4.0.5RC1 (absent @ 4.0.4RC1).
    ("hash_page_language", "4.0.4", "4.0.5", None, None),
    # WS/InfoWebService.java: absent @ 3.1.2, present @ 3.1.3RC3.
    ("info_service", "3.1.2", "3.1.3", None, None),
    # openmeetings-webservice/pom.xml: cxf-rt-rs-service-description (the WADL) absent @ 3.1.2,
    # present @ 3.1.3RC1 and @ 3.1.3RC3.
    ("rest_wadl", "3.1.2", "3.1.3", None, None),
    # DTO/basic/Info.java: `inited` absent @ 3.3.0, present @ 3.3.1RC3 .. 4.0.6RC1, gone @ 4.0.7RC1.
    ("info_inited", "3.3.0", "3.3.1", "4.0.6", "4.0.7"),
    # WS/InfoWebService.java getHealth: absent @ 4.0.6RC1, present @ 4.0.7RC1.
    ("health", "4.0.6", "4.0.7", None, None),
    # WS/InfoWebService.java getManifest: absent @ 6.1.0, present @ 6.2.0.
    ("manifest", "6.1.0", "6.2.0", None, None),
    # DTO/room/RoomOptionsDTO.java showNickNameDialog: @ 3.1.0RC1 .. 3.1.5RC2, gone @ 3.2.0RC2.
    ("show_nick_name_dialog", None, "3.1.0", "3.1.5", "3.2.0"),
    # DTO/room/RoomOptionsDTO.java externalRoomId: absent @ 5.0.0, present @ 5.0.1.
    ("external_room_id", "5.0.0", "5.0.1", None, None),
    # WS/UserWebService.java getRoomHash checks externalId/externalType: absent @ 4.0.5RC1, @ 4.0.6RC1.
    ("external_id_check", "4.0.5", "4.0.6", None, None),
    # WS/util/OmExceptionHandler.java (the REST exception mapper): absent @ 6.2.0, present @ 6.3.0.
    ("rest_error_body", "6.2.0", "6.3.0", None, None),
    # WS/UserWebService.java login: @QueryParam("user") @ 8.1.0, @FormParam("user") @ 9.0.0.
    ("rest_login_post", "8.1.0", "9.0.0", None, None),
    # openmeetings-db .../dao/user/UserDao.java badPwdPenalty (nextLong sleep): absent @ 8.1.0, @ 9.0.0.
    ("bad_password_delay", "8.1.0", "9.0.0", None, None),
    # openmeetings-db .../dao/user/UserDao.java login trims and lowercases: absent @ 7.1.0, @ 7.2.0.
    ("login_lowercase", "7.1.0", "7.2.0", None, None),
    # WS/UserWebService.java `throws ServiceException`: @ 3.1.0RC1 .. 3.3.2RC1, not @ 4.0.0RC2 .. 5.1.0,
    # again from 6.0.0.
    ("declared_faults_3x", None, "3.1.0", "3.3.2", "4.0.0"),
    ("declared_faults", "5.1.0", "6.0.0", None, None),
    # WS/UserWebService.java `List<UserDTO> get(`: absent @ 3.1.1RC1, present @ 3.1.2.
    ("user_get", "3.1.1", "3.1.2", None, None),
    # WS/UserWebService.java `ServiceResult kick(`: @ 3.1.0RC1 .. 4.0.6RC1, gone @ 4.0.7RC1.
    ("user_kick", None, "3.1.0", "4.0.6", "4.0.7"),
    # WS/UserWebService.java count(: @ 3.1.0RC1 .. 4.0.5RC1, gone @ 4.0.6RC1.
    ("user_count", None, "3.1.0", "4.0.5", "4.0.6"),
    # WS/UserWebService.java `public int count(` @ 3.1.0RC1 .. 3.2.1RC3; ServiceResult @ 3.3.0.
    ("user_count_int", None, "3.1.0", "3.2.1", "3.3.0"),
    # WS/RoomWebService.java `ServiceResult hash(`: absent @ 3.3.2RC1, present @ 4.0.0RC2.
    ("room_invitation_hash", "3.3.2", "4.0.0", None, None),
    # WS/RoomWebService.java kick(sid, id) kicks everybody @ 3.1.0RC1 .. 4.0.6RC1; kickAll and
    # kick(sid, id, externalType, externalId) @ 4.0.7RC1.
    ("room_kick_all_as_kick", None, "3.1.0", "4.0.6", "4.0.7"),
    ("room_kick_all", "4.0.6", "4.0.7", None, None),
    ("room_kick_user", "4.0.6", "4.0.7", None, None),
    # WS/RoomWebService.java counters( @ 3.1.0RC1 .. 4.0.5RC1; count( and users( from 4.0.6RC1.
    ("room_counters", None, "3.1.0", "4.0.5", "4.0.6"),
    ("room_count", "4.0.5", "4.0.6", None, None),
    ("room_users", "4.0.5", "4.0.6", None, None),
    # WS/RoomWebService.java cleanWb( @ 4.0.6RC1 .. 6.3.0, gone @ 7.0.0.
    ("room_clean_wb", "4.0.5", "4.0.6", "6.3.0", "7.0.0"),
    # WS/WbWebService.java: absent @ 4.0.11, present @ 5.0.0.
    ("wb_service", "4.0.11", "5.0.0", None, None),
    # WS/RoomWebService.java getExternal path {type}/{externaltype}/{externalid}: @ 6.0.0 (not 5.1.0).
    ("rest_get_external", "5.1.0", "6.0.0", None, None),
    # WS/FileWebService.java getAllExternal: absent @ 4.0.5RC1, present @ 4.0.6RC1.
    ("file_get_all_external", "4.0.5", "4.0.6", None, None),
    # WS/ServerWebService.java: @ 3.1.0RC1 .. 3.3.0, gone @ 3.3.1RC3.
    ("server_service", None, "3.1.0", "3.3.0", "3.3.1"),
    # WS/UserWebService.java add: @QueryParam("user") @ 3.3.1RC3, @FormParam("user") @ 3.3.2RC1.
    ("rest_add_user_form", "3.3.1", "3.3.2", None, None),
    # WS/RoomWebService.java getRoomById: hasUserLevel only @ 3.1.0RC1 .. 3.1.2 (and 3.1.3RC1);
    # hasWebServiceLevel || hasUserLevel @ 3.1.3RC3 .. 3.3.2RC1; performCall(Soap) @ 4.0.0RC2.
    ("room_get_by_id_room_only", None, "3.1.0", "3.1.2", "3.1.3"),
    ("room_get_by_id_room_right", "3.1.2", "3.1.3", "3.3.2", "4.0.0"),
    # WS/UserWebService.java add checks allow.soap.register: absent @ 4.0.5RC1, present @ 4.0.6RC1.
    ("soap_register_check", "4.0.5", "4.0.6", None, None),
    # RoomService.cleanWb from 4.0.6RC1, then WbService.cleanWb (WS/WbWebService.java @ 5.0.0 ..).
    ("clean_wb", "4.0.5", "4.0.6", None, None),
    # WS/GroupWebService.java addRoom: {roomId} against @PathParam("roomid") @ 4.0.2, {roomid} @ 4.0.3.
    ("rest_group_add_room", "4.0.2", "4.0.3", None, None),
    # DTO/room/RoomDTO.java: numberOfPartizipants @ 3.3.2RC1, capacity @ 4.0.0RC2.
    ("room_capacity", "3.3.2", "4.0.0", None, None),
    # DTO/room/RoomDTO.java: waitForRecording @ 4.0.11, waitRecording @ 5.0.0.
    ("room_wait_recording", "4.0.11", "5.0.0", None, None),
    # WS/RoomWebService.java getPublic: `Room.Type.valueOf(type)` @ 4.0.2, an empty type means
    # every room @ 4.0.3.
    ("public_rooms_any_type", "4.0.2", "4.0.3", None, None),
    # openmeetings-db .../entity/user/Address.java: `State state` @ 3.1.0RC1 and 3.1.1RC1,
    # `String country` from 3.1.2.
    ("address_state", None, "3.1.0", "3.1.1", "3.1.2"),
    ("address_country", "3.1.1", "3.1.2", None, None),
    # pom.xml: <jdk.version>11</jdk.version> @ 6.3.0, 17 @ 7.0.0.
    ("helpful_npe", "6.3.0", "7.0.0", None, None),
    # WS/UserWebService.java add: checkEmail(user.getAddress().getEmail()) absent @ 8.0.0, present @ 8.1.0.
    ("user_add_email_check", "8.0.0", "8.1.0", None, None),
]


ROWS = {row[0]: row for row in PINNED}


def _vt(text: str) -> Tuple[int, int, int]:
    parts = [int(p) for p in text.split(".")]
    return (parts + [0, 0, 0])[0], (parts + [0, 0, 0])[1], (parts + [0, 0, 0])[2]


def has(version: Any, feature: str) -> bool:
    """Whether ``version`` (a ServerVersion, "4.0.11" or a line such as "4.0") has ``feature``,
    by the literal releases above."""
    _, _, first_with, _, first_without = ROWS[feature]
    vt = parse(version).tuple
    return _vt(first_with) <= vt and (first_without is None or vt < _vt(first_without))


#: Family facts as literals, each by the first release where its value holds (read at the
#: tags): DTO/basic/ServiceResult.java has `code` @ 3.1.0RC1 .. 3.3.2RC1 and not @ 4.0.0RC2;
#: "Insufficient permissions" in WS/RoomWebService.java and WS/UserWebService.java @ 3.1.0RC1
#: .. 3.3.2RC1, ServiceResult.NO_PERMISSION = "error.notallowed" (a fault via performCall)
#: @ 4.0.0RC2; WS/ErrorWebService.java get(key) @ 4.0.0RC2 (get(id) before); Room.Type
#: CONFERENCE (upper-case enums) @ 5.0.0; the Axis2 line (2.1-3.0.x) before 3.1.0.
FAMILY_ROWS = [
    ("2.1.0", {"name": "axis2", "result_has_code": False, "hash_not_allowed": "returned",
               "not_allowed_message": "-26", "error_lookup": "code", "enum_case": "camel"}),
    ("3.1.0", {"name": "3.1", "result_has_code": True, "hash_not_allowed": "returned",
               "not_allowed_message": "Insufficient permissions", "error_lookup": "id", "enum_case": "camel"}),
    ("3.3.0", {"name": "3.3", "result_has_code": True, "hash_not_allowed": "returned",
               "not_allowed_message": "Insufficient permissions", "error_lookup": "id", "enum_case": "camel"}),
    ("4.0.0", {"name": "4.0", "result_has_code": False, "hash_not_allowed": "fault",
               "not_allowed_message": "error.notallowed", "error_lookup": "key", "enum_case": "camel"}),
    ("5.0.0", {"name": "5.x", "result_has_code": False, "hash_not_allowed": "fault",
               "not_allowed_message": "error.notallowed", "error_lookup": "key", "enum_case": "upper"}),
    ("6.0.0", {"name": "6-8", "result_has_code": False, "hash_not_allowed": "fault",
               "not_allowed_message": "error.notallowed", "error_lookup": "key", "enum_case": "upper"}),
    ("9.0.0", {"name": "9.x", "result_has_code": False, "hash_not_allowed": "fault",
               "not_allowed_message": "error.notallowed", "error_lookup": "key", "enum_case": "upper"}),
]


def family(version: Any, attr: str) -> Any:
    """The literal family fact ``attr`` for ``version`` (see :data:`FAMILY_ROWS`)."""
    vt = parse(version).tuple
    value = None
    for first, facts in FAMILY_ROWS:
        if _vt(first) <= vt:
            value = facts[attr]
    return value
