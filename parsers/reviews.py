"""Ratings ("4.6 out of 5", "4,6 von 5", "5つ星のうち4.6") and review counts ("1,234 reviews",
"1.234 Bewertungen", "レビュー(128件)", "12,8K ratings", "评价 3.2万") from text.

Table-driven: a language is a row of review words; add a row to support one more. A rating is
"X out of Y" on a scale of 5, 10 or 100 ("4.3 / 128" is none), else the number after a rating
word ("평점 4.8", "评分 4.8"), else the first number; a rating is never read as a count.
"""

from __future__ import annotations

import re

#: Words that sit next to a review count, by primary language subtag.
REVIEW_WORDS = {
    "en": ("reviews", "review", "ratings", "rating", "customer reviews"),
    "de": ("bewertungen", "bewertung", "rezensionen", "rezension", "kundenbewertungen"),
    "fr": ("avis", "évaluations", "évaluation", "notes", "commentaires", "commentaire"),
    "es": ("reseñas", "reseña", "opiniones", "opinión", "valoraciones", "valoración",
           "calificaciones", "clasificaciones", "comentarios"),
    "it": ("recensioni", "recensione", "valutazioni", "valutazione", "opinioni", "voti"),
    "nl": ("beoordelingen", "beoordeling", "recensies", "reviews"),
    "pt": ("avaliações", "avaliação", "comentários", "opiniões", "classificações"),
    "ja": ("レビュー", "件", "評価", "口コミ", "クチコミ"),
    "zh": ("评价", "評價", "评论", "評論", "条", "個", "人评"),
    "ko": ("리뷰", "상품평", "후기", "평가", "개"),
}

#: Phrases that say there are no reviews yet: a count of 0, not a missing one.
NO_REVIEWS = (
    "no reviews", "no ratings", "not yet reviewed", "be the first to review",
    "keine bewertungen", "noch nicht bewertet", "aucun avis", "pas encore d'avis",
    "soyez le premier", "sin reseñas", "sin opiniones", "sin valoraciones", "no hay valoraciones",
    "no hay opiniones", "no hay reseñas", "sé el primero", "nessuna recensione",
    "non ci sono recensioni", "ancora nessuna", "geen beoordelingen", "geen reviews",
    "nog geen", "nenhuma avaliação", "ainda não há avaliações", "sem avaliações",
    "seja o primeiro", "レビューはありません", "レビューはまだありません", "まだレビュー", "まだ評価",
    "評価はありません", "まだ口コミ", "口コミはありません", "暂无评价",
    "暂无评论", "还没有评价", "尚無評價", "리뷰가 없습니다", "아직 리뷰",
)

#: Multipliers written after a number: "12,8K", "3.2万", "1,2 Tsd.".
MULTIPLIERS = {"k": 1_000, "tsd": 1_000, "tsd.": 1_000, "mil": 1_000, "m": 1_000_000,
               "mio": 1_000_000, "mio.": 1_000_000, "千": 1_000, "万": 10_000, "萬": 10_000,
               "億": 100_000_000, "만": 10_000}

_NUMBER = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?P<sep>[.,\u00a0\u202f' ])\d{3}(?:(?P=sep)\d{3})*|\d+(?:[.,]\d+)?)"
    r"(?:\s*(?P<mult>tsd\.?|mio\.?|mil|k|m|千|万|萬|億|만)(?![a-z]))?",
    re.IGNORECASE,
)
#: Words that name an average rating: the number after one is the rating ("평점 4.8").
RATING_WORDS = (
    "rating", "rated", "average", "score", "bewertung", "durchschnitt", "note", "moyenne",
    "valoración", "puntuación", "valutazione", "media", "beoordeling", "gemiddeld", "nota",
    "avaliação", "média", "評価", "评分", "評分", "평점", "별점", "★", "⭐",
)
#: Scales a rating is given on: "4.3 / 128" is not a rating of 4.3 out of 128.
SCALES = (5.0, 10.0, 100.0)
#: "Based on one review" with the number as a word (an article in most languages).
BASED_ON_ONE = re.compile(
    r"(?:based on|basiert auf|basierend auf|basé sur|basée sur|basado en|basada en|basato su|"
    r"gebaseerd op|baseado em|baseada em)\s+(?:one|a|einer|einem|un|une|una|uno|één|een|uma|um)\s",
    re.IGNORECASE,
)
_OUT_OF = re.compile(
    r"(?P<value>\d+(?:[.,]\d+)?)\s*(?:out of|of|von|sur|de|su|van de|van|av|из|em|/)\s*"
    r"(?P<best>\d+(?:[.,]\d+)?)",
    re.IGNORECASE,
)
_JA_OUT_OF = re.compile(
    r"(?P<best>\d+)\s*(?:つ星のうち|つ星中|点満点中|点満点で|점\s*만점에|점?\s*중)\s*"
    r"(?P<value>\d+(?:[.,]\d+)?)")
