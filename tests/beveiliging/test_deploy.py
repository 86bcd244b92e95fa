"""`manage.py check --deploy` is clean with production-like settings; bad production config fails loudly."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _productie_env(**extra):
    weg = {"DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last: set by e2e tests
    env = {k: v for k, v in os.environ.items() if k not in weg}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        PSEUDONIEM_SLEUTEL=secrets.token_urlsafe(32),
        TOEGANGSLOG_SLEUTEL=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="verzuimloket.example.nl",
        DJANGO_SETTINGS_MODULE="verzuimloket.settings",
    )
    env.update(extra)
    return env


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_schoon():
    uitkomst = _manage("check", "--deploy", "--fail-level", "WARNING", env=_productie_env())
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert "no issues" in uitkomst.stdout


def test_productie_zonder_toegangslog_sleutel_faalt():
    uitkomst = _manage("check", env=_productie_env(TOEGANGSLOG_SLEUTEL=""))
    assert uitkomst.returncode != 0 and "TOEGANGSLOG_SLEUTEL" in uitkomst.stderr


def test_oidc_aan_zonder_configuratie_faalt():
    uitkomst = _manage("check", env=_productie_env(OIDC_AAN="true"))
    assert uitkomst.returncode != 0 and "OIDC_RP_CLIENT_ID" in uitkomst.stderr


def test_oidc_aan_met_configuratie():
    oidc = {
        "OIDC_AAN": "true",
        "OIDC_RP_CLIENT_ID": "verzuimloket",
        "OIDC_RP_CLIENT_SECRET": "geheim",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
        "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    }
    uitkomst = _manage("check", "--deploy", "--fail-level", "WARNING", env=_productie_env(**oidc))
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
