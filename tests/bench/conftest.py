from tests.bench.report import SESSION
from tests.integration.conftest import *  # noqa: F403 - the same real services as the integration tests

BENCH_JSON = "artifacts/bench.json"
_benchmarks_ran = []


def pytest_runtest_setup(item):
    if item.get_closest_marker("bench") is not None:
        _benchmarks_ran.append(item.nodeid)


def pytest_unconfigure(config):
    """The benchmarks' one table, after everything else pytest prints (the "passed" line
    included), and the same rows in artifacts/bench.json (an empty list when the benchmarks
    that ran recorded nothing: no stale figures); nothing at all when no benchmark ran."""
    if not _benchmarks_ran and not SESSION.rows:
        return
    SESSION.write_json(config.rootpath / BENCH_JSON)
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    write = terminal.write_line if terminal else print
    write("")
    write("Benchmarks: each figure against its baseline measured in the same run")
    for line in SESSION.table().splitlines():
        write(line)
    write(f"(the same rows in {BENCH_JSON})")
