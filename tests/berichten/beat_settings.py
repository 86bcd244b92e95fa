"""Settings for the two-beats test: every periodic task every second, so duplicates would show at once."""

from verzuimloket.settings import *  # noqa: F403

CELERY_BEAT_SCHEDULE = {
    naam: {**taak, "schedule": 1.0, "options": {"expires": 5}}
    for naam, taak in CELERY_BEAT_SCHEDULE.items()  # noqa: F405
    if naam != "statistiek-purge"
}
