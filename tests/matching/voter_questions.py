"""Voters' questions about the labelled set's debunks, as they ask them (written in session 20, not fitted to
the matcher: the figures were taken after writing). The claim is inside the question, in English or in
Indonesian chat; the labelled set's own tips are mostly the forwarded claim."""

from __future__ import annotations

# The debunk's url ends with the key.
QUESTIONS = {
    "pemilu-ditunda": [
        "Is it true the election is postponed because KPU has no money left?",
        "apa bener pemilu diundur gara2 KPU kehabisan duit?",
    ],
    "tinta-haram": ["Is the election ink really made from pork?", "bener gak tinta pemilu dari babi?"],
    "coblos-dua-kali": [
        "Can we really vote twice with an e-KTP and a suket?",
        "emang bisa nyoblos dua kali pake suket?",
    ],
    "kotak-suara-kardus": [
        "Is it true that ballots in cardboard boxes were already punched before election day?",
        "surat suara di kotak kardus udh dicoblos duluan, hoax ga?",
    ],
    "bansos-coblos": [
        "Is it true people lose their social aid if they don't vote for a certain candidate?",
        "bansos dicabut kalo ga milih paslon tertentu, beneran?",
    ],
    "server-kpu-singapura": [
        "Is the KPU server really in Singapore and rigged?",
        "server kpu di singapur beneran disetting?",
    ],
    "petugas-kpps-meninggal-racun": [
        "Were the KPPS officers who died actually poisoned?",
        "petugas kpps meninggal diracun, fakta atau hoax?",
    ],
    "hadiah-pulsa-kpu": [
        "Is KPU giving away free phone credit to voters?",
        "KPU bagi2 pulsa gratis 500rb, asli ga?",
    ],
    "coblos-semua-sah": [
        "If I punch all the candidates, is my ballot still valid?",
        "coblos semua paslon tetep sah kan?",
    ],
    "ganti-presiden-militer": [
        "Will the army take over the government after the results are announced?",
        "TNI mau ambil alih pemerintahan abis pengumuman hasil pemilu?",
    ],
    "vaksin-chip": [
        "Does the booster vaccine have a chip to track who we vote for?",
        "vaksin booster ada chipnya buat lacak pilihan politik?",
    ],
    "banjir-tps-dipindah": [
        "Have all polling stations in Jakarta been moved to mosques because of floods?",
        "semua TPS jakarta pindah ke masjid krn banjir?",
    ],
    "gaji-asn-naik": [
        "Will civil servants' salaries rise 50% if the incumbent wins?",
        "gaji ASN naik 50 persen kalo petahana menang?",
    ],
    "surat-suara-tujuh-kontainer": [
        "Were seven containers of pre-punched ballots found at Tanjung Priok?",
        "7 kontainer surat suara tercoblos di priok, bener?",
    ],
    "uang-pemilih-600-ribu": [
        "Is KPU paying 600 thousand rupiah to voters who sign up via a link?",
        "beneran KPU kasih 600rb lewat link pendaftaran?",
    ],
    "foreign-voters": [
        "Did foreigners with Indonesian ID cards vote in the 2024 election?",
        "WNA punya KTP ikut nyoblos pemilu 2024?",
    ],
}
