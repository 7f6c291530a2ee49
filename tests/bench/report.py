"""The benchmarks' one table: every benchmark records its figures here, against a baseline
measured in the same run, with the goal it must meet; tests/bench/conftest.py prints the
table last and writes artifacts/bench.json (a list of rows, for a machine to check)."""

import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

GOAL = re.compile(r"^\s*(>=|<=)\s*([0-9]*\.?[0-9]+)\s*[x×]\s*$")


@dataclass(frozen=True)
class Goal:
    """A goal on the ratio value / baseline, such as ">= 0.7x" or "<= 1.5x"."""

    at_least: bool
    ratio: float

    @classmethod
    def parse(cls, text: str) -> "Goal":
        match = GOAL.match(text)
        if not match:
            raise ValueError(f"a goal reads '>= 0.7x' or '<= 1.5x', not {text!r}")
        return cls(at_least=match[1] == ">=", ratio=float(match[2]))

    def met(self, ratio: float | None) -> bool:
        if ratio is None:
            return False
        return ratio >= self.ratio if self.at_least else ratio <= self.ratio


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    baseline: float
    ratio: float | None  # None when the baseline is zero and the value is not
    goal: str
    met: bool
    unit: str = ""


def ratio_of(value: float, baseline: float) -> float | None:
    if baseline:
        return value / baseline
    return 1.0 if value == baseline else None


def make_row(name: str, value: float, baseline: float, *, goal: str, higher_is_better: bool, unit: str = "") -> Row:
    parsed = Goal.parse(goal)
    if parsed.at_least != higher_is_better:
        # The goal's direction and the figure's must agree, or the row's "met" means nothing.
        raise ValueError(f"{name}: goal {goal!r} does not agree with higher_is_better={higher_is_better}")
    ratio = ratio_of(float(value), float(baseline))
    return Row(name, float(value), float(baseline), ratio, " ".join(goal.split()), parsed.met(ratio), unit)


class Report:
    """The rows of one pytest session, in the order they were recorded."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def table(self) -> str:
        return render_table(self.rows)

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([asdict(row) for row in self.rows], indent=2, ensure_ascii=False) + "\n")


def number(value: float | None, unit: str = "") -> str:
    if value is None or not math.isfinite(value):
        return "-"
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{text} {unit}".strip()


def render_table(rows: list[Row]) -> str:
    header = ("figure", "value", "baseline", "ratio", "goal", "met")
    lines = [
        (
            row.name,
            number(row.value, row.unit),
            number(row.baseline, row.unit),
            "-" if row.ratio is None else f"{row.ratio:.2f}x",
            row.goal,
            "yes" if row.met else "NO",
        )
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]

    def line(cells) -> str:
        first, *rest = cells
        return "  ".join([first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True))])

    met = sum(row.met for row in rows)
    return "\n".join(
        [line(header), line("-" * w for w in widths), *map(line, lines), f"{met} of {len(rows)} goals met"]
    )


SESSION = Report()


def record(name: str, value: float, baseline: float, *, goal: str, higher_is_better: bool, unit: str = "") -> None:
    """One row of the final table: `goal` like ">= 0.7x" or "<= 1.5x"; ratio = value / baseline."""
    SESSION.add(make_row(name, value, baseline, goal=goal, higher_is_better=higher_is_better, unit=unit))
