"""What the entry page does with a room hash: who enters which room (state behaviour).

Functions over a :class:`~om_soap.fake.models.FakeState` (``state``), which calls them.
"""
from __future__ import annotations

import uuid
from typing import Any, Dict, Optional

from .entities import Client, EntryRefused, Room, User


def enter(state: Any, secure: Optional[str]) -> Dict[str, Any]:
    """What the hash page does with ``secure``: who enters which room, with which options.

    Raises :class:`EntryRefused` for an unknown or used hash, or one whose session is
    gone (a hash works while its SID session exists: WebSession.signIn @ 9.1.0 checks it).
    """
    with state.lock:
        row = state.hashes.get(secure or "")
        if row is None:
            raise EntryRefused("unknown hash")
        if row.used:
            raise EntryRefused("this hash was already used")
        session = state.check(row.sid)
        if session is None:
            raise EntryRefused("the session that created this hash has expired")
        ext = session.external_user or {}
        if not ext.get("externalId"):
            # WebSession.signIn @ 3.1.5RC2 .. 9.1.0 signs in only when the session's
            # external user has a non-empty externalId (Strings.isEmpty check).
            raise EntryRefused("the hash's user has no externalId")
        options = row.options
        room = room_for(state, options)
        if room is None:
            raise EntryRefused("the hash's room does not exist")
        person = external_user(state, ext)
        if not options.get("allowSameURLMultipleTimes"):
            row.used = True
        if state.version.has("hash_entry_url"):
            # WebSession.signIn @ 3.2.0RC2: `sd = sessionDao.check(soapLogin.getSessionHash())`
            # then `sd.setUserId(user.getId())` re-points the SOAP SID; @ 3.1.5RC2 it updates
            # the web session's own SID instead.
            session.user_id = person.id
        moderator = bool(options.get("moderator"))
        client = Client(str(uuid.uuid4()), person.id, room.id, moderator)
        state.clients[client.uid] = client
        return {
            "login": person.login, "firstname": person.firstname, "lastname": person.lastname,
            "email": person.email, "externalId": person.external_id,
            "externalType": person.external_type, "userId": person.id,
            "roomId": room.id, "roomName": room.name, "moderator": moderator,
            "showAudioVideoTest": bool(options.get("showAudioVideoTest")),
            "allowRecording": bool(options.get("allowRecording")),
            "allowSameURLMultipleTimes": bool(options.get("allowSameURLMultipleTimes")),
            "recordingId": options.get("recordingId"),
        }


def room_for(state: Any, options: Dict[str, Any]) -> Optional[Room]:
    ext_id, ext_type = options.get("externalRoomId"), options.get("externalType")
    if ext_id and ext_type:  # by external id when both are set (WebSession.java @ 9.1.0)
        return next((r for r in state.rooms.values()
                     if r.external_id == ext_id and r.external_type == ext_type), None)
    room_id = options.get("roomId")
    return state.rooms.get(room_id) if room_id is not None else None


def external_user(state: Any, ext: Dict[str, Any]) -> User:
    """Create or reuse the user of type external with this externalId/externalType.

    WebSession.signIn (WebSession.java @ 3.1.5RC2, 3.3.0, 4.0.6RC1, 9.1.0): a new external
    user gets the ROOM right only (rights cleared, then Room); re-entering updates first
    name, last name and picture only, never the e-mail."""
    for u in state.users.values():
        if u.type == "EXTERNAL" and u.external_id == ext.get("externalId") \
                and u.external_type == ext.get("externalType"):
            u.firstname, u.lastname = ext.get("firstname"), ext.get("lastname")
            u.picture_uri = ext.get("profilePictureUrl")
            return u
    user = state.add_user(
        str(ext.get("login") or ext.get("externalId")), None, rights=("ROOM",),
        firstname=ext.get("firstname"), lastname=ext.get("lastname"), email=ext.get("email"),
        kind="EXTERNAL", external_id=ext.get("externalId"), external_type=ext.get("externalType"),
        groups=(),
    )
    user.country = ""
    external_group(state, ext.get("externalType"))
    user.picture_uri = ext.get("profilePictureUrl")
    return user


def external_group(state: Any, external_type: Any) -> None:
    """A group named after the external type, made when its first user enters (real
    9.1.0: tests/transcripts/9.1.0/47-rest_group_list.json lists "myCMS" after "admins")."""
    if external_type and not any(g["name"] == external_type for g in state.groups.values()):
        state.add_group(str(external_type))
