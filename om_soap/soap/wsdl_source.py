"""Where a WSDL comes from: the live server (only from the caller's base URL), the on-disk
cache (:class:`WsdlCache`, with the version remembered per base URL), or the bundled
snapshots when ``offline``. Every document is checked (well-formed, no DOCTYPE, a WSDL or
a schema) before zeep sees it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, ClassVar, Dict, Optional, Set, Tuple
from urllib.parse import urlsplit

import requests
from lxml import etree

from ..errors import UnknownService, WsdlError
from ..http import Timeouts, send
from ..redact import scrub
from ..versions import SNAPSHOTS
from ..xml import WSDL_NS, XSD_NS, parse_safely

log = logging.getLogger("om_soap.wsdl")


#: Every service OpenMeetings publishes over SOAP (WEB-INF/classes/cxf-servlet.xml @ 9.1.0), in the order people meet them.
#: ServerService (3.1.0-3.3.0) is left out on purpose: nothing in om-soap uses it.
SERVICES: Tuple[str, ...] = (
    "UserService",
    "RoomService",
    "InfoService",
    "ErrorService",
    "GroupService",
    "CalendarService",
    "FileService",
    "RecordService",
    "WbService",
)

#: How many base URLs the manifest remembers (the fake starts one per test on a new port).
MAX_REMEMBERED_SERVERS = 200


# --------------------------------------------------------------------------- safe parsing


def check_document(content: bytes, what: str) -> etree._Element:
    """A WSDL (``wsdl:definitions``) or an imported schema (``xsd:schema``), or WsdlError."""
    root = parse_safely(content, what)
    if root.tag not in (f"{{{WSDL_NS}}}definitions", f"{{{XSD_NS}}}schema"):
        excerpt = content[:120].decode("utf-8", "replace")
        raise WsdlError(f"{what} is not a WSDL (root element {root.tag!r}; starts {excerpt!r})")
    return root


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --------------------------------------------------------------------------- bundled snapshots


def bundled_dir() -> Optional[Path]:
    """The bundled snapshot folder: the installed package data ``om_soap/wsdl_cache/`` or,
    in a source checkout, the top-level ``wsdl_cache/``. None when neither exists."""
    try:
        import om_soap.wsdl_cache as package  # type: ignore[import-not-found]

        paths = list(getattr(package, "__path__", []))
    except ImportError:
        paths = []
    # A source checkout installed the old way (``setup.py develop``, what pip does for ``-e``
    # with a setuptools older than 64, e.g. a fresh Python 3.9 venv) has no package
    # ``om_soap.wsdl_cache``: the folder is the checkout's top-level ``wsdl_cache/``.
    paths.append(str(Path(__file__).resolve().parents[2] / "wsdl_cache"))
    for path in paths:
        candidate = Path(path)
        if (candidate / "manifest.json").is_file() or any(candidate.glob("cxf-*")):
            return candidate
    return None


def newest_snapshot() -> str:
    """The bundled snapshot used offline when no version is known (the newest family)."""
    return max(SNAPSHOTS, key=lambda s: s[2])[0]


def snapshot_file(snapshot: str, service: str) -> Path:
    """``wsdl_cache/<snapshot>/<service>.wsdl``, or WsdlError / UnknownService."""
    root = bundled_dir()
    if root is None:
        raise WsdlError("the bundled WSDL snapshots are missing from this installation",
                        hint="reinstall om-soap, or run once online so the cache fills")
    folder = root / snapshot
    if not folder.is_dir():
        raise WsdlError(f"no bundled WSDL snapshot {snapshot!r} (have {sorted(p.name for p in root.glob('*-*'))})")
    path = folder / f"{service}.wsdl"
    if not path.is_file():
        raise UnknownService(f"{service} is not in the bundled snapshot {snapshot!r} (this OpenMeetings version lacks it)")
    return path


# --------------------------------------------------------------------------- on-disk cache


def default_cache_dir() -> Path:
    """The platform's user cache folder for om-soap, through platformdirs: ``$XDG_CACHE_HOME/om-soap``
    or ``~/.cache/om-soap`` on Linux, ``~/Library/Caches/om-soap`` on macOS,
    ``%LOCALAPPDATA%\\om-soap\\Cache`` on Windows."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("om-soap", appauthor=False))


