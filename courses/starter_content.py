"""The starter courses that ``seed_demo`` loads, as plain data (no Django imports).

Two courses in Bahasa Indonesia, written from the facts in ``docs/domain.md`` (§2 SPBE, §3
literasi digital, §6 hukum): "Dasar-dasar SPBE" (SPBE-101) and "Literasi dan Keamanan Digital
untuk ASN" (LD-101). ``courses.demo`` turns them into Wagtail pages.

Lesson bodies are written in a small markup so that they stay readable here:

* ``## Judul`` / ``### Judul``: headings; a blank line ends a paragraph;
* ``- butir`` and ``1. butir``: bulleted and numbered lists (indent a continuation line);
* ``**tebal**``: bold;
* lines starting with ``>`` form a callout; the first is ``> [kind] Judul`` with kind one of
  ``info``, ``tip``, ``warning``, ``rule`` (Dasar hukum), the rest is its text in the same markup.

:func:`lesson_blocks` turns a body into StreamField data: ``("text", html)`` and
``("callout", {"kind", "title", "text"})`` tuples in order.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from html import escape
from typing import Final, TypeAlias

__all__ = [
    "CALLOUT_KINDS",
    "STARTER_COURSES",
    "Block",
    "CourseSeed",
    "HandoutSeed",
    "LessonSeed",
    "ModuleSeed",
    "lesson_blocks",
    "markup_to_html",
]

CALLOUT_KINDS: Final = ("info", "tip", "warning", "rule")

# ("text", "<p>…</p>") or ("callout", {"kind": "tip", "title": "…", "text": "<p>…</p>"})
Block: TypeAlias = tuple[str, str | dict[str, str]]

_CALLOUT_HEAD = re.compile(r"^\[(?P<kind>[a-z]+)\]\s*(?P<title>.*)$")
_ORDERED_ITEM = re.compile(r"^\d+\.\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(text, quote=False))


def markup_to_html(markup: str) -> str:
    """Converts the lesson markup (without callouts) to rich-text HTML."""
    html: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None
    items: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            html.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            body = "".join(f"<li>{_inline(item)}</li>" for item in items)
            html.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
        list_tag = None

    for raw in textwrap.dedent(markup).splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush_paragraph()
            flush_list()
        elif line.startswith(("## ", "### ")):
            flush_paragraph()
            flush_list()
            level = 2 if line.startswith("## ") else 3
            html.append(f"<h{level}>{_inline(stripped.lstrip('#').strip())}</h{level}>")
        elif line.startswith("- ") or _ORDERED_ITEM.match(line):
            flush_paragraph()
            tag = "ul" if line.startswith("- ") else "ol"
            if tag != list_tag:
                flush_list()
                list_tag = tag
            items.append(line[2:].strip() if tag == "ul" else _ORDERED_ITEM.sub("", line))
        elif line.startswith(" ") and items:
            items[-1] = f"{items[-1]} {stripped}"
        else:
            flush_list()
            paragraph.append(stripped)
    flush_paragraph()
    flush_list()
    return "".join(html)


def lesson_blocks(markup: str) -> list[Block]:
    """Splits a lesson body into text and callout blocks, in order.

    Raises ValueError for a callout without a ``[kind]`` line or with an unknown kind.
    """
    blocks: list[Block] = []
    segment: list[str] = []
    in_callout = False

    def flush() -> None:
        if not segment:
            return
        if in_callout:
            head = _CALLOUT_HEAD.match(segment[0].strip())
            if head is None or head["kind"] not in CALLOUT_KINDS:
                raise ValueError(f"Callout needs '[{'|'.join(CALLOUT_KINDS)}] Title': {segment[0]}")
            text = markup_to_html("\n".join(segment[1:]))
            blocks.append(
                ("callout", {"kind": head["kind"], "title": head["title"].strip(), "text": text})
            )
        else:
            text = markup_to_html("\n".join(segment))
            if text:
                blocks.append(("text", text))
        segment.clear()

    for raw in textwrap.dedent(markup).strip("\n").splitlines():
        is_callout_line = raw.startswith(">")
        if is_callout_line != in_callout or (
            is_callout_line and _CALLOUT_HEAD.match(raw[1:].strip())
        ):
            flush()
            in_callout = is_callout_line
        segment.append(raw[2:] if raw.startswith("> ") else raw[1:] if is_callout_line else raw)
    flush()
    return blocks


@dataclass(frozen=True)
class LessonSeed:
    slug: str
    title: str
    minutes: int
    body: str  # markup, see the module docstring

    @property
    def blocks(self) -> list[Block]:
        return lesson_blocks(self.body)


@dataclass(frozen=True)
class ModuleSeed:
    slug: str
    title: str
    intro: str
    lessons: tuple[LessonSeed, ...]


@dataclass(frozen=True)
class HandoutSeed:
    """A one-page PDF summary ("Ringkasan") generated at seed time from these points."""

    title: str  # also the Wagtail document title (the lookup key)
    filename: str
    description: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, points)
    note: str


@dataclass(frozen=True)
class CourseSeed:
    code: str
    slug: str
    title: str
    summary: str
    jp: str  # decimal as text, e.g. "4"
    category: str  # courses.models.Category value
    pillar: str  # lms.competencies Pillar value or ""
    minutes: int
    competency_targets: tuple[tuple[str, int], ...]  # (competency code, target level 1–5)
    audiences: tuple[str, ...]  # lms.people JenisJabatan values
    modules: tuple[ModuleSeed, ...]
    handout: HandoutSeed

    @property
    def lessons(self) -> list[LessonSeed]:
        return [lesson for module in self.modules for lesson in module.lessons]


ALL_JENIS_JABATAN: Final = (
    "jpt",
    "administrator",
    "pengawas",
    "pelaksana",
    "fungsional_keahlian",
    "fungsional_keterampilan",
)

HANDOUT_DESCRIPTION: Final = (
    "Poin-poin penting kursus dalam satu halaman, untuk dicetak atau dibaca luring."
)
HANDOUT_NOTE: Final = (
    "Ringkasan ini disusun dari materi kursus untuk dibaca ulang atau dicetak. Untuk bunyi "
    "lengkap ketentuan, rujuk naskah resmi peraturan yang disebutkan."
)

# ================================================================================================
# SPBE-101 · Dasar-dasar SPBE
# ================================================================================================

SPBE_PENGERTIAN = """
Setiap hari Anda mungkin sudah memakai SPBE tanpa menyadarinya: mengirim naskah dinas lewat
aplikasi, memperbarui data kepegawaian secara daring, atau membantu warga mengajukan layanan
melalui situs pemerintah daerah. Pelajaran ini menjelaskan apa sebenarnya SPBE dan prinsip apa
saja yang perlu dipegang.

## Apa itu SPBE?

SPBE adalah singkatan dari **Sistem Pemerintahan Berbasis Elektronik**. Menurut Peraturan
Presiden Nomor 95 Tahun 2018, SPBE adalah penyelenggaraan pemerintahan yang memanfaatkan
teknologi informasi dan komunikasi (TIK) untuk memberikan layanan kepada Pengguna SPBE.

Ada dua kata kunci dalam pengertian itu. Pertama, **penyelenggaraan pemerintahan**: SPBE bukan
sekadar membeli komputer atau membuat aplikasi, melainkan cara pemerintah bekerja. Kedua,
**layanan**: tujuan akhirnya adalah layanan yang lebih baik bagi penggunanya, yaitu warga,
pelaku usaha, maupun sesama instansi pemerintah dan pegawainya.

> [rule] Dasar hukum
> **Peraturan Presiden Nomor 95 Tahun 2018** tentang Sistem Pemerintahan Berbasis Elektronik.
> Aturan lain yang dibahas dalam kursus ini, yaitu Perpres 132/2022 tentang Arsitektur SPBE
> Nasional dan PermenPANRB 59/2020 tentang pemantauan dan evaluasi SPBE, berkaitan erat dengan
> Perpres ini.

## Tujuh prinsip SPBE

Perpres 95/2018 menetapkan tujuh prinsip SPBE. Berikut penjelasan sederhananya:

- **Efektivitas**: sumber daya TIK dimanfaatkan sehingga benar-benar berhasil guna dan sesuai
  kebutuhan.
- **Keterpaduan**: sumber daya yang mendukung SPBE dipadukan, tidak berjalan sendiri-sendiri.
- **Kesinambungan**: SPBE dibangun secara terencana, bertahap, dan terus-menerus, tidak berhenti
  ketika sebuah proyek selesai.
- **Efisiensi**: sumber daya dimanfaatkan secara tepat guna, tanpa pemborosan, misalnya tidak
  membangun aplikasi yang sama dua kali.
- **Akuntabilitas**: jelas siapa yang menjalankan setiap fungsi dan siapa yang
  bertanggung jawab atas hasilnya.
- **Interoperabilitas**: proses bisnis dan sistem elektronik dapat saling berkoordinasi dan
  bertukar data, informasi, atau layanan.
- **Keamanan**: kerahasiaan, keutuhan, ketersediaan, keaslian, dan nirsangkal sumber daya SPBE
  terjaga.

## Prinsip dalam pekerjaan sehari-hari

