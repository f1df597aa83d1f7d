"""The words and phrases bench/voter_noise.py writes tips with: its own lists, not the matcher's lexicons,
so that a gap in those shows up as a loss."""

from __future__ import annotations

# Not taken from content/matching/slang.tsv on purpose: a lexicon gap shows up here as a loss.
ABBREVIATIONS = {
    "yang": ["yg", "yng"],
    "tidak": ["gak", "ga", "tdk", "nggak"],
    "sudah": ["udh", "sdh", "udah"],
    "karena": ["krn", "karna"],
    "dengan": ["dgn", "dg"],
    "untuk": ["utk", "buat"],
    "juga": ["jg"],
    "sekarang": ["skrg", "skrng"],
    "orang": ["org"],
    "dari": ["dr"],
    "tapi": ["tp"],
    "belum": ["blm"],
    "bisa": ["bs", "bisa"],
    "harus": ["hrs"],
    "jangan": ["jgn"],
    "saja": ["aja", "aj"],
    "sama": ["sm"],
    "banyak": ["byk", "bnyk"],
    "kalau": ["klo", "kalo"],
    "lagi": ["lg"],
    "bagaimana": ["gmn", "gimana"],
    "tahu": ["tau"],
    "semua": ["smua"],
    "seperti": ["spt", "kyk"],
    "akan": ["akn"],
    "hanya": ["cm", "cuma"],
    "dan": ["dn", "&"],
    "ini": ["ni"],
    "itu": ["tu"],
    "apa": ["ap"],
    "mereka": ["mrk"],
    "pemerintah": ["pemrth", "pemerintah"],
    "masyarakat": ["masy", "masyarakat"],
    "tanggal": ["tgl"],
    "nomor": ["no"],
    "presiden": ["presiden", "pres"],
}
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
OPENERS = ["*PENTING!!*", "Forwarded many times", "dari grup sebelah 👇", "‼️ INFO A1 ‼️", "_copas dari grup_"]
CLOSERS = ["sebarkan!!! 🙏🙏", "viralkan sebelum dihapus 😱", "tolong share ke keluarga", "🔥🔥🔥"]
QUESTIONS = [
    "Min, ini bener gak?",
    "kak tolong dicek ya 🙏",
    "ini hoax bukan sih?",
    "Mau tanya min, benarkah info ini?",
    "bener ga sih min??",
    "Is this true?",
]

