# Image for web, worker and beat (docker-compose.yml). Same pinned requirements as `make run`.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=calaim.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=collectstatic-only-build-time-value-not-used-at-runtime \
    DATABASE_URL=postgres://unused@localhost/unused python manage.py collectstatic --noinput -v 0
RUN useradd --system --home /app calaim && mkdir -p /app/media && chown calaim /app/media
USER calaim
EXPOSE 8000
CMD ["gunicorn", "calaim.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4"]
