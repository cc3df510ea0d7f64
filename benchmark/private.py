"""The seller's private metrics, from their own exports: never compared, never published.

Input (``run_benchmark(..., private_path=...)``): a directory holding ``channels.csv`` and/or
``orders.csv`` and optionally ``private.yaml``, or the path of such a YAML file, whose keys are::

    channels: channels.csv          # date, channel, sessions, orders, cost
    orders: orders.csv              # order_id, customer_id, date, total[, first_order_profit]
    window_days: 90                 # the period measured, ending on the scan date
    gross_margin: 0.45              # LTV = revenue per customer × gross margin (1 if absent)
    first_order_profit: 14.0        # when orders.csv has no first_order_profit column
    concentration_threshold: 0.6    # warn when one channel brings this share or more
    values: {nps: 41, return_rate: 0.06, order_to_dispatch_days: 1.5}

Paths are relative to the YAML file. Amounts are in the market file's base currency.

Metrics (``private_metrics``: metric, value, unit, detail): ``channel_concentration`` (the top
channel's share of orders), ``channel_hhi`` (Herfindahl–Hirschman index of the order shares,
0..1: 1 = one channel), ``top_channel_sessions_share``, ``cac`` and ``cac_previous`` (cost per
new customer in the window and the one before), ``cac_trend`` (cac / cac_previous − 1),
``repurchase_rate`` (customers with a second order / customers), ``ltv``,
``first_order_profit``, and the ``values`` as given.

Warnings (``warnings``): ``channel_concentration`` when the top channel brings
``concentration_threshold`` (default **0.6**) or more of the orders, ``traffic_concentration``
the same for sessions, and ``cac_above_first_order_profit`` when acquiring a customer costs at
least what their first order earns. 0.6 is the low end of the seed's 60–90% band on purpose: a
seller told at 60% still has time to diversify; at 90% the warning comes when one platform's
policy change can already halve the business.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import yaml

METRIC_COLUMNS = ["metric", "value", "unit", "detail"]
WARNING_COLUMNS = ["kind", "message", "value", "threshold"]
CONCENTRATION_THRESHOLD = 0.6
_CHANNEL_COLUMNS = ("date", "channel", "sessions", "orders", "cost")
_ORDER_COLUMNS = ("order_id", "customer_id", "date", "total")
_SETTINGS = {"channels", "orders", "window_days", "gross_margin", "first_order_profit",
             "concentration_threshold", "values"}


class PrivateDataError(Exception):
    """The seller's private data is invalid."""


def _metrics(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=METRIC_COLUMNS).astype(
        {"metric": "str", "value": "float64", "unit": "str", "detail": "str"})


def read_csv(path: Path, required: tuple[str, ...], numbers: tuple[str, ...]) -> pd.DataFrame:
    """A private CSV with its required columns; dates and numbers checked, problems named."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as error:
        raise PrivateDataError(f"{path}: cannot read the file: {error.strerror}") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise PrivateDataError(f"{path}: not a CSV file: {error}") from None
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise PrivateDataError(f"{path}: missing column {missing[0]!r} (needs "
                               f"{', '.join(required)})")
    for number, row in enumerate(frame.itertuples(index=False), start=2):
        row = row._asdict()
        try:
            dt.date.fromisoformat(row["date"].strip()[:10])
        except ValueError:
            raise PrivateDataError(f"{path}: line {number}: date {row['date']!r} is not "
                                   "YYYY-MM-DD") from None
        for column in numbers:
            text = str(row.get(column, "")).strip()
            if column in frame.columns and text:
                try:
                    float(text)
                except ValueError:
                    raise PrivateDataError(f"{path}: line {number}: {column}: {text!r} is "
                                           "not a number") from None
    out = frame.assign(date=frame["date"].str.strip().str[:10])
    for column in numbers:
        if column in out:
            out[column] = pd.to_numeric(out[column].str.strip().replace("", None))
    return out


def channel_metrics(channels: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Concentration of orders and sessions by channel over ``start`` < date <= ``end``."""
    rows = channels[(channels["date"] > start) & (channels["date"] <= end)]
    if rows.empty:
        return _metrics([])
    by_channel = rows.groupby("channel")[["sessions", "orders", "cost"]].sum()
    out = []
    orders = by_channel["orders"]
    if orders.sum() > 0:
        shares = orders / orders.sum()
        top = shares.idxmax()
        out.append(("channel_concentration", float(shares.max()), "share of orders (0-1)",
                    f"{top}: {int(orders[top])} of {int(orders.sum())} orders, {start} to {end}"))
        out.append(("channel_hhi", float((shares ** 2).sum()), "HHI (0-1)",
                    ", ".join(f"{c} {s:.0%}" for c, s in shares.sort_values(
                        ascending=False).items())))
    sessions = by_channel["sessions"]
    if sessions.sum() > 0:
        shares = sessions / sessions.sum()
        top = shares.idxmax()
        out.append(("top_channel_sessions_share", float(shares.max()),
                    "share of sessions (0-1)",
                    f"{top}: {int(sessions[top])} of {int(sessions.sum())} sessions"))
    return _metrics(out)


