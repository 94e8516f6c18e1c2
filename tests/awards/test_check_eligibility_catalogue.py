"""``check_eligibility`` refuses an award code the catalogue does not know (issue 9, 21).

Exit status 2, a message naming ``award`` on stderr and nothing on stdout; a code the
catalogue holds but the engine has no rules for (an order) still answers needs_review.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import Award

pytestmark = pytest.mark.django_db


def run(tmp_path, data):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), "utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command("check_eligibility", "--input", str(path), stdout=out, stderr=err)
    except SystemExit as stop:
        return stop.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_unknown_award_code_exits_2_naming_award(tmp_path):
    code, out, err = run(
        tmp_path, {"award": "CSTD_TIHN", "year": 2025, "subject": {"kind": "individual"}}
    )
    assert code == 2
    assert out == ""
    assert err.strip() == (
        'check_eligibility: lỗi dữ liệu vào ở trường "award": mã danh hiệu, hình thức'
        " khen thưởng “CSTD_TIHN” không có trong danh mục"
    )


def test_unknown_code_in_a_list_names_its_index(tmp_path):
    ldtt = {"award": "LDTT", "year": 2025, "subject": {"kind": "individual"}}
    code, out, err = run(tmp_path, [ldtt, {**ldtt, "award": "XYZ"}])
    assert code == 2
    assert out == ""
    assert '"[1].award"' in err
    assert "“XYZ”" in err


def test_catalogue_award_without_rules_still_needs_review(tmp_path):
    assert Award.objects.filter(code="HC_LD_3").exists()
    code, out, err = run(
        tmp_path, {"award": "HC_LD_3", "year": 2025, "subject": {"kind": "individual"}}
    )
    assert code == 0, err
    assert json.loads(out)["verdict"] == "needs_review"


def test_engine_codes_need_no_catalogue_query(tmp_path, django_assert_num_queries):
    with django_assert_num_queries(0):
        code, out, _ = run(
            tmp_path, {"award": "LDTT", "year": 2025, "subject": {"kind": "individual"}}
        )
    assert code == 0
    assert json.loads(out)["award"] == "LDTT"
