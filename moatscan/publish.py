"""Publish the moatscan database with Datasette, configured by ``data/``.

``data/`` is Datasette's configuration directory: ``datasette data/`` serves every ``*.db`` in
it with ``metadata.yaml`` (table and column descriptions, stored queries, the
datasette-dashboards configuration), ``settings.json`` and, when present, ``templates/``,
``static/`` and ``plugins/``.

The metadata keys the database by its name, which Datasette takes from the file stem:
``moatscan``. A database with another stem (``moatscan scan --db weekly.db``) is published
under its own name with the same metadata, rewritten for that name (see ``metadata_for``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from datasette.app import Datasette

DATA_DIR = Path("data")
"""Datasette's configuration directory, relative to the checkout (like ``moatscan.db.DEFAULT_DB``)."""

DB_NAME = "moatscan"
"""Name the metadata, stored queries and dashboards use for the database."""

DASHBOARDS_PLUGIN = "datasette-dashboards"


def load_metadata(data_dir: str | os.PathLike = DATA_DIR) -> dict[str, Any]:
    """Read ``metadata.yaml`` (or ``.yml`` / ``.json``) from ``data_dir``, as Datasette does."""
    data_dir = Path(data_dir)
    for name in ("metadata.json", "metadata.yaml", "metadata.yml"):
        path = data_dir / name
        if path.exists():
            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raise FileNotFoundError(f"No metadata.yaml in the Datasette directory {data_dir}")


def metadata_for(db_name: str, data_dir: str | os.PathLike = DATA_DIR) -> dict[str, Any]:
    """The metadata of ``data_dir`` with the database ``moatscan`` renamed to ``db_name``.

    Renames the entry under ``databases`` and the ``db`` of every dashboard chart and filter;
    the SQL needs no change. For ``db_name == "moatscan"`` the metadata is returned as is.
    """
    metadata = load_metadata(data_dir)
    if db_name == DB_NAME:
        return metadata
    metadata = copy.deepcopy(metadata)
    databases = metadata.get("databases") or {}
    if DB_NAME in databases:
        metadata["databases"] = {
            (db_name if name == DB_NAME else name): value for name, value in databases.items()
        }
    dashboards = (metadata.get("plugins") or {}).get(DASHBOARDS_PLUGIN) or {}
    for dashboard in dashboards.values():
        for part in ("charts", "filters"):
            for item in (dashboard.get(part) or {}).values():
                if item.get("db") == DB_NAME:
                    item["db"] = db_name
    return metadata


def datasette_command(db_path: str | os.PathLike, *, host: str = "127.0.0.1", port: int = 8001,
                      data_dir: str | os.PathLike = DATA_DIR) -> list[str]:
    """The argv that serves ``db_path`` with Datasette, configured by ``data_dir``.

    - ``data/moatscan.db`` (the default database, inside the configuration directory):
      ``datasette data -h HOST -p PORT``, Datasette's configuration-directory mode.
    - Any other path: ``datasette DB --metadata ... [--template-dir ...] [--static ...]
      [--plugins-dir ...] [--setting NAME VALUE ...] -h HOST -p PORT``, the same configuration
      given flag by flag. The database is never copied or linked.

      Datasette names a database after its file stem and the metadata is keyed ``moatscan``.
      A database called ``moatscan.db`` anywhere (``/tmp/week47/moatscan.db``) uses
      ``data/metadata.yaml`` itself. Any other stem (``weekly.db``, served at ``/weekly``) gets
      the metadata rewritten for its name by ``metadata_for``, written as JSON to a file in the
      temporary directory named after the name and a digest of the content (so repeated calls
      reuse one file, and it changes when metadata.yaml does). That file is this function's
      only side effect and must outlive the command; it is not removed.

    ``argv[0]`` is the ``datasette`` script beside the running interpreter when there is one (so
    ``.venv/bin/moatscan`` works without an activated venv), else ``datasette`` on the PATH.
    """
    db_path = Path(db_path)
    data_dir = Path(data_dir)
    serve = ["-h", host, "-p", str(port)]
    if db_path.resolve() == (data_dir / f"{DB_NAME}.db").resolve():
        return [_datasette_executable(), str(data_dir), *serve]

    if db_path.stem == DB_NAME:
        metadata_path = _metadata_file(data_dir)
    else:
        metadata_path = _write_metadata(metadata_for(db_path.stem, data_dir), db_path.stem)
    argv = [_datasette_executable(), str(db_path), "--metadata", str(metadata_path)]
    if (data_dir / "templates").is_dir():
        argv += ["--template-dir", str(data_dir / "templates")]
    if (data_dir / "static").is_dir():
        argv += ["--static", f"static:{data_dir / 'static'}"]
    if (data_dir / "plugins").is_dir():
        argv += ["--plugins-dir", str(data_dir / "plugins")]
    for name, value in load_settings(data_dir).items():
        argv += ["--setting", name, _setting_text(value)]
    return argv + serve


def make_datasette(db_path: str | os.PathLike, *,
                   data_dir: str | os.PathLike = DATA_DIR) -> Datasette:
    """A Datasette instance serving ``db_path`` in-process, configured as ``datasette_command``.

    The database is named after its file stem, with ``metadata_for`` that name (nothing is
    written to disk). Call ``await ds.invoke_startup()`` before ``ds.client.get(...)``.
    """
    from datasette.app import Datasette

    db_path = Path(db_path)
    data_dir = Path(data_dir)
    if not db_path.is_file():
        raise FileNotFoundError(f"No database at {db_path}: run `moatscan scan` first")
    templates, static, plugins = (data_dir / "templates", data_dir / "static",
                                  data_dir / "plugins")
    return Datasette(
        files=[str(db_path)],
        metadata=metadata_for(db_path.stem, data_dir),
        settings=load_settings(data_dir),
        template_dir=str(templates) if templates.is_dir() else None,
        static_mounts=[("static", str(static))] if static.is_dir() else None,
        plugins_dir=str(plugins) if plugins.is_dir() else None,
    )


def load_settings(data_dir: str | os.PathLike = DATA_DIR) -> dict[str, Any]:
    """Datasette settings from ``data_dir/settings.json``; empty when there is none."""
    path = Path(data_dir) / "settings.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _metadata_file(data_dir: Path) -> Path:
    for name in ("metadata.json", "metadata.yaml", "metadata.yml"):
        if (data_dir / name).exists():
            return data_dir / name
    raise FileNotFoundError(f"No metadata.yaml in the Datasette directory {data_dir}")


def _write_metadata(metadata: dict[str, Any], db_name: str) -> Path:
    text = json.dumps(metadata, indent=2, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    user = getattr(os, "getuid", lambda: "user")()
    directory = Path(tempfile.gettempdir()) / f"moatscan-datasette-{user}"
    directory.mkdir(mode=0o700, exist_ok=True)
    safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in db_name)
    path = directory / f"metadata-{safe_name}-{digest}.json"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    return path


def _setting_text(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _datasette_executable() -> str:
    beside = Path(sys.executable).with_name("datasette")
    return str(beside) if beside.exists() else "datasette"
