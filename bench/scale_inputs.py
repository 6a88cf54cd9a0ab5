"""Large and hostile inputs that once took quadratic time: timed by hand, not in the suite.

Run with the project's Python (stdlib only; servicescore is found next to it):

    /work/venv/bin/python bench/scale_inputs.py            # every case, 1 round
    /work/venv/bin/python bench/scale_inputs.py --rounds 3 # median of 3

Each case is generated into a temporary folder, run once as a real process, and its
wall time and exit status printed. The cases (issue 9, point 4):

- ``unknown-ids``: a 4.8 MB answers file answering 200,000 items the checklist lacks;
- ``unknown-fields``: a 4.2 MB answers file with 200,000 unknown top-level fields;
- ``big-checklist``: 1,000 unknown ids against a 50,000-item checklist;
- ``wide-continuum``: ``check`` of a continuum with 60,000 components.

There are no targets: the point is that the time grows about linearly with the input,
not with unknown ids x items or components x components.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVICESCORE = str(Path(sys.executable).parent / "servicescore")
SHIPPED = REPO / "checklists"


def unknown_ids(folder: Path) -> list[str]:
    """200,000 answered ids the checklist lacks, each near a real one."""
    lines = [
        "kind: answers",
        "checklist: profit-through-service",
        "organisation: Bench",
        "answers:",
    ]
    lines += [f"  strat-align{n:06d}: no" for n in range(200_000)]
    path = folder / "unknown-ids.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["assess", str(path), "-f", "json"]


def unknown_fields(folder: Path) -> list[str]:
    lines = ["kind: answers", "checklist: profit-through-service", "organisation: Bench"]
    lines += [f"organisatio{n:06d}: x" for n in range(200_000)]
    lines.append("answers: {}")
    path = folder / "unknown-fields.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["check", str(path)]


def _continuum(components: list[str]) -> str:
    lines = [
        "kind: continuum",
        "id: bench-continuum",
        "title: Bench",
        'version: "1"',
        "pass_mark: 0.8",
        "components:",
    ]
    lines += [f"  - {{id: {ident}, name: n}}" for ident in components]
    lines.append("stages:")
    for number in (1, 2):
        lines += [f"  - number: {number}", f"    name: S{number}", "    summary: s"]
        for key in ("looks_like",) + (("advance",) if number > 1 else ()):
            lines.append(f"    {key}:")
            lines += [f"      {ident}: t" for ident in components]
    return "\n".join(lines) + "\n"


def big_checklist(folder: Path) -> list[str]:
    """1,000 unknown ids in an answers file against a 50,000-item checklist."""
    (folder / "c.yaml").write_text(_continuum(["a", "b"]), encoding="utf-8")
    lines = [
        "kind: checklist",
        "id: bench-checklist",
        "title: Bench",
        'version: "1"',
        "continuum: c.yaml",
        "elements:",
    ]
    for element in range(50):
        lines += [f"  - id: e{element}", "    title: E", "    items:"]
        for item in range(1000):
            ident = f"item-{element:02d}-{item:04d}"
            lines.append(
                f"      - {{id: {ident}, text: s{ident}, component: {'ab'[item % 2]}, "
                f"stage: 2, action: a{ident}}}"
            )
    (folder / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = ["kind: answers", "checklist: big.yaml", "organisation: Bench", "answers:"]
    answers += [f"  item-{n % 50:02d}-{n:04d}x: partly" for n in range(1000)]
    answers += [f"  item-{n // 1000:02d}-{n % 1000:04d}: partly" for n in range(0, 50_000, 10)]
    (folder / "answers.yaml").write_text("\n".join(answers) + "\n", encoding="utf-8")
    return ["check", str(folder / "answers.yaml")]


def wide_continuum(folder: Path) -> list[str]:
    path = folder / "wide.yaml"
    path.write_text(_continuum([f"c{n:05d}" for n in range(60_000)]), encoding="utf-8")
    return ["check", str(path)]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "unknown-ids": unknown_ids,
    "unknown-fields": unknown_fields,
    "big-checklist": big_checklist,
    "wide-continuum": wide_continuum,
}


def run(argv: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, exit status and lines of output of one run."""
    start = time.perf_counter()
    done = subprocess.run([SERVICESCORE, *argv], cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    lines = len((done.stderr + done.stdout).splitlines())
    return seconds, done.returncode, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("cases", nargs="*", choices=[*CASES, []], default=[])
    options = parser.parse_args()
    for name in options.cases or CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            argv = CASES[name](folder)
            size = sum(path.stat().st_size for path in folder.iterdir())
            samples = [run(argv, folder) for _ in range(options.rounds)]
            seconds = statistics.median(sample[0] for sample in samples)
            _, status, lines = samples[-1]
            print(
                f"{name:15} {size / 1e6:5.1f} MB  {seconds:7.2f} s  exit {status}  "
                f"{lines} lines of output",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