Prinsip-prinsip di atas bukan hanya urusan Dinas Komunikasi dan Informatika (Diskominfo).
Setiap ASN ikut menjalankannya. Contohnya:

- Saat unit Anda ingin membuat aplikasi baru, tanyakan dulu apakah aplikasi serupa sudah ada
  di instansi lain (keterpaduan dan efisiensi).
- Saat mengisi data di sebuah aplikasi, isilah dengan benar dan lengkap agar data itu dapat
  dipakai ulang oleh sistem lain (interoperabilitas).
- Saat menerima akun aplikasi, jaga kata sandinya dan jangan meminjamkannya kepada orang lain
  (keamanan dan akuntabilitas).

> [tip] Coba sekarang
> Pilih satu aplikasi yang Anda pakai setiap minggu. Tanyakan pada diri sendiri: prinsip mana
> yang sudah terpenuhi, dan mana yang belum? Catat jawabannya, karena catatan ini berguna pada
> pelajaran tentang evaluasi SPBE.

Pada pelajaran berikutnya Anda akan mengenal sepuluh unsur SPBE dan lembaga yang
mengoordinasikannya di tingkat nasional.
"""

SPBE_UNSUR = """
Jika SPBE diibaratkan sebuah bangunan, unsur-unsurnya adalah bagian yang harus ada agar
bangunan itu berdiri kokoh. Perpres 95/2018 menyebut sepuluh unsur SPBE.

## Sepuluh unsur SPBE

1. **Rencana Induk SPBE Nasional**: arah pembangunan SPBE secara nasional.
2. **Arsitektur SPBE**: kerangka dasar yang menggambarkan bagaimana proses bisnis, data,
   aplikasi, infrastruktur, keamanan, dan layanan saling terhubung.
3. **Peta Rencana SPBE**: langkah dan jadwal untuk mewujudkan arsitektur tersebut.
4. **Rencana dan anggaran SPBE**: perencanaan dan penganggaran belanja SPBE.
5. **Proses bisnis**: urutan kerja instansi dalam menjalankan tugas dan layanannya.
6. **Data dan informasi**: bahan baku layanan dan pengambilan keputusan.
7. **Infrastruktur SPBE**: misalnya pusat data dan jaringan intra pemerintah.
8. **Aplikasi SPBE**: program komputer yang dipakai untuk layanan dan administrasi.
9. **Keamanan SPBE**: pelindungan atas data, aplikasi, dan infrastruktur.
10. **Layanan SPBE**: hasil akhir yang dirasakan pengguna, baik layanan administrasi
   pemerintahan maupun layanan publik.

Perhatikan bahwa aplikasi hanyalah satu dari sepuluh unsur. Aplikasi yang bagus tidak banyak
berguna bila proses bisnisnya belum jelas, datanya tidak rapi, atau keamanannya lemah.

## Manajemen SPBE

Selain unsur-unsurnya, SPBE juga perlu dikelola. Dalam kerangka SPBE dikenal delapan manajemen
SPBE: manajemen risiko, keamanan informasi, data, aset TIK, sumber daya manusia (SDM),
pengetahuan, perubahan, dan layanan SPBE. Ditambah lagi **audit TIK** atas aplikasi,
infrastruktur, dan keamanan. Manajemen SDM, pengetahuan, dan perubahan dibahas lebih dalam pada
modul ketiga.

## Siapa yang mengoordinasikan di tingkat nasional?

SPBE dikoordinasikan oleh beberapa kementerian dan lembaga sesuai bidangnya:

- **Kementerian PANRB**: arsitektur SPBE, proses bisnis, dan layanan SPBE.
- **Bappenas**: data dan informasi.
- **Kementerian Komunikasi dan Digital (Komdigi, d/h Kominfo)**: aplikasi dan infrastruktur.
- **Badan Siber dan Sandi Negara (BSSN)**: keamanan.

> [info] Kominfo kini Komdigi
> Sejak akhir 2024, Kementerian Komunikasi dan Informatika (Kominfo) berganti nama menjadi
> Kementerian Komunikasi dan Digital (Komdigi). Dokumen lama masih menyebut Kominfo; keduanya
> merujuk ke kementerian yang sama.

## Bagaimana di daerah?

Di pemerintah daerah, penerapan SPBE dikoordinasikan oleh Tim Koordinasi SPBE. Keberadaan dan
kerja tim ini bahkan menjadi indikator dalam evaluasi SPBE. Diskominfo umumnya menangani sisi
teknisnya, tetapi setiap OPD tetap ikut bertanggung jawab, karena layanan, proses bisnis, dan
data ada di OPD masing-masing.

> [tip] Kenali SPBE di OPD Anda
> Cari tahu siapa wakil OPD Anda dalam Tim Koordinasi SPBE dan aplikasi apa saja yang dipakai
> unit kerja Anda. Dua informasi ini membantu Anda memahami peran OPD dalam SPBE.
"""

SPBE_ARSITEKTUR = """
Bayangkan membangun rumah tanpa denah: setiap tukang bekerja sendiri, pipa air menabrak kabel
listrik, dan biaya membengkak. Hal serupa terjadi pada SPBE bila setiap OPD membangun
aplikasinya sendiri tanpa rencana bersama. Arsitektur SPBE adalah "denah" itu.

## Apa itu Arsitektur SPBE?

Peraturan Presiden Nomor 132 Tahun 2022 mengatur Arsitektur SPBE Nasional. Arsitektur SPBE
adalah kerangka dasar yang memadukan proses bisnis, data dan informasi, infrastruktur,
aplikasi, dan keamanan untuk menghasilkan layanan SPBE yang terpadu.

Arsitektur SPBE Nasional disusun untuk jangka waktu lima tahun dan ditinjau pada pertengahan
periodenya. Arsitektur SPBE pemerintah daerah harus mengacu pada Arsitektur SPBE Nasional.

> [rule] Dasar hukum
> **Perpres 132/2022** tentang Arsitektur SPBE Nasional. Arsitektur SPBE juga merupakan salah
> satu dari sepuluh unsur SPBE dalam **Perpres 95/2018**.

## Enam domain arsitektur

Arsitektur SPBE dibagi menjadi enam domain. Setiap domain menjawab satu pertanyaan sederhana:

- **Proses Bisnis**: pekerjaan apa yang dilakukan instansi, dan bagaimana urutannya?
- **Data dan Informasi**: data apa yang dibutuhkan dan dihasilkan, dan siapa yang
  mengelolanya?
- **Layanan**: layanan apa yang diberikan kepada warga, pelaku usaha, dan instansi lain?
- **Aplikasi**: aplikasi apa yang mendukung proses bisnis dan layanan itu?
- **Infrastruktur**: di mana aplikasi dan data berjalan, misalnya pusat data dan jaringan?
- **Keamanan**: bagaimana semuanya dilindungi?

## Contoh: satu layanan di sebuah OPD

Ambil contoh layanan perizinan di sebuah dinas. Proses bisnisnya adalah langkah-langkah dari
permohonan masuk sampai izin terbit. Datanya berupa data pemohon dan data izin. Layanannya
adalah izin yang diterima warga. Aplikasinya adalah sistem perizinan daring. Infrastrukturnya
adalah server di pusat data dan jaringan kantor. Keamanannya meliputi hak akses petugas dan
pencadangan data.

Dengan memetakan layanan ke enam domain, pimpinan dapat melihat, misalnya, bahwa dua OPD
sama-sama menyimpan data pemohon di aplikasi yang berbeda. Di situlah ada peluang untuk
memadukan layanan dan menghemat anggaran.

## Dari denah ke jadwal kerja

Arsitektur menggambarkan kondisi yang dituju. **Peta Rencana SPBE** berisi langkah dan jadwal
untuk mencapainya, sedangkan **rencana dan anggaran SPBE** perlu selaras dengan keduanya. Dalam
evaluasi SPBE, Arsitektur SPBE, Peta Rencana SPBE, serta keterpaduan rencana dan anggaran SPBE
dinilai sebagai indikator tersendiri.

> [tip] Latihan kecil
> Ambil satu layanan di unit kerja Anda, lalu tuliskan keenam domainnya seperti contoh
> perizinan di atas. Latihan ini adalah langkah awal memahami Arsitektur SPBE di OPD Anda.
"""

SPBE_EVALUASI = """
Bagaimana kita tahu SPBE di suatu daerah sudah berjalan baik? Pemerintah melakukan pemantauan
dan evaluasi SPBE secara berkala. Hasilnya berupa **indeks SPBE** untuk setiap instansi,
termasuk pemerintah kabupaten dan kota.

> [rule] Dasar hukum
> **PermenPANRB Nomor 59 Tahun 2020** tentang Pemantauan dan Evaluasi SPBE. Peraturan ini
> menggantikan PermenPANRB 5/2018, yang sebelumnya memakai 3 domain, 7 aspek, dan 35 indikator.

## Struktur penilaian: 4 domain, 8 aspek, 47 indikator

PermenPANRB 59/2020 menilai SPBE melalui 4 domain, 8 aspek, dan 47 indikator. Setiap domain
memiliki bobot yang berbeda:

