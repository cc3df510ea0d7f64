"""Delivery promises from text, in many languages: "Lieferzeit 2–4 Werktage" → 2 to 4 days.

Table-driven: units, range words, "within" words, next-day and same-day phrases and month
names (from Babel) are rows; a language is supported by adding its words. Rules, in order:

1. clauses about returns, warranty or deferred payment ("30 Tage Rückgaberecht", "100 Tage
   Zahlpause") are dropped first, so a returns window is never read as a delivery time; an
   order cut-off ("order within 2 hrs") is not a delivery time either;
2. a duration: "2–4 Werktage" (2, 4), "within 48 hours" / "sous 48h" (None, 2: hours are
   rounded up to days, minutes are the same day), "3日以内" (None, 3), "3 Wochen" (21, 21),
   "48h à 72h" (2, 3); numbers written as CJK numerals ("三天内") or as the Arabic dual
   ("يومين") count, and words match with or without accents ("ayni gun");
3. a date, resolved against ``today`` when given: "Arrives by Fri, Dec 4" (None, days until
   then), "Dec 4 – Dec 8" (a range), "12月4日お届け" (exact);
4. a next-day or same-day phrase: "next day", "Morgen geliefert", "翌日" (1, 1); "same day" (0, 0).

Nothing found gives a window whose days are None (never 0), with the raw text kept.
Shipping cost and free-shipping thresholds live in ``parsers.shipping``; returns in
``parse_returns_window`` below.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from parsers.records import Record
from parsers.textnorm import normalise_text, primary_language

#: Units of a duration: (regex, days per unit, business days?). Longest spellings first.
BUSINESS_UNITS = [
    r"business[- ]days?", r"working[- ]days?", r"work ?days?", r"weekdays?",
    r"werktage?n?", r"arbeitstage?n?", r"jours? ouvr[ée]s", r"jours? ouvrables?",
    r"d[íi]as? h[áa]biles", r"d[íi]as? laborables", r"giorni lavorativi", r"gg lavorativi",
    r"giorni feriali", r"werkdagen", r"werkdag", r"dias? [úu]teis", r"dia [úu]til",
    r"dni robocz(?:e|ych)", r"dzie[ńn] roboczy", r"arbetsdagar", r"arbetsdag", r"vardagar",
    "営業日", "個工作天", "个工作天", "工作天", "個工作日", "个工作日", "工作日", "영업일",
    r"أيام عمل", r"ايام عمل", r"يوم عمل",
    r"i[şs] g[üu]n[üu](?:d[üu]r|nde)?", r"i[şs] g[üu]nde",
]
DAY_UNITS = [
    r"calendar days?", r"kalendertage?n?", r"days?", r"tage?n?", r"jours?", r"j",
    r"d[íi]as?", r"giorni", r"giorno", r"gg", r"dagen", r"dag", r"dni", r"dzie[ńn]",
    r"dagar", "日間", "日", "天", "일", r"أيام", r"ايام", r"يوم", r"g[üu]nd[üu]r", r"g[üu]nde",
    r"g[üu]n",
]
HOUR_UNITS = [
    r"hours?", r"hrs?", r"stunden", r"std\.?", r"heures?", r"horas?", r"ore", r"uur",
    r"godzin[ya]?", r"timmar", r"timme", "時間", "小时", "小時", "시간", r"ساعات", r"ساعة",
    r"saat", r"h",
]
#: A promise in minutes is a same-day promise: 0 days ("Lieferzeit: ca. 45 min").
MINUTE_UNITS = [
    r"minutes?", r"minuten", r"minuter", r"minutos?", r"minuti", r"minut", r"mins?\.?",
    r"dakika", "分钟", "分鐘", "分", "분", r"دقيقة", r"دقائق",
]
WEEK_UNITS = [
    r"weeks?", r"wochen", r"woche", r"semaines?", r"semanas?", r"settimane", r"settimana",
    r"weken", r"week", r"tygodni[ea]?", r"veckor", r"vecka", "週間", "周", "週", "주",
    r"أسابيع", r"hafta",
]

#: Words between two numbers of a range ("2 bis 4", "3 à 5", "3 e 5"): spaced words only.
RANGE_WORDS = ["to", "bis", "à", "a", "al", "e", "y", "et", "und", "tot", "till", "do", "ile",
               "och", "en", "إلى", "الى", "or", "oder", "ou", "o"]
RANGE_SYMBOLS = r"-|/|至|到|～"

#: Words that make a single number an upper bound: "within 48 hours" → (None, 2).
WITHIN_BEFORE = [
    "within", "in under", "up to", "no later than", "in less than", "innerhalb von",
    "innerhalb", "binnen", "bis zu", "maximal", "max.", "sous", "en moins de", "jusqu'à",
    "dans les", "en menos de", "hasta", "en un máximo de", "en un plazo máximo de",
    "en un plazo de", "máximo", "entro", "fino a",
    "uiterlijk", "em até", "até", "no máximo", "w ciągu", "maks.", "maksymalnie", "inom",
    "senast", "خلال", "في غضون", "en geç", "최대",
]
WITHIN_AFTER = ["以内", "内", "이내", "내에", "내로", "안에", "içinde", "icinde", "以下"]
#: Words that make a single number a lower bound: "more than 2 weeks" → (14, None).
AT_LEAST_BEFORE = [
    "more than", "at least", "over", "mehr als", "mindestens", "über", "plus de", "au moins",
    "más de", "al menos", "mínimo", "più di", "oltre", "almeno", "meer dan", "minstens",
    "ten minste", "mais de", "pelo menos", "no mínimo", "ponad", "co najmniej", "powyżej",
    "mer än", "minst", "över", "en az", "أكثر من", "على الأقل",
]
AT_LEAST_AFTER = ["以上", "以降", "이상", "넘게", "fazla", "den fazla"]

NEXT_DAY = [
    "next day", "next-day", "tomorrow", "overnight", "morgen", "über nacht", "nächsten tag",
    "folgetag", "demain", "lendemain", "j+1", "mañana", "día siguiente", "dia siguiente",
    "domani", "giorno successivo", "giorno dopo", "volgende dag", "amanhã", "dia seguinte",
    "jutro", "następnego dnia", "imorgon", "i morgon", "nästa dag", "翌日", "明日", "次日",
    "明天", "隔日", "내일", "익일", "غدا", "غدًا", "اليوم التالي", "yarın", "ertesi gün",
]
SAME_DAY = [
    "same day", "same-day", "noch heute", "am selben tag", "le jour même", "aujourd'hui",
    "el mismo día", "mismo día", "hoy", "in giornata", "stesso giorno", "oggi", "vandaag",
    "no mesmo dia", "mesmo dia", "hoje", "tego samego dnia", "dzisiaj", "samma dag", "idag",
    "当日", "即日", "当天", "今日中", "오늘", "당일", "نفس اليوم", "aynı gün", "bugün",
]

#: A clause with one of these is about returns or warranty, not delivery.
RETURN_WORDS = [
    "return", "retour", "rückgabe", "rücksend", "widerruf", "umtausch", "money back",
    "geld-zurück", "remboursé", "rembourse", "devoluci", "devolver", "devolução", "devolucao",
    "troca", "reso", "resi ", "restituzion", "retourn", "zwrot", "retur", "ångerrätt", "返品", "返金",
    "交換", "退货", "退貨", "退换", "退換", "退款", "반품", "교환", "환불", "إرجاع", "ارجاع",
    "استرجاع", "استبدال", "iade", "bedenktijd", "öppet köp", "cooling-off",
]
#: Warranty and trial periods are not delivery times either.
WARRANTY_WORDS = ["warranty", "garantie", "garantía", "garanzia", "garantia", "gwarancj", "保証",
                  "保修", "보증", "ضمان", "trial", "essai", "probier"]
#: Nor is a deferred payment ("100 Tage Zahlpause", "pay in 30 days", "betala om 30 dagar").
PAYMENT_WORDS = ["zahlpause", "zahlungsaufschub", "zahlungsziel", "später bezahlen",
                 "pay later", "pay in ", "payer plus tard", "payez en", "paga después",
                 "paga dopo", "achteraf betalen", "betala senare", "betala om", "pague depois",
                 "zapłać później", "後払い", "先買後付", "후불"]
#: An order cut-off ("order within 2 hrs 30 mins") is not a delivery time.
ORDER_WORDS = [
    "order within", "order in the next", "order in", "bestellen sie innerhalb",
    "bestellung innerhalb", "bestellen innerhalb", "in den nächsten", "commandez dans",
    "commandez d'ici", "commandez avant", "pide en", "pide antes", "ordina entro",
    "bestel binnen", "peça em", "zamów w ciągu", "beställ inom", "以内にご注文", "内下单",
    "이내 주문", "اطلب خلال", "içinde sipariş",
]
#: A promise with one of these is about dispatch from the warehouse, not arrival.
DISPATCH_WORDS = [
    "ships in", "ships within", "dispatched", "dispatches", "ready to ship", "ready to dispatch",
    "same-day dispatch", "same day dispatch", "next-day dispatch", "next day dispatch",
    "dispatch within", "dispatch in", "ship the same day", "ships the same day",
    "versandfertig", "versandbereit", "wird versendet", "verschickt", "expédié", "expédition sous",
    "expédition en", "se envía", "enviado en", "spedito", "spedizione entro", "verzonden binnen",
    "wordt verzonden", "despachado", "enviado em", "postado", "wysyłka w", "wysyłka w ciągu",
    "wysyłamy", "skickas", "発送", "出荷", "发货", "發貨", "出货", "출고", "발송", "يتم شحن",
    "kargoya", "gönderilir", "kargoda",
]
#: Words that make a date an upper bound: "Arrives by Fri, Dec 4".
BY_WORDS = ["by", "before", "no later", "bis", "spätestens", "avant", "au plus tard", "antes",
            "entro", "uiterlijk", "vóór", "voor", "até", "do", "senast", "までに", "前",
            "까지", "قبل", "kadar"]

_DAYS = {**{u: (1, True) for u in BUSINESS_UNITS}, **{u: (1, None) for u in DAY_UNITS},
         **{u: (1 / 24, None) for u in HOUR_UNITS}, **{u: (7, None) for u in WEEK_UNITS},
         **{u: (0, None) for u in MINUTE_UNITS}}
_UNIT_NAMES = sorted(_DAYS, key=lambda u: len(u.replace("\\", "")), reverse=True)
_UNIT_RE = "|".join(f"(?P<u{i}>{u})" for i, u in enumerate(_UNIT_NAMES))
_NOT_LATIN = r"(?![A-Za-z\u00C0-\u024F])"  # "3 days" but not "3 dayside"; CJK units run on
_RANGE = "|".join([RANGE_SYMBOLS, *(rf"\s{re.escape(w)}\s" for w in RANGE_WORDS)])
_DURATION = re.compile(
    rf"(?<!\d)(?<!\d[.,])(?P<a>\d{{1,3}}(?:[.,]5)?)(?:\s*(?:{_RANGE})\s*(?P<b>\d{{1,3}}))?"
    rf"\s*(?:个|個|ヶ|か|カ)?\s*(?:{_UNIT_RE}){_NOT_LATIN}",
    re.IGNORECASE,
)
_REPEATED_UNIT = re.compile(
    rf"(?<![\d.,])(\d{{1,3}})\s*((?:{'|'.join(_UNIT_NAMES)}){_NOT_LATIN})\s*({_RANGE})\s*"
    rf"(\d{{1,3}})\s*\2{_NOT_LATIN}",
    re.IGNORECASE,
)
#: Numbers written as words where shops write them with a unit: "三天内发货", "两天", "يومين".
CJK_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10}
_CJK_NUMBER = re.compile(rf"(?<![{''.join(CJK_DIGITS)}])([{''.join(CJK_DIGITS)}]{{1,3}})"
                         r"(?=\s*(?:个|個|ヶ|か|カ)?\s*(?:天|日|周|週|小时|小時|時間|工作|営業))")
#: Small numbers written as words before a unit: "two to three working days", "einer Woche",
#: "deux jours". Words that are also common prepositions ("en") are left out.
NUMBER_WORDS = {
    **dict.fromkeys(["one"], 1), "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    **dict.fromkeys(["ein", "eine", "einen", "einem", "einer"], 1), "zwei": 2, "drei": 3,
    "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    **dict.fromkeys(["un", "une", "uno", "una", "um", "uma", "een", "één", "ett"], 1),
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
    "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "dois": 2, "duas": 2, "três": 3,
    "sete": 7, "oito": 8, "dez": 10, "twee": 2, "drie": 3, "vijf": 5, "zes": 6, "zeven": 7,
    "negen": 9, "tien": 10, "två": 2, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10,
}
_WORDS_ALTERNATION = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_WORD_NUMBER = re.compile(
    rf"(?<![^\W\d_])({_WORDS_ALTERNATION})(?=\s+(?:(?:{'|'.join(map(re.escape, RANGE_WORDS))}"
    rf"|-|–)\s+(?:{_WORDS_ALTERNATION}|\d{{1,3}})\s+)?(?:{'|'.join(_UNIT_NAMES)}){_NOT_LATIN})",
    re.IGNORECASE)
#: The Arabic dual is a number and a unit in one word: "يومين" is two days.
ARABIC_DUALS = {"يومين": "2 أيام", "ساعتين": "2 ساعات", "أسبوعين": "2 أسابيع",
                "اسبوعين": "2 أسابيع"}
_CLAUSE = re.compile(r"[;|•·\n、。，；،!?！？]|,\s|(?<!\d)\.\s|\s[-–]\s")
#: Business-day words anywhere in the text ("영업일 기준 2~3일").
BUSINESS_UNITS_PLAIN = [
    "business day", "working day", "werktag", "arbeitstag", "jours ouvrés", "jours ouvrables",
    "días hábiles", "dias habiles", "días laborables", "giorni lavorativi", "werkdag",
    "dias úteis", "dni robocze", "dni roboczych", "arbetsdag", "vardag", "営業日", "工作日",
    "영업일", "أيام عمل", "iş günü",
]
_CALENDAR = re.compile(r"calendar|kalender|calendrier|naturales|naturali|kalenderdag", re.I)


@dataclass
class DeliveryWindow(Record):
    """A delivery promise in days, as the page states it."""

    min_days: int | None
    """Fewest days to delivery: 2 for "2–4 Werktage"; None for "within 48 hours"."""
    max_days: int | None
    """Most days to delivery: 4 for "2–4 Werktage", 2 for "within 48 hours"."""
    raw: str | None
    """The text as given."""
    business_days: bool | None = None
    """True for business/working days ("Werktage", "営業日"), False for calendar days; None
    when the text does not say (plain "days", hours, dates, "next day")."""
    kind: str | None = None
    """"delivery" (arrival) or "dispatch" ("ships within 24 hours"); None when no promise."""

    @property
    def found(self) -> bool:
        """Whether the text states any number of days."""
        return self.min_days is not None or self.max_days is not None


_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d"})


def _fold(text: str) -> str:
    """Without accents, as shops type them when they leave them out: "aynı gün" → "ayni gun"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _has(text: str, words: list[str], stem: bool = False) -> str | None:
    """The first of ``words`` in the (lower-case) text, accents or none; a Latin word must start
    a word (and, unless ``stem``, end one: "hoy" is not in "hoyer")."""
    end = "" if stem else r"(?![^\W\d_])"
    folded = _fold(text)
    for word in words:
        bare = _fold(word)
        if bare[:1].isalpha() and bare[:1].isascii():
            if re.search(rf"(?<![^\W\d_]){re.escape(bare)}{end}", folded):
                return word
        elif bare in folded:
            return word
    return None


