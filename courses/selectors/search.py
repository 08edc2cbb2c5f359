"""Catalogue search: the words a learner types, found in a course's title, code and summary,
its modules' titles and introductions, its lessons' titles and descriptions, and the codes and
names of the competencies it develops ("hoaks" finds LD-101 through a lesson title and the
LD.02 competency).

Every word must be found (AND). Matching is Indonesian-aware in the only way that holds for a
language without a PostgreSQL stemmer: no stemming, no English stop words, accents ignored,
and each word matches as the start of a word ("keaman" finds "keamanan").

* **PostgreSQL**: full-text search with the ``simple`` configuration. The text of a course, its
  live modules and lessons and its competencies is put together in one statement (correlated
  subqueries, no query per course), passed through ``unaccent`` (migration 0008) and split at
  every character that is not a letter or digit, the same rule that splits the query in Python,
  so "LD-101" or "SP.01" match whichever way they are typed. The query is a ``to_tsquery`` of
  prefix terms (``'keaman':* & 'hoaks':*``) built only from letters and digits, each quoted:
  nothing the learner types is ever read as tsquery syntax. Results are ranked, title first.
* **SQLite** (development and unit tests): every word must be contained, case-insensitively,
  in one of the same texts (``icontains``: Django escapes ``%`` and ``_``). Accents are removed
  from the query only.

Only courses of the queryset passed in are searched: the caller gives the published, public
courses; the modules and lessons searched are live ones only.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat

from ..models import CourseCompetency, CoursePage, LessonPage, ModulePage

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
# Letters without a decomposition that NFKD would take apart (PostgreSQL's unaccent knows them).
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def unaccented(text: str) -> str:
    """``text`` lowercased, with accents and other combining marks removed ("Café" → "cafe")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_terms(query: str) -> list[str]:
    """The words of ``query``: runs of letters and digits, lowercased and unaccented, each cut
    to 40 characters, without repeats, at most 8. Punctuation, quotes, ``%``, ``_``, markup
    and SQL are only separators: ``"<script>"`` is the word ``script``, ``"%"`` no word."""
    terms: list[str] = []
    for word in re.findall(r"[^\W_]+", unaccented(query[: MAX_TERMS * (MAX_TERM_LENGTH + 1)])):
        word = word[:MAX_TERM_LENGTH]
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def courses_matching(courses: QuerySet[CoursePage], query: str) -> QuerySet[CoursePage]:
    """The courses of ``courses`` where every word of ``query`` is found (see the module), best
    match first on PostgreSQL. A query without any word (only spaces or punctuation) matches
    nothing: the caller leaves an empty query out."""
    terms = search_terms(query)
    if not terms:
        return courses.none()
    if connection.vendor == "postgresql":
        return _postgres_matching(courses, terms)
    return _contains_matching(courses, terms)


def _live_descendants(model):
    return model.objects.filter(
        live=True, path__startswith=OuterRef("path"), depth__gt=OuterRef("depth")
    )


def _contains_matching(courses: QuerySet[CoursePage], terms: list[str]) -> QuerySet[CoursePage]:
    for term in terms:
        modules = _live_descendants(ModulePage).filter(
            Q(title__icontains=term) | Q(intro__icontains=term)
        )
        lessons = _live_descendants(LessonPage).filter(
            Q(title__icontains=term) | Q(search_description__icontains=term)
        )
        competencies = CourseCompetency.objects.filter(course=OuterRef("pk")).filter(
            Q(competency__code__icontains=term)
            | Q(competency__name__icontains=term)
            | Q(competency__name_en__icontains=term)
        )
        courses = courses.filter(
            Q(title__icontains=term)
            | Q(code__icontains=term)
            | Q(summary__icontains=term)
            | Exists(modules)
            | Exists(lessons)
            | Exists(competencies)
        )
    return courses


def _postgres_matching(courses: QuerySet[CoursePage], terms: list[str]) -> QuerySet[CoursePage]:
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    text = TextField()
    space = Value(" ", output_field=text)
    empty = Value("", output_field=text)

    def joined(queryset, *fields):
        """One text of every row of ``queryset`` (a correlated subquery, one group)."""
        parts = [
            part for name in fields for part in (Coalesce(F(name), empty, output_field=text), space)
        ]
        rows = queryset.order_by().annotate(one=Value(1)).values("one")
        aggregate = StringAgg(Concat(*parts, output_field=text), " ", output_field=text)
        return Subquery(rows.annotate(text=aggregate).values("text")[:1], output_field=text)

    def words(expression, weight: str) -> SearchVector:
        plain = Func(
            Func(Coalesce(expression, empty, output_field=text), function="unaccent"),
            Value(r"[^[:alnum:]]+"),
            space,
            Value("g"),
            function="regexp_replace",
            output_field=text,
        )
        return SearchVector(plain, config="simple", weight=weight)

    vector = (
        words(Concat(F("title"), space, F("code"), output_field=text), "A")
        + words(
            joined(
                CourseCompetency.objects.filter(course=OuterRef("pk")),
                "competency__code",
                "competency__name",
                "competency__name_en",
            ),
            "B",
        )
        + words(joined(_live_descendants(LessonPage), "title", "search_description"), "B")
        + words(F("summary"), "C")
        + words(joined(_live_descendants(ModulePage), "title", "intro"), "C")
    )
    # Each term holds letters and digits only (search_terms) and is quoted: never syntax.
    query = SearchQuery(
        " & ".join(f"'{term}':*" for term in terms), search_type="raw", config="simple"
    )
    return (
        courses.alias(document=vector)
        .filter(document=query)
        .annotate(search_rank=SearchRank(vector, query))
        .order_by("-search_rank", "path")
    )
