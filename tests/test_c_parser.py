"""The C YAML parser is required: without ruamel's C extension the tracker
says what to install (exit 1), with no traceback and no slow fallback.

For real, in a subprocess: a sitecustomize.py on PYTHONPATH installs a
meta-path finder that refuses the extension's modules, as if no wheel had
been installed. ruamel.yaml.cyaml imports `_ruamel_yaml` (ruamel.yaml.clib)
and, failing that, `_ruamel_yaml_clibz` (ruamel.yaml.clibz): both are refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import Result

MESSAGE = "the C YAML parser (libyaml, from the package ruamel.yaml.clib) is not installed"
HINT = (
    "install it with: python -m pip install 'ruamel.yaml[oldlibyaml]' "
    "(a wheel exists for most platforms; elsewhere it needs a C compiler)"
)
REFUSED = ("_ruamel_yaml", "_ruamel_yaml_clibz")


@pytest.fixture
def without_c_extension(tmp_path: Path) -> dict[str, str]:
    """The environment of a Python that cannot import the C extension."""
    startup = tmp_path / "startup"
    startup.mkdir()
    (startup / "sitecustomize.py").write_text(
        textwrap.dedent(f"""\
            import sys

            class RefuseTheExtension:
                def find_spec(self, name, path=None, target=None):
                    if name in {REFUSED!r}:
                        raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
                    return None

            sys.meta_path.insert(0, RefuseTheExtension())
        """),
        encoding="utf-8",
    )
    paths = [str(startup), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def python(*args: str, env: dict[str, str], cwd: Path | None = None) -> Result:
    completed = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd,
        timeout=120, check=False,
    )  # fmt: skip
    return Result(completed.returncode, completed.stdout, completed.stderr)


def test_the_startup_really_refuses_the_extension(without_c_extension: dict[str, str]) -> None:
    """Else the tests below would pass for the wrong reason."""
    probe = "import ruamel.yaml.cyaml"
    assert python("-c", probe, env={**os.environ}).exit_code == 0
    refused = python("-c", probe, env=without_c_extension)
    assert refused.exit_code == 1
    assert "ModuleNotFoundError: No module named '_ruamel_yaml_clibz'" in refused.stderr


def test_the_reader_raises_missing_dependency_with_what_to_install(
    without_c_extension: dict[str, str],
) -> None:
    code = textwrap.dedent("""\
        from cso_tracker.errors import MissingDependencyError
        from cso_tracker.yaml import reader
        try:
            reader.load("id: x\\n")
        except MissingDependencyError as error:
            print(error.exit_code)
            print(error.message)
            print(error.hint)
    """)
    result = python("-c", code, env=without_c_extension)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["1", MESSAGE, HINT]


@pytest.mark.parametrize("command", [["validate"], ["list"], ["show", "repair-survey"]])
def test_the_cli_says_what_to_install_and_exits_1(
    minimal_group: Path, without_c_extension: dict[str, str], command: list[str]
) -> None:
    """A fresh record cache (tmp XDG_CACHE_HOME): every record must be parsed."""
    result = python(
        "-m", "cso_tracker", "--root", str(minimal_group), *command, env=without_c_extension
    )
    assert result.exit_code == 1
    assert result.stderr == f"error: {MESSAGE}\nhint: {HINT}\n"
    assert result.stdout == ""
    assert "Traceback" not in result.output
