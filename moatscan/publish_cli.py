"""``moatscan publish`` and ``moatscan report``: the public database and the strategy brief.

Registered on the main group in ``moatscan/cli.py``. ``moatscan serve`` remains the private
instance (every table, the seller's private metrics included, on 127.0.0.1).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from moatscan import publish as publishing
from moatscan.public import DEFAULT_OUT


@click.command()
@click.option("--db", "db_path", default="data/moatscan.db", show_default=True,
              type=click.Path(dir_okay=False), help="The private database to publish from.")
@click.option("--out", "out_path", default=str(DEFAULT_OUT), show_default=True,
              type=click.Path(dir_okay=False), help="The public database file to write.")
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the public database read-only in Datasette after building it.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8002, show_default=True, type=int, help="Datasette's port.")
def publish(db_path, out_path, serve, host, port):
    """Build the public database and serve it read-only.

    Copies an allowlist of tables and columns, complete scans only, into a new SQLite file
    (VACUUMed). The seller's private metrics, warnings, private indicators and match decisions
    are not in that file at all. Served with `datasette --immutable` and metadata that lists
    no private table or query.

    Example:

        moatscan publish --db data/moatscan.db --out data/public/moatscan_public.db --no-serve
    """
    from moatscan.public import PublishError, build_public_db, public_metadata

    try:
        build = build_public_db(db_path, out_path)
    except PublishError as exc:
        raise click.ClickException(str(exc)) from None
    out = Path(out_path)
    name = out.stem
    metadata = public_metadata(publishing.metadata_for(name), name)
    metadata_path = out.with_name(f"{name}.metadata.json")
    metadata_path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False),
                             encoding="utf-8")
    copied = ", ".join(f"{table} {rows}" for table, rows in build.rows.items())
    click.echo(f"Wrote {out} ({out.stat().st_size} bytes): {copied}", err=True)
    click.echo(f"Left out: {', '.join(build.skipped) or 'nothing'}", err=True)
    if serve:
        argv = public_command(out, metadata_path, host=host, port=port)
        click.echo(f"Serving {out} read-only on http://{host}:{port}/ (Ctrl-C stops)", err=True)
        os.execvp(argv[0], argv)


def public_command(db_path: Path, metadata_path: Path, *, host: str = "127.0.0.1",
                   port: int = 8002, data_dir: Path = publishing.DATA_DIR) -> list[str]:
    """``datasette --immutable DB --metadata PUBLIC.json ...``, configured like ``serve``."""
    argv = [publishing._datasette_executable(), "--immutable", str(db_path),
            "--metadata", str(metadata_path)]
    if (data_dir / "templates").is_dir():
        argv += ["--template-dir", str(data_dir / "templates")]
    if (data_dir / "static").is_dir():
        argv += ["--static", f"static:{data_dir / 'static'}"]
    for setting, value in publishing.load_settings(data_dir).items():
        argv += ["--setting", setting, publishing._setting_text(value)]
    return argv + ["-h", host, "-p", str(port)]


@click.command()
@click.option("--db", "db_path", default="data/moatscan.db", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database file.")
@click.option("--scan", "scan_ref", default="latest", show_default=True,
              help="Scan id, or 'latest' complete scan.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory to write the brief into (created if needed).")
def report(db_path, scan_ref, out_dir):
    """Write the strategy brief: HTML, Markdown, CSV and XLSX.

    brief.html is self-contained (inline CSS and charts); brief.md has its charts as PNG files
    in charts/; the key tables (biggest gaps by layer with their copy difficulty, the seller's
    advantages, what changed since the previous scan, price position) come as CSV and in
    brief.xlsx, each row with a link to its evidence.

    Example:

        moatscan report --db data/moatscan.db --scan latest --out out/brief
    """
    from moatscan.report import ReportError, write_brief

    try:
        files = write_brief(db_path, out_dir, scan=scan_ref)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Brief of scan {files.scan_id}: {files.html}")
    for path in files.files[1:]:
        click.echo(f"  {path}")
