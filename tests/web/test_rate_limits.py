"""Rate limits (issue 10, finding 5): sign-in limited per account and per address, only
failed attempts counting; registrations and link re-sends limited per e-mail address."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import open_registration


def _limited(make_app: Callable[..., Flask], **limits: str) -> Flask:
    return make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", **limits)


def _login(app: Flask, email: str, password: str, ip: str) -> int:
    return (
        app.test_client()
        .post(
            "/auth/login",
            data={"email": email, "password": password},
            environ_base={"REMOTE_ADDR": ip},
        )
        .status_code
    )


def test_wrong_passwords_for_one_account_lock_that_account_from_any_address(
    make_app: Callable[..., Flask],
) -> None:
    app = _limited(make_app, RATELIMIT_LOGIN_ACCOUNT="3 per minute")
    with app.app_context():
        make_organizer("victim@example.org")
        make_organizer("other@example.org")
    statuses = [_login(app, "victim@example.org", "wrong", f"198.51.100.{n}") for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert _login(app, "VICTIM@example.org", PASSWORD, "203.0.113.9") == 429
    # Another account from the same addresses is untouched.
    assert _login(app, "other@example.org", PASSWORD, "198.51.100.1") == 302


def test_successful_sign_ins_do_not_count_against_an_address(
    make_app: Callable[..., Flask],
) -> None:
    app = _limited(make_app, RATELIMIT_LOGIN="3 per minute")
    with app.app_context():
        make_organizer("amina@example.org")
    for _ in range(5):
        assert _login(app, "amina@example.org", PASSWORD, "192.0.2.1") == 302
    failures = [_login(app, f"n{n}@example.org", "wrong", "192.0.2.1") for n in range(4)]
    assert failures == [200, 200, 200, 429]
    assert _login(app, "amina@example.org", PASSWORD, "192.0.2.2") == 302


def test_registering_or_asking_for_a_link_is_limited_per_e_mail_address(
    make_app: Callable[..., Flask],
) -> None:
    app = _limited(make_app, RATELIMIT_REGISTER_ADDRESS="3 per hour")
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=10)
        slug = event.slug

    def register(email: str, ip: str) -> int:
        return (
            app.test_client()
            .post(
                f"/events/{slug}/register",
                data={"name": "Salma", "email": email},
                environ_base={"REMOTE_ADDR": ip},
            )
            .status_code
        )

    statuses = [register("salma@example.org", f"198.51.100.{n}") for n in range(3)]
    assert statuses == [302, 302, 302]
    assert register("Salma@Example.org", "203.0.113.5") == 429
    assert register("karim@example.org", "203.0.113.5") == 302
