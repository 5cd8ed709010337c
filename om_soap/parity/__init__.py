"""SOAP/REST parity: run the same scenarios over both protocols and compare, field by field.

:mod:`.scenarios` (what runs), :mod:`.compare` (placeholders, the diff, the differences
OpenMeetings itself has), :mod:`.report` (table, JSON, JUnit), :mod:`.runner`
(:func:`run_parity`). How and why: ``docs/architecture.md``.
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
