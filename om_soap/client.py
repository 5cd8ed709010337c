"""``OpenMeetingsClient``: the SOAP facade that answers in the REST API's shapes.

Layers (each replaceable without touching the others):

- :mod:`om_soap.wsdl` decides where a WSDL comes from and parses each one once per process;
- :mod:`om_soap.soap` is the zeep plumbing (settings, transport, rebinding, faults);
- :mod:`om_soap.fastpath` sends the operations made of plain XSD types with plans compiled
  from zeep's parse (same envelopes, same zeep value objects back), zeep everything else;
- a *dialect* (:class:`CxfDialect` here, an Axis2 one in ``om_soap.axis2``) knows which
  operation and parameters a facade method maps to on one stack, and how the answer becomes
  a :class:`ServiceResult`; it is chosen from ``server_version.family.stack``;
- this facade holds the connection settings, the SID, the detected version, and the
  primitives other modules build on: :meth:`OpenMeetingsClient.call`,
  :func:`to_rest_object` and :func:`to_service_result`.

Results that OpenMeetings reports as results (bad credentials, missing external id, "not
allowed") come back as :class:`ServiceResult`, exactly as REST reports them; everything else
raises an :mod:`om_soap.errors` exception.
"""
from __future__ import annotations

import datetime
import decimal
import importlib
import logging
import threading
from typing import Any, Dict, Iterable, List, Optional, Tuple, Type, Union
from urllib.parse import urlsplit

import requests
import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.exceptions import LookupError as ZeepLookupError
from zeep.exceptions import NamespaceError as ZeepNamespaceError
from zeep.exceptions import ValidationError as ZeepValidationError
from zeep.exceptions import XMLSyntaxError as ZeepXMLSyntaxError
from zeep.xsd.valueobjects import CompoundValue

from . import api, fastpath, soap, versions, wsdl
from .errors import (
    LOGIN_FAILED_HINT,
    InvalidArgument,
    NotLoggedIn,
    OpenMeetingsError,
    SoapFault,
    UnexpectedResponse,
    UnknownService,
    UnsupportedOperation,
    UnsupportedVersion,
    WsdlError,
)
from .http import Timeouts, Verify, make_session
from .redact import redact, scrub, scrub_cut
from .results import ExternalUser, RestObject, RoomOptions, ServiceResult, _as_text, parse_code
from .settings import Settings
from .versions import ServerVersion

log = logging.getLogger("om_soap.client")

#: The service names :meth:`OpenMeetingsClient.service` accepts.
SERVICES = wsdl.SERVICES

TNS = versions.CXF_NAMESPACE

#: Operations that may be repeated after a fresh login when the SID turned out to be expired
#: or revoked: the read operations and getRoomHash (a new hash is harmless). Writes (add,
#: delete, kick, save, ...) are never repeated, and neither is RoomService.getExternal, which
#: creates the room it does not find.
SAFE_TO_REPEAT = frozenset(
    {
        "getRoomHash", "get", "getPublic", "getRoomById", "count", "counters", "users",
        "getUsers", "range", "rangeForUser", "next", "nextForUser", "getByRoom", "getByTitle",
        "getExternalByType", "getExternalByRoom", "getAllExternal", "getRoom", "getRoomByParent",
        "getVersion", "getHealth", "getManifest",
    }
)

_SID_PARTS = ("sid", "SID")

#: ``version_found_by`` offline when nothing was cached: a guess from the bundled snapshot.
GUESSED = "guess (bundled snapshot, nothing cached)"

UserLike = Union[ExternalUser, Dict[str, Any]]
OptionsLike = Union[RoomOptions, Dict[str, Any]]


# --------------------------------------------------------------------------- zeep value -> REST shape


