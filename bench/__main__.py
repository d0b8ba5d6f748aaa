"""``python -m bench --size quick|full [--only pages,load,mail]``: run every benchmark."""

from __future__ import annotations

import argparse
import importlib
import logging
import time

from bench.common import note, report

MODULES = ["pages", "load", "mail"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--size", choices=["quick", "full"], default="quick")
    parser.add_argument("--only", default=",".join(MODULES), help="comma-separated modules")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    started = time.perf_counter()
    for name in [n.strip() for n in args.only.split(",") if n.strip()]:
        module = importlib.import_module(f"bench.{name}")
        note(f"{name} ({args.size})")
        module_started = time.perf_counter()
        module.run(args.size)
        note(f"{name} took {time.perf_counter() - module_started:.0f} s")
    report("bench_seconds", time.perf_counter() - started)


if __name__ == "__main__":
    main()
