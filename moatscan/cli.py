"""The moatscan command line: scan stores, benchmark them, publish the result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import click

from moatscan import db as moatdb
from moatscan.config import ConfigError, load_market

DB_OPTION = click.option("--db", "db_path", default=str(moatdb.DEFAULT_DB), show_default=True,
                         type=click.Path(dir_okay=False), help="SQLite database file.")
MARKET_OPTION = click.option("--market", "market_path", default="data/market.yaml",
                             show_default=True, type=click.Path(dir_okay=False),
                             help="The market file (stores, markets, limits).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="moatscan")
def cli():
    """Competitor benchmarking for cross-border e-commerce sellers.

    Scan the public stores of your competitors and your own, score each on the four barrier
    layers (traffic, operations, technology, ecosystem) and browse the result in Datasette.

    Example:

        moatscan demo
    """


def load_or_exit(market_path: str):
    try:
        return load_market(market_path)
    except ConfigError as exc:
        raise click.ClickException(f"market file is invalid: {exc}") from None


@cli.command()
@MARKET_OPTION
@DB_OPTION
@click.option("--stores", help="Comma-separated store ids to scan (default: all).")
@click.option("--scan-date", help="Date the scan stands for (YYYY-MM-DD; default today).")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), help="Scrapy's log level.")
@click.option("--rendered/--no-rendered", default=True, show_default=True,
              help="Render pages in Chromium for technologies and site speed after the crawl.")
@click.option("--tech-pages", default=3, show_default=True, type=click.IntRange(0, 20),
              help="Product pages per store rendered for technologies (besides the home page).")
@click.option("--speed-pages", default=1, show_default=True, type=click.IntRange(0, 20),
              help="Of those, product pages also timed (the home page always is).")
@click.option("--speed-runs", default=3, show_default=True, type=click.IntRange(1, 5),
              help="Loads per page and profile (mobile, desktop); the median is kept.")
def scan(market_path, db_path, stores, scan_date, log_level, rendered, tech_pages, speed_pages,
         speed_runs):
    """Crawl every store of the market file and benchmark them.

    The scan is recorded as running and marked complete only after the crawl, the load and
    the benchmark have all finished; a scan that dies half way stays out of every result.

    Example:

        moatscan scan --market data/market.yaml --db data/moatscan.db
    """
    from moatscan.scan import RenderedOptions, ScanFailed, run_scan

    market = load_or_exit(market_path)
    selected = [s.strip() for s in stores.split(",")] if stores else None
    if selected:
        try:
            [market.store(s) for s in selected]
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Scanning {len(selected or market.stores)} stores into {db_path} ...", err=True)
    try:
        result = run_scan(market, db_path, stores=selected, scan_date=scan_date,
                          log_level=log_level,
                          rendered=RenderedOptions(rendered, tech_pages, speed_pages, speed_runs))
    except ScanFailed as exc:
        raise click.ClickException(f"scan failed: {exc}") from None
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(result.pages.items()))
    if result.rendered:
        r = result.rendered
        click.echo(f"Rendered pass: {r['stores']} stores in {r['elapsed_s']:g} s, "
                   f"{r['technologies']} technologies, {r['speed_rows']} speed rows "
                   f"({r['speed_loads']} loads), {len(r['problems'])} problems "
                   f"(rendered_passes.problems)", err=True)
    click.echo(f"Peak memory: {result.peak_memory_mb:g} MB, the crawler "
               f"({result.peak_crawler_mb:g} MB) and its browsers together", err=True)
    click.echo(f"Scan {result.scan_id} complete: {result.stores} stores, {result.offers} offers; "
               f"pages: {outcomes}")


@cli.command()
@DB_OPTION
@click.option("--scan", "scan_ref", default="latest", show_default=True,
              help="Scan id, 'latest' complete scan, or 'all' complete scans.")
@click.option("--model", "model_path", default="data/barrier_model.yaml", show_default=True,
              help="The barrier model file.")
@click.option("--private", "private_path", type=click.Path(exists=True),
              help="The seller's private metrics: a folder with channels.csv and orders.csv, "
                   "or a YAML file.")
@click.option("--fx-csv", type=click.Path(exists=True, dir_okay=False),
              help="Exchange rates in the layout of the ECB reference-rate CSV.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="With --scan all: worker processes (default: one per core).")
def benchmark(db_path, scan_ref, model_path, private_path, fx_csv, jobs):
    """Recompute layer scores, moat index and price index for complete scans.

    Useful after editing the barrier model: the crawl is not repeated. `--scan all`
    rescores every complete scan, oldest first, on all cores.

    Example:

        moatscan benchmark --scan latest --model data/barrier_model.yaml

    and, after editing the model, every scan on two cores:

        moatscan benchmark --scan all --jobs 2
    """
    from benchmark import ModelError, run_benchmark
    from benchmark.run import run_benchmarks
    from benchmark.series import default_jobs

    if not Path(db_path).exists():
        raise click.ClickException(f"no database at {db_path}: run `moatscan scan` first")
    database = moatdb.open_db(db_path)
    if scan_ref == "all":
        scan_ids = [row[0] for row in database.execute(
            "SELECT id FROM scans WHERE status = 'complete' ORDER BY scan_date, id")]
        if not scan_ids:
            raise click.ClickException("no complete scan in the database yet")
        jobs = jobs or default_jobs()
        click.echo(f"Benchmarking {len(scan_ids)} complete scans with "
                   f"{min(jobs, len(scan_ids))} worker(s)")
        started = time.perf_counter()
        try:
            for done, summary in enumerate(run_benchmarks(
                    db_path, scan_ids, model_path, jobs=jobs, private_path=private_path,
                    fx_csv=fx_csv), start=1):
                click.echo(f"[{done}/{len(scan_ids)}] " + _summary_line(summary))
        except ModelError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"{len(scan_ids)} scans benchmarked in {time.perf_counter() - started:.1f} s")
        return
    if jobs is not None:
        raise click.ClickException("--jobs goes with --scan all")
    scan_id = resolve_scan(database, scan_ref)
    try:
        summary = run_benchmark(database, scan_id, model_path=model_path,
                                private_path=private_path, fx_csv=fx_csv)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(_summary_line(summary))
    for row in database.query(
        "SELECT store_id, layer, round(score, 1) AS score, round(coverage, 2) AS coverage "
        "FROM layer_scores WHERE scan_id = ? AND market = '*' ORDER BY store_id, layer",
        [scan_id],
    ):
        click.echo(f"  {row['store_id']:<14} {row['layer']:<11} score={row['score']} "
                   f"coverage={row['coverage']}")


def _summary_line(summary: dict) -> str:
    return f"Scan {summary['scan_id']}: " + ", ".join(
        f"{k}={v}" for k, v in summary.items() if k != "scan_id")


def resolve_scan(database, scan_ref: str) -> int:
    if scan_ref == "latest":
        scan_id = moatdb.latest_complete_scan(database)
        if scan_id is None:
            raise click.ClickException("no complete scan in the database yet")
        return scan_id
    try:
        scan_id = int(scan_ref)
    except ValueError:
        raise click.ClickException(f"--scan: {scan_ref!r} is neither a scan id nor 'latest'")
    row = database.execute("SELECT status FROM scans WHERE id = ?", [scan_id]).fetchone()
    if row is None:
        raise click.ClickException(f"--scan: no scan {scan_id}")
    if row[0] != "complete":
        raise click.ClickException(f"--scan: scan {scan_id} is {row[0]}, not complete")
    return scan_id


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path, host, port):
    """Browse the database in Datasette, with metadata, stored queries and dashboards.

    Example:

        moatscan serve --db data/moatscan.db --port 8001
    """
    from moatscan.publish import datasette_command

    if not Path(db_path).exists():
        raise click.ClickException(f"no database at {db_path}: run `moatscan scan` first")
    argv = datasette_command(db_path, host=host, port=port)
    click.echo(f"Serving {db_path} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    os.execvp(argv[0], argv)


@cli.command()
@click.argument("source")
@click.option("--url", help="The URL the page was found at (for a local file).")
@click.option("--market", "market_code", help="Market code whose currency is the hint, e.g. DE.")
@click.option("--currency", help="Currency hint, e.g. EUR, when the page does not say.")
@click.option("--render/--no-render", default=None,
              help="Load the page in Chromium first. Default: only when SOURCE is a URL whose "
                   "HTML is a JavaScript shell.")
def extract(source, url, market_code, currency, render):
    """Print what moatscan reads from one product page, as JSON.

    SOURCE is a local HTML file (read as the page found at --url) or an http(s) URL.

    Example:

        moatscan extract tests/fixtures/pages/shopify/product.html --url https://shop.example/p/1
    """
    from moatscan.browser import BrowserError
    from moatscan.fetch import FetchError, read_source
    from parsers.extract import extract_page
    from parsers.html import parse_html
    from parsers.page_shell import looks_script_rendered

    is_url = source.startswith(("http://", "https://"))
    try:
        body, page_url = read_source(source, url)
        if render is None:
            render = is_url and looks_script_rendered(parse_html(body, page_url))
        technologies = None
        if render:
            from moatscan.rendered import render_with_technologies

            body, technologies = render_with_technologies(
                source if is_url else Path(source).resolve().as_uri())
    except (FetchError, BrowserError) as exc:
        raise click.ClickException(str(exc)) from None
    ctx = {"market": market_code, "currency": currency}
    result = extract_page(body, page_url, ctx)
    if technologies is not None:
        result["technologies"] = technologies
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


DEMO_MARKET = "data/market.yaml"
DEMO_RENDERED = ("--tech-pages", "1", "--speed-pages", "0", "--speed-runs", "1")
"""A light browser pass for the demo: home pages timed once per profile, one product page
rendered for technologies (a real weekly scan times more pages, three runs each)."""
DEMO_SCAN_DATES = ("2026-11-16", "2026-11-23")
"""The dates the demo's two weekly scans stand for (its exchange rates are dated to match)."""


