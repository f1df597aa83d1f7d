FROM python:3.11-slim-bookworm
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-ind \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY tipline ./tipline
COPY webhooks ./webhooks
COPY replies ./replies
COPY content ./content
RUN pip install --no-cache-dir .
ENV TIPLINE_CONTENT_DIR=/app/content
EXPOSE 8000
CMD ["sh", "-c", "tipline migrate && tipline serve --host 0.0.0.0 --port 8000 --no-worker"]
