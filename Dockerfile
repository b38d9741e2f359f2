# syntax=docker/dockerfile:1
# Multi-stage build: wheels are built in a full image, the runtime image is slim and runs as a
# non-root user. Static files are collected at build time and served by ServeStatic.

# ---- build stage --------------------------------------------------------------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY requirements.txt .
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install -r requirements.txt

# ---- runtime stage ------------------------------------------------------------------------
FROM python:3.11-slim AS runtime
# XDG_RUNTIME_DIR: gunicorn (>= 25) puts its control socket there instead of $HOME (/app, read-only).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    XDG_RUNTIME_DIR=/tmp \
    PORT=8000
RUN groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Code and static files stay owned by root: the app user can read them, not rewrite them.
COPY . .
# collectstatic needs settings that import; these build-time values never reach a running container.
RUN SECRET_KEY=build-only-0123456789abcdefghijklmnopqrstuvwxyz \
    JWT_SECRET_KEY=build-only-0123456789abcdefghijklmnopqrstuvwxyz \
    CHANNEL_TOKEN_KEYS=YnVpbGQtb25seS1ub3QtYS1yZWFsLWtleS0wMDAwMDA= \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --settings=config.settings.production
USER app
EXPOSE 8000
# Probes the web process (plain HTTP: /health/ is exempt from the HTTPS redirect). compose.yaml
# disables it for the worker and migrate services, which run the same image without a web server.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os,sys,urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/health/live' % os.environ.get('PORT', '8000'), timeout=4).status == 200 else 1)"]
CMD ["gunicorn", "config.asgi:application", "--config", "gunicorn.conf.py"]
