"""Command line of the demo market: `python -m moatscan.demo serve` and `... planted`."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from moatscan.demo.changes import planted_changes
from moatscan.demo.market import DEFAULT_PORTS, DemoMarket, PortInUseError
from moatscan.demo.planted import planted, planted_speed_ranks, planted_store_signals, planted_technologies

EPILOG = """examples:
  python -m moatscan.demo serve                    # week 1 on ports 8471-8476 (+ partner 8479)
  python -m moatscan.demo serve --week 2 --port-base 9471
  python -m moatscan.demo serve --port-base 0      # free ports, printed at start
  python -m moatscan.demo planted --week 2         # the truth a correct scan finds, as JSON
  python -m moatscan.demo planted --what changes   # what a correct diff of weeks 1 and 2 reports
"""
TRUTHS = {"offers": planted, "signals": planted_store_signals, "technologies": planted_technologies,
          "speed": lambda week: planted_speed_ranks(), "changes": planted_changes}
"""What `planted --what` prints; `changes` compares week - 1 with week (default week 2)."""


def ports_from_base(port_base: int) -> dict[str, int]:
    """Ports keeping the default layout from `port_base` (8471 gives DEFAULT_PORTS; 0: free ports)."""
    if port_base == 0:
        return {site_id: 0 for site_id in DEFAULT_PORTS}
    first = DEFAULT_PORTS["brightlane"]
    return {site_id: port_base + port - first for site_id, port in DEFAULT_PORTS.items()}


def parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    top = argparse.ArgumentParser(prog="python -m moatscan.demo", description=__doc__,
                                  epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo stores on 127.0.0.1 until Ctrl-C")
    serve.add_argument("--week", type=int, default=1, help="which week's data to serve (default 1)")
    serve.add_argument("--port-base", type=int, default=DEFAULT_PORTS["brightlane"],
                       help="port of the first store; the others follow the default layout "
                            "(default %(default)s; 0 picks free ports)")
    truth = commands.add_parser("planted", help="print the planted truth of a week as JSON")
    truth.add_argument("--week", type=int, default=None, help="week (default 1; 2 for changes)")
    truth.add_argument("--what", choices=sorted(TRUTHS), default="offers",
                       help="offers (default), store signals, technologies, speed or changes")
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    if args.command == "planted":
        week = args.week or (2 if args.what == "changes" else 1)
        json.dump(TRUTHS[args.what](week), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    try:
        market = DemoMarket(week=args.week, ports=ports_from_base(args.port_base)).start()
    except PortInUseError as err:
        print(f"error: {err.strerror}\nIs another demo market running? "
              f"--port-base 0 serves on free ports.", file=sys.stderr)
        return 2
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"Demo market, week {args.week}, serving on 127.0.0.1 (Ctrl-C to stop):")
    for site_id, url in market.base_urls.items():
        print(f"  {site_id:<11} {url}")
    sys.stdout.flush()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        print("stopping")
        market.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
