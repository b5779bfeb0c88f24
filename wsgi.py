"""Entry point for gunicorn and other WSGI servers: ``gunicorn wsgi:app``."""

from summit import create_app

app = create_app()
