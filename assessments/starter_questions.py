"""Question banks and quizzes of the two starter courses, as plain data (no Django imports).

``assessments.demo`` loads them through :func:`assessments.questions.question_save`; the courses
demo then places the pre-test in the first lesson and the post-test in the last lesson of each
course. Every question tests what the lessons of ``courses/starter_content.py`` teach (facts
from ``docs/domain.md`` only), and every explanation names the lesson to read again.

Shapes follow :class:`assessments.models.QuestionVersion`, except that choices of single and
multiple choice questions carry no id here: ``question_save`` gives them random ids
(:func:`assessments.questions.keyed_choices`), so the order written here, with the right answer
often first, never shows in what a learner's browser sends. True/false has the ids
``true``/``false``, matching pairs ``p1``, ``p2``, …. Keep ``&``, ``<`` and ``>`` out of the
texts: question text is sanitised as HTML, and the seed recognises a question by its text.

A question is identified by its bank and its text: changing the text of a question here makes a
new question (the old one stays in the bank); changing anything else adds a version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "STARTER_ASSESSMENTS",
    "BankSeed",
    "CourseAssessmentSeed",
    "QuestionSeed",
    "QuizSeed",
    "proportional_draws",
    "regulation_variants",
]

# Draw per attempt (both tests of a course draw the same number, so their scores compare).
QUESTIONS_PER_ATTEMPT: Final = 15
MIN_PER_BANK: Final = 3


@dataclass(frozen=True)
class QuestionSeed:
    type: str  # assessments.models.QuestionType value
    text: str
    data: dict[str, Any]
    explanation: str
    points: str = "1"


@dataclass(frozen=True)
class BankSeed:
    name: str  # the lookup key
    competency: str  # competency code, e.g. "SP.01"
    level: int  # the level the course targets
    description: str
    questions: tuple[QuestionSeed, ...]


@dataclass(frozen=True)
class QuizSeed:
    title: str  # the lookup key
    kind: str  # assessments.models.QuizKind value
    instructions: str
    time_limit_minutes: int | None
    max_attempts: int | None
    pass_percent: int
    review_policy: str  # assessments.models.ReviewPolicy value
    draws: tuple[tuple[str, int], ...]  # (bank name, questions per attempt)


@dataclass(frozen=True)
class CourseAssessmentSeed:
    course_code: str
    banks: tuple[BankSeed, ...]
    pre: QuizSeed
    post: QuizSeed


# ------------------------------------------------------------------------------------- helpers


def ok(text: str, feedback: str) -> dict[str, Any]:
    """A correct choice."""
    return {"text": text, "correct": True, "feedback": feedback}


def no(text: str, feedback: str) -> dict[str, Any]:
    """A wrong choice."""
    return {"text": text, "correct": False, "feedback": feedback}


def _choices(choices: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Choices without ids: the authoring service gives them (random, see module docstring)."""
    return {"choices": [dict(choice) for choice in choices]}


def single(text: str, choices: Sequence[dict[str, Any]], explanation: str) -> QuestionSeed:
    return QuestionSeed("single", text, _choices(choices), explanation)


def multiple(text: str, choices: Sequence[dict[str, Any]], explanation: str) -> QuestionSeed:
    return QuestionSeed("multiple", f"{text} (Pilih semua jawaban yang benar.)", _choices(choices),
                        explanation)  # fmt: skip


def true_false(
    text: str, *, answer: bool, if_true: str, if_false: str, explanation: str
) -> QuestionSeed:
    data = {
        "choices": [
            {"id": "true", "text": "Benar", "correct": answer, "feedback": if_true},
            {"id": "false", "text": "Salah", "correct": not answer, "feedback": if_false},
        ]
    }
    return QuestionSeed("true_false", f"Benar atau salah: {text}", data, explanation)


def short(text: str, accepted: Iterable[str], explanation: str) -> QuestionSeed:
    unique = list(dict.fromkeys(accepted))
    return QuestionSeed("short", text, {"accepted": unique, "case_sensitive": False}, explanation)


def numeric(text: str, answer: str, explanation: str, tolerance: str = "0") -> QuestionSeed:
    return QuestionSeed("numeric", text, {"answer": answer, "tolerance": tolerance}, explanation)


def matching(text: str, pairs: Sequence[tuple[str, str]], explanation: str) -> QuestionSeed:
    data = {
        "pairs": [
            {"id": f"p{index}", "prompt": prompt, "answer": answer}
            for index, (prompt, answer) in enumerate(pairs, start=1)
        ]
    }
    return QuestionSeed("matching", text, data, explanation)


def regulation_variants(prefixes: Iterable[str], number: int, year: int) -> list[str]:
    """The usual ways of writing a regulation, e.g. "Perpres 95/2018", "Perpres Nomor 95 Tahun
    2018", "Peraturan Presiden No. 95 Tahun 2018". Grading ignores case and repeated spaces."""
    tails = (
        f"{number}/{year}",
        f"{number} / {year}",
        f"{number} Tahun {year}",
        f"{number} Th. {year}",
        f"{number} Thn {year}",
        f"{number} Thn. {year}",
    )
    separators = (" ", " No. ", " No.", " No ", " Nomor ", " Nomor: ", " No: ")
    return [f"{prefix}{sep}{tail}" for prefix in prefixes for sep in separators for tail in tails]


def proportional_draws(
    sizes: dict[str, int], total: int = QUESTIONS_PER_ATTEMPT, minimum: int = MIN_PER_BANK
) -> tuple[tuple[str, int], ...]:
    """Splits ``total`` questions over the banks in proportion to their sizes (largest remainder),
    each bank giving at least ``minimum`` and at most all of its questions.

    Raises ValueError when the banks cannot give ``total`` questions that way.
    """
    if sum(sizes.values()) < total or any(size < minimum for size in sizes.values()):
        raise ValueError(f"Banks too small for {total} questions, {minimum} from each: {sizes}")
    if minimum * len(sizes) > total:
        raise ValueError(f"{len(sizes)} banks × {minimum} questions exceed {total}")
    pool = sum(sizes.values())
    shares = {name: total * size / pool for name, size in sizes.items()}
    counts = {name: min(sizes[name], max(minimum, int(share))) for name, share in shares.items()}
    while sum(counts.values()) != total:
        if sum(counts.values()) < total:
            candidates = [name for name in sizes if counts[name] < sizes[name]]
            name = max(candidates, key=lambda n: (shares[n] - counts[n], sizes[n]))
            counts[name] += 1
        else:
            candidates = [name for name in sizes if counts[name] > minimum]
            name = min(candidates, key=lambda n: (shares[n] - counts[n], -sizes[n]))
            counts[name] -= 1
    return tuple(counts.items())


def _quizzes(
    course_code: str, course_title: str, banks: tuple[BankSeed, ...]
) -> tuple[QuizSeed, QuizSeed]:
    """The pre-test and post-test of a course: the same banks and the same number of questions
    (so their scores compare, see the normalised-gain report), hence the same review policy.

    Neither shows keys or explanations (``review_policy="never"``: the score and the results
    per competency only). Both draw from the banks every learner's post-test draws from, so a
    key shown once answers later attempts, and those of colleagues (issue 8, hole 8). The
    explanations name the lesson to read again; trainers see them in the admin.
    - pre-test: one attempt (it measures what a learner knows before the course; repeating it
      would only probe the banks), no time limit, does not count for passing;
    - post-test: three attempts (each draws 15 other questions at random), 20 minutes, pass
      mark 70; only the score is shown, so retrying is practice, not a copy of the key.
    """
    draws = proportional_draws({bank.name: len(bank.questions) for bank in banks})
    pre = QuizSeed(
        title=f"Tes awal {course_title}",
        kind="pre",
        instructions=(
            f"Tes awal ini mengukur pengetahuan Anda sebelum mempelajari kursus {course_code}. "
            f"Ada {QUESTIONS_PER_ATTEMPT} soal, tanpa batas waktu, dan hanya dikerjakan satu "
            "kali. Nilainya tidak memengaruhi kelulusan kursus. Jawablah sendiri apa adanya; "
            "jika belum tahu, pilih jawaban yang menurut Anda paling mungkin. Setelah "
            "dikumpulkan Anda melihat nilai dan hasil per kompetensi; kunci jawaban tidak "
            "ditampilkan karena soal yang sama dapat muncul di tes akhir."
        ),
        time_limit_minutes=None,
        max_attempts=1,
        pass_percent=70,
        review_policy="never",
        draws=draws,
    )
    post = QuizSeed(
        title=f"Tes akhir {course_title}",
        kind="post",
        instructions=(
            f"Tes akhir kursus {course_code} terdiri atas {QUESTIONS_PER_ATTEMPT} soal yang "
            "diambil acak dari bank soal setiap kompetensi. Waktu mengerjakan 20 menit sejak "
            "tes dimulai, kesempatan paling banyak 3 kali, dan nilai lulus 70. Jawaban tersimpan "
            "otomatis; jika koneksi terputus, lanjutkan saja, jawaban dikirim saat koneksi "
            "kembali. Setelah dikumpulkan Anda melihat nilai dan hasil per kompetensi; kunci "
            "jawaban tidak ditampilkan. Bila belum lulus, pelajari lagi pelajaran kursus "
            "sebelum mencoba lagi: setiap percobaan berisi soal acak yang lain."
        ),
        time_limit_minutes=20,
        max_attempts=3,
        pass_percent=70,
        review_policy="never",
        draws=draws,
    )
    return pre, post


# ================================================================================================
# SPBE-101 · Dasar-dasar SPBE
# ================================================================================================

L_SPBE_PRINSIP = 'Pelajaran "Pengertian dan tujuh prinsip SPBE"'
L_SPBE_UNSUR = 'Pelajaran "Sepuluh unsur SPBE dan siapa yang mengoordinasikannya"'
L_SPBE_ARSITEKTUR = 'Pelajaran "Arsitektur SPBE dan enam domainnya"'
L_SPBE_EVALUASI = 'Pelajaran "Evaluasi SPBE: domain, aspek, dan indikator"'
L_SPBE_SILO = 'Pelajaran "Tingkat kematangan, indeks SPBE, dan masalah aplikasi silo"'
L_SPBE_DATA = 'Pelajaran "Data dan Satu Data Indonesia"'
L_SPBE_TTE = 'Pelajaran "Keamanan informasi, naskah dinas elektronik, dan TTE"'
L_SPBE_SDM = 'Pelajaran "Kompetensi SDM, manajemen pengetahuan, dan manajemen perubahan"'