#: An at-least word ending the text before a number, accents or none: "more than" is a bound
#: in "more than 2 weeks", not in "over 50 € in 3 days".
_AT_LEAST_END = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(re.escape(_fold(w)) for w in AT_LEAST_BEFORE) + r")\s*$")


def _cjk_number(numerals: str) -> str:
    """"三" → "3", "十二" → "12", "二十" → "20"."""
    if "十" not in numerals:
        return str(CJK_DIGITS[numerals[-1]])
    tens, _, units = numerals.partition("十")
    return str((CJK_DIGITS[tens] if tens else 1) * 10 + (CJK_DIGITS[units] if units else 0))


def _digits(text: str) -> str:
    """Numbers as digits: CJK numerals before a unit ("三天" → "3天"), small numbers written as
    words before a unit ("two to three days" → "2 to 3 days"), Arabic duals ("يومين" →
    "2 أيام"), a number in brackets after its word ("tio (10) arbetsdagar" → "tio 10
    arbetsdagar"), and a unit written on both ends of a range once ("48h à 72h" → "48 à 72h")."""
    text = _CJK_NUMBER.sub(lambda m: _cjk_number(m.group(1)), text)
    text = _WORD_NUMBER.sub(lambda m: str(NUMBER_WORDS[m.group(1).lower()]), text)
    for dual, spelled in ARABIC_DUALS.items():
        text = text.replace(dual, spelled)
    text = re.sub(r"\((\d{1,3})\)", r"\1", text)
    return _REPEATED_UNIT.sub(r"\1 \3 \4\2", text)


