"""Command line: `python -m bot chat | compile | migrate`."""

from __future__ import annotations

import typer

cli = typer.Typer(add_completion=False, help="GeM Saathi command line.")


@cli.command()
def compile() -> None:  # noqa: A001 - the verb people type
    """Compile the gettext catalogues under locales/."""
    from bot.i18n import compile_catalogues

    for path in compile_catalogues():
        typer.echo(f"compiled {path}")


@cli.command("fill-english")
def fill_english() -> None:
    """Copy each new English source message into the English catalogue, where it can then be edited."""
    from bot.i18n import fill_english_catalogue

    typer.echo(f"filled {fill_english_catalogue()} English messages")


@cli.command()
def migrate() -> None:
    """Bring the database named by DATABASE_URL up to the newest migration."""
    from api.migrate import upgrade

    upgrade()
    typer.echo("database is up to date")


@cli.command()
def chat(
    user: str = typer.Option("console", help="Who you are in the conversation; reuse it to continue later."),
    channel: str = typer.Option("whatsapp", help="Which channel's abilities to assume: whatsapp or telegram."),
) -> None:
    """Chat with the bot in the terminal, against the local database."""
    from bot.channels.console import run_console

    run_console(user=user, renders_as=channel)


def main() -> None:
    """Run the command line."""
    cli()


if __name__ == "__main__":
    main()
