"""The per-release switches of OpenMeetings, as data.

:data:`FEATURES` names each fact that switches at one release and the range of releases that
have it; :data:`FIELD_FEATURES` and :data:`OPERATION_FEATURES` tie the DTO fields and
operations that only some releases have to those rows. :mod:`om_soap.versions` re-exports the
first two, :mod:`om_soap.operations` the last.
The third item of each row is the upstream file read at the tags (short paths as in
``docs/openmeetings-versions.md``); ``tests/pinned.py`` pins every row with literal releases.
"""
from __future__ import annotations

from typing import Dict, Optional, Tuple

VersionTuple = Tuple[int, int, int]

#: name -> (first version with it, last version with it or None for "still there", source).
FEATURES: Dict[str, Tuple[VersionTuple, Optional[VersionTuple], str]] = {
    # Entry URL `<ctx>/hash?secure=H` instead of `<ctx>/swf?secureHash=H`.
    "hash_entry_url": ((3, 2, 0), None, "WEB/pages/HashPage.java @ 3.1.5RC2, 3.2.0RC2"),
    # HashPage honours `language=` (the swf page passes it to the Flash client).
    "hash_page_language": ((4, 0, 5), None, "WEB/pages/HashPage.java @ 4.0.4RC1, 4.0.5RC1"),
    # InfoService getVersion / GET /info/version.
    "info_service": ((3, 1, 3), None, "WS/InfoWebService.java @ 3.1.2, 3.1.3RC3"),
    # Info carries a trailing `inited` flag.
    "info_inited": ((3, 3, 1), (4, 0, 6), "DTO/basic/Info.java @ 3.3.1RC3 .. 4.0.6RC1"),
    # InfoService getHealth / GET /info/health.
    "health": ((4, 0, 7), None, "WS/InfoWebService.java @ 4.0.6RC1, 4.0.7RC1"),
    # InfoService getManifest.
    "manifest": ((6, 2, 0), None, "WS/InfoWebService.java @ 6.1.0, 6.2.0"),
    # RoomOptionsDTO.showNickNameDialog exists only in 3.1.x.
    "show_nick_name_dialog": ((3, 1, 0), (3, 1, 99), "DTO/room/RoomOptionsDTO.java @ 3.1.5RC2, 3.2.0RC2"),
    # RoomOptionsDTO.externalRoomId / externalType.
    "external_room_id": ((5, 0, 1), None, "DTO/room/RoomOptionsDTO.java @ 5.0.0, 5.0.1"),
    # getRoomHash returns an error result when externalId/externalType are empty.
    "external_id_check": ((4, 0, 6), None, "WS/UserWebService.java @ 4.0.5RC1, 4.0.6RC1"),
    # `?_wadl` on the REST API: CXF's WadlGenerator (cxf-rt-rs-service-description) is a
    # dependency of openmeetings-webservice from 3.1.3.
    "rest_wadl": ((3, 1, 3), None, "openmeetings-webservice/pom.xml @ 3.1.2, 3.1.3RC1"),
    # REST errors are HTTP 500 with a serviceResult body and an `exception` header.
    "rest_error_body": ((6, 3, 0), None, "WS/util/OmExceptionHandler.java @ 6.2.0, 6.3.0"),
    # REST login is POST with form fields.
    "rest_login_post": ((9, 0, 0), None, "WS/UserWebService.java @ 8.1.0, 9.0.0"),
    # A failed login sleeps 6-15 s on the server.
    "bad_password_delay": ((9, 0, 0), None, "DAO/user/UserDao.java @ 8.1.0, 9.0.0"),
    # Login input is trimmed and lowercased.
    "login_lowercase": ((7, 2, 0), None, "DAO/user/UserDao.java @ 7.1.0, 7.2.0"),
    # The WSDL declares ServiceException faults: 3.x and 6.0+, not 4.0-5.x.
    "declared_faults_3x": ((3, 1, 0), (3, 3, 99), "WS/UserWebService.java @ 3.3.2RC1, 4.0.0RC2"),
    "declared_faults": ((6, 0, 0), None, "WS/UserWebService.java @ 5.1.0, 6.0.0"),
    # UserService.get.
    "user_get": ((3, 1, 2), None, "WS/UserWebService.java @ 3.1.1RC1, 3.1.2"),
    # UserService.kick (3.x, 4.0.0-4.0.6) and UserService.count (3.x, 4.0.0-4.0.5).
    "user_kick": ((3, 1, 0), (4, 0, 6), "WS/UserWebService.java @ 4.0.6RC1, 4.0.7RC1"),
    "user_count": ((3, 1, 0), (4, 0, 5), "WS/UserWebService.java @ 4.0.5RC1, 4.0.6RC1"),
    # UserService.count returns a bare int before 3.3.
    "user_count_int": ((3, 1, 0), (3, 2, 99), "WS/UserWebService.java @ 3.2.1RC3, 3.3.0"),
    # RoomService.hash (invitations) is public from 4.0.0 (private in every 3.x).
    "room_invitation_hash": ((4, 0, 0), None, "WS/RoomWebService.java @ 3.3.2RC1, 4.0.0RC2"),
    # RoomService.kick kicks everybody up to 4.0.6; kickAll from 4.0.7.
    "room_kick_all_as_kick": ((3, 1, 0), (4, 0, 6), "WS/RoomWebService.java @ 4.0.6RC1, 4.0.7RC1"),
    "room_kick_all": ((4, 0, 7), None, "WS/RoomWebService.java @ 4.0.6RC1, 4.0.7RC1"),
    "room_kick_user": ((4, 0, 7), None, "WS/RoomWebService.java @ 4.0.6RC1, 4.0.7RC1"),
    # RoomService.counters (3.x-4.0.5), count and users (4.0.6+).
    "room_counters": ((3, 1, 0), (4, 0, 5), "WS/RoomWebService.java @ 4.0.5RC1, 4.0.6RC1"),
    "room_count": ((4, 0, 6), None, "WS/RoomWebService.java @ 4.0.5RC1, 4.0.6RC1"),
    "room_users": ((4, 0, 6), None, "WS/RoomWebService.java @ 4.0.5RC1, 4.0.6RC1"),
    # RoomService.cleanWb 4.0.6-6.3.0; WbService.cleanWb from 5.0.
    "room_clean_wb": ((4, 0, 6), (6, 3, 99), "WS/RoomWebService.java @ 4.0.6RC1, 6.3.0, 7.0.0"),
    "wb_service": ((5, 0, 0), None, "WS/WbWebService.java @ 4.0.11, 5.0.0"),
    # REST getExternal: the path template misspells externalid up to 5.1.0.
    "rest_get_external": ((6, 0, 0), None, "WS/RoomWebService.java @ 5.1.0, 6.0.0"),
    # FileService.getAllExternal.
    "file_get_all_external": ((4, 0, 6), None, "WS/FileWebService.java @ 4.0.5RC1, 4.0.6RC1"),
    # ServerService was removed in 3.3.1.
    "server_service": ((3, 1, 0), (3, 3, 0), "WS/ServerWebService.java @ 3.3.0, 3.3.1RC3"),
    # REST UserService.add reads user/confirm from the form from 3.3.2, the query before.
    "rest_add_user_form": ((3, 3, 2), None, "WS/UserWebService.java @ 3.3.1RC3, 3.3.2RC1"),
    # RoomService.getRoomById accepts Soap (hasWebServiceLevel) or Room (hasUserLevel) from
    # 3.1.3 (tag 3.1.3RC3, the release) through 3.3.2RC1; Soap only from 4.0.
    "room_get_by_id_room_right": ((3, 1, 3), (3, 3, 99), "WS/RoomWebService.java @ 3.1.3RC3"),
    # ...and takes the Room right only (hasUserLevel) before that: 3.1.0RC1, 3.1.2 and
    # 3.1.3RC1 (an RC of 3.1.3, not the release).
    "room_get_by_id_room_only": ((3, 1, 0), (3, 1, 2), "WS/RoomWebService.java @ 3.1.2"),
    # UserService.add refuses unless allow.soap.register is set, from 4.0.6.
    "soap_register_check": ((4, 0, 6), None, "WS/UserWebService.java @ 4.0.5RC1, 4.0.6RC1"),
    # Cleaning a room's whiteboards: RoomService.cleanWb from 4.0.6, WbService.cleanWb from
    # 5.0; one of the two exists from 4.0.6 on.
    "clean_wb": ((4, 0, 6), None, "WS/RoomWebService.java @ 4.0.6RC1, WS/WbWebService.java @ 5.0.0"),
    # REST GroupService.addRoom: the template says {roomId} for @PathParam("roomid") up to
    # 4.0.2, {roomid} from 4.0.3.
    "rest_group_add_room": ((4, 0, 3), None, "WS/GroupWebService.java @ 4.0.2, 4.0.3"),
    # RoomDTO renames: numberOfPartizipants -> capacity in 4.0, waitForRecording ->
    # waitRecording in 5.0.
    "room_capacity": ((4, 0, 0), None, "DTO/room/RoomDTO.java @ 3.3.2RC1, 4.0.0RC2"),
    "room_wait_recording": ((5, 0, 0), None, "DTO/room/RoomDTO.java @ 4.0.11, 5.0.0"),
    # RoomService.getPublic with an empty type lists every public room (`Strings.isEmpty(type)
    # ? null : ...` @ 4.0.3); up to 4.0.2 Room.Type.valueOf faults.
    "public_rooms_any_type": ((4, 0, 3), None, "WS/RoomWebService.java @ 4.0.2, 4.0.3"),
    # userDTO.address: `State state` @ 3.1.0RC1 and 3.1.1RC1, `String country` from 3.1.2.
    "address_state": ((3, 1, 0), (3, 1, 1), "ENT/user/Address.java @ 3.1.1RC1"),
    "address_country": ((3, 1, 2), None, "ENT/user/Address.java @ 3.1.2"),
    # Releases built for Java 17 (pom.xml jdk.version 17 @ 7.0.0, 11 @ 6.3.0) run where an NPE
    # carries the JDK's helpful message, which OpenMeetings passes on as the fault's text (real
    # 7.2.0-9.1.0: tests/transcripts/9.1.0/28-soap_room_get_missing.json).
    "helpful_npe": ((7, 0, 0), None, "pom.xml @ 7.0.0"),
    # UserService.add refuses an address without a valid e-mail (checkEmail in
    # UserWebService.java @ 8.1.0, absent @ 8.0.0; real 9.1.0: tests/transcripts/9.1.0/42-rest_user_add.json).
    "user_add_email_check": ((8, 1, 0), None, "UserWebService.java @ 8.1.0"),
}

