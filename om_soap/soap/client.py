"""``OpenMeetingsClient``: the facade over the SOAP dialects (CXF, Axis2).

It holds the WSDL source, the zeep proxies and the detected version, and sends one
operation at a time with :meth:`OpenMeetingsClient.call` (compiled path or zeep).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

import requests

from .. import versions
from ..errors import (
    InvalidArgument,
    OpenMeetingsError,
    SoapFault,
    UnexpectedResponse,
    UnknownService,
    UnsupportedOperation,
    UnsupportedVersion,
    WsdlError,
)
from ..facade import SAFE_TO_REPEAT, Facade, refused_message
from ..http import Timeouts, Verify
from ..redact import scrub_cut
from ..settings import Settings
from ..versions import ServerVersion
from . import documents, fastpath, transport, wsdl_source, zeep_glue
from .detect import detect, make_source, remember
from .dialects import dialect_class
from .dialects.cxf import CxfDialect, fault_message

log = logging.getLogger("om_soap.client")

#: The service names :meth:`OpenMeetingsClient.service` accepts.
SERVICES = wsdl_source.SERVICES

TNS = versions.CXF_NAMESPACE

_SID_PARTS = ("sid", "SID")


class OpenMeetingsClient(Facade):
    """The SOAP client of one OpenMeetings server, answering in REST shapes.

    ``base_url`` is the OpenMeetings context (``https://host/openmeetings``); every request
    goes there, whatever host the WSDLs name. Nothing is fetched at construction.

    - ``version``: skip detection (``"4.0"``, ``"5.0.0-M4"``, a ServerVersion).
    - ``credentials=(user, password)``: enables :meth:`room_url_for` and one automatic
      re-login when a SID expired or was revoked (see :data:`SAFE_TO_REPEAT`).
    - ``settings``: a :class:`~om_soap.settings.Settings`; the keyword shortcuts
      ``timeout``, ``verify``, ``offline``, ``cache_dir`` and ``compiled`` override its fields.
    - ``session``: a requests.Session to use (a proxy set-up, the fake's in-process adapter).
    - ``compiled=False``: send every operation through zeep's (de)serialisation instead of
      the compiled plans of :mod:`om_soap.soap.fastpath` (same envelopes, same results);
      ``OM_SOAP_COMPILED=0`` in the environment makes that the default.

    Thread safety: one client may be shared by many threads; loading services and detecting
    the version are guarded by a lock. The ``sid`` is per client: mint hashes with
    :meth:`room_url_for`, or pass ``sid=`` explicitly.
    """

    _kind = "OpenMeetingsClient"

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
        chosen = (settings or Settings()).replace(
            timeout=timeout, verify=verify, offline=offline, cache_dir=cache_dir, compiled=compiled
        )
        super().__init__(str(base_url or ""), version=version, credentials=credentials, settings=chosen,
                         session=session)
        self.offline = bool(chosen.offline)
        #: Whether plain operations take the compiled path (:mod:`om_soap.soap.fastpath`).
        self.compiled = bool(chosen.compiled)
        self.cache = wsdl_source.WsdlCache(chosen.cache_dir)
        self.version_found_by: Optional[str] = "argument" if self._version_arg else None
        self._source: Optional[wsdl_source.WsdlSource] = None
        self._transport: Optional[transport.Transport] = None
        self._services: Dict[str, Any] = {}
        self._zeep: Dict[str, Any] = {}
        self._wsdl_sha: Dict[str, str] = {}
        self._declared: Dict[Tuple[str, str], Tuple[Tuple[str, bool, bool], ...]] = {}

    # -- WSDLs and zeep proxies

    def _get_source(self) -> wsdl_source.WsdlSource:
        with self._lock:
            if self._source is None:
                self._source = make_source(self)
                self._transport = transport.Transport(self.session, self._source, self.timeouts,
                                                      self._known_secrets,
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
            sender = self._transport
            assert sender is not None
            document, digest = documents.document(source, name,
                                                  lambda url: zeep_glue.build_document(url, sender))
            client = zeep_glue.make_client(document, sender)
            proxy = zeep_glue.bind(client, self.base_url, name)
            self._zeep[name] = client
            self._wsdl_sha[name] = digest
            if name == "UserService" and self._version_arg and not self.offline:
                remember(self, self._version_arg, "argument", digest)
            self._services[name] = proxy
            return proxy

    def operations(self, service: str) -> List[str]:
        """The operation names the server's WSDL declares for ``service``."""
        return sorted(zeep_glue.operation_names(self.service(service)))

    def declared_fields(self, service: str, type_name: str) -> List[Tuple[str, bool, bool]]:
        """``(element, required, is_boolean)`` of a complexType in ``service``'s WSDL, in order."""
        cached = self._declared.get((service, type_name))
        if cached is None:
            cached = tuple((name, required, is_bool)
                           for name, _, required, is_bool, _ in self.declared_elements(service, type_name))
            self._declared[(service, type_name)] = cached  # a client's WSDLs never change
        return list(cached)

    def declared_elements(self, service: str, type_name: str) -> List[Tuple[str, Optional[str], bool, bool, bool]]:
        """``(element, nested complexType or None, required, is_boolean, repeated)`` of a
        complexType in ``service``'s WSDL, in order: what the typed methods shape DTOs by."""
        self.service(service)
        return zeep_glue.element_fields(zeep_glue.declared_type(self._zeep[service], TNS, service, type_name))

    def signature(self, service: str, operation: str) -> Tuple[List[Tuple[str, str, bool]], Optional[str], bool]:
        """``([(part, type, repeated)], return type or None, return repeated)`` of an
        operation, read from the WSDL (for ``om-soap ops`` and the REST root of answers)."""
        return zeep_glue.signature(self.service(service), service, operation)

    def return_type(self, service: str, operation: str) -> Optional[str]:
        """The type name of an operation's ``return`` (``roomDTO``, ``serviceResult``...)."""
        return self.signature(service, operation)[1]

    def _invoke_typed(self, row: Any, args: Dict[str, Any]) -> Any:
        """Send a typed method's row over SOAP (see :func:`om_soap.soap.invoke.soap_invoke`)."""
        from .invoke import soap_invoke  # only the typed methods need it: kept out of the cold start

        return soap_invoke(self, row, args)

    # -- sending

    def call(self, service: str, operation: str, *, _repeat: Optional[bool] = None, **params: Any) -> Any:
        """Send one operation and return zeep's answer (the ``return`` value).

        The answer is the same zeep value whichever path sent it: the compiled one
        (:mod:`om_soap.soap.fastpath`, for operations of plain XSD types) or zeep's own.

        - Where the operation has a ``sid`` part and none is given, the current SID is sent
          (:class:`NotLoggedIn` if there is none).
        - Faults become :class:`SoapFault` (fault code, string, parsed detail).
        - With ``credentials=``, an operation in :data:`SAFE_TO_REPEAT` whose SID is refused
          ("not allowed": an expired or revoked SID) is repeated once after a fresh login;
          never more than once, and never when ``sid=`` was given.
        """
        proxy = self.service(service)
        names = zeep_glue.input_names(zeep_glue.operation(proxy, operation, service))
        sid_part = next((p for p in _SID_PARTS if p in names), None)
        explicit = sid_part is not None and sid_part in params
        if sid_part is not None and not explicit:
            params[sid_part] = self.sid or self._sid(None, f"{service}.{operation}")
        repeat = (operation in SAFE_TO_REPEAT) if _repeat is None else _repeat
        try:
            return self._send(proxy, service, operation, params)
        except SoapFault as exc:
            if not (repeat and not explicit and sid_part and self.credentials and self._refused_sid(exc)):
                raise
        log.info("%s.%s: the SID was refused; logging in again once", service, operation)
        params[sid_part] = self._relogin()
        return self._send(proxy, service, operation, params)

    def _send(self, proxy: Any, service: str, operation: str, params: Dict[str, Any]) -> Any:
        answered = transport.answers_seen()
        try:
            plan = self._plan(proxy, operation)
            if plan is not None:
                message = plan.serialize(params)
                if message is not None:
                    return self._send_compiled(proxy, plan, message)
            return getattr(proxy, operation)(**params)
        except zeep_glue.Fault as fault:
            raise transport.fault_error(fault, f"{service}.{operation}", self._known_secrets()) from None
        except OpenMeetingsError:
            raise
        except Exception as exc:  # noqa: BLE001 - zeep, lxml and requests-toolbelt raise many kinds
            reason = scrub_cut(f"{type(exc).__name__}: {exc}", self._known_secrets(), 300)
            if transport.answers_seen() != answered:
                # zeep gave up on the answer (SOAP 1.2, an empty Body, an undeclared xsi:type
                # prefix, a value its type cannot hold, a multipart body...): the server's doing
                raise UnexpectedResponse(
                    f"the answer to {service}.{operation} is not the SOAP 1.1 message its WSDL describes: {reason}",
                    hint="the server or a proxy answered in another shape; --verbose shows the envelope",
                ) from None
            if isinstance(exc, zeep_glue.ARGUMENT_ERRORS):
                raise InvalidArgument(
                    f"{service}.{operation} cannot be sent with these parameters: {reason}"
                ) from None
            # Anything else before an answer came back: the WSDL describes the operation in a
            # way zeep cannot serialise (a part typed xs:dateTime where a boolean is sent, ...)
            raise WsdlError(f"the WSDL's {service}.{operation} cannot be used to send this call: {reason}") from None

    def _plan(self, proxy: Any, operation: str) -> Optional[fastpath.Plan]:
        """The compiled plan for ``operation``, or None where zeep must do the work (the
        switch is off, or the zeep client carries something a plan knows nothing of)."""
        if not self.compiled or not zeep_glue.plan_allowed(proxy, self._transport):
            return None
        op = zeep_glue.operation_or_none(proxy, operation)
        return None if op is None else fastpath.plan_for(zeep_glue.binding_of(proxy), op)

    def _send_compiled(self, proxy: Any, plan: fastpath.Plan, message: bytes) -> Any:
        """Send a compiled envelope through the same transport and read the answer once.

        Faults are raised by zeep's own ``process_error`` on the parsed answer; an answer
        the plan does not read is handed to zeep's ``process_reply`` (no second request).
        """
        assert self._transport is not None
        binding = zeep_glue.binding_of(proxy)
        response, root = self._transport.exchange(
            zeep_glue.address_of(proxy), message, dict(plan.headers), plan.local_name
        )
        body, header, fault = fastpath.open_envelope(root)
        if response.status_code != 200 or fault:
            binding.process_error(root, plan.operation)  # raises zeep's Fault, as process_reply does
        try:
            return plan.read(body, header)
        except fastpath.Fallback:
            return binding.process_reply(zeep_glue.zeep_client_of(proxy), plan.operation, response)

    def _refused_sid(self, fault: SoapFault) -> bool:
        return refused_message(fault_message(fault), self.server_version.family)

    # -- version

    def _dialect_for(self, version: ServerVersion) -> Any:
        return dialect_class(version.family.stack)(self)

    @property
    def server_version(self) -> ServerVersion:
        """The server's version: from ``version=``, the cache, InfoService or the WSDL
        fingerprint (``version_found_by`` says which). Detected once per client."""
        if self._version is not None:
            return self._version
        with self._lock:
            if self._version is None:
                self._version, self.version_found_by = detect(self, CxfDialect(self).version)
            return self._version

    def version(self) -> str:
        """The server's version string from InfoService (3.1.3+), else what detection found."""
        try:
            return str(self._get_dialect().version())
        except (WsdlError, SoapFault, UnsupportedVersion, UnsupportedOperation) as exc:
            log.info("InfoService gave no version (%s); answering from detection", exc)
            return self.server_version.text


__all__ = ["SAFE_TO_REPEAT", "SERVICES", "OpenMeetingsClient"]
