"""Periodic tasks of the access log: sealing every minute, purging daily (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services import toegangslog_opschonen, toegangslog_verzegelen


@shared_task
def toegangslog_verzegelen_taak():
    return toegangslog_verzegelen()


@shared_task
def toegangslog_opschonen_taak():
    toegangslog_verzegelen()
    return toegangslog_opschonen()
