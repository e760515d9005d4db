"""`tracker init`: a new group's repository that the tracker itself accepts,
committed once; refusals write nothing. Also the GitHub Action and the
workflows that the repository and this one run."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
from codeowners import CodeOwners
from ruamel.yaml import YAML

from conftest import REPO_ROOT, git, run_cli, run_tracker
from cso_tracker import SOURCE_URL, __version__
from cso_tracker.models import UpdateFile
from cso_tracker.render.scaffold import SCAFFOLD_TEMPLATES, default_action, workflow_texts

pytestmark = pytest.mark.today(dt.date(2026, 3, 2))

ACTION = f"cso-tracker/cso-tracker@v{__version__}"
FILES = [
    ".github/CODEOWNERS",
    ".github/workflows/pull-request.yml",
    ".github/workflows/push.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "CONTRIBUTING.md",
    "README.md",
    "data/commitments/.gitkeep",
    "data/meetings/2026-03-30-first-meeting.yaml",
    "data/members/river-office.yaml",
    "data/updates/.gitkeep",
    "tracker.yaml",
]


def _yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts[:1]
    )


@pytest.fixture
def new_group(tmp_path: Path) -> Path:
    target = tmp_path / "riverside"
    result = run_cli(
        "init", str(target), "--group", "Riverside: Water Forum", "--secretariat", "river-office"
    )
    assert result.exit_code == 0, result.output
    assert f"created {target} with {len(FILES)} files; committed" in result.stderr
    return target


def test_init_writes_the_files_and_commits_them_once(new_group: Path) -> None:
    assert _files(new_group) == FILES
    log = git(new_group, "log", "--format=%s").splitlines()
    assert log == ["Riverside: Water Forum: start the tracker"]
    assert git(new_group, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(new_group, "branch", "--show-current").strip() == "main"
    assert sorted(git(new_group, "ls-files").split()) == FILES


def test_the_records_say_what_was_asked(new_group: Path) -> None:
    """The secretariat (no people invented), a planned first meeting 28 days
    from today, the group's name quoted where YAML needs it."""
    settings = _yaml((new_group / "tracker.yaml").read_text())
    assert settings["group"] == "Riverside: Water Forum"
    member = _yaml((new_group / "data/members/river-office.yaml").read_text())
    assert member == {
        "id": "river-office",
        "name": "Riverside: Water Forum secretariat",
        "type": "other",
        "role": "secretariat",
    }
    meeting = _yaml((new_group / "data/meetings/2026-03-30-first-meeting.yaml").read_text())
    assert meeting == {
        "id": "2026-03-30-first-meeting",
        "title": "First meeting",
        "date": dt.date(2026, 3, 30),
        "kind": "teleconference",
        "status": "planned",
        "convened_by": "river-office",
    }
    assert (new_group / "data/commitments/.gitkeep").read_text() == ""


def test_the_tracker_accepts_the_new_repository(new_group: Path) -> None:
    """validate, fmt --check and codeowners --check pass; status runs."""
    validate = run_cli("validate", cwd=new_group)
    assert validate.exit_code == 0, validate.output
    assert "no problems" in validate.output
    assert run_cli("fmt", "--check", cwd=new_group).exit_code == 0
    codeowners = run_cli("codeowners", "--check", cwd=new_group)
    assert codeowners.exit_code == 0, codeowners.output
    status = run_cli("status", "--format", "md", cwd=new_group)
    assert status.exit_code == 0, status.output
    assert "Riverside: Water Forum" in status.stdout
    assert "First meeting, 2026-03-30" in status.stdout