class WsdlCache:
    """The on-disk cache: ``<dir>/documents/<sha256>.xml`` and ``<dir>/manifest.json``.

    Safe to share between threads and (by atomic replace) processes; a failure to write is
    logged and ignored, because a cache must never be the reason a call fails.
    """

    _lock = threading.RLock()
    #: (cache dir, url) -> sha256 this process already wrote: rewriting the same document is
    #: skipped, which keeps a second client for the same server cheap.
    _written: ClassVar[Dict[Tuple[str, str], str]] = {}

    def __init__(self, path: "str | os.PathLike[str] | None" = None) -> None:
        self.path = Path(path) if path is not None else default_cache_dir()
        self._warned = False

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    def _read_manifest(self) -> Dict[str, Any]:
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {"format": 1, "documents": {}, "servers": {}}
        if not isinstance(data, dict):
            return {"format": 1, "documents": {}, "servers": {}}
        data.setdefault("documents", {})
        data.setdefault("servers", {})
        return data

    def _write_manifest(self, data: Dict[str, Any]) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=str(self.path), prefix=".manifest-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
            os.replace(tmp, self.manifest_path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def _warn(self, what: str, exc: BaseException) -> None:
        level = logging.DEBUG if self._warned else logging.WARNING
        self._warned = True
        log.log(level, "cannot write the WSDL cache in %s (%s: %s); going on without it", self.path, what, exc)

    def get(self, url: str) -> Optional[bytes]:
        """The cached document for ``url``, if its content still matches the manifest."""
        entry = self._read_manifest()["documents"].get(url)
        if not entry:
            return None
        try:
            content = (self.path / "documents" / f"{entry['sha256']}.xml").read_bytes()
        except (OSError, KeyError, TypeError):
            return None
        return content if sha256(content) == entry.get("sha256") else None

    def put(self, url: str, content: bytes) -> None:
        digest = sha256(content)
        key = (str(self.path), url)
        if self._written.get(key) == digest:
            return
        try:
            with self._lock:
                folder = self.path / "documents"
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / f"{digest}.xml"
                if not target.is_file():
                    fd, tmp = tempfile.mkstemp(dir=str(folder), prefix=".doc-")
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(content)
                    os.replace(tmp, target)
                data = self._read_manifest()
                data["documents"][url] = {"url": url, "sha256": digest, "fetched": _now()}
                self._write_manifest(data)
                self._written[key] = digest
        except OSError as exc:
            self._warn("document", exc)

    def remembered(self, base_url: str) -> Optional[Dict[str, Any]]:
        """What was detected about ``base_url`` last time: version, how, UserService sha256."""
        entry = self._read_manifest()["servers"].get(base_url)
        return entry if isinstance(entry, dict) and entry.get("version") else None

    def remember(self, base_url: str, version: str, how: str, user_wsdl_sha256: Optional[str]) -> None:
        try:
            with self._lock:
                data = self._read_manifest()
                servers = data["servers"]
                servers[base_url] = {
                    "version": version,
                    "how": how,
                    "user_wsdl_sha256": user_wsdl_sha256,
                    "detected": _now(),
                }
                if len(servers) > MAX_REMEMBERED_SERVERS:
                    for old in sorted(servers, key=lambda k: servers[k].get("detected", ""))[
                        : len(servers) - MAX_REMEMBERED_SERVERS
                    ]:
                        del servers[old]
                self._write_manifest(data)
        except OSError as exc:
            self._warn("manifest", exc)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# --------------------------------------------------------------------------- one client's source


class WsdlSource:
    """Fetches (or, offline, looks up) the documents of one server.

    ``load(url)`` is what the zeep transport calls for the WSDL and every schema it
    imports, so imports take the same safe path: the URL is moved onto the caller's base
    URL (a WSDL names the server's internal host), anything that would leave the base URL is
    refused, the content is checked, and it is written to the cache.
    """

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session,
        timeouts: Timeouts,
        cache: WsdlCache,
        offline: bool = False,
        snapshot: Optional[str] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.timeouts = timeouts
        self.cache = cache
        self.offline = offline
        #: Bundled snapshot used offline when the cache has no copy (default: the newest).
        self.snapshot = snapshot or newest_snapshot()
        #: Offline, whether cached copies may be used (False when the cache holds another
        #: version of the server than the one asked for: bundled snapshots only then).
        self.use_cache = True
        self._fetched: Dict[str, bytes] = {}
        #: URLs answered from a bundled snapshot (offline, nothing cached).
        self._bundled: Set[str] = set()
        self._lock = threading.Lock()

    def service_url(self, service: str) -> str:
        return f"{self.base_url}/services/{service}?wsdl"

    def rebase(self, url: str) -> str:
        """Move ``url`` onto the base URL: ``.../services/<rest>`` -> ``<base>/services/<rest>``.

        Real servers publish internal hosts and IPs in ``soap:address`` and in schema
        locations; om-soap only ever talks to the URL the caller gave.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise WsdlError(f"refusing to load {scrub(url)!r}: only http(s) documents of the server are read")
        marker = "/services/"
        if marker in parts.path:
            rest = parts.path.split(marker, 1)[1]
            query = f"?{parts.query}" if parts.query else ""
            return f"{self.base_url}{marker}{rest}{query}"
        base = urlsplit(self.base_url)
        if (parts.scheme, parts.netloc) == (base.scheme, base.netloc) and parts.path.startswith(base.path):
            return url
        raise WsdlError(
            f"the WSDL refers to {scrub(url)!r}, outside {scrub(self.base_url)!r}; external references are refused"
        )

    def load(self, url: str) -> bytes:
        """The checked content of ``url`` (a WSDL or an imported schema)."""
        url = self.rebase(url)
        with self._lock:
            if url in self._fetched:
                return self._fetched[url]
        content = self._load_offline(url) if self.offline else self._fetch(url)
        with self._lock:
            self._fetched[url] = content
        return content

    def _fetch(self, url: str) -> bytes:
        response = send(self.session, "GET", url, timeout=self.timeouts.for_call())
        if response.status_code != 200:
            excerpt = response.content[:120].decode("utf-8", "replace")
            error = UnknownService if response.status_code == 404 and url.endswith("?wsdl") else WsdlError
            hint = None
            if response.status_code == 404 and url.endswith("/services/UserService?wsdl"):
                # Every OpenMeetings publishes UserService: the base URL is not its context.
                hint = "the URL is not the OpenMeetings context; give one like http://host:5080/openmeetings"
            raise error(
                f"{scrub(url)} answered HTTP {response.status_code} (body starts {scrub(excerpt)!r})", hint=hint
            )
        content = response.content
        check_document(content, scrub(url))
        self.cache.put(url, content)
        return content

    def _load_offline(self, url: str) -> bytes:
        cached = self.cache.get(url) if self.use_cache else None
        if cached is not None:
            check_document(cached, f"cached copy of {scrub(url)}")
            return cached
        prefix = f"{self.base_url}/services/"
        if url.startswith(prefix) and url.endswith("?wsdl"):
            service = url[len(prefix): -len("?wsdl")]
            content = snapshot_file(self.snapshot, service).read_bytes()
            check_document(content, f"bundled {self.snapshot}/{service}.wsdl")
            with self._lock:
                self._bundled.add(url)
            return content
        raise WsdlError(
            f"offline, and {scrub(url)} is neither in the cache ({self.cache.path}) nor bundled",
            hint="run once online with the same cache_dir, or drop offline=True",
        )

    def bundled(self, url: str) -> bool:
        """Whether ``url`` was answered from a bundled snapshot (not the server, not the cache)."""
        with self._lock:
            return self.rebase(url) in self._bundled


__all__ = [
    "SERVICES",
    "WsdlCache",
    "WsdlSource",
    "bundled_dir",
    "check_document",
    "default_cache_dir",
    "newest_snapshot",
    "parse_safely",
    "snapshot_file",
]
