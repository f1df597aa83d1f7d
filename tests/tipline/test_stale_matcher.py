"""A matcher built before a debunk was removed: its verdict never goes out under another debunk's name."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.tipline.helpers import (
    BALLOTS,
    HOAX_FORWARD,
    messages_handled,
    running_app,
    seed,
    text_delivery,
    texts_sent,
    wait_for,
)
from tipline.debunks.models import Debunk
from tipline.settings import Settings
from tipline.tips.models import Tip

# Another fact-check about ballots in containers: among the candidates, well behind the first.
COUSIN = replace(
    BALLOTS,
    url="https://turnbackhoax.id/example/surat-suara-luar-negeri",
    claim_reviewed="Surat suara pemilu untuk luar negeri dikirim dalam kontainer dan sudah dicoblos",
    headline="[SALAH] Surat suara luar negeri dikirim dalam kontainer sudah dicoblos",
)


def test_a_removed_debunk_lends_its_verdict_to_no_other(engine: Engine, db_settings: Settings) -> None:
    ballots_id, _ = seed(engine, BALLOTS, COUSIN)
    # The worker's matcher, built at its first step, stays as built: the removal below happens between two
    # of its reloads.
    settings = db_settings.model_copy(update={"match_reload_check_seconds": 3600.0})
    with running_app(settings) as app:
        # A first message handled: the worker has built its matcher (it does before its first step), so the
        # removal cannot land before that build reads the debunks.
        assert app.post(text_delivery("halo")).status_code == 200
        with Session(app.engine) as session:
            wait_for(lambda: messages_handled(session) == 1, what="a first message handled")
            session.execute(delete(Debunk).where(Debunk.url == BALLOTS.url))  # type: ignore[arg-type]
            session.commit()
        assert app.post(text_delivery(HOAX_FORWARD)).status_code == 200
        with Session(app.engine) as session:
            wait_for(lambda: messages_handled(session) == 2, what="the forward handled")
            tip = session.execute(select(Tip).order_by(Tip.id.desc())).scalars().first()  # type: ignore[union-attr]
            assert tip is not None
        # The matcher as built still puts the removed debunk first: the forward goes to the fact-checkers,
        # with no verdict at once, least of all the cousin's, which the matcher never chose for it.
        assert tip.state == "queued" and tip.decision == "none"
        assert tip.top_debunk_id != ballots_id
        assert not any(COUSIN.url in text for text in texts_sent(app.fake))
