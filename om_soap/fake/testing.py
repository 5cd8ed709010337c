"""Hand-built SOAP envelopes and their parsing: wire-level helpers for tests of the fake
and of code that talks to it (independent of om_soap's client)."""
from __future__ import annotations

from typing import Any, Dict, Optional, Tuple
from xml.sax.saxutils import escape

import requests
from lxml import etree

from ..xml import SOAP11_ENV as ENV, safe_parser

TNS = "http://webservice.openmeetings.apache.org/"
SAMPLE_USER = {"login": "superjohn", "firstname": "John", "lastname": "Doe",
               "externalId": "uid1", "externalType": "myCMS"}
SAMPLE_OPTIONS = {"roomId": 5, "moderator": True, "showAudioVideoTest": True,
                  "allowSameURLMultipleTimes": False, "allowRecording": False}


def _xml(value: Any) -> str:
    if isinstance(value, dict):
        return "".join(f"<{k}>{_xml(v)}</{k}>" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def envelope(op: str, **params: Any) -> bytes:
    body = "".join(f"<{k}>{_xml(v)}</{k}>" for k, v in params.items() if v is not None)
    return (f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body><ns:{op} xmlns:ns="{TNS}">{body}</ns:{op}>'
            "</soap:Body></soap:Envelope>").encode()


def post(session: Any, url: str, service: str, body: bytes, **headers: str) -> requests.Response:
    hdrs = {"Content-Type": "text/xml; charset=UTF-8", **headers}
    return session.post(f"{url}/services/{service}", data=body, headers=hdrs, timeout=10)


def parse(response: requests.Response) -> etree._Element:
    return etree.fromstring(response.content, safe_parser())


def call(session: Any, url: str, service: str, op: str, **params: Any) -> Tuple[int, etree._Element]:
    r = post(session, url, service, envelope(op, **params))
    return r.status_code, parse(r)


def result_of(root: etree._Element, op: str) -> Optional[Dict[str, str]]:
    """The children of ``return`` as a dict, in order (None when there is no return)."""
    resp = root.find(f"{{{ENV}}}Body/{{{TNS}}}{op}Response")
    assert resp is not None, etree.tostring(root)
    ret = resp.find("return")
    if ret is None:
        return None
    return {etree.QName(c).localname: c.text for c in ret}


def fault_of(root: etree._Element) -> Tuple[str, str, Optional[str]]:
    flt = root.find(f"{{{ENV}}}Body/{{{ENV}}}Fault")
    assert flt is not None, etree.tostring(root)
    detail = flt.find(f"detail/{{{TNS}}}ServiceException/message")
    return flt.findtext("faultcode"), flt.findtext("faultstring"), None if detail is None else detail.text


def login(session: Any, url: str, user: str = "admin", password: str = "12345") -> str:
    status, root = call(session, url, "UserService", "login", user=user, **{"pass": password})
    assert status == 200
    result = result_of(root, "login")
    assert result is not None and result["message"], result
    return result["message"]


def rest_login(session: Any, fake: Any, user: str = "admin", password: str = "12345") -> str:
    """Log in over REST as the fake's version expects (GET with query up to 8.x, POST form from
    9.0) and return the SID."""
    url = f"{fake.url}/services/user/login"
    if fake.state.version.has("rest_login_post"):
        r = session.post(url, data={"user": user, "pass": password}, timeout=10)
    else:
        r = session.get(url, params={"user": user, "pass": password}, timeout=10)
    return r.json()["serviceResult"]["message"]
