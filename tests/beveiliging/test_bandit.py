"""bandit over every first-party package: no finding of high severity."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_geen_hoge_bevindingen():
    pakketten = sorted(
        p.name
        for p in ROOT.iterdir()
        if (p / "__init__.py").exists() and p.name not in {"tests"} and not p.name.startswith(".")
    )
    assert {"beveiliging", "protocollering", "autorisatie", "meldingen"} <= set(pakketten)
    uitkomst = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandit",
            "-q",
            "-r",
            *pakketten,
            "-x",
            "*/migrations/*",
            "-f",
            "json",
            "--severity-level",
            "high",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    rapport = json.loads(uitkomst.stdout)
    hoog = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in rapport["results"]]
    assert not hoog, "\n".join(hoog)
    assert rapport["metrics"]["_totals"]["loc"] > 1000