1. **Kebijakan Internal SPBE (bobot 13%).** Indikator 1 sampai 10, misalnya kebijakan internal
   tentang Arsitektur SPBE, manajemen data, manajemen keamanan informasi, dan Tim Koordinasi
   SPBE.
2. **Tata Kelola SPBE (bobot 25%).** Aspeknya perencanaan strategis SPBE, teknologi informasi
   dan komunikasi, serta penyelenggara SPBE. Indikator 11 sampai 20, misalnya Arsitektur dan
   Peta Rencana SPBE, aplikasi berbagi pakai, layanan pusat data, dan kolaborasi penerapan
   SPBE.
3. **Manajemen SPBE (bobot 16,5%).** Aspeknya penerapan manajemen SPBE dan audit TIK.
   Indikator 21 sampai 31, misalnya manajemen risiko, manajemen data, **kompetensi SDM
   (indikator 25)**, manajemen pengetahuan, manajemen perubahan, dan audit keamanan.
4. **Layanan SPBE (bobot 45,5%).** Aspeknya layanan administrasi pemerintahan berbasis
   elektronik dan layanan publik berbasis elektronik. Indikator 32 sampai 47, misalnya
   perencanaan, penganggaran, keuangan, kepegawaian, kearsipan, pengaduan pelayanan publik,
   data terbuka, dan JDIH.

Bobot terbesar ada pada **Layanan SPBE**. Artinya, kebijakan dan aplikasi baru benar-benar
bernilai bila dipakai dalam layanan sehari-hari.

## Bagaimana indikator dinilai?

Setiap indikator dinilai dengan **tingkat kematangan 1 sampai 5**, yang dibahas pada pelajaran
berikutnya. Penilaian tidak cukup dengan pengakuan: instansi perlu menyiapkan bukti dukung,
misalnya dokumen kebijakan, laporan, atau bukti bahwa sebuah aplikasi memang digunakan.

## Apa hubungannya dengan pekerjaan Anda?

- Banyak indikator pada domain Layanan SPBE, seperti kepegawaian, kearsipan, dan keuangan,
  dinilai dari aplikasi yang dipakai OPD sehari-hari. Cara Anda memakainya ikut menentukan
  nilai.
- Bukti dukung sering berasal dari OPD, misalnya keputusan, laporan, atau data layanan.
- Indikator 25 menilai penerapan manajemen kompetensi SDM SPBE: bagaimana instansi mengelola
  dan mengembangkan kompetensi pegawainya di bidang SPBE, termasuk melalui pelatihan seperti
  kursus ini.

> [tip] Tanyakan ke Tim Koordinasi SPBE
> Tanyakan kepada Tim Koordinasi SPBE atau Diskominfo di daerah Anda: indikator mana yang
> terkait dengan tugas OPD Anda, dan bukti dukung apa yang biasanya diminta dari OPD?
"""

SPBE_KEMATANGAN = """
Pada pelajaran sebelumnya Anda mengenal 47 indikator evaluasi SPBE. Kini kita lihat bagaimana
nilainya dibaca, dan mengapa aplikasi yang berjalan sendiri-sendiri menjadi masalah besar.

## Lima tingkat kematangan

Setiap indikator diberi nilai tingkat kematangan dari 1 sampai 5:

1. **Rintisan**
2. **Terkelola**
3. **Terstandardisasi**
4. **Terintegrasi dan Terukur**
5. **Optimum**

Semakin tinggi tingkatnya, semakin matang penerapannya: dari baru dirintis, dikelola, dibakukan,
kemudian terpadu dan terukur, sampai optimal.

## Indeks dan predikat

Nilai seluruh indikator diolah sesuai bobotnya menjadi **indeks SPBE** berskala 1 sampai 5, lalu
diberi predikat. Pembagian predikat yang umumnya dikutip adalah:

- di bawah 1,8: **Kurang**;
- 1,8 sampai di bawah 2,6: **Cukup**;
- 2,6 sampai di bawah 3,5: **Baik**;
- 3,5 sampai di bawah 4,2: **Sangat Baik**;
- 4,2 sampai 5,0: **Memuaskan**.

> [info] Angka yang perlu diingat
> Target indeks SPBE adalah **2,6 dengan predikat "Baik"**. Batas predikat lainnya sebaiknya
> selalu dicek pada pedoman evaluasi SPBE yang berlaku.

Sebagai gambaran, evaluasi SPBE 2023 (KepmenPANRB 13/2024) mencakup 621 instansi dengan indeks
nasional **2,79 (Baik)**, dan 24 instansi meraih predikat Memuaskan. Namun pada evaluasi
sebelumnya, rata-rata domain Manajemen SPBE, yang mencakup kompetensi SDM, tercatat paling
lemah dan jauh di bawah target 2,6.

## Masalah aplikasi silo

Salah satu hambatan terbesar SPBE adalah aplikasi **silo**: aplikasi yang dibuat untuk satu
unit atau satu sektor saja, dengan datanya sendiri, dan tidak dapat bertukar data dengan
aplikasi lain. Akibatnya:

- warga diminta mengisi data yang sama berkali-kali;
- petugas mengetik ulang data dari satu aplikasi ke aplikasi lain;
- data antar-OPD berbeda-beda sehingga sulit dipercaya;
- anggaran terpakai untuk membangun dan memelihara aplikasi yang mirip.

> [rule] Dasar hukum
> **Surat Edaran MenPANRB Nomor 18 Tahun 2022** mendorong keterpaduan layanan digital
> nasional, karena banyak aplikasi pemerintah masih bersifat sektoral dan belum terintegrasi.

## Jalan keluarnya: berbagi pakai dan interoperabilitas

Evaluasi SPBE menilai pembangunan aplikasi yang **berbagi pakai** (indikator 15) dan **Sistem
Penghubung Layanan** (indikator 18), yang memungkinkan aplikasi saling bertukar data. Sebagai
pengguna, Anda dapat membantu dengan cara berikut:

- memakai aplikasi umum atau nasional yang sudah ditetapkan, misalnya SRIKANDI untuk naskah
  dinas, alih-alih membuat aplikasi lokal yang serupa;
- memberi tahu atasan atau Diskominfo bila Anda harus mengetik ulang data yang sama di
  beberapa aplikasi;
- tidak membuat aplikasi atau formulir daring baru tanpa berkoordinasi dengan Diskominfo.
"""

SPBE_DATA = """
Data adalah bahan baku hampir semua layanan dan keputusan pemerintah: daftar penerima bantuan,
data sekolah, data pegawai, dan sebagainya. Jika datanya salah atau berbeda-beda antar-OPD,
keputusan dan layanan ikut keliru.

## Satu Data Indonesia

**Peraturan Presiden Nomor 39 Tahun 2019** tentang Satu Data Indonesia mengatur tata kelola
data pemerintah agar data yang dihasilkan satu instansi dapat dipakai bersama oleh instansi
lain. Prinsip-prinsipnya:

- **Standar data**: setiap data mengikuti aturan yang sama tentang arti setiap isian dan cara
  menuliskannya.
- **Metadata**: setiap data disertai keterangan, misalnya apa isinya, siapa yang membuatnya,
  periode yang dicakup, dan satuannya.
- **Interoperabilitas data**: data dapat dibagi dan dipakai oleh sistem lain tanpa diketik
  ulang.
- **Kode referensi dan data induk**: hal yang sama, misalnya wilayah atau unit kerja, memakai
  kode yang sama di semua instansi.

> [rule] Dasar hukum
> **Perpres 39/2019** tentang Satu Data Indonesia. Untuk SPBE, manajemen data juga diatur dalam
> **Peraturan Menteri PPN/Kepala Bappenas Nomor 16 Tahun 2020** tentang Manajemen Data SPBE.
> Di tingkat nasional, urusan data dan informasi SPBE dikoordinasikan oleh Bappenas.

## Data dalam evaluasi SPBE

Data muncul pada beberapa indikator evaluasi SPBE: kebijakan internal manajemen data
(indikator 3), penerapan manajemen data (indikator 23), dan layanan data terbuka (indikator 43).
Jadi, kerapian data di OPD ikut menentukan indeks SPBE daerah Anda.

## Peran Anda

Dalam tata kelola Satu Data dikenal peran seperti **produsen data**, yaitu unit yang
menghasilkan data, dan **walidata**. Tanyakan kepada Diskominfo bagaimana pembagian peran itu di
daerah Anda. Apa pun jabatan Anda, ada langkah sederhana yang dapat dilakukan:

1. Isi data sesuai format dan kode yang ditetapkan. Jangan membuat singkatan atau kode sendiri.
2. Lengkapi keterangan saat menyerahkan data: sumber, periode, dan satuan.
3. Periksa sebelum mengirim: apakah nama, angka, dan tanggal sudah benar?
4. Pakai data dari sumber resmi yang sudah ada. Jangan mengumpulkan data yang sama berulang kali
   dari warga.
5. Simpan data di tempat yang ditetapkan instansi, bukan di laptop pribadi atau grup
   percakapan.

## Contoh sederhana

