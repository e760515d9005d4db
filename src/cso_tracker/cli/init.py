"""`tracker init`: a new group's repository, ready to push to GitHub."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cso_tracker import clock
from cso_tracker.cli._app import app
from cso_tracker.cli._words import naming
from cso_tracker.cli._writing import option, say

if TYPE_CHECKING:
    from cso_tracker.write.scaffold import NewGroup


_FolderArgument = Annotated[
    Path,
    typer.Argument(
        metavar="DIR",
        help="The folder to create the repository in: new, or empty.",
        show_default=False,
    ),
]
_GroupOption = Annotated[str, option("--group", "NAME", "The group's name, as reports show it.")]
_SecretariatOption = Annotated[
    str | None,
    option(
        "--secretariat",
        "ID",
        "The secretariat's member id (lowercase letters, digits, hyphens). Default: secretariat.",
    ),
]
_SecretariatNameOption = Annotated[
    str | None,
    option(
        "--secretariat-name",
        "NAME",
        "The secretariat's organisation name. Default: the group's name + ' secretariat'.",
    ),
]
_ActionOption = Annotated[
    str | None,
    option(
        "--action",
        "OWNER/REPO@REF",
        "The GitHub Action the workflows run the tracker with (its repository also "
        "serves the pre-commit hooks). Default: this version's release.",
    ),
]


@app.command("init")
def init_command(
    folder: _FolderArgument,
    group: _GroupOption,
    secretariat: _SecretariatOption = None,
    secretariat_name: _SecretariatNameOption = None,
    action: _ActionOption = None,
) -> None:
    """Create a new group's repository: its settings, its secretariat, a first
    meeting, the GitHub workflows, CODEOWNERS and CONTRIBUTING.md, in one
    git commit.

    DIR must be new or empty; nothing is written if it is not, or if git
    is missing or does not know who you are (user.name and user.email). The
    secretariat starts with no people and no GitHub handles: add them with
    `tracker member person` and by editing its file, then run
    `tracker codeowners`. Push the repository to GitHub, and members record
    progress as CONTRIBUTING.md says.
    """
    from cso_tracker.git import short
    from cso_tracker.write.scaffold import create_group

    plan, files = _scaffold(group, secretariat, secretariat_name, action)
    commit = create_group(
        folder.expanduser().absolute(), files, message=f"{plan.group}: start the tracker\n"
    )
    say(f"created {folder} with {len(files)} files; committed {short(commit)}")
    say(
        "next: add the secretariat's people and GitHub handles to "
        f"data/members/{plan.secretariat.id}.yaml, run `tracker codeowners`, "
        "then push the repository to GitHub"
    )


def _scaffold(
    group: str, secretariat: str | None, secretariat_name: str | None, action: str | None
) -> tuple[NewGroup, dict[str, str]]:
    """The new group's records and every file of its repository, each value
    checked under the name of the option it came from."""
    from cso_tracker.render.scaffold import default_action, parse_action, scaffold_texts
    from cso_tracker.write.ids import given_id
    from cso_tracker.write.scaffold import DEFAULT_SECRETARIAT, one_line, plan_group, record_texts

    with naming("--group"):
        name = one_line(group, "group's name")
    with naming("--secretariat"):
        member_id = given_id(secretariat, DEFAULT_SECRETARIAT)
    with naming("--secretariat-name"):
        if secretariat_name is not None:
            one_line(secretariat_name, "secretariat's name")
    with naming("--action"):
        ref = parse_action(action if action is not None else default_action())
    plan = plan_group(
        group=name, secretariat_id=member_id, secretariat_name=secretariat_name, today=clock.today()
    )
    files = record_texts(plan)
    files.update(
        scaffold_texts(
            group=plan.group,
            secretariat=plan.secretariat,
            first_meeting=plan.first_meeting,
            action=ref,
        )
    )
    return plan, files
