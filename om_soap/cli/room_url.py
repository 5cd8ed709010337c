"""``om-soap room-url``: log in, mint a room hash for an external user, print the entry URL.

The URL is the product of this command, so it is printed whole (it carries the hash, like
any invitation link); in ``--json`` output the SID and the hash inside the results are
redacted and only ``url`` carries the hash.
"""
from __future__ import annotations

import argparse
import json

from ..results import ExternalUser, RoomOptions
from .common import add_connection_arguments, logged_in
from .login import shown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser)
    room = parser.add_argument_group("room and user")
    room.add_argument("--room-id", type=int, required=True, help="OpenMeetings room id")
    room.add_argument("--external-id", required=True, help="the user's id in your system")
    room.add_argument("--external-type", required=True, help="your system's name, e.g. myCMS")
    room.add_argument("--firstname", required=True)
    room.add_argument("--lastname", required=True)
    room.add_argument("--login", help="login name shown in the room")
    room.add_argument("--email")
    room.add_argument("--moderator", action="store_true", help="enter as moderator")
    room.add_argument("--language", type=int, help="language id for the room page (1 = English)")
    parser.add_argument("--json", action="store_true", help="print login result, hash result and url as JSON")


def run(args: argparse.Namespace) -> int:
    client, login = logged_in(args)
    if not login.ok:
        if args.json:
            print(json.dumps({"login": shown(login.to_rest())}, indent=2))
        else:
            print(f"login failed: {json.dumps(login.to_rest()['serviceResult'])}")
        return 1
    user = ExternalUser(
        login=args.login,
        firstname=args.firstname,
        lastname=args.lastname,
        email=args.email,
        external_id=args.external_id,
        external_type=args.external_type,
    )
    options = RoomOptions(room_id=args.room_id, moderator=args.moderator)
    hashed = client.get_room_hash(user, options)
    url = client.room_url(hashed.message, args.language) if hashed.ok and hashed.message else None
    if args.json:
        out = {"login": shown(login.to_rest()), "hash": shown(hashed.to_rest())}
        if url:
            out["url"] = url
        print(json.dumps(out, indent=2))
    elif url:
        print(url)
    else:
        print(f"getRoomHash failed: {json.dumps(hashed.to_rest()['serviceResult'])}")
    return 0 if url else 1
