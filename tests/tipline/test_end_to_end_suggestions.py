"""Suggestions end to end: "is it one of these?", a voter's tap on a debunk or on "none of these"."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlmodel import Session

from tests.tipline.helpers import (
    BALLOTS,
    HOAX_FORWARD,
    running_app,
    seed,
    suggestions_offered,
    tap_on,
    text_delivery,
    texts_sent,
    wait_for,
)
from tipline.settings import Settings
from tipline.tips.models import Tip


def test_suggestion_then_voter_picks_the_debunk(db_settings: Settings) -> None:
    # Auto-answering switched off: every good match becomes "is it one of these?".
    with running_app(db_settings.model_copy(update={"match_auto_threshold": 1.01})) as app:
        [debunk_id] = seed(app.engine, BALLOTS)
        app.post(text_delivery(HOAX_FORWARD))
        offer = suggestions_offered(app)
        options = offer["body"]["interactive"]["action"]["buttons"]
        assert options[0]["reply"]["id"] == f"suggest:{debunk_id}"
        assert options[-1]["reply"]["id"] == "suggest:none"
        assert app.post(tap_on(offer, 0)).status_code == 200
        verdict = wait_for(lambda: texts_sent(app.fake), what="the verdict after the tap")
        assert BALLOTS.url in verdict[0]
        with Session(app.engine) as session:
            tip = session.execute(select(Tip)).scalar_one()
            assert tip.state == "answered" and tip.top_debunk_id == debunk_id


def test_the_same_claim_debunked_twice_takes_one_suggestion_row(db_settings: Settings) -> None:
    again = replace(BALLOTS, url="https://cekfakta.example/2019/kontainer", headline=BALLOTS.claim_reviewed)
    echo = replace(BALLOTS, url="https://cekfakta.example/2024/kontainer", headline=BALLOTS.headline.upper())
    other = replace(
        BALLOTS,
        url="https://cekfakta.example/2024/kotak-suara-kardus",
        claim_reviewed="Kotak suara kardus di Tanjung Priok sudah berisi surat suara yang dicoblos",
        headline="Kotak suara kardus berisi surat suara tercoblos di Tanjung Priok",
    )
    with running_app(db_settings.model_copy(update={"match_auto_threshold": 1.01})) as app:
        ids = seed(app.engine, BALLOTS, again, echo, other)
        app.post(text_delivery(HOAX_FORWARD))
        offer = suggestions_offered(app)
        offered = [b["reply"]["id"] for b in offer["body"]["interactive"]["action"]["buttons"]]
        # Three fact-checks of the kontainer claim (same claim, or the same headline in capitals) and one
        # of another: two choices and "none of these", not three copies of one answer.
        assert offered[-1] == "suggest:none" and len(offered) == 3
        assert offered[1] == f"suggest:{ids[3]}"


def test_none_of_these_queues_the_tip(db_settings: Settings) -> None:
    with running_app(db_settings.model_copy(update={"match_auto_threshold": 1.01})) as app:
        seed(app.engine, BALLOTS)
        app.post(text_delivery(HOAX_FORWARD))
        offer = suggestions_offered(app)
        assert offer["body"]["interactive"]["action"]["buttons"][-1]["reply"]["id"] == "suggest:none"
        app.post(tap_on(offer, -1))
        ack = wait_for(lambda: texts_sent(app.fake), what="the honest acknowledgement")
        assert BALLOTS.url not in ack[0]
        with Session(app.engine) as session:
            assert session.execute(select(Tip)).scalar_one().state == "queued"


def test_suggestions_name_the_claim_not_the_fact_checkers_label(db_settings: Settings) -> None:
    assert BALLOTS.headline == "[SALAH] Tujuh kontainer surat suara sudah dicoblos di Tanjung Priok"
    labelled = replace(
        BALLOTS, headline="[HOAKS atau FAKTA]: tujuh kontainer surat suara dicoblos, benarkah?"
    )
    with running_app(db_settings.model_copy(update={"match_auto_threshold": 1.01})) as app:
        seed(app.engine, labelled)
        app.post(text_delivery(HOAX_FORWARD))
        offer = suggestions_offered(app)
        first = offer["body"]["interactive"]["action"]["buttons"][0]["reply"]["title"]
        # A button's title holds 20 characters: the label took them all. What is left starts a sentence.
        assert first.startswith("1. Tujuh kontainer")
        assert "Tujuh kontainer surat suara dicoblos\n" in offer["body"]["interactive"]["body"]["text"] + "\n"
        assert "HOAKS" not in offer["body"]["interactive"]["body"]["text"]
