"""Delivery promises, returns windows, shipping costs and free-shipping thresholds from text:
one table of real examples per parser, in many languages (price-parser style, strict xfail)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from parsers.delivery import parse_delivery_window, parse_returns_window

TODAY = date(2026, 11, 27)  # a Friday: "Fri, Dec 4" is 7 days away


class Example(NamedTuple):
    text: str | None
    lang: str | None
    min_days: int | None
    max_days: int | None
    today: date | None = None
    kind: str | None = None
    """"delivery" or "dispatch" where the example is about which it is."""


def miss(example: Example, reason: str):
    return pytest.param(example, marks=pytest.mark.xfail(reason=reason, strict=True))


DELIVERY_EXAMPLES = [
    # en
    Example("Delivery in 3-5 business days", "en", 3, 5),
    Example("Arrives in 2–4 days", "en", 2, 4),
    Example("Free delivery within 48 hours", "en", None, 2),
    Example("Next day delivery", "en", 1, 1),
    Example("Order within 2 hrs 30 mins to get it tomorrow", "en", 1, 1),
    Example("Arrives by Fri, Dec 4", "en", None, 7, TODAY),
    Example("Arrives Dec 4 - Dec 8", "en", 7, 11, TODAY),
    Example("Estimated delivery: 5 to 7 working days", "en", 5, 7),
    Example("Ships within 24 hours", "en", None, 1),
    Example("Same-day delivery in London", "en", 0, 0, kind="delivery"),
    Example("Order by 1 pm for same-day dispatch from our warehouse", "en", 0, 0,
            kind="dispatch"),
    Example("Next day dispatch on orders before 3pm", "en", 1, 1, kind="dispatch"),
    Example("Delivery: 1-2 weeks", "en", 7, 14),
    Example("Ask seller for delivery times", "en", None, None),
    Example("30-day free returns", "en", None, None),
    Example("Free delivery. 2 year warranty", "en", None, None),
    # de
    Example("Lieferzeit 2–4 Werktage", "de", 2, 4),
    Example("Lieferzeit: 1-3 Werktage", "de", 1, 3),
    Example("Lieferung innerhalb von 48 Stunden", "de", None, 2),
    Example("Morgen geliefert", "de", 1, 1),
    Example("Bis 14 Uhr bestellt, morgen geliefert", "de", 1, 1),
    Example("Sofort versandfertig, Lieferzeit ca. 3-5 Tage", "de", 3, 5),
    Example("Lieferung zwischen 2 und 4 Werktagen", "de", 2, 4),
    Example("Lieferung bis Freitag, 4. Dezember", "de", None, 7, TODAY),
    Example("30 Tage Rückgaberecht", "de", None, None),
    Example("Lieferzeit 2–4 Werktage, 30 Tage Rückgaberecht", "de", 2, 4),
    # a deferred payment is no delivery time (otto.de's service bar)
    Example("100 Tage Zahlpause Sicherer Kauf auf Rechnung PaketShop-Lieferung möglich", "de",
            None, None),
    Example("Pay in 30 days with Klarna. Delivery in 3-5 days", "en", 3, 5),
    Example("Lieferzeit 2–3 Wochen", "de", 14, 21),
    # fr
    Example("Livraison sous 48h", "fr", None, 2),
    Example("Livraison en 2 à 4 jours ouvrés", "fr", 2, 4),
    Example("Livré entre 3 et 5 jours ouvrables", "fr", 3, 5),
    Example("Livraison en 24/48h", "fr", 1, 2),
    Example("Livraison demain", "fr", 1, 1),
    Example("Expédié sous 24h", "fr", None, 1),
    Example("Livraison estimée le 4 décembre", "fr", 7, 7, TODAY),
    Example("Retours gratuits sous 30 jours", "fr", None, None),
    Example("Délai de livraison : 3-5 jours", "fr", 3, 5),
    # es
    Example("Entrega en 24/48h", "es", 1, 2),
    Example("Envío en 2-4 días hábiles", "es", 2, 4),
    Example("Recíbelo mañana", "es", 1, 1),
    Example("Entrega de 3 a 5 días laborables", "es", 3, 5),
    Example("Entrega en un plazo de 48 horas", "es", None, 2),
    Example("Recíbelo el 4 de diciembre", "es", 7, 7, TODAY),
    Example("Entrega entre 5 y 7 días", "es", 5, 7),
    Example("Devoluciones gratuitas en 30 días", "es", None, None),
    Example("Envío gratis, entrega en 2-3 días", "es", 2, 3),
    Example("Dispones de 30 días para devolver tu pedido", "es", None, None),
    # it
    Example("Consegna in 2-4 giorni lavorativi", "it", 2, 4),
    Example("Spedizione entro 24 ore", "it", None, 1),
    Example("Consegna prevista tra 3 e 5 giorni", "it", 3, 5),
    Example("Consegna domani", "it", 1, 1),
    Example("Consegna entro 48 ore", "it", None, 2),
    Example("Consegna prevista il 4 dicembre", "it", 7, 7, TODAY),
    Example("Reso gratuito entro 30 giorni", "it", None, None),
    Example("Tempi di consegna: 5-7 gg lavorativi", "it", 5, 7),
    # nl
    Example("Levertijd 1-2 werkdagen", "nl", 1, 2),
    Example("Morgen in huis", "nl", 1, 1),
    Example("Voor 23:59 besteld, morgen in huis", "nl", 1, 1),
    Example("Binnen 24 uur geleverd", "nl", None, 1),
    Example("Levering in 2 tot 4 werkdagen", "nl", 2, 4),
    Example("Bezorging op 4 december", "nl", 7, 7, TODAY),
    Example("30 dagen bedenktijd", "nl", None, None),
    Example("Verwachte levertijd: 3-5 dagen", "nl", 3, 5),
    # pt
    Example("Entrega em 3 a 5 dias úteis", "pt", 3, 5),
    Example("Receba em até 48 horas", "pt", None, 2),
    Example("Prazo de entrega: 7-10 dias úteis", "pt", 7, 10),
    Example("Entrega amanhã", "pt", 1, 1),
    Example("Chega entre 4 e 6 dias", "pt", 4, 6),
    Example("Receba até 4 de dezembro", "pt", None, 7, TODAY),
    Example("Devolução grátis em até 30 dias", "pt", None, None),
    Example("Frete grátis, entrega em 2 dias úteis", "pt", 2, 2),
    # pl
    Example("Dostawa w ciągu 2-3 dni roboczych", "pl", 2, 3),
    Example("Dostawa jutro", "pl", 1, 1),
    Example("Czas dostawy: 1-3 dni robocze", "pl", 1, 3),
    Example("Dostawa w ciągu 48 godzin", "pl", None, 2),
    Example("Dostawa od 2 do 4 dni", "pl", 2, 4),
    Example("Dostawa 4 grudnia", "pl", 7, 7, TODAY),
    Example("30 dni na zwrot", "pl", None, None),
    Example("Wysyłka w ciągu 24 godzin", "pl", None, 1),
    # sv
    Example("Leveranstid 1-3 arbetsdagar", "sv", 1, 3),
    Example("Leverans inom 24 timmar", "sv", None, 1),
    Example("Leverans imorgon", "sv", 1, 1),
    Example("Leverans 2-5 dagar", "sv", 2, 5),
    Example("Skickas inom 24 timmar", "sv", None, 1),
    Example("Levereras 4 december", "sv", 7, 7, TODAY),
    Example("30 dagars öppet köp", "sv", None, None),
    Example("Leverans 3 till 5 vardagar", "sv", 3, 5),
    # ja
    Example("お届け：3〜5日", "ja", 3, 5),
    Example("3～5営業日でお届け", "ja", 3, 5),
    Example("翌日お届け", "ja", 1, 1),
    Example("最短翌日お届け", "ja", 1, 1),
    Example("ご注文から7日以内に発送", "ja", None, 7),
    Example("12月4日お届け予定", "ja", 7, 7, TODAY),
    Example("当日発送", "ja", 0, 0),
    Example("2週間程度でお届け", "ja", 14, 14),
    Example("返品は商品到着後8日以内", "ja", None, None),
    # zh
    Example("预计3-7个工作日送达", "zh", 3, 7),
    Example("次日达", "zh", 1, 1),
    Example("24小时内发货", "zh", None, 1),
    Example("3至5天送达", "zh", 3, 5),
    Example("预计12月4日送达", "zh", 7, 7, TODAY),
    Example("7天无理由退货", "zh", None, None),
    Example("当日达", "zh", 0, 0),
    Example("配送时间：2-3天", "zh", 2, 3),
    Example("預計3-5個工作天送達", "zh", 3, 5),
    # ko
    Example("영업일 기준 2~3일 소요", "ko", 2, 3),
    Example("내일 도착 보장", "ko", 1, 1),
    Example("평균 3일 이내 배송", "ko", None, 3),
    Example("12월 4일 도착 예정", "ko", 7, 7, TODAY),
    Example("당일 발송", "ko", 0, 0),
    Example("배송기간 2-5일", "ko", 2, 5),
    Example("1~2주 소요", "ko", 7, 14),
    Example("7일 이내 반품 가능", "ko", None, None),
    # ar
    Example("التوصيل خلال 3-5 أيام عمل", "ar", 3, 5),
    Example("توصيل خلال 24 ساعة", "ar", None, 1),
    Example("التوصيل غدا", "ar", 1, 1),
    Example("يصل خلال 2 إلى 4 أيام", "ar", 2, 4),
    Example("شحن مجاني، التوصيل في 3 أيام", "ar", 3, 3),
    Example("إرجاع مجاني خلال 14 يوم", "ar", None, None),
    Example("التوصيل في نفس اليوم", "ar", 0, 0),
    Example("مدة التوصيل ٥-٧ أيام", "ar", 5, 7),
    # tr
    Example("2-4 iş günü içinde teslimat", "tr", 2, 4),
    Example("Yarın kapında", "tr", 1, 1),
    Example("24 saat içinde kargoda", "tr", None, 1),
    Example("Tahmini teslimat 3-5 gün", "tr", 3, 5),
    Example("Aynı gün kargo", "tr", 0, 0),
    Example("14 gün içinde ücretsiz iade", "tr", None, None),
    Example("3 ile 5 iş günü arasında teslim", "tr", 3, 5),
    Example("4 Aralık tarihinde teslim", "tr", 7, 7, TODAY),
    # dates written in other ways
    Example("Get it Tuesday, December 1 – Thursday, December 3", "en", 4, 6, TODAY),
    Example("Zustellung voraussichtlich Mo., 30.11. – Mi., 02.12.", "de", 3, 5, TODAY),
    Example("Lieferung zwischen 1. und 3. Dezember", "de", 4, 6, TODAY),
    Example("Livraison prévue entre le 1 et le 3 décembre", "fr", 4, 6, TODAY),
    Example("Entrega estimada: 1-3 dic", "es", 4, 6, TODAY),
    Example("お届け予定日：12/4(金)", "ja", 7, 7, TODAY),
    Example("배송 예정일: 11/30(월)", "ko", 3, 3, TODAY),
    Example("Lieferung in 1-2 Werktagen nach Zahlungseingang", "de", 1, 2),
    Example("Leverans 1-3 dagar, fri frakt över 499 kr", "sv", 1, 3),
    Example("Doręczenie w 1 dzień roboczy", "pl", 1, 1),
    Example("Entrega em 1 dia útil", "pt", 1, 1),
    # small numbers written as words before a unit
    Example("Delivered in two to three working days", "en", 2, 3),
    Example("Lieferung in ca. einer Woche", "de", 7, 7),
    Example("Livraison en deux à trois jours ouvrés", "fr", 2, 3),
    Example("Entrega en dos días hábiles", "es", 2, 2),
    Example("Consegna in due giorni lavorativi", "it", 2, 2),
    Example("Entrega em três dias úteis", "pt", 3, 3),
    Example("Levering binnen twee werkdagen", "nl", None, 2),
    Example("Leverans inom två till fyra arbetsdagar", "sv", 2, 4),
    Example("Livraison en semaine", "fr", None, None),        # "on weekdays": no number
    Example("Versand einmal pro Woche", "de", None, None),
    Example("Retour sous une semaine", "fr", None, None),     # a returns window
    Example("وصول خلال يومين", "ar", None, 2),  # the Arabic dual: two days
    Example("Wysyłka w 24h", "pl", None, 1),  # hours promise an upper bound
    Example("Lieferung in 24 Stunden", "de", None, 1),
    Example("More than 2 weeks later", "en", 14, None),  # a lower bound only
    Example("Lieferzeit mindestens 3 Werktage", "de", 3, None),
    Example("1週間以降", "ja", 7, None),
    Example("2주 이상 소요", "ko", 14, None),
    Example("1–3 iş gününde teslimat", "tr", 1, 3),
    Example("Ortalama 2 iş gününde teslimat", "tr", 2, 2),
    Example("Free shipping over 50 € in 3 days", "en", 3, 3),
    # real phrases written by shops and storefront translators (not by us), one row each
    Example("Kostenloser Versand: 10-20 Werktage", "de", 10, 20),
    Example("Lieferzeit: ca. 45min.", "de", 0, 0),
    Example("Lieferzeit: ca. 5–14 Werktage (je nach Paket und Rückmeldungen).", "de", 5, 14),
    Example("Délai de Traitement Typique : Dans les 24 heures", "fr", None, 1),
    Example("Livraison sous 48h à 72h. Validez ou demandez des ajustements.", "fr", 2, 3),
    Example("Acompte de 20% à la commande • Livraison sous 2-4 semaines", "fr", 14, 28),
    Example("Livraison sous réserve de disponibilité", "fr", None, None),
    Example("(Acelerado): 3-7 días laborales", "es", 3, 7),
    Example("Tempo di elaborazione generale: Entro 24 ore", "it", None, 1),
    Example("Frete Grátis: 10-20 dias úteis", "pt", 10, 20),
    Example("Gratis verzending vanaf €75. Verzending binnen 1–3 werkdagen. 30 dagen retourrecht",
            "nl", 1, 3),
    Example("Op werkdagen voor 21:00 besteld, morgen in huis", "nl", 1, 1),
    Example("Wysyłka w ciągu: 1 dzień roboczy", "pl", None, 1),
    Example("Czas dostawy: 30–45 min", "pl", 0, 0),
    Example("2.1 Leverans sker inom tio (10) arbetsdagar från beställning.", "sv", None, 10),
    Example("Leverans inom 15-30 minuter", "sv", 0, 0),
    Example("ご注文確定後、通常3〜7営業日以内に発送いたします。（在庫状況やメーカー手配品を除く）", "ja",
            3, 7),
    Example("お届け予定: 6/17〜6/19頃", "ja", 3, 5, date(2026, 6, 14)),
    Example("我会在三天内发货（不包括公共假期和快递服务非工作日）", "zh", None, 3),
    Example("优质苹果，两天内发货！", "zh", None, 2),
    Example("服务 10天内发货", "zh", None, 10),
    Example("결제 완료로부터 5영업일 내에 발송되며 배송료는 무료입니다.", "ko", None, 5),
    Example("배송기간: 1-2일 (공휴일 제외)", "ko", 1, 2),
    Example("سيتم التوصيل خلال ساعتين من تأكيد الحجز.", "ar", None, 1),
    Example("التوصيل خلال ٣٠ دقيقة", "ar", None, 0),
    Example("التوصيل خلال 14 إلى 20 يوم", "ar", 14, 20),
    Example("Teslim süresi sipariş tarihinden itibaren 14-21 iş günüdür.", "tr", 14, 21),
    Example("Stoklu urunler ayni gun kargoya verilir.", "tr", 0, 0),
    Example("Siparişiniz özenle paketlenerek 24 saat içinde kargoya verilir.", "tr", None, 1),
    miss(Example("Siparişleriniz ödeme onayından sonra aynı gün veya en geç 1 iş günü içinde "
                 "kargoya verilmektedir.", "tr", 0, 1),
         "'same day or at the latest 1 business day': the same-day lower bound is not read"),
    miss(Example("يمكن توصيلها غدًا إذا كنت في نطاق مدينة القاهرة الكبرى. أما باقي المحافظات "
                 "فتستغرق من 2-3 أيام عمل.", "ar", 1, 3),
         "tomorrow in one region, 2-3 days elsewhere: the two promises are not combined"),
    Example("Consegna prevista: 4/12/2026", "it", 7, 7, TODAY),
    # no text, no promise
    Example("", None, None, None),
    Example(None, None, None, None),
]


def _id(example) -> str:
    example = example.values[0] if hasattr(example, "values") else example
    return f"{example.lang}:{example.text!r}"


@pytest.mark.parametrize("example", DELIVERY_EXAMPLES,
                         ids=[_id(e) for e in DELIVERY_EXAMPLES])
def test_parse_delivery_window(example: Example):
    window = parse_delivery_window(example.text, example.lang, today=example.today)
    assert (window.min_days, window.max_days) == (example.min_days, example.max_days)
    assert window.raw == example.text
    if example.kind:
        assert window.kind == example.kind


def test_delivery_examples_cover_fourteen_languages():
    langs = [e.lang for e in (p.values[0] if hasattr(p, "values") else p
                              for p in DELIVERY_EXAMPLES)]
    for lang in ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "ja", "zh", "ko", "ar",
                 "tr"):
        assert langs.count(lang) >= 8, lang


def test_delivery_window_details():
    window = parse_delivery_window("Lieferzeit 2–4 Werktage", "de")
    assert (window.business_days, window.kind) == (True, "delivery")
    assert parse_delivery_window("Ships within 24 hours").kind == "dispatch"
    assert parse_delivery_window("Arrives by Fri, Dec 4").max_days is None  # no today: no days
    assert parse_delivery_window("ask seller").kind is None


RETURNS_EXAMPLES = [
    ("30 Tage Rückgaberecht", "de", 30),
    ("30-day returns", "en", 30),
    ("Free returns within 60 days", "en", 60),
    ("Retours gratuits sous 30 jours", "fr", 30),
    ("Devoluciones gratuitas en 30 días", "es", 30),
    ("Dispones de 30 días para devolver tu pedido", "es", 30),
    ("Tem 14 dias para devolver o produto", "pt", 14),
    ("Reso gratuito entro 14 giorni", "it", 14),
    ("30 dagen retourneren", "nl", 30),
    ("Devolução grátis em até 7 dias", "pt", 7),
    ("14 dni na zwrot", "pl", 14),
    ("返品は商品到着後8日以内", "ja", 8),
    ("7天无理由退货", "zh", 7),
    ("7일 이내 반품 가능", "ko", 7),
    ("إرجاع مجاني خلال 14 يوم", "ar", 14),
    ("14 gün içinde ücretsiz iade", "tr", 14),
    ("Rückgabe innerhalb von 2 Monaten", "de", 60),
    ("Lieferzeit 2–4 Werktage", "de", None),
    ("2 Jahre Garantie", "de", None),
    ("", None, None),
]


@pytest.mark.parametrize(("text", "lang", "days"), RETURNS_EXAMPLES, ids=repr)
def test_parse_returns_window(text, lang, days):
    assert parse_returns_window(text, lang) == days
