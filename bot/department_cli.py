"""Run the department backend's command line: `python -m bot department|token|deeplink …`."""

from __future__ import annotations

from typing import Optional

import typer

department_cli = typer.Typer(add_completion=False, no_args_is_help=True, help="Departments that bring sellers in.")
token_cli = typer.Typer(add_completion=False, no_args_is_help=True, help="API tokens for departments and admins.")
deeplink_cli = typer.Typer(add_completion=False, no_args_is_help=True, help="Deep links (t.me / wa.me) that credit sellers to a department.")


def _engine():  # type: ignore[no-untyped-def]
    from bot.settings import get_settings
    from bot.store.db import make_engine

    return make_engine(get_settings().database_url)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@department_cli.command("create")
def department_create(
    name: str = typer.Argument(..., help="The department's name, e.g. \"District Industries Centre, Lucknow\"."),
    code: str = typer.Option(..., "--code", help="Short slug of a-z, 0-9 and _ (at most 24), used in deep-link codes."),
) -> None:
    """Create a department."""
    from bot.services.departments import create_department
    from bot.services.errors import AlreadyExists

    engine = _engine()
    try:
        department = create_department(engine=engine, name=name, code=code)
    except (AlreadyExists, ValueError) as error:
        raise _fail(str(error)) from None
    finally:
        engine.dispose()
    typer.echo(f"created department {department.id} {department.code}: {department.name}")


@department_cli.command("list")
def department_list() -> None:
    """List departments: id, code, name."""
    from bot.services.departments import list_departments

    engine = _engine()
    try:
        found = list_departments(engine=engine)
    finally:
        engine.dispose()
    if not found:
        typer.echo("no departments yet: python -m bot department create NAME --code CODE")
    for department in found:
        typer.echo(f"{department.id}\t{department.code}\t{department.name}")


@token_cli.command("create")
def token_create(
    label: str = typer.Option(..., "--label", help="Whose token this is, e.g. the officer's name and desk."),
    department: Optional[str] = typer.Option(None, "--department", help="Code of the department whose staff get the token."),  # noqa: UP007 - typer reads Optional
    admin: bool = typer.Option(False, "--admin", help="An MSME-department admin token: every department, and managing tokens."),
) -> None:
    """Create a token and print its secret, this once."""
    from bot.services.departments import department_by_code
    from bot.services.errors import NotFound
    from bot.services.tokens import create_token

    if admin == (department is not None):
        raise _fail("give either --department CODE or --admin")
    engine = _engine()
    try:
        department_id = department_by_code(engine=engine, code=department).id if department is not None else None
        issued = create_token(engine=engine, label=label, department_id=department_id)
    except (NotFound, ValueError) as error:
        raise _fail(str(error)) from None
    finally:
        engine.dispose()
    token = issued.token
    whose = "admin" if token.department_id is None else f"staff of {department}"
    typer.echo(f"created token {token.id} ({whose}), prefix {token.prefix}")
    typer.echo("secret (shown once; store it now, it cannot be shown again):", err=True)
    typer.echo(issued.secret)


@token_cli.command("revoke")
def token_revoke(prefix: str = typer.Argument(..., help="The token's prefix as `token list` shows it (or the whole secret).")) -> None:
    """Revoke a token for good."""
    from bot.services.tokens import revoke_token, tokens_matching

    engine = _engine()
    try:
        matching = tokens_matching(engine=engine, prefix_or_secret=prefix)
        if not matching:
            raise _fail("no token with this prefix")
        if len(matching) > 1:
            ids = ", ".join(str(t.id) for t in matching)
            raise _fail(f"several tokens share this prefix (ids {ids}); revoke with the whole secret, or through the API by id")
        token = revoke_token(engine=engine, token_id=matching[0].id)
    finally:
        engine.dispose()
    typer.echo(f"revoked token {token.id} ({token.label}) at {token.revoked_at:%Y-%m-%d %H:%M:%S}")


@token_cli.command("list")
def token_list() -> None:
    """List tokens: id, prefix, role, department id, label, last used, revoked."""
    from bot.services.tokens import list_tokens

    engine = _engine()
    try:
        found = list_tokens(engine=engine)
    finally:
        engine.dispose()
    for t in found:
        typer.echo(
            "\t".join(
                str(v)
                for v in (t.id, t.prefix, t.role, t.department_id or "-", t.label, t.last_used_at or "never", "revoked" if t.revoked_at else "active")
            )
        )


