"""Full-text search of the public record: recommendations' titles and text, and the published
decisions' explanations and updates' summaries, in public assemblies only.

PostgreSQL matches English tsvectors (stemmed; GIN indexes from migration 0017 over the same
expressions) and ranks with ``ts_rank``; SQLite matches the FTS5 table ``search_index``
(porter stemming, kept in sync by triggers) and ranks with ``bm25``. The same words find the
same recommendations on both: "insulating" finds "insulation". Results are one per
recommendation, best first; ties go by assembly name and number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import text

from portal.extensions import db
from portal.models import Assembly, Recommendation, ResponseEntry

MAX_QUERY = 200
MAX_WORDS = 8
LIMIT = 50
SNIPPET = 240
_WORD = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "ed", "es", "s", "e", "y")

RECOMMENDATION_DOCUMENT = "coalesce(r.title, '') || ' ' || coalesce(r.text, '')"
ENTRY_DOCUMENT = "coalesce(e.explanation, '') || ' ' || coalesce(e.summary, '')"


@dataclass
class SearchResult:
    recommendation: Recommendation
    rank: float
    snippets: list[Markup] = field(default_factory=list)


def words_of(query: str) -> list[str]:
    """The words searched for: letters and digits only (so nothing typed is query syntax)."""
    return _WORD.findall((query or "")[:MAX_QUERY].lower())[:MAX_WORDS]


def _postgresql(words: list[str], assembly_id: int | None):
    query = " ".join(words)
    where_assembly = "AND a.id = :assembly_id" if assembly_id is not None else ""
    sql = f"""
        SELECT recommendation_id, max(rank) AS rank FROM (
            SELECT r.id AS recommendation_id,
                   ts_rank(to_tsvector('english', {RECOMMENDATION_DOCUMENT}), q) * 2 AS rank
            FROM recommendations r JOIN assemblies a ON a.id = r.assembly_id,
                 plainto_tsquery('english', :query) q
            WHERE a.is_public {where_assembly}
              AND to_tsvector('english', {RECOMMENDATION_DOCUMENT}) @@ q
            UNION ALL
            SELECT r.id, ts_rank(to_tsvector('english', {ENTRY_DOCUMENT}), q)
            FROM response_entries e JOIN recommendations r ON r.id = e.recommendation_id
                 JOIN assemblies a ON a.id = r.assembly_id, plainto_tsquery('english', :query) q
            WHERE a.is_public {where_assembly} AND e.published_at IS NOT NULL
              AND to_tsvector('english', {ENTRY_DOCUMENT}) @@ q
        ) found GROUP BY recommendation_id
    """  # noqa: S608 - only the constant fragments above are put in; values are bound
    return db.session.execute(text(sql), {"query": query, "assembly_id": assembly_id})


def _sqlite(words: list[str], assembly_id: int | None):
    query = " AND ".join(f'"{word}"' for word in words)
    where_assembly = "AND a.id = :assembly_id" if assembly_id is not None else ""
    # bm25() only works in the query over the FTS table itself: materialise it first.
    sql = f"""
        WITH s AS MATERIALIZED (
            SELECT recommendation_id, entry_id, bm25(search_index) AS score
            FROM search_index WHERE search_index MATCH :query
        )
        SELECT s.recommendation_id,
               max(-s.score * (CASE WHEN s.entry_id IS NULL THEN 2 ELSE 1 END)) AS rank
        FROM s
        JOIN recommendations r ON r.id = s.recommendation_id
        JOIN assemblies a ON a.id = r.assembly_id
        LEFT JOIN response_entries e ON e.id = s.entry_id
        WHERE a.is_public {where_assembly}
          AND (s.entry_id IS NULL OR e.published_at IS NOT NULL)
        GROUP BY s.recommendation_id
    """  # noqa: S608 - only the constant fragments above are put in; values are bound
    return db.session.execute(text(sql), {"query": query, "assembly_id": assembly_id})


def search(query: str, assembly: Assembly | None = None) -> list[SearchResult]:
    """Recommendations of public assemblies (or of ``assembly``, if public) matching every word."""
    words = words_of(query)
    if not words or (assembly is not None and not assembly.is_public):
        return []
    assembly_id = assembly.id if assembly is not None else None
    run = _postgresql if db.engine.dialect.name == "postgresql" else _sqlite
    ranks = {int(row[0]): float(row[1] or 0) for row in run(words, assembly_id)}
    if not ranks:
        return []
    recommendations = db.session.scalars(
        db.select(Recommendation)
        .join(Assembly)
        .where(Recommendation.id.in_(ranks))
        .order_by(Assembly.name, Recommendation.number)
    ).all()
    entries: dict[int, list[ResponseEntry]] = {}
    for entry in db.session.scalars(
        db.select(ResponseEntry)
        .where(ResponseEntry.recommendation_id.in_(ranks), ResponseEntry.published_at.is_not(None))
        .order_by(ResponseEntry.published_at.desc(), ResponseEntry.id.desc())
    ):
        entries.setdefault(entry.recommendation_id, []).append(entry)
    results = []
    for recommendation in recommendations:
        texts = [recommendation.text or ""] + [
            entry.explanation or entry.summary or "" for entry in entries.get(recommendation.id, [])
        ]
        snippets = [highlight(snippet_of(piece, words), words) for piece in texts]
        results.append(
            SearchResult(
                recommendation=recommendation,
                rank=ranks[recommendation.id],
                snippets=[s for s in snippets if "<mark>" in s][:2],
            )
        )
    results.sort(key=lambda result: -result.rank)  # stable: ties stay by assembly and number
    return results[:LIMIT]


def stem(word: str) -> str:
    """A rough English stem, only for highlighting: "insulating" and "insulation" -> "insul"."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.rstrip("aeiouy") if len(word.rstrip("aeiouy")) >= 3 else word


def _matches(token: str, stems: list[str]) -> bool:
    """Same stem, or (for stems of 4 letters or more) one stem begins the other."""
    token_stem = stem(token)
    for query_stem in stems:
        if token_stem == query_stem:
            return True
        short, long = sorted((token_stem, query_stem), key=len)
        if len(short) >= 4 and long.startswith(short):
            return True
    return False


def snippet_of(source: str, words: list[str]) -> str:
    """Up to SNIPPET characters of ``source`` around the first matching word."""
    source = " ".join((source or "").split())
    if len(source) <= SNIPPET:
        return source
    stems = [stem(word) for word in words]
    start = 0
    for match in _WORD.finditer(source):
        if _matches(match.group(), stems):
            start = max(match.start() - SNIPPET // 3, 0)
            break
    piece = source[start : start + SNIPPET]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(source) else "")


def highlight(source: str, words: list[str]) -> Markup:
    """``source`` escaped, with the words that match the search (by stem) in ``<mark>``."""
    stems = [stem(word) for word in words]
    out = []
    last = 0
    for match in _WORD.finditer(source):
        if _matches(match.group(), stems):
            out.append(escape(source[last : match.start()]))
            out.append(Markup("<mark>%s</mark>") % match.group())
            last = match.end()
    out.append(escape(source[last:]))
    return Markup("").join(out)