Dua dinas sama-sama mendata sekolah, tetapi yang satu menulis nama kecamatan dengan singkatan
dan yang lain dengan nama lengkap. Saat data digabungkan, sekolah yang sama terhitung dua kali.
Dengan kode referensi wilayah yang sama, masalah ini tidak terjadi.

> [tip] Sebelum membuat formulir pendataan
> Tanyakan dulu: apakah data ini sudah ada di OPD lain? Memakai data yang sudah ada menghemat
> waktu warga dan petugas, dan mengurangi perbedaan data antar-OPD.
"""

SPBE_KEAMANAN_TTE = """
Pelajaran ini membahas dua hal yang dekat dengan pekerjaan sehari-hari: menjaga keamanan
informasi, dan menandatangani naskah dinas secara elektronik.

## Lima aspek keamanan informasi

Keamanan SPBE tidak hanya berarti "tidak diretas". Ada lima aspek yang dijaga:

- **Kerahasiaan**: informasi hanya dapat diakses oleh yang berhak.
- **Keutuhan**: informasi tidak diubah tanpa izin.
- **Ketersediaan**: sistem dan informasi dapat dipakai saat dibutuhkan.
- **Keaslian**: asal informasi dapat dipastikan.
- **Nirsangkal**: pengirim atau penanda tangan tidak dapat menyangkal perbuatannya. Ini
  dicapai dengan tanda tangan digital dan sertifikat elektronik.

Di tingkat nasional, keamanan SPBE dikoordinasikan oleh BSSN. Dalam evaluasi SPBE, keamanan
informasi dinilai melalui kebijakan (indikator 8), penerapan manajemen keamanan informasi
(indikator 22), dan audit keamanan (indikator 31).

> [tip] Kebiasaan aman di kantor
> - Kunci layar saat meninggalkan meja.
> - Jangan meminjamkan akun atau kata sandi kepada siapa pun.
> - Simpan dokumen dinas di tempat penyimpanan resmi instansi.
> - Laporkan kejadian mencurigakan kepada pengelola TI atau Diskominfo.

## Naskah dinas elektronik dan SRIKANDI

Surat-menyurat dinas kini banyak dilakukan secara elektronik. **SRIKANDI** adalah aplikasi umum
dari Arsip Nasional Republik Indonesia (ANRI) untuk pengelolaan arsip dinamis secara
terintegrasi. SRIKANDI menggantikan SIKD sebagai aplikasi umum untuk naskah dinas. Dalam
evaluasi SPBE, kearsipan dinilai pada indikator 37. Memakai aplikasi umum seperti SRIKANDI
adalah contoh nyata menghindari aplikasi silo.

## Tanda tangan elektronik (TTE)

Naskah dinas elektronik ditandatangani dengan **tanda tangan elektronik (TTE)**. Menurut UU ITE,
TTE memiliki kekuatan hukum bila, antara lain, data pembuatannya hanya terkait dengan penanda
tangan dan berada dalam kuasanya, perubahan setelah penandatanganan dapat diketahui, dan
penanda tangan dapat diidentifikasi. PP 71/2019 membedakan dua jenis TTE:

- **TTE tersertifikasi**: dibuat dengan sertifikat elektronik dari Penyelenggara Sertifikasi
  Elektronik (PSrE) Indonesia yang diakui pemerintah. Kekuatan pembuktiannya paling kuat.
- **TTE tidak tersertifikasi**: dibuat tanpa PSrE. Tetap sah, tetapi kekuatan pembuktiannya
  lebih lemah.

Bagi ASN, sertifikat elektronik diterbitkan oleh **Balai Sertifikasi Elektronik (BSrE) di bawah
BSSN**. Pendaftarannya dilakukan melalui MyASN atau melalui verifikator di pemerintah daerah.

> [rule] Dasar hukum
> **UU 11/2008 tentang Informasi dan Transaksi Elektronik** beserta perubahannya (Pasal 11) dan
> **PP 71/2019** tentang Penyelenggaraan Sistem dan Transaksi Elektronik (Pasal 59 dan 60).

> [warning] Jaga passphrase TTE Anda
> Menandatangani dengan TTE memerlukan passphrase milik Anda sendiri. Jangan pernah
> memberikannya kepada orang lain, termasuk staf atau atasan. Siapa pun yang memegang
> passphrase Anda dapat menandatangani atas nama Anda.
"""

SPBE_SDM = """
Teknologi hanya sebaik orang yang memakainya. Karena itu evaluasi SPBE juga menilai sisi
manusianya, melalui tiga indikator pada domain Manajemen SPBE:

- **Indikator 25, Kompetensi SDM**: penerapan manajemen kompetensi SDM SPBE, yaitu bagaimana
  instansi memetakan dan mengembangkan kompetensi pegawainya.
- **Indikator 26, Manajemen Pengetahuan**: bagaimana pengetahuan dan pengalaman dicatat dan
  dibagikan, agar tidak hilang ketika pegawai pindah tugas.
- **Indikator 27, Manajemen Perubahan**: bagaimana instansi menyiapkan pegawainya menghadapi
  cara kerja baru.

Seperti dibahas sebelumnya, domain Manajemen SPBE tercatat sebagai domain yang paling lemah.
Di sinilah setiap ASN dapat berkontribusi secara langsung.

## Belajar adalah kewajiban ASN

Pengembangan kompetensi bukan sekadar hak, melainkan kewajiban. Setiap ASN wajib mengembangkan
kompetensinya melalui pembelajaran yang terus-menerus. PNS mendapat pengembangan kompetensi
paling sedikit **20 jam pelajaran (JP) per tahun**, sedangkan PPPK paling banyak 24 JP dalam
satu tahun masa perjanjian kerja. Satu JP setara dengan 45 menit.

> [rule] Dasar hukum
> - **UU 20/2023 tentang ASN, Pasal 49**: kewajiban pengembangan kompetensi melalui pembelajaran
>   terus-menerus.
> - **PP 11/2017 jo. PP 17/2020 tentang Manajemen PNS, Pasal 203 ayat (4)**: paling sedikit
>   20 JP per tahun.
> - **PP 49/2018 dan Peraturan LAN 15/2020**: pengembangan kompetensi PPPK.

## Bagaimana platform ini mendukung indikator 25

- Setiap kursus mencantumkan kompetensi yang dikembangkan beserta levelnya, dari 1 (Paham)
  sampai 5 (Ahli). Kursus ini, misalnya, mengembangkan kompetensi Kebijakan dan Tata Kelola
  SPBE (SP.01) sampai level 2 (Dasar).
- Kompetensi Anda dibandingkan dengan standar kompetensi jabatan untuk menemukan kesenjangan,
  sesuai analisis kesenjangan kompetensi dalam PP 11/2017 Pasal 206.
- Setiap kursus yang diselesaikan mencatat JP dan sertifikat yang dapat diverifikasi.
- BKPSDM dan OPD dapat melihat rekap JP dan kesenjangan kompetensi per OPD sebagai bahan
  perencanaan pengembangan kompetensi dan bukti dukung evaluasi SPBE.

## Berbagi pengetahuan dan menerima perubahan

Pengembangan kompetensi ASN mengenal model **10:20:70**, yang juga dipakai dalam Surat Edaran
BKN 3/2022 tentang coaching, mentoring, dan belajar mandiri: sekitar 10% dari pelatihan formal,
20% dari belajar bersama rekan kerja, dan 70% dari pengalaman kerja sehari-hari. Artinya,
berbagi pengetahuan dengan rekan dan mencoba cara kerja digital yang baru adalah bagian penting
dari belajar.