def demo_scan_args(week: int, db_path) -> list[str]:
    """The arguments of `moatscan` that scan week ``week`` of the demo market (served on its
    fixed ports) into ``db_path``."""
    return ["scan", "--market", DEMO_MARKET, "--db", str(db_path),
            "--scan-date", DEMO_SCAN_DATES[week - 1], *DEMO_RENDERED]


@cli.command()
@DB_OPTION
@click.option("--weeks", default=2, show_default=True, type=click.IntRange(1, 2),
              help="Weeks of the demo market to scan (week 2 brings changes).")
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the result in Datasette after the scans.")
@click.option("--port", default=8001, show_default=True, type=int, help="Datasette's port.")
def demo(db_path, weeks, serve, port):
    """Serve the bundled demo market on 127.0.0.1, scan it week by week, open the result.

    The demo database is rebuilt from scratch each time; a database holding scans of any
    other market is never touched.

    Example:

        moatscan demo --no-serve --db data/moatscan.db
    """
    load_or_exit(DEMO_MARKET)
    check_demo_db(Path(db_path))
    for week in range(1, weeks + 1):
        with demo_market(week) as market:
            if week == 1:  # the stores listen: only now is the earlier demo database replaced
                remove_demo_db(Path(db_path))
            stores = [url for site, url in market.base_urls.items() if site != "partner"]
            click.echo(f"Week {week}: demo stores at " + ", ".join(stores), err=True)
            command = [sys.executable, "-m", "moatscan", *demo_scan_args(week, db_path)]
            if subprocess.run(command).returncode != 0:
                raise click.ClickException(f"the demo scan of week {week} failed (see above)")
    if serve:
        from moatscan.publish import datasette_command

        argv = datasette_command(db_path, port=port)
        click.echo(f"Open http://127.0.0.1:{port}/ (Ctrl-C stops)", err=True)
        os.execvp(argv[0], argv)


