"""The CBO partnership's API routes (included in the project's "api" namespace)."""

from django.urls import path

from .assignments import api as assignments
from .consent import api as consent
from .directory import api as directory

api_patterns = [
    path("partners/", directory.PartnersApi.as_view(), name="partners"),
    path("partners/<int:partner_id>/", directory.PartnerApi.as_view(), name="partner"),
    path(
        "partners/<int:partner_id>/contracts/",
        directory.PartnerContractsApi.as_view(),
        name="partner-contracts",
    ),
    path(
        "partners/<int:partner_id>/contacts/",
        directory.PartnerContactsApi.as_view(),
        name="partner-contacts",
    ),
    path(
        "partners/<int:partner_id>/staff/",
        directory.PartnerStaffApi.as_view(),
        name="partner-staff",
    ),
    path(
        "members/<int:member_id>/cbo-assignments/",
        assignments.MemberCboAssignmentsApi.as_view(),
        name="member-cbo-assignments",
    ),
    path(
        "members/<int:member_id>/cbo-assignments/<int:assignment_id>/end/",
        assignments.CboAssignmentEndApi.as_view(),
        name="cbo-assignment-end",
    ),
    path(
        "members/<int:member_id>/cbo-assignments/<int:assignment_id>/reassign/",
        assignments.CboAssignmentReassignApi.as_view(),
        name="cbo-assignment-reassign",
    ),
    path("cbo/decisions/", assignments.CboDecisionsApi.as_view(), name="cbo-decisions"),
    path(
        "cbo/assignments/<int:assignment_id>/accept/",
        assignments.CboAssignmentAcceptApi.as_view(),
        name="cbo-assignment-accept",
    ),
    path(
        "cbo/assignments/<int:assignment_id>/decline/",
        assignments.CboAssignmentDeclineApi.as_view(),
        name="cbo-assignment-decline",
    ),
    path(
        "cbo/assignments/<int:assignment_id>/care-manager/",
        assignments.CboAssignmentCareManagerApi.as_view(),
        name="cbo-assignment-care-manager",
    ),
    path(
        "members/<int:member_id>/consents/",
        consent.MemberConsentsApi.as_view(),
        name="member-consents",
    ),
    path(
        "members/<int:member_id>/consents/<int:consent_id>/revoke/",
        consent.ConsentRevokeApi.as_view(),
        name="consent-revoke",
    ),
    path(
        "members/<int:member_id>/consents/<int:consent_id>/form/",
        consent.ConsentFormApi.as_view(),
        name="consent-form",
    ),
]
