"""The entry page for a hash it cannot use answers as OpenMeetings' HashPage does: HTTP 200
with its error dialog, never 404.

HashPage is mounted with a NoVersionMapper (``swf`` in 3.1, ``hash`` from 3.2:
Application.java @ 3.1.5RC2, 3.2.0RC1, 4.0.11, 9.1.0), so a GET renders the page in place.
When ``WebSession.checkHashes`` signed nobody in (unknown hash, used hash, session gone),
the page opens its "access-denied" dialog with header "Invalid hash" and the text of key
1599; with no hash at all the text stays "Invalid hash" (HashPage.java @ 3.1.5RC2, 3.2.0RC1,
4.0.11, 9.1.0; labels from web/app/Application.properties.xml at the same tags).
"""
from __future__ import annotations

import pytest

from om_soap.fake import FakeOpenMeetings
from om_soap.fake.testing import SAMPLE_OPTIONS, SAMPLE_USER, call, login, result_of

NO_RIGHTS = "Access denied. You have no rights to enter this room."  # key 1599
UNKNOWN = "0f0f0f0f-1111-4222-8333-444444444444"


@pytest.fixture(params=["3.1", "3.2", "4.0", "9.1"])
def fake(request):
    with FakeOpenMeetings(request.param, serve=False, bad_password_delay=(0, 0.01)) as f:
        yield f


def _page(fake):
    return ("hash", "secure") if fake.state.version.has("hash_entry_url") else ("swf", "secureHash")


def test_unknown_hash_is_the_pages_dialog(fake):
    page, param = _page(fake)
    with fake.session() as http:
        r = http.get(f"{fake.url}/{page}", params={param: UNKNOWN}, timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
        assert "Invalid hash" in r.text and NO_RIGHTS in r.text
        assert UNKNOWN not in r.text  # the hash itself is never echoed whole
        j = http.get(f"{fake.url}/{page}", params={param: UNKNOWN}, headers={"Accept": "application/json"},
                     timeout=10)
        assert j.status_code == 200
        body = j.json()
        assert body["entered"] is False and "unknown hash" in body["reason"]
        assert body["dialog"] == {"header": "Invalid hash", "text": NO_RIGHTS}


def test_used_hash_is_the_pages_dialog(fake):
    page, param = _page(fake)
    with fake.session() as http:
        sid = login(http, fake.url)
        _, root = call(http, fake.url, "UserService", "getRoomHash", sid=sid, user=SAMPLE_USER,
                       options=dict(SAMPLE_OPTIONS))
        hashed = result_of(root, "getRoomHash")["message"]
        first = http.get(f"{fake.url}/{page}", params={param: hashed}, headers={"Accept": "application/json"},
                         timeout=10)
        assert first.status_code == 200 and first.json()["entered"]["roomId"] == 5
        again = http.get(f"{fake.url}/{page}", params={param: hashed}, headers={"Accept": "application/json"},
                         timeout=10)
        assert again.status_code == 200
        assert again.json()["entered"] is False and "already used" in again.json()["reason"]
        assert again.json()["dialog"]["text"] == NO_RIGHTS


def test_no_hash_is_invalid_hash(fake):
    page, _ = _page(fake)
    with fake.session() as http:
        j = http.get(f"{fake.url}/{page}", headers={"Accept": "application/json"}, timeout=10)
        assert j.status_code == 200 and j.json()["entered"] is False
        assert j.json()["dialog"] == {"header": "Invalid hash", "text": "Invalid hash"}
