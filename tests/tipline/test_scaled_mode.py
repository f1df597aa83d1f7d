"""Election-day shape: PostgreSQL + Redis, the web apart from a worker, woken through Redis."""

from __future__ import annotations

import threading

import redis

from tests.conftest import REDIS_TEST_URL, make_settings
from tests.tipline.helpers import BALLOTS, HOAX_FORWARD, running_app, seed, text_delivery, wait_for
from tipline.wake import RedisWaker
from tipline.worker import Worker


def test_redis_wakes_a_worker_in_another_process_shape(pg_database: str, pg_engine: object) -> None:
    redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=3).ping()  # unreachable Redis fails the test
    # A poll interval far longer than the test's patience: only a Redis wake-up can make the reply arrive.
    settings = make_settings(pg_database, redis_url=REDIS_TEST_URL, worker_poll_seconds=60.0)
    from tests.conftest import _truncate

    _truncate(pg_engine)  # type: ignore[arg-type]
    with running_app(settings, with_worker=False) as app:
        seed(app.engine, BALLOTS)
        worker = Worker.build(app.settings, waker=RedisWaker(REDIS_TEST_URL))
        stop = threading.Event()
        thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
        thread.start()
        try:
            worker.waker.wait(0.5)  # let the first idle pass begin its 60 s wait
            assert app.post(text_delivery(HOAX_FORWARD)).status_code == 200
            verdict = wait_for(
                lambda: [e for e in app.fake.accepted() if e["body"].get("type") == "text"],
                timeout=15,
                what="a verdict sent by the separate worker",
            )
            assert BALLOTS.url in verdict[0]["body"]["text"]["body"]
        finally:
            stop.set()
            worker.waker.close()
            thread.join(timeout=10)


def test_readyz_reports_redis(sqlite_settings: object) -> None:
    from fastapi.testclient import TestClient

    from tipline.app import create_app

    good = sqlite_settings.model_copy(update={"redis_url": REDIS_TEST_URL})  # type: ignore[attr-defined]
    with TestClient(create_app(good, with_worker=False)) as client:
        assert client.get("/readyz").json() == {"ready": True, "checks": {"database": "ok", "redis": "ok"}}
