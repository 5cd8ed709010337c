"""The parity report: one row per scenario, rendered as the CLI's table, JSON or JUnit XML."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .compare import FieldDiff, Outcome, _shown


#: The table shows at most this many differences per row and values cut to VALUE_WIDTH
#: characters; ``--json`` carries every difference with the full values.
MAX_DIFFS_SHOWN = 3
VALUE_WIDTH = 32


def _short(value: Any) -> str:
    text = json.dumps(_shown(value), ensure_ascii=False)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 3] + "..."


@dataclass
class ParityRow:
    scenario: str
    status: str
    soap: Outcome | None = None
    rest: Outcome | None = None
    diffs: list[FieldDiff] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "status": self.status, "soap": self.soap, "rest": self.rest,
                "diffs": [d.to_json() for d in self.diffs], "note": self.note}


@dataclass
class ParityReport:
    version: str
    rows: list[ParityRow]
    allow_writes: bool = False

    @property
    def ok(self) -> bool:
        """Nothing unexpected differs."""
        return not any(r.status == "unexpected" for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "ok": self.ok, "allowWrites": self.allow_writes,
                "rows": [r.to_json() for r in self.rows]}

    def to_junit(self) -> str:
        """JUnit XML: one testcase per scenario; unexpected differences are failures."""
        failures = sum(r.status == "unexpected" for r in self.rows)
        skipped = sum(r.status == "skipped" for r in self.rows)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 (f'<testsuite name="om-soap parity {escape(self.version)}" tests="{len(self.rows)}" '
                 f'failures="{failures}" errors="0" skipped="{skipped}">')]
        for row in self.rows:
            lines.append(f'  <testcase classname="parity" name={quoteattr(row.scenario)}>')
            if row.status == "unexpected":
                paths = ", ".join(d.path for d in row.diffs if d.status == "unexpected")
                lines.append(f"    <failure message={quoteattr('unexpected difference at ' + paths)}>"
                             f"{escape(json.dumps([d.to_json() for d in row.diffs], indent=1))}</failure>")
            elif row.status == "skipped":
                lines.append(f"    <skipped message={quoteattr(row.note)}/>")
            elif row.status == "known" or row.note:
                text = "; ".join(sorted({d.reason for d in row.diffs})) or row.note
                lines.append(f"    <system-out>{escape(text)}</system-out>")
            lines.append("  </testcase>")
        lines.append("</testsuite>")
        return "\n".join(lines) + "\n"

    def table(self) -> str:
        """The readable table the CLI prints."""
        width = max([len(r.scenario) for r in self.rows] + [8])
        out = [f"SOAP/REST parity, OpenMeetings {self.version}"
               + ("" if self.allow_writes else " (read-only)"), ""]
        out.append(f"{'scenario':<{width}}  {'result':<10}  detail")
        out.append(f"{'-' * width}  {'-' * 10}  {'-' * 40}")
        for row in self.rows:
            detail = row.note
            if row.diffs:
                shown = row.diffs[:MAX_DIFFS_SHOWN]
                detail = "; ".join(
                    f"{d.path}: SOAP {_short(d.soap)} vs REST {_short(d.rest)}"
                    + (f" [known: {d.key}]" if d.status == "known" else " [UNEXPECTED]")
                    for d in shown
                )
                if len(row.diffs) > len(shown):
                    detail += f"; {len(row.diffs) - len(shown)} more (--json has them all)"
            out.append(f"{row.scenario:<{width}}  {row.status:<10}  {detail}")
        counts = {s: sum(r.status == s for r in self.rows) for s in ("equal", "known", "unexpected", "skipped")}
        out.append("")
        out.append(", ".join(f"{n} {s}" for s, n in counts.items())
                   + (": PASS" if self.ok else ": FAIL (unexpected differences)"))
        return "\n".join(out)
