"""Summit: event management for wellbeing and mental-health summits."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application.

    :param config: settings applied last, over defaults, environment and instance file.
    """
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)

    from summit.config import load_config

    load_config(app, config)
    register_extensions(app)
    register_pipeline(app)
    register_url_converters(app)
    register_blueprints(app)
    register_commands(app)
    register_template_helpers(app)
    register_error_pages(app)
    register_operations(app)
    return app


def register_extensions(app: Flask) -> None:
    from summit import models  # noqa: F401  (every model known to metadata and migrations)
    from summit.auth.views import load_organizer
    from summit.extensions import babel
    from summit.extensions import csrf
    from summit.extensions import db
    from summit.extensions import limiter
    from summit.extensions import login_manager
    from summit.extensions import migrate
    from summit.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_organizer)
    from summit import tasks

    tasks.init_app(app)
    register_jobs()

    from summit.certificates import issuing  # noqa: F401  (certificates follow erasures)
    from summit.db import enable_sqlite_foreign_keys

    with app.app_context():
        enable_sqlite_foreign_keys(db.engine)


def register_pipeline(app: Flask) -> None:
    """Higher packages subscribe to the change pipeline here, so lower ones never import
    them: registration names the attendees of changed sessions and keeps the addresses
    the outbox found bouncing."""
    from summit.outbox.bounces import subscribe_bounces
    from summit.registration.bounces import BOOK
    from summit.registration.notices import attendees_by_session
    from summit.schedule.notices import subscribe_audience

    subscribe_audience(app, attendees_by_session)
    subscribe_bounces(app, BOOK)


def register_jobs() -> None:
    """Import every module that defines worker jobs, so the worker knows them all."""
    from summit import tasks  # noqa: F401
    from summit.outbox import jobs  # noqa: F401
    from summit.registration import jobs as registration_jobs  # noqa: F401


def register_url_converters(app: Flask) -> None:
    from summit.urls import DatabaseIdConverter

    # Every <int:...> in a route: an id beyond the database's integer is a 404, not a 500.
    app.url_map.converters["int"] = DatabaseIdConverter


def register_blueprints(app: Flask) -> None:
    from summit.audit.views import bp as manage_audit_bp
    from summit.auth.views import bp as auth_bp
    from summit.certificates.manage import bp as manage_certificates_bp
    from summit.certificates.views import bp as certificates_bp
    from summit.events.manage import bp as manage_events_bp
    from summit.events.views import bp as events_bp
    from summit.exports.views import bp as exports_bp
    from summit.feedback.manage import bp as manage_feedback_bp
    from summit.feedback.views import bp as feedback_bp
    from summit.i18n import bp as i18n_bp
    from summit.imports.views import bp as manage_imports_bp
    from summit.localized.manage import bp as manage_translations_bp
    from summit.messages.views import bp as messages_bp
    from summit.needs.views import bp as manage_needs_bp
    from summit.needs.views import public as needs_bp
    from summit.ops.health import bp as ops_bp
    from summit.outbox.manage import bp as manage_outbox_bp
    from summit.registration.door import bp as door_bp
    from summit.registration.manage import bp as manage_registration_bp
    from summit.registration.manage_sensitive import bp as manage_sensitive_bp
    from summit.registration.preferences import bp as registration_language_bp
    from summit.registration.views import bp as registration_bp
    from summit.schedule.manage import bp as manage_schedule_bp
    from summit.schedule.manage_panel import bp as manage_panel_bp
    from summit.schedule.manage_speakers import bp as manage_speakers_bp
    from summit.schedule.views import bp as schedule_bp
    from summit.speaker_portal.manage import bp as manage_invitations_bp
    from summit.speaker_portal.views import bp as speaker_portal_bp
    from summit.teams.views import bp as manage_team_bp
    from summit.teams.views import public as team_invitations_bp

    for public in (
        events_bp,
        i18n_bp,
        schedule_bp,
        exports_bp,
        registration_bp,
        registration_language_bp,
        speaker_portal_bp,
        needs_bp,
        ops_bp,
        certificates_bp,
        feedback_bp,
    ):
        app.register_blueprint(public)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(team_invitations_bp, url_prefix="/auth")
    for manage in (
        manage_events_bp,
        manage_schedule_bp,
        manage_panel_bp,
        manage_speakers_bp,
        manage_registration_bp,
        door_bp,
        messages_bp,
        manage_invitations_bp,
        manage_imports_bp,
        manage_team_bp,
        manage_audit_bp,
        manage_needs_bp,
        manage_sensitive_bp,
        manage_outbox_bp,
        manage_certificates_bp,
        manage_feedback_bp,
        manage_translations_bp,
    ):
        app.register_blueprint(manage, url_prefix="/manage")


def register_commands(app: Flask) -> None:
    from summit.auth.commands import create_organizer_command
    from summit.demo.commands import seed_demo_command
    from summit.exports.commands import COMMANDS as export_commands
    from summit.imports.commands import import_schedule_command
    from summit.ops.backup import backup_sqlite_command
    from summit.ops.commands import render_programs_command
    from summit.outbox.commands import worker_command
    from summit.registration.commands import erase_expired_registrations_command
    from summit.registration.commands import erase_expired_sensitive_answers_command

    for command in (
        create_organizer_command,
        seed_demo_command,
        erase_expired_registrations_command,
        import_schedule_command,
        erase_expired_sensitive_answers_command,
        backup_sqlite_command,
        render_programs_command,
        worker_command,
        *export_commands,
    ):
        app.cli.add_command(command)


def register_template_helpers(app: Flask) -> None:
    from summit.events import access
    from summit.needs import agenda as agenda_access
    from summit.templating import register

    register(app)
    access.register(app)
    agenda_access.register(app)


def register_error_pages(app: Flask) -> None:
    from summit import errors
    from summit import preview
    from summit import security

    errors.register(app)
    security.register(app)
    preview.register(app)


def register_operations(app: Flask) -> None:
    from summit.ops import logs
    from summit.ops import metrics

    logs.register(app)
    metrics.register(app)
