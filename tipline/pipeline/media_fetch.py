"""Fetching a voter's photo: the webhook link while fresh, else the two-call media path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from replies.errors import GraphError, MediaDownloadError
from replies.graph import GraphClient
from tipline.settings import Settings

MediaFetcher = Callable[[dict[str, Any]], bytes]


def make_media_fetcher(graph: GraphClient, settings: Settings) -> MediaFetcher:
    def fetch(media: dict[str, Any]) -> bytes:
        url, sha256 = media.get("url"), media.get("sha256")
        if url:
            try:
                return graph.download(url, settings.media_max_bytes, sha256=sha256)
            except GraphError:
                pass  # webhook links live 5 minutes; a fresh one comes from GET /{media-id}
        if not media.get("media_id"):
            raise MediaDownloadError("media without id or url")
        info = graph.media_info(str(media["media_id"]))
        return graph.download(info.url, settings.media_max_bytes, sha256=sha256 or info.sha256)

    return fetch
