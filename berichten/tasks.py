"""Celery tasks for outgoing mail: thin wrappers that take an id, call one service and return.

Retries do not use Celery countdowns: the due time lives on the outbox row and the relay re-queues it,
so no ETA can outlive the Redis visibility timeout and a lost message only delays a mail.
"""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def berichten_versturen(uitgaand_ids):
    services.uitgaande_versturen(uitgaand_ids=uitgaand_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def relay_uitgaand():
    services.relay_uitgaand()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dagoverzichten_plannen():
    services.dagoverzichten_plannen()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def herinneringen_verwerken():
    services.herinneringen_verwerken()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def maandoverzichten_plannen():
    services.maandoverzichten_plannen()
