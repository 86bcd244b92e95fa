"""Settings for the bare-DRF yardstick: the project's settings plus the bench.kaal app and its URLs only."""

from verzuimloket.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.kaal"]  # noqa: F405
ROOT_URLCONF = "bench.kaal.urls"
