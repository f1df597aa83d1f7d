"""Wake-ups for the worker: an in-process event on one machine, a Redis channel across processes.

A wake-up only says "look at the database"; losing one costs at most a poll interval, never a tip.
"""

from __future__ import annotations

import logging
import threading

import redis

log = logging.getLogger(__name__)
CHANNEL = "tipline:wake"


class Waker:
    def __init__(self) -> None:
        self._event = threading.Event()

    def notify(self) -> None:
        self._event.set()

    def wait(self, timeout: float) -> bool:
        woken = self._event.wait(timeout)
        self._event.clear()
        return woken

    def close(self) -> None:
        self._event.set()


class RedisWaker(Waker):
    def __init__(self, url: str) -> None:
        super().__init__()
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._redis.ping()
        self._closed = threading.Event()
        self._listener = threading.Thread(target=self._listen, name="tipline-wake", daemon=True)
        self._listener.start()

    def notify(self) -> None:
        super().notify()
        try:
            self._redis.publish(CHANNEL, b"1")
        except redis.RedisError as exc:
            log.warning("wake-up not published (%s); workers will poll", exc)

    def _listen(self) -> None:
        while not self._closed.is_set():
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(CHANNEL)
                while not self._closed.is_set():
                    if pubsub.get_message(timeout=0.5):
                        self._event.set()
            except redis.RedisError as exc:
                log.warning("wake-up channel lost (%s); retrying", exc)
                self._closed.wait(1.0)
            finally:
                pubsub.close()

    def close(self) -> None:
        self._closed.set()
        super().close()
        self._listener.join(timeout=5)
        self._redis.close()


def make_waker(redis_url: str | None) -> Waker:
    return RedisWaker(redis_url) if redis_url else Waker()
