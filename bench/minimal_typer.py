"""The yardstick for `tracker --version` and `tracker --help`: a minimal
Typer app with one command and a --version option, nothing else imported."""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False)


def _version(value: bool) -> None:
    if value:
        print("minimal 0.1.0")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:  # fmt: skip
    """A minimal Typer app."""


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
