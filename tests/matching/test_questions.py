"""A voter's own question around a forwarded claim is not matched as part of it."""

from __future__ import annotations

import pytest

from tipline.matching.questions import is_question_only, without_voter_question

CLAIM = "KPU umumkan pemilu diundur ke tahun 2030 karena anggaran habis"
# Questions voters add, written by someone who had not seen content/matching/questions.txt; it was fitted to
# them (bench/voter_noise.py keeps another writer's questions, which it was not fitted to, as its "unseen").
FITTED = [
    "Min, tolong dicek dong ini bnr gk ya??",
    "kak ini beneran apa editan sih 🙏",
    "Dpt dr grup keluarga, sy jd khawatir. Ini valid gk min?",
    "bang ini hoax kah?? soalnya udh nyebar kmn2",
    "min ini fakta atau hoaks ya",
    "Pak, mohon klarifikasinya. Berita ini benar tdk?",
    "gan cek dong, ini asli ga nih 😅",
    "mbak ini beneran gak sih? ortu sy udh percaya bgt",
    "min sy hrs percaya ini gk?",
    "Ini foto editan bukan ya kak?? keliatan aneh",
    "Tolong diverifikasi min, takut nyebarin hoax 🙏🙏",
    "mas mau tanya, info ini udh pernah dicek blm?",
    "MIN INI BENER GA??? 😱😱",
    "ini sumbernya jelas gk ya min, kok serem bgt",
    "Kak apakah pesan ini benar? Mohon penjelasannya",
    "min ini hoax lama yg muncul lg bukan?",
    "dpt kiriman gini dr om sy, bnr ga sih min",
    "ini videonya asli ato dipotong2 kak?",
    "ini bener gk sih min, bingung sy 🤔",
    "bang sy ragu nih, valid ga infonya?",
    "min klo ini hoax tlg kasi tau ya biar sy bilangin ke keluarga",
    "Kak, ini screenshot asli atau palsu ya?",
    "Ini beneran gak min?? Kalo bener ngeri juga 😟",
    "mas tolong dicek ya, sy gk mau ikut nyebarin kl salah",
    "Min mohon bantuannya, pesan berantai ini bisa dipercaya gk?",
    "ini dah dicek blm min? byk yg share soalnya",
    "Hi, can you please check if this message is true?",
    "Is this real or fake news? Got it from a friend.",
    "Admin, is this a hoax? Thank you 🙏",
    "Is this photo edited? Looks suspicious to me.",
    "Pls check this, my family keeps sharing it. Is it accurate?",
    "Min, iki bener ora to? 🙏",
    "Kak iki hoax dudu ya? Ditampa saka grup keluarga",
    "Min, ieu leres teu nya? Mangga dicek 🙏",
    "Ieu hoaks sanes kang? Sieun abdi",
    "Mas iki asli po editan? Bingung aku",
    "Teh punten, béja ieu bener henteu? Dikirim ti grup kulawarga",
]


@pytest.mark.parametrize("question", FITTED)
def test_a_question_before_or_after_the_claim_is_left_out(question: str) -> None:
    assert without_voter_question(f"{question}\n{CLAIM}") == CLAIM
    assert without_voter_question(f"{CLAIM}\n\n{question}") == CLAIM
    assert is_question_only(question)


@pytest.mark.parametrize(
    "question",
    [
        "Niki tenan mboten, min?",  # Javanese
        "Nyuwun pirsa, niki hoax nopo mboten?",
        "Iki bener ora to lur?",
        "Punten, nyuhunkeun pencerahan, ieu leres henteu?",  # Sundanese
        "Ieu sahih teu, teh?",
        "betul ke ni?",  # Malay
        "Seriusan ini min? Penasaran",
    ],
)
def test_questions_in_the_regions_languages_are_left_out(question: str) -> None:
    assert is_question_only(question)
    assert without_voter_question(f"{question}\n{CLAIM}") == CLAIM


def test_a_question_on_the_claims_own_line_goes_by_its_sentence() -> None:
    text = f"Min ini bener gak? {CLAIM}. Tolong dicek ya kak 🙏"
    assert without_voter_question(text) == f"{CLAIM}."


def test_a_request_ended_by_a_colon_goes_and_a_claims_own_heading_stays() -> None:
    assert without_voter_question(f"Tolong dicek min: {CLAIM}") == CLAIM
    assert without_voter_question(f"Tolong dong min cek ini: {CLAIM}") == CLAIM
    for claim in ("Real count KPU: Prabowo-Gibran unggul 58 persen", f"BREAKING: {CLAIM}"):
        assert without_voter_question(claim) == claim


@pytest.mark.parametrize(
    "claim",
    [
        "Apakah benar KPU menunda pemilu ke 2030?",
        "Benarkah video ini menunjukkan surat suara tercoblos di Bogor?",
        "Min tlg cek, ini beneran resmi dr penyelenggara pemilu gk?",
        "Is it true that Biden banned voting by mail?",
    ],
)
def test_a_claim_asked_as_a_question_is_kept(claim: str) -> None:
    assert not is_question_only(claim)
    assert without_voter_question(f"{claim}\nmin ini bener gak?") == claim


def test_nothing_but_a_question_is_left_as_it_is() -> None:
    # The pipeline answers such a message itself: it asks about another one.
    for text in ("Min, ini bener gak?", "Is this true?\n🙏🙏", "ini hoax bukan sih?"):
        assert without_voter_question(text) == text
    assert is_question_only("Min, ini bener gak?") and is_question_only("Is this true?")


def test_where_it_came_from_is_kept_when_it_may_be_the_topic() -> None:
    # Scams about WhatsApp itself are debunked too: "Sumber: WhatsApp" gave one its right debunk.
    text = f"{CLAIM}. Sumber: WhatsApp"
    assert without_voter_question(text) == text


def test_greetings_emoji_and_links_are_not_questions() -> None:
    assert not is_question_only("halo min")
    assert not is_question_only("🙏🙏")
    assert not is_question_only("ini bener gak? https://example.org/berita")
