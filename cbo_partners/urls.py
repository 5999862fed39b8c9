from django.urls import path

from .assignments import views as assignments
from .consent import views as consent
from .directory import views as directory

app_name = "cbo_partners"
urlpatterns = [
    path("partners/", directory.partners, name="partners"),
    path("partners/new/", directory.partner_new, name="partner_new"),
    path("partners/<int:partner_id>/", directory.partner, name="partner"),
    path("partners/<int:partner_id>/edit/", directory.partner_edit, name="partner_edit"),
    path("partners/<int:partner_id>/contracts/", directory.contract_add, name="contract_add"),
    path("partners/<int:partner_id>/contacts/", directory.contact_add, name="contact_add"),
    path(
        "partners/<int:partner_id>/contacts/<int:contact_id>/remove/",
        directory.contact_remove,
        name="contact_remove",
    ),
    path("partners/<int:partner_id>/staff/", directory.staff_add, name="staff_add"),
    path("members/<int:member_id>/cbo/", assignments.member_section, name="member_section"),
    path("members/<int:member_id>/cbo/assign/", assignments.assign, name="assign"),
    path(
        "members/<int:member_id>/cbo/assignments/<int:assignment_id>/end/",
        assignments.end,
        name="assignment_end",
    ),
    path(
        "members/<int:member_id>/cbo/assignments/<int:assignment_id>/reassign/",
        assignments.reassign,
        name="assignment_reassign",
    ),
    path("members/<int:member_id>/consents/", consent.record, name="consent_record"),
    path(
        "members/<int:member_id>/consents/<int:consent_id>/revoke/",
        consent.revoke,
        name="consent_revoke",
    ),
    path(
        "members/<int:member_id>/consents/<int:consent_id>/form/",
        consent.form_download,
        name="consent_form",
    ),
    path("cbo/decisions/", assignments.decisions, name="decisions"),
    path(
        "cbo/assignments/<int:assignment_id>/accept/", assignments.accept, name="assignment_accept"
    ),
    path(
        "cbo/assignments/<int:assignment_id>/decline/",
        assignments.decline,
        name="assignment_decline",
    ),
    path(
        "cbo/assignments/<int:assignment_id>/care-manager/",
        assignments.change_care_manager,
        name="assignment_care_manager",
    ),
]