> [tip] Bagikan yang Anda pelajari
> Setelah menyelesaikan kursus ini, ceritakan satu hal baru yang Anda pelajari kepada rekan satu
> unit. Ringkasan kursus di bawah ini dapat dipakai sebagai bahan diskusi.
"""

SPBE_101 = CourseSeed(
    code="SPBE-101",
    slug="dasar-dasar-spbe",
    title="Dasar-dasar SPBE",
    summary=(
        "Kenali Sistem Pemerintahan Berbasis Elektronik (SPBE): pengertian, tujuh prinsip, dan "
        "sepuluh unsurnya menurut Perpres 95/2018; enam domain Arsitektur SPBE (Perpres "
        "132/2022); cara SPBE dievaluasi (PermenPANRB 59/2020); serta peran Anda sebagai ASN "
        "dalam data, keamanan informasi, naskah dinas elektronik, dan pengembangan kompetensi."
    ),
    jp="4",
    category="spbe",
    pillar="",
    minutes=180,
    competency_targets=(("SP.01", 2), ("SP.02", 1), ("SP.07", 2)),
    audiences=ALL_JENIS_JABATAN,
    modules=(
        ModuleSeed(
            slug="apa-itu-spbe",
            title="Apa itu SPBE",
            intro=(
                "Pengertian SPBE, tujuh prinsip dan sepuluh unsurnya, serta siapa yang "
                "mengoordinasikannya secara nasional dan di daerah."
            ),
            lessons=(
                LessonSeed(
                    "pengertian-dan-prinsip-spbe",
                    "Pengertian dan tujuh prinsip SPBE",
                    20,
                    SPBE_PENGERTIAN,
                ),
                LessonSeed(
                    "unsur-dan-koordinasi-spbe",
                    "Sepuluh unsur SPBE dan siapa yang mengoordinasikannya",
                    20,
                    SPBE_UNSUR,
                ),
            ),
        ),
        ModuleSeed(
            slug="arsitektur-dan-evaluasi-spbe",
            title="Arsitektur dan evaluasi SPBE",
            intro=(
                "Bagaimana SPBE dirancang (Arsitektur SPBE) dan bagaimana kemajuannya diukur "
                "(evaluasi SPBE), termasuk masalah aplikasi yang berjalan sendiri-sendiri."
            ),
            lessons=(
                LessonSeed(
                    "arsitektur-spbe",
                    "Arsitektur SPBE dan enam domainnya",
                    25,
                    SPBE_ARSITEKTUR,
                ),
                LessonSeed(
                    "evaluasi-spbe",
                    "Evaluasi SPBE: domain, aspek, dan indikator",
                    25,
                    SPBE_EVALUASI,
                ),
                LessonSeed(
                    "kematangan-indeks-dan-silo",
                    "Tingkat kematangan, indeks SPBE, dan masalah aplikasi silo",
                    25,
                    SPBE_KEMATANGAN,
                ),
            ),
        ),
        ModuleSeed(
            slug="peran-asn-dalam-spbe",
            title="Peran ASN dalam SPBE",
            intro=(
                "Apa yang dapat dilakukan setiap ASN: merapikan data, menjaga keamanan "
                "informasi, memakai naskah dinas elektronik dan TTE, serta terus belajar."
            ),
            lessons=(
                LessonSeed(
                    "data-dan-satu-data-indonesia",
                    "Data dan Satu Data Indonesia",
                    20,
                    SPBE_DATA,
                ),
                LessonSeed(
                    "keamanan-informasi-dan-tte",
                    "Keamanan informasi, naskah dinas elektronik, dan TTE",
                    25,
                    SPBE_KEAMANAN_TTE,
                ),
                LessonSeed(
                    "kompetensi-pengetahuan-perubahan",
                    "Kompetensi SDM, manajemen pengetahuan, dan manajemen perubahan",
                    20,
                    SPBE_SDM,
                ),
            ),
        ),
    ),
    handout=HandoutSeed(
        title="Ringkasan Kursus SPBE-101: Dasar-dasar SPBE",
        filename="ringkasan-spbe-101.pdf",
        description=HANDOUT_DESCRIPTION,
        sections=(
            (
                "Apa itu SPBE (Perpres 95/2018)",
                (
                    "SPBE: penyelenggaraan pemerintahan yang memanfaatkan TIK untuk memberikan "
                    "layanan kepada Pengguna SPBE.",
                    "7 prinsip: efektivitas, keterpaduan, kesinambungan, efisiensi, "
                    "akuntabilitas, interoperabilitas, keamanan.",
                    "10 unsur: Rencana Induk SPBE Nasional, Arsitektur SPBE, Peta Rencana SPBE, "
                    "rencana dan anggaran SPBE, proses bisnis, data dan informasi, "
                    "infrastruktur, aplikasi, keamanan, layanan SPBE.",
                    "Koordinasi nasional: KemenPANRB (arsitektur, proses bisnis, layanan), "
                    "Bappenas (data dan informasi), Komdigi d/h Kominfo (aplikasi dan "
                    "infrastruktur), BSSN (keamanan).",
                ),
            ),
            (
                "Arsitektur dan evaluasi SPBE",
                (
                    "Perpres 132/2022: enam domain arsitektur, yaitu Proses Bisnis, Data dan "
                    "Informasi, Layanan, Aplikasi, Infrastruktur, Keamanan. Arsitektur SPBE "
                    "pemda mengacu pada Arsitektur SPBE Nasional.",
                    "PermenPANRB 59/2020: 4 domain (Kebijakan Internal 13%, Tata Kelola 25%, "
                    "Manajemen 16,5%, Layanan 45,5%), 8 aspek, 47 indikator.",
                    "Tingkat kematangan 1-5: Rintisan, Terkelola, Terstandardisasi, "
                    "Terintegrasi dan Terukur, Optimum. Target indeks SPBE: 2,6 (Baik).",
                    "SE MenPANRB 18/2022: keterpaduan layanan digital nasional. Hindari "
                    "aplikasi silo; utamakan aplikasi berbagi pakai dan interoperabilitas.",
                ),
            ),
            (
                "Peran ASN dalam SPBE",
                (
                    "Data (Perpres 39/2019 Satu Data Indonesia): ikuti standar data, metadata, "
                    "interoperabilitas, serta kode referensi dan data induk.",
                    "Keamanan informasi: kerahasiaan, keutuhan, ketersediaan, keaslian, "
                    "nirsangkal. Jangan pinjamkan akun; laporkan kejadian mencurigakan.",
                    "Naskah dinas elektronik melalui SRIKANDI (ANRI). TTE tersertifikasi bagi "
                    "ASN dari BSrE (BSSN). Jangan berikan passphrase TTE kepada siapa pun.",
                    "Indikator 25-27: kompetensi SDM, manajemen pengetahuan, manajemen "
                    "perubahan. PNS paling sedikit 20 JP per tahun (1 JP = 45 menit).",
                ),
            ),
        ),
        note=HANDOUT_NOTE,
    ),
)

# ================================================================================================
# LD-101 · Literasi dan Keamanan Digital untuk ASN
# ================================================================================================

LD_PILAR = """
Literasi digital bukan hanya soal bisa memakai ponsel atau komputer. Kominfo (kini Komdigi)
bersama Katadata Insight Center mengukur literasi digital masyarakat Indonesia dengan **Indeks
Literasi Digital**, yang disusun dari empat pilar.

## Empat pilar literasi digital

- **Kecakapan Digital**: kemampuan memakai perangkat dan aplikasi, mencari dan menilai
  informasi, serta berkomunikasi dan bekerja sama secara digital.
- **Etika Digital**: berperilaku sopan, jujur, dan bertanggung jawab di ruang digital.
- **Keamanan Digital**: melindungi perangkat, akun, dan data pribadi dari kejahatan digital.
- **Budaya Digital**: memanfaatkan teknologi digital dalam kehidupan bersama, misalnya untuk
  berpartisipasi, berkolaborasi, serta memakai dan memberikan layanan publik digital.

## Di mana posisi kita?

Indeks Literasi Digital diukur pada skala 1 sampai 5. Survei tahun 2022 melibatkan sekitar
10.000 responden di 514 kabupaten dan kota. Hasilnya:

- Indeks nasional naik dari **3,49** (2021) menjadi **3,54** (2022).
- Budaya Digital: 3,84.
- Etika Digital: 3,68.
- Kecakapan Digital: 3,52.
- **Keamanan Digital: 3,12, pilar yang paling rendah.**

Keamanan digital adalah pilar yang paling lemah. Padahal setiap hari ASN mengelola akun dinas,
dokumen, dan data warga. Karena itu kursus ini memberi porsi terbesar pada keamanan digital dan
pelindungan data pribadi.

> [info] Program literasi digital untuk ASN
> Kominfo (kini Komdigi) menjalankan program **Literasi Digital Sektor Pemerintahan (LDSP)**
> untuk ASN, berupa webinar 4 JP yang dilanjutkan dengan kursus mandiri 17 sampai 20 JP. Kursus
> ini melengkapinya dengan contoh yang dekat dengan pekerjaan di pemerintah daerah.

## Kompetensi yang Anda kembangkan

Platform ini memakai katalog kompetensi literasi digital dengan lima level: 1 Paham, 2 Dasar,
3 Menengah, 4 Mumpuni, dan 5 Ahli. Setelah kursus ini, Anda diharapkan mencapai **level 2
(Dasar)** pada empat kompetensi berikut:

- **LD.02 Penelusuran dan Evaluasi Informasi**: memakai sumber resmi dan memeriksa kebenaran
  sebuah klaim sebelum membagikannya.
- **LD.05 Etika Digital dan Netiket ASN**: berkomunikasi dengan sopan, menjaga netralitas dan
  kerahasiaan di media sosial.
- **LD.07 Keamanan Digital Pribadi**: memakai kata sandi unik atau pengelola kata sandi, MFA,
  dan pembaruan, serta mengenali phishing.
- **LD.08 Pelindungan Data Pribadi**: mengumpulkan data seperlunya dan tidak membagikan NIK,
  KK, atau data kesehatan secara sembarangan.

> [tip] Nilai diri Anda
> Dari empat pilar di atas, mana yang paling Anda kuasai, dan mana yang paling lemah? Ingat
> jawabannya saat mengikuti modul-modul berikutnya.
"""

LD_HOAKS = """
Hoaks adalah informasi bohong yang dibuat seolah-olah benar. Hoaks menyebar cepat karena
sering memancing emosi: takut, marah, atau iba. Di grup percakapan, satu pesan dapat diteruskan
berkali-kali hanya dalam hitungan menit.

## Mengapa ASN perlu lebih berhati-hati?

Warga cenderung menganggap informasi dari ASN sebagai informasi resmi. Jika seorang ASN
meneruskan hoaks, misalnya tentang bantuan sosial atau pengumuman rekrutmen palsu, kerugiannya
bisa besar: warga tertipu dan kepercayaan kepada pemerintah menurun.

