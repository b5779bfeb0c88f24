"""Public event pages. Drafts answer 404 everywhere."""

from __future__ import annotations

from datetime import date

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from werkzeug.wrappers import Response

from summit.events.models import Event
from summit.events.services import published_event
from summit.events.services import published_events
from summit.preview import draft_for_preview
from summit.uploads import image_response

bp = Blueprint("events", __name__)
# Change with the statement's text (events/accessibility.html) after each review.
STATEMENT_REVIEWED = date(2026, 12, 1)


def public_event_or_404(slug: str) -> Event:
    """The published event, or a draft shown to its own organizers as a preview."""
    event = published_event(slug) or draft_for_preview(slug)
    if event is None:
        abort(404)
    return event


@bp.get("/")
def index() -> str:
    return render_template("events/index.html", events=published_events())


@bp.get("/accessibility")
def accessibility() -> str:
    """The installation's accessibility statement; each published event's contact takes
    access requests for that event."""
    return render_template(
        "events/accessibility.html",
        reviewed=STATEMENT_REVIEWED,
        contact=current_app.config["SUMMIT_ACCESSIBILITY_CONTACT"],
        events=[event for event in published_events() if event.contact_email],
    )


@bp.get("/events/<slug>/")
def home(slug: str) -> str:
    event = public_event_or_404(slug)
    return render_template("events/home.html", event=event)


@bp.get("/events/<slug>/partners/<int:partner_id>/logo")
def partner_logo(slug: str, partner_id: int) -> Response:
    event = public_event_or_404(slug)
    partner = next((p for p in event.partners if p.id == partner_id and p.logo_digest), None)
    if partner is None or partner.logo is None:
        abort(404)
    return image_response(partner.logo, partner.logo_type, partner.logo_digest, request)