def test_the_workflows_run_the_action_with_the_pull_requests_author(new_group: Path) -> None:
    pull_request_text = (new_group / ".github/workflows/pull-request.yml").read_text()
    pull_request = _yaml(pull_request_text)
    assert list(pull_request["on"]) == ["pull_request"]
    assert pull_request["permissions"] == {"contents": "read"}
    steps = pull_request["jobs"]["check"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    commands = [step["with"]["command"] for step in steps[1:]]
    assert all(step["uses"] == ACTION for step in steps[1:])
    assert commands[:2] == ["validate --format github", "fmt --check"]
    assert shlex.split(commands[2]) == [
        "check-pr",
        "--base", "${{", "github.event.pull_request.base.sha", "}}",
        "--head", "${{", "github.event.pull_request.head.sha", "}}",
        "--author", "${{", "github.event.pull_request.user.login", "}}",
        "--format", "github",
    ]  # fmt: skip
    assert "github.event.pull_request.user.login" in pull_request_text
    assert "${{ github.actor" not in pull_request_text
    push = _yaml((new_group / ".github/workflows/push.yml").read_text())
    assert list(push["on"]) == ["push"]
    assert push["permissions"] == {"contents": "read"}
    push_steps = push["jobs"]["check"]["steps"]
    assert [s["with"]["command"] for s in push_steps[1:]] == [
        "validate --format github",
        "codeowners --check",
    ]
    assert all(step["uses"] == ACTION for step in push_steps[1:])


def test_the_pre_commit_config_uses_this_repositorys_hooks(new_group: Path) -> None:
    """With the hooks' own `files:` (tracker.yaml too), so a release of the
    hooks from before tracker.yaml was covered checks it as well."""
    config = _yaml((new_group / ".pre-commit-config.yaml").read_text())
    defined = _yaml((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert config == {
        "repos": [
            {
                "repo": SOURCE_URL,
                "rev": f"v{__version__}",
                "hooks": [{"id": hook["id"], "files": hook["files"]} for hook in defined],
            }
        ]
    }
    assert [hook["id"] for hook in defined] == ["tracker-validate", "tracker-fmt"]


def test_codeowners_is_generated_and_every_path_is_the_secretariats(new_group: Path) -> None:
    """The secretariat has no handle yet: the file says so, and owns nothing."""
    text = (new_group / ".github/CODEOWNERS").read_text()
    assert "Generated by `tracker codeowners`" in text
    assert "No secretariat handle yet" in text
    assert CodeOwners(text).of("data/updates/x/2026-01-01-m.yaml") == []


def _yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)


def test_contributing_explains_an_update_by_hand(new_group: Path) -> None:
    """Which folder, which file name, the fields, a correction; its examples
    are valid update files (the data contract's own model reads them)."""
    text = (new_group / "CONTRIBUTING.md").read_text()
    for words in (
        "data/updates/<commitment-id>/",
        "<date>-<your member id>.yaml",
        "Create new file",
        "corrects:",
        "never edited",
        "tracker update",
        "Riverside: Water Forum",
    ):
        assert words in text, words
    examples = [UpdateFile.model_validate(_yaml(block)) for block in _yaml_blocks(text)]
    assert [e.corrects for e in examples] == [None, "2026-03-02-riverside-council.yaml"]
    assert all(e.evidence for e in examples)
    readme = (new_group / "README.md").read_text()
    assert readme.startswith("# Riverside: Water Forum\n")
    assert f'pip install "git+{SOURCE_URL}@v{__version__}"' in readme


def test_the_action_can_be_overridden(tmp_path: Path) -> None:
    target = tmp_path / "g"
    result = run_cli("init", str(target), "--group", "G", "--action", "someone/fork@main")
    assert result.exit_code == 0, result.output
    push = _yaml((target / ".github/workflows/push.yml").read_text())
    assert {s.get("uses") for s in push["jobs"]["check"]["steps"][1:]} == {"someone/fork@main"}
    config = _yaml((target / ".pre-commit-config.yaml").read_text())
    assert config["repos"][0]["repo"] == "https://github.com/someone/fork"
    assert config["repos"][0]["rev"] == "main"
    member = _yaml((target / "data/members/secretariat.yaml").read_text())
    assert member["name"] == "G secretariat"


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    result = run_cli(
        "init", str(target), "--group", "G", "--secretariat-name", "Office of the Forum"
    )
    assert result.exit_code == 0, result.output
    member = _yaml((target / "data/members/secretariat.yaml").read_text())
    assert member["name"] == "Office of the Forum"


def test_init_as_a_user_runs_it(tmp_path: Path) -> None:
    """A subprocess, with the real clock: the new repository validates."""
    result = run_tracker("init", "new", "--group", "Lakeside Forum", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "next: add the secretariat's people and GitHub handles" in result.stderr
    validate = run_tracker("validate", cwd=tmp_path / "new")
    assert validate.exit_code == 0, validate.output


# --- refusals: each writes nothing ---------------------------------------------------


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    """Exit 1, the folder named; what was there is untouched."""
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n")
    result = run_cli("init", str(target), "--group", "G")
    assert result.exit_code == 1
    assert f"error: {target} is not empty; nothing was written" in result.stderr
    assert _files(target) == ["notes.txt"]
    assert not (target / ".git").exists()


def test_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = run_cli("init", str(target), "--group", "G")
    assert result.exit_code == 1
    assert "exists and is not a folder; nothing was written" in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--secretariat", "Our Office"], "--secretariat 'Our Office' is not a valid id"),
        (["--secretariat", "-office"], "--secretariat '-office' is not a valid id"),
        (["--group", "  "], "--group: the group's name must not be blank"),
        (["--group", "A\nB"], "--group: the group's name must be one line"),
        (
            ["--secretariat-name", ""],
            "--secretariat-name: the secretariat's name must not be blank",
        ),
        (["--action", "not-an-action"], "--action: 'not-an-action' does not name a GitHub Action"),
    ],
)
def test_a_bad_value_is_a_usage_error(tmp_path: Path, options: list[str], message: str) -> None:
    """Exit 2 naming the option; the folder is not created."""
    target = tmp_path / "new"
    arguments = ["init", str(target), *(["--group", "G"] if "--group" not in options else [])]
    result = run_cli(*arguments, *options)
    assert result.exit_code == 2, result.output
    assert f"error: {message}" in result.stderr
    assert not target.exists()


def test_without_a_git_identity_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git would refuse the commit: say so, and how to fix it, before writing."""
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL", "EMAIL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # Never guess a name from the machine's host name (which may succeed elsewhere).
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")
    target = tmp_path / "new"
    result = run_cli("init", str(target), "--group", "G")
    assert result.exit_code == 1, result.output
    assert "error: git does not know who you are, so it cannot commit" in result.stderr
    assert "git config --global user.email" in result.stderr
    assert not target.exists()


def test_without_git_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    target = tmp_path / "new"
    result = run_cli("init", str(target), "--group", "G")
    assert result.exit_code == 1, result.output
    assert "error: git is not installed or not on PATH" in result.stderr
    assert not target.exists()


# --- the action, this repository's workflows, the package data -----------------------


def _run_steps(document: Any) -> list[dict[str, Any]]:
    return [step for step in document["runs"]["steps"] if "run" in step]


def test_the_action_never_puts_an_input_into_a_script() -> None:
    """Inputs reach the scripts only through env: an expression in the
    command (a pull request's title, say) cannot become code."""
    action = _yaml((REPO_ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"command", "python-version"}
    assert action["inputs"]["python-version"]["default"] == "3.12"
    assert action["runs"]["steps"][0]["uses"] == "actions/setup-python@v5"
    steps = _run_steps(action)
    assert len(steps) == 2
    for step in steps:
        assert "inputs." not in step["run"]
        assert "${{" not in step["run"]
    assert steps[0]["env"] == {"TRACKER_SOURCE": "${{ github.action_path }}"}
    assert 'pip install --disable-pip-version-check --quiet "$TRACKER_SOURCE"' in steps[0]["run"]
    assert steps[1]["env"] == {"TRACKER_COMMAND": "${{ inputs.command }}"}
    assert 'shlex.split(os.environ["TRACKER_COMMAND"])' in steps[1]["run"]


def test_the_actions_script_splits_the_command_like_a_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The step's Python, run as GitHub would (`python {0}`): quotes group,
    and `$(...)` stays text."""
    import subprocess
    import sys

    script = _run_steps(_yaml((REPO_ROOT / "action.yml").read_text()))[1]["run"]
    (tmp_path / "step.py").write_text(script)
    completed = subprocess.run(
        [sys.executable, str(tmp_path / "step.py")], cwd=tmp_path, capture_output=True,
        text=True, check=False,
        env={"TRACKER_COMMAND": "show 'a b' $(touch pwned)", "PATH": "", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert completed.stdout.startswith("tracker show 'a b' '$(touch' 'pwned)'\n")
    assert not (tmp_path / "pwned").exists()


def test_this_repositorys_workflows_are_the_templates_run_through_the_local_action() -> None:
    for rel, text in workflow_texts("./").items():
        assert (REPO_ROOT / rel).read_text() == text, rel
    assert not (REPO_ROOT / ".github/workflows/validate.yml").exists()


def test_the_pre_commit_hooks_see_update_files_and_tracker_yaml() -> None:
    hooks = _yaml((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert pattern.search("data/updates/fish-survey/2026-01-01-anglers.yaml")
        assert pattern.search("data/members/anglers.yaml")
        assert not pattern.search("data/updates/stray.yaml")
        assert not pattern.search("data/updates/a/b/c.yaml")
        assert pattern.search("tracker.yaml")
        assert not pattern.search("data/tracker.yaml")
        assert not pattern.search("old/tracker.yaml")


def test_the_source_url_is_the_one_in_pyproject() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert project["project"]["urls"]["Source"] == SOURCE_URL
    assert default_action() == ACTION


def test_the_templates_are_package_data() -> None:
    """Every template matches a package-data glob, so an installed tracker has it."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    globs = project["tool"]["setuptools"]["package-data"]["cso_tracker"]
    templates = sorted(p.name for p in SCAFFOLD_TEMPLATES.iterdir())
    assert templates, SCAFFOLD_TEMPLATES
    for name in templates:
        assert any(Path("scaffold", name).match(glob) for glob in globs), name