def _without_returns(text: str) -> str:
    clauses = [c for c in _CLAUSE.split(text) if c and c.strip()]
    other = [*RETURN_WORDS, *WARRANTY_WORDS, *PAYMENT_WORDS]
    return " , ".join(c.strip() for c in clauses if not _has(c.lower(), other, stem=True))


def _unit(match: re.Match[str]) -> tuple[float, bool | None]:
    name = next(k for k, v in match.groupdict().items() if k.startswith("u") and v)
    return _DAYS[_UNIT_NAMES[int(name[1:])]]


def _days(value: str, per: float) -> int:
    return math.ceil(float(value.replace(",", ".")) * per - 1e-9)


def _duration(text: str) -> tuple[int | None, int | None, bool | None] | None:
    lower = text.lower()
    for match in _DURATION.finditer(text):
        before = lower[max(0, match.start() - 28):match.start()]
        if _has(before, ORDER_WORDS, stem=True) or before.rstrip().endswith(("月", "월")):
            continue  # an order cut-off, or the day of a date ("12月4日")
        per, business = _unit(match)
        low = _days(match.group("a"), per)
        high = _days(match.group("b"), per) if match.group("b") else None
        if high is not None and high < low:
            continue
        after = lower[match.end():match.end() + 10].lstrip()
        if high is None and (_AT_LEAST_END.search(_fold(before))
                             or any(after.startswith(w) for w in AT_LEAST_AFTER)):
            return low, None, business
        if high is None and (_has(before[-18:], WITHIN_BEFORE) or 0 < per < 1
                             or any(after.startswith(w) for w in WITHIN_AFTER)):
            return None, low, business  # hours promise an upper bound: "en 24h" is "within"
        return low, high if high is not None else low, business
    return None


