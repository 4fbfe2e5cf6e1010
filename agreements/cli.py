"""The ``agreements`` command line: set-up and operations over the same services as the pages and the API."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .db import db
from .errors import DomainError
from .services.portfolio import NO_REGION, REGIONS, check_region, region_name


def _create_app() -> Flask:
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True, add_version_option=False)
def main() -> None:
    """Agreements: set up and operate the international agreements system.

    Configuration comes from the environment: DATABASE_URL (default: SQLite under instance/),
    SECRET_KEY.
    """


def _fail(exc: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(exc.detail)


# --- db --------------------------------------------------------------------------------------------
@main.group("db")
def db_group() -> None:
    """Schema migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Upgrade the database schema to REVISION (default: the newest)."""
    from .migrate import upgrade

    upgrade(revision)
    click.echo(f"Database upgraded to {revision}.")


@db_group.command("downgrade")
@click.argument("revision", default="base")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def db_downgrade(revision: str, yes: bool) -> None:
    """Downgrade the schema to REVISION (default: base, which removes every table and all data)."""
    from .migrate import downgrade

    if not yes:
        click.confirm(f"Downgrade to {revision}? Data in removed tables is lost.", abort=True)
    downgrade(revision)
    click.echo(f"Database downgraded to {revision}.")


# --- demo ------------------------------------------------------------------------------------------
@main.command("demo")
@with_appcontext
def demo() -> None:
    """Load the demo world (offices, users, agreements in every state); a second run adds nothing."""
    from .demo import load_demo

    try:
        summary = load_demo()
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(summary)


# --- offices ---------------------------------------------------------------------------------------
@main.group("offices")
def offices_group() -> None:
    """Attaché offices."""


REGION_CHOICE = click.Choice([*REGIONS, NO_REGION])
REGION_HELP = "The office desk it answers to: " + "; ".join(f"{k} ({v})" for k, v in REGIONS.items())


def _office_line(office) -> str:
    """MOW (Attaché Office Moscow) covers RU; region: Europe."""
    times = office.time_zone or f"{current_app.config['TIME_ZONE']} (the app's TIME_ZONE)"
    return (
        f"Office {office.code} ({office.name}) covers {', '.join(office.countries)}; "
        f"region: {region_name(office.region)}. Times read in {times}."
    )


@offices_group.command("create")
@click.argument("code")
@click.option("--name", required=True, help="The office's name, e.g. 'Attaché Office Moscow'.")
@click.option("--covers", required=True, help="Countries covered, ISO codes separated by commas, e.g. RU,BY.")
@click.option("--region", type=REGION_CHOICE, help=REGION_HELP + f"; {NO_REGION} for none. Kept when not given.")
@click.option("--time-zone", help="Where the office is, as an IANA name (Europe/Moscow): its people read times in it.")
@with_appcontext
def offices_create(code: str, name: str, covers: str, region: str | None, time_zone: str | None) -> None:
    """Create (or update) the office CODE."""
    from .services.users import create_office

    try:
        office = create_office(
            code, name, covers.split(","), None if region is None else check_region(region), time_zone
        )
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(_office_line(office))


@offices_group.command("region")
@click.argument("code")
@click.argument("region", type=REGION_CHOICE)
@with_appcontext
def offices_region(code: str, region: str) -> None:
    """Put the office CODE under REGION (none: no region)."""
    from .services.users import set_office_region

    try:
        office = set_office_region(code, region)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(_office_line(office))


@offices_group.command("time-zone")
@click.argument("code")
@click.argument("zone")
@with_appcontext
def offices_time_zone(code: str, zone: str) -> None:
    """Have the people of office CODE read times in ZONE (an IANA name such as Europe/Moscow; none: the
    app's TIME_ZONE)."""
    from .services.users import set_office_time_zone

    try:
        office = set_office_time_zone(code, zone)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(_office_line(office))


@offices_group.command("list")
@with_appcontext
def offices_list() -> None:
    """List every office with its region and the countries it covers."""
    from .services.users import list_offices

    offices = list_offices()
    if not offices:
        click.echo("No offices yet: add one with `agreements offices create CODE --name NAME --covers CC`.")
    for office in offices:
        click.echo(_office_line(office))


# --- users -----------------------------------------------------------------------------------------
@main.group("users")
def users_group() -> None:
    """Users and their API tokens."""


@users_group.command("create")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["legal_advisor", "program_manager", "attache", "admin"]),
    help="What the user does here.",
)
@click.option("--office", "office_code", help="Office code (required for attachés).")
@click.option("--name", default="", help="The user's full name.")
@click.option("--password", help="Password (at least 10 characters); asked for when omitted.")
@with_appcontext
def users_create(email: str, role: str, office_code: str | None, name: str, password: str | None) -> None:
    """Create a user who signs in with EMAIL."""
    from .services.users import create_user

    if password is None and sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, role, office_code, name, password)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    office = f" at {user.office.code}" if user.office else ""
    click.echo(f"Created {user.email} ({user.role}{office}).")


