#!/bin/sh
# Entry point of the application image. The first argument picks the role:
#   web     apply migrations, then serve with gunicorn on :8000 (3 sync workers)
#   worker  Celery worker
#   beat    Celery beat (periodic tasks); its schedule lives in /app/var
# Anything else runs as given, e.g. `docker compose run --rm web python manage.py createsuperuser`.
set -eu

case "${1:-web}" in
    web)
        # Only the web container migrates, so worker and beat never race it on a schema change.
        python manage.py migrate --no-input
        exec gunicorn verzuimloket.wsgi:application \
            --bind 0.0.0.0:8000 \
            --workers 3 \
            --worker-class sync \
            --timeout 60 \
            --forwarded-allow-ips '*' \
            --access-logfile - \
            --error-logfile -
        ;;
    worker)
        exec celery -A verzuimloket worker -l info --concurrency 4
        ;;
    beat)
        exec celery -A verzuimloket beat -l info --schedule /app/var/celerybeat-schedule
        ;;
    *)
        exec "$@"
        ;;
esac
