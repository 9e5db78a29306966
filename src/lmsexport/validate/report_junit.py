"""JUnit XML: one test suite per package, one test case per check.

CI systems (GitLab, Jenkins, GitHub test reporters) render JUnit natively, so a
failed package shows up as failed tests named after the check, with every
finding in the failure body.  Findings below ``--fail-on`` go to system-out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lmsexport.render.templating import template_environment
from lmsexport.validate.engine import check_of
from lmsexport.validate.findings import SEVERITY_RANK, Finding, PackageReport


@dataclass(frozen=True)
class _Case:
    name: str
    failures: tuple[Finding, ...]
    notes: tuple[Finding, ...]


def _cases(report: PackageReport, fail_on: str) -> list[_Case]:
    threshold = SEVERITY_RANK[fail_on]
    cases = []
    for check in report.checks:
        mine = [f for f in report.findings if check_of(f) == check]
        failing = tuple(f for f in mine if SEVERITY_RANK[f.severity] >= threshold)
        notes = tuple(f for f in mine if SEVERITY_RANK[f.severity] < threshold)
        cases.append(_Case(check, failing, notes))
    return cases


def render_junit(reports: Sequence[PackageReport], fail_on: str) -> str:
    """The JUnit XML report (one suite per package, one case per check), which CI servers display natively."""
    suites = [(report, _cases(report, fail_on)) for report in reports]
    template = template_environment("lmsexport.validate").get_template("junit.xml.j2")
    return template.render(
        suites=suites,
        tests=sum(len(cases) for _, cases in suites),
        failures=sum(1 for _, cases in suites for case in cases if case.failures),
    )