@lru_cache(maxsize=32)
def _months(lang: str) -> dict[str, int]:
    from babel.dates import get_month_names

    langs = [lang] if lang else ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "tr"]
    names: dict[str, int] = {}
    for code in [*langs, "en"]:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    months = get_month_names(width, context, locale=code)
                except Exception:  # an unknown locale only loses its month names
                    continue
                for number, name in months.items():
                    names.setdefault(name.lower().rstrip("."), number)
    names.pop("", None)
    return names


_NUMERIC_DATE = re.compile(
    r"(?<![\d./])(?:(?P<y>\d{4})[./-](?P<a>\d{1,2})[./-](?P<b>\d{1,2})"
    r"|(?P<c>\d{1,2})[./-](?P<d>\d{1,2})[./-](?:\d{4}|\d{2}))(?![\d./])")


def _month_day(match: re.Match[str], lang: str) -> tuple[int, int]:
    """(month, day) of a numeric date: year first ("2026/12/04"), else day first as most of the
    world writes it ("4/12/2026"), month first in English ("12/4/2026") unless it cannot be."""
    if match.group("y"):
        return int(match.group("a")), int(match.group("b"))
    first, second = int(match.group("c")), int(match.group("d"))
    month_first = lang == "en" and first <= 12 or second > 12
    return (first, second) if month_first else (second, first)