SPBE_TATA_KELOLA = BankSeed(
    name="SPBE-101 · Kebijakan dan tata kelola SPBE (SP.01, level 2)",
    competency="SP.01",
    level=2,
    description=(
        "Pengertian, prinsip, dan unsur SPBE (Perpres 95/2018), koordinasi nasional dan peran "
        "OPD, evaluasi SPBE (PermenPANRB 59/2020), keamanan informasi dan TTE, serta kewajiban "
        "pengembangan kompetensi ASN."
    ),
    questions=(
        single(
            "Menurut Perpres 95/2018, apa yang dimaksud dengan Sistem Pemerintahan Berbasis "
            "Elektronik (SPBE)?",
            [
                ok(
                    "Penyelenggaraan pemerintahan yang memanfaatkan teknologi informasi dan "
                    "komunikasi untuk memberikan layanan kepada Pengguna SPBE",
                    "Tepat. SPBE adalah cara pemerintah bekerja dan melayani dengan memanfaatkan "
                    "TIK, bukan sekadar urusan perangkat.",
                ),
                no(
                    "Program pengadaan komputer dan jaringan internet untuk seluruh kantor "
                    "pemerintah",
                    "Kurang tepat. Komputer dan jaringan hanyalah sarana. SPBE adalah "
                    "penyelenggaraan pemerintahan, dan tujuannya layanan.",
                ),
                no(
                    "Satu aplikasi milik pemerintah pusat yang wajib dipakai oleh semua instansi",
                    "Bukan. Aplikasi hanyalah satu dari sepuluh unsur SPBE.",
                ),
                no(
                    "Kegiatan Diskominfo membuat situs web untuk setiap OPD",
                    "Bukan. SPBE tidak terbatas pada situs web dan bukan hanya urusan Diskominfo; "
                    "setiap OPD ikut menjalankannya.",
                ),
            ],
            f"{L_SPBE_PRINSIP}. Perpres 95/2018 mendefinisikan SPBE sebagai penyelenggaraan "
            "pemerintahan yang memanfaatkan TIK untuk memberikan layanan kepada Pengguna SPBE. "
            "Dua kata kuncinya: penyelenggaraan pemerintahan dan layanan.",
        ),
        single(
            "Sebuah bidang berencana membangun aplikasi pendataan sendiri, padahal OPD lain sudah "
            "memakai aplikasi serupa yang dapat dipakai bersama. Prinsip SPBE mana di bawah ini "
            "yang dilanggar bila rencana itu diteruskan?",
            [
                ok(
                    "Efisiensi",
                    "Tepat. Membangun aplikasi yang sama dua kali adalah pemborosan, padahal "
                    "prinsip efisiensi meminta sumber daya dimanfaatkan secara tepat guna.",
                ),
                no(
                    "Kesinambungan",
                    "Kurang tepat. Kesinambungan berarti SPBE dibangun terencana, bertahap, dan "
                    "terus-menerus; masalah dalam kasus ini adalah duplikasi.",
                ),
                no(
                    "Akuntabilitas",
                    "Kurang tepat. Akuntabilitas menyangkut kejelasan siapa yang menjalankan "
                    "fungsi dan siapa yang bertanggung jawab atas hasilnya.",
                ),
                no(
                    "Keamanan",
                    "Kurang tepat. Keamanan menyangkut kerahasiaan, keutuhan, ketersediaan, "
                    "keaslian, dan nirsangkal, bukan duplikasi aplikasi.",
                ),
            ],
            f"{L_SPBE_PRINSIP}. Contoh dalam pelajaran: sebelum membuat aplikasi baru, tanyakan "
            "dulu apakah aplikasi serupa sudah ada di instansi lain (prinsip keterpaduan dan "
            "efisiensi).",
        ),
        multiple(
            "Manakah yang termasuk tujuh prinsip SPBE menurut Perpres 95/2018?",
            [
                ok("Interoperabilitas", "Benar, ini salah satu dari tujuh prinsip SPBE."),
                ok("Kesinambungan", "Benar, ini salah satu dari tujuh prinsip SPBE."),
                ok("Akuntabilitas", "Benar, ini salah satu dari tujuh prinsip SPBE."),
                no(
                    "Sentralisasi",
                    "Bukan. Sentralisasi tidak termasuk prinsip SPBE; yang dikenal adalah "
                    "keterpaduan, yaitu sumber daya dipadukan dan tidak berjalan sendiri-sendiri.",
                ),
                no(
                    "Kerahasiaan",
                    "Bukan. Kerahasiaan adalah salah satu aspek dari prinsip keamanan, bukan "
                    "prinsip SPBE tersendiri.",
                ),
            ],
            f"{L_SPBE_PRINSIP}. Tujuh prinsip SPBE: efektivitas, keterpaduan, kesinambungan, "
            "efisiensi, akuntabilitas, interoperabilitas, dan keamanan.",
        ),
        matching(
            "Jodohkan setiap kementerian atau lembaga dengan bidang SPBE yang "
            "dikoordinasikannya di tingkat nasional.",
            [
                ("Kementerian PANRB", "Arsitektur SPBE, proses bisnis, dan layanan SPBE"),
                ("Bappenas", "Data dan informasi"),
                ("Komdigi (dahulu Kominfo)", "Aplikasi dan infrastruktur"),
                ("BSSN", "Keamanan"),
            ],
            f"{L_SPBE_UNSUR}. SPBE dikoordinasikan oleh Kementerian PANRB (arsitektur, proses "
            "bisnis, layanan), Bappenas (data dan informasi), Komdigi d/h Kominfo (aplikasi dan "
            "infrastruktur), dan BSSN (keamanan).",
        ),
        true_false(
            "Karena sisi teknis SPBE di daerah umumnya ditangani Diskominfo, OPD lain tidak ikut "
            "bertanggung jawab atas penerapan SPBE.",
            answer=False,
            if_true="Kurang tepat. Layanan, proses bisnis, dan data ada di setiap OPD, sehingga "
            "setiap OPD ikut bertanggung jawab.",
            if_false="Tepat. Diskominfo menangani sisi teknis, tetapi layanan, proses bisnis, dan "
            "data ada di OPD masing-masing.",
            explanation=f'{L_SPBE_UNSUR}, bagian "Bagaimana di daerah?": penerapan SPBE di '
            "daerah dikoordinasikan oleh Tim Koordinasi SPBE, dan setiap OPD tetap ikut "
            "bertanggung jawab.",
        ),
        single(
            "PermenPANRB 59/2020 menilai SPBE dalam empat domain dengan bobot berbeda. Domain "
            "mana yang bobotnya paling besar?",
            [
                ok(
                    "Layanan SPBE",
                    "Tepat. Bobotnya 45,5%: kebijakan dan aplikasi baru bernilai bila dipakai "
                    "dalam layanan sehari-hari.",
                ),
                no("Tata Kelola SPBE", "Kurang tepat. Bobot Tata Kelola SPBE 25%."),
                no("Manajemen SPBE", "Kurang tepat. Bobot Manajemen SPBE 16,5%."),
                no(
                    "Kebijakan Internal SPBE",
                    "Kurang tepat. Bobot Kebijakan Internal SPBE 13%, yang terkecil.",
                ),
            ],
            f"{L_SPBE_EVALUASI}. Bobot domain: Kebijakan Internal 13%, Tata Kelola 25%, "
            "Manajemen 16,5%, dan Layanan SPBE 45,5%.",
        ),
        single(
            "Setiap indikator evaluasi SPBE dinilai dengan tingkat kematangan 1 sampai 5. Urutan "
            "mana yang benar, dari tingkat 1 ke tingkat 5?",
            [
                ok(
                    "Rintisan, Terkelola, Terstandardisasi, Terintegrasi dan Terukur, Optimum",
                    "Tepat. Dari baru dirintis, dikelola, dibakukan, terpadu dan terukur, sampai "
                    "optimal.",
                ),
                no(
                    "Rintisan, Terstandardisasi, Terkelola, Terintegrasi dan Terukur, Optimum",
                    "Kurang tepat. Penerapan dikelola dulu (Terkelola, tingkat 2) sebelum "
                    "dibakukan (Terstandardisasi, tingkat 3).",
                ),
                no(
                    "Rintisan, Terkelola, Terintegrasi dan Terukur, Terstandardisasi, Optimum",
                    "Kurang tepat. Terstandardisasi adalah tingkat 3, sedangkan Terintegrasi dan "
                    "Terukur adalah tingkat 4.",
                ),
                no(
                    "Terkelola, Rintisan, Terstandardisasi, Optimum, Terintegrasi dan Terukur",
                    "Kurang tepat. Tingkat 1 adalah Rintisan dan tingkat tertinggi adalah Optimum.",
                ),
            ],
            f"{L_SPBE_SILO}. Lima tingkat kematangan: 1 Rintisan, 2 Terkelola, "
            "3 Terstandardisasi, 4 Terintegrasi dan Terukur, 5 Optimum.",
        ),
        single(
            "Indeks SPBE suatu kabupaten tahun ini 2,4. Bagaimana posisinya terhadap target "
            "indeks SPBE?",
            [
                ok(
                    "Di bawah target; targetnya 2,6 dengan predikat Baik",
                    "Tepat. Nilai 2,4 masih di bawah target 2,6 (predikat Baik).",
                ),
                no(
                    "Sudah mencapai target, karena di atas 1,8",
                    "Kurang tepat. Di atas 1,8 berarti tidak lagi berpredikat Kurang, tetapi "
                    "targetnya 2,6.",
                ),
                no(
                    "Sudah melampaui target, karena targetnya 2,0",
                    "Kurang tepat. Target indeks SPBE adalah 2,6, bukan 2,0.",
                ),
                no(
                    "Tidak dapat dibandingkan, karena indeks SPBE tidak memiliki target",
                    "Kurang tepat. Pelajaran menyebut target indeks SPBE 2,6 dengan predikat Baik.",
                ),
            ],
            f"{L_SPBE_SILO}. Indeks SPBE berskala 1 sampai 5; targetnya 2,6 dengan predikat "
            "Baik. Batas predikat lainnya sebaiknya selalu dicek pada pedoman evaluasi yang "
            "berlaku.",
        ),
        short(
            "Peraturan presiden mana yang menjadi dasar hukum SPBE dan menetapkan tujuh prinsip "
            "serta sepuluh unsurnya? Tuliskan dengan format Perpres nomor/tahun.",
            regulation_variants(("Perpres", "Peraturan Presiden"), 95, 2018),
            f"{L_SPBE_PRINSIP}. Dasar hukum SPBE adalah Peraturan Presiden Nomor 95 Tahun 2018 "
            "tentang Sistem Pemerintahan Berbasis Elektronik.",
        ),
        single(
            "Indikator 25 evaluasi SPBE menilai penerapan manajemen kompetensi SDM SPBE. Bukti "
            "dukung mana yang paling relevan untuk indikator ini?",
            [
                ok(
                    "Rekap JP pelatihan dan kesenjangan kompetensi pegawai per OPD",
                    "Tepat. Indikator 25 menilai bagaimana instansi memetakan dan "
                    "mengembangkan kompetensi pegawainya.",
                ),
                no(
                    "Daftar server di pusat data pemerintah daerah",
                    "Kurang tepat. Itu berkaitan dengan infrastruktur, misalnya layanan pusat "
                    "data.",
                ),
                no(
                    "Dokumen Peta Rencana SPBE",
                    "Kurang tepat. Peta Rencana SPBE dinilai pada indikator tersendiri di domain "
                    "Tata Kelola.",
                ),
                no(
                    "Laporan pengaduan pelayanan publik",
                    "Kurang tepat. Pengaduan pelayanan publik termasuk domain Layanan SPBE.",
                ),
            ],
            f"{L_SPBE_SDM}. Indikator 25 menilai penerapan manajemen kompetensi SDM SPBE; rekap "
            "JP dan kesenjangan kompetensi per OPD dapat menjadi bukti dukungnya.",
        ),
        single(
            "Berapa jam pelajaran (JP) pengembangan kompetensi paling sedikit bagi setiap PNS "
            "dalam satu tahun?",
            [
                ok("20 JP", "Tepat. PP 11/2017 jo. PP 17/2020 Pasal 203 ayat (4)."),
                no(
                    "24 JP",
                    "Kurang tepat. 24 JP adalah batas paling banyak bagi PPPK dalam satu tahun "
                    "masa perjanjian kerja.",
                ),
                no(
                    "45 JP",
                    "Kurang tepat. Angka 45 adalah lamanya satu JP dalam menit.",
                ),
                no(
                    "10 JP",
                    "Kurang tepat. Ketentuannya paling sedikit 20 JP per tahun.",
                ),
            ],
            f"{L_SPBE_SDM}. PNS paling sedikit 20 JP per tahun (PP 11/2017 jo. PP 17/2020 Pasal "
            "203 ayat (4)); PPPK paling banyak 24 JP dalam satu tahun masa perjanjian kerja; "
            "1 JP setara 45 menit.",
        ),
        single(
            "Seorang pejabat menandatangani naskah dinas dengan TTE tersertifikasi, lalu "
            "menyangkal pernah menandatanganinya. Aspek keamanan informasi mana yang membuat "
            "penyangkalan itu tidak dapat diterima?",
            [
                ok(
                    "Nirsangkal",
                    "Tepat. Nirsangkal berarti pengirim atau penanda tangan tidak dapat "
                    "menyangkal perbuatannya, dicapai dengan tanda tangan digital dan sertifikat "
                    "elektronik.",
                ),
                no(
                    "Ketersediaan",
                    "Kurang tepat. Ketersediaan berarti sistem dan informasi dapat dipakai saat "
                    "dibutuhkan.",
                ),
                no(
                    "Kerahasiaan",
                    "Kurang tepat. Kerahasiaan berarti informasi hanya dapat diakses oleh yang "
                    "berhak.",
                ),
                no(
                    "Keutuhan",
                    "Kurang tepat. Keutuhan memastikan informasi tidak diubah tanpa izin, bukan "
                    "mencegah penanda tangan menyangkal.",
                ),
            ],
            f"{L_SPBE_TTE}. Lima aspek keamanan informasi: kerahasiaan, keutuhan, ketersediaan, "
            "keaslian, dan nirsangkal.",
        ),
        single(
            "Atasan Anda sedang dinas luar. Ia mengirim passphrase TTE miliknya lewat pesan dan "
            "meminta Anda menandatangani surat atas namanya. Apa yang sebaiknya Anda lakukan?",
            [
                ok(
                    "Menolak memakai passphrase itu dan meminta atasan menandatangani sendiri",
                    "Tepat. Passphrase TTE tidak boleh diberikan kepada siapa pun, termasuk "
                    "staf; siapa pun yang memegangnya dapat menandatangani atas nama pemiliknya. "
                    "Sarankan juga agar passphrase itu segera diganti.",
                ),
                no(
                    "Menandatangani, karena atasan sendiri yang meminta dan memberikan "
                    "passphrase-nya",
                    "Kurang tepat. Permintaan atasan tidak membuat penggunaan passphrase orang "
                    "lain menjadi benar; tanda tangan itu seolah-olah dibuat oleh atasan.",
                ),
                no(
                    "Menandatangani, lalu menghapus pesan berisi passphrase",
                    "Kurang tepat. Menghapus pesan tidak mengubah fakta bahwa Anda menandatangani "
                    "atas nama orang lain.",
                ),
                no(
                    "Menyimpan passphrase itu agar lain kali tidak perlu bertanya lagi",
                    "Kurang tepat. Justru passphrase tidak boleh dipegang orang lain.",
                ),
            ],
            f"{L_SPBE_TTE}. Menandatangani dengan TTE memerlukan passphrase milik penanda tangan "
            "sendiri; jangan pernah memberikannya kepada orang lain, termasuk staf atau atasan.",
        ),
        true_false(
            "TTE tidak tersertifikasi tetap sah, tetapi kekuatan pembuktiannya lebih lemah "
            "daripada TTE tersertifikasi.",
            answer=True,
            if_true="Tepat. PP 71/2019 mengakui keduanya; TTE tersertifikasi, yang dibuat dengan "
            "sertifikat elektronik dari PSrE Indonesia, paling kuat pembuktiannya.",
            if_false="Kurang tepat. TTE tidak tersertifikasi tetap sah; hanya kekuatan "
            "pembuktiannya yang lebih lemah.",
            explanation=f"{L_SPBE_TTE}. PP 71/2019 membedakan TTE tersertifikasi (dengan "
            "sertifikat elektronik dari PSrE Indonesia; bagi ASN diterbitkan BSrE di bawah BSSN) "
            "dan TTE tidak tersertifikasi.",
        ),
    ),
)

