"""The same product in two stores: GTIN, then brand + MPN, then title and attributes.

Rules, in order, for a seller offer and another store's offer:

1. **gtin**: same GTIN (compared as GTIN-14). Confidence 1.0 (0.9 when the check digit is
   wrong). Two offers with *different* valid GTINs are never matched by a later rule.
2. **brand_mpn**: same brand and manufacturer part number (letters and digits only,
   case-insensitive). Confidence 0.95.
3. **title**: same brand (or a brand missing on one side) and titles alike:
   ``score`` = mean of rapidfuzz's ``token_sort_ratio`` and ``token_set_ratio`` with
   ``rapidfuzz.utils.default_process`` (lower-case, no punctuation) >= ``TITLE_THRESHOLD``;
   confidence = score / 100 × 0.9. Each other-store offer keeps only its best seller product.

Every candidate is then checked for conflicts read from the title and variant
(``benchmark.attributes``): a **pack-size** conflict ("4-pack" vs single, "2 x", "Set of 3",
"3er-Pack", "3個セット") refuses any match, GTIN included; a **variant** conflict (colour, length,
wattage, capacity, model number) refuses brand_mpn and title matches. A refusal is kept, with
``status`` 'refused' and the ``reason``, so an analyst can see why two offers were not compared.

The analyst's decisions (table ``match_decisions``) come last and hold in every later scan:
they name products by stable keys (``product_key``: the GTIN, else the store's SKU, else its
offer key, never a scan id). A rejected pair is refused (method 'analyst'); a confirmed pair
is matched (method 'analyst', confidence 1.0) whatever the rules said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from benchmark.attributes import attributes, conflict
from benchmark.columns import RowIndex, as_dtype, per_distinct, per_distinct_row, rows_in
from benchmark.prices import check_digit_ok, normalise_gtin

TITLE_THRESHOLD = 78.0
"""Title score (0..100) from which two same-brand offers are a candidate match."""
NO_BRAND_THRESHOLD = 88.0
"""The same when one side states no brand (the other's brand must then be in its title)."""

MATCH_COLUMNS = ["seller_store_id", "seller_offer_key", "seller_key", "store_id", "offer_key",
                 "key", "gtin", "method", "confidence", "score", "status", "reason"]
_METHOD_RANK = {"analyst": 0, "gtin": 1, "brand_mpn": 2, "title": 3}


def _text(value) -> str:
    return value if isinstance(value, str) else ""


@lru_cache(maxsize=500_000)
def normalise_code(value) -> str | None:
    """Brand or MPN for comparison: letters and digits only, lower-case; empty -> None."""
    if not isinstance(value, str):
        return None
    code = re.sub(r"[\W_]+", "", value).casefold()
    return code or None


def product_key(gtin, sku, offer_key) -> str:
    """A key for a store's product that stays the same from week to week (no scan id)."""
    return _stable_key(gtin, sku) or f"offer:{offer_key}"


def _stable_key(gtin, sku) -> str | None:
    """``product_key`` from the GTIN, else the SKU; None when the offer states neither."""
    gtin14 = normalise_gtin(gtin)
    if gtin14:
        return f"gtin:{gtin14}"
    if isinstance(sku, str) and sku.strip():
        return f"sku:{sku.strip()}"
    return None


def prepare(offers: pd.DataFrame) -> pd.DataFrame:
    """The columns matching needs: keys, normalised brand/MPN/GTIN and the title text (each
    worked out once per distinct value)."""
    absent = pd.Series(None, index=offers.index, dtype="object")
    sku = offers["sku"] if "sku" in offers else absent
    variant = offers["variant"] if "variant" in offers else absent
    offer_key = offers["offer_key"].astype("str")
    stable = per_distinct_row(pd.DataFrame({"gtin": offers["gtin"], "sku": sku}), _stable_key)
    return pd.DataFrame({
        "store_id": offers["store_id"].astype("str"),
        "offer_key": offer_key,
        "key": stable.fillna("offer:" + offer_key),
        "gtin14": per_distinct(offers["gtin"], normalise_gtin),
        "brand": per_distinct(offers["brand"], normalise_code),
        "mpn": per_distinct(offers["mpn"], normalise_code),
        "text": per_distinct_row(pd.DataFrame({"title": offers["title"], "variant": variant}),
                                 lambda t, v: f"{_text(t)} {_text(v)}".strip()),
    }, index=offers.index)


def _pairs_on(seller: pd.DataFrame, others: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    left = seller.dropna(subset=on)
    right = others.dropna(subset=on)
    return right.merge(left.add_prefix("s_"), left_on=on, right_on=[f"s_{c}" for c in on])


def _title_candidates(seller: pd.DataFrame, others: pd.DataFrame) -> pd.DataFrame:
    """Best seller offer per other offer by title, within the same brand (blocking)."""
    found = []
    seller = seller[seller["text"] != ""]
    others = others[others["text"] != ""]
    if seller.empty or others.empty:
        return pd.DataFrame()
    seller_titles = [default_process(t) for t in seller["text"].tolist()]
    other_titles = [default_process(t) for t in others["text"].tolist()]
    s_brand = [b if isinstance(b, str) else None for b in seller["brand"].tolist()]
    o_brand = [b if isinstance(b, str) else None for b in others["brand"].tolist()]

    def names_brand(i: int, j: int) -> bool:
        """A pair with a brand on one side only: that brand is in the other side's title."""
        if (s_brand[j] is None) is not (o_brand[i] is None):
            named = o_brand[i] or s_brand[j]
            return named in (normalise_code(seller_titles[j] if o_brand[i] else other_titles[i])
                             or "")
        return True     # a brand on both sides (the same: blocking) or on neither

    no_brand = np.array([b is None for b in s_brand])
    blocks: dict[str | None, list[int]] = {}
    for i, b in enumerate(o_brand):
        blocks.setdefault(b, []).append(i)
    for brand, o_idx in blocks.items():
        if brand is None:   # no brand on the other side: every seller offer, stricter
            s_idx, cutoff = np.arange(len(seller)), NO_BRAND_THRESHOLD
        else:               # the same brand, or none stated by the seller
            s_idx = np.flatnonzero([b == brand or b is None for b in s_brand])
            cutoff = TITLE_THRESHOLD
        if not len(s_idx):
            continue
        # Offers of one block with the same title have the same best seller offer.
        codes, texts = pd.factorize(np.array([other_titles[i] for i in o_idx], dtype=object))
        first = np.asarray(o_idx)[np.unique(codes, return_index=True)[1]]
        best = _best_titles(list(texts), [seller_titles[j] for j in s_idx],
                            np.where(no_brand[s_idx], NO_BRAND_THRESHOLD, cutoff),
                            lambda row, col: names_brand(first[row], s_idx[col]))
        best = {row: (s_idx[col], score) for row, col, score in best}
        found.extend((i, *best[code]) for i, code in zip(o_idx, codes) if code in best)
    if not found:
        return pd.DataFrame()
    idx = pd.DataFrame(found, columns=["i", "j", "score"])
    pairs = others.iloc[idx["i"]].reset_index(drop=True).join(
        seller.iloc[idx["j"]].add_prefix("s_").reset_index(drop=True))
    return pairs.assign(score=idx["score"].to_numpy())


def _best_titles(queries: list[str], choices: list[str], thresholds: np.ndarray,
                 accept: Callable[[int, int], bool]) -> list[tuple[int, int, float]]:
    """(query, choice, score) of each query's best choice: the highest title score (the mean
    of ``token_sort_ratio`` and ``token_set_ratio``, 0..100) that reaches the choice's
    threshold (``thresholds``) with ``accept(query, choice)``; ties go to the first choice.
    Queries without one are left out.

    ``token_set_ratio`` costs ten times ``token_sort_ratio``, and a pair scores at most
    (sort + 100) / 2: the set ratio is computed for the pair with the best such bound of each
    query, then only for the pairs whose bound still reaches that query's best score.
    """
    sort = process.cdist(queries, choices, scorer=fuzz.token_sort_ratio, dtype=np.float32,
                         workers=_workers(len(queries) * len(choices)))
    bound = (sort + np.float32(100)) / 2
    scores = np.full(sort.shape, np.nan, dtype=np.float32)   # NaN: not computed

    def score(rows: np.ndarray, cols: np.ndarray) -> None:
        sets = process.cpdist([queries[r] for r in rows], [choices[c] for c in cols],
                              scorer=fuzz.token_set_ratio, dtype=np.float32,
                              workers=_workers(len(rows)))
        scores[rows, cols] = (sort[rows, cols] + sets) / 2

    def passing() -> tuple[np.ndarray, np.ndarray]:
        rows, cols = np.nonzero(scores >= thresholds)
        kept = [accept(r, c) for r, c in zip(rows.tolist(), cols.tolist())]
        return rows[kept], cols[kept]

    score(np.arange(len(queries)), bound.argmax(axis=1))
    rows, cols = passing()
    best = np.full(len(queries), -np.inf, dtype=np.float32)
    np.maximum.at(best, rows, scores[rows, cols])
    todo = (bound >= np.maximum(best[:, None], thresholds)) & np.isnan(scores)
    if todo.any():
        score(*np.nonzero(todo))
        rows, cols = passing()
    order = np.lexsort((cols, -scores[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
    return [(r, c, float(scores[r, c])) for r, c in zip(rows[first].tolist(),
                                                         cols[first].tolist())]


def _workers(pairs: int) -> int:
    """rapidfuzz threads for scoring ``pairs`` pairs: every core for a big batch; one for a
    small one, which costs less than starting the threads."""
    return -1 if pairs >= 20_000 else 1


def match_offers(offers: pd.DataFrame, seller_store_id: str | None,
                 decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Matches and refusals of every other store's offers with the seller's (``MATCH_COLUMNS``)."""
    if seller_store_id is None or offers.empty:
        return empty_matches()
    prepared = prepare(offers.reset_index(drop=True))
    seller = prepared[prepared["store_id"] == seller_store_id]
    others = prepared[prepared["store_id"] != seller_store_id]

    by_gtin = _pairs_on(seller, others, ["gtin14"]).assign(method="gtin", score=100.0)
    by_mpn = _pairs_on(seller, others, ["brand", "mpn"]).assign(method="brand_mpn", score=100.0)
    differ = by_mpn["gtin14"].notna() & by_mpn["s_gtin14"].notna() & (
        by_mpn["gtin14"] != by_mpn["s_gtin14"])
    by_mpn = by_mpn[~differ]
    keys = ["store_id", "offer_key"]
    rest = others[~rows_in(others, pd.concat([by_gtin[keys], by_mpn[keys]]), keys)]
    # Titles never join two offers that both publish a GTIN (they differ, or rule 1 had them).
    by_title = pd.concat([
        _title_candidates(seller[seller["gtin14"].isna()], rest[rest["gtin14"].notna()]),
        _title_candidates(seller, rest[rest["gtin14"].isna()]),
    ], ignore_index=True)
    if len(by_title):
        by_title = by_title.sort_values("score", ascending=False, kind="stable")
        by_title = by_title.drop_duplicates(["store_id", "offer_key"]).assign(method="title")
    found = [p for p in (by_gtin, by_mpn, by_title) if len(p)]
    if not found:
        return apply_decisions(empty_matches(), prepared, seller_store_id, decisions) \
            .pipe(_typed)
    pairs = pd.concat(found, ignore_index=True)
    out = pd.DataFrame({
        "seller_store_id": seller_store_id, "seller_offer_key": pairs["s_offer_key"],
        "seller_key": pairs["s_key"], "store_id": pairs["store_id"],
        "offer_key": pairs["offer_key"], "key": pairs["key"],
        "gtin": pairs["gtin14"].where(pairs["method"] == "gtin", None),
        "method": pairs["method"], "score": pairs["score"].astype("float64").round(2),
    })
    gtin_ok = [check_digit_ok(g) if isinstance(g, str) else False
               for g in out["gtin"].tolist()]
    out["confidence"] = np.select(
        [out["method"] == "gtin", out["method"] == "brand_mpn"],
        [np.where(gtin_ok, 1.0, 0.9), 0.95], (out["score"] / 100 * 0.9).round(4))
    out["reason"] = _reasons(pairs)
    out["status"] = np.where(out["reason"].notna(), "refused", "matched")
    out = out.sort_values(["store_id", "offer_key", "seller_offer_key", "method"],
                          key=lambda c: c.map(_METHOD_RANK) if c.name == "method" else c)
    out = out.drop_duplicates(["store_id", "offer_key", "seller_offer_key"])
    out = apply_decisions(out, prepared, seller_store_id, decisions)
    return _typed(out)


def _reasons(pairs: pd.DataFrame) -> pd.Series:
    """The conflict of each candidate pair (None: no conflict); GTIN pairs: pack size only.
    Worked out once per distinct (seller text, text, method); the same text on both sides
    states the same attributes, so it never conflicts."""
    reasons = pd.Series(None, index=pairs.index, dtype="object")
    differ = (pairs["s_text"] != pairs["text"]).to_numpy()
    reasons[differ] = per_distinct_row(pairs.loc[differ, ["s_text", "text", "method"]],
                                       _reason, dtype="object")
    return reasons


def _reason(seller_text: str, text: str, method: str) -> str | None:
    a, b = attributes(seller_text), attributes(text)
    if method == "gtin":
        return f"pack size: {a.pack} vs {b.pack}" if a.pack != b.pack else None
    return conflict(a, b, models=method == "title")


def apply_decisions(matches: pd.DataFrame, prepared: pd.DataFrame, seller_store_id: str,
                    decisions: pd.DataFrame | None) -> pd.DataFrame:
    """Refuse the rejected pairs, add (or accept) the confirmed ones; latest decision wins."""
    if decisions is None or decisions.empty:
        return matches
    mine = decisions[decisions["seller_store_id"] == seller_store_id]
    mine = mine.sort_values("decided_at", kind="stable").drop_duplicates(
        ["seller_key", "store_id", "key"], keep="last")
    decided = {(r.seller_key, r.store_id, r.key): r for r in mine.itertuples()}
    if not decided:
        return matches
    keyed = matches.assign(_d=list(zip(matches["seller_key"], matches["store_id"],
                                       matches["key"])))
    outcome = keyed["_d"].map(lambda k: decided[k].decision if k in decided else None)
    note = keyed["_d"].map(lambda k: decided[k].note if k in decided else None)
    rejected = outcome == "reject"
    confirmed = outcome == "confirm"
    matches = matches.copy()
    matches.loc[rejected, ["status", "method"]] = ["refused", "analyst"]
    matches.loc[rejected, "reason"] = ("rejected by the analyst" + note[rejected].map(
        lambda n: f": {n}" if isinstance(n, str) and n else "")).to_numpy()
    matches.loc[confirmed, ["status", "method", "confidence", "reason"]] = [
        "matched", "analyst", 1.0, "confirmed by the analyst"]
    have = set(keyed["_d"])
    seller = prepared[prepared["store_id"] == seller_store_id]
    added = []
    for (seller_key, store_id, key), row in decided.items():
        if row.decision != "confirm" or (seller_key, store_id, key) in have:
            continue
        left = seller[seller["key"] == seller_key]
        right = prepared[(prepared["store_id"] == store_id) & (prepared["key"] == key)]
        for s in left.itertuples():
            for o in right.itertuples():
                added.append((seller_store_id, s.offer_key, seller_key, store_id, o.offer_key,
                              key, None, "analyst", 1.0, None, "matched",
                              "confirmed by the analyst"))
    if added:
        matches = pd.concat([matches, pd.DataFrame(added, columns=MATCH_COLUMNS)],
                            ignore_index=True)
    return matches


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    out = out[MATCH_COLUMNS].astype({"confidence": "float64", "score": "float64"})
    for column in MATCH_COLUMNS:
        if column not in ("confidence", "score"):
            out[column] = as_dtype(out[column], "str")
    return out.sort_values(["store_id", "offer_key", "seller_offer_key"]).reset_index(drop=True)


def empty_matches() -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=MATCH_COLUMNS))


def judge_pair(seller: dict, other: dict) -> dict:
    """Match two offers given as dicts (title, brand, gtin, mpn, variant): the row of
    ``match_offers`` for them, or status 'none' when no rule proposes them."""
    frame = pd.DataFrame([{**{"store_id": "seller", "offer_key": "a"}, **seller},
                          {**{"store_id": "other", "offer_key": "b"}, **other}])
    for column in ("title", "brand", "gtin", "mpn", "sku", "variant"):
        if column not in frame:
            frame[column] = None
    frame = frame.astype(object).where(frame.notna(), None)
    got = match_offers(frame, "seller")
    if got.empty:
        return {"status": "none", "method": None, "confidence": None, "reason": None}
    return got.iloc[0].to_dict()


IDENTITY = ("store_id", "offer_key", "gtin", "brand", "mpn", "sku", "title", "variant")
"""The offer fields a match depends on: an offer whose fields did not change keeps its match."""


def _identity(offers: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per offer of its ``IDENTITY`` fields."""
    frame = pd.DataFrame({c: (offers[c] if c in offers else None) for c in IDENTITY},
                         index=offers.index)
    return pd.util.hash_pandas_object(frame, index=False).to_numpy()


def match_offers_since(offers: pd.DataFrame, seller_store_id: str | None,
                       previous_offers: pd.DataFrame,
                       previous_matches: pd.DataFrame, *,
                       identities: tuple[np.ndarray, np.ndarray] | None = None,
                       positions: np.ndarray | None = None,
                       previous_index: RowIndex | None = None) -> pd.DataFrame:
    """``match_offers`` without decisions, reusing the rows of the previous scan's automatic
    matches (``previous_matches``, computed by this code from ``previous_offers``) for every
    other-store offer whose identity fields did not change, when the seller's offers did not
    change either: a match depends only on the seller's offers and the other offer itself.
    Anything else is matched afresh.

    What the caller may already have: ``identities`` (``_identity`` of both scans' offers),
    ``positions`` (each offer's position among ``previous_offers``, -1: not there) and
    ``previous_index`` (``RowIndex(previous_offers, ["store_id", "offer_key"])``).
    """
    if seller_store_id is None or offers.empty:
        return empty_matches()
    is_seller = (offers["store_id"] == seller_store_id).to_numpy()
    was_seller = (previous_offers["store_id"] == seller_store_id).to_numpy()
    now_ids, before_ids = identities or (_identity(offers), _identity(previous_offers))
    if not np.array_equal(np.sort(now_ids[is_seller]), np.sort(before_ids[was_seller])):
        return match_offers(offers, seller_store_id)
    keys = ["store_id", "offer_key"]
    previous_index = previous_index or RowIndex(previous_offers, keys)
    if positions is None:
        positions = previous_index.positions(offers)
    # the same offer (store and offer key) last week, with the same identity fields
    same = positions >= 0
    same[same] = now_ids[same] == before_ids[positions[same]]
    same &= ~is_seller
    unchanged = np.zeros(len(previous_offers) + 1, dtype=bool)   # the last: "not found"
    unchanged[positions[same]] = True
    reuse = previous_matches[unchanged[previous_index.positions(previous_matches)]]
    if not (~same & ~is_seller).any():
        return reuse.reset_index(drop=True)
    fresh = match_offers(offers.loc[~same, [c for c in IDENTITY if c in offers]],
                         seller_store_id)
    both = pd.concat([reuse, fresh], ignore_index=True)   # both already typed
    return both.sort_values(["store_id", "offer_key", "seller_offer_key"]).reset_index(drop=True)