@users_group.command("token")
@click.argument("email")
@with_appcontext
def users_token(email: str) -> None:
    """Print a new API token for EMAIL, alone on the last line (only its hash is stored)."""
    from .services.users import find_user, issue_token

    try:
        token = issue_token(find_user(email))
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"New API token for {email}; it is shown only now. Send it as 'Authorization: Bearer <token>'.")
    click.echo(token)


@users_group.command("revoke-tokens")
@click.argument("email")
@with_appcontext
def users_revoke_tokens(email: str) -> None:
    """Revoke every API token of EMAIL at once."""
    from .services.users import find_user, revoke_all_tokens

    try:
        count = revoke_all_tokens(find_user(email))
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Revoked {count} token(s) of {email}.")


@users_group.command("disable")
@click.argument("email")
@with_appcontext
def users_disable(email: str) -> None:
    """Disable EMAIL: sessions end and tokens stop working at once."""
    from .services.users import find_user, set_enabled

    try:
        set_enabled(find_user(email), False)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Disabled {email}.")


@users_group.command("list")
@with_appcontext
def users_list() -> None:
    """List every user with role and office."""
    from .services.users import list_users

    users = list_users()
    if not users:
        click.echo("No users yet: create one with `agreements users create EMAIL --role ROLE`.")
        return
    width = max(len(u.email) for u in users)
    for u in users:
        office = u.office.code if u.office else "-"
        state = "" if u.is_active else "  (disabled)"
        click.echo(f"{u.email:<{width}}  {u.role:<16} {office:<12} {u.name}{state}")


# --- workflows -------------------------------------------------------------------------------------
@main.group("workflows")
def workflows_group() -> None:
    """The transition tables of the agreement types."""


_BINDING = click.option(
    "--binding/--non-binding",
    "is_binding",
    default=None,
    help="The track of TYPE when determined binding (or not); by default, the type's own.",
)


def _workflow(key: str, is_binding: bool | None = None):
    from .workflows import WORKFLOWS, UnknownType, track_for

    try:
        return track_for(key.lower(), is_binding)
    except UnknownType:
        if key.lower() in WORKFLOWS:
            raise click.BadParameter(f"a {key.upper()} is always binding", param_hint="--non-binding") from None
        raise click.BadParameter(
            f"unknown type {key!r}; choose one of {', '.join(WORKFLOWS)}", param_hint="TYPE"
        ) from None


