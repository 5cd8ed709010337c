"""SOAP/REST parity: run the same scenarios over both protocols and compare, field by field.

A migration from SOAP to REST (or back) must change nothing for the integration. This
package proves it against a real server (or the fake): each scenario runs once through the
SOAP facade and once through :class:`om_soap.rest.RestClient`; both answers are taken as the
REST JSON (``to_rest()``), what must differ (SIDs, hashes, generated ids, timestamps) is
replaced by placeholders, and what is left must be equal, or be a difference OpenMeetings
itself has between its protocols (:data:`KNOWN_DIFFERENCES`, each row citing the facts).
Anything else is *unexpected* and fails the run.

Read-only by default (login, room hash, error lookup, version), so it is safe against a
production server; ``allow_writes`` adds room and user add/get/delete and getExternal, and
removes what it created.

Where things live: :mod:`.compare` (outcomes, placeholders, the diff, the known
differences), :mod:`.scenarios` (what runs on each protocol), :mod:`.report` (table, JSON,
JUnit), :mod:`.runner` (:func:`run_parity`) and :mod:`.cli` (``om-soap parity``). Everything
is importable from ``om_soap.parity`` as before the split.
"""
from __future__ import annotations

from .compare import KNOWN_DIFFERENCES, FieldDiff, KnownDifference, compare, normalise, outcome_of
from .report import ParityReport, ParityRow
from .runner import run_parity
from .scenarios import SCENARIOS, Scenario

# The other names the single module had, so that code reaching for them keeps working.
from .compare import _MISSING, NOTES, Outcome, _shown, classify  # noqa: F401  # isort: skip
from .scenarios import EXTERNAL_TYPE, NO_SUCH_USER, UNKNOWN_SID, Context  # noqa: F401  # isort: skip

__all__ = [
    "KNOWN_DIFFERENCES",
    "SCENARIOS",
    "FieldDiff",
    "KnownDifference",
    "ParityReport",
    "ParityRow",
    "Scenario",
    "add_arguments",
    "compare",
    "normalise",
    "outcome_of",
    "run",
    "run_parity",
]