def cac_metrics(channels: pd.DataFrame, orders: pd.DataFrame | None, start: str, end: str,
                previous_start: str) -> pd.DataFrame:
    """Acquisition cost per new customer in the window and the window before, and its trend.

    New customers are customers whose first order (orders.csv) falls in the window; without
    orders.csv, the channels' orders stand in for them (and the detail says so).
    """
    def cac(lo: str, hi: str):
        cost = channels.loc[(channels["date"] > lo) & (channels["date"] <= hi), "cost"].sum()
        if orders is not None and len(orders):
            first = orders.groupby("customer_id")["date"].min()
            new = int(((first > lo) & (first <= hi)).sum())
            what = "new customers"
        else:
            new = int(channels.loc[(channels["date"] > lo) & (channels["date"] <= hi),
                                   "orders"].sum())
            what = "orders (no orders.csv: orders stand in for new customers)"
        if new == 0:
            return None
        return cost / new, f"{cost:,.2f} spent / {new} {what}, {lo} to {hi}"

    out = []
    now, before = cac(start, end), cac(previous_start, start)
    if now:
        out.append(("cac", now[0], "base currency per new customer", now[1]))
    if before:
        out.append(("cac_previous", before[0], "base currency per new customer", before[1]))
    if now and before and before[0] > 0:
        out.append(("cac_trend", now[0] / before[0] - 1, "change (0.1 = +10%)",
                    f"{before[0]:,.2f} → {now[0]:,.2f} per new customer"))
    return _metrics(out)


def order_metrics(orders: pd.DataFrame, end: str, gross_margin: float | None,
                  first_order_profit: float | None) -> pd.DataFrame:
    """Repurchase rate, LTV and first-order profit over every order up to ``end``."""
    orders = orders[orders["date"] <= end]
    if orders.empty:
        return _metrics([])
    per_customer = orders.groupby("customer_id").agg(orders=("order_id", "nunique"),
                                                     revenue=("total", "sum"))
    customers = len(per_customer)
    repeat = int((per_customer["orders"] >= 2).sum())
    margin = 1.0 if gross_margin is None else gross_margin
    revenue = float(per_customer["revenue"].mean())
    out = [("repurchase_rate", repeat / customers, "share of customers (0-1)",
            f"{repeat} of {customers} customers ordered more than once (orders to {end})"),
           ("ltv", revenue * margin, "base currency per customer",
            f"revenue per customer {revenue:,.2f}"
            + (f" × gross margin {margin:g}" if gross_margin is not None
               else " (no gross_margin given: revenue, not margin)"))]
    if "first_order_profit" in orders and orders["first_order_profit"].notna().any():
        firsts = orders.sort_values(["date", "order_id"]).groupby("customer_id").head(1)
        stated = firsts["first_order_profit"].dropna()
        out.append(("first_order_profit", float(stated.mean()), "base currency per order",
                    f"mean over {len(stated)} first orders"))
    elif first_order_profit is not None:
        out.append(("first_order_profit", float(first_order_profit), "base currency per order",
                    "as given in the private settings"))
    return _metrics(out)


