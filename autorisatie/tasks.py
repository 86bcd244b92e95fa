"""Periodic task: the yearly review suspends authorisations not confirmed in time (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services import autorisaties_herzien


@shared_task
def autorisaties_herzien_taak():
    return autorisaties_herzien()