## Lima langkah memeriksa informasi

1. **Berhenti sejenak.** Jangan langsung meneruskan, terutama bila pesan itu membuat Anda marah
   atau panik, atau meminta Anda "segera sebarkan".
2. **Periksa sumbernya.** Siapa yang pertama kali menyampaikan? Apakah informasi itu ada di
   situs atau akun resmi instansi yang bersangkutan? Situs pemerintah umumnya beralamat .go.id.
3. **Periksa tanggal dan konteksnya.** Berita lama sering disebarkan ulang seolah-olah baru.
   Foto atau video bisa saja berasal dari kejadian lain.
4. **Bandingkan dengan sumber lain.** Cari informasi yang sama di beberapa sumber tepercaya.
   Jika hanya beredar di grup percakapan, waspadalah.
5. **Jika ragu, jangan bagikan.** Tanyakan kepada unit yang berwenang, misalnya bagian
   hubungan masyarakat atau Diskominfo.

## Memakai mesin pencari dengan cermat

Beberapa operator pencarian membantu Anda menemukan sumber resmi lebih cepat:

- **Tanda kutip**, misalnya "seleksi PPPK", mencari frasa yang persis sama.
- **site:**, misalnya site:go.id bantuan sosial, membatasi hasil pada situs pemerintah.
- **Tanda minus**, misalnya jadwal seleksi -2019, membuang hasil yang memuat kata tertentu.

Pencarian gambar terbalik (reverse image search) juga dapat menunjukkan kapan dan di mana sebuah
foto pertama kali muncul. Cara ini berguna untuk foto yang diklaim sebagai kejadian terbaru.

## Membantu rekan tanpa mempermalukan

Menghentikan hoaks tidak harus dengan berdebat. Anda cukup menyampaikan hasil pemeriksaan dengan
sopan, menyertakan tautan sumber resmi, dan mengajak anggota grup memeriksa bersama. Jika
informasi keliru menyangkut layanan instansi Anda, beri tahu atasan atau pengelola informasi agar
instansi dapat meluruskannya.

> [tip] Di grup percakapan kantor
> Saat menerima pesan berantai, balas dengan sopan: "Sudah dicek di situs resmi? Saya belum
> menemukannya." Cara ini menghentikan penyebaran tanpa mempermalukan pengirim.

> [warning] Waspadai tautan pendaftaran
> Informasi palsu sering meminta data pribadi atau mengarahkan ke tautan pendaftaran. Jangan
> mengisi NIK, nomor KK, atau data rekening pada tautan yang belum jelas sumbernya. Topik ini
> dibahas lagi pada modul keamanan digital dan pelindungan data pribadi.
"""

LD_KATA_SANDI = """
Akun surel dinas, akun aplikasi kepegawaian, dan akun aplikasi persuratan adalah "kunci" Anda di
dunia digital. Jika kunci ini dicuri, pelaku dapat membaca surat dinas, mengubah data, atau
menyamar sebagai Anda.

## Ciri kata sandi yang kuat

- **Panjang.** Semakin panjang, semakin sulit ditebak. Frasa sandi dari beberapa kata acak yang
  tidak saling berhubungan lebih kuat dan lebih mudah diingat daripada satu kata pendek yang
  rumit.
- **Unik.** Satu akun, satu kata sandi. Jika satu situs bocor, akun Anda yang lain tetap aman.
- **Tidak mudah ditebak.** Hindari tanggal lahir, NIP, nama anak, nama instansi, atau urutan
  seperti 123456.
- **Rahasia.** Jangan menulisnya di kertas yang ditempel di monitor, dan jangan mengirimkannya
  lewat pesan.

> [warning] Jangan pernah berikan kata sandi atau kode OTP
> Jangan memberikan kata sandi atau kode OTP kepada siapa pun, termasuk orang yang mengaku
> petugas TI, atasan, atau bank. Petugas yang sah tidak perlu mengetahui kata sandi Anda.

## Pengelola kata sandi

Mengingat banyak kata sandi yang berbeda memang sulit. **Pengelola kata sandi** (password
manager) adalah aplikasi yang menyimpan semua kata sandi Anda dalam bentuk terenkripsi. Anda
cukup mengingat satu kata sandi utama yang sangat kuat.

Banyak pengelola kata sandi juga dapat membuatkan kata sandi acak dan hanya mengisinya secara
otomatis di situs yang alamatnya cocok. Fitur ini membantu Anda terhindar dari situs palsu.
Tanyakan kepada pengelola TI atau Diskominfo apakah instansi Anda sudah menetapkan pengelola
kata sandi tertentu.

## Autentikasi multifaktor (MFA)

MFA menambahkan lapisan pengaman kedua selain kata sandi. Saat masuk, Anda diminta bukti
tambahan, misalnya:

- kode dari aplikasi autentikator di ponsel;
- kode yang dikirim lewat SMS atau surel;
- kunci keamanan fisik atau sidik jari.

Dengan MFA, pencuri yang sudah mengetahui kata sandi Anda tetap tidak dapat masuk tanpa faktor
kedua. Aktifkan MFA pada surel dinas, akun media sosial resmi, dan aplikasi penting lainnya
bila fiturnya tersedia.

## Akun bersama dan perangkat bersama

Di banyak kantor, satu komputer dipakai bergantian. Selalu keluar (logout) dari akun Anda
setelah selesai, dan jangan pilih "ingat kata sandi" pada peramban di komputer bersama. Jika
sebuah aplikasi dinas dipakai oleh beberapa orang, mintalah akun sendiri-sendiri agar setiap
tindakan tercatat atas nama yang benar.

> [tip] Lakukan hari ini
> 1. Ganti kata sandi surel dinas Anda dengan frasa sandi yang panjang dan unik.
> 2. Aktifkan MFA pada surel dinas dan akun media sosial Anda.
> 3. Periksa apakah ada kata sandi yang Anda pakai di lebih dari satu akun, lalu ganti.
"""

LD_PHISHING = """
Dua kebiasaan sederhana mencegah banyak kejadian keamanan: memperbarui perangkat, dan
mengenali pesan penipuan sebelum mengekliknya.

## Mengapa pembaruan penting?

Pembaruan (update) sistem operasi dan aplikasi bukan sekadar menambah fitur. Banyak pembaruan
menutup celah keamanan yang sudah diketahui pelaku kejahatan. Perangkat yang tidak diperbarui
ibarat rumah dengan pintu rusak yang kerusakannya sudah diketahui banyak orang.

- Aktifkan pembaruan otomatis pada ponsel, laptop, dan peramban.
- Pasang aplikasi hanya dari toko aplikasi resmi atau dari sumber yang ditetapkan instansi.
- Jangan menunda pembaruan terlalu lama, dan mulai ulang perangkat bila diminta.
- Beri tahu pengelola TI jika komputer kantor tidak pernah mendapat pembaruan.

## Apa itu phishing?

Phishing adalah upaya menipu Anda agar menyerahkan kata sandi, kode OTP, atau data pribadi,
atau agar Anda memasang aplikasi jahat. Pelaku menyamar sebagai pihak yang tepercaya: atasan,
instansi pemerintah, bank, kurir paket, atau penyedia layanan surel.

## Tanda-tanda phishing

- **Mendesak atau mengancam**, misalnya "Akun Anda akan diblokir hari ini" atau "Segera
  verifikasi agar gaji tidak tertunda".
- **Alamat pengirim janggal**: nama yang tampil tampak resmi, tetapi alamat surelnya berasal
  dari layanan umum atau ejaannya sedikit berbeda.
- **Tautan tidak cocok**: alamat situs yang dituju berbeda dengan nama instansinya, misalnya
  ada huruf tambahan atau nama domain yang aneh.
- **Meminta data rahasia**: kata sandi, kode OTP, PIN, atau foto KTP.
- **Lampiran tak terduga**, terutama berkas aplikasi (misalnya berakhiran .apk) atau dokumen
  yang meminta Anda mengaktifkan makro.
- **Tawaran yang terlalu bagus**: hadiah, beasiswa, atau bantuan yang tidak pernah Anda
  daftarkan.

> [tip] Cara memeriksa
> Jika ragu, **hubungi pengirim lewat saluran lain** yang Anda ketahui sendiri, misalnya nomor
> telepon kantor yang resmi, bukan nomor yang tercantum di dalam pesan. Di komputer, arahkan
> tetikus ke tautan tanpa mengekliknya untuk melihat alamat sebenarnya. Di ponsel, tekan lama
> tautan untuk melihat alamatnya.

## Sudah telanjur mengeklik?

Jangan panik, dan jangan diam. Segera ganti kata sandi akun yang mungkin terdampak dari
perangkat lain yang aman, lalu laporkan kejadiannya. Tidak perlu malu: pelaku phishing memang
pandai menyamar, dan laporan yang cepat dapat melindungi rekan kerja Anda dari pesan yang sama.
Pelajaran berikutnya membahas cara melapor.
"""

LD_INSIDEN = """
Insiden keamanan adalah kejadian yang mengancam kerahasiaan, keutuhan, atau ketersediaan
informasi. Insiden tidak selalu berupa peretasan besar. Contoh yang sering terjadi di kantor:

- akun surel atau media sosial dinas diambil alih orang lain;
- Anda telanjur mengisi kata sandi di situs palsu atau memasang aplikasi yang mencurigakan;
- laptop, ponsel, atau flashdisk berisi data dinas hilang;
- komputer tiba-tiba meminta tebusan, atau berkas-berkas tidak dapat dibuka;
- data warga atau pegawai tersebar kepada pihak yang tidak berhak.

## Mengapa harus cepat?

Semakin cepat dilaporkan, semakin kecil kerugiannya: akun dapat dikunci, perangkat dapat
diputus dari jaringan, dan pengguna lain dapat diperingatkan. Jika insiden menyangkut data
pribadi, instansi sebagai pengendali data wajib menyampaikan pemberitahuan tertulis paling
lambat **3×24 jam** menurut UU 27/2022 tentang Pelindungan Data Pribadi. Tenggat itu sulit
dipenuhi bila laporan dari pegawai datang terlambat.

## Langkah melapor

1. **Laporkan segera** kepada pengelola TI di OPD Anda atau kepada Diskominfo. Jika pemerintah
   daerah Anda memiliki tim tanggap insiden siber (CSIRT), ikuti saluran pelaporannya.
2. **Ceritakan apa adanya**: apa yang terjadi, kapan, perangkat atau akun mana yang terdampak,
   dan apa yang sudah Anda lakukan. Laporan yang jujur dan cepat sangat membantu petugas.
3. **Jangan menghapus bukti.** Simpan surel, pesan, atau tangkapan layar yang mencurigakan.
4. **Amankan akun** dengan mengganti kata sandi dari perangkat lain yang aman.
5. **Ikuti arahan petugas**, misalnya memutus perangkat dari jaringan atau tidak menyalakannya
   dulu.

## Yang sebaiknya tidak dilakukan

- Menunggu sampai "yakin" dulu. Lebih baik melaporkan kejadian yang ternyata aman daripada
  terlambat melaporkan insiden yang sungguhan.
- Mencoba memperbaiki sendiri dengan aplikasi dari internet yang tidak jelas asalnya.
- Menyebarkan informasi tentang insiden di grup percakapan umum sebelum petugas menanganinya.

> [info] Siapa yang menangani?
> Di tingkat nasional, keamanan SPBE dikoordinasikan oleh BSSN, yang antara lain menangani
> kesadaran keamanan, penilaian Indeks KAMI, dan CSIRT. Di daerah, pelaporan insiden biasanya
> melalui Diskominfo. Tanyakan dan catat saluran pelaporan insiden di daerah Anda.

> [tip] Simpan kontaknya sekarang
> Simpan kontak pelaporan insiden (pengelola TI OPD atau Diskominfo) di ponsel Anda sekarang,
> sebelum insiden terjadi.
"""

LD_UU_PDP = """
Setiap hari ASN mengolah data pribadi: data pegawai, data pemohon layanan, data penerima
bantuan, atau daftar hadir rapat. Sejak 2022 Indonesia memiliki undang-undang khusus untuk
melindungi data seperti ini.

> [rule] Dasar hukum
> **UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi (UU PDP).** Masa transisi dua tahun
> berakhir pada 17 Oktober 2024, sehingga kini seluruh ketentuannya wajib dipatuhi.

## Berlaku juga untuk pemerintah

UU PDP berlaku bagi badan publik, termasuk instansi yang didanai APBN atau APBD. Artinya,
pemerintah daerah adalah **pengendali data pribadi**, yaitu pihak yang menentukan tujuan dan
cara pemrosesan data. Jika pemerintah daerah memakai vendor atau penyedia layanan hosting,
vendor itu adalah **prosesor data pribadi** yang hanya boleh bertindak sesuai perintah
pemerintah daerah.

## Dua jenis data pribadi

- **Data pribadi yang bersifat umum**, misalnya nama lengkap, jenis kelamin, kewarganegaraan,
  agama, status perkawinan, dan data pribadi yang dikombinasikan untuk mengidentifikasi
  seseorang.
- **Data pribadi yang bersifat spesifik**, yaitu data yang dampaknya lebih besar bila bocor:
  data kesehatan, biometrik, genetika, catatan kejahatan, data anak, data keuangan pribadi, dan
  data lain sesuai peraturan perundang-undangan.

Data spesifik memerlukan pelindungan ekstra. Contohnya data kesehatan pegawai, sidik jari pada
mesin presensi, atau data anak dalam pendataan sekolah.

## Dasar pemrosesan yang sah

Data pribadi hanya boleh diproses bila ada dasar yang sah. UU PDP (Pasal 20) menyebut enam
dasar pemrosesan:

1. persetujuan yang sah secara eksplisit dari pemilik data;
2. pemenuhan kewajiban perjanjian;
3. pemenuhan kewajiban hukum pengendali data;
4. pelindungan kepentingan vital pemilik data;
5. pelaksanaan tugas untuk kepentingan umum, pelayanan publik, atau kewenangan berdasarkan
   peraturan perundang-undangan;
6. kepentingan sah lainnya.

Bagi banyak layanan pemerintah, termasuk platform belajar ini, dasar utamanya adalah kewajiban
hukum dan pelaksanaan tugas pelayanan publik, bukan persetujuan. Meski begitu, pemilik data
tetap perlu diberi tahu untuk apa datanya dipakai. Jika suatu pemrosesan memakai dasar
persetujuan dan persetujuan itu ditarik, pemrosesan harus dihentikan paling lambat 3×24 jam.

## Hak pemilik data

Pemilik data berhak, antara lain, mendapat informasi tentang pemrosesan datanya, mengakses dan
memperoleh salinan datanya, memperbaiki data yang salah, meminta penghapusan, menarik
persetujuan, dan mengajukan keberatan atas keputusan yang diambil secara otomatis.

> [tip] Sebelum membuat formulir
> Tanyakan: untuk apa setiap isian ini? Jika tidak ada jawabannya, hapus isian itu. Data yang
> tidak dikumpulkan tidak mungkin bocor.
"""

LD_KEWAJIBAN = """
Sebagai pengendali data, instansi memikul sejumlah kewajiban menurut UU PDP. Kewajiban ini
dijalankan oleh para pegawainya, termasuk Anda.

## Kewajiban pengendali data

- **Batasi tujuan dan jumlah data.** Kumpulkan hanya data yang diperlukan untuk tujuan yang
  jelas.
- **Jaga akurasi.** Perbaiki data yang salah atau sudah tidak mutakhir.
- **Amankan data dan batasi aksesnya** hanya bagi pegawai yang memerlukannya untuk tugas.
- **Catat kegiatan pemrosesan**: data apa, untuk apa, disimpan di mana, dan dibagikan kepada
  siapa.
- **Nilai dampaknya lebih dulu** sebelum melakukan pemrosesan yang berisiko tinggi.
- **Awasi prosesor.** Vendor hanya bertindak atas perintah instansi, dan penggunaan
  subprosesor memerlukan persetujuan tertulis.
- **Tunjuk pejabat atau petugas pelindungan data pribadi.** Ini wajib, antara lain, bila
  pemrosesan dilakukan untuk pelayanan publik.

## Jika terjadi kegagalan pelindungan data

Kebocoran data, data yang terkirim kepada orang yang salah, atau akses oleh pihak yang tidak
berhak termasuk kegagalan pelindungan data pribadi. UU PDP mewajibkan pengendali menyampaikan
**pemberitahuan tertulis paling lambat 3×24 jam** kepada pemilik data dan kepada lembaga yang
menyelenggarakan pelindungan data pribadi. Pemberitahuan itu memuat:

- data pribadi apa yang terungkap;
- kapan dan bagaimana data itu terungkap;
- upaya penanganan dan pemulihan yang dilakukan.

Dalam keadaan tertentu, pengendali juga wajib memberi tahu masyarakat.

> [warning] Waktu 3×24 jam berjalan cepat
> Tenggat ini hanya dapat dipenuhi bila pegawai yang mengetahui kejadian segera melapor. Jika
> Anda salah mengirim berkas berisi data pribadi atau menemukan data yang bocor, laporkan hari
> itu juga kepada atasan dan pengelola TI atau Diskominfo.

## Sanksi

UU PDP mengatur sanksi administratif, seperti peringatan tertulis, penghentian sementara
pemrosesan, penghapusan data, dan denda administratif, serta sanksi pidana untuk perbuatan
tertentu. Peraturan pelaksananya masih perlu terus dipantau, tetapi kewajiban menjaga data
pribadi sudah berlaku sekarang.

## Apa artinya bagi pekerjaan Anda?

Sebelum mengirim rekap data, periksa kembali penerima dan isi lampirannya. Jangan menyalin data
pribadi ke berkas atau perangkat pribadi. Jika Anda tidak yakin boleh membagikan suatu data,
tanyakan lebih dulu kepada atasan atau pejabat pelindungan data pribadi di instansi Anda.