def _dates(text: str, lang: str) -> list[tuple[int, int, int]]:
    """(start offset, month, day) of each date in the text."""
    found = []
    for match in re.finditer(r"(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]", text):
        found.append((match.start(), int(match.group(1)), int(match.group(2))))
    if found:
        return found
    months = _months(lang)
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![^\W\d_])(?:(?P<d1>\d{{1,2}})\.?\s*(?:de\s+)?(?P<m1>{names})\.?(?![^\W\d_])"
        rf"|(?P<m2>{names})\.?\s+(?P<d2>\d{{1,2}})(?!\d))", re.IGNORECASE)
    shared = re.compile(  # "1-3 dic", "entre le 1 et le 3 décembre": two days, one month
        rf"(?<![\d.])(?P<a>\d{{1,2}})\.?\s*(?:-|et le|et|al|to|bis|und|y|e|a|à|tot|till|do)\s*"
        rf"(?P<b>\d{{1,2}})\.?\s*(?:de\s+)?(?P<m>{names})\.?(?![^\W\d_])", re.IGNORECASE)
    for match in shared.finditer(text):
        month = months[match.group("m").lower()]
        found += [(match.start(), month, int(match.group("a"))),
                  (match.start() + 1, month, int(match.group("b")))]
    if found:
        return found
    for match in _NUMERIC_DATE.finditer(text):  # "4/12/2026", "2026/12/04", "04.12.2026"
        found.append((match.start(), *_month_day(match, lang)))
    if found:
        return found
    if lang in ("ja", "zh", "ko"):
        for match in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])", text):  # "12/4(金)"
            found.append((match.start(), int(match.group(1)), int(match.group(2))))
        if found:
            return found
    for match in pattern.finditer(text):
        month = months[(match.group("m1") or match.group("m2")).lower()]
        day = int(match.group("d1") or match.group("d2"))
        found.append((match.start(), month, day))
    for match in re.finditer(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?!\d)", text):  # "4.12."
        found.append((match.start(), int(match.group(2)), int(match.group(1))))
    return sorted(found)