def warnings(metrics: pd.DataFrame, threshold: float = CONCENTRATION_THRESHOLD) -> pd.DataFrame:
    """The seed's warnings from the metrics: channel concentration, CAC ≥ first-order profit."""
    value = dict(zip(metrics["metric"], metrics["value"]))
    detail = dict(zip(metrics["metric"], metrics["detail"]))
    out = []
    for metric, kind, what in (("channel_concentration", "channel_concentration", "orders"),
                               ("top_channel_sessions_share", "traffic_concentration",
                                "sessions")):
        share = value.get(metric)
        if share is not None and share >= threshold:
            out.append((kind, f"{share:.0%} of {what} come from one channel "
                        f"({detail[metric].split(':')[0]}); at or above {threshold:.0%}, one "
                        "platform's change of rules can cut the business",
                        share, threshold))
    cac, profit = value.get("cac"), value.get("first_order_profit")
    if cac is not None and profit is not None and cac >= profit:
        out.append(("cac_above_first_order_profit",
                    f"acquiring a customer costs {cac:,.2f}, at or above the "
                    f"{profit:,.2f} their first order earns: growth loses money until they "
                    "buy again", cac, profit))
    return pd.DataFrame(out, columns=WARNING_COLUMNS).astype(
        {"kind": "str", "message": "str", "value": "float64", "threshold": "float64"})


def load_settings(path: str | os.PathLike) -> tuple[dict, Path]:
    """The private settings and the directory their paths are relative to."""
    path = Path(path)
    if path.is_dir():
        settings_file = path / "private.yaml"
        settings = _read_yaml(settings_file) if settings_file.exists() else {}
        settings.setdefault("channels", "channels.csv")
        settings.setdefault("orders", "orders.csv")
        return settings, path
    if not path.exists():
        raise PrivateDataError(f"{path}: no such file or directory")
    return _read_yaml(path), path.parent


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise PrivateDataError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise PrivateDataError(f"{path}: must be a mapping of settings")
    extra = sorted(set(data) - _SETTINGS)
    if extra:
        raise PrivateDataError(f"{path}: {extra[0]}: unknown key (expected "
                               f"{', '.join(sorted(_SETTINGS))})")
    for key in ("window_days", "gross_margin", "first_order_profit", "concentration_threshold"):
        if key in data and (isinstance(data[key], bool)
                            or not isinstance(data[key], int | float)):
            raise PrivateDataError(f"{path}: {key}: must be a number, not {data[key]!r}")
    values = data.get("values") or {}
    if not isinstance(values, dict) or any(
            isinstance(v, bool) or not isinstance(v, int | float) for v in values.values()):
        raise PrivateDataError(f"{path}: values: must map a metric to a number")
    return data


def private_metrics(path: str | os.PathLike, scan_date: str) -> tuple[pd.DataFrame,
                                                                      pd.DataFrame]:
    """(metrics, warnings) of the seller's data at ``path`` as of ``scan_date``."""
    settings, root = load_settings(path)
    end = str(scan_date)[:10]
    days = int(settings.get("window_days", 90))
    start = (dt.date.fromisoformat(end) - dt.timedelta(days=days)).isoformat()
    previous_start = (dt.date.fromisoformat(end) - dt.timedelta(days=2 * days)).isoformat()
    channels_file, orders_file = root / settings["channels"], root / settings["orders"]
    channels = (read_csv(channels_file, _CHANNEL_COLUMNS, ("sessions", "orders", "cost"))
                if channels_file.exists() else None)
    orders = (read_csv(orders_file, _ORDER_COLUMNS, ("total", "first_order_profit"))
              if orders_file.exists() else None)
    parts = []
    if channels is not None:
        parts += [channel_metrics(channels, start, end),
                  cac_metrics(channels, orders, start, end, previous_start)]
    if orders is not None:
        parts.append(order_metrics(orders, end, settings.get("gross_margin"),
                                   settings.get("first_order_profit")))
    given = [(name, float(v), "as given", f"from {root}") for name, v in
             (settings.get("values") or {}).items()]
    parts.append(_metrics(given))
    metrics = pd.concat([p for p in parts if len(p)] or [_metrics([])], ignore_index=True)
    metrics = metrics.drop_duplicates("metric", keep="first").reset_index(drop=True)
    threshold = float(settings.get("concentration_threshold", CONCENTRATION_THRESHOLD))
    return metrics, warnings(metrics, threshold)
