"""The house style is checked with the tests, so CI and a newcomer see the same: ruff lint and format."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize("opdracht", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff(opdracht):
    uitkomst = subprocess.run([RUFF, *opdracht], cwd=ROOT, capture_output=True, text=True, check=False)
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
