"""Every route of the portal is accounted for: in the permission matrix or listed here.

A new route that nobody added to a matrix makes this test fail (SECURITY-TESTS.md B1).
"""

import importlib

from django.urls import URLPattern, URLResolver, get_resolver

from tests.awards.test_views import AWARDS_MATRIX
from tests.units.test_views import MATRIX

# Each nominations test module lists the routes its permission tests cover in ROUTES.
NOMINATIONS_MODULES = (
    "tests.nominations.test_dossier_views",
    "tests.nominations.test_appraisal_views",
    "tests.nominations.test_consultation_views",
    "tests.nominations.test_council_views",
    "tests.nominations.test_proposal_views",
    "tests.nominations.test_grassroots_matrix",
)

# The campaigns tests list the routes their permission matrix covers in ROUTES.
CAMPAIGNS_MODULES = ("tests.campaigns.test_views",)

# The clusters tests list the routes their permission tests cover in ROUTES.
CLUSTERS_MODULES = (
    "tests.clusters.test_views",
    "tests.clusters.test_pages_blocs",
    "tests.clusters.test_pages_covenant",
    "tests.clusters.test_pages_table",
    "tests.clusters.test_review",
    "tests.clusters.test_meetings_pages",
)

# Routes covered by their own tests, with the reason.
COVERED_ELSEWHERE = {
    "units:dashboard": "test_dashboard_per_role, e2e",
    "units:healthz": "public health check, test_healthz",
    "units:login": "test_accounts",
    "units:logout": "test_accounts",
    "units:password_change": "test_accounts",
    "units:password_reset": "test_accounts",
    "units:password_reset_done": "public page after a reset request",
    "units:password_reset_confirm": "test_accounts",
    "units:two_factor": "test_accounts",
    "units:two_factor_setup": "test_accounts",
    "units:unit_list": "test_unit_list_shows_only_visible_units",
    "units:person_list": "test_person_list_scope",
    "units:unit_deactivate": "test_deactivate_matrix",
    "units:security_txt": "test_security_txt",
    "units:signer_list": "tests/units/test_issuing.py signer pages matrix",
    "units:signer_create": "tests/units/test_issuing.py signer pages matrix",
    "units:signer_update": "tests/units/test_issuing.py signer pages matrix",
    "units:register_list": "tests/units/test_issuing.py signer pages matrix",
    "awards:archive": "tests/awards/test_archive.py matrix",
    "awards:archive_export": "tests/awards/test_archive.py matrix",
    "awards:person_history": "tests/awards/test_archive.py MATRIX",
    "awards:unit_history": "tests/awards/test_archive.py MATRIX",
    "awards:verify": "tests/awards/test_verification.py (public)",
    "awards:verify_qr": "tests/awards/test_verification.py (public)",
    "awards:verify_form": "tests/awards/test_verification.py (public)",
    "awards:legacy_import": "tests/awards/test_legacy.py matrix",
    "awards:household_create": "test_household_registered_and_awarded_by_the_commune",
    "awards:base_salary_list": "test_base_salary_is_a_dated_parameter",
    "awards:legal_basis_list": "tests/awards/test_catalogue_money.py legal basis matrix",
    "awards:legal_basis_update": "tests/awards/test_catalogue_money.py legal basis matrix",
    "notifications:inbox": "tests/notifications/test_views.py (own notifications only)",
    "notifications:mark_read": "test_mark_read_only_by_the_owner",
    "notifications:mark_all_read": "test_mark_all_read_touches_only_the_own",
    "notifications:preferences": "test_preferences_page_saves_one_row_per_kind",
    "notifications:holiday_list": "test_secretariat_pages_matrix",
    "notifications:holiday_delete": "test_only_the_secretariat_changes_holidays",
    "notifications:deadline_list": "test_secretariat_pages_matrix",
    "reports:report_list": "tests/reports/test_jobs.py",
    "reports:report_status": "test_request_runs_and_downloads (other users 404)",
    "reports:report_download": "test_download_rechecks_the_permission",
    "reports:report_retry": "test_failure_is_visible_and_can_be_retried",
    "reports:report_for_object": "tests/reports/test_object_reports.py",
    "reports:certificates": "tests/reports/test_certificates.py (secretariat only)",
    "awards:decision_detail": "tests/awards/test_revocation.py (secretariat only)",
    "awards:decision_revoke": "tests/awards/test_revocation.py (secretariat only)",
    "nominations:complaint_list": "tests/nominations/test_complaints.py (secretariat only)",
    "nominations:complaint_new": "tests/nominations/test_complaints.py (secretariat only)",
    "nominations:complaint_detail": "tests/nominations/test_complaints.py (secretariat only)",
    "campaigns:attachment_add": "tests/campaigns/test_movement_attachments.py (staff 404)",
    "campaigns:attachment_download": "tests/campaigns/test_movement_attachments.py",
    "campaigns:attachment_remove": "tests/campaigns/test_movement_attachments.py (staff 404)",
    **{
        name: "tests/reports/test_periodic_report.py permission matrix"
        for name in (
            "reports:periodic_list",
            "reports:periodic_prepare",
            "reports:periodic_detail",
            "reports:periodic_write",
            "reports:periodic_review",
            "reports:periodic_issue",
            "reports:periodic_signed",
            "reports:periodic_download",
            "reports:periodic_figure",
        )
    },
}


def _names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _names(pattern, f"{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_route_is_in_a_matrix():
    in_matrix = {f"units:{name}" for name, _obj, _expected in MATRIX}
    in_matrix |= {f"awards:{name}" for name, _expected in AWARDS_MATRIX}
    for module in NOMINATIONS_MODULES:
        in_matrix |= set(importlib.import_module(module).ROUTES)
    for module in CAMPAIGNS_MODULES:
        in_matrix |= set(importlib.import_module(module).ROUTES)
    for module in CLUSTERS_MODULES:
        in_matrix |= set(importlib.import_module(module).ROUTES)
    unlisted = set(_names()) - in_matrix - set(COVERED_ELSEWHERE)
    assert unlisted == set()
