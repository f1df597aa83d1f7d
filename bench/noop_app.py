"""The baseline for bench/ingest.py: a FastAPI endpoint that reads the body and does nothing else."""

from fastapi import FastAPI, Request, Response

app = FastAPI(docs_url=None, redoc_url=None)


@app.post("/webhooks/whatsapp")
async def noop(request: Request) -> Response:
    await request.body()
    return Response(status_code=200)