@workflows_group.command("show")
@click.argument("type_key", metavar="TYPE")
@_BINDING
def workflows_show(type_key: str, is_binding: bool | None) -> None:
    """Print the transition table of TYPE (mou, moc, loi, cmaa), or of its binding track (--binding)."""
    wf = _workflow(type_key, is_binding)
    rows = [("trigger", "from", "to", "who", "guards")]
    for s in wf.steps:
        rows.append(
            (s.trigger, ", ".join(s.source), s.dest, ", ".join(s.roles), ", ".join(g.name for g in s.guards) or "-")
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    click.echo(f"{wf.name} ({wf.key}) — {'binding' if wf.is_binding else 'non-binding'}")
    for i, r in enumerate(rows):
        click.echo("  ".join(r[c].ljust(widths[c]) for c in range(4)) + "  " + r[4])
        if i == 0:
            click.echo("  ".join("-" * w for w in widths) + "  " + "-" * 6)


@workflows_group.command("diagram")
@click.argument("type_key", metavar="TYPE")
@_BINDING
def workflows_diagram(type_key: str, is_binding: bool | None) -> None:
    """Print a Mermaid state diagram of TYPE (or of its binding track, --binding)."""
    from .workflows import mermaid

    wf = _workflow(type_key, is_binding)
    click.echo(mermaid(wf.key, wf.is_binding), nl=False)


# --- audit -----------------------------------------------------------------------------------------
@main.group("audit")
def audit_group() -> None:
    """The audit trail."""


@audit_group.command("verify")
@click.option(
    "--checkpoints",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of checkpoints (see 'agreements audit checkpoint'): prove the trail still extends each.",
)
@with_appcontext
def audit_verify(folder: Path | None) -> None:
    """Recompute every agreement's hash chain and check every event's seal; exit 1 and name each row
    changed, removed, or not recorded by this system.

    Each event recorded since event seals came carries the HMAC of its hash under AUDIT_KEY, which the
    database does not hold: an event appended, changed or re-chained past the database's triggers has
    no seal that matches. With --checkpoints FOLDER, also prove that the trail still extends every
    checkpoint there: each is signed with AUDIT_KEY, and no agreement it records was deleted, nor any
    event up to it changed, removed or re-chained since, and every event after the newest is sealed.
    Without checkpoints, events removed with the agreement's head reset, and events from before seals
    rewritten, cannot be detected.
    """
    from .services.audit import check_trails
    from .services.checkpoints import verify_checkpoints

    report = verify_checkpoints(folder) if folder is not None else None
    trails = check_trails(sealed_after=report.sealed_after if report else None)
    agreements, events = trails.agreements, trails.events
    findings = trails.findings + (report.findings if report else [])
    for finding in findings:
        click.echo(f"{'TAMPERED' if finding.is_tampering else 'UNCHECKED'} {finding}")
    if findings:
        if trails.unsealed:
            click.echo(f"{trails.unsealed} events from before event seals: covered by checkpoints only.")
        against = f", checked against {len(report.checkpoints)} valid checkpoint(s) in {folder}" if report else ""
        click.echo(f"{len(findings)} problem(s) in the trails of {agreements} agreements ({events} events){against}.")
        sys.exit(1)
    if report is None:
        click.echo(f"OK: {events} events of {agreements} agreements, every chain intact, every seal valid.")
    elif not report.checkpoints:
        click.echo(f"No checkpoint in {folder}: nothing to prove the trail against (were they removed?).")
        sys.exit(1)
    else:
        click.echo(
            f"OK: {events} events of {agreements} agreements, every chain intact, every seal valid, extending "
            f"each of the {len(report.checkpoints)} checkpoint(s) in {folder} (the latest: {report.latest})."
        )
    if trails.unsealed:
        click.echo(f"{trails.unsealed} events from before event seals: covered by checkpoints only.")
    if report is None:
        click.echo(
            "Without checkpoints, events removed past the database's triggers with the agreement's head reset "
            "(and events from before event seals rewritten) cannot be detected: add --checkpoints FOLDER."
        )


def _checkpoint() -> tuple[bool, int | None]:
    """Write a checkpoint of the audit trail (queueing its mail) and say so: (all well, the mail's id)."""
    from .services.checkpoints import write_checkpoint

    try:
        written = write_checkpoint()
    except OSError as exc:
        db.session.rollback()
        click.echo(f"Audit checkpoint NOT written: {exc}.")
        return False, None
    db.session.commit()  # its mail, if any
    mailed = ", and queued to be mailed" if written.mail_id else ""
    click.echo(
        f"Audit checkpoint of {written.agreements} agreement(s) and {written.events} event(s) written to "
        f"{written.path}{mailed}."
    )
    if written.development_key:
        click.echo(
            f"  It is signed with the DEVELOPMENT audit key in {written.development_key}: set AUDIT_KEY (kept "
            "off the database server) before relying on checkpoints."
        )
    for finding in written.findings:
        click.echo(f"TAMPERED {finding}")
    return not written.findings, written.mail_id


@audit_group.command("checkpoint")
@with_appcontext
def audit_checkpoint() -> None:
    """Sign every agreement's chain head with AUDIT_KEY and write it as a new file in AUDIT_CHECKPOINT_DIR
    (and mail it to AUDIT_CHECKPOINT_MAIL, if set); exit 1 if it could not, or a trail does not hash to
    its head. 'agreements daily' writes one too."""
    from . import outbox

    is_ok, mail_id = _checkpoint()
    if mail_id is not None:
        sent = outbox.send_pending(ids=[mail_id])
        click.echo(f"Mail: {sent.sent} mail(s) sent, {len(sent.failed)} failed.")
        for line in sent.failed:
            click.echo(f"  not sent, tried again on the next daily run: {line}")
    if not is_ok:
        sys.exit(1)


# --- backups ---------------------------------------------------------------------------------------
@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE (and FILE.json) if they exist.")
@with_appcontext
def backup(file: Path, force: bool) -> None:
    """Back up the database to FILE (SQLite: the backup API; PostgreSQL: pg_dump), consistent while the app
    runs, with FILE.json beside it: what it holds, to be checked by 'agreements restore'."""
    from .services import backups

    click.echo(f"Backing up {backups.describe_database()} to {file} …")
    try:
        written = backups.backup(file, force=force)
    except DomainError as exc:
        _fail(exc)
    manifest = written.backup.manifest
    checkpoint = f"; newest checkpoint {manifest['checkpoint']}" if manifest["checkpoint"] else "; no checkpoint yet"
    click.echo(
        f"Backed up {manifest['agreements']} agreements, {manifest['events']} events, {manifest['documents']} "
        f"documents (schema {manifest['revision']}) to {file}, manifest {written.manifest_path}{checkpoint}."
    )


@main.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore(file: Path) -> None:
    """Restore FILE, made by 'agreements backup', into the configured database, which must be empty; then
    verify every trail, every document's SHA-256 and the newest checkpoint before the backup (exit 1 and
    name what fails)."""
    from .services import backups

    try:
        backup_file = backups.open_backup(file)
        click.echo(f"Restoring {file} ({backup_file.summary}) into {backups.describe_database()} …")
        restored = backups.restore(backup_file)
    except DomainError as exc:
        _fail(exc)
    for finding in restored.findings:
        click.echo(f"FAILED {finding}")
    if restored.findings:
        if restored.is_in_place:
            click.echo(
                f"{len(restored.findings)} check(s) failed. The database now holds this UNVERIFIED restore: do not "
                "serve it; drop and re-create the database, then restore another backup (or find what changed)."
            )
        else:
            click.echo(f"{len(restored.findings)} check(s) failed: nothing was restored, the database is as it was.")
        sys.exit(1)
    if restored.upgraded_from:
        click.echo(f"The schema was upgraded from {restored.upgraded_from} to this version's.")
    if restored.checkpoint:
        checkpoint = f"extends checkpoint {restored.checkpoint}"
    else:
        checkpoint = "no checkpoint was written before this backup, so none to prove the trail against"
    click.echo(
        f"Restored {restored.agreements} agreements, {restored.events} events, {restored.documents} documents; "
        f"trail verified; {restored.documents} documents' SHA-256 verified; {checkpoint}."
    )
    if restored.later_checkpoints:
        click.echo(
            f"{restored.later_checkpoints} checkpoint(s) were written after this backup: the events they record "
            "since it are not in the restore."
        )


# --- documents -------------------------------------------------------------------------------------
@main.group("seal")
def seal_group() -> None:
    """The office's seal on signed documents."""


@seal_group.command("show")
@with_appcontext
def seal_show() -> None:
    """Show the certificate signed documents are sealed under (a development one is made if none is set)."""
    from .services.documents import seal_info

    info = seal_info()
    click.echo(f"Subject:     {info.subject}")
    click.echo(f"Issuer:      {info.issuer}")
    click.echo(f"Valid:       {info.valid_from} to {info.valid_until}")
    click.echo(f"Certificate: {info.certificate}")
    click.echo(f"Trusted under: {', '.join(info.trust_roots) or '(the certificate itself)'}")
    if info.is_development:
        click.echo(
            "This is a DEVELOPMENT certificate generated on first use: set SEAL_CERT and SEAL_KEY (or "
            "SEAL_PKCS12) and SEAL_TRUST_ROOTS to the office's own before signing real agreements."
        )


@main.command("verify")
@click.argument("pdf", type=click.File("rb"))
@with_appcontext
def verify(pdf) -> None:
    """Check a PDF: which agreement and version it is, and whether it and its seal are unchanged.

    Exit status 0 when it is one of our signed documents, unchanged, with a valid seal; 1 otherwise.
    """
    from .services.documents import verify_pdf

    result = verify_pdf(pdf.read())
    click.echo(result.detail)
    if result.reference:
        click.echo(f"Agreement:   {result.reference}, text version {result.version}")
    if result.sealed_by:
        click.echo(f"Sealed by:   {result.sealed_by}" + (f", {result.sealed_at}" if result.sealed_at else ""))
    click.echo(f"SHA-256:     {result.sha256}")
    click.echo("MATCHES" if result.matches and result.seal_valid else "DOES NOT MATCH")
    if not (result.matches and result.seal_valid):
        sys.exit(1)


# --- daily -----------------------------------------------------------------------------------------
@main.command("daily")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run as of this date (default: today).")
@with_appcontext
def daily(today: dt.datetime | None) -> None:
    """Expire agreements past their expiry date, end those whose termination took effect, write a checkpoint
    of the audit trail, send each person's digest and any mail still waiting, and forget stored
    Idempotency-Key answers older than a week."""
    from . import outbox
    from .db import utcnow
    from .services import mail
    from .services.daily import run_daily
    from .services.idempotency import purge_responses

    day = today.date() if today else dt.date.today()
    done = run_daily(day)
    # Retries come within minutes; a week of stored API answers is plenty.
    forgotten = purge_responses(utcnow() - dt.timedelta(days=7))
    db.session.commit()
    for line in done.moved:
        click.echo(line)
    if forgotten:
        click.echo(f"Forgot {forgotten} stored API answer(s) older than 7 days.")
    click.echo(f"Daily run for {day.isoformat()}: {len(done.moved)} agreement(s) moved.")
    # The trail as committed, anchored outside the database (exit 1 at the end when that failed).
    checkpoint_ok, _mail_id = _checkpoint()
    # Mail leaves after the commit: today's digests, and whatever earlier sends left waiting.
    sent = outbox.send_pending()
    click.echo(f"Mail: {done.digests} digest(s) queued, {sent.sent} mail(s) sent, {len(sent.failed)} failed.")
    for line in sent.failed:
        click.echo(f"  not sent, tried again on the next run: {line}")
    if sent.waiting:
        click.echo(f"  {sent.waiting} more mail(s) wait for the mail server.")
    stuck = mail.may_not_have_left()
    if stuck:
        click.echo(
            f"{len(stuck)} mail(s) may not have left: sending began but was never confirmed (the sender "
            "stopped). Mail is never sent twice, so these are not resent by themselves: check the mail "
            "server's log, then queue again those that did not arrive with 'agreements mail release ID…'."
        )
        for row in stuck:
            since = f"{row.sending_since:%Y-%m-%d %H:%M} UTC"
            click.echo(f"  {row.id}: {row.subject} (to {', '.join(row.recipients)}, sending began {since})")
    if not checkpoint_ok:
        sys.exit(1)


@main.group("mail")
def mail_group() -> None:
    """The outbox: mail waiting to leave."""


@mail_group.command("release")
@click.argument("ids", nargs=-1, type=int, required=True)
@with_appcontext
def mail_release(ids: tuple[int, ...]) -> None:
    """Queue again mail that may not have left (as listed by 'agreements daily'), once checked it did not arrive."""
    from . import outbox
    from .services import mail

    released = mail.release(list(ids))
    db.session.commit()
    sent = outbox.send_pending(ids=ids)
    click.echo(f"{released} mail(s) queued again, {sent.sent} sent.")
    for line in sent.failed:
        click.echo(f"  not sent, tried again on the next daily run: {line}")


# --- search ----------------------------------------------------------------------------------------
@main.group("search")
def search_group() -> None:
    """The search index of the agreements' texts."""


@search_group.command("reindex")
@with_appcontext
def search_reindex() -> None:
    """Rebuild the search index from every agreement's current text (searches go on meanwhile)."""
    import time

    from .services.search import reindex

    started = time.monotonic()
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int, passages: int) -> None:
        line = f"Indexed {done:,} of {total:,} agreements ({passages:,} passages)"
        click.echo(("\r" + line) if interactive else line, err=True, nl=not interactive)

    agreements, passages, articles = reindex(progress)
    db.session.commit()
    if interactive and agreements:
        click.echo(err=True)
    seconds = time.monotonic() - started
    click.echo(
        f"Indexed {articles:,} articles ({passages:,} passages with preambles, final clauses and titles, "
        f"one per language) of {agreements:,} agreement{'' if agreements == 1 else 's'} in {seconds:.1f} s."
    )