> [rule] Dasar hukum
> **UU 27/2022 tentang Pelindungan Data Pribadi**: pemberitahuan kegagalan pelindungan data
> pribadi (Pasal 46), prosesor dan subprosesor (Pasal 51 dan 52), serta pejabat atau petugas
> pelindungan data pribadi (Pasal 53).
"""

LD_NETIKET = """
Kode etik dan kode perilaku ASN tidak berhenti di pintu kantor. Semua yang Anda tulis, sukai,
atau bagikan di media sosial dan grup percakapan tetap mencerminkan diri Anda sebagai ASN dan
instansi tempat Anda bekerja.

## Netiket ASN

- **Sopan dan santun.** Gunakan bahasa yang baik, juga ketika menanggapi keluhan atau kritik
  dari warga.
- **Netral.** Jaga netralitas ASN dalam urusan politik, termasuk di media sosial.
- **Menjaga rahasia.** Jangan mengunggah dokumen internal, surat yang belum resmi, atau
  informasi yang belum boleh dipublikasikan.
- **Bertanggung jawab.** Periksa kebenaran informasi sebelum membagikannya, seperti yang Anda
  pelajari pada modul pertama.
- **Memakai saluran resmi.** Urusan dinas disampaikan lewat saluran dinas, misalnya surel dinas
  atau aplikasi persuratan, bukan lewat akun pribadi.

## Jangan sembarangan membagikan NIK dan KK

NIK dan nomor KK sering dipakai untuk memverifikasi identitas, misalnya saat mendaftar layanan.
Karena itu keduanya sangat berharga bagi penipu. Kesalahan yang sering terjadi:

- mengirim foto KTP atau KK ke grup percakapan agar "cepat diproses";
- mengunggah daftar penerima bantuan lengkap dengan NIK dan alamat ke media sosial;
- membagikan tangkapan layar aplikasi yang memuat data warga atau pegawai;
- menyimpan berkas data pribadi di laptop pribadi atau layanan penyimpanan pribadi.

Lakukan sebaliknya: kirim data hanya melalui saluran resmi kepada pihak yang berhak, tampilkan
data seperlunya (misalnya sebagian nomor disamarkan), dan hapus salinan yang tidak diperlukan
lagi. Data kesehatan dan data anak termasuk data pribadi yang bersifat spesifik, sehingga perlu
kehati-hatian ekstra.

## Saat ada yang meminta data

Sebelum memberikan data pribadi warga atau rekan kerja, tanyakan tiga hal:

1. Siapa yang meminta, dan apakah ia berhak menerimanya?
2. Untuk apa data itu, dan apakah semua isian memang diperlukan?
3. Lewat saluran apa data akan dikirim, dan apakah saluran itu aman?

Jika jawabannya belum jelas, tunda dulu dan tanyakan kepada atasan atau pejabat pelindungan data
pribadi di instansi Anda.

> [tip] Periksa grup percakapan Anda
> Minggu ini, periksa grup percakapan kantor Anda. Jika ada foto KTP, KK, atau daftar berisi data
> pribadi, minta pengirimnya menghapusnya, lalu kirim ulang lewat saluran resmi bila memang
> diperlukan.

Selamat, Anda telah menyelesaikan seluruh materi kursus ini. Unduh ringkasannya di bawah ini
untuk dibaca ulang atau dibagikan kepada rekan kerja.
"""

LD_101 = CourseSeed(
    code="LD-101",
    slug="literasi-dan-keamanan-digital-asn",
    title="Literasi dan Keamanan Digital untuk ASN",
    summary=(
        "Kenali empat pilar literasi digital dan cara memeriksa informasi sebelum membagikannya; "
        "biasakan keamanan digital sehari-hari (kata sandi, MFA, pembaruan, phishing, pelaporan "
        "insiden); dan pahami kewajiban pelindungan data pribadi menurut UU 27/2022 serta "
        "netiket ASN."
    ),
    jp="4",
    category="literasi_digital",
    pillar="safety",
    minutes=180,
    competency_targets=(("LD.07", 2), ("LD.08", 2), ("LD.02", 2), ("LD.05", 2)),
    audiences=ALL_JENIS_JABATAN,
    modules=(
        ModuleSeed(
            slug="empat-pilar-literasi-digital",
            title="Empat pilar literasi digital",
            intro=(
                "Apa itu literasi digital, di mana posisi kita menurut Indeks Literasi Digital, "
                "dan cara memeriksa informasi sebelum membagikannya."
            ),
            lessons=(
                LessonSeed(
                    "empat-pilar",
                    "Empat pilar literasi digital dan posisi kita",
                    20,
                    LD_PILAR,
                ),
                LessonSeed(
                    "hoaks-dan-memeriksa-informasi",
                    "Hoaks: periksa dulu sebelum membagikan",
                    25,
                    LD_HOAKS,
                ),
            ),
        ),
        ModuleSeed(
            slug="keamanan-digital-pribadi",
            title="Keamanan digital pribadi",
            intro=(
                "Kebiasaan sederhana yang melindungi akun, perangkat, dan data dinas Anda, serta "
                "apa yang harus dilakukan bila terjadi insiden."
            ),
            lessons=(
                LessonSeed(
                    "kata-sandi-dan-mfa",
                    "Kata sandi kuat, pengelola kata sandi, dan MFA",
                    25,
                    LD_KATA_SANDI,
                ),
                LessonSeed(
                    "pembaruan-dan-phishing",
                    "Pembaruan perangkat dan mengenali phishing",
                    25,
                    LD_PHISHING,
                ),
                LessonSeed(
                    "melaporkan-insiden",
                    "Jika terjadi insiden: segera laporkan",
                    20,
                    LD_INSIDEN,
                ),
            ),
        ),
        ModuleSeed(
            slug="pelindungan-data-pribadi",
            title="Pelindungan data pribadi dan netiket ASN",
            intro=(
                "Apa yang diatur UU Pelindungan Data Pribadi, apa kewajiban instansi, dan "
                "bagaimana ASN berbagi informasi dengan bijak di ruang digital."
            ),
            lessons=(
                LessonSeed(
                    "uu-pdp-jenis-data-dan-dasar-pemrosesan",
                    "UU PDP: jenis data pribadi dan dasar pemrosesannya",
                    25,
                    LD_UU_PDP,
                ),
                LessonSeed(
                    "kewajiban-instansi-dan-kebocoran-data",
                    "Kewajiban instansi dan kegagalan pelindungan data",
                    20,
                    LD_KEWAJIBAN,
                ),
                LessonSeed(
                    "netiket-asn-dan-berbagi-data",
                    "Netiket ASN dan berbagi data dengan bijak",
                    20,
                    LD_NETIKET,
                ),
            ),
        ),
    ),
    handout=HandoutSeed(
        title="Ringkasan Kursus LD-101: Literasi dan Keamanan Digital untuk ASN",
        filename="ringkasan-ld-101.pdf",
        description=HANDOUT_DESCRIPTION,
        sections=(
            (
                "Literasi digital dan hoaks",
                (
                    "Empat pilar literasi digital: Kecakapan, Etika, Keamanan, dan Budaya Digital.",
                    "Indeks Literasi Digital 2022: 3,54 dari 5. Pilar Keamanan Digital paling "
                    "rendah (3,12).",
                    "Sebelum membagikan informasi: berhenti sejenak, periksa sumber, periksa "
                    "tanggal dan konteks, bandingkan dengan sumber lain; jika ragu, jangan "
                    "bagikan.",
                ),
            ),
            (
                "Keamanan digital pribadi",
                (
                    "Kata sandi panjang dan unik untuk setiap akun; pakai pengelola kata sandi.",
                    "Aktifkan MFA. Jangan pernah memberikan kata sandi atau kode OTP kepada "
                    "siapa pun.",
                    "Aktifkan pembaruan otomatis; pasang aplikasi hanya dari sumber resmi.",
                    "Waspadai phishing: mendesak, pengirim janggal, tautan tidak cocok, meminta "
                    "data rahasia, lampiran tak terduga.",
                    "Terjadi insiden? Laporkan segera ke pengelola TI OPD atau Diskominfo/CSIRT, "
                    "dan jangan hapus bukti.",
                ),
            ),
            (
                "Pelindungan data pribadi (UU 27/2022) dan netiket",
                (
                    "Data pribadi umum (nama, jenis kelamin, agama, dan lain-lain) dan spesifik "
                    "(kesehatan, biometrik, genetika, catatan kejahatan, data anak, keuangan "
                    "pribadi).",
                    "Pemerintah daerah adalah pengendali data; vendor adalah prosesor yang "
                    "bertindak atas perintah pemerintah daerah.",
                    "Kumpulkan data seperlunya, batasi akses, dan catat kegiatan pemrosesan.",
                    "Kegagalan pelindungan data: pemberitahuan tertulis paling lambat 3×24 jam "
                    "kepada pemilik data dan lembaga.",
                    "Netiket ASN: sopan, netral, menjaga rahasia. Jangan membagikan NIK, KK, "
                    "atau data kesehatan secara sembarangan.",
                ),
            ),
        ),
        note=HANDOUT_NOTE,
    ),
)

STARTER_COURSES: Final[tuple[CourseSeed, ...]] = (SPBE_101, LD_101)
