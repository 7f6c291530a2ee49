"""The benchmarks' table and JSON (not a benchmark: runs in the suite)."""

import json

import pytest

from tests.bench import report
from tests.bench.report import Goal, Report, make_row


def test_a_goal_is_read_and_checked():
    assert Goal.parse(">= 0.7x").met(0.7)
    assert not Goal.parse(">= 0.7x").met(0.69)
    assert Goal.parse("<= 1.5×").met(1.5)
    assert not Goal.parse("<=1.5x").met(1.51)
    with pytest.raises(ValueError):
        Goal.parse("at least 0.7")


def test_a_goal_must_agree_with_the_figure_s_direction():
    with pytest.raises(ValueError):
        make_row("rush", 1, 2, goal="<= 1.5x", higher_is_better=True)


def test_rows_met_and_not_met_in_the_table_and_the_json(tmp_path):
    rows = Report()
    rows.add(make_row("rush over HTTP / bare", 140, 200, goal=">= 0.5x", higher_is_better=True, unit="req/s"))
    rows.add(make_row("one badge / bare WeasyPrint", 90, 50, goal="<= 1.5x", higher_is_better=False, unit="ms"))
    table = rows.table().splitlines()
    assert table[0].split() == ["figure", "value", "baseline", "ratio", "goal", "met"]
    assert table[2].split()[-4:] == ["0.70x", ">=", "0.5x", "yes"]
    assert table[3].split()[-4:] == ["1.80x", "<=", "1.5x", "NO"]
    assert table[-1] == "1 of 2 goals met"

    rows.write_json(tmp_path / "artifacts" / "bench.json")
    written = json.loads((tmp_path / "artifacts" / "bench.json").read_text())
    assert [(r["name"], r["ratio"], r["goal"], r["met"]) for r in written] == [
        ("rush over HTTP / bare", 0.7, ">= 0.5x", True),
        ("one badge / bare WeasyPrint", 1.8, "<= 1.5x", False),
    ]
    assert {"value", "baseline", "unit"} <= written[0].keys()


def test_a_zero_baseline_gives_no_ratio_and_is_not_met():
    row = make_row("queries", 3, 0, goal="<= 1.0x", higher_is_better=False)
    assert (row.ratio, row.met) == (None, False)
    assert make_row("queries", 0, 0, goal="<= 1.0x", higher_is_better=False).met


def test_record_adds_to_the_session(monkeypatch):
    session = Report()
    monkeypatch.setattr(report, "SESSION", session)
    report.record("growth: x", 2, 1, goal="<= 1.0x", higher_is_better=False)
    assert [(r.name, r.met) for r in session.rows] == [("growth: x", False)]
