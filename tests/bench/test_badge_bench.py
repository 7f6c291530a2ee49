"""Benchmark (prints figures, asserts nothing about time): badges rendered by WeasyPrint.

Each figure is a ratio to WeasyPrint rendering a bare HTML page of the same text in the
same run, so that a busy machine moves both together."""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.report import record

pytestmark = pytest.mark.bench
ROOT = Path(__file__).resolve().parents[2]


def measure(mode: str, count: int, *, sheets: bool = False) -> dict:
    command = [sys.executable, "-m", "tests.bench.badge_render", mode, str(count)] + (["sheets"] if sheets else [])
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "techforclimate.settings"}
    output = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def median_of(runs: int, mode: str, count: int, **options) -> dict:
    results = [measure(mode, count, **options) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:5.1f}×"


def test_bench_badges():
    single, single_bare = median_of(3, "badges", 1), median_of(3, "bare", 1)
    batch, batch_bare = median_of(1, "badges", 350, sheets=True), median_of(1, "bare", 350)
    a6_pages = median_of(1, "badges", 350)
    rows = [
        (
            "one badge, one document",
            f"{single['seconds'] * 1000:7.0f} ms",
            ratio(single["seconds"], single_bare["seconds"]),
        ),
        (
            "350 badges, A4 sheets, one document",
            f"{batch['seconds']:7.2f} s ",
            ratio(batch["seconds"], batch_bare["seconds"]),
        ),
        ("  per badge", f"{batch['seconds'] / 350 * 1000:7.1f} ms", ""),
        (
            "350 badges, A6 pages, one document",
            f"{a6_pages['seconds']:7.2f} s ",
            ratio(a6_pages["seconds"], batch_bare["seconds"]),
        ),
        (
            "peak memory, 350 badges (whole process)",
            f"{batch['peak_mb']:7.0f} MB",
            ratio(batch["peak_mb"], batch_bare["peak_mb"]),
        ),
        ("PDF size, 350 badges", f"{batch['bytes'] / 1024:7.0f} KB", ""),
    ]
    record(
        "350 badges in one PDF",
        batch["seconds"],
        batch_bare["seconds"],
        goal="<= 1.5x",
        higher_is_better=False,
        unit="s",
    )
    record(
        "one badge alone", single["seconds"], single_bare["seconds"], goal="<= 1.5x", higher_is_better=False, unit="s"
    )
    print("\nBadges (ratio: to WeasyPrint rendering bare HTML of the same text, same run)")
    for label, value, versus in rows:
        print(f"  {label:<42} {value}  {versus}")
    print(
        "  CPU time, a busy machine's fairer ratios: "
        f"one badge {ratio(single['cpu_seconds'], single_bare['cpu_seconds'])}, "
        f"350 on sheets {ratio(batch['cpu_seconds'], batch_bare['cpu_seconds'])}, "
        f"350 A6 {ratio(a6_pages['cpu_seconds'], batch_bare['cpu_seconds'])}"
    )
    print(
        f"  baseline: 1 bare page {single_bare['seconds'] * 1000:.0f} ms, "
        f"350 bare pages {batch_bare['seconds']:.2f} s, {batch_bare['peak_mb']:.0f} MB"
    )
