"""Which OpenMeetings a SOAP client talks to: the WSDL source it reads, the version it
remembers per base URL, and detection (InfoService, else the WSDL's fingerprint)."""
from __future__ import annotations

import logging
from typing import Any, Optional, Tuple

from .. import versions
from ..errors import SoapFault, UnsupportedOperation, UnsupportedVersion, WsdlError
from ..redact import scrub
from ..versions import ServerVersion
from .wsdl_source import WsdlSource, parse_safely, sha256

log = logging.getLogger("om_soap.client")

#: ``version_found_by`` offline when nothing was cached: a guess from the bundled snapshot.
GUESSED = "guess (bundled snapshot, nothing cached)"


def make_source(client: Any) -> WsdlSource:
    """The WSDL source of a client: live, or offline from the cache or a bundled snapshot."""
    snapshot = None
    use_cache = True
    if client.offline:
        remembered = remembered_version(client)
        known = client._version_arg or remembered
        if known is not None:
            snapshot = known.snapshot
        if client._version_arg and remembered and _snapshot_of(remembered) != _snapshot_of(client._version_arg):
            # The cache holds another release of this URL (the fake's reserved host serves
            # every version): use the bundled snapshot instead.
            use_cache = False
    source = WsdlSource(client.base_url, session=client.session, timeouts=client.timeouts, cache=client.cache,
                        offline=client.offline, snapshot=snapshot)
    source.use_cache = use_cache
    return source


def remembered_version(client: Any) -> Optional[ServerVersion]:
    entry = client.cache.remembered(client.base_url)
    try:
        return versions.parse(entry["version"]) if entry else None
    except UnsupportedVersion:
        return None


def remember(client: Any, version: ServerVersion, how: str, digest: Optional[str]) -> None:
    """Record what this URL serves, unless the manifest already says exactly that."""
    entry = client.cache.remembered(client.base_url) or {}
    if (entry.get("version"), entry.get("user_wsdl_sha256")) != (version.text, digest):
        client.cache.remember(client.base_url, version.text, how, digest)


def detect(client: Any, info_version: Any) -> Tuple[ServerVersion, str]:
    """``(version, how it was found)``; ``info_version()`` asks InfoService."""
    source = client._get_source()
    remembered = client.cache.remembered(client.base_url)
    if client.offline and remembered:
        try:
            return versions.parse(remembered["version"]), "cache"
        except UnsupportedVersion:
            pass
    url = source.service_url("UserService")
    content = source.load(url)
    digest = sha256(content)
    unchanged: Optional[ServerVersion] = None
    if remembered and remembered.get("user_wsdl_sha256") == digest:
        try:
            unchanged = versions.parse(remembered["version"])
        except UnsupportedVersion:
            pass
    fingerprint = versions.from_wsdl(parse_safely(content, url))
    found: Tuple[ServerVersion, str] = (fingerprint, "WSDL fingerprint")
    if not client.offline and not fingerprint.is_axis2:
        # Revalidate online: an upgrade on the same URL can leave the UserService WSDL byte
        # for byte the same (one WSDL shape serves 7.0 to 9.1), so an unchanged digest alone
        # cannot prove the remembered version.
        try:
            found = (versions.from_info(info_version()), "InfoService")
        except (WsdlError, SoapFault, UnsupportedVersion, UnsupportedOperation) as exc:
            log.info("InfoService gave no version (%s); using the %s", exc,
                     "remembered version (the WSDL is unchanged)" if unchanged else "WSDL fingerprint")
            if unchanged is not None:
                found = (unchanged, "cache")
    elif unchanged is not None:
        found = (unchanged, "cache")  # offline or Axis2: the digest is all there is to check
    if client.offline and not client._version_arg:
        # Services not loaded yet come from the snapshot of the family the WSDL showed.
        source.snapshot = found[0].snapshot
    if client.offline and source.bundled(url):
        # Nothing cached for this URL: the version is the newest bundled snapshot's, a guess.
        # Said so, and never remembered as a detection.
        found = (found[0], GUESSED)
        log.info("offline with nothing cached for %s: guessing OpenMeetings %s from the bundled snapshot",
                 scrub(client.base_url), found[0])
    else:
        remember(client, found[0], found[1], digest)
    log.debug("server version %s (found by %s)", found[0], found[1])
    return found


def _snapshot_of(version: ServerVersion) -> Optional[str]:
    try:
        return version.snapshot
    except UnsupportedVersion:
        return None


__all__ = ["GUESSED", "detect", "make_source", "remember", "remembered_version"]
