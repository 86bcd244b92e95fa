"""Nightly retention purge (beat). Idempotent: a second beat finds nothing left to purge."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def purge_verlopen():
    services.purge_verlopen()