SPBE_ARSITEKTUR = BankSeed(
    name="SPBE-101 · Arsitektur dan Peta Rencana SPBE (SP.02, level 1)",
    competency="SP.02",
    level=1,
    description=(
        "Arsitektur SPBE Nasional (Perpres 132/2022), enam domainnya, hubungan dengan Peta "
        "Rencana SPBE, serta pemetaan layanan OPD ke dalam arsitektur."
    ),
    questions=(
        short(
            "Peraturan presiden mana yang mengatur Arsitektur SPBE Nasional? Tuliskan dengan "
            "format Perpres nomor/tahun.",
            regulation_variants(("Perpres", "Peraturan Presiden"), 132, 2022),
            f"{L_SPBE_ARSITEKTUR}. Arsitektur SPBE Nasional diatur dalam Peraturan Presiden "
            "Nomor 132 Tahun 2022. Perpres 95/2018 mengatur SPBE secara umum dan menyebut "
            "Arsitektur SPBE sebagai salah satu unsurnya.",
        ),
        matching(
            "Sebuah dinas memberikan layanan perizinan. Jodohkan setiap domain Arsitektur SPBE "
            "dengan bagian layanan perizinan itu.",
            [
                ("Proses Bisnis", "Langkah-langkah dari permohonan masuk sampai izin terbit"),
                ("Data dan Informasi", "Data pemohon dan data izin"),
                ("Layanan", "Izin yang diterima warga"),
                ("Aplikasi", "Sistem perizinan daring"),
                ("Infrastruktur", "Server di pusat data dan jaringan kantor"),
                ("Keamanan", "Hak akses petugas dan pencadangan data"),
            ],
            f'{L_SPBE_ARSITEKTUR}, bagian "Contoh: satu layanan di sebuah OPD". Setiap domain '
            "menjawab satu pertanyaan: pekerjaan apa dan bagaimana urutannya (proses bisnis), "
            "data apa (data dan informasi), layanan apa (layanan), aplikasi apa (aplikasi), di "
            "mana berjalan (infrastruktur), dan bagaimana dilindungi (keamanan).",
        ),
        multiple(
            "Manakah yang termasuk enam domain Arsitektur SPBE menurut Perpres 132/2022?",
            [
                ok("Proses Bisnis", "Benar, ini salah satu domain Arsitektur SPBE."),
                ok("Data dan Informasi", "Benar, ini salah satu domain Arsitektur SPBE."),
                ok("Keamanan", "Benar, ini salah satu domain Arsitektur SPBE."),
                ok("Layanan", "Benar, ini salah satu domain Arsitektur SPBE."),
                no(
                    "Rencana dan Anggaran",
                    "Bukan. Rencana dan anggaran SPBE adalah salah satu unsur SPBE, bukan domain "
                    "arsitektur.",
                ),
                no(
                    "Sumber Daya Manusia",
                    "Bukan. SDM dikelola melalui manajemen SDM, salah satu manajemen SPBE, bukan "
                    "domain arsitektur.",
                ),
            ],
            f"{L_SPBE_ARSITEKTUR}. Enam domain Arsitektur SPBE: Proses Bisnis, Data dan "
            "Informasi, Layanan, Aplikasi, Infrastruktur, dan Keamanan.",
        ),
        single(
            "Untuk jangka waktu berapa lama Arsitektur SPBE Nasional disusun?",
            [
                ok(
                    "Lima tahun, dan ditinjau pada pertengahan periodenya",
                    "Tepat. Arsitektur SPBE Nasional berlaku lima tahun dan ditinjau di tengah "
                    "periode.",
                ),
                no(
                    "Satu tahun, mengikuti tahun anggaran",
                    "Kurang tepat. Yang disusun setiap tahun adalah rencana dan anggaran, bukan "
                    "arsitekturnya.",
                ),
                no(
                    "Sepuluh tahun, tanpa peninjauan",
                    "Kurang tepat. Jangka waktunya lima tahun, dan ada peninjauan di pertengahan "
                    "periode.",
                ),
                no(
                    "Tanpa batas waktu, sampai ada aplikasi pengganti",
                    "Kurang tepat. Arsitektur bukan aplikasi; jangka waktunya lima tahun.",
                ),
            ],
            f"{L_SPBE_ARSITEKTUR}. Arsitektur SPBE Nasional disusun untuk jangka waktu lima "
            "tahun dan ditinjau pada pertengahan periodenya (Perpres 132/2022).",
        ),
        true_false(
            "Pemerintah daerah boleh menyusun Arsitektur SPBE-nya sendiri tanpa mengacu pada "
            "Arsitektur SPBE Nasional.",
            answer=False,
            if_true="Kurang tepat. Arsitektur SPBE pemerintah daerah harus mengacu pada "
            "Arsitektur SPBE Nasional.",
            if_false="Tepat. Arsitektur SPBE pemerintah daerah harus mengacu pada Arsitektur "
            "SPBE Nasional, agar layanan dapat terpadu.",
            explanation=f"{L_SPBE_ARSITEKTUR}. Perpres 132/2022: Arsitektur SPBE pemerintah "
            "daerah harus mengacu pada Arsitektur SPBE Nasional.",
        ),
        single(
            "Apa perbedaan Arsitektur SPBE dan Peta Rencana SPBE?",
            [
                ok(
                    "Arsitektur menggambarkan kondisi yang dituju; Peta Rencana berisi langkah "
                    "dan jadwal untuk mencapainya",
                    "Tepat. Arsitektur adalah denahnya, Peta Rencana adalah jadwal kerjanya.",
                ),
                no(
                    "Peta Rencana menggambarkan kondisi yang dituju; Arsitektur berisi jadwal "
                    "pengadaan aplikasi",
                    "Kurang tepat. Peran keduanya terbalik.",
                ),
                no(
                    "Keduanya sama; di pusat disebut arsitektur, di daerah disebut peta rencana",
                    "Kurang tepat. Keduanya adalah unsur SPBE yang berbeda dan dinilai sebagai "
                    "indikator tersendiri.",
                ),
                no(
                    "Peta Rencana adalah daftar aplikasi yang sudah dibeli instansi",
                    "Kurang tepat. Peta Rencana berisi langkah dan jadwal untuk mewujudkan "
                    "arsitektur.",
                ),
            ],
            f'{L_SPBE_ARSITEKTUR}, bagian "Dari denah ke jadwal kerja". Rencana dan anggaran '
            "SPBE perlu selaras dengan keduanya.",
        ),
        single(
            "Setelah layanan-layanan dipetakan ke enam domain arsitektur, pimpinan melihat bahwa "
            "dua OPD sama-sama menyimpan data pemohon di aplikasi yang berbeda. Apa manfaat "
            "temuan ini?",
            [
                ok(
                    "Menunjukkan peluang untuk memadukan layanan dan menghemat anggaran",
                    "Tepat. Inilah gunanya memetakan layanan ke dalam arsitektur.",
                ),
                no(
                    "Menunjukkan bahwa kedua OPD perlu membeli server baru",
                    "Kurang tepat. Temuan itu menunjukkan duplikasi, bukan kekurangan "
                    "infrastruktur.",
                ),
                no(
                    "Membuktikan bahwa data pemohon tidak perlu diamankan",
                    "Kurang tepat. Keamanan tetap salah satu domain arsitektur.",
                ),
                no(
                    "Menjadi alasan untuk menghapus salah satu layanan",
                    "Kurang tepat. Layanannya tetap dibutuhkan warga; yang dapat dipadukan "
                    "adalah data dan aplikasinya.",
                ),
            ],
            f"{L_SPBE_ARSITEKTUR}. Dengan memetakan layanan ke enam domain, pimpinan dapat "
            "melihat duplikasi data dan aplikasi, lalu memadukan layanan dan menghemat anggaran.",
        ),
    ),
)

