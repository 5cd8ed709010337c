"""Every versions.FEATURES entry pinned with literal releases read from the OpenMeetings source.

The table (tests/pinned.py) was read at the git tags of apache/openmeetings, never from
om_soap/versions.py, so a wrong entry in the table fails here instead of moving the client, the
REST twin and the fake together.
"""
from __future__ import annotations

import pytest
from pinned import PINNED

from om_soap import versions
from om_soap.versions import parse


def test_every_feature_is_pinned_once():
    names = [row[0] for row in PINNED]
    assert len(names) == len(set(names)), "a feature is pinned twice"
    assert set(names) == set(versions.FEATURES), (
        "pin every FEATURES entry here with the releases read at the tags: "
        f"unpinned {sorted(set(versions.FEATURES) - set(names))}, stale {sorted(set(names) - set(versions.FEATURES))}"
    )


@pytest.mark.parametrize("feature,last_without,first_with,last_with,first_without", PINNED,
                         ids=[row[0] for row in PINNED])
def test_feature_switches_at_the_releases_read_at_the_tags(feature, last_without, first_with, last_with,
                                                           first_without):
    if last_without is not None:
        assert not parse(last_without).has(feature), f"{feature}: {last_without} must not have it"
    assert parse(first_with).has(feature), f"{feature}: {first_with} must have it"
    if last_with is not None:
        assert parse(last_with).has(feature), f"{feature}: {last_with} must still have it"
        assert not parse(first_without).has(feature), f"{feature}: {first_without} must not have it"
    else:
        assert parse("9.1.0").has(feature), f"{feature}: still present in 9.1.0"


def test_require_names_the_first_release_read_at_the_tags():
    from om_soap.errors import UnsupportedOperation

    for feature, first in (("room_count", "4.0.6"), ("file_get_all_external", "4.0.6"),
                           ("rest_group_add_room", "4.0.3"), ("info_service", "3.1.3")):
        with pytest.raises(UnsupportedOperation) as err:
            parse("3.1.0").require(feature, feature)
        assert err.value.first_version == first
