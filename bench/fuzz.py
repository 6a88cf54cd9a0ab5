"""Fuzz the servicescore command line by hand: many seeded cases, each a real process.

    /work/venv/bin/python bench/fuzz.py --cases 5000 --seed 1
    /work/venv/bin/python bench/fuzz.py --cases 2000 --seed 7 --jobs 2 --keep /tmp/fuzz

The cases are those of tests/fuzzcases.py (the suite runs a few hundred of them
in-process): mutated copies of the shipped continuum, checklists and examples, and one
command of assess, check, show, diff and trend in each format. A case fails on a
traceback, an exit code outside {0, 1, 2, 130}, a file problem not in the shape
FILE:LINE:COL: message, or a run longer than --timeout seconds. Failing cases are
listed by number (rerun one with --only N) and, with --keep, their files are kept.

Exit status: 0 when every case passes, 1 when one fails.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzcases import Case, case, shape_errors

SERVICESCORE = str(Path(sys.executable).parent / "servicescore")


def run(
    seed: int, number: int, timeout: float, keep: Path | None
) -> tuple[Case, int | None, list[str]]:
    """Case ``number``, its exit code (None on a timeout) and what is wrong with its run."""
    fuzzed = case(seed, number)  # made here, not ahead: thousands of cases would fill memory
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fuzzed.write(folder)
        try:
            done = subprocess.run(
                [SERVICESCORE, *fuzzed.command],
                cwd=folder,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={"PATH": "/usr/bin:/bin", "COLUMNS": "120", "LANG": "C.UTF-8"},
            )
        except subprocess.TimeoutExpired:
            code, errors = None, [f"still running after {timeout} s"]
        else:
            stderr = done.stderr.decode("utf-8", "replace")
            code, errors = done.returncode, shape_errors(done.returncode, stderr)
            if "Traceback" in stderr:
                errors.append(stderr.strip().splitlines()[-1][:200])
        if errors and keep is not None:
            shutil.copytree(folder, keep / f"case-{fuzzed.number}", dirs_exist_ok=True)
    return fuzzed, code, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20260409)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", type=int, help="run this case number only")
    parser.add_argument("--keep", type=Path, help="keep the files of failing cases here")
    options = parser.parse_args()
    if options.keep is not None:
        options.keep.mkdir(parents=True, exist_ok=True)
    numbers = [options.only] if options.only is not None else range(options.cases)
    codes: collections.Counter[str] = collections.Counter()
    failed = 0
    start = time.perf_counter()
    with ThreadPoolExecutor(options.jobs) as pool:
        for fuzzed, code, errors in pool.map(
            lambda number: run(options.seed, number, options.timeout, options.keep), numbers
        ):
            codes[f"{fuzzed.command[0]} exit {code}"] += 1
            if errors:
                failed += 1
                print(f"FAIL {fuzzed.describe()}\n     {'; '.join(errors)}", flush=True)
    seconds = time.perf_counter() - start
    print(f"seed {options.seed}: {len(numbers)} cases, {failed} failed, {seconds:.0f} s")
    for name, count in sorted(codes.items()):
        print(f"  {name}: {count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
