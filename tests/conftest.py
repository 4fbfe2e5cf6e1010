"""Shared fixtures: an app on a fresh database per test (SQLite by default, PostgreSQL on request).

Set ``AGREEMENTS_TEST_DB=postgresql`` (and optionally ``TEST_DATABASE_URL``, the server's maintenance
database) to run the whole suite on PostgreSQL, in a database created for the run. The schema
is built once per run by the Alembic migrations, so every test also exercises them; each test
then starts from empty tables.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from agreements import create_app
from agreements.db import db

BACKEND = os.environ.get("AGREEMENTS_TEST_DB", "sqlite")
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery"
NO_TRUNCATE = ("events", "documents")  # the tables whose TRUNCATE PostgreSQL refuses


def pg_available(url: str = PG_URL) -> bool:
    """Whether the PostgreSQL server answers."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def _with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin_execute(sql: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _upgrade(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from agreements.migrate import upgrade

        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """The migrated, empty database this run starts each test from.

    On PostgreSQL each run gets a database of its own on the server (dropped at the end), so
    several runs at once do not disturb each other.
    """
    if BACKEND == "postgresql":
        if not pg_available():
            raise RuntimeError(f"AGREEMENTS_TEST_DB=postgresql but no PostgreSQL answers at {PG_URL}")
        name = f"agreements_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        _admin_execute(f'CREATE DATABASE "{name}"')
        url = _with_database(PG_URL, name)
        _upgrade(url)
        yield url
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    path = tmp_path_factory.mktemp("template") / "template.db"
    _upgrade(f"sqlite:///{path}")
    yield path


@pytest.fixture
def database_url(database_template, tmp_path):
    """A database URL for one test, with empty tables."""
    if BACKEND == "postgresql":
        engine = create_engine(database_template)
        with engine.begin() as conn:
            tables = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'")
            ).scalars()
            # The trail and the documents refuse TRUNCATE (migration 0011): lifted for this reset only, in its
            # own transaction, so no other session ever sees it lifted.
            for table in NO_TRUNCATE:
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_truncate"))
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            for table in NO_TRUNCATE:
                conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_truncate"))
        engine.dispose()
        return database_template
    path = tmp_path / "agreements.db"
    shutil.copy(database_template, path)
    return f"sqlite:///{path}"


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as in production.

    The ``app`` fixture keeps one app context open for the whole test; without this, Flask would
    reuse it for the client's requests, and ``g`` (with the user flask-login caches there) and the
    database session would carry over from one request, and one client, to the next.
    """

    def open(self, *args, **kwargs):
        """Run the request in an app context of its own."""
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def seal_files(tmp_path_factory):
    """A development seal (root, certificate, key) made once for the whole run, as on first start."""
    from agreements.documents.seal import development_files

    root, cert, key = development_files(tmp_path_factory.mktemp("seal"))
    return {"root": root, "cert": cert, "key": key}


@pytest.fixture
def app(database_url, tmp_path, seal_files):
    """The app on a fresh database."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "PASSWORD_HASHING": "cheapest",  # argon2id with the cheapest parameters: tests only
            "SERVER_NAME": None,
            "SEAL_CERT": str(seal_files["cert"]),
            "SEAL_KEY": str(seal_files["key"]),
            "SEAL_TRUST_ROOTS": str(seal_files["root"]),
        }
    )
    app.test_client_class = IsolatedClient
    app.instance_path = str(tmp_path / "instance")
    Path(app.instance_path).mkdir(exist_ok=True)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A browser-like test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """The ``agreements`` command line, run against the test app."""
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from agreements.cli import main

    class Runner:
        def invoke(self, args, **kwargs):
            return CliRunner().invoke(main, args, obj=ScriptInfo(create_app=lambda: app), **kwargs)

    return Runner()


# --- the world ----------------------------------------------------------------------------------------
@pytest.fixture
def world(app):
    """Offices in Moscow (RU) and Mexico City (MX), and one user per role (plus a second legal advisor)."""
    from agreements.services import users

    users.create_office("MOW", "Attaché Office Moscow", ["RU"])
    users.create_office("MEX", "Attaché Office Mexico City", ["MX"])
    people = {
        "pm": users.create_user("pm@agreements.test", "program_manager", name="Pat Manager", password=PASSWORD),
        "la": users.create_user("la@agreements.test", "legal_advisor", name="Lee Advisor", password=PASSWORD),
        "la2": users.create_user("la2@agreements.test", "legal_advisor", name="Lou Advisor", password=PASSWORD),
        "moscow": users.create_user("moscow@agreements.test", "attache", "MOW", name="Adam Moscow", password=PASSWORD),
        "mexico": users.create_user("mexico@agreements.test", "attache", "MEX", name="Maria Mexico", password=PASSWORD),
        "admin": users.create_user("admin@agreements.test", "admin", name="Ada Admin", password=PASSWORD),
    }
    db.session.commit()
    return people


def simple_text(languages=("en", "ru"), articles=2) -> dict:
    """A complete text in every language, ``articles`` articles long."""
    return {
        "preamble": {lang: f"Preamble in {lang}." for lang in languages},
        "articles": [
            {
                "number": str(n),
                "heading": {lang: f"Heading {n} ({lang})" for lang in languages},
                "body": {lang: f"Body of article {n} in {lang}." for lang in languages},
            }
            for n in range(1, articles + 1)
        ],
        "final_clauses": {lang: f"Done in duplicate ({lang})." for lang in languages},
    }


def translated_titles(title: str, languages) -> dict[str, str]:
    """The title in each language of the text but English, as a test writes it."""
    return {lang: f"{title[:490]} ({lang})" for lang in list(languages)[1:]}


def counterpart_names(languages) -> dict[str, dict[str, str]]:
    """The counterpart Party named in each language of the text but English (no name is known for them)."""
    return {"counterpart": {lang: f"The counterpart Government ({lang})" for lang in list(languages)[1:]}}


@pytest.fixture
def make_agreement(world):
    """Open an agreement (default: an MOU with Russia, English and Russian) and optionally save a text."""
    from agreements.services import agreements, versions

    def make(type="mou", country="RU", by="pm", with_text=True, **fields):
        user = world[by]
        data = {
            "type": type,
            "title": fields.pop("title", f"{type.upper()} on law-enforcement cooperation"),
            "counterpart": fields.pop("counterpart", "Investigative Committee of the Russian Federation"),
            "country": country,
            "languages": fields.pop("languages", ["en", "ru"]),
            **fields,
        }
        data.setdefault("title_translations", translated_titles(data["title"], data["languages"]))
        data.setdefault("party_names", counterpart_names(data["languages"]))
        agreement = agreements.create_agreement(user, data)
        if with_text:
            versions.save_version(user, agreement, simple_text(tuple(agreement.languages)))
        db.session.commit()
        return agreement

    return make


def csrf_token(client, url: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


@pytest.fixture
def login_as(client):
    """Sign a user in through the login form."""

    def login(user, password: str = PASSWORD):
        token = csrf_token(client, "/login")
        response = client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": token}, follow_redirects=False
        )
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return client

    return login


@pytest.fixture
def token_for(app):
    """A bearer token for a user, as ``agreements users token`` makes it."""
    from agreements.services.users import issue_token

    def make(user) -> dict[str, str]:
        token = issue_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def mailserver(app):
    """A real SMTP server on 127.0.0.1 that the app sends its mail to; its ``inbox`` keeps what arrived."""
    from mailserver import MailServer

    server = MailServer().start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False, MAIL_USERNAME="")
    yield server
    server.stop()
