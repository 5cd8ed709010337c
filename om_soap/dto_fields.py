"""DTO fields whose name or spelling depends on the release, as data (re-exported by
:mod:`om_soap.operations`): enum fields and their pre-5.0 spelling, DTOs nested in DTOs, and
fields renamed between releases. Both protocols read these tables to send what the server's
version expects, whichever spelling the caller wrote.
"""
from __future__ import annotations

from typing import Dict, Tuple

#: DTO fields that are enums, and their pre-5.0 spelling: "lower" (``conference``,
#: ``user``) or "camel" (``Soap``, ``GroupAdmin``, ``TopBar``, ``OneTime``). From 5.0 all
#: are UPPER_CASE with underscores (entity/room/Room.java, entity/user/User.java @ 4.0.11, 5.0.0).
ENUM_FIELDS: Dict[str, Dict[str, str]] = {
    "roomDTO": {"type": "lower", "hiddenElements": "camel"},
    "userDTO": {"rights": "camel", "type": "lower"},
    "invitationDTO": {"valid": "camel"},
    # FileItem.Type (``WmlFile`` / ``WML_FILE``) and Appointment.Reminder (``ical`` / ``ICAL``),
    # as the bundled WSDLs spell them before and from 5.0.
    "fileItemDTO": {"type": "camel"},
    "appointmentDTO": {"reminder": "lower"},
}

#: DTO fields inside DTOs (field -> complexType), for enum spelling and WSDL shaping.
NESTED_DTOS: Dict[str, Dict[str, str]] = {
    "userDTO": {"address": "address"},
    "appointmentDTO": {"owner": "userDTO", "room": "roomDTO"},
}

#: Fields renamed in a release (RoomDTO.java @ 3.3.2RC1, 4.0.0RC2, 5.0.0): (new name, old
#: name, FEATURES key of the release). Both protocols send the name of the server's version,
#: whichever the caller wrote.
VERSIONED_FIELDS: Dict[str, Tuple[Tuple[str, str, str], ...]] = {
    "roomDTO": (("capacity", "numberOfPartizipants", "room_capacity"),
                ("waitRecording", "waitForRecording", "room_wait_recording")),
}

#: Fields renamed between versions (RoomDTO.java as above; Address.java @ 5.0.0 writes
#: `email` as `mail`): a caller may write either name; the SOAP side sends the one the
#: server's WSDL declares.
RENAMED_FIELDS: Dict[str, Tuple[Tuple[str, str], ...]] = {
    "roomDTO": (("capacity", "numberOfPartizipants"), ("waitRecording", "waitForRecording")),
    "address": (("email", "mail"),),
}


__all__ = ["ENUM_FIELDS", "NESTED_DTOS", "RENAMED_FIELDS", "VERSIONED_FIELDS"]
