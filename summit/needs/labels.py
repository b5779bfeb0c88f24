"""Display names of need kinds and states, keyed by the enums."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from summit.needs.models import NeedKind
from summit.needs.models import NeedStatus

KIND_LABELS = {
    NeedKind.SIGN_LANGUAGE: _l("Sign-language interpretation"),
    NeedKind.LIVE_CAPTIONS: _l("Live captions"),
    NeedKind.STEP_FREE: _l("Step-free access"),
    NeedKind.QUIET_SEAT: _l("A quiet or reserved seat"),
    NeedKind.ASSISTANT_PLACE: _l("A free place for my personal assistant"),
    NeedKind.ACCESSIBLE_PROGRAM: _l("Large-print or screen-reader program"),
    NeedKind.DIETARY: _l("Dietary needs"),
    NeedKind.OTHER: _l("Other"),
}

DETAIL_LABELS = {
    NeedKind.SIGN_LANGUAGE: _l("Which sign language?"),
    NeedKind.ACCESSIBLE_PROGRAM: _l("Which format?"),
    NeedKind.OTHER: _l("What do you need?"),
}

STATUS_LABELS = {
    NeedStatus.REQUESTED: _l("Requested, awaiting an answer"),
    NeedStatus.ARRANGED: _l("Arranged"),
    NeedStatus.PARTLY_ARRANGED: _l("Partly arranged"),
    NeedStatus.NOT_POSSIBLE: _l("Not possible"),
}
