"""Access-need rules: asking, answering (the attendee is e-mailed through the outbox),
and what the public agenda says is arranged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from summit.audit.services import Actor
from summit.events.models import Event
from summit.events.revision import bump_revision
from summit.extensions import db
from summit.needs.mails import answer_mail
from summit.needs.models import ARRANGED_STATUSES
from summit.needs.models import NEEDS_DETAIL
from summit.needs.models import AccessRequest
from summit.needs.models import NeedKind
from summit.needs.models import NeedStatus
from summit.outbox.services import queue_mails
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.schedule.models import Session

MIN_REFUSAL_MESSAGE = 10


class NeedError(RegistrationError):
    """An access-need rule was broken."""


def request_need(
    registration: Registration,
    kind: NeedKind,
    *,
    session: Session | None = None,
    detail: str = "",
    now: datetime,
    detail_field: str = "detail",
) -> AccessRequest:
    """Ask for one service, for a session or (``session`` None) the whole event.

    :raises NeedError: a detail is missing, the session is another event's, the
        registration is cancelled or erased, or the same request is already open.
    """
    detail = detail.strip()
    if registration.is_erased or registration.status is RegistrationStatus.CANCELLED:
        raise NeedError(_l("This registration is cancelled: there is nothing to arrange."))
    if kind in NEEDS_DETAIL and not detail:
        raise NeedError(_l("Say which language, format or service you need."), detail_field)
    if session is not None and session.event_id != registration.event_id:
        raise NeedError(_l("Choose a session of this event."), "session_id")
    session_id = session.id if session is not None else None
    for existing in requests_of(registration):
        if (existing.kind, existing.session_id, existing.detail) == (kind, session_id, detail):
            raise NeedError(_l("You already asked for this."), "kind")
    request = AccessRequest(
        event_id=registration.event_id,
        registration=registration,
        kind=kind,
        session=session,
        detail=detail,
        status=NeedStatus.REQUESTED,
        created_at=now,
        updated_at=now,
    )
    db.session.add(request)
    db.session.flush()
    return request


def request_needs(
    registration: Registration,
    kinds: Iterable[str],
    detail: str,
    *,
    consented: bool,
    now: datetime,
) -> list[AccessRequest]:
    """The sign-up form's whole-event requests; one detail line serves them all. They
    are sensitive, so they need the sign-up's sensitive consent.

    :raises NeedError: no consent, an unknown kind, or as :func:`request_need`.
    """
    wanted = list(dict.fromkeys(kinds))
    if wanted and not consented:
        raise NeedError(
            _l("Tick the consent for sensitive answers, or leave those questions empty."),
            "sensitive_consent",
        )
    try:
        chosen = [NeedKind(kind) for kind in wanted]
    except ValueError as error:
        raise NeedError(_l("Choose services from the list."), "need_kinds") from error
    return [
        request_need(
            registration,
            kind,
            detail=detail if kind in NEEDS_DETAIL else "",
            now=now,
            detail_field="need_detail",
        )
        for kind in chosen
    ]


def answer_request(
    request: AccessRequest,
    status: NeedStatus,
    message: str,
    *,
    actor: Actor,
    now: datetime,
) -> None:
    """Set the organizer's answer and e-mail it to the attendee (outbox).

    :raises NeedError: no answer chosen, or a refusal without an explanation.
    """
    message = message.strip()
    if status is NeedStatus.REQUESTED:
        raise NeedError(_l("Choose arranged, partly arranged or not possible."), "status")
    if status is not NeedStatus.ARRANGED and len(message) < MIN_REFUSAL_MESSAGE:
        raise NeedError(
            _l("Tell the attendee what was arranged or why it is not possible."), "message"
        )
    public_before = request.status in ARRANGED_STATUSES
    request.status = status
    request.response = message
    request.answered_at = now
    request.answered_by_role = actor.role
    request.updated_at = now
    db.session.flush()
    if public_before or status in ARRANGED_STATUSES:
        bump_revision(
            request.registration.event, now=now
        )  # the public agenda lists what is arranged
    queue_mails(
        [answer_mail(request)],
        kind="access_need_answered",
        event_id=request.event_id,
        now=now,
    )


def requests_of(registration: Registration) -> list[AccessRequest]:
    return list(
        db.session.execute(
            select(AccessRequest)
            .where(AccessRequest.registration_id == registration.id)
            .order_by(AccessRequest.created_at, AccessRequest.id)
        ).scalars()
    )


def event_requests(event: Event) -> list[AccessRequest]:
    """Every request of ``event``, by kind, then session (whole event first)."""
    requests = db.session.execute(
        select(AccessRequest)
        .where(AccessRequest.event_id == event.id)
        .order_by(AccessRequest.created_at, AccessRequest.id)
    ).scalars()
    order = list(NeedKind)
    return sorted(
        requests,
        key=lambda r: (
            order.index(r.kind),
            r.session.starts_at.isoformat() if r.session and r.session.starts_at else "",
            r.session_id or 0,
        ),
    )


@dataclass(frozen=True)
class ArrangedLine:
    """One arranged service as the public agenda shows it: no person, only the place."""

    kind: NeedKind
    session: Session | None
    partly: bool


def arranged_services(event: Event) -> list[ArrangedLine]:
    rows = db.session.execute(
        select(AccessRequest)
        .where(AccessRequest.event_id == event.id, AccessRequest.status.in_(ARRANGED_STATUSES))
        .options(selectinload(AccessRequest.session).selectinload(Session.room))
    ).scalars()
    seen: dict[tuple[NeedKind, int | None], ArrangedLine] = {}
    for row in rows:
        key = (row.kind, row.session_id)
        partly = row.status is NeedStatus.PARTLY_ARRANGED
        if key not in seen or (seen[key].partly and not partly):
            seen[key] = ArrangedLine(row.kind, row.session, partly)
    order = list(NeedKind)
    return sorted(
        seen.values(), key=lambda line: (order.index(line.kind), line.session is not None)
    )
