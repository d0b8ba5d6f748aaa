"""Run mypy and compare its errors with the committed baseline, ``mypy-baseline.txt``.

The baseline lists the errors the code had when mypy was switched on; it may only shrink.
Errors are compared by file, message and code, without line numbers, so editing a file does not
disturb the errors already listed. The check fails when there is an error the baseline does not
list (fix it), and when a listed error has gone (run ``make mypy-baseline`` and commit the
smaller file).

    python .ci/mypy_baseline.py            # check
    python .ci/mypy_baseline.py --update   # rewrite the baseline from the current errors
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<message>.*)$")


def current_errors() -> tuple[Counter[str], str]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"mypy could not run:\n{run.stdout}{run.stderr}")
    errors: Counter[str] = Counter()
    for line in run.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors[f"{match['path']}: {match['message']}"] += 1
    return errors, run.stdout


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def write_baseline(errors: Counter[str]) -> None:
    header = "# mypy errors accepted for now (file: message [code]). Only ever remove lines.\n"
    BASELINE.write_text(header + "".join(f"{e}\n" for e in sorted(errors.elements())), "utf-8")


def main(argv: list[str]) -> int:
    errors, output = current_errors()
    if "--update" in argv:
        added = errors - read_baseline()
        if added and "--allow-new" not in argv:
            print(f"Not updating: {sum(added.values())} error(s) are not in the baseline yet:")
            print("".join(f"  {e}\n" for e in sorted(added.elements())), end="")
            print("Fix them, or pass --allow-new if they are moved, not new.")
            return 1
        write_baseline(errors)
        print(f"{BASELINE.name}: {sum(errors.values())} error(s).")
        return 0
    baseline = read_baseline()
    new, gone = errors - baseline, baseline - errors
    if new:
        print(f"mypy: {sum(new.values())} new error(s), not in {BASELINE.name}:")
        for line in output.splitlines():
            match = ERROR.match(line)
            if match and f"{match['path']}: {match['message']}" in new:
                print(f"  {line}")
    if gone:
        print(f"mypy: {sum(gone.values())} error(s) in {BASELINE.name} are fixed. Shrink it:")
        print("  make mypy-baseline   (then commit mypy-baseline.txt)")
    if new or gone:
        return 1
    print(f"mypy: no errors beyond the {sum(baseline.values())} in {BASELINE.name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
