"""The texts of a new group's repository besides its records (`tracker
init`): the workflows, the pre-commit configuration, CONTRIBUTING.md, a
README and .github/CODEOWNERS. The templates are package data in
`src/cso_tracker/scaffold/`. Pure: values in, texts out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from cso_tracker import SOURCE_URL, __version__
from cso_tracker.errors import InputError
from cso_tracker.models import Meeting, Member
from cso_tracker.render.codeowners import CODEOWNERS_FILE, codeowners_text
from cso_tracker.render.environments import environment

SCAFFOLD_TEMPLATES: Final = Path(__file__).resolve().parent.parent / "scaffold"

WORKFLOWS: Final = {
    ".github/workflows/pull-request.yml": "pull-request.yml.j2",
    ".github/workflows/push.yml": "push.yml.j2",
}
OTHER_FILES: Final = {
    ".pre-commit-config.yaml": "pre-commit-config.yaml.j2",
    ".gitignore": "gitignore.j2",
    "CONTRIBUTING.md": "CONTRIBUTING.md.j2",
    "README.md": "README.md.j2",
}

_GITHUB: Final = "https://github.com/"
_ACTION: Final = re.compile(
    r"^(?P<repository>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)(?P<path>(?:/[A-Za-z0-9_.-]+)*)"
    r"@(?P<ref>[A-Za-z0-9_.][A-Za-z0-9_./-]*)$"
)


@dataclass(frozen=True)
class ActionRef:
    """A GitHub Action as a workflow's `uses:` names it: OWNER/REPO[/PATH]@REF."""

    repository: str
    path: str
    ref: str

    @property
    def uses(self) -> str:
        return f"{self.repository}{self.path}@{self.ref}"

    @property
    def url(self) -> str:
        return f"{_GITHUB}{self.repository}"


def default_action() -> str:
    """This version of the tracker's own action: `<owner>/<repo>@v<version>`."""
    return f"{SOURCE_URL.removeprefix(_GITHUB).rstrip('/')}@v{__version__}"


def parse_action(text: str) -> ActionRef:
    """The action `text` names; InputError when it is not OWNER/REPO[/PATH]@REF."""
    found = _ACTION.match(text.strip())
    if found is None:
        raise InputError(
            text,
            f"'{text}' does not name a GitHub Action as OWNER/REPO@REF",
            hint=f"for example {default_action()}",
        )
    return ActionRef(found["repository"], found["path"], found["ref"])


def _expression(text: str) -> str:
    """A GitHub Actions expression, `${{ text }}` (Jinja would read the braces)."""
    return "${{ " + text + " }}"


def _render(name: str, context: dict[str, Any]) -> str:
    return environment([SCAFFOLD_TEMPLATES]).get_template(name).render(**context)


def workflow_texts(uses: str) -> dict[str, str]:
    """The workflows, running the tracker through the action `uses` (`./`
    in the tracker's own repository)."""
    context = {"uses": uses, "gh": _expression}
    return {rel: _render(name, context) for rel, name in WORKFLOWS.items()}


def scaffold_texts(
    *, group: str, secretariat: Member, first_meeting: Meeting, action: ActionRef
) -> dict[str, str]:
    """Path relative to the new repository -> text, for every file of the
    scaffold that is not a record (write/scaffold.py makes those)."""
    context = {
        "group": group,
        "secretariat": secretariat,
        "first_meeting": first_meeting,
        "source_url": action.url,
        "hooks_repository": action.url,
        "hooks_rev": action.ref,
        "install": f'pip install "git+{action.url}@{action.ref}"',
        "gh": _expression,
    }
    texts = workflow_texts(action.uses)
    texts.update({rel: _render(name, context) for rel, name in OTHER_FILES.items()})
    texts[CODEOWNERS_FILE] = codeowners_text([secretariat], [])
    return texts
