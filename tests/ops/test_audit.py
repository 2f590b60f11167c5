"""The dependency audit's verdict: a known vulnerability fails; packages nobody could check fail in strict mode."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("audit", Path(__file__).resolve().parents[2] / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_a_vulnerable_python_package_fails_the_audit():
    report = {"dependencies": [{"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1"}]}]}
    verdict = audit.read_pip_audit(report)
    assert verdict.vulnerable == ["django 5.2.0: PYSEC-2025-1"]
    assert audit.exit_code(verdict, strict=False) == 1


def test_clean_packages_pass():
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    assert audit.exit_code(audit.read_pip_audit(report), strict=True) == 0


def test_packages_that_could_not_be_checked_are_listed_and_fail_only_in_strict_mode():
    report = {"dependencies": [{"name": "argon2-cffi", "skip_reason": "Dependency not found on PyPI"}]}
    verdict = audit.read_pip_audit(report)
    assert verdict.unaudited == ["argon2-cffi"]
    assert audit.exit_code(verdict, strict=False) == 0
    assert audit.exit_code(verdict, strict=True) == 2


def test_an_unreachable_npm_audit_leaves_every_npm_package_unaudited():
    verdict = audit.read_npm_audit({"error": {"code": "E405"}}, ["axe-core", "htmx.org"])
    assert verdict.unaudited == ["axe-core", "htmx.org"] and not verdict.vulnerable


def test_an_npm_advisory_fails_the_audit():
    report = {"vulnerabilities": {"htmx.org": {"severity": "high", "range": "<2.0.9"}}}
    verdict = audit.read_npm_audit(report, ["htmx.org"])
    assert verdict.vulnerable == ["htmx.org <2.0.9: high"]
    assert audit.exit_code(verdict, strict=False) == 1