SPBE_INTEROPERABILITAS = BankSeed(
    name="SPBE-101 · Interoperabilitas dan aplikasi berbagi pakai (SP.07, level 2)",
    competency="SP.07",
    level=2,
    description=(
        "Masalah aplikasi silo, aplikasi berbagi pakai dan Sistem Penghubung Layanan, aplikasi "
        "umum seperti SRIKANDI, serta interoperabilitas data dalam Satu Data Indonesia."
    ),
    questions=(
        single(
            "Apa yang dimaksud dengan aplikasi silo dalam SPBE?",
            [
                ok(
                    "Aplikasi yang dibuat untuk satu unit atau satu sektor saja, dengan datanya "
                    "sendiri, dan tidak dapat bertukar data dengan aplikasi lain",
                    "Tepat. Aplikasi seperti ini berjalan sendiri-sendiri.",
                ),
                no(
                    "Aplikasi yang dipasang di pusat data nasional",
                    "Kurang tepat. Tempat aplikasi berjalan tidak menentukan apakah ia silo; "
                    "yang menentukan adalah kemampuannya bertukar data.",
                ),
                no(
                    "Aplikasi berbagi pakai yang digunakan banyak instansi",
                    "Kurang tepat. Aplikasi berbagi pakai justru jalan keluar dari masalah silo.",
                ),
                no(
                    "Aplikasi untuk mengelola gudang penyimpanan hasil pertanian",
                    "Kurang tepat. Dalam SPBE, silo adalah kiasan untuk aplikasi yang terkurung "
                    "sendiri dan tidak terhubung dengan aplikasi lain.",
                ),
            ],
            f'{L_SPBE_SILO}, bagian "Masalah aplikasi silo".',
        ),
        multiple(
            "Manakah yang merupakan akibat dari aplikasi silo?",
            [
                ok(
                    "Warga diminta mengisi data yang sama berkali-kali",
                    "Benar, karena aplikasi tidak saling berbagi data.",
                ),
                ok(
                    "Petugas mengetik ulang data dari satu aplikasi ke aplikasi lain",
                    "Benar, ini pekerjaan ganda akibat aplikasi yang tidak terhubung.",
                ),
                ok(
                    "Data antar-OPD berbeda-beda sehingga sulit dipercaya",
                    "Benar, setiap aplikasi menyimpan versinya sendiri.",
                ),
                no(
                    "Keamanan data meningkat karena data tersebar di banyak aplikasi",
                    "Bukan. Data yang sama tersimpan di banyak aplikasi tidak menjadi lebih "
                    "aman; yang terjadi justru data berbeda-beda dan pekerjaan ganda.",
                ),
                no(
                    "Anggaran lebih hemat karena setiap OPD memiliki aplikasinya sendiri",
                    "Bukan. Justru anggaran terpakai untuk membangun dan memelihara aplikasi yang "
                    "mirip.",
                ),
            ],
            f"{L_SPBE_SILO}. Akibat aplikasi silo: warga mengisi data berulang, petugas mengetik "
            "ulang, data antar-OPD berbeda, dan anggaran terpakai untuk aplikasi yang mirip.",
        ),
        single(
            "Unit Anda ingin membuat aplikasi lokal untuk mengelola surat-menyurat dinas. "
            "Langkah mana yang paling sesuai dengan semangat aplikasi berbagi pakai?",
            [
                ok(
                    "Memakai SRIKANDI, aplikasi umum untuk naskah dinas, dan berkoordinasi dengan "
                    "Diskominfo",
                    "Tepat. Memakai aplikasi umum yang sudah ditetapkan adalah contoh nyata "
                    "menghindari aplikasi silo.",
                ),
                no(
                    "Membangun aplikasi sendiri agar tampilannya sesuai keinginan unit",
                    "Kurang tepat. Aplikasi lokal yang serupa dengan aplikasi umum menambah "
                    "silo dan biaya.",
                ),
                no(
                    "Mengirim surat dinas lewat aplikasi percakapan pribadi",
                    "Kurang tepat. Urusan dinas disampaikan lewat saluran dinas, bukan akun "
                    "pribadi.",
                ),
                no(
                    "Menunggu setiap OPD membuat aplikasinya masing-masing, lalu memilih yang "
                    "terbaik",
                    "Kurang tepat. Cara ini justru menghasilkan banyak aplikasi silo.",
                ),
            ],
            f"{L_SPBE_TTE} dan {L_SPBE_SILO}. SRIKANDI adalah aplikasi umum dari ANRI untuk "
            "pengelolaan arsip dinamis, termasuk naskah dinas; jangan membuat aplikasi baru "
            "tanpa berkoordinasi dengan Diskominfo.",
        ),
        single(
            "Indikator evaluasi SPBE mana yang menilai sarana agar aplikasi-aplikasi pemerintah "
            "dapat saling bertukar data?",
            [
                ok(
                    "Sistem Penghubung Layanan (indikator 18)",
                    "Tepat. Sistem Penghubung Layanan memungkinkan aplikasi saling bertukar data.",
                ),
                no(
                    "Layanan Pusat Data (indikator 16)",
                    "Kurang tepat. Pusat data adalah tempat aplikasi dan data berjalan, bukan "
                    "penghubung antaraplikasi.",
                ),
                no(
                    "Tim Koordinasi SPBE (indikator 10)",
                    "Kurang tepat. Indikator ini menilai kebijakan internal tentang tim "
                    "koordinasi.",
                ),
                no(
                    "Audit keamanan (indikator 31)",
                    "Kurang tepat. Audit keamanan menilai keamanan, bukan pertukaran data.",
                ),
            ],
            f'{L_SPBE_SILO}, bagian "Jalan keluarnya": evaluasi SPBE menilai aplikasi berbagi '
            "pakai (indikator 15) dan Sistem Penghubung Layanan (indikator 18).",
        ),
        true_false(
            "Surat Edaran MenPANRB 18/2022 mendorong keterpaduan layanan digital nasional karena "
            "banyak aplikasi pemerintah masih bersifat sektoral dan belum terintegrasi.",
            answer=True,
            if_true="Tepat. Itulah alasan surat edaran tersebut diterbitkan.",
            if_false="Kurang tepat. SE MenPANRB 18/2022 memang mendorong keterpaduan layanan "
            "digital nasional karena masalah aplikasi yang sektoral.",
            explanation=f"{L_SPBE_SILO}. SE MenPANRB 18/2022 mendorong keterpaduan layanan "
            "digital nasional.",
        ),
        single(
            "Dua dinas sama-sama mendata sekolah. Yang satu menulis nama kecamatan dengan "
            "singkatan, yang lain dengan nama lengkap. Saat data digabungkan, sekolah yang sama "
            "terhitung dua kali. Prinsip Satu Data Indonesia mana yang paling tepat untuk "
            "mencegah masalah ini?",
            [
                ok(
                    "Kode referensi dan data induk",
                    "Tepat. Dengan kode referensi wilayah yang sama di semua instansi, sekolah "
                    "yang sama tidak terhitung dua kali.",
                ),
                no(
                    "Metadata",
                    "Kurang tepat. Metadata menerangkan isi, pembuat, periode, dan satuan data, "
                    "tetapi tidak menyeragamkan kode wilayah.",
                ),
                no(
                    "Mengumpulkan ulang data dari setiap sekolah",
                    "Kurang tepat. Mengumpulkan data yang sama berulang kali justru dihindari, "
                    "dan bukan prinsip Satu Data.",
                ),
                no(
                    "Menyimpan data di laptop masing-masing petugas",
                    "Kurang tepat. Data disimpan di tempat yang ditetapkan instansi, dan cara ini "
                    "tidak menyeragamkan kode.",
                ),
            ],
            f"{L_SPBE_DATA} (Perpres 39/2019 tentang Satu Data Indonesia). Prinsipnya: standar "
            "data, metadata, interoperabilitas data, serta kode referensi dan data induk.",
        ),
        short(
            "Apa nama aplikasi umum dari ANRI untuk pengelolaan arsip dinamis, termasuk naskah "
            "dinas elektronik, yang menggantikan SIKD?",
            ["SRIKANDI"],
            f"{L_SPBE_TTE}. SRIKANDI adalah aplikasi umum dari Arsip Nasional Republik Indonesia "
            "(ANRI) yang menggantikan SIKD; memakainya adalah contoh nyata menghindari aplikasi "
            "silo.",
        ),
        single(
            "Dalam pekerjaan sehari-hari Anda harus mengetik ulang data yang sama di tiga "
            "aplikasi yang berbeda. Apa tindakan yang dianjurkan?",
            [
                ok(
                    "Memberi tahu atasan atau Diskominfo agar kebutuhan pertukaran data dapat "
                    "ditindaklanjuti",
                    "Tepat. Laporan pengguna membantu menemukan aplikasi yang perlu dihubungkan.",
                ),
                no(
                    "Membuat sendiri aplikasi baru yang menggabungkan ketiganya tanpa "
                    "berkoordinasi",
                    "Kurang tepat. Aplikasi baru tanpa koordinasi menambah satu silo lagi.",
                ),
                no(
                    "Menyalin data ke lembar kerja pribadi lalu membagikannya lewat grup "
                    "percakapan",
                    "Kurang tepat. Data dinas disimpan di tempat yang ditetapkan instansi, bukan "
                    "berkas pribadi atau grup percakapan.",
                ),
                no(
                    "Berhenti mengisi dua aplikasi lainnya",
                    "Kurang tepat. Data menjadi tidak lengkap; masalahnya perlu dilaporkan.",
                ),
            ],
            f"{L_SPBE_SILO}. Sebagai pengguna, beri tahu atasan atau Diskominfo bila harus "
            "mengetik ulang data yang sama di beberapa aplikasi, dan jangan membuat aplikasi "
            "baru tanpa berkoordinasi.",
        ),
    ),
)

