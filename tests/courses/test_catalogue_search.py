"""Catalogue search (issue 13, item 9): course, module and lesson titles, summaries and
competency names; every word must be found, as the start of a word on PostgreSQL; only live,
public courses; hostile input answered with a page, never an error or a hidden course."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses.models import CoursePage, LessonPage, ModulePage
from courses.selectors import published_courses
from courses.selectors.search import courses_matching, search_terms, unaccented
from tests.factories.courses import build_course, catalogue

pytestmark = pytest.mark.django_db

LITERACY = "Literasi dan Keamanan Digital untuk ASN"


def found(client, q: str, **params) -> list[str]:
    response = client.get(catalogue().url, {"q": q, **params})
    assert response.status_code == 200
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


# --- the words of a query ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("hoaks", ["hoaks"]),
        ("  Keamanan   DIGITAL ", ["keamanan", "digital"]),
        ("LD-101", ["ld", "101"]),
        ("SP.01", ["sp", "01"]),
        ("Café Ñandú", ["cafe", "nandu"]),
        ("Ｋｅａｍａｎａｎ", ["keamanan"]),  # full-width letters, as some phone keyboards type
        ("straße", ["strasse"]),
        ("<script>alert(1)</script>", ["script", "alert", "1"]),
        ("' OR 1=1 --", ["or", "1"]),
        ("data_pribadi 100%", ["data", "pribadi", "100"]),
        ("hoaks & !spbe | (x:*) <-> y", ["hoaks", "spbe", "x", "y"]),
        ("%", []),
        ("_", []),
        ("   ", []),
        ("'\"`;--", []),
        ("🔒🔑", []),
        ("a b c d e f g h i j", ["a", "b", "c", "d", "e", "f", "g", "h"]),  # at most 8
        ("ulang ulang ULANG", ["ulang"]),
    ],
)
def test_search_terms(query, terms):
    assert search_terms(query) == terms


def test_a_term_is_at_most_40_characters_and_a_long_query_is_cut_first():
    assert search_terms("x" * 10_000) == ["x" * 40]
    assert len(search_terms(" ".join(f"kata{i}" for i in range(5_000)))) == 8


def test_unaccented():
    assert unaccented("Pelindungan DATA Pribadi É") == "pelindungan data pribadi e"


# --- what is searched ----------------------------------------------------------------------


def test_every_searched_text_finds_its_course(client):
    course = build_course(
        title="Tata Kelola Arsip", code="ARS-201", summary="Menyimpan naskah dinas dengan tertib."
    )
    other = build_course(title="Dasar SPBE", targets=(("SP.02", 1),))
    module = ModulePage.objects.child_of(course).first()
    module.title, module.intro = "Retensi dokumen", "Jadwal retensi arsip aktif dan inaktif."
    module.save_revision().publish()
    lesson = LessonPage.objects.child_of(module).first()
    lesson.title, lesson.search_description = "Pemusnahan arsip", "Berita acara pemusnahan."
    lesson.save_revision().publish()
    client.get(catalogue().url)
    for words in (
        "tata kelola",  # course title
        "ARS-201",  # code, with its hyphen
        "naskah",  # summary
        "Retensi dokumen",  # module title
        "inaktif",  # module introduction
        "pemusnahan",  # lesson title
        "berita acara",  # lesson description
        "SP.01",  # a competency's code (the factory's default target)
    ):
        assert found(client, words) == ["Tata Kelola Arsip"], words
    assert found(client, "SP.02") == [other.title]


def test_every_word_must_be_found_somewhere_in_the_course(client):
    build_course(title="Keamanan Digital", summary="Kata sandi dan MFA.")
    build_course(title="Keamanan Informasi", summary="Klasifikasi informasi.")
    assert sorted(found(client, "keamanan")) == ["Keamanan Digital", "Keamanan Informasi"]
    # "keamanan" in the title and "sandi" in the summary: both found, in different texts.
    assert found(client, "keamanan sandi") == ["Keamanan Digital"]
    assert found(client, "keamanan tidakada") == []


def test_search_and_filters_together(client):
    build_course(title="Keamanan Digital", category="literasi_digital", targets=(("LD.07", 2),))
    build_course(title="Keamanan SPBE", category="spbe", targets=(("SP.01", 2),))
    assert found(client, "keamanan", kategori="spbe") == ["Keamanan SPBE"]
    assert found(client, "keamanan", kompetensi="LD.07", level="2") == ["Keamanan Digital"]


def test_hoaks_and_a_prefix_find_the_literacy_course_of_the_demo(client, demo):
    for words in ("hoaks", "Hoaks", "HOAKS", "hoáks", "keaman", "keamanan digital", "LD-101"):
        titles = found(client, words)
        assert LITERACY in titles, words
    assert LITERACY in found(client, "penelusuran informasi")  # the LD.02 competency's name
    assert found(client, "hoaks") == [LITERACY]


# --- what is never found -----------------------------------------------------------------------


@pytest.fixture
def hidden(client):
    """A public course, an unpublished one, a private one (login restriction) and a public
    course whose only matching lesson is a draft: all titled with the word "rahasia"."""
    visible = build_course(title="Kursus Rahasia Terbuka")
    draft = build_course(title="Kursus Rahasia Draf")
    draft.unpublish()
    private = build_course(title="Kursus Rahasia Tertutup")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    holder = build_course(title="Kursus Biasa")
    lesson = LessonPage.objects.descendant_of(holder).first()
    lesson.title = "Pelajaran rahasia"
    lesson.save_revision()  # saved as a draft: the live title is still the old one
    lesson.unpublish()
    return visible


def test_unpublished_private_and_draft_content_is_never_found(client, hidden):
    assert found(client, "rahasia") == ["Kursus Rahasia Terbuka"]
    assert sorted(found(client, "kursus")) == ["Kursus Biasa", "Kursus Rahasia Terbuka"]
    matching = courses_matching(CoursePage.objects.live().public(), "rahasia")
    assert [course.title for course in matching] == ["Kursus Rahasia Terbuka"]


HOSTILE = [
    "%",
    "_",
    "%%%%",
    "__",
    "%_%",
    "'",
    '"',
    "\\",
    "' OR '1'='1",
    "rahasia' OR 1=1 --",
    "'; DROP TABLE courses_coursepage; --",
    "1 UNION SELECT password FROM users_user",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "   ",
    "\t\n",
    "x" * 5_000,
    "rahasia " * 500,
    "hoaks & | ! ( ) :* <-> <2>",
    "'rahasia':* | 'draf':*",
    "🔒 日本語 عربى Ñandú",
    "\x00rahasia\x00",
    "rahasia\u200b",
    "＜script＞",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_a_page_and_reveal_nothing(client, hidden, query):
    response = client.get(catalogue().url, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Kursus Rahasia Draf", "Kursus Rahasia Tertutup", "Pelajaran rahasia"):
        assert title not in html
    assert "<script>alert" not in html and "<img src=x" not in html
    titles = set(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html))
    assert titles <= {"Kursus Rahasia Terbuka", "Kursus Biasa"}
    typed = query.replace("\x00", "")[:100].strip()
    if typed and not search_terms(typed):
        assert titles == set()  # no word at all: a bare "%" or "_" is not a wildcard


@pytest.mark.parametrize("query", ["%", "_", "' OR 1=1 --", "x" * 5_000, "\x00"])
def test_the_selector_itself_takes_hostile_input(hidden, query):
    titles = [course.title for course in courses_matching(published_courses(), query)]
    assert "Kursus Rahasia Draf" not in titles and "Kursus Rahasia Tertutup" not in titles


@pytest.mark.parametrize(
    "params",
    [
        {"kompetensi": "\x00"},
        {"kompetensi": "' OR 1=1 --"},
        {"kategori": "%"},
        {"level": "١"},  # an Arabic-Indic digit: a decimal digit, read as 1
        {"level": "²"},  # a superscript: str.isdigit() says yes, int() refuses it
        {"level": "9" * 5_000},
        {"jp_maks": "NaN"},
        {"jp_maks": "Infinity"},
        {"jp_maks": "-1e999999"},
        {"jp_maks": "9" * 200},
    ],
)
def test_hostile_filters_answer_a_page(client, hidden, params):
    response = client.get(catalogue().url, params)
    assert response.status_code == 200
    assert "Kursus Rahasia Draf" not in response.content.decode()


# --- queries -----------------------------------------------------------------------------------


def test_a_search_costs_the_same_queries_for_1_or_21_courses(client, django_assert_max_num_queries):
    """docs/quality.md P1: one statement searches every course (no query per course)."""
    build_course(modules=2, lessons=5, title="Kursus Keamanan 0")
    url = catalogue().url
    client.get(url, {"q": "keamanan kursus"})  # warm caches
    with CaptureQueriesContext(connection) as small:
        assert found(client, "keamanan kursus") == ["Kursus Keamanan 0"]
    for i in range(1, 21):
        build_course(modules=2, lessons=5, title=f"Kursus Keamanan {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(found(client, "keamanan kursus")) == 21


# --- PostgreSQL: full-text search, accents, ranking ------------------------------------------


@pytest.mark.postgres
def test_postgres_matches_word_starts_not_inside_words(client):
    build_course(title="Keamanan Digital")
    build_course(title="Kursus Lain", summary="Tentang pengamanan jaringan.")
    assert found(client, "keaman") == ["Keamanan Digital"]
    # On PostgreSQL a word matches the start of a word: "aman" is inside both, starts neither.
    assert found(client, "aman") == []
    assert found(client, "pengaman") == ["Kursus Lain"]


@pytest.mark.postgres
def test_postgres_ignores_accents_in_the_courses_too(client):
    build_course(title="Etika Digital", summary="Netiket di grup WhatsApp kantor: résumé.")
    assert found(client, "resume") == ["Etika Digital"]
    assert found(client, "RÉSUMÉ") == ["Etika Digital"]


@pytest.mark.postgres
def test_postgres_ranks_a_title_match_first(client):
    build_course(title="Kursus Umum", summary="Sedikit tentang phishing.")
    build_course(title="Mengenali Phishing")
    assert found(client, "phishing") == ["Mengenali Phishing", "Kursus Umum"]


@pytest.mark.postgres
def test_postgres_hostile_tsquery_syntax_is_never_syntax(client, hidden):
    for query in ("rahasia:* | draf", "!kursus", "(rahasia", "rahasia <-> draf", "'", "\\'"):
        response = client.get(catalogue().url, {"q": query})
        assert response.status_code == 200, query
        assert "Kursus Rahasia Draf" not in response.content.decode()
