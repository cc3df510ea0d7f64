"""The benchmark: indicators -> layer scores -> moat index, gaps and the price index.

It reads one scan's crawl tables, scores every store on the four barrier layers of
``data/barrier_model.yaml`` relative to the peer set of the scan, and writes its own tables
(``benchmark.schema``). Usage::

    from benchmark import run_benchmark
    summary = run_benchmark(db, scan_id)

``run_benchmark`` and the exceptions are imported lazily, so that ``moatscan.db`` can apply
``benchmark.schema``'s migrations without importing pandas.
"""

from __future__ import annotations

__all__ = ["BenchmarkError", "ModelError", "run_benchmark"]


def __getattr__(name: str):
    if name == "run_benchmark" or name == "BenchmarkError":
        from benchmark import run

        return getattr(run, name)
    if name == "ModelError":
        from benchmark.model import ModelError

        return ModelError
    raise AttributeError(f"module 'benchmark' has no attribute {name!r}")
