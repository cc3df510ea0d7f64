"""Links to a store's loyalty, referral, affiliate and subscription programmes, read from the
link's path and text in several languages ("rewards", "Treueprogramm", "fidélité",
"programa de puntos", "ポイント", "refer a friend", "Kunden werben Kunden", "Partnerprogramm",
"subscribe & save", "Abo", "定期おトク便").

A newsletter sign-up is not a subscription programme and is skipped.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

from parsers.html import visible_text
from parsers.urls import absolute_url

#: Programme kind → words in a link's path or text. First matching kind wins per link.
PROGRAMMES = {
    "referral": [
        r"refer[- ]?a[- ]?friend", r"referral", r"refer & earn", r"invite friends",
        r"freunde[- ]werben", r"kunden[- ]werben[- ]kunden", r"freund(?:e|in)? empfehlen", r"parrainage", r"parrainez",
        r"recomienda a un amigo", r"invita (?:a )?un amico", r"vriend(?:en)? uitnodigen",
        r"indique (?:um )?amigo", r"polec(?:aj|enia) znajom", r"tipsa en vän", r"友達紹介",
        r"紹介プログラム", r"邀请好友", r"推荐好友", r"친구 ?초대", r"ادع صديق", r"arkadaşını davet",
    ],
    "affiliate": [
        r"affiliates?", r"affiliate[- ]program", r"partnerprogramm", r"partner[- ]programm",
        r"affiliation", r"programme d'affiliation", r"afiliados", r"programa de afiliados",
        r"affiliazione", r"affiliatie", r"affiliate[- ]programma", r"program partnerski",
        r"アフィリエイト", r"推广联盟", r"联盟计划", r"제휴 ?프로그램", r"التسويق بالعمولة",
        r"satış ortaklığı", r"creator[- ]program", r"ambassador", r"botschafter", r"ambassadeur",
    ],
    "subscription": [
        r"subscribe (?:&|and) save", r"subscribe[- ]and[- ]save", r"subscriptions?",
        r"spar[- ]?abo", r"\babo\b", r"abo[- ]service", r"abonnement", r"abonnements",
        r"suscripci[óo]n", r"suscr[íi]bete y ahorra", r"abbonamento", r"assinatura",
        r"subskrypcj", r"prenumeration", r"定期便", r"定期購入", r"定期お(?:トク|得|届け)便?", r"订阅", r"訂閱", r"정기 ?배송",
        r"구독", r"اشتراك", r"abonelik",
    ],
    "loyalty": [
        r"rewards?", r"loyalty", r"vip[- ]club", r"points? program", r"treueprogramm",
        r"bonusprogramm", r"treuepunkte", r"kundenclub", r"fid[ée]lit[ée]", r"club fid",
        r"programa de puntos", r"programa de fidelizaci[óo]n", r"fidelidade",
        r"programma (?:fedeltà|punti)", r"fedeltà", r"spaarprogramma", r"klantenclub",
        r"program lojalno", r"lojalnościow", r"kundklubb", r"bonusprogram", r"ポイント",
        r"会員特典", r"会员积分", r"积分", r"會員", r"포인트", r"멤버십", r"برنامج الولاء",
        r"sadakat",
    ],
}
_PATTERNS = {kind: re.compile("|".join(words), re.IGNORECASE) for kind, words in PROGRAMMES.items()}
_NOT = re.compile(r"newsletter|unsubscribe|abmelden|désabonner|mailing", re.IGNORECASE)


def programme_links(tree: lxml_html.HtmlElement, url: str
                    ) -> dict[str, list[tuple[str, lxml_html.HtmlElement]]]:
    """{"loyalty": [(absolute url, <a>)…], "referral": […], "affiliate": […],
    "subscription": […]}: links in page order, one per URL and kind."""
    found: dict[str, list[tuple[str, lxml_html.HtmlElement]]] = {k: [] for k in PROGRAMMES}
    seen: set[tuple[str, str]] = set()
    for link in tree.xpath("//a[@href]"):
        href = absolute_url(url, link.get("href", ""))
        parts = urlsplit(href or "")
        if parts.scheme not in ("http", "https"):
            continue
        words = " ".join([unquote(parts.path).replace("-", " ").replace("_", " ").replace("/", " "),
                          visible_text(link), link.get("title") or "",
                          link.get("aria-label") or ""])
        if _NOT.search(words):
            continue
        for kind, pattern in _PATTERNS.items():
            if pattern.search(words):
                if (kind, href) not in seen:
                    seen.add((kind, href))
                    found[kind].append((href, link))
                break
    return found
