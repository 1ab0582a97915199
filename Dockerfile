# Forecast Ledger: `docker build -t forecast-ledger .` then
# `docker run -p 8000:8000 -v forecasts:/data forecast-ledger`.
# The SQLite database lives in /data; set FORECASTS_DATABASE_URL to use PostgreSQL instead.
ARG PYTHON_VERSION=3.11.13

# Build the wheel and install it with its dependencies into a virtualenv, so the final image
# carries neither the sources nor the build backend.
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY migrations ./migrations
COPY app ./app
RUN /opt/venv/bin/pip install --no-cache-dir ".[postgres]"

FROM python:${PYTHON_VERSION}-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FORECASTS_DATABASE_URL=sqlite:////data/forecasts.db
# pg_dump and pg_restore for `forecasts db backup` / `restore` against PostgreSQL (Debian's 15,
# the client for servers up to 15; pinned to bookworm's meta-package, which point releases keep).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client=15+248+deb12u2 \
    && rm -rf /var/lib/apt/lists/*
# A fixed, numeric UID: orchestrators can verify it is not root, and a host directory
# mounted at /data can be chowned to match.
RUN groupadd --system --gid 10001 forecasts \
    && useradd --system --uid 10001 --gid forecasts --home-dir /data --create-home forecasts
COPY --from=build /opt/venv /opt/venv
WORKDIR /data
USER 10001:10001
EXPOSE 8000
# The slim image has no curl; the interpreter is already there.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/livez', timeout=3)"]
CMD ["forecasts", "serve", "--host", "0.0.0.0", "--port", "8000"]