SPBE_BANKS = (SPBE_TATA_KELOLA, SPBE_ARSITEKTUR, SPBE_INTEROPERABILITAS)
SPBE_PRE, SPBE_POST = _quizzes("SPBE-101", "Dasar-dasar SPBE", SPBE_BANKS)

# ================================================================================================
# LD-101 · Literasi dan Keamanan Digital untuk ASN
# ================================================================================================

L_LD_PILAR = 'Pelajaran "Empat pilar literasi digital dan posisi kita"'
L_LD_HOAKS = 'Pelajaran "Hoaks: periksa dulu sebelum membagikan"'
L_LD_SANDI = 'Pelajaran "Kata sandi kuat, pengelola kata sandi, dan MFA"'
L_LD_PHISHING = 'Pelajaran "Pembaruan perangkat dan mengenali phishing"'
L_LD_INSIDEN = 'Pelajaran "Jika terjadi insiden: segera laporkan"'
L_LD_PDP = 'Pelajaran "UU PDP: jenis data pribadi dan dasar pemrosesannya"'
L_LD_KEWAJIBAN = 'Pelajaran "Kewajiban instansi dan kegagalan pelindungan data"'
L_LD_NETIKET = 'Pelajaran "Netiket ASN dan berbagi data dengan bijak"'

