"""Baseline for the throughput benchmark: walk directories and parse every YAML file.

This is the floor that ``servicescore assess DIR --format json`` is compared with: the
same walk (recursive, ``*.yaml``/``*.yml``, sorted) and a libyaml parse of each file
into Python objects, and nothing else: no validation, no scoring, no report.

Usage: python bench/parse_only.py DIR [DIR ...]
"""

from __future__ import annotations

import os
import sys

import yaml

SUFFIXES = (".yaml", ".yml")


def yaml_files(directory: str) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(directory):
        found.extend(os.path.join(root, name) for name in files if name.endswith(SUFFIXES))
    return sorted(found)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: parse_only.py DIR [DIR ...]", file=sys.stderr)
        return 2
    parsed = 0
    for directory in argv:
        for path in yaml_files(directory):
            with open(path, "rb") as handle:
                yaml.load(handle, Loader=yaml.CSafeLoader)
            parsed += 1
    print(f"parsed {parsed} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
