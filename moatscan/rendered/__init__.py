"""The rendered pass: technologies and site speed from pages rendered in Chromium.

``run_rendered_pass(db, scan_id, stores)`` is called by the scan after the crawl;
``render_with_technologies(url)`` serves ``moatscan extract --render``. See ``run.py``,
``collect.py``, ``speed.py`` and ``session.py``; ``PLANTING.md`` tells the demo market how to
plant technologies this detector recognises.
"""

from moatscan.rendered.run import run_rendered_pass
from moatscan.rendered.page import render_with_technologies

__all__ = ["render_with_technologies", "run_rendered_pass"]
