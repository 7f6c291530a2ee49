# syntax=docker/dockerfile:1
#
# Production image for Tech For Climate. One image for every process: the default command
# serves the site with Gunicorn; docker-compose.yml runs the Celery worker and beat from it too.
#
#   docker build -t techforclimate:latest .

FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    # The code in /app comes before the copy `pip install .` puts in site-packages, for every
    # process (manage.py, Gunicorn and Celery alike), so BASE_DIR, templates/ and locale/ are
    # always the ones in /app.
    PYTHONPATH=/app \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF tickets) needs Pango, HarfBuzz's subsetter and at least one font;
# gettext provides msgfmt for `compilemessages`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

# The processes run as an unprivileged user; the code stays owned by root, read-only to it.
RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, in a layer of their own, so that a change to the code alone does not
# reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info

# Translations and static files are built into the image. Production settings refuse to load
# without a SECRET_KEY, so this step alone gets a throwaway one: it is not kept in the image.
RUN DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
        python manage.py compilemessages -v 0 \
    && DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --no-input -v 0

# Uploaded files (speaker photos...) live in a volume mounted here; a new named volume takes
# this directory's owner, so the app user can write to it.
RUN mkdir -p /app/media && chown app:app /app/media

USER app

EXPOSE 8000

CMD ["gunicorn", "techforclimate.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