def to_data(value: Any) -> Any:
    """A zeep value as plain data in XML element order, drifted elements included.

    Fields the schema knows keep zeep's typed values; elements it does not know (left in
    ``_raw_elements`` by ``strict=False``) are read back as text/dicts at the position the
    server sent them, so a field the client's WSDL lacks is never lost.
    """
    if isinstance(value, CompoundValue):
        values = value.__values__
        raw = values.get("_raw_elements")
        known = [k for k in values if k != "_raw_elements"]
        if not raw:
            return {k: to_data(values[k]) for k in known}
        return _merge_in_xml_order(values, known, list(raw))
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, etree._Element):
        return soap.element_to_data(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _merge_in_xml_order(values: Dict[str, Any], known: List[str], raw: List[Any]) -> Dict[str, Any]:
    parent = raw[0].getparent()
    out: Dict[str, Any] = {}
    raw_ids = {id(e) for e in raw}
    if parent is not None:
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if id(child) in raw_ids:
                item = soap.element_to_data(child)
                if name in out and name not in known:
                    if not isinstance(out[name], list):
                        out[name] = [out[name]]
                    out[name].append(item)
                elif name not in out:
                    out[name] = item
            elif name in values and name not in out:
                out[name] = to_data(values[name])
    for name in known:  # fields the answer did not carry (None) keep their place at the end
        if name not in out:
            out[name] = to_data(values[name])
    return out


def to_rest_object(root: str, value: Any) -> RestObject:
    """Any zeep answer as the :class:`RestObject` REST would return under ``root``."""
    return RestObject(root, to_data(value))


def to_service_result(value: Any) -> ServiceResult:
    """A ``serviceResult`` answer (zeep value, drifted or not) as :class:`ServiceResult`."""
    if value is None:
        raise InvalidArgument("no serviceResult in the answer")
    data = to_data(value)
    if not isinstance(data, dict):
        raise InvalidArgument(f"expected a serviceResult, got {type(data).__name__}")
    unknown = [k for k in data if k not in ("code", "message", "type") and data[k] is not None]
    if unknown:
        log.warning("serviceResult carried fields om-soap does not know: %s (kept out of the result)", unknown)
    try:
        code_value = parse_code(data.get("code"))
    except InvalidArgument as exc:  # the server's answer, not the caller's input
        raise UnexpectedResponse(f"the serviceResult answered is malformed: {exc}") from None
    return ServiceResult(code=code_value, message=_as_text(data.get("message")), type=_as_text(data.get("type")))


# --------------------------------------------------------------------------- dialects

_DIALECTS: Dict[str, Type["CxfDialect"]] = {}


def register_dialect(stack: str, cls: Type[Any]) -> None:
    """Make ``cls`` the dialect for ``stack`` (``Family.stack``: "cxf", "axis2")."""
    _DIALECTS[stack] = cls


def dialect_class(stack: str) -> Type[Any]:
    """The dialect for ``stack``; ``om_soap.<stack>`` is imported on first use (it registers
    itself or offers ``DIALECT``)."""
    if stack not in _DIALECTS:
        try:
            module = importlib.import_module(f"om_soap.{stack}")
        except ImportError:
            module = None
        if module is not None and stack not in _DIALECTS and hasattr(module, "DIALECT"):
            register_dialect(stack, module.DIALECT)
    if stack not in _DIALECTS:
        raise UnsupportedVersion(
            f"om-soap cannot talk to the {stack} stack yet (no om_soap.{stack} dialect)",
            hint="OpenMeetings 3.0 and older speak Axis2; upgrade the server or om-soap",
        )
    return _DIALECTS[stack]


class CxfDialect:
    """OpenMeetings 3.1 and later (Apache CXF): the operations behind the facade methods.

    The interface every dialect offers: ``login``, ``get_room_hash``, ``error_message``,
    ``version``, ``is_not_allowed``, ``not_allowed_result`` (the entry URL is the version's:
    :meth:`ServerVersion.entry_url`).
    """

    stack = "cxf"

    def __init__(self, client: "OpenMeetingsClient") -> None:
        self.client = client

    def login(self, user: str, password: str) -> ServiceResult:
        params: Dict[str, Any] = {"user": user, "pass": password}  # `pass` is a Python keyword
        value = self.client.call("UserService", "login", **params)
        return to_service_result(value)

    def get_room_hash(self, sid: Optional[str], user: ExternalUser, options: RoomOptions) -> ServiceResult:
        params: Dict[str, Any] = {
            "user": self._external_user(user),
            "options": self._room_options(options),
        }
        if sid is not None:
            params["sid"] = sid
        try:
            value = self.client.call("UserService", "getRoomHash", _repeat=False, **params)
        except SoapFault as exc:
            mapped = self.not_allowed_result(exc)
            if mapped is None:
                raise
            return mapped
        return to_service_result(value)

    def error_message(self, id_or_key: Union[int, str], language: int) -> Optional[ServiceResult]:
        lookup = self.client.server_version.family.error_lookup
        if lookup == "id":
            try:
                number = int(id_or_key)
            except (TypeError, ValueError):
                raise InvalidArgument(
                    f"OpenMeetings {self.client.server_version} looks errors up by numeric id (such as -11), "
                    f"not {id_or_key!r}"
                ) from None
            value = self.client.call("ErrorService", "get", id=number, lang=int(language))
        else:
            value = self.client.call("ErrorService", "get", key=str(id_or_key), lang=int(language))
        # an error text, not a secret: shown in the repr whatever its type
        return None if value is None else to_service_result(value).with_public_message()

    def version(self) -> str:
        info = self.client.call("InfoService", "getVersion")
        data = to_data(info)
        text = data.get("version") if isinstance(data, dict) else None
        if not text or not isinstance(text, (str, int, float)):  # an element in its place: no version
            raise UnsupportedVersion("InfoService answered without a version")
        return str(text)

    def is_not_allowed(self, result: ServiceResult) -> bool:
        """Whether a returned result says the SID lacks the right (3.x: code -26)."""
        family = self.client.server_version.family
        if result.ok:
            return False
        if family.hash_not_allowed == "returned":
            return result.code == -26 or result.message == family.not_allowed_message
        return result.message == family.not_allowed_message

    def not_allowed_result(self, fault: SoapFault) -> Optional[ServiceResult]:
        """The ServiceResult REST reports for a "not allowed" fault (4.0+), else None."""
        family = self.client.server_version.family
        message = soap.fault_detail_message(fault) or fault.fault_string
        if family.hash_not_allowed == "fault" and message == family.not_allowed_message:
            return ServiceResult(message=message, type="ERROR")
        return None

    # -- DTOs, shaped by what the loaded WSDL declares (not by the version)

    def _external_user(self, user: ExternalUser) -> Dict[str, Any]:
        return {js: getattr(user, py) for py, js in ExternalUser._NAMES if getattr(user, py) is not None}

    def _room_options(self, options: RoomOptions) -> Dict[str, Any]:
        declared = self.client.declared_fields("UserService", "roomOptionsDTO")
        given = {js: getattr(options, py) for py, js in RoomOptions._NAMES}
        out: Dict[str, Any] = {}
        for name, required, is_bool in declared:
            value = given.get(name)
            if value is None and required and is_bool:
                value = False  # Java primitives: the element must be present (facts §7.13)
            if value is not None:
                out[name] = value
        names = {n for n, _, _ in declared}
        dropped = [k for k, v in given.items() if k not in names and v not in (None, False, "")]
        if dropped:
            log.warning(
                "this server's roomOptionsDTO has no %s; not sent (showNickNameDialog is 3.1 only, "
                "externalRoomId/externalType need 5.0.1)",
                ", ".join(dropped),
            )
        return out


register_dialect("cxf", CxfDialect)


# --------------------------------------------------------------------------- the facade


class OpenMeetingsClient(api.TypedApi):
    """The SOAP client of one OpenMeetings server, answering in REST shapes.

    The typed methods (``add_room``, ``kick_all``, ``calendar_range``, ...) come from
    :class:`om_soap.api.TypedApi` and are sent by :meth:`_invoke_typed`.

    ``base_url`` is the OpenMeetings context (``https://host/openmeetings``); every request
    goes there, whatever host the WSDLs name. Nothing is fetched at construction.

    - ``version``: skip detection (``"4.0"``, ``"5.0.0-M4"``, a ServerVersion).
    - ``credentials=(user, password)``: enables :meth:`room_url_for` and one automatic
      re-login when a SID expired or was revoked (see :data:`SAFE_TO_REPEAT`).
    - ``timeout``: seconds to read (login never below 20 s, connect 5 s) or a Timeouts.
    - ``verify``: True, False, or the path of a CA bundle. ``session``: a requests.Session
      to use (a proxy set-up, the fake's in-process adapter).
    - ``offline=True``: no network for WSDLs; they come from ``cache_dir`` (default
      the platform's user cache folder, see :func:`om_soap.wsdl.default_cache_dir`) or the bundled snapshots.
    - ``compiled=False``: send every operation through zeep's (de)serialisation. By
      default, operations made of plain XSD types (login, getRoomHash, ErrorService.get,
      InfoService.getVersion and their like) take the compiled path of
      :mod:`om_soap.fastpath`: plans compiled once from zeep's parse of the WSDL, same
      envelopes, same results, a fraction of the CPU. ``OM_SOAP_COMPILED=0`` in the
      environment turns it off for the whole process.

    Thread safety: one client may be shared by many threads. Loading services and detecting
    the version are guarded by a lock; the zeep proxies are safe to share for sending. The
    ``sid`` is per client, so threads sharing a client share the last login's SID: mint
    hashes with :meth:`room_url_for`, or pass ``sid=`` explicitly.
    """

    def __init__(
        self,
        base_url: str,
        *,
        version: "str | ServerVersion | None" = None,
        credentials: Optional[Tuple[str, str]] = None,
        timeout: "Timeouts | float | None" = None,
        verify: Optional[Verify] = None,
        session: Optional[requests.Session] = None,
        offline: Optional[bool] = None,
        cache_dir: "str | None" = None,
        compiled: Optional[bool] = None,
        settings: Optional[Settings] = None,
    ) -> None:
        parts = urlsplit(str(base_url or ""))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidArgument(
                f"{scrub(str(base_url))!r} is not an OpenMeetings URL; give one like http://host:5080/openmeetings"
            )
        if credentials is not None and (not isinstance(credentials, tuple) or len(credentials) != 2):
            raise InvalidArgument("credentials must be a (user, password) tuple")
        self.base_url = str(base_url).rstrip("/")
        self.settings = (settings or Settings()).replace(
            timeout=timeout, verify=verify, offline=offline, cache_dir=cache_dir, compiled=compiled
        )
        try:
            self.timeouts = Timeouts.coerce(self.settings.timeout)
            self.session = make_session(self.settings.verify, session)
        except ValueError as exc:
            raise InvalidArgument(str(exc)) from None
        self.offline = bool(self.settings.offline)
        #: Whether plain operations take the compiled path (:mod:`om_soap.fastpath`).
        self.compiled = bool(self.settings.compiled)
        self.cache = wsdl.WsdlCache(self.settings.cache_dir)
        self._credentials = credentials
        self._secrets: List[str] = [credentials[1]] if credentials else []
        self._version_arg = versions.parse(version) if version is not None else None
        self._version: Optional[ServerVersion] = self._version_arg
        self.version_found_by: Optional[str] = "argument" if self._version_arg else None
        #: The SID of the last successful login (shared by every thread using this client).
        self.sid: Optional[str] = None
        self._lock = threading.RLock()
        self._source: Optional[wsdl.WsdlSource] = None
        self._transport: Optional[soap.Transport] = None
        self._services: Dict[str, Any] = {}
        self._zeep: Dict[str, zeep.Client] = {}
        self._wsdl_sha: Dict[str, str] = {}
        self._dialect: Any = None
        self._declared: Dict[Tuple[str, str], Tuple[Tuple[str, bool, bool], ...]] = {}

    # -- plumbing

    def _known_secrets(self) -> Iterable[Optional[str]]:
        return [*self._secrets, self.sid]

    def _get_source(self) -> wsdl.WsdlSource:
        with self._lock:
            if self._source is None:
                snapshot = None
                use_cache = True
                if self.offline:
                    remembered = self._remembered_version()
                    known = self._version_arg or remembered
                    if known is not None:
                        snapshot = known.snapshot
                    if self._version_arg and remembered and _snapshot_of(remembered) != _snapshot_of(self._version_arg):
                        # The cache holds another release of this URL (the fake's reserved
                        # host serves every version): use the bundled snapshot instead.
                        use_cache = False
                self._source = wsdl.WsdlSource(
                    self.base_url,
                    session=self.session,
                    timeouts=self.timeouts,
                    cache=self.cache,
                    offline=self.offline,
                    snapshot=snapshot,
                )
                self._source.use_cache = use_cache
                self._transport = soap.Transport(self.session, self._source, self.timeouts, self._known_secrets,
                                                 max_bytes=self.settings.max_answer_bytes)
            return self._source

    def service(self, name: str) -> Any:
        """The zeep proxy of ``name`` ("UserService" ... "WbService"), bound to the base URL.

        Any operation of the service can be called on it; answers are zeep objects (see
        :meth:`call` for the SID, fault mapping and re-login that the facade adds).
        """
        if name not in SERVICES:
            raise UnknownService(f"unknown service {name!r}; known: {', '.join(SERVICES)}")
        proxy = self._services.get(name)
        if proxy is not None:
            return proxy
        with self._lock:
            proxy = self._services.get(name)
            if proxy is not None:
                return proxy
            source = self._get_source()
            assert self._transport is not None
            transport = self._transport
            document, digest = wsdl.document(source, name, lambda url: soap.build_document(url, transport))
            client = soap.make_client(document, transport)
            proxy = soap.bind(client, self.base_url, name)
            self._zeep[name] = client
            self._wsdl_sha[name] = digest
            if name == "UserService" and self._version_arg and not self.offline:
                self._remember(self._version_arg, "argument", digest)
            self._services[name] = proxy
            return proxy

    def operations(self, service: str) -> List[str]:
        """The operation names the server's WSDL declares for ``service``."""
        return sorted(self.service(service)._binding._operations)

    def declared_fields(self, service: str, type_name: str) -> List[Tuple[str, bool, bool]]:
        """``(element, required, is_boolean)`` of a complexType in ``service``'s WSDL, in order."""
        cached = self._declared.get((service, type_name))
        if cached is not None:
            return list(cached)
        out = self._declared_fields(service, type_name)
        self._declared[(service, type_name)] = tuple(out)  # a client's WSDLs never change
        return out

    def _declared_fields(self, service: str, type_name: str) -> List[Tuple[str, bool, bool]]:
        self.service(service)
        client = self._zeep[service]
        try:
            xsd_type = client.wsdl.types.get_type(f"{{{TNS}}}{type_name}")
        except (ZeepLookupError, ZeepNamespaceError, KeyError):  # no such type / no schema at all
            raise WsdlError(f"{service}'s WSDL declares no type {type_name!r}") from None
        out = []
        for name, element in xsd_type.elements:
            is_bool = getattr(element.type, "name", None) == "boolean"
            out.append((name, getattr(element, "min_occurs", 0) >= 1, is_bool))
        return out

    def _zeep_type(self, service: str, type_name: str) -> Any:
        self.service(service)
        client = self._zeep[service]
        try:
            return client.wsdl.types.get_type(f"{{{TNS}}}{type_name}")
        except (ZeepLookupError, ZeepNamespaceError, KeyError):  # no such type / no schema at all
            raise WsdlError(f"{service}'s WSDL declares no type {type_name!r}") from None

    def declared_elements(self, service: str, type_name: str) -> List[Tuple[str, Optional[str], bool, bool, bool]]:
        """``(element, nested complexType or None, required, is_boolean, repeated)`` of a
        complexType in ``service``'s WSDL, in order: what the typed methods shape DTOs by."""
        out = []
        for name, element in self._zeep_type(service, type_name).elements:
            xsd_type = element.type
            nested = _type_name(xsd_type) if hasattr(xsd_type, "elements") else None
            is_bool = getattr(xsd_type, "name", None) == "boolean"
            many = element.max_occurs == "unbounded" or (isinstance(element.max_occurs, int) and element.max_occurs > 1)
            out.append((name, nested, getattr(element, "min_occurs", 0) >= 1, is_bool, many))
        return out

    def signature(self, service: str, operation: str) -> Tuple[List[Tuple[str, str, bool]], Optional[str], bool]:
        """``([(part, type, repeated)], return type or None, return repeated)`` of an
        operation, read from the WSDL (for ``om-soap ops`` and the REST root of answers)."""
        op = self.service(service)._binding._operations.get(operation)
        if op is None:
            raise UnsupportedOperation(f"{service} of this server has no operation {operation!r}")
        return _parts(op.input), *_return_of(op)

    def return_type(self, service: str, operation: str) -> Optional[str]:
        """The type name of an operation's ``return`` (``roomDTO``, ``serviceResult``...)."""
        return self.signature(service, operation)[1]

    def _invoke_typed(self, row: Any, args: Dict[str, Any]) -> Any:
        """Send a typed method's row over SOAP (see :func:`om_soap.api.soap_invoke`)."""
        return api.soap_invoke(self, row, args)

    def call(self, service: str, operation: str, *, _repeat: Optional[bool] = None, **params: Any) -> Any:
        """Send one operation and return zeep's answer (the ``return`` value).

        The answer is the same zeep value whichever path sent it: the compiled one
        (:mod:`om_soap.fastpath`, for operations of plain XSD types) or zeep's own.

        - Where the operation has a ``sid`` part and none is given, the current SID is sent
          (:class:`NotLoggedIn` if there is none).
        - Faults become :class:`SoapFault` (fault code, string, parsed detail).
        - With ``credentials=``, an operation in :data:`SAFE_TO_REPEAT` whose SID is refused
          ("not allowed": an expired or revoked SID) is repeated once after a fresh login;
          never more than once, and never when ``sid=`` was given.
        """
        proxy = self.service(service)
        binding = proxy._binding
        op = binding._operations.get(operation)
        if op is None:
            raise UnsupportedOperation(
                f"{service} of this server has no operation {operation!r}; it has {', '.join(sorted(binding._operations))}"
            )
        names = _input_names(op)
        sid_part = next((p for p in _SID_PARTS if p in names), None)
        explicit = sid_part is not None and sid_part in params
        if sid_part is not None and not explicit:
            if not self.sid:
                if not self._credentials:
                    raise NotLoggedIn(f"{service}.{operation} needs a SID")
                self._relogin()  # credentials= given: log in rather than advise to
            params[sid_part] = self.sid
        repeat = (operation in SAFE_TO_REPEAT) if _repeat is None else _repeat
        try:
            return self._send(proxy, service, operation, params)
        except SoapFault as exc:
            if not (repeat and not explicit and sid_part and self._credentials and self._refused_sid(exc)):
                raise
        log.info("%s.%s: the SID was refused; logging in again once", service, operation)
        self._relogin()
        params[sid_part] = self.sid
        return self._send(proxy, service, operation, params)

    def _send(self, proxy: Any, service: str, operation: str, params: Dict[str, Any]) -> Any:
        answered = soap.answers_seen()
        try:
            plan = self._plan(proxy, operation)
            if plan is not None:
                message = plan.serialize(params)
                if message is not None:
                    return self._send_compiled(proxy, plan, message)
            return getattr(proxy, operation)(**params)
        except Fault as fault:
            raise soap.fault_error(fault, f"{service}.{operation}", self._known_secrets()) from None
        except OpenMeetingsError:
            raise
        except Exception as exc:  # noqa: BLE001 - zeep, lxml and requests-toolbelt raise many kinds
            reason = scrub_cut(f"{type(exc).__name__}: {exc}", self._known_secrets(), 300)
            if soap.answers_seen() != answered:
                # zeep gave up on the answer (SOAP 1.2, an empty Body, an undeclared xsi:type
                # prefix, a value its type cannot hold, a multipart body...): the server's doing
                raise UnexpectedResponse(
                    f"the answer to {service}.{operation} is not the SOAP 1.1 message its WSDL describes: {reason}",
                    hint="the server or a proxy answered in another shape; --verbose shows the envelope",
                ) from None
            if isinstance(exc, (TypeError, ValueError, ZeepValidationError, ZeepLookupError, ZeepXMLSyntaxError)):
                raise InvalidArgument(
                    f"{service}.{operation} cannot be sent with these parameters: {reason}"
                ) from None
            # Anything else before an answer came back: the WSDL describes the operation in a
            # way zeep cannot serialise (a part typed xs:dateTime where a boolean is sent, ...)
            raise WsdlError(f"the WSDL's {service}.{operation} cannot be used to send this call: {reason}") from None

    def _plan(self, proxy: Any, operation: str) -> Optional[fastpath.Plan]:
        """The compiled plan for ``operation``, or None where zeep must do the work: the
        switch is off, or the zeep client was given plugins, WS-Security, default SOAP
        headers, extra HTTP headers, raw answers or another transport (things a plan knows
        nothing of)."""
        if not self.compiled:
            return None
        client = proxy._client
        if (
            client.plugins
            or client.wsse
            or client._default_soapheaders
            or client.settings.extra_http_headers
            or client.settings.raw_response
            or client.transport is not self._transport
        ):
            return None
        op = proxy._binding._operations.get(operation)
        return None if op is None else fastpath.plan_for(proxy._binding, op)

    def _send_compiled(self, proxy: Any, plan: fastpath.Plan, message: bytes) -> Any:
        """Send a compiled envelope through the same transport and read the answer once.

        Faults are raised by zeep's own ``process_error`` on the parsed answer; an answer
        the plan does not read is handed to zeep's ``process_reply`` (no second request).
        """
        assert self._transport is not None
        binding = proxy._binding
        response, root = self._transport.exchange(
            proxy._binding_options["address"], message, dict(plan.headers), plan.local_name
        )
        body, header, fault = fastpath.open_envelope(root)
        if response.status_code != 200 or fault:
            binding.process_error(root, plan.operation)  # raises zeep's Fault, as process_reply does
        try:
            return plan.read(body, header)
        except fastpath.Fallback:
            return binding.process_reply(proxy._client, plan.operation, response)

    def _refused_sid(self, fault: SoapFault) -> bool:
        """Whether the fault says the SID was refused, and nothing else: "error.notallowed"
        from 4.0 (ServiceException.NO_PERMISSION thrown by BaseWebService.performCall @ 4.0.2,
        9.1.0), "Insufficient permissions" on 3.x (RoomWebService.java @ 3.3.0)."""
        family = self.server_version.family
        message = soap.fault_detail_message(fault) or fault.fault_string
        return message == family.not_allowed_message

    def _relogin(self) -> str:
        assert self._credentials is not None
        result = self._get_dialect().login(*self._credentials)
        if not result.ok or not result.message:
            raise NotLoggedIn(f"logging in as {self._credentials[0]!r} failed: {result.message or result.code}",
                              hint=LOGIN_FAILED_HINT)
        self.sid = result.message
        return result.message

    def _get_dialect(self) -> Any:
        dialect = self._dialect
        if dialect is None:
            with self._lock:
                if self._dialect is None:
                    self._dialect = dialect_class(self.server_version.family.stack)(self)
                dialect = self._dialect
        return dialect

    # -- version

    @property
    def server_version(self) -> ServerVersion:
        """The server's version: from ``version=``, the cache, InfoService or the WSDL
        fingerprint (``version_found_by`` says which). Detected once per client."""
        if self._version is not None:
            return self._version
        with self._lock:
            if self._version is None:
                self._version, self.version_found_by = self._detect()
            return self._version

    def _remembered_version(self) -> Optional[ServerVersion]:
        entry = self.cache.remembered(self.base_url)
        try:
            return versions.parse(entry["version"]) if entry else None
        except UnsupportedVersion:
            return None

    def _remember(self, version: ServerVersion, how: str, digest: Optional[str]) -> None:
        """Record what this URL serves, unless the manifest already says exactly that."""
        entry = self.cache.remembered(self.base_url) or {}
        if (entry.get("version"), entry.get("user_wsdl_sha256")) != (version.text, digest):
            self.cache.remember(self.base_url, version.text, how, digest)

    def _detect(self) -> Tuple[ServerVersion, str]:
        source = self._get_source()
        remembered = self.cache.remembered(self.base_url)
        if self.offline and remembered:
            try:
                return versions.parse(remembered["version"]), "cache"
            except UnsupportedVersion:
                pass
        url = source.service_url("UserService")
        content = source.load(url)
        digest = wsdl.sha256(content)
        unchanged: Optional[ServerVersion] = None
        if remembered and remembered.get("user_wsdl_sha256") == digest:
            try:
                unchanged = versions.parse(remembered["version"])
            except UnsupportedVersion:
                pass
        fingerprint = versions.from_wsdl(wsdl.parse_safely(content, url))
        found: Tuple[ServerVersion, str] = (fingerprint, "WSDL fingerprint")
        if not self.offline and not fingerprint.is_axis2:
            # Revalidate online: an upgrade on the same URL can leave the UserService WSDL
            # byte for byte the same (one WSDL shape serves 7.0 to 9.1), so an unchanged
            # digest alone cannot prove the remembered version.
            try:
                found = (versions.from_info(self._info_version()), "InfoService")
            except (WsdlError, SoapFault, UnsupportedVersion, UnsupportedOperation) as exc:
                log.info("InfoService gave no version (%s); using the %s", exc,
                         "remembered version (the WSDL is unchanged)" if unchanged else "WSDL fingerprint")
                if unchanged is not None:
                    found = (unchanged, "cache")
        elif unchanged is not None:
            found = (unchanged, "cache")  # offline or Axis2: the digest is all there is to check
        if self.offline and not self._version_arg:
            # Services not loaded yet come from the snapshot of the family the WSDL showed.
            source.snapshot = found[0].snapshot
        if self.offline and source.bundled(url):
            # Nothing cached for this URL: the version is the newest bundled snapshot's, a
            # guess. Said so, and never remembered as a detection.
            found = (found[0], GUESSED)
            log.info("offline with nothing cached for %s: guessing OpenMeetings %s from the bundled snapshot",
                     scrub(self.base_url), found[0])
        else:
            self._remember(found[0], found[1], digest)
        log.debug("server version %s (found by %s)", found[0], found[1])
        return found

    def _info_version(self) -> str:
        return CxfDialect(self).version()

    # -- the facade

    def login(self, user: str, password: str) -> ServiceResult:
        """Log in; on success ``sid`` holds the new SID (also the result's ``message``).

        Bad credentials are a result, as over REST (3.1-3.2: code -10/-11; 3.3: -1 "Login
        failed"; 4.0+: "error.bad.credentials"). OpenMeetings 9.x answers a bad password after
        6-15 s, so login waits at least 20 s.
        """
        if not isinstance(user, str) or not isinstance(password, str):
            raise InvalidArgument("login needs a user name and a password (strings)")
        if password and password not in self._secrets:
            self._secrets.append(password)
        result = self._get_dialect().login(user, password)
        if result.ok and result.message:
            self.sid = result.message
        return result

    def get_room_hash(self, user: UserLike, options: OptionsLike, sid: Optional[str] = None) -> ServiceResult:
        """Mint a room hash for an external user (``message`` is the hash on success).

        ``user``/``options`` are :class:`ExternalUser`/:class:`RoomOptions` or the REST JSON
        dicts. Only fields the server's WSDL declares are sent (showNickNameDialog on 3.1,
        externalRoomId/externalType from 5.0.1); required booleans are always sent. The SID
        of the last :meth:`login` is used unless ``sid`` is given.

        The trap (facts §5.2, §7.3): OpenMeetings stores the external user on the *SID's*
        session, so every hash minted with one SID enters as the last user minted with it,
        and entering re-binds that SID to the external user. Use one fresh login per hash:
        :meth:`room_url_for` does exactly that.

        "Not allowed" (expired/revoked SID or no SOAP right) comes back as the result REST
        reports: code -26 "Insufficient permissions" on 3.x, message "error.notallowed" on
        4.0+ (a SOAP fault there). getRoomHash is safe to repeat: with ``credentials=`` and
        no ``sid=``, the client logs in again once and repeats it.
        """
        user_dto = ExternalUser.coerce(user)
        options_dto = RoomOptions.coerce(options)
        dialect = self._get_dialect()
        explicit = sid is not None
        if not explicit and not self.sid:
            if not self._credentials:
                raise NotLoggedIn("get_room_hash needs a SID")
            self._relogin()
        result = dialect.get_room_hash(sid if explicit else self.sid, user_dto, options_dto)
        if not explicit and self._credentials and dialect.is_not_allowed(result):
            log.info("getRoomHash: the SID was refused; logging in again once")
            result = dialect.get_room_hash(self._relogin(), user_dto, options_dto)
        return result

    def room_url(self, hash: str, language: Optional[int] = None) -> str:
        """The URL that enters the room: ``<base>/swf?secureHash=H`` (3.0/3.1) or
        ``<base>/hash?secure=H`` (3.2+), plus ``&language=N`` when given (honoured by the
        hash page from 4.0.5, passed to the Flash client before)."""
        return self.server_version.entry_url(self.base_url, hash, language)

    def room_url_for(self, user: UserLike, options: OptionsLike, language: Optional[int] = None) -> str:
        """Log in afresh, mint a hash for ``user`` with that new SID, and return the entry URL.

        One SID per external user avoids the shared-SID trap described in
        :meth:`get_room_hash`; it needs ``credentials=``. The client's own ``sid`` is left
        alone, so this is safe from many threads at once.
        """
        if not self._credentials:
            raise NotLoggedIn("room_url_for logs in for every user and needs credentials=(user, password)")
        dialect = self._get_dialect()
        login = dialect.login(*self._credentials)
        if not login.ok or not login.message:
            raise NotLoggedIn(f"logging in as {self._credentials[0]!r} failed: {login.message or login.code}",
                              hint=LOGIN_FAILED_HINT)
        result = dialect.get_room_hash(login.message, ExternalUser.coerce(user), RoomOptions.coerce(options))
        if not result.ok or not result.message:
            raise InvalidArgument(
                f"getRoomHash refused: {result.message or result.code}",
                hint="check externalId/externalType and that the account has the SOAP right",
            )
        return self.room_url(result.message, language)

    def error_message(self, id_or_key: Union[int, str], language: int = 1) -> Optional[ServiceResult]:
        """ErrorService: the text of an error in ``language`` (1 = English).

        3.x takes numeric ids (``-11``) and reports a label such as "Error" as type; 4.0+
        takes keys (``"error.bad.credentials"``) and reports SUCCESS even for an unknown key
        ("[Missing]"). None when a 3.x server knows no such id (REST answers 204 there).
        """
        return self._get_dialect().error_message(id_or_key, language)

    def version(self) -> str:
        """The server's version string from InfoService (3.1.3+), else what detection found."""
        try:
            return self._get_dialect().version()
        except (WsdlError, SoapFault, UnsupportedVersion, UnsupportedOperation) as exc:
            log.info("InfoService gave no version (%s); answering from detection", exc)
            return self.server_version.text

    def __repr__(self) -> str:
        version = f"{self._version}" if self._version else "undetected"
        sid = redact(self.sid) if self.sid else None
        return f"OpenMeetingsClient({scrub(self.base_url)!r}, version={version}, sid={sid})"


def _snapshot_of(version: ServerVersion) -> Optional[str]:
    try:
        return version.snapshot
    except UnsupportedVersion:
        return None


def _type_name(xsd_type: Any) -> str:
    qname = getattr(xsd_type, "qname", None)
    if qname is not None:
        return str(etree.QName(qname).localname)
    return str(getattr(xsd_type, "name", None) or type(xsd_type).__name__)


def _elements_of(message: Any) -> List[Tuple[str, Any]]:
    try:
        body = message.body
        xsd_type = body.type if body is not None else None
        return list(xsd_type.elements) if xsd_type is not None and hasattr(xsd_type, "elements") else []
    except AttributeError:
        return []


def _is_many(element: Any) -> bool:
    occurs = getattr(element, "max_occurs", 1)
    return occurs == "unbounded" or (isinstance(occurs, int) and occurs > 1)


def _parts(message: Any) -> List[Tuple[str, str, bool]]:
    return [(name, _type_name(el.type), _is_many(el)) for name, el in _elements_of(message)]


def _return_of(operation: Any) -> Tuple[Optional[str], bool]:
    parts = _parts(operation.output)
    if not parts:
        return None, False
    _, type_name, many = parts[0]
    return type_name, many


def _input_names(operation: Any) -> List[str]:
    """The parameter names of an operation's (document/literal wrapped) input."""
    try:
        body = operation.input.body
        xsd_type = body.type if body is not None else None
        if xsd_type is not None and hasattr(xsd_type, "elements"):
            return [name for name, _ in xsd_type.elements]
    except AttributeError:  # an exotic binding (RPC style): no wrapper element to read
        return []
    return []


__all__ = [
    "SAFE_TO_REPEAT",
    "SERVICES",
    "CxfDialect",
    "OpenMeetingsClient",
    "dialect_class",
    "register_dialect",
    "to_data",
    "to_rest_object",
    "to_service_result",
]
