"""Dependency audit (`make audit`, run by `make test`): known vulnerabilities in the locked Python and npm packages.

pip-audit checks requirements/lock.txt against PyPI's advisory data; `npm audit` checks package-lock.json against
the npm registry's. A known vulnerability fails the run. When the advisory services cannot be reached (a closed
network: PyPI's JSON API or npm's audit endpoint refused), nothing was audited: the run says so loudly and fails only
when OPENBILAN_AUDIT_STRICT=1 (set it in a CI that has the network, so a silent skip cannot pass there)."""

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Verdict:
    vulnerable: list[str] = field(default_factory=list)  # "package version: advisory ids"
    unaudited: list[str] = field(default_factory=list)  # packages nobody could check


def read_pip_audit(report: dict) -> Verdict:
    verdict = Verdict()
    for dependency in report.get("dependencies", []):
        name = f"{dependency.get('name')} {dependency.get('version', '')}".strip()
        if dependency.get("skip_reason"):
            verdict.unaudited.append(name)
        elif dependency.get("vulns"):
            ids = ", ".join(v.get("id", "?") for v in dependency["vulns"])
            verdict.vulnerable.append(f"{name}: {ids}")
    return verdict


def read_npm_audit(report: dict, packages: list[str]) -> Verdict:
    verdict = Verdict()
    if "error" in report or "vulnerabilities" not in report:
        verdict.unaudited.extend(packages)
        return verdict
    for name, found in sorted(report["vulnerabilities"].items()):
        verdict.vulnerable.append(f"{name} {found.get('range', '')}: {found.get('severity', '?')}".strip())
    return verdict


def exit_code(verdict: Verdict, *, strict: bool) -> int:
    if verdict.vulnerable:
        return 1
    if verdict.unaudited and strict:
        return 2
    return 0


def _pip_audit() -> Verdict:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        command = [
            str(ROOT / ".venv" / "bin" / "pip-audit"),
            *("-r", str(ROOT / "requirements" / "lock.txt")),
            *("--require-hashes", "--disable-pip", "--progress-spinner", "off"),
            *("-f", "json", "-o", str(output)),
        ]
        subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
        if not output.exists():
            return Verdict(unaudited=["requirements/lock.txt (pip-audit produced no report)"])
        return read_pip_audit(json.loads(output.read_text(encoding="utf-8")))


def _npm_audit() -> Verdict:
    packages = sorted(json.loads((ROOT / "package.json").read_text(encoding="utf-8")).get("dependencies", {}))
    result = subprocess.run(
        ["npm", "audit", "--json", "--audit=true"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        report = {"error": result.stderr[-300:]}
    return read_npm_audit(report, packages)


def main() -> int:
    strict = os.environ.get("OPENBILAN_AUDIT_STRICT") == "1"
    python, npm = _pip_audit(), _npm_audit()
    verdict = Verdict(python.vulnerable + npm.vulnerable, python.unaudited + npm.unaudited)
    for line in verdict.vulnerable:
        print(f"VULNERABLE {line}")
    if verdict.unaudited:
        print(
            f"NOT AUDITED: {len(verdict.unaudited)} package(s), the advisory services could not be reached "
            f"(PyPI JSON API / npm audit endpoint). {'Failing (OPENBILAN_AUDIT_STRICT=1).' if strict else ''}"
        )
    if not verdict.vulnerable and not verdict.unaudited:
        print("dependency audit: no known vulnerability")
    return exit_code(verdict, strict=strict)


if __name__ == "__main__":
    sys.exit(main())
