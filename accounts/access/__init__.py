"""The access layer: who may see or do what, and the access log of every read.

Every door (page, API view, task, command, export, the navigation) asks here, and only here:
`may` / `require` for a capability, `members_visible_to` for a list's scope, `access_member` for
one member's record (scoped, checked and logged in one call), `record_members_shown` for what a
list, search or export showed, `may_see` for a category of a member's record.
"""

from .capabilities import (
    CAPABILITIES,
    CATEGORIES,
    Capability,
    DataCategory,
    capabilities_of,
    is_partner,
    may,
    may_see,
    may_see_sud,
    organization_kind,
    register_part2_check,
    require,
)
from .log import Actor, client_address, record_members_shown
from .scope import (
    EVERY_MEMBER,
    access_member,
    members_visible_to,
    register_member_grant,
    register_member_model,
    scope_signature,
)

__all__ = [
    "CAPABILITIES",
    "CATEGORIES",
    "EVERY_MEMBER",
    "Actor",
    "Capability",
    "DataCategory",
    "access_member",
    "capabilities_of",
    "client_address",
    "is_partner",
    "may",
    "may_see",
    "may_see_sud",
    "members_visible_to",
    "organization_kind",
    "record_members_shown",
    "register_member_grant",
    "register_member_model",
    "register_part2_check",
    "require",
    "scope_signature",
]
