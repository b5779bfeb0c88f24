"""Display names of access-log actions, keyed by the enum."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from summit.audit.models import AccessAction

ACTION_LABELS = {
    AccessAction.VIEWED_SENSITIVE: _l("Viewed sensitive answers"),
    AccessAction.EXPORTED_SENSITIVE: _l("Exported sensitive answers"),
    AccessAction.MEMBER_INVITED: _l("Invited to the team"),
    AccessAction.MEMBER_JOINED: _l("Joined the team"),
    AccessAction.ROLE_CHANGED: _l("Role changed"),
    AccessAction.MEMBER_REMOVED: _l("Removed from the team"),
    AccessAction.SENSITIVE_ERASED: _l("Sensitive answers erased"),
}
