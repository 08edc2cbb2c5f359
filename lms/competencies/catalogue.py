"""Seed catalogue of digital-literacy and SPBE competencies (kamus kompetensi teknis).

Pure-Python data, no Django imports: a data migration imports this module to load the initial
catalogue, so keep it to plain tuples, dicts and frozen dataclasses of primitives.

Basis (see docs/domain.md §1.2, §3.1, §3.2 and §4.5):

* Proficiency levels 1–5 follow the labels of PermenPANRB 38/2017 on ASN competency standards
  (1 Paham, 2 Dasar, 3 Menengah, 4 Mumpuni, 5 Ahli), loosely aligned to the eight DigComp 2.2
  proficiency levels (1 ≈ DigComp 1–2, 2 ≈ 3, 3 ≈ 4–5, 4 ≈ 6, 5 ≈ 7–8).
* ``LD`` competencies are grouped under the four Kominfo/Komdigi digital-literacy pillars
  (Kecakapan, Etika, Keamanan and Budaya Digital) and mapped to EU DigComp 2.2 and UNESCO DLGF
  (UIS Information Paper 51, 2018) competences.
* ``SP`` competencies cover SPBE (Perpres 95/2018, Perpres 132/2022, Perpres 39/2019, BSSN
  guidance, PermenPANRB 5/2020) and reference the indicators of SPBE evaluation under
  PermenPANRB 59/2020 ("ind. N").

Everything here is a [PROPOSAL]: the descriptors and default required levels are starting values
that BKPSDM administrators edit in the admin. Treat competency codes as stable identifiers
(append new ones, never renumber or reuse); once the seed migration has run, change existing
records through the admin or a new data migration rather than by editing this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, TypeAlias

__all__ = [
    "COMPETENCIES",
    "COMPETENCY_CODES",
    "DEFAULT_REQUIRED_LEVELS",
    "IT_ROLE_OVERRIDES",
    "JENIS_JABATAN",
    "LEVEL_LABELS",
    "PILLARS",
    "CompetencySeed",
    "Levels",
]

# Level number -> (Indonesian label, English label). Store the number; render the label.
LEVEL_LABELS: Final[dict[int, tuple[str, str]]] = {
    1: ("Paham", "Aware"),
    2: ("Dasar", "Basic"),
    3: ("Menengah", "Intermediate"),
    4: ("Mumpuni", "Proficient"),
    5: ("Ahli", "Expert"),
}

# Pillar code -> (Indonesian name, English name). The first four are the Kominfo/Komdigi
# digital-literacy pillars (Indeks Literasi Digital); ``spbe`` groups the SPBE competencies.
PILLARS: Final[dict[str, tuple[str, str]]] = {
    "skills": ("Kecakapan Digital", "Digital Skills"),
    "ethics": ("Etika Digital", "Digital Ethics"),
    "safety": ("Keamanan Digital", "Digital Safety"),
    "culture": ("Budaya Digital", "Digital Culture"),
    "spbe": (
        "Sistem Pemerintahan Berbasis Elektronik (SPBE)",
        "Electronic-Based Government System (SPBE)",
    ),
}

# Five descriptors, index 0 = level 1 … index 4 = level 5.
Levels: TypeAlias = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class CompetencySeed:
    """One competency of the seed catalogue, in Indonesian (``_id``) and English (``_en``)."""

    code: str
    name_id: str
    name_en: str
    pillar: str  # a key of PILLARS
    reference: str  # mapping to DigComp/DLGF, regulations and SPBE indicators ("ind. N")
    description_id: str
    description_en: str
    levels_id: Levels
    levels_en: Levels


COMPETENCIES: Final[tuple[CompetencySeed, ...]] = (
    # ------------------------------------------------------------------ LD: literasi digital
    CompetencySeed(
        code="LD.01",
        name_id="Pengoperasian Perangkat & Aplikasi Perkantoran",
        name_en="Device & office-software operation",
        pillar="skills",
        reference="DLGF 0.1–0.2",
        description_id=(
            "Kemampuan mengoperasikan perangkat serta aplikasi perkantoran (pengolah kata, "
            "lembar kerja, surel, dan peramban) untuk menyelesaikan pekerjaan sehari-hari."
        ),
        description_en=(
            "Ability to operate devices and office software (word processor, spreadsheet, "
            "email and web browser) to get daily work done."
        ),
        levels_id=(
            "Menyalakan perangkat, masuk (login) ke akun, serta membuka berkas dan aplikasi "
            "dengan bimbingan.",
            "Menggunakan pengolah kata, lembar kerja (spreadsheet), surel, dan peramban secara "
            "mandiri untuk pekerjaan sehari-hari.",
            "Menggunakan fitur lanjutan (tabel dan rumus, templat, sinkronisasi penyimpanan "
            "awan) dan membantu rekan kerja.",
            "Menetapkan standar penggunaan aplikasi perkantoran dan templat dokumen di "
            "lingkungan OPD.",
            "Menetapkan standar aplikasi perkantoran dan komputasi pengguna akhir (end-user "
            "computing) yang berlaku di seluruh pemda.",
        ),
        levels_en=(
            "Turns on a device, logs in, and opens files and applications with guidance.",
            "Uses a word processor, spreadsheet, email and web browser independently for daily "
            "work.",
            "Uses advanced features such as tables, formulas, templates and cloud sync, and "
            "helps colleagues.",
            "Standardises the use of office tools and templates across the OPD.",
            "Sets pemda-wide standards for office tools and end-user computing.",
        ),
    ),
    CompetencySeed(
        code="LD.02",
        name_id="Penelusuran & Evaluasi Informasi (termasuk hoaks)",
        name_en="Information search & evaluation",
        pillar="skills",  # Skills/Ethics
        reference="DigComp 1.1–1.2",
        description_id=(
            "Kemampuan menelusuri informasi secara efektif, menilai kredibilitas sumber, serta "
            "mengenali dan menangkal hoaks sebelum informasi digunakan atau disebarkan."
        ),
        description_en=(
            "Ability to search for information effectively, judge the credibility of sources, "
            "and recognise and counter hoaxes before information is used or shared."
        ),
        levels_id=(
            "Menelusuri informasi dengan kata kunci sederhana dan mengetahui adanya hoaks.",
            "Menggunakan operator pencarian dan sumber resmi, serta memeriksa kebenaran suatu "
            "klaim sebelum membagikannya.",
            "Membandingkan berbagai sumber, menilai kredibilitasnya, dan melaporkan misinformasi "
            "kepada unit kerja.",
            "Menetapkan praktik verifikasi informasi sebelum dipublikasikan oleh OPD.",
            "Memimpin kebijakan pemda dalam penanggulangan misinformasi dan penjaminan mutu "
            "informasi.",
        ),
        levels_en=(
            "Searches with simple keywords and knows that hoaxes exist.",
            "Uses search operators and official sources, and checks a claim before sharing it.",
            "Cross-checks sources, judges their credibility and flags misinformation to the unit.",
            "Sets the OPD's practice for verifying information before it is published.",
            "Leads pemda policy on countering misinformation and on information quality.",
        ),
    ),
    CompetencySeed(
        code="LD.03",
        name_id="Pengelolaan Berkas & Data Digital",
        name_en="Managing files & digital data",
        pillar="skills",
        reference="DigComp 1.3",
        description_id=(
            "Kemampuan menyimpan, menata, mencadangkan, dan menemukan kembali berkas serta data "
            "digital kedinasan secara tertib dan aman."
        ),
        description_en=(
            "Ability to store, organise, back up and retrieve official digital files and data "
            "in an orderly and safe way."
        ),
        levels_id=(
            "Menyimpan dan menemukan kembali berkas miliknya sendiri.",
            "Menerapkan penamaan folder, pengelolaan versi berkas, dan penggunaan drive bersama "
            "dengan benar.",
            "Menata kumpulan data unit kerja, pencadangan (backup), dan masa retensi, serta "
            "merapikan media penyimpanan bersama.",
            "Menetapkan aturan penataan berkas dan data serta pencadangan di lingkungan OPD.",
            "Merancang standar penyimpanan serta siklus hidup arsip dan data yang berlaku di "
            "seluruh pemda.",
        ),
        levels_en=(
            "Saves and finds their own files.",
            "Uses folder naming conventions, file versions and shared drives correctly.",
            "Organises unit data sets, backups and retention, and keeps shared storage tidy.",
            "Defines the OPD's rules for organising and backing up files and data.",
            "Designs pemda-wide standards for storage and for the lifecycle of records and data.",
        ),
    ),
    CompetencySeed(
        code="LD.04",
        name_id="Komunikasi & Kolaborasi Digital Kedinasan",
        name_en="Official digital communication & collaboration",
        pillar="skills",  # Skills/Culture
        reference="DigComp 2.1, 2.2, 2.4",
        description_id=(
            "Kemampuan berkomunikasi dan bekerja sama secara digital melalui kanal kedinasan "
            "yang tepat, termasuk rapat daring dan penyuntingan dokumen bersama."
        ),
        description_en=(
            "Ability to communicate and collaborate digitally through the appropriate official "
            "channels, including online meetings and shared document editing."
        ),
        levels_id=(
            "Menggunakan aplikasi percakapan (chat) dan surel untuk menyampaikan pesan sederhana.",
            "Memilih kanal kedinasan yang tepat, mengikuti rapat video, dan menyunting dokumen "
            "secara bersama-sama.",
            "Menyelenggarakan rapat daring dan mengelola ruang kerja bersama untuk tim.",
            "Menetapkan perangkat kolaborasi beserta etika penggunaannya di lingkungan OPD.",
            "Menetapkan kebijakan platform kolaborasi di lingkungan pemda.",
        ),
        levels_en=(
            "Uses chat and email to send simple messages.",
            "Chooses the right official channel, joins video meetings and co-edits documents.",
            "Runs online meetings and shared workspaces for a team.",
            "Sets the OPD's collaboration tools and etiquette.",
            "Sets pemda policy on collaboration platforms.",
        ),
    ),
    CompetencySeed(
        code="LD.05",
        name_id="Etika Digital & Netiket ASN",
        name_en="Digital ethics & ASN netiquette",
        pillar="ethics",
        reference="DigComp 2.5, 2.6",
        description_id=(
            "Kemampuan menerapkan kode etik dan kode perilaku ASN di ruang digital, termasuk "
            "kesantunan, netralitas politik, kerahasiaan, dan pengelolaan identitas digital."
        ),
        description_en=(
            "Ability to apply the ASN code of ethics and conduct in digital spaces, including "
            "courtesy, political neutrality, confidentiality and managing one's digital identity."
        ),
        levels_id=(
            "Mengetahui bahwa kode etik dan kode perilaku ASN juga berlaku di ruang digital.",
            "Berkomunikasi secara santun serta menjaga netralitas politik dan kerahasiaan di "
            "media sosial.",
            "Mengelola identitas digital kedinasannya sendiri dan memberikan saran kepada rekan "
            "kerja.",
            "Menegakkan pedoman penggunaan media sosial dan etika digital di lingkungan OPD.",
            "Merumuskan kebijakan etika digital di lingkungan pemda.",
        ),
        levels_en=(
            "Knows that the ASN code of conduct also applies online.",
            "Communicates politely and keeps political neutrality and confidentiality on social "
            "media.",
            "Manages their own official digital identity and advises colleagues.",
            "Enforces the OPD's social-media and digital-ethics guidance.",
            "Formulates pemda policy on digital ethics.",
        ),
    ),
    CompetencySeed(
        code="LD.06",
        name_id="Pembuatan Konten & Dokumen Digital",
        name_en="Digital content & document creation",
        pillar="skills",
        reference="DigComp 3.1–3.3",
        description_id=(
            "Kemampuan membuat dokumen dan konten digital yang jelas dan mudah diakses dengan "
            "menghormati hak cipta dan lisensi."
        ),
        description_en=(
            "Ability to create clear, accessible digital documents and content while respecting "
            "copyright and licences."
        ),
        levels_id=(
            "Membuat dokumen dan bahan tayang (slide) sederhana berdasarkan templat.",
            "Menghasilkan dokumen, infografis, dan formulir yang jelas dengan menghormati hak "
            "cipta dan lisensi.",
            "Menghasilkan konten publik yang aksesibel serta templat yang dapat digunakan ulang.",
            "Menetapkan standar konten OPD, mencakup aksesibilitas, identitas visual, dan lisensi.",
            "Menetapkan kebijakan konten dan lisensi terbuka di lingkungan pemda.",
        ),
        levels_en=(
            "Creates simple documents and slides from a template.",
            "Produces clear documents, infographics and forms, respecting copyright and licences.",
            "Produces accessible public content and reusable templates.",
            "Sets the OPD's content standards for accessibility, branding and licensing.",
            "Sets pemda policy on content and open licensing.",
        ),
    ),
    CompetencySeed(
        code="LD.07",
        name_id="Keamanan Digital Pribadi",
        name_en="Personal digital safety",
        pillar="safety",
        reference="DigComp 4.1; BSSN awareness",
        description_id=(
            "Kemampuan melindungi akun dan perangkat kerja dari ancaman siber seperti phishing "
            "serta melaporkan insiden keamanan."
        ),
        description_en=(
            "Ability to protect accounts and work devices against cyber threats such as "
            "phishing, and to report security incidents."
        ),
        levels_id=(
            "Mengetahui ciri kata sandi yang kuat dan adanya ancaman phishing.",
            "Menggunakan kata sandi yang unik atau pengelola kata sandi, autentikasi multifaktor "
            "(MFA), dan pembaruan perangkat lunak, serta mengenali phishing.",
            "Mengamankan perangkat yang digunakan bersama, melaporkan insiden keamanan, dan "
            "membimbing rekan kerja.",
            "Menjalankan kegiatan rutin peningkatan kesadaran keamanan dan pelaporan insiden di "
            "OPD bersama Diskominfo/CSIRT.",
            "Merancang program peningkatan kesadaran keamanan informasi bagi seluruh pemda.",
        ),
        levels_en=(
            "Knows what a strong password is and that phishing exists.",
            "Uses unique passwords or a password manager, MFA and software updates, and "
            "recognises phishing.",
            "Secures shared devices, reports incidents and coaches colleagues.",
            "Runs the OPD's security-awareness and incident-reporting routine with "
            "Diskominfo/CSIRT.",
            "Designs the pemda security-awareness programme.",
        ),
    ),
    CompetencySeed(
        code="LD.08",
        name_id="Pelindungan Data Pribadi",
        name_en="Personal data protection",
        pillar="safety",
        reference="DigComp 4.2; UU 27/2022",
        description_id=(
            "Kemampuan memproses data pribadi warga dan pegawai sesuai UU 27/2022 tentang "
            "Pelindungan Data Pribadi, mulai dari pengumpulan data seperlunya hingga "
            "pemberitahuan kegagalan pelindungan data."
        ),
        description_en=(
            "Ability to process citizens' and employees' personal data in line with Law 27/2022 "
            "on Personal Data Protection, from collecting only what is needed to notifying "
            "data breaches."
        ),
        levels_id=(
            "Mengetahui pengertian data pribadi yang bersifat umum dan yang bersifat spesifik.",
            "Mengumpulkan data seperlunya dan tidak membagikan data NIK, KK, atau data kesehatan "
            "secara sembarangan.",
            "Menerapkan persetujuan, pembatasan akses, dan masa retensi data pribadi dalam "
            "proses kerja unit.",
            "Memelihara rekaman kegiatan pemrosesan data pribadi OPD, menangani permintaan "
            "subjek data, dan menyampaikan pemberitahuan kegagalan pelindungan data pribadi "
            "dalam waktu 3×24 jam.",
            "Bertindak sebagai atau bersama pejabat pelindungan data pribadi pemda, menetapkan "
            "kebijakan PDP, dan melaksanakan penilaian dampak pelindungan data pribadi (DPIA).",
        ),
        levels_en=(
            "Knows what personal data and specific (sensitive) personal data are.",
            "Collects only the data needed and never shares NIK, KK or health data casually.",
            "Applies consent, access limits and retention periods in unit processes.",
            "Maintains the OPD's records of processing, handles data-subject requests and "
            "reports breaches within 3×24 hours.",
            "Acts as, or works with, the pemda data protection officer and sets PDP policy and "
            "DPIAs.",
        ),
    ),
    CompetencySeed(
        code="LD.09",
        name_id="Budaya Digital & Partisipasi Publik",
        name_en="Digital culture & public participation",
        pillar="culture",
        reference="DigComp 2.3",
        description_id=(
            "Kemampuan memanfaatkan layanan dan kanal digital untuk melayani warga, "
            "menindaklanjuti pengaduan, dan mendorong partisipasi publik yang inklusif."
        ),
        description_en=(
            "Ability to use digital services and channels to serve citizens, follow up "
            "complaints and foster inclusive public participation."
        ),
        levels_id=(
            "Mengetahui layanan dan kanal digital bagi publik, misalnya kanal pengaduan "
            "SP4N-LAPOR!.",
            "Membantu warga menggunakan layanan daring dan menjawab pertanyaan secara daring "
            "dengan santun.",
            "Menangani pengaduan dan survei secara daring serta menindaklanjutinya hingga tuntas.",
            "Memanfaatkan data partisipasi publik untuk meningkatkan layanan OPD.",
            "Merancang kebijakan pemda tentang partisipasi publik dan layanan digital yang "
            "inklusif, termasuk bagi wilayah dengan konektivitas terbatas.",
        ),
        levels_en=(
            "Knows the public digital services and channels, such as the SP4N-LAPOR! complaint "
            "portal.",
            "Helps citizens use online services and answers online questions courteously.",
            "Handles complaints and surveys online and closes the loop with citizens.",
            "Uses participation data to improve the OPD's services.",
            "Designs pemda policy on public participation and inclusive digital services, "
            "including for low-connectivity areas.",
        ),
    ),
    CompetencySeed(
        code="LD.10",
        name_id="Pemecahan Masalah Teknis & Belajar Mandiri",
        name_en="Technical problem solving & self-directed learning",
        pillar="skills",
        reference="DigComp 5.1, 5.4",
        description_id=(
            "Kemampuan mengatasi kendala teknis sehari-hari, mengenali kesenjangan kompetensi "
            "digital diri sendiri, dan merencanakan pembelajaran mandiri."
        ),
        description_en=(
            "Ability to solve everyday technical problems, recognise one's own digital "
            "competence gaps and plan self-directed learning."
        ),
        levels_id=(
            "Memulai ulang (restart) perangkat atau aplikasi dan meminta bantuan dengan cara "
            "yang tepat.",
            "Mengatasi kendala umum (koneksi, printer, peramban) dan memanfaatkan sumber bantuan "
            "yang tersedia.",
            "Mendiagnosis kendala teknis untuk tim, mengenali kesenjangan kompetensi dirinya, "
            "dan merencanakan pembelajarannya.",
            "Mengorganisasikan dukungan teknis lini pertama dan rencana pembelajaran di "
            "lingkungan OPD.",
            "Menetapkan strategi dukungan pengguna akhir dan pembelajaran digital di lingkungan "
            "pemda.",
        ),
        levels_en=(
            "Restarts devices or applications and asks for help appropriately.",
            "Fixes common issues (connection, printer, browser) and uses help resources.",
            "Diagnoses issues for the team, identifies their own skill gaps and plans their "
            "learning.",
            "Organises first-line support and learning plans for the OPD.",
            "Sets the pemda strategy for end-user support and learning.",
        ),
    ),
    # ------------------------------------------------------------------ SP: SPBE
    CompetencySeed(
        code="SP.01",
        name_id="Kebijakan & Tata Kelola SPBE",
        name_en="SPBE policy & governance",
        pillar="spbe",
        reference="Perpres 95/2018; ind. 1–10, 19–20",
        description_id=(
            "Kemampuan memahami dan menerapkan kebijakan serta tata kelola SPBE sesuai Perpres "
            "95/2018, termasuk peran OPD dalam Tim Koordinasi SPBE dan evaluasi SPBE."
        ),
        description_en=(
            "Ability to understand and apply SPBE policy and governance under Perpres 95/2018, "
            "including the OPD's role in the Tim Koordinasi SPBE and in SPBE evaluation."
        ),
        levels_id=(
            "Mengetahui pengertian dan prinsip SPBE.",
            "Menjelaskan unsur-unsur SPBE dan peran OPD di dalamnya.",
            "Menyusun atau melaksanakan kebijakan internal SPBE di OPD serta menyiapkan bukti "
            "dukung evaluasi SPBE.",
            "Mengoordinasikan OPD dalam Tim Koordinasi SPBE dan menyiapkan penilaian mandiri "
            "(self-assessment) SPBE.",
            "Memimpin tata kelola SPBE dan strategi evaluasi SPBE di lingkungan pemda.",
        ),
        levels_en=(
            "Knows what SPBE is and what its principles are.",
            "Explains the SPBE elements and the OPD's role in them.",
            "Drafts or implements OPD SPBE policies and prepares evidence for the SPBE evaluation.",
            "Coordinates the OPD within the Tim Koordinasi SPBE and prepares the self-assessment.",
            "Leads pemda SPBE governance and evaluation strategy.",
        ),
    ),
    CompetencySeed(
        code="SP.02",
        name_id="Arsitektur & Peta Rencana SPBE",
        name_en="SPBE architecture & roadmap",
        pillar="spbe",
        reference="Perpres 132/2022; ind. 11–13",
        description_id=(
            "Kemampuan memahami dan menggunakan Arsitektur SPBE dan Peta Rencana SPBE untuk "
            "menyelaraskan layanan, aplikasi, serta rencana dan anggaran OPD."
        ),
        description_en=(
            "Ability to understand and use the SPBE architecture and roadmap to align the "
            "OPD's services, applications, plans and budgets."
        ),
        levels_id=(
            "Mengetahui enam domain Arsitektur SPBE.",
            "Memetakan layanan dan aplikasi OPD tempatnya bertugas ke dalam Arsitektur SPBE.",
            "Berkontribusi dalam penyusunan inventaris proses bisnis dan aplikasi.",
            "Menyelaraskan rencana dan anggaran OPD dengan Arsitektur SPBE dan Peta Rencana SPBE.",
            "Bertanggung jawab atas Arsitektur SPBE dan Peta Rencana SPBE pemda.",
        ),
        levels_en=(
            "Knows the six SPBE architecture domains.",
            "Maps their own OPD's services and applications to the architecture.",
            "Contributes to the business-process and application inventories.",
            "Aligns OPD plans and budgets with the architecture and the roadmap.",
            "Owns the pemda SPBE architecture and roadmap.",
        ),
    ),
    CompetencySeed(
        code="SP.03",
        name_id="Manajemen Data & Satu Data Indonesia",
        name_en="Data management & SDI",
        pillar="spbe",
        reference="Perpres 39/2019; ind. 3, 23, 43",
        description_id=(
            "Kemampuan mengelola data sesuai prinsip Satu Data Indonesia (standar data, "
            "metadata, interoperabilitas data, dan kode referensi/data induk), termasuk "
            "menjalankan peran sebagai produsen data dan walidata."
        ),
        description_en=(
            "Ability to manage data according to the Satu Data Indonesia principles (data "
            "standards, metadata, interoperability, reference codes/master data), including the "
            "data producer (produsen data) and walidata roles."
        ),
        levels_id=(
            "Mengetahui prinsip Satu Data Indonesia: standar data, metadata, interoperabilitas "
            "data, dan kode referensi/data induk.",
            "Mengisi data sesuai standar data dan metadata yang berlaku.",
            "Berperan sebagai produsen data: memvalidasi, mendokumentasikan, dan memublikasikan "
            "set data.",
            "Mengelola katalog data dan kualitas data OPD.",
            "Berperan sebagai walidata atau menetapkan tata kelola data pemda.",
        ),
        levels_en=(
            "Knows the SDI principles: data standards, metadata, interoperability and reference "
            "data.",
            "Fills in data using the applicable data standards and metadata.",
            "Acts as a data producer (produsen data): validates, documents and publishes data "
            "sets.",
            "Manages the OPD data catalogue and data quality.",
            "Acts as walidata or sets pemda data governance.",
        ),
    ),
    CompetencySeed(
        code="SP.04",
        name_id="Manajemen Keamanan Informasi SPBE",
        name_en="SPBE information security management",
        pillar="spbe",
        reference="BSSN; ind. 8, 22, 31",
        description_id=(
            "Kemampuan menerapkan manajemen keamanan informasi SPBE untuk menjaga kerahasiaan, "
            "keutuhan, ketersediaan, keaslian, dan nirsangkal informasi serta sistem elektronik."
        ),
        description_en=(
            "Ability to apply SPBE information security management to protect the "
            "confidentiality, integrity, availability, authenticity and non-repudiation of "
            "information and electronic systems."
        ),
        levels_id=(
            "Mengetahui aspek kerahasiaan, keutuhan, dan ketersediaan informasi, serta keaslian "
            "dan nirsangkal.",
            "Mematuhi SOP keamanan informasi dan melakukan klasifikasi informasi.",
            "Menerapkan kendali keamanan (hak akses, pencadangan, pencatatan log) pada sistem "
            "elektronik unit kerja.",
            "Mengelola daftar risiko dan kendali keamanan informasi OPD serta menyiapkan OPD "
            "untuk audit keamanan.",
            "Memimpin penerapan Sistem Manajemen Keamanan Informasi (SMKI) dan program Indeks "
            "KAMI di lingkungan pemda.",
        ),
        levels_en=(
            "Knows confidentiality, integrity and availability, plus authenticity and "
            "non-repudiation.",
            "Follows security SOPs and classifies information.",
            "Applies controls (access, backup, logging) to the unit's systems.",
            "Runs the OPD's risk register and security controls and prepares for audits.",
            "Leads the pemda ISMS and Indeks KAMI programme.",
        ),
    ),
    CompetencySeed(
        code="SP.05",
        name_id="Naskah Dinas Elektronik & TTE",
        name_en="e-office & electronic signatures",
        pillar="spbe",
        reference="SRIKANDI, BSrE; ind. 37",
        description_id=(
            "Kemampuan membuat, mengelola, dan menandatangani naskah dinas secara elektronik "
            "melalui aplikasi persuratan (misalnya SRIKANDI) menggunakan tanda tangan "
            "elektronik (TTE)."
        ),
        description_en=(
            "Ability to create, manage and sign official correspondence (naskah dinas) "
            "electronically in the e-office application (e.g. SRIKANDI) using electronic "
            "signatures (TTE)."
        ),
        levels_id=(
            "Mengetahui jenis tanda tangan elektronik (TTE) beserta kekuatan hukumnya.",
            "Membuat dan menerima naskah dinas melalui aplikasi persuratan elektronik serta "
            "menandatanganinya dengan TTE miliknya sendiri.",
            "Mengelola alur naskah dinas, arsip, dan pelimpahan wewenang penandatanganan di "
            "unit kerja.",
            "Menetapkan prosedur naskah dinas elektronik dan TTE di lingkungan OPD.",
            "Menetapkan kebijakan naskah dinas elektronik dan TTE pemda serta mengelola "
            "hubungan dengan Penyelenggara Sertifikasi Elektronik (PSrE).",
        ),
        levels_en=(
            "Knows the types of electronic signature (TTE) and their legal effect.",
            "Creates and receives naskah dinas in the e-office application and signs with their "
            "own TTE.",
            "Manages the unit's workflows, archives and signature delegation.",
            "Sets the OPD's e-office and TTE procedures.",
            "Sets pemda e-office and TTE policy and manages the relationship with the "
            "electronic certification provider (PSrE).",
        ),
    ),
    CompetencySeed(
        code="SP.06",
        name_id="Layanan Publik Digital & Desain Berpusat Pengguna",
        name_en="Digital public services & user-centred design",
        pillar="spbe",
        reference="ind. 42, 45–47",
        description_id=(
            "Kemampuan menyelenggarakan dan memperbaiki layanan publik berbasis elektronik "
            "dengan berpusat pada kebutuhan pengguna."
        ),
        description_en=(
            "Ability to run and improve electronic public services around the needs of their users."
        ),
        levels_id=(
            "Mengetahui layanan digital yang diselenggarakan OPD.",
            "Mengoperasikan suatu layanan digital dan membantu penggunanya.",
            "Menghimpun umpan balik pengguna dan mengusulkan perbaikan pengalaman pengguna (UX) "
            "dan proses layanan.",
            "Bertanggung jawab atas ukuran kualitas dan perancangan ulang suatu layanan OPD.",
            "Menetapkan standar desain layanan digital di lingkungan pemda.",
        ),
        levels_en=(
            "Knows the OPD's digital services.",
            "Operates a digital service and helps its users.",
            "Collects user feedback and proposes improvements to the user experience and process.",
            "Owns the quality metrics and redesign of an OPD service.",
            "Sets pemda standards for digital service design.",
        ),
    ),
    CompetencySeed(
        code="SP.07",
        name_id="Interoperabilitas & Aplikasi Berbagi Pakai",
        name_en="Interoperability & shared applications",
        pillar="spbe",
        reference="ind. 15, 18",
        description_id=(
            "Kemampuan mengutamakan aplikasi berbagi pakai dan pertukaran data antarsistem "
            "(termasuk melalui Sistem Penghubung Layanan) untuk menghindari aplikasi yang "
            "berjalan sendiri-sendiri (silo)."
        ),
        description_en=(
            "Ability to favour shared applications and data exchange between systems "
            "(including through the Sistem Penghubung Layanan) over siloed applications."
        ),
        levels_id=(
            "Mengetahui mengapa aplikasi yang berjalan sendiri-sendiri (silo) menjadi masalah.",
            "Menggunakan aplikasi berbagi pakai atau aplikasi nasional alih-alih aplikasi lokal "
            "yang serupa.",
            "Merumuskan kebutuhan pertukaran data (API, Sistem Penghubung Layanan).",
            "Merencanakan konsolidasi aplikasi di lingkungan OPD.",
            "Menetapkan kebijakan integrasi dan interoperabilitas di lingkungan pemda.",
        ),
        levels_en=(
            "Knows why siloed applications are a problem.",
            "Uses shared or national applications instead of local duplicates.",
            "Specifies data-exchange needs (APIs, Sistem Penghubung Layanan).",
            "Plans the consolidation of the OPD's applications.",
            "Sets pemda policy on integration and interoperability.",
        ),
    ),
    CompetencySeed(
        code="SP.08",
        name_id="Manajemen Risiko SPBE",
        name_en="SPBE risk management",
        pillar="spbe",
        reference="PermenPANRB 5/2020; ind. 21",
        description_id=(
            "Kemampuan mengidentifikasi, menilai, menangani, dan memantau risiko SPBE sesuai "
            "PermenPANRB 5/2020."
        ),
        description_en=(
            "Ability to identify, assess, treat and monitor SPBE risks in line with "
            "PermenPANRB 5/2020."
        ),
        levels_id=(
            "Mengetahui konsep dasar risiko.",
            "Mengidentifikasi risiko dalam pelaksanaan tugasnya sendiri.",
            "Menilai dan mencatat risiko unit kerja beserta rencana penanganannya.",
            "Memelihara profil risiko SPBE OPD.",
            "Menetapkan konteks risiko dan selera risiko SPBE pemda.",
        ),
        levels_en=(
            "Knows basic risk concepts.",
            "Identifies risks in their own tasks.",
            "Assesses and records the unit's risks and their treatments.",
            "Maintains the OPD risk profile.",
            "Sets the pemda SPBE risk context and risk appetite.",
        ),
    ),
    CompetencySeed(
        code="SP.09",
        name_id="Kepemimpinan Digital & Manajemen Perubahan",
        name_en="Digital leadership & change management",
        pillar="spbe",
        reference="DLA; ind. 25–27",
        description_id=(
            "Kemampuan memimpin dan menggerakkan transformasi digital, termasuk manajemen "
            "perubahan, pengembangan kompetensi SDM, dan manajemen pengetahuan."
        ),
        description_en=(
            "Ability to lead and drive digital transformation, including change management, "
            "staff competence development and knowledge management."
        ),
        levels_id=(
            "Mengetahui tujuan transformasi digital.",
            "Menerapkan cara kerja digital yang baru.",
            "Menjadi penggerak perubahan di dalam tim dan berbagi pengetahuan.",
            "Memimpin perubahan digital di OPD dan menetapkan target kompetensi pegawai "
            "(indikator 25).",
            "Memimpin transformasi digital dan manajemen pengetahuan di lingkungan pemda.",
        ),
        levels_en=(
            "Knows the goals of digital transformation.",
            "Adopts new digital ways of working.",
            "Champions change in the team and shares knowledge.",
            "Leads digital change in the OPD and sets competency targets (indicator 25).",
            "Leads pemda digital transformation and knowledge management.",
        ),
    ),
)

COMPETENCY_CODES: Final[tuple[str, ...]] = tuple(c.code for c in COMPETENCIES)

# Jenis jabatan (§4.5): (code, Indonesian label). JF keahlian = Ahli Pertama…Utama;
# JF keterampilan = Pemula, Terampil, Mahir, Penyelia.
JENIS_JABATAN: Final[tuple[tuple[str, str], ...]] = (
    ("jpt", "Jabatan Pimpinan Tinggi (JPT)"),
    ("administrator", "Administrator"),
    ("pengawas", "Pengawas"),
    ("pelaksana", "Pelaksana"),
    ("fungsional_keahlian", "Fungsional Keahlian"),
    ("fungsional_keterampilan", "Fungsional Keterampilan"),
)


def _required(ld: int, sp: int, exceptions: dict[str, int] | None = None) -> dict[str, int]:
    """Uniform level for every LD and SP code, then per-code exceptions."""
    levels = {code: (ld if code.startswith("LD.") else sp) for code in COMPETENCY_CODES}
    levels.update(exceptions or {})
    return levels


# [PROPOSAL] Default required level per jenis jabatan × competency (docs/domain.md §3.2, editable in
# the admin). Every jenis jabatan lists all 19 codes.
#
# Decision for Pengawas and JF Keahlian (proposal says "LD 2–3"): LD 2 overall, but LD.07
# (personal digital safety) and LD.08 (personal data protection) at 3. Kasubbag/kasi/lurah and
# JF ahli routinely handle citizens' and employees' personal data (NIK, KK, health data) and
# shared unit devices, so they must apply consent, access limits and retention in unit processes
# and report incidents — the level-3 descriptors — rather than only follow the rules themselves.
_SAFETY_AT_3: Final[dict[str, int]] = {"LD.07": 3, "LD.08": 3}

DEFAULT_REQUIRED_LEVELS: Final[dict[str, dict[str, int]]] = {
    # JPT Pratama (kepala OPD, sekda): LD 3, SP 3; SPBE governance and digital leadership at 4.
    "jpt": _required(3, 3, {"SP.01": 4, "SP.09": 4}),
    # Administrator (sekretaris OPD, kabid, camat).
    "administrator": _required(3, 3),
    # Pengawas (kasubbag, kasi, lurah).
    "pengawas": _required(2, 2, _SAFETY_AT_3),
    "pelaksana": _required(2, 1),
    # JF Keahlian is treated like Pengawas (proposal: "JF Ahli Pertama–Muda").
    "fungsional_keahlian": _required(2, 2, _SAFETY_AT_3),
    "fungsional_keterampilan": _required(2, 1),
}

# [PROPOSAL] Raised SPBE levels for IT positions — JF Pranata Komputer, JF Penata Kelola
# Informatika SPBE and Diskominfo IT staff. Applied only when HR flags the position as an IT
# role, as a floor on top of the jenis-jabatan default: required = max(default, override).
IT_ROLE_OVERRIDES: Final[dict[str, int]] = {
    "SP.02": 3,
    "SP.03": 3,
    "SP.04": 4,
    "SP.05": 3,
    "SP.06": 3,
    "SP.07": 3,
}