LD_KEAMANAN = BankSeed(
    name="LD-101 · Keamanan digital pribadi (LD.07, level 2)",
    competency="LD.07",
    level=2,
    description=(
        "Kata sandi yang kuat, pengelola kata sandi, MFA, pembaruan perangkat, mengenali "
        "phishing, dan melaporkan insiden keamanan."
    ),
    questions=(
        single(
            "Manakah kata sandi yang paling kuat untuk akun surel dinas?",
            [
                ok(
                    "kursi-hujan-lampu-sepeda-kopi",
                    "Tepat. Frasa sandi dari beberapa kata acak yang tidak saling berhubungan "
                    "panjang, sulit ditebak, dan mudah diingat.",
                ),
                no(
                    "Dinkes2024!",
                    "Kurang tepat. Nama instansi ditambah tahun mudah ditebak, dan kata sandinya "
                    "pendek.",
                ),
                no(
                    "198703152010012003",
                    "Kurang tepat. NIP mudah diketahui orang lain dan tidak boleh dipakai sebagai "
                    "kata sandi.",
                ),
                no(
                    "P@ssw0rd",
                    "Kurang tepat. Kata sandi ini pendek dan sangat umum, walau memakai simbol.",
                ),
            ],
            f"{L_LD_SANDI}. Kata sandi yang kuat itu panjang, unik untuk setiap akun, tidak "
            "mudah ditebak (hindari tanggal lahir, NIP, nama instansi), dan dirahasiakan.",
        ),
        single(
            "Seseorang menelepon, mengaku petugas TI dari Diskominfo, dan meminta kode OTP yang "
            'baru saja masuk ke ponsel Anda untuk "memperbaiki akun". Apa yang sebaiknya Anda '
            "lakukan?",
            [
                ok(
                    "Menolak memberikan kode, lalu menghubungi Diskominfo lewat nomor resmi yang "
                    "Anda ketahui sendiri",
                    "Tepat. Petugas yang sah tidak perlu mengetahui kata sandi atau kode OTP Anda.",
                ),
                no(
                    "Memberikan kode karena penelepon adalah petugas TI",
                    "Kurang tepat. Jangan memberikan kode OTP kepada siapa pun, termasuk yang "
                    "mengaku petugas TI.",
                ),
                no(
                    "Memberikan kode bila penelepon dapat menyebutkan NIP Anda dengan benar",
                    "Kurang tepat. NIP mudah diketahui orang lain, jadi tidak membuktikan apa pun.",
                ),
                no(
                    "Memberikan kata sandi saja, tetapi tidak kode OTP",
                    "Kurang tepat. Kata sandi juga tidak boleh diberikan kepada siapa pun.",
                ),
            ],
            f"{L_LD_SANDI} dan {L_LD_PHISHING}. Jangan pernah memberikan kata sandi atau kode "
            "OTP kepada siapa pun; jika ragu, hubungi pihak itu lewat saluran lain yang Anda "
            "ketahui sendiri.",
        ),
        true_false(
            "Dengan MFA aktif, pencuri yang sudah mengetahui kata sandi Anda tetap tidak dapat "
            "masuk tanpa faktor kedua.",
            answer=True,
            if_true="Tepat. MFA menambahkan lapisan pengaman kedua selain kata sandi.",
            if_false="Kurang tepat. Inilah manfaat utama MFA: kata sandi saja tidak cukup untuk "
            "masuk.",
            explanation=f"{L_LD_SANDI}. Faktor kedua dapat berupa kode dari aplikasi "
            "autentikator, kode lewat SMS atau surel, kunci keamanan fisik, atau sidik jari.",
        ),
        multiple(
            "Satu komputer di kantor Anda dipakai bergantian. Manakah kebiasaan yang melindungi "
            "akun Anda?",
            [
                ok(
                    "Keluar (logout) dari akun setiap kali selesai",
                    "Benar, agar pengguna berikutnya tidak masuk dengan akun Anda.",
                ),
                ok(
                    'Tidak memilih "ingat kata sandi" pada peramban di komputer itu',
                    "Benar, kata sandi yang tersimpan dapat dipakai orang lain.",
                ),
                ok(
                    "Meminta akun sendiri-sendiri untuk aplikasi dinas yang dipakai beberapa orang",
                    "Benar, agar setiap tindakan tercatat atas nama yang benar.",
                ),
                no(
                    "Memakai satu akun bersama untuk semua petugas agar praktis",
                    "Bukan. Akun bersama membuat tindakan tidak dapat ditelusuri ke orangnya.",
                ),
                no(
                    "Menempel kata sandi di monitor agar rekan dapat masuk saat Anda cuti",
                    "Bukan. Kata sandi harus dirahasiakan, bukan ditempel di monitor.",
                ),
            ],
            f'{L_LD_SANDI}, bagian "Akun bersama dan perangkat bersama".',
        ),
        matching(
            "Jodohkan setiap tanda phishing dengan contohnya.",
            [
                ("Mendesak atau mengancam", '"Akun Anda akan diblokir hari ini"'),
                (
                    "Alamat pengirim janggal",
                    "Nama pengirim tampak resmi, tetapi alamat surelnya dari layanan umum",
                ),
                (
                    "Tautan tidak cocok",
                    "Alamat situs yang dituju memuat huruf tambahan pada nama instansi",
                ),
                ("Lampiran tak terduga", "Berkas berakhiran .apk yang tidak pernah Anda minta"),
                ("Tawaran yang terlalu bagus", "Beasiswa yang tidak pernah Anda daftarkan"),
            ],
            f'{L_LD_PHISHING}, bagian "Tanda-tanda phishing". Pesan phishing juga sering '
            "meminta data rahasia seperti kata sandi, kode OTP, PIN, atau foto KTP.",
        ),
        single(
            'Anda menerima surel atas nama BKPSDM dengan lampiran "Daftar_Gaji.apk" yang tidak '
            "pernah Anda minta. Apa tindakan yang paling tepat?",
            [
                ok(
                    "Tidak membuka lampiran, memeriksa ke BKPSDM lewat saluran resmi, dan "
                    "melaporkannya kepada pengelola TI",
                    "Tepat. Laporan Anda juga dapat melindungi rekan yang menerima pesan yang "
                    "sama.",
                ),
                no(
                    "Membuka lampiran di ponsel pribadi agar komputer kantor tetap aman",
                    "Kurang tepat. Berkas .apk adalah aplikasi; memasangnya di ponsel pribadi "
                    "tetap berbahaya.",
                ),
                no(
                    "Meneruskannya ke grup kantor untuk bertanya apakah yang lain juga menerima",
                    "Kurang tepat. Meneruskan berkas mencurigakan justru ikut menyebarkannya.",
                ),
                no(
                    "Membalas surel itu untuk menanyakan apakah lampirannya aman",
                    "Kurang tepat. Pengirim palsu tentu akan menjawab aman; periksa lewat "
                    "saluran lain.",
                ),
            ],
            f"{L_LD_PHISHING}. Lampiran tak terduga, terutama berkas aplikasi seperti .apk, "
            "adalah tanda phishing; jika ragu, hubungi pengirim lewat saluran lain.",
        ),
        single(
            "Apa alasan utama mengaktifkan pembaruan (update) otomatis pada ponsel dan laptop?",
            [
                ok(
                    "Banyak pembaruan menutup celah keamanan yang sudah diketahui pelaku kejahatan",
                    "Tepat. Perangkat yang tidak diperbarui ibarat rumah dengan pintu rusak yang "
                    "kerusakannya sudah diketahui banyak orang.",
                ),
                no(
                    "Pembaruan hanya menambah fitur baru agar perangkat lebih menarik",
                    "Kurang tepat. Pembaruan bukan sekadar fitur; banyak yang menutup celah "
                    "keamanan.",
                ),
                no(
                    "Agar baterai perangkat lebih awet",
                    "Kurang tepat. Alasan utamanya keamanan: pembaruan menutup celah yang sudah "
                    "diketahui pelaku kejahatan.",
                ),
                no(
                    "Agar perangkat tidak perlu dimulai ulang",
                    "Kurang tepat. Justru mulai ulang perangkat bila diminta setelah pembaruan.",
                ),
            ],
            f'{L_LD_PHISHING}, bagian "Mengapa pembaruan penting?".',
        ),
        single(
            "Anda telanjur memasukkan kata sandi surel dinas di sebuah situs yang ternyata "
            "palsu. Apa yang sebaiknya segera dilakukan?",
            [
                ok(
                    "Mengganti kata sandi dari perangkat lain yang aman, lalu melaporkannya "
                    "kepada pengelola TI OPD atau Diskominfo",
                    "Tepat. Laporan yang cepat membatasi kerugian dan melindungi rekan kerja.",
                ),
                no(
                    "Diam saja karena malu tertipu",
                    "Kurang tepat. Tidak perlu malu; pelaku phishing pandai menyamar, dan diam "
                    "memperbesar kerugian.",
                ),
                no(
                    "Menunggu sampai yakin akunnya benar-benar disalahgunakan",
                    "Kurang tepat. Lebih baik melaporkan kejadian yang ternyata aman daripada "
                    "terlambat melaporkan insiden sungguhan.",
                ),
                no(
                    "Memasang aplikasi pembersih dari internet untuk memperbaikinya sendiri",
                    "Kurang tepat. Aplikasi dari internet yang tidak jelas asalnya dapat "
                    "menambah masalah.",
                ),
            ],
            f'{L_LD_PHISHING} ("Sudah telanjur mengeklik?") dan {L_LD_INSIDEN}.',
        ),
        multiple(
            "Laptop dinas berisi data warga hilang. Manakah langkah yang sesuai?",
            [
                ok(
                    "Segera melapor kepada pengelola TI OPD atau Diskominfo",
                    "Benar. Semakin cepat dilaporkan, semakin kecil kerugiannya.",
                ),
                ok(
                    "Menceritakan apa adanya: kapan hilang, data apa yang ada di dalamnya, dan "
                    "apa yang sudah dilakukan",
                    "Benar. Laporan yang jujur dan lengkap sangat membantu petugas.",
                ),
                ok(
                    "Mengganti kata sandi akun yang tersimpan di laptop itu dari perangkat lain "
                    "yang aman",
                    "Benar. Ini mengamankan akun yang mungkin dapat dibuka dari laptop itu.",
                ),
                no(
                    "Menunggu beberapa hari, siapa tahu laptopnya ditemukan",
                    "Bukan. Menunda laporan memperbesar kerugian, apalagi bila menyangkut data "
                    "pribadi yang memiliki tenggat pemberitahuan 3×24 jam.",
                ),
                no(
                    "Mengumumkan kehilangan beserta isi laptop di grup percakapan umum",
                    "Bukan. Jangan menyebarkan informasi tentang insiden sebelum petugas "
                    "menanganinya.",
                ),
            ],
            f"{L_LD_INSIDEN}. Langkah melapor: laporkan segera, ceritakan apa adanya, jangan "
            "menghapus bukti, amankan akun, dan ikuti arahan petugas.",
        ),
        single(
            "Apa manfaat utama pengelola kata sandi (password manager)?",
            [
                ok(
                    "Menyimpan kata sandi yang berbeda untuk setiap akun secara terenkripsi, "
                    "sehingga Anda cukup mengingat satu kata sandi utama yang kuat",
                    "Tepat. Banyak pengelola kata sandi juga hanya mengisi kata sandi di situs "
                    "yang alamatnya cocok, sehingga membantu menghindari situs palsu.",
                ),
                no(
                    "Membuat semua akun memakai satu kata sandi yang sama agar mudah diingat",
                    "Kurang tepat. Justru setiap akun perlu kata sandi yang unik.",
                ),
                no(
                    "Mengirimkan kata sandi Anda kepada petugas TI secara otomatis",
                    "Kurang tepat. Petugas yang sah tidak perlu mengetahui kata sandi Anda.",
                ),
                no(
                    "Membuat MFA tidak diperlukan lagi",
                    "Kurang tepat. MFA tetap dianjurkan sebagai lapisan pengaman kedua.",
                ),
            ],
            f'{L_LD_SANDI}, bagian "Pengelola kata sandi".',
        ),
    ),
)

