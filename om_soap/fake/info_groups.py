"""InfoService, ErrorService, GroupService and RecordService reads: their handlers (behaviour only).

Merged with the others in :mod:`~om_soap.fake.handlers`.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from ..results import ServiceResult
from .registry import Registry
from .models import (
    _ERRORS_BY_ID,
    ERROR,
    ERROR_KEYS,
    SUCCESS,
    FakeState,
    ServiceException,
)
from .operations import _id, state_null

#: Info/Error/Group/Record handlers (merged in :mod:`~om_soap.fake.handlers`).
REGISTRY = Registry()
op = REGISTRY.op


# -- InfoService, ErrorService (InfoWebService.java @ 3.1.3RC3 .. 9.1.0, ErrorWebService.java) ----
@op("InfoService", "getVersion")
def _info_version(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    info: Dict[str, Any] = {
        "version": state.version.text,
        "revision": "om-soap-fake",
        "buildDate": "2020-08-22T00:00:00Z",
    }
    if state.version.has("info_inited"):
        info["inited"] = True
    return info


@op("InfoService", "getHealth")
def _info_health(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    return {"inited": True, "installed": True, "dbOk": True}


@op("InfoService", "getManifest")
def _info_manifest(state: FakeState, p: Dict[str, Any]) -> str:
    return json.dumps({"name": "OpenMeetings", "short_name": "OM", "start_url": "./"})


@op("ErrorService", "get")
def _error_get(state: FakeState, p: Dict[str, Any]) -> Optional[ServiceResult]:
    if state.family.error_lookup == "id":
        error_id = _id(p, "id")
        if error_id is None:
            raise ServiceException(state_null())
        if error_id >= 0:
            return ServiceResult(error_id, "Error ... please check your input", "Error")
        row = _ERRORS_BY_ID[state.family.name].get(error_id)
        if row is None:
            # ErrorWebService.get @ 3.3.0: errorDao.get(-id) is null for an unknown id, and the
            # method returns null: an empty SOAP return, REST 204.
            return None
        return ServiceResult(error_id, row[0], row[1])
    key = p.get("key") or ""
    return state.result(ERROR_KEYS.get(key, "[Missing]"), SUCCESS)


@op("ErrorService", "report")
def _error_report(state: FakeState, p: Dict[str, Any]) -> None:
    if state.check(p.get("sid")) is not None and p.get("message"):
        state.error_reports.append(str(p["message"]))


# -- GroupService, RecordService reads (the rest: om_soap.fake.content) ---------------------
@op("GroupService", "add")
def _group_add(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    group = state.add_group(p.get("name") or "")
    # INFERRED: the new group's id is the message (and the code on 3.x).
    return state.result(str(group["id"]), SUCCESS, group["id"])


@op("GroupService", "get")
def _group_get(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    state.require(p.get("sid"), "SOAP")
    return [{"id": g["id"], "name": g["name"]} for g in state.groups.values()]


@op("GroupService", "addUser", "removeUser", "addRoom")
def _group_link(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    group = state.groups.get(_id(p, "id"))
    which = p["__op__"]
    target = _id(p, "roomid") if which == "addRoom" else _id(p, "userid")
    exists = (state.rooms if which == "addRoom" else state.users).get(target) is not None
    if group is None or not exists:
        return state.result("Not found", ERROR, -1)  # INFERRED message
    bucket = group["rooms" if which == "addRoom" else "users"]
    if which == "removeUser":
        if target in bucket:
            bucket.remove(target)
    elif target not in bucket:
        bucket.append(target)
    return state.result("Success", SUCCESS, 1)  # INFERRED message


@op("GroupService", "getUsers")
def _group_users(state: FakeState, p: Dict[str, Any]) -> Dict[str, Any]:
    state.require(p.get("sid"), "SOAP")
    group = state.groups.get(_id(p, "id")) or {"users": []}
    members = [state.users[u] for u in group["users"] if u in state.users]
    start, most = p.get("start") or 0, p.get("max") or len(members)
    page = members[start:start + most]
    # INFERRED: objectName "user", records = the group's size before paging.
    return {"objectName": "user", "records": len(members), "result": [state.user_dto(u) for u in page]}


@op("GroupService", "delete")
def _group_delete(state: FakeState, p: Dict[str, Any]) -> ServiceResult:
    state.require(p.get("sid"), "SOAP")
    gone = state.groups.pop(_id(p, "id"), None) is not None
    return state.result("Deleted" if gone else "Not found", SUCCESS, _id(p, "id") if gone else 0)


@op("RecordService", "getExternal", "getExternalByType", "getExternalByRoom")
def _record_external(state: FakeState, p: Dict[str, Any]) -> List[Dict[str, Any]]:
    state.require(p.get("sid"), "SOAP")
    which = p["__op__"]
    out = []
    for rec in state.recordings:
        if which == "getExternalByRoom" and rec.get("roomId") != _id(p, "roomid"):
            continue
        if which != "getExternalByRoom" and rec.get("externalType") != p.get("externaltype"):
            continue
        if which == "getExternal" and str(rec.get("externalId")) != str(p.get("externalid")):
            continue
        out.append(rec)
    return out
