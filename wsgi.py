"""The WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""

from agreements import create_app

app = create_app()
