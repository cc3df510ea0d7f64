"""``moatscan match``: review product matches and record the analyst's decisions.

Decisions go in ``match_decisions`` keyed by week-stable product keys (``gtin:…``, ``sku:…``,
``offer:…``; see ``benchmark.matching.product_key``), so they hold in every later scan: a
rejected pair is never matched, a confirmed pair always is. They take effect the next time a
scan is benchmarked (``moatscan benchmark`` recomputes one now).

Registered by ``moatscan.cli`` as ``cli.add_command(match)``.
"""

from __future__ import annotations

import datetime as dt

import click

from moatscan import db as moatdb

DB_OPTION = click.option("--db", "db_path", default=str(moatdb.DEFAULT_DB), show_default=True,
                         type=click.Path(dir_okay=False), help="SQLite database file.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def match():
    """Review product matches across stores; confirm or reject them for good.

    Example:

        moatscan match list --status refused
        moatscan match reject gtin:04006381333931 voltaro gtin:04006381333931 --note "refurbished"
    """


def _seller(database) -> str:
    rows = [r["id"] for r in database.query("SELECT id FROM stores WHERE role = 'seller'")]
    if len(rows) != 1:
        raise click.ClickException("the database needs exactly one seller store; "
                                   f"found {len(rows)}")
    return rows[0]


@match.command("list")
@DB_OPTION
@click.option("--scan", "scan_ref", default="latest", show_default=True,
              help="Scan id, or 'latest' for the latest complete scan.")
@click.option("--store", help="Only this competitor's offers.")
@click.option("--status", type=click.Choice(["matched", "refused", "all"]), default="all",
              show_default=True)
@click.option("--limit", default=50, show_default=True, help="Rows to show (0: all).")
def list_matches(db_path, scan_ref, store, status, limit):
    """List the matches (and refusals) of a scan with the keys a decision needs.

    Example:

        moatscan match list --scan latest --store voltaro --status refused
    """
    database = moatdb.open_db(db_path)
    scan_id = moatdb.latest_complete_scan(database) if scan_ref == "latest" else int(scan_ref)
    if scan_id is None:
        raise click.ClickException("no complete scan yet: run moatscan scan first")
    sql = ("SELECT seller_key, store_id, key, method, confidence, status, reason, "
           "seller_offer_key, offer_key FROM product_matches WHERE scan_id = :scan")
    params: dict = {"scan": scan_id}
    if store:
        sql += " AND store_id = :store"
        params["store"] = store
    if status != "all":
        sql += " AND status = :status"
        params["status"] = status
    sql += " ORDER BY store_id, status, confidence, seller_key"
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = list(database.query(sql, params))
    if not rows:
        click.echo(f"no matches in scan {scan_id}")
        return
    click.echo("seller_key\tstore\tkey\tmethod\tconfidence\tstatus\treason")
    for r in rows:
        click.echo("\t".join(str(v) if v is not None else "" for v in (
            r["seller_key"], r["store_id"], r["key"], r["method"], r["confidence"],
            r["status"], r["reason"])))


def _decide(db_path, seller_key, store, key, note, decision):
    database = moatdb.open_db(db_path)
    seller = _seller(database)
    if database["stores"].count_where("id = ?", [store]) == 0:
        raise click.ClickException(f"no store {store!r} in the database")
    with database.conn:
        database["match_decisions"].upsert({
            "seller_store_id": seller, "seller_key": seller_key, "store_id": store, "key": key,
            "decision": decision, "note": note,
            "decided_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }, pk=("seller_store_id", "seller_key", "store_id", "key"))
    click.echo(f"{decision}ed: {seller}:{seller_key} = {store}:{key}; it applies from the next "
               "benchmark (moatscan benchmark recomputes the latest scan)")


def decision_command(function):
    """A ``match`` sub-command taking SELLER_KEY STORE KEY, ``--note`` and ``--db``."""
    for decorate in (DB_OPTION, click.option("--note", help="Why, for the next analyst."),
                     click.argument("key"), click.argument("store"),
                     click.argument("seller_key"), match.command()):
        function = decorate(function)
    return function


@decision_command
def confirm(seller_key, store, key, note, db_path):
    """Always match the seller's product SELLER_KEY with STORE's product KEY.

    Example:

        moatscan match confirm sku:UG-1 kabelwerk offer:DE/KW-77 --note "same cable, own SKU"
    """
    _decide(db_path, seller_key, store, key, note, "confirm")


@decision_command
def reject(seller_key, store, key, note, db_path):
    """Never match the seller's product SELLER_KEY with STORE's product KEY.

    Example:

        moatscan match reject gtin:04006381333931 voltaro gtin:04006381333931 --note "refurbished"
    """
    _decide(db_path, seller_key, store, key, note, "reject")