@deeplink_cli.command("create")
def deeplink_create(
    department: str = typer.Option(..., "--department", help="Code of the department the link credits."),
    campaign: Optional[str] = typer.Option(None, "--campaign", help="e.g. \"Udyog Mela Kanpur\"."),  # noqa: UP007
    code: Optional[str] = typer.Option(None, "--code", help="The code itself (A-Z, a-z, 0-9, _, -; at most 64); default <department>_<random>."),  # noqa: UP007
) -> None:
    """Create a deep link and print its Telegram and WhatsApp URLs."""
    from bot.services.deeplinks import create_deep_link, deep_link_urls
    from bot.services.departments import department_by_code
    from bot.services.errors import AlreadyExists, NotFound
    from bot.settings import get_settings

    engine = _engine()
    try:
        department_id = department_by_code(engine=engine, code=department).id
        link = create_deep_link(engine=engine, department_id=department_id, campaign_name=campaign, code=code)
    except (AlreadyExists, NotFound, ValueError) as error:
        raise _fail(str(error)) from None
    finally:
        engine.dispose()
    urls = deep_link_urls(settings=get_settings(), code=link.code)
    typer.echo(f"code      {link.code}")
    typer.echo(f"telegram  {urls.telegram or '(set TELEGRAM_BOT_USERNAME)'}")
    typer.echo(f"whatsapp  {urls.whatsapp or '(set TWILIO_WHATSAPP_FROM)'}")


admin_cli = typer.Typer(add_completion=False, no_args_is_help=True, help="Admins of the MSME department, who sign in to the staff app.")


@admin_cli.command("create")
def admin_create() -> None:
    """Print a one-time link (valid for 30 minutes) that creates an admin account in the staff app."""
    from datetime import UTC, datetime

    from bot.services import accounts
    from bot.settings import get_settings

    secret = accounts.issue_setup_link(engine=_engine(), now=datetime.now(UTC))
    typer.echo(f"open {get_settings().site_url}/setup/{secret}")
    typer.echo("to create an admin account (the link works once, for 30 minutes).")


vendor_cli = typer.Typer(add_completion=False, no_args_is_help=True, help="Departments' vendor lists.")


@vendor_cli.command("import")
def vendor_import(
    path: str = typer.Argument(..., help="A CSV or Excel (.xlsx) file with a phone (mobile) column, and optionally name, business_name, district, category."),
    department: str = typer.Option(..., "--department", help="The department's code, e.g. pwd."),
) -> None:
    """Add or update a department's vendors from a file, with a progress bar; bad rows are listed and the rest apply."""
    from datetime import UTC, datetime
    from pathlib import Path

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from bot.services.departments import department_by_code
    from bot.services.errors import NotFound
    from bot.services.uploads import BadFile
    from bot.services.vendor_lists import MAX_UPLOAD_BYTES, upload_vendor_list
    from bot.settings import get_settings
    from bot.store.digests import pan_digester

    engine = _engine()
    try:
        found = department_by_code(engine=engine, code=department)
    except NotFound:
        raise _fail(f"no department with code {department!r}") from None
    file = Path(path)
    if not file.is_file():
        raise _fail(f"no file {path}")
    if file.stat().st_size > MAX_UPLOAD_BYTES:
        raise _fail("the file is larger than 5 MB; split it")
    keyed = pan_digester(get_settings().secret_key.get_secret_value())
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=False) as bar:
        reading = bar.add_task("reading rows", total=None)
        saving = bar.add_task("saving vendors", total=None, visible=False)

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "reading":
                bar.update(reading, completed=done)
            else:
                bar.update(reading, visible=False)
                bar.update(saving, total=total, completed=done, visible=True)

        try:
            report = upload_vendor_list(engine=engine, department_id=found.id, data=file.read_bytes(), now=datetime.now(UTC), keyed=keyed, progress=progress)
        except BadFile as error:
            raise _fail(str(error)) from None
    typer.echo(f"rows {report.rows}: added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
               f"refused {len(report.errors)} (of them {report.suppressed} asked not to be contacted)")
    for row, problem in report.errors[:50]:
        typer.echo(f"  row {row}: {problem}")
    if len(report.errors) > 50:
        typer.echo(f"  … and {len(report.errors) - 50} more")