def demo_market(week: int):
    """The demo market of ``week``, listening on its fixed ports; a port in use is a clear
    error naming it."""
    from moatscan.demo import DEFAULT_PORTS, DemoMarket, PortInUseError

    try:
        return DemoMarket(week=week).start()
    except PortInUseError as exc:
        host, port = exc.address
        ports = sorted(DEFAULT_PORTS.values())
        database = ("The demo database was not touched." if week == 1 else
                    f"The database holds the scans of weeks 1 to {week - 1}.")
        raise click.ClickException(
            f"the demo store {exc.site_id!r} cannot listen on {host}:{port}: the port is already "
            f"in use. The demo stores listen on the fixed ports {ports[0]}-{ports[-1]} that "
            f"{DEMO_MARKET} names; stop what holds the port (another `moatscan demo`, or a test "
            f"run) and try again. {database}") from None


def check_demo_db(path: Path) -> None:
    """Refuse a database holding scans of another market, or one that is no database."""
    if not path.exists():
        return
    import sqlite3

    try:
        with sqlite3.connect(path) as conn:
            others = conn.execute("SELECT count(*) FROM scans WHERE market_file != ?",
                                  [DEMO_MARKET]).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{path}: not a moatscan database ({exc}); "
                                   "pass another --db for the demo") from None
    if others:
        raise click.ClickException(f"{path} holds {others} scans of another market: the demo "
                                   "will not overwrite it; pass another --db")


def remove_demo_db(path: Path) -> None:
    """Remove an earlier demo database (``check_demo_db`` has said it is one)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _register_commands() -> None:
    from moatscan.matching_cli import match
    from moatscan.publish_cli import publish, report

    for command in (match, publish, report):
        cli.add_command(command)


_register_commands()