#: DTO fields that only some releases of a WSDL snapshot's line have: (complexType or operation
#: wrapper, field) -> FEATURES key. The fake serves (and answers with) a field only where its
#: release has the feature, so one snapshot per line serves every release of the line.
FIELD_FEATURES: Dict[Tuple[str, str], str] = {
    ("address", "state"): "address_state",
    ("address", "country"): "address_country",
    # RoomOptionsDTO.java @ 5.0.0 has neither; @ 5.0.1 both (dto/room/RoomOptionsDTO.java).
    ("roomOptionsDTO", "externalRoomId"): "external_room_id",
    ("roomOptionsDTO", "externalType"): "external_room_id",
    # dto/basic/Info.java: `inited` @ 3.3.1RC3 .. 4.0.6RC1.
    ("info", "inited"): "info_inited",
    ("roomOptionsDTO", "showNickNameDialog"): "show_nick_name_dialog",
    # RoomService.kick(sid, id) up to 4.0.6; kick(sid, id, externalType, externalId) from 4.0.7
    # (RoomWebService.java @ 4.0.6RC1 / 4.0.7RC1).
    ("kick", "externalType"): "room_kick_user",
    ("kick", "externalId"): "room_kick_user",
}

#: (service, operation) -> FEATURES key: what the generic ``call`` checks to name the first
#: version with an operation the server lacks (the sources are those of the FEATURES rows).
OPERATION_FEATURES: Dict[Tuple[str, str], str] = {
    ("RoomService", "kickAll"): "room_kick_all",
    ("RoomService", "hash"): "room_invitation_hash",
    ("RoomService", "count"): "room_count",
    ("RoomService", "users"): "room_users",
    ("RoomService", "counters"): "room_counters",
    ("RoomService", "cleanWb"): "room_clean_wb",
    ("UserService", "kick"): "user_kick",
    ("UserService", "count"): "user_count",
    ("UserService", "get"): "user_get",
    ("FileService", "getAllExternal"): "file_get_all_external",
    ("InfoService", "getVersion"): "info_service",
    ("InfoService", "getHealth"): "health",
    ("InfoService", "getManifest"): "manifest",
}


__all__ = ["FEATURES", "FIELD_FEATURES", "OPERATION_FEATURES", "VersionTuple"]
