"""``python -m bench --size quick|full [--only pages,load,mail,jobs] [--record]``: run every
benchmark, printing each figure beside the last recorded run of the same size; ``--record`` adds
this run to ``bench/README.md`` with today's date and the commit."""

from __future__ import annotations

import argparse
import datetime
import importlib
import logging
import subprocess
import time

from bench.common import PROJECT_ROOT, load_last_recorded, note, record, report

MODULES = ["pages", "load", "mail", "jobs"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--size", choices=["quick", "full"], default="quick")
    parser.add_argument("--only", default=",".join(MODULES), help="comma-separated modules")
    parser.add_argument(
        "--record", action="store_true", help="add this run to bench/README.md as the newest"
    )
    args = parser.parse_args()
    logging.disable(logging.INFO)
    last = load_last_recorded(args.size)
    note(f"beside each figure: the last recorded {args.size} run ({last or 'none yet'})")
    started = time.perf_counter()
    for name in [n.strip() for n in args.only.split(",") if n.strip()]:
        module = importlib.import_module(f"bench.{name}")
        note(f"{name} ({args.size})")
        module_started = time.perf_counter()
        module.run(args.size)
        note(f"{name} took {time.perf_counter() - module_started:.0f} s")
    report("bench_seconds", time.perf_counter() - started)
    if args.record:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        record(args.size, commit, datetime.date.today().isoformat())
        note(f"recorded in bench/README.md as {datetime.date.today()}, commit {commit}")


if __name__ == "__main__":
    main()