LD_PELINDUNGAN_DATA = BankSeed(
    name="LD-101 · Pelindungan data pribadi (LD.08, level 2)",
    competency="LD.08",
    level=2,
    description=(
        "UU 27/2022 tentang Pelindungan Data Pribadi: jenis data, pengendali dan prosesor, "
        "dasar pemrosesan, hak pemilik data, kewajiban instansi, kegagalan pelindungan data, "
        "dan berbagi data pribadi dengan bijak."
    ),
    questions=(
        matching(
            "Jodohkan setiap istilah dalam UU Pelindungan Data Pribadi dengan artinya.",
            [
                (
                    "Pengendali data pribadi",
                    "Pihak yang menentukan tujuan dan cara pemrosesan data, misalnya pemerintah "
                    "daerah",
                ),
                (
                    "Prosesor data pribadi",
                    "Pihak yang memproses data hanya atas perintah pengendali, misalnya vendor "
                    "hosting",
                ),
                (
                    "Data pribadi yang bersifat spesifik",
                    "Data yang dampaknya lebih besar bila bocor, misalnya data kesehatan dan "
                    "biometrik",
                ),
                (
                    "Data pribadi yang bersifat umum",
                    "Misalnya nama lengkap, jenis kelamin, dan kewarganegaraan",
                ),
            ],
            f"{L_LD_PDP}. Pemerintah daerah adalah pengendali data pribadi; vendor atau "
            "penyedia hosting adalah prosesor yang hanya bertindak sesuai perintahnya.",
        ),
        multiple(
            "Manakah yang termasuk data pribadi yang bersifat spesifik menurut UU PDP?",
            [
                ok("Data kesehatan pegawai", "Benar, data kesehatan termasuk data spesifik."),
                ok(
                    "Sidik jari pada mesin presensi",
                    "Benar, sidik jari adalah data biometrik, termasuk data spesifik.",
                ),
                ok(
                    "Data anak dalam pendataan sekolah",
                    "Benar, data anak termasuk data spesifik.",
                ),
                no(
                    "Nama lengkap dan jenis kelamin",
                    "Bukan. Keduanya data pribadi yang bersifat umum, walau tetap harus dijaga.",
                ),
                no(
                    "Status perkawinan",
                    "Bukan. Status perkawinan termasuk data pribadi yang bersifat umum.",
                ),
            ],
            f"{L_LD_PDP}. Data spesifik: kesehatan, biometrik, genetika, catatan kejahatan, data "
            "anak, keuangan pribadi, dan data lain sesuai peraturan perundang-undangan.",
        ),
        single(
            "Menurut pelajaran, apa dasar utama pemrosesan data pribadi pegawai pada layanan "
            "pemerintah seperti platform belajar ASN ini?",
            [
                ok(
                    "Kewajiban hukum dan pelaksanaan tugas pelayanan publik",
                    "Tepat. Meski begitu, pemilik data tetap perlu diberi tahu untuk apa datanya "
                    "dipakai.",
                ),
                no(
                    "Persetujuan tertulis dari setiap pegawai",
                    "Kurang tepat. Persetujuan memang salah satu dasar yang sah, tetapi bagi "
                    "layanan ini dasar utamanya kewajiban hukum dan tugas pelayanan publik.",
                ),
                no(
                    "Kepentingan komersial penyedia aplikasi",
                    "Kurang tepat. Vendor adalah prosesor yang hanya bertindak atas perintah "
                    "instansi.",
                ),
                no(
                    "Tidak perlu dasar, karena datanya dikelola pemerintah",
                    "Kurang tepat. UU PDP berlaku juga bagi badan publik; setiap pemrosesan "
                    "memerlukan dasar yang sah.",
                ),
            ],
            f'{L_LD_PDP}, bagian "Dasar pemrosesan yang sah" (UU 27/2022 Pasal 20).',
        ),
        single(
            "Anda menyusun formulir daring untuk pendaftaran pelatihan pegawai. Isian mana yang "
            "sebaiknya dihapus karena tidak diperlukan untuk tujuan itu?",
            [
                ok(
                    "Nomor KK dan riwayat penyakit",
                    "Tepat. Keduanya tidak diperlukan untuk mendaftar pelatihan, dan riwayat "
                    "penyakit bahkan data spesifik.",
                ),
                no(
                    "Nama lengkap",
                    "Kurang tepat. Nama diperlukan untuk mengenali peserta.",
                ),
                no(
                    "Unit kerja",
                    "Kurang tepat. Unit kerja wajar diperlukan untuk pendaftaran pelatihan "
                    "pegawai.",
                ),
                no(
                    "Alamat surel dinas",
                    "Kurang tepat. Surel dinas diperlukan untuk mengirim informasi pelatihan.",
                ),
            ],
            f"{L_LD_PDP} dan {L_LD_KEWAJIBAN}: batasi tujuan dan jumlah data. Sebelum membuat "
            "formulir, tanyakan untuk apa setiap isian; data yang tidak dikumpulkan tidak "
            "mungkin bocor.",
        ),
        numeric(
            "Setelah terjadi kegagalan pelindungan data pribadi, paling lambat berapa jam "
            "pengendali data wajib menyampaikan pemberitahuan tertulis kepada pemilik data dan "
            "lembaga? Tuliskan angkanya saja.",
            "72",
            f"{L_LD_KEWAJIBAN}. UU 27/2022 (Pasal 46): pemberitahuan tertulis paling lambat "
            "3×24 jam, yaitu 72 jam.",
        ),
        short(
            "Sebutkan undang-undang yang mengatur pelindungan data pribadi di Indonesia. "
            "Tuliskan dengan format UU nomor/tahun.",
            regulation_variants(("UU", "Undang-Undang", "Undang Undang"), 27, 2022),
            f"{L_LD_PDP}. Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi "
            "(UU PDP); masa transisinya berakhir 17 Oktober 2024.",
        ),
        single(
            "Anda tidak sengaja mengirim rekap berisi NIK dan alamat warga ke grup percakapan "
            "yang salah. Apa yang harus Anda lakukan?",
            [
                ok(
                    "Melaporkannya hari itu juga kepada atasan dan pengelola TI atau Diskominfo",
                    "Tepat. Laporan cepat memungkinkan instansi memenuhi kewajiban pemberitahuan "
                    "paling lambat 3×24 jam.",
                ),
                no(
                    "Menghapus pesan itu dan tidak memberi tahu siapa pun",
                    "Kurang tepat. Data mungkin sudah dibaca atau disimpan; kejadian ini tetap "
                    "harus dilaporkan.",
                ),
                no(
                    "Menunggu apakah ada warga yang mengeluh",
                    "Kurang tepat. Tenggat 3×24 jam tidak dapat dipenuhi bila laporan menunggu "
                    "keluhan.",
                ),
                no(
                    "Meminta maaf di grup, lalu menganggap masalahnya selesai",
                    "Kurang tepat. Permintaan maaf tidak menggantikan laporan kepada atasan dan "
                    "pengelola TI.",
                ),
            ],
            f"{L_LD_KEWAJIBAN}. Data yang terkirim kepada orang yang salah termasuk kegagalan "
            "pelindungan data pribadi; laporkan hari itu juga.",
        ),
        true_false(
            "UU Pelindungan Data Pribadi tidak berlaku bagi pemerintah daerah karena pemerintah "
            "daerah bukan perusahaan.",
            answer=False,
            if_true="Kurang tepat. UU PDP berlaku bagi badan publik, termasuk instansi yang "
            "didanai APBN atau APBD.",
            if_false="Tepat. UU PDP berlaku juga bagi badan publik; pemerintah daerah adalah "
            "pengendali data pribadi.",
            explanation=f'{L_LD_PDP}, bagian "Berlaku juga untuk pemerintah".',
        ),
        single(
            "Vendor hosting aplikasi layanan pemerintah daerah ingin memakai penyedia lain "
            "(subprosesor) untuk menyimpan data. Apa syaratnya menurut UU PDP?",
            [
                ok(
                    "Ada persetujuan tertulis dari pemerintah daerah sebagai pengendali data",
                    "Tepat. Penggunaan subprosesor memerlukan persetujuan tertulis pengendali.",
                ),
                no(
                    "Tidak ada syarat, karena data sudah diserahkan kepada vendor",
                    "Kurang tepat. Vendor hanyalah prosesor yang bertindak atas perintah "
                    "pengendali.",
                ),
                no(
                    "Cukup diumumkan kepada pemilik data lewat media sosial",
                    "Kurang tepat. Yang diperlukan adalah persetujuan tertulis pengendali.",
                ),
                no(
                    "Subprosesor otomatis menjadi pengendali data",
                    "Kurang tepat. Pengendali tetap pemerintah daerah yang menentukan tujuan dan "
                    "cara pemrosesan.",
                ),
            ],
            f'{L_LD_KEWAJIBAN}, bagian "Awasi prosesor" (UU 27/2022 Pasal 51 dan 52).',
        ),
        multiple(
            "Manakah yang termasuk hak pemilik data pribadi menurut UU PDP?",
            [
                ok(
                    "Mengakses dan memperoleh salinan data pribadinya",
                    "Benar, ini hak pemilik data.",
                ),
                ok("Memperbaiki data pribadinya yang salah", "Benar, ini hak pemilik data."),
                ok(
                    "Mengajukan keberatan atas keputusan yang diambil secara otomatis",
                    "Benar, ini hak pemilik data.",
                ),
                no(
                    "Meminta salinan data pribadi orang lain yang tercatat di sistem yang sama",
                    "Bukan. Hak pemilik data hanya atas datanya sendiri.",
                ),
                no(
                    "Mengubah sendiri data pribadi pegawai lain yang menurutnya salah",
                    "Bukan. Perbaikan data diajukan oleh pemiliknya dan dilakukan oleh pengendali.",
                ),
            ],
            f'{L_LD_PDP}, bagian "Hak pemilik data": antara lain informasi, akses dan salinan, '
            "perbaikan, penghapusan, penarikan persetujuan, dan keberatan atas keputusan "
            "otomatis.",
        ),
        multiple(
            "Manakah tindakan yang membahayakan data pribadi warga atau pegawai?",
            [
                ok(
                    'Mengirim foto KTP dan KK warga ke grup percakapan agar "cepat diproses"',
                    "Benar. NIK dan nomor KK sangat berharga bagi penipu.",
                ),
                ok(
                    "Mengunggah daftar penerima bantuan lengkap dengan NIK dan alamat ke media "
                    "sosial",
                    "Benar. Ini membuka data pribadi kepada siapa saja.",
                ),
                ok(
                    "Menyimpan berkas data pegawai di laptop pribadi",
                    "Benar. Data pribadi disimpan di tempat yang ditetapkan instansi.",
                ),
                no(
                    "Mengirim data lewat saluran resmi kepada pihak yang berhak",
                    "Bukan. Inilah cara yang dianjurkan.",
                ),
                no(
                    "Menampilkan NIK dengan sebagian nomornya disamarkan",
                    "Bukan. Menampilkan data seperlunya justru melindungi pemiliknya.",
                ),
            ],
            f'{L_LD_NETIKET}, bagian "Jangan sembarangan membagikan NIK dan KK".',
        ),
        single(
            "Seseorang yang mengaku dari instansi lain meminta daftar pegawai lengkap dengan NIK "
            "melalui pesan pribadi. Apa yang sebaiknya Anda lakukan?",
            [
                ok(
                    "Menunda dulu; pastikan siapa yang meminta, untuk apa, dan lewat saluran apa, "
                    "lalu tanyakan kepada atasan atau pejabat pelindungan data pribadi",
                    "Tepat. Jika jawaban tiga pertanyaan itu belum jelas, data tidak dikirim.",
                ),
                no(
                    "Langsung mengirimkannya karena sesama instansi pemerintah",
                    "Kurang tepat. Belum jelas apakah peminta berhak dan untuk apa datanya.",
                ),
                no(
                    "Mengirim sebagian data saja agar tetap membantu",
                    "Kurang tepat. Sebagian data pribadi tetap data pribadi; periksa dulu "
                    "hak dan tujuannya.",
                ),
                no(
                    "Mengirimkannya lewat surel pribadi agar lebih cepat",
                    "Kurang tepat. Data dinas dikirim lewat saluran resmi, dan permintaan ini "
                    "belum jelas.",
                ),
            ],
            f'{L_LD_NETIKET}, bagian "Saat ada yang meminta data": siapa yang meminta, untuk '
            "apa, dan lewat saluran apa.",
        ),
    ),
)