# Written for this bench, after content/matching/questions.txt was, by someone who had not seen it, and not
# used to change it: how the question rule does on phrasings it was not fitted to (those it was fitted to are
# in tests/matching/test_questions.py).
UNSEEN_QUESTIONS = [
    "min ini bener ga sih?? 🙏",
    "Cek dong",
    (
        "Selamat siang Bapak/Ibu admin, mohon maaf mengganggu. Saya menerima pesan berikut dari grup "
        "pengajian, mohon dibantu apakah informasinya benar adanya. Terima kasih 🙏🙏"
    ),
    "Hi, is this true? Got it from my office group chat. Pls check 🙏",
    "wkwk ini hoax kan min?? soalnya bapak gw udh share ke 5 grup 😭😭",
    "Punten min, ieu leres teu nya? Abdi kenging ti grup kulawarga, sieun hoaks 🙏",
    "HOAX BUKAN INI???",
    (
        "Assalamualaikum, maaf nak admin, ibu dapat kiriman ini dari grup keluarga. Apa betul ini? Ibu jadi "
        "takut mau keluar rumah."
    ),
    "kak tlg dicek yaa, aku dpt dr grup kelas, takut nyebar info salah 🥺",
    "fake or not??",
    "Mas mbak, iki bener ora to? Aku oleh saka grup RT, wong-wong wis pada ribut 🙏",
    "anjir min ini beneran ga sih, di fyp gw bnyk yg bahas jir 💀 fr",
    "Valid ga nih min??",
    "Mohon konfirmasinya, apakah video di atas benar atau hasil editan? Terima kasih.",
    "Bang, ini beneran kagak sih? Aye dapet dari grup, pada ribut noh 😅",
    "min td pagi tetangga kirim ini, katanya udh viral. sy ragu krn sumbernya ga jelas. tolong cek ya",
    (
        "Good evening, could you kindly verify the message below? My parents keep forwarding it and I want to"
        " show them proof. Thank you."
    ),
    "Ini bener gak ya? kok serem bgt",
    "Uda admin, iko bana atau indak? Ambo dapek dari grup, cubo caliak an dulu 🙏",
    "min spill dong ini asli apa hoaks, gue udh keburu repost di story 😭🙏",
    (
        "Permisi, saya mau tanya. Pesan ini sudah beredar di banyak grup WA dan bikin resah warga. Apakah "
        "sudah pernah dicek kebenarannya?"
    ),
    "is this legit?? seems sus",
    "sumpah ini fakta apa fitnah sih min, grup alumni pd ribut gara2 ini 😤",
    (
        "Yth. Admin, mohon maaf saya sudah sepuh dan kurang paham soal internet. Pesan di bawah ini dikirim "
        "oleh cucu saya, apakah betul isinya? Terima kasih banyak."
    ),
    # A second writer's, also written after the list and not used to change it.
    "Ini bener gak sih?",
    (
        "Assalamualaikum wr wb. Mohon maaf mengganggu, saya dapat pesan ini dari grup keluarga. Apakah "
        "berita ini benar adanya?"
    ),
    "Is this true?",
    "Tolong dicek min",
    "Niki leres nopo mboten nggih? Kulo angsal saking grup keluarga.",
    (
        "Dapet dari grup kantor, udah banyak yang nerusin. Minta tolong dicek ya, biar saya bisa "
        "luruskan ke teman-teman."
    ),
    "Hoax bukan?",
    "wkwk ini beneran apa editan bang? videonya viral bgt di grup kelas",
    "Saya khawatir sekali, anak saya baru pertama kali milih. Apa benar seperti yang ditulis di pesan ini?",
    "Punten, ieu leres henteu? Sieun hoaks, abdi kenging ti grup.",
    "Kok bisa nyebar gini sih?? Capek lihat beginian tiap hari, tolong diluruskan!",
    "Got this from my family group chat, can someone verify before I share it?",
    "Selamat pagi, apakah foto ini asli? Mohon konfirmasinya.",
    "Cek fakta dong",
    "Ini boleh saya teruskan ke grup warga atau jangan dulu?",
    "Ini beneran kagak sih? Aye dapet dari grup tetangga, ngeri juga bacanya.",
    "Bingung, di grup satu bilang benar di grup lain bilang hoaks. Mana yang betul ya?",
    "Pesan berantai lagi nih, valid gak?",
    "Pls check this video, looks edited to me. My parents keep forwarding it.",
    "Shalom, saya terima ini dari teman. Apakah informasinya bisa dipercaya?",
    "Betul ji ini kah? Dapat ka dari grup keluarga, takut ka salah sebar i.",
    "Bapak/Ibu admin yth, mohon dibantu verifikasi berita di atas. Terima kasih.",
    "Berita ini bikin panik ibu-ibu pengajian. Benar atau tidak ya?",
    "Asli?",
]

# The prose a long chain letter wraps its claim in (kind "buried"): greetings, who sent it, pleas to share.
# Written for this bench; nothing in the matcher's lists was written from it.
PREAMBLES = [
    "Assalamualaikum warahmatullahi wabarakatuh, bapak ibu saudaraku sekalian.",
    "Mohon maaf mengganggu waktunya sebentar, ini penting untuk kita semua.",
    "Saya dapat kiriman ini dari kakak ipar saya yang kerja di kantor kecamatan.",
    "Katanya sudah dikonfirmasi orang dalam, jadi bukan kabar sembarangan.",
    "Tadi pagi sudah ramai dibahas di grup alumni dan grup pengajian.",
    "Bismillah, saya teruskan apa adanya tanpa saya ubah sedikit pun.",
    "Selamat malam semuanya, semoga sehat selalu bersama keluarga.",
    "Ini bukan hoaks ya, teman saya melihat sendiri kejadiannya.",
]
CLOSINGS = [
    "Mari kita jaga bersama agar semuanya berjalan jujur dan adil.",
    "Jangan diam saja melihat ketidakadilan di depan mata kita.",
    "Semoga Allah melindungi bangsa dan negara kita, aamiin ya rabbal alamin.",
    "Tolong teruskan ke keluarga, tetangga dan teman-teman kantor.",
    "Kalau bukan kita yang peduli, siapa lagi yang akan peduli?",
    "Terima kasih sudah membaca sampai habis, salam damai dari kami.",
    "Simpan baik-baik pesan ini, siapa tahu nanti dihapus.",
    "Wassalamualaikum warahmatullahi wabarakatuh.",
]
