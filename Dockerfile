# The Verzuimloket application image: one image for web (gunicorn), worker and beat (Celery);
# docker/entrypoint.sh picks the role. See docker-compose.yml for how they are run together.

# Stage 1: the source tree without local state. Even if a .dockerignore misses something, a
# developer's .env (secrets), .venv or ./var (a private database) never reaches the final image.
FROM python:3.11-slim AS source
COPY . /src
RUN cd /src \
    && rm -rf .env .env.* .venv var .git staticfiles node_modules test-artifacts .pytest_cache .ruff_cache \
    && find . -name __pycache__ -prune -exec rm -rf {} +

# Stage 2: the image that runs.
FROM python:3.11-slim

ENV DEBUG=false \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user with a fixed uid, so volume permissions are predictable.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so changing application code does not reinstall them. psycopg[binary]
# brings its own libpq, so no compiler or libpq-dev is needed.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --from=source /src /app

# Static files are collected into the image at build time; whitenoise serves them. The settings
# refuse to start without secrets when DEBUG is off, so this step gets throwaway values (variables
# set on a RUN line do not persist in the image). /app/var is where beat keeps its schedule.
RUN DEBUG=false \
    SECRET_KEY=collectstatic-build-only-not-a-secret \
    PSEUDONIEM_SLEUTEL=collectstatic-build-only-not-a-secret \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/var \
    && chown app:app /app/var \
    && chmod 0755 /app/docker/entrypoint.sh

USER app

EXPOSE 8000

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
