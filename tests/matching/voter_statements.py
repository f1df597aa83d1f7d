"""Voters' statements of what the labelled set's fact-checks found, as a voter who knows writes them (written
in session 24, before the figures were taken): each denies its debunk's claim. A tipline that answers them at
once tells a voter who wrote the truth that their message is a hoax."""

from __future__ import annotations

# The debunk's url ends with the key.
DENIALS = {
    "pemilu-ditunda": ["Pemilu tetap 14 Februari, gak ditunda kok, anggaran KPU aman"],
    "tinta-haram": ["Tinta pemilu tidak mengandung babi, sudah bersertifikat halal MUI"],
    "coblos-dua-kali": ["Pemilih tidak bisa mencoblos dua kali, KTP elektronik dan suket dicek petugas"],
    "server-kpu-singapura": ["Server KPU bukan di Singapura, ada di Indonesia dan diaudit"],
    "petugas-kpps-meninggal-racun": ["Petugas KPPS yang meninggal itu karena kelelahan, bukan diracun"],
    "hadiah-pulsa-kpu": ["KPU tidak membagikan pulsa gratis 500 ribu, link formulirnya penipuan"],
    "ganti-presiden-militer": ["TNI tidak akan mengambil alih pemerintahan setelah hasil pemilu diumumkan"],
    "vaksin-chip": ["Vaksin booster tidak mengandung chip pelacak apa pun"],
    "banjir-tps-dipindah": ["TPS di Jakarta nggak dipindah ke masjid, banjirnya cuma di beberapa tempat"],
    "surat-suara-tujuh-kontainer": ["Tidak ada tujuh kontainer surat suara tercoblos di Tanjung Priok"],
    "uang-pemilih-600-ribu": ["KPU tidak pernah membagikan uang Rp600.000 ke pemilih lewat tautan"],
    "foreign-voters": ["Foreign nationals with Indonesian ID cards were not allowed to vote in 2024"],
}