#: A scale with no value is no rating: "Évaluation sur 5 étoiles", "5점 만점".
_SCALE_ONLY = re.compile(
    r"(?:out of|von|sur|su|van|de|em|/)\s*(?:5|10|100)(?![\d.,])|(?:5|10|100)\s*(?:점\s*만점|つ星)",
    re.IGNORECASE,
)
_AFTER_RATING_WORD = re.compile(
    rf"(?:{'|'.join(re.escape(w) for w in RATING_WORDS)})[^\d\n]{{0,3}}"
    r"(?P<value>\d+(?:[.,]\d+)?)",
    re.IGNORECASE,
)


def scale_rating(value: object, best: object = None) -> float | None:
    """A rating on a 0–5 scale: ("4,6", None) → 4.6, ("92", "100") → 4.6; None if invalid."""
    try:
        number = float(str(value).strip().replace(",", "."))
        scale = float(str(best).strip().replace(",", ".")) if best not in (None, "") else 5.0
    except ValueError:
        return None
    if scale <= 0 or not 0 <= number <= scale:
        return None
    return round(number * 5 / scale, 2)


def _scale(best: str) -> float:
    return float(best.replace(",", "."))


def parse_rating(text: str | None, lang: str | None = None) -> float | None:
    """Average rating on a 0–5 scale: "4.6 out of 5" → 4.6, "★ 4.6" → 4.6, "9,2/10" → 4.6,
    "4,5 de 5 estrellas" → 4.5, "5점 만점에 4.5점" → 4.5.

    ``lang`` is accepted for symmetry with ``parse_review_count``; every pattern applies to
    every language.
    """
    if not text:
        return None
    for pattern in (_OUT_OF, _JA_OUT_OF):
        for match in pattern.finditer(text):
            if _scale(match.group("best")) in SCALES:
                return scale_rating(match.group("value"), match.group("best"))
    for match in _AFTER_RATING_WORD.finditer(text):
        rating = scale_rating(match.group("value"))
        if rating is not None:
            return rating
    for match in re.finditer(r"\d+(?:[.,]\d+)?", _SCALE_ONLY.sub(" ", text)):
        rating = scale_rating(match.group(0))
        if rating is not None:
            return rating
    stars = text.strip()
    if stars and set(stars) <= {"★", "☆"}:
        return float(stars.count("★"))
    return None


def _count(match: re.Match[str]) -> int | None:
    num, mult = match.group("num"), (match.group("mult") or "").lower()
    if match.group("sep"):
        number = float(re.sub(r"\D", "", num))
    else:
        number = float(num.replace(",", "."))
        if not mult and number != int(number):
            return None  # "4.6" is a rating, not a count
    return int(round(number * MULTIPLIERS.get(mult, 1)))


def _words(lang: str | None) -> list[str]:
    primary = (lang or "").replace("_", "-").split("-")[0].lower()
    if primary in REVIEW_WORDS:
        return [*REVIEW_WORDS[primary], *REVIEW_WORDS["en"]]
    return [word for row in REVIEW_WORDS.values() for word in row]


def _distance(text: str, match: re.Match[str], words: list[str]) -> int | None:
    """Characters between the number and the nearest review word (within 12), else None."""
    before = text[max(0, match.start() - 12):match.start()].lower()
    after = text[match.end():match.end() + 12].lower()
    distances = [len(before) - before.rfind(w) - len(w) for w in words if w in before]
    distances += [after.find(w) for w in words if w in after]
    return min(distances, default=None)


def parse_review_count(text: str | None, lang: str | None = None) -> int | None:
    """Number of reviews: "1,234 reviews" → 1234, "12,8K" → 12800, "评价 3.2万" → 32000.

    The number next to a review word wins ("4.6 (1,234 reviews)" → 1234), else the last
    count-like number; ``lang`` limits the words to that language and English.
    "No reviews yet" is 0; text without a count is None.
    """
    if not text:
        return None
    words = _words(lang)
    # "5 von 5 Sternen" is a rating, not a count ("4.3 / 128" is no rating: 128 is a count)
    text = _OUT_OF.sub(lambda m: " " if _scale(m.group("best")) in SCALES else m.group(0), text)
    best: tuple[int, int] | None = None  # (distance to a review word, count)
    fallback = None
    for match in _NUMBER.finditer(text):
        count = _count(match)
        if count is None:
            continue
        fallback = count
        distance = _distance(text, match, words)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, count)
    if best is not None:
        return best[1]
    if fallback is not None:
        return fallback
    if BASED_ON_ONE.search(text):
        return 1
    return 0 if any(phrase in text.lower() for phrase in NO_REVIEWS) else None