def _resolve(month: int, day: int, today: date) -> int | None:
    try:
        when = date(today.year, month, day)
        if when < today:
            when = date(today.year + 1, month, day)
    except ValueError:
        return None
    days = (when - today).days
    return days if days <= 120 else None


def _date_window(text: str, lang: str, today: date | None) -> tuple[int | None, int | None] | None:
    dates = _dates(text, lang)
    if not dates or today is None:
        return (None, None) if dates else None
    days = [_resolve(m, d, today) for _, m, d in dates[:2]]
    if any(d is None for d in days):
        return None
    if len(days) == 2 and days[1] >= days[0]:
        return days[0], days[1]
    before = text[max(0, dates[0][0] - 30):dates[0][0]].lower()
    after = text[dates[0][0]:dates[0][0] + 20]
    if _has(before, BY_WORDS) or "までに" in after or "까지" in after or "前" in after:
        return None, days[0]
    return days[0], days[0]


def parse_delivery_window(text: str | None, lang: str | None = None,
                          today: date | str | None = None) -> DeliveryWindow:
    """Days to delivery stated in a text.

    >>> w = parse_delivery_window("Lieferzeit 2–4 Werktage", "de")
    >>> (w.min_days, w.max_days, w.business_days)
    (2, 4, True)
    >>> parse_delivery_window("within 48 hours").max_days
    2

    ``lang`` (BCP 47) narrows the month names a date is read with; ``today`` resolves dates
    ("Arrives by Fri, Dec 4"; a date or an ISO string "2026-11-27"); without it a date gives
    no days.
    """
    if isinstance(today, str):
        try:
            today = date.fromisoformat(today[:10])
        except ValueError:
            today = None
    if not text or not text.strip():
        return DeliveryWindow(None, None, text)
    clean = _digits(_without_returns(normalise_text(text)))
    lower = clean.lower()
    kind = "dispatch" if _has(lower, DISPATCH_WORDS, stem=True) else "delivery"
    business = True if _has(lower, BUSINESS_UNITS_PLAIN, stem=True) else None
    if _CALENDAR.search(clean):
        business = False
    duration = _duration(clean)
    if duration is not None:
        low, high, unit_business = duration
        return DeliveryWindow(low, high, text, unit_business or business, kind)
    window = _date_window(clean, primary_language(lang), today)
    if window is not None:
        if window == (None, None):
            return DeliveryWindow(None, None, text)
        return DeliveryWindow(*window, text, business, kind)
    if _has(lower, NEXT_DAY):
        return DeliveryWindow(1, 1, text, business, kind)
    if _has(lower, SAME_DAY):
        return DeliveryWindow(0, 0, text, business, kind)
    return DeliveryWindow(None, None, text)



_RETURN_DURATION = re.compile(
    r"(?<![\d.,])(?P<n>\d{1,3})\s*(?:-|\s)?\s*(?:(?P<month>months?|monate?n?|mois|mes(?:es)?|mesi"
    r"|maanden|maand|meses|miesi[ąę]c[ey]?|miesięcy|månader|månad|ヶ月|か月|カ月|个月|個月|개월"
    r"|أشهر|شهر|ay)|(?P<day>"
    + "|".join(u for u in [*BUSINESS_UNITS, *DAY_UNITS] if u not in ("j", "gg"))
    + r"))(?![A-Za-z\u00C0-\u024F])",
    re.IGNORECASE,
)


def parse_returns_window(text: str | None, lang: str | None = None) -> int | None:
    """Days a buyer has to return an item: "30 Tage Rückgaberecht" → 30, "30-day returns" → 30,
    "返品は到着後8日以内" → 8, "1 month returns" → 30; None when the text states no returns window.

    Only a number in a clause that speaks of returns counts ("Lieferung in 3 Tagen" is None).
    """
    if not text or not text.strip():
        return None
    for clause in _CLAUSE.split(normalise_text(text)):
        if not clause or not _has(clause.lower(), RETURN_WORDS, stem=True):
            continue
        match = _RETURN_DURATION.search(clause)
        if match:
            number = int(match.group("n"))
            return number * 30 if match.group("month") else number
    return None
