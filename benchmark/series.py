"""Benchmark a series of scans, on several cores: a year of history after a model change.

A scan's benchmark needs the scan and the one before it (changes, review velocity, and the
previous scan's matches, which an unchanged offer keeps). So a series is cut into ``jobs``
runs of consecutive scans, one per worker process; each worker starts from the scan just
before its run (read, not scored) and then goes week by week as ``moatscan scan`` would. The
results are exactly those of benchmarking the scans one at a time: only the first scan of each
run matches all its offers afresh instead of reusing last week's matches, which gives the same
matches.

Workers are forked (Linux), so the scans' source (a database path, or frames generated in
memory) is shared with them rather than copied through a pipe; what a worker sends back is
whatever ``keep`` returns for each scan, in scan order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import Any

from benchmark.frames import Frames
from benchmark.model import Model
from benchmark.run import compute

Load = Callable[[int, "Frames | None"], Frames]
"""``load(position, previous)``: the Frames of the series' scan at ``position``, with
``previous`` (the Frames of the scan before it, or None) as its previous scan when that is the
scan it compares with."""
Keep = Callable[[int, Frames, dict], Any]
"""``keep(position, frames, tables)``: what to send back of a scored scan."""

_job: tuple[Load, Keep, Model] | None = None   # set in the parent, inherited by forked workers


def spans(count: int, jobs: int) -> list[range]:
    """``count`` positions cut into at most ``jobs`` runs of consecutive ones, as even as can be.

    >>> spans(5, 2)
    [range(0, 3), range(3, 5)]
    """
    jobs = max(1, min(jobs, count))
    size, extra = divmod(count, jobs)
    out, start = [], 0
    for job in range(jobs):
        end = start + size + (job < extra)
        out.append(range(start, end))
        start = end
    return [span for span in out if len(span)]


def default_jobs() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run_span(span: range) -> list:
    load, keep, model = _job
    previous = load(span.start - 1, None) if span.start > 0 else None
    kept = []
    for position in span:
        frames = load(position, previous)
        kept.append(keep(position, frames, compute(frames, model)))
        if previous is not None:
            previous.previous = None     # one week back is all the next scan needs
        previous = frames
    return kept


def compute_series(load: Load, count: int, model: Model, keep: Keep, *,
                   jobs: int = 1) -> Iterator[Any]:
    """``keep(position, frames, compute(frames, model))`` for positions 0 … count-1, in order.

    ``jobs`` > 1 runs that many forked workers (see the module's docstring); 1 runs here.
    """
    global _job
    runs = spans(count, jobs)
    _job = (load, keep, model)
    try:
        if len(runs) <= 1:
            for span in runs:
                yield from _run_span(span)
            return
        with multiprocessing.get_context("fork").Pool(len(runs)) as pool:
            for kept in pool.imap(_run_span, runs):
                yield from kept
    finally:
        _job = None
