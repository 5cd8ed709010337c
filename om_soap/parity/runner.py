"""run_parity: every scenario over both clients against one server, compared and classed."""
from __future__ import annotations

import secrets
from typing import Any

from ..errors import InvalidArgument, NotLoggedIn
from .compare import NOTES, Outcome, _Skip, classify, compare
from .report import ParityReport, ParityRow
from .scenarios import SCENARIOS, Context, Scenario, _cleanup


def _run_side(scenario: Scenario, ctx: Context) -> tuple[Outcome | None, str]:
    try:
        return scenario.run(ctx), ""
    except _Skip as skip:
        return None, str(skip)


def run_parity(
    soap_client: Any,
    rest_client: Any,
    *,
    allow_writes: bool = False,
    credentials: tuple[str, str] | None = None,
    room_id: int = 1,
    scenarios: tuple[Scenario, ...] | None = None,
) -> ParityReport:
    """Run the scenarios over both clients (SOAP first, then REST, scenario by scenario)
    against one server and compare. Writes only with ``allow_writes``."""
    credentials = credentials or getattr(soap_client, "credentials", None) or getattr(
        rest_client, "credentials", None)
    if not credentials or len(credentials) != 2:
        raise InvalidArgument("run_parity needs credentials=(user, password) of a user with the SOAP right")
    version = soap_client.server_version
    if version.family.stack != "cxf":
        raise InvalidArgument(
            f"OpenMeetings {version} has no REST API (Axis2, before 3.1): parity needs 3.1 or later")
    token = secrets.token_hex(4)
    sides = [Context(p, c, version, tuple(credentials), room_id, token)  # type: ignore[arg-type]
             for p, c in (("soap", soap_client), ("rest", rest_client))]
    rows: list[ParityRow] = []
    try:
        for scenario in scenarios or SCENARIOS:
            if scenario.writes and not allow_writes:
                continue
            (soap, soap_skip), (rest, rest_skip) = (_run_side(scenario, ctx) for ctx in sides)
            if soap is None or rest is None:
                rows.append(ParityRow(scenario.name, "skipped", soap, rest, note=soap_skip or rest_skip))
                continue
            diffs = compare(soap, rest)
            status = classify(version, scenario.name, soap, rest, diffs)
            note = next((text for name, applies, text in NOTES if name == scenario.name and applies(version)),
                        "")
            rows.append(ParityRow(scenario.name, status, soap, rest, diffs, note))
            if scenario.name == "login.good" and not any(ctx.sid for ctx in sides):
                # Equal failures prove nothing about the protocols; say what to fix.
                message = (soap.get("serviceResult") or {}).get("message") or soap
                raise NotLoggedIn(f"login as {credentials[0]!r} failed over both SOAP and REST ({message}); "
                                  "parity needs an account that can log in")
    finally:
        if allow_writes:
            for ctx in sides:
                _cleanup(ctx)
    return ParityReport(version.text, rows, allow_writes)
