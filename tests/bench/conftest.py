from tests.bench.report import SESSION
from tests.integration.conftest import *  # noqa: F403 - the same real services as the integration tests

BENCH_JSON = "artifacts/bench.json"


def pytest_unconfigure(config):
    """The benchmarks' one table, after everything else pytest prints (the "passed" line
    included), and the same rows in artifacts/bench.json; nothing when no row was recorded."""
    if not SESSION.rows:
        return
    path = config.rootpath / BENCH_JSON
    SESSION.write_json(path)
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    write = terminal.write_line if terminal else print
    write("")
    write("Benchmarks: each figure against its baseline measured in the same run")
    for line in SESSION.table().splitlines():
        write(line)
    write(f"(the same rows in {BENCH_JSON})")
