"""A person in a real Chromium forwards a hoax in the /simulator page and sees the verdict with its source."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.conftest import make_settings
from tests.tipline.helpers import BALLOTS, HOAX_FORWARD, seed, serving
from tests.tipline.test_answers_after_a_day import OTHER_CLAIM, TPS
from tipline.app import create_app
from tipline.db import make_engine
from tipline.migrate import upgrade
from tipline.settings import Settings
from tipline.simulator.demo import DEMO_DEFAULTS

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def demo_settings(tmp_path: Path) -> Settings:
    port = _free_port()
    return make_settings(
        f"sqlite:///{tmp_path}/demo.db",
        demo=True,
        graph_api_url=f"http://127.0.0.1:{port}/fake-graph/v25.0",
        follow_up_template=DEMO_DEFAULTS["follow_up_template"],
    )


@pytest.fixture
def demo_url(demo_settings: Settings) -> Iterator[str]:
    engine = make_engine(demo_settings)
    upgrade(engine)
    seed(engine, BALLOTS)
    engine.dispose()
    port = int(demo_settings.graph_api_url.split(":")[2].split("/")[0])
    with serving(create_app(demo_settings), port=port) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Page]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make system-deps`"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser.new_page()
        browser.close()


def test_voter_forwards_hoax_and_sees_verdict(demo_url: str, page: Page) -> None:
    page.goto(demo_url + "/simulator")
    page.fill("#text", HOAX_FORWARD)
    page.check("#many")
    page.click("button.send")
    reply = page.locator(".bubble.them").first
    expect(reply).to_contain_text(BALLOTS.url, timeout=20_000)
    expect(reply).to_contain_text("SALAH")
    # WhatsApp's formatting is shown as the phone shows it, not as asterisks and underscores.
    expect(reply.locator("b", has_text="SALAH")).to_have_count(1)
    expect(reply.locator("i").first).to_contain_text(BALLOTS.claim_reviewed[:40])
    assert "*SALAH*" not in reply.inner_text()
    expect(page.locator(".bubble.me b").first).to_have_text(BALLOTS.claim_reviewed)
    expect(page.locator(".bubble.me .fwd").first).to_contain_text("berkali-kali")
    # The tipline marked the voter's message as read: the ticks turn blue.
    expect(page.locator(".bubble.me .ticks.read")).to_have_count(1, timeout=10_000)
    expect(page.locator("#log")).to_contain_text("→ 200")


def test_voter_gets_greeting_then_honest_ack_for_unknown_claim(demo_url: str, page: Page) -> None:
    page.goto(demo_url + "/simulator")
    page.fill("#text", "halo")
    page.click("button.send")
    expect(page.locator(".bubble.them")).to_have_count(1, timeout=20_000)
    page.fill("#text", "Benarkah besok semua TPS di Bandung dipindah ke balai kota karena banjir?")
    page.click("button.send")
    expect(page.locator(".bubble.them")).to_have_count(2, timeout=20_000)
    assert BALLOTS.url not in page.locator(".bubble.them").nth(1).inner_text()


def test_simulator_replies_reject_a_malformed_voter_with_a_clear_error(demo_url: str) -> None:
    """A bad query string is the caller's mistake: 422 naming the field, not a 500 with a traceback."""
    url = demo_url + "/simulator/api/replies"
    bad = httpx.get(url, params={"wa_id": "not-a-number", "bsuid": "ID.demo"})
    assert bad.status_code == 422
    assert "wa_id" in bad.text
    assert (
        httpx.get(url, params={"wa_id": "6281200000001", "bsuid": "ID.demo", "since": -1}).status_code == 422
    )
    good = httpx.get(url, params={"wa_id": "6281200000001", "bsuid": "ID.demo"})
    assert good.status_code == 200
    assert good.json()["items"] == []


def _unknown_claim_then_a_day_later(
    demo_settings: Settings, demo_url: str, page: Page, *, tap_notify_me: bool
) -> None:
    """A claim nobody has checked, a day of silence (Meta now refuses free-form messages to this voter),
    then the fact-checkers publish its answer."""
    page.goto(demo_url + "/simulator")
    page.fill("#text", OTHER_CLAIM)
    page.click("button.send")
    ack = page.locator(".bubble.them").first
    expect(ack).to_contain_text("Kabari saya", timeout=20_000)
    if tap_notify_me:
        ack.get_by_role("button", name="🔔 Kabari saya").click()
        expect(page.locator(".bubble.them").nth(1)).to_contain_text("Siap!", timeout=20_000)
    page.click("#later")
    expect(page.locator("#log")).to_contain_text("a day later")
    engine = make_engine(demo_settings)
    seed(engine, TPS)
    engine.dispose()


def test_a_voter_who_asked_is_told_by_template_when_the_answer_comes_after_a_day(
    demo_settings: Settings, demo_url: str, page: Page
) -> None:
    _unknown_claim_then_a_day_later(demo_settings, demo_url, page, tap_notify_me=True)
    # The tipline still thinks the window open and sends free text; Meta reports it failed (131047); the
    # verdict then comes as the approved template, and the refused text never reaches the phone.
    verdict = page.locator(".bubble.them").nth(2)
    expect(verdict).to_contain_text("Kabar terbaru dari layanan cek fakta Pemilu", timeout=30_000)
    expect(verdict).to_contain_text(TPS.url)
    expect(verdict).to_contain_text("HOAKS")
    page.wait_for_timeout(2_000)
    expect(page.locator(".bubble.them")).to_have_count(3)
    sent = httpx.get(demo_url + "/fake-graph/_fake/sent").json()["sent"]
    refused = [e["body"]["type"] for e in sent if e.get("error_code") == 131047]
    assert refused == ["text"] and sent[-1]["body"]["type"] == "template"


def test_a_later_answer_meta_refused_reaches_a_voter_who_did_not_ask_when_they_write_again(
    demo_settings: Settings, demo_url: str, page: Page
) -> None:
    # No tap on "notify me": after a day of silence nothing can reach this voter.
    _unknown_claim_then_a_day_later(demo_settings, demo_url, page, tap_notify_me=False)
    # The free-form verdict is refused (131047) and there is no template to send instead: the phone shows
    # nothing, and the tip waits again rather than counting as answered.
    wait = 30.0
    while wait > 0 and not any(e.get("error_code") == 131047 for e in _fake_sent(demo_url)):
        page.wait_for_timeout(500)
        wait -= 0.5
    page.wait_for_timeout(2_000)
    expect(page.locator(".bubble.them")).to_have_count(1)
    page.fill("#text", "halo min")  # writing again opens the window: the verdict comes now
    page.click("button.send")
    verdict = page.locator(".bubble.them", has_text="Kabar terbaru")
    expect(verdict).to_have_count(1, timeout=30_000)
    expect(verdict).to_contain_text(TPS.url)
    refused = [e for e in _fake_sent(demo_url) if e.get("error_code") == 131047]
    assert [e["body"]["type"] for e in refused] == ["text"]


def _fake_sent(demo_url: str) -> list[dict[str, object]]:
    sent: list[dict[str, object]] = httpx.get(demo_url + "/fake-graph/_fake/sent").json()["sent"]
    return sent