LD_INFORMASI = BankSeed(
    name="LD-101 · Penelusuran dan evaluasi informasi (LD.02, level 2)",
    competency="LD.02",
    level=2,
    description=(
        "Mengenali hoaks, lima langkah memeriksa informasi, operator pencarian, pencarian "
        "gambar terbalik, dan meluruskan informasi keliru dengan santun."
    ),
    questions=(
        single(
            'Di grup percakapan beredar pesan: "Pendaftaran PPPK dibuka hari ini! Isi NIK Anda '
            'di tautan ini. Segera sebarkan!" Apa langkah pertama yang paling tepat?',
            [
                ok(
                    "Berhenti sejenak, tidak meneruskannya, lalu memeriksa pengumuman di situs "
                    "atau akun resmi instansi penyelenggara",
                    "Tepat. Pesan yang mendesak dan meminta NIK patut dicurigai.",
                ),
                no(
                    "Meneruskannya ke grup lain agar banyak orang tidak ketinggalan",
                    "Kurang tepat. Bila pesan itu hoaks, Anda ikut menyebarkannya.",
                ),
                no(
                    "Mengisi tautan itu dulu supaya tidak ketinggalan, baru memeriksa",
                    "Kurang tepat. Jangan mengisi NIK pada tautan yang belum jelas sumbernya.",
                ),
                no(
                    'Meneruskannya dengan catatan "belum tentu benar"',
                    "Kurang tepat. Dengan catatan pun, pesan tetap ikut tersebar.",
                ),
            ],
            f"{L_LD_HOAKS}. Lima langkah: berhenti sejenak, periksa sumbernya, periksa tanggal dan "
            "konteks, bandingkan dengan sumber lain, dan jika ragu jangan bagikan.",
        ),
        single(
            "Anda menerima foto banjir yang diklaim terjadi kemarin di kecamatan Anda. Cara mana "
            "yang paling tepat untuk memeriksa apakah foto itu benar-benar baru?",
            [
                ok(
                    "Melakukan pencarian gambar terbalik untuk melihat kapan dan di mana foto "
                    "itu pertama kali muncul",
                    "Tepat. Foto lama sering disebarkan ulang seolah-olah baru.",
                ),
                no(
                    "Memperbesar foto untuk melihat ketajamannya",
                    "Kurang tepat. Foto yang tajam bisa saja berasal dari kejadian lain.",
                ),
                no(
                    "Menanyakan kepada pengirim apakah ia yakin",
                    "Kurang tepat. Pengirim mungkin juga hanya meneruskan; periksa sumbernya "
                    "sendiri.",
                ),
                no(
                    "Melihat berapa kali foto itu sudah diteruskan",
                    "Kurang tepat. Sering diteruskan bukan bukti kebenaran.",
                ),
            ],
            f'{L_LD_HOAKS}, bagian "Memakai mesin pencari dengan cermat".',
        ),
        matching(
            "Jodohkan setiap cara pencarian dengan fungsinya.",
            [
                ('Tanda kutip, misalnya "seleksi PPPK"', "Mencari frasa yang persis sama"),
                (
                    "site:, misalnya site:go.id bantuan sosial",
                    "Membatasi hasil pada situs tertentu, misalnya situs pemerintah",
                ),
                (
                    "Tanda minus, misalnya jadwal seleksi -2019",
                    "Membuang hasil yang memuat kata tertentu",
                ),
                (
                    "Pencarian gambar terbalik",
                    "Menunjukkan kapan dan di mana sebuah foto pertama kali muncul",
                ),
            ],
            f'{L_LD_HOAKS}, bagian "Memakai mesin pencari dengan cermat".',
        ),
        true_false(
            "Informasi yang sudah diteruskan berkali-kali di banyak grup hampir pasti benar.",
            answer=False,
            if_true="Kurang tepat. Hoaks justru menyebar cepat karena memancing emosi; jumlah "
            "penerusan bukan bukti kebenaran.",
            if_false="Tepat. Jika informasi hanya beredar di grup percakapan dan tidak ada di "
            "sumber tepercaya, waspadalah.",
            explanation=f"{L_LD_HOAKS}. Bandingkan dengan beberapa sumber tepercaya; jika ragu, "
            "jangan bagikan.",
        ),
        single(
            "Mengapa ASN perlu lebih berhati-hati sebelum meneruskan informasi?",
            [
                ok(
                    "Warga cenderung menganggap informasi dari ASN sebagai informasi resmi",
                    "Tepat. Hoaks yang diteruskan ASN dapat merugikan warga dan menurunkan "
                    "kepercayaan kepada pemerintah.",
                ),
                no(
                    "ASN dilarang memakai media sosial",
                    "Kurang tepat. ASN boleh bermedia sosial, asalkan tetap menjaga netiket.",
                ),
                no(
                    "Setiap pesan ASN otomatis tercatat di SIASN",
                    "Kurang tepat. Alasannya bukan pencatatan pesan, melainkan kepercayaan "
                    "warga kepada informasi dari ASN.",
                ),
                no(
                    "Hanya Diskominfo yang boleh membagikan informasi",
                    "Kurang tepat. Setiap ASN boleh berbagi informasi yang sudah diperiksa "
                    "kebenarannya.",
                ),
            ],
            f'{L_LD_HOAKS}, bagian "Mengapa ASN perlu lebih berhati-hati?".',
        ),
        single(
            "Seorang rekan membagikan hoaks di grup percakapan kantor. Tanggapan mana yang "
            "dianjurkan?",
            [
                ok(
                    "Menyampaikan hasil pemeriksaan dengan sopan beserta tautan sumber resmi, "
                    "dan mengajak anggota grup memeriksa bersama",
                    "Tepat. Cara ini menghentikan penyebaran tanpa mempermalukan pengirim.",
                ),
                no(
                    "Menegurnya dengan keras di grup agar jera",
                    "Kurang tepat. Menghentikan hoaks tidak perlu dengan mempermalukan orang.",
                ),
                no(
                    "Diam saja karena bukan urusan Anda",
                    "Kurang tepat. Tanggapan yang sopan membantu menghentikan penyebaran.",
                ),
                no(
                    "Keluar dari grup",
                    "Kurang tepat. Hoaksnya tetap beredar di grup itu.",
                ),
            ],
            f'{L_LD_HOAKS}, bagian "Membantu rekan tanpa mempermalukan".',
        ),
    ),
)

LD_NETIKET_BANK = BankSeed(
    name="LD-101 · Etika digital dan netiket ASN (LD.05, level 2)",
    competency="LD.05",
    level=2,
    description=(
        "Kode etik dan kode perilaku ASN di ruang digital: santun, netral, menjaga rahasia, "
        "bertanggung jawab, dan memakai saluran resmi."
    ),
    questions=(
        single(
            "Seorang warga mengeluhkan layanan OPD Anda di media sosial dengan kata-kata kasar. "
            "Tanggapan mana yang sesuai dengan netiket ASN?",
            [
                ok(
                    "Menanggapi dengan bahasa yang santun dan mengarahkannya ke saluran "
                    "pengaduan resmi",
                    "Tepat. ASN tetap santun, juga ketika menanggapi keluhan atau kritik.",
                ),
                no(
                    "Membalas dengan kata-kata yang sama kerasnya",
                    "Kurang tepat. Balasan kasar mencerminkan buruk diri Anda dan instansi.",
                ),
                no(
                    "Mengunggah data pribadi warga itu agar orang lain tahu siapa dia",
                    "Kurang tepat. Ini melanggar netiket dan membahayakan data pribadi warga.",
                ),
                no(
                    "Menghapus semua kritik di akun instansi",
                    "Kurang tepat. Kritik perlu ditanggapi dengan baik, bukan dihapus.",
                ),
            ],
            f'{L_LD_NETIKET}, bagian "Netiket ASN": sopan dan santun.',
        ),
        single(
            "Menjelang pemilihan kepala daerah, seorang teman mengajak Anda ramai-ramai "
            "menyukai dan membagikan unggahan kampanye salah satu calon. Sikap mana yang sesuai "
            "dengan netiket ASN?",
            [
                ok(
                    "Tidak ikut menyukai atau membagikannya, karena ASN wajib menjaga "
                    "netralitas, termasuk di media sosial",
                    "Tepat. Netralitas ASN dalam urusan politik berlaku juga di media sosial.",
                ),
                no(
                    "Boleh, asalkan memakai akun pribadi",
                    "Kurang tepat. Unggahan di akun pribadi tetap mencerminkan diri Anda sebagai "
                    "ASN.",
                ),
                no(
                    "Boleh, asalkan hanya menyukai tanpa berkomentar",
                    "Kurang tepat. Menyukai unggahan kampanye pun menunjukkan keberpihakan.",
                ),
                no(
                    "Boleh, asalkan dilakukan di luar jam kerja",
                    "Kurang tepat. Kode etik ASN tidak berhenti di luar jam kerja.",
                ),
            ],
            f'{L_LD_NETIKET}, bagian "Netiket ASN": netral.',
        ),
        true_false(
            "Karena akun media sosial adalah milik pribadi, kode etik dan kode perilaku ASN tidak "
            "berlaku pada unggahan di akun itu.",
            answer=False,
            if_true="Kurang tepat. Apa yang Anda tulis, sukai, atau bagikan tetap mencerminkan "
            "diri Anda sebagai ASN dan instansi Anda.",
            if_false="Tepat. Kode etik dan kode perilaku ASN tidak berhenti di pintu kantor.",
            explanation=f"{L_LD_NETIKET}. Kode etik dan kode perilaku ASN juga berlaku di media "
            "sosial dan grup percakapan.",
        ),
        single(
            "Anda mendapat draf surat keputusan yang belum ditandatangani dan isinya menarik. "
            "Bolehkah draf itu diunggah ke media sosial?",
            [
                ok(
                    "Tidak boleh, karena dokumen internal atau surat yang belum resmi tidak "
                    "boleh diunggah",
                    "Tepat. Menjaga rahasia termasuk netiket ASN.",
                ),
                no(
                    'Boleh, asalkan diberi keterangan "draf"',
                    "Kurang tepat. Keterangan tidak mengubah sifatnya sebagai dokumen yang "
                    "belum boleh dipublikasikan.",
                ),
                no(
                    'Boleh di akun pribadi dengan pengaturan "hanya teman"',
                    "Kurang tepat. Dokumen tetap keluar dari saluran resmi dan dapat tersebar.",
                ),
                no(
                    "Boleh, asalkan nama pejabat penanda tangan ditutup",
                    "Kurang tepat. Isinya tetap informasi yang belum boleh dipublikasikan.",
                ),
            ],
            f'{L_LD_NETIKET}, bagian "Netiket ASN": menjaga rahasia.',
        ),
        single(
            "Atasan meminta Anda mengirim naskah dinas ke OPD lain. Saluran mana yang sesuai?",
            [
                ok(
                    "Aplikasi persuratan dinas atau surel dinas",
                    "Tepat. Urusan dinas disampaikan lewat saluran dinas.",
                ),
                no(
                    "Surel pribadi, karena lebih cepat",
                    "Kurang tepat. Urusan dinas tidak dikirim lewat akun pribadi.",
                ),
                no(
                    "Pesan langsung dari akun media sosial pribadi",
                    "Kurang tepat. Media sosial pribadi bukan saluran dinas.",
                ),
                no(
                    "Grup percakapan umum yang anggotanya termasuk pegawai OPD tujuan",
                    "Kurang tepat. Grup percakapan umum bukan saluran resmi, dan naskah dapat "
                    "dibaca orang yang tidak berhak.",
                ),
            ],
            f'{L_LD_NETIKET}, bagian "Netiket ASN": memakai saluran resmi.',
        ),
    ),
)

LD_BANKS = (LD_KEAMANAN, LD_PELINDUNGAN_DATA, LD_INFORMASI, LD_NETIKET_BANK)
LD_PRE, LD_POST = _quizzes("LD-101", "Literasi dan Keamanan Digital untuk ASN", LD_BANKS)

STARTER_ASSESSMENTS: Final[tuple[CourseAssessmentSeed, ...]] = (
    CourseAssessmentSeed("SPBE-101", SPBE_BANKS, SPBE_PRE, SPBE_POST),
    CourseAssessmentSeed("LD-101", LD_BANKS, LD_PRE, LD_POST),
)
