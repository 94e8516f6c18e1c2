"""``manage.py check_eligibility``: JSON in, JSON out; a bad input exits 2, names the
field on stderr and prints nothing on stdout.

Every case is a real ``manage.py`` process. Django takes seconds to start, so the module
fixture starts all of them at once and each test reads its own finished run.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from awards.eligibility import evaluate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = {
    "award": "CSTD_TINH",
    "year": 2025,
    "subject": {"kind": "individual", "gender": "F"},
    "ratings": {"2023": "HTXSNV", "2024": "HTXSNV", "2025": "HTTNV"},
    "titles": [{"code": "CSTDCS", "year": y, "kind": "CONG_TRANG"} for y in (2023, 2024, 2025)],
    "initiatives": [{"id": "SK-2025-14", "year": 2025, "level": "province", "used_by": None}],
    "discipline": [{"level": "khien_trach", "from": "2021-03-01", "to": "2022-03-01"}],
    "pending": {"investigation": False, "complaint": False},
    "members": None,
    "bloc_rank": None,
}
LDTT = {"award": "LDTT", "year": 2025, "subject": {"kind": "individual"}, "ratings": {}}
BAD_RATING = {**LDTT, "ratings": {"2024": "TOT"}}
MEMBERS_ABOVE_TOTAL = {
    "award": "TTLDTT",
    "year": 2025,
    "subject": {"kind": "collective"},
    "members": {
        "total": 24,
        "ldtt": 30,
        "completed_tasks": 24,
        "cstdcs": 2,
        "disciplined_warning_or_above": 0,
    },
}
BAD_TITLE_KIND = {
    **LDTT,
    "titles": [
        {"code": "CSTDCS", "year": 2024, "kind": "CONG_TRANG"},
        {"code": "CSTDCS", "year": 2025, "kind": "THEO_DOT"},
    ],
}

# name: file content (a str is written as is, anything else as JSON), or "-" with stdin.
CASES = {
    "single": EXAMPLE,
    "list": [EXAMPLE, LDTT],
    "stdin": ("-", json.dumps(LDTT)),
    "bad_json": '{"award": "LDTT", "year": 2025,',
    "bad_rating": BAD_RATING,
    "bad_title_kind": BAD_TITLE_KIND,
    "members_above_total": MEMBERS_ABOVE_TOTAL,
    "missing_award": {"year": 2025, "subject": {"kind": "individual"}},
    "unknown_key": {**LDTT, "ratting": {}},
    "bad_item_in_list": [EXAMPLE, LDTT, LDTT, BAD_RATING],
    "a_string": '"LDTT"',
    "missing_file": None,
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("check_eligibility")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    started = {}
    for name, content in CASES.items():
        stdin = None
        if content is None:
            target = str(folder / "absent.json")
        elif isinstance(content, tuple):
            target, stdin = content
        else:
            path = folder / f"{name}.json"
            text = content if isinstance(content, str) else json.dumps(content)
            path.write_text(text, "utf-8")
            target = str(path)
        process = subprocess.Popen(
            [sys.executable, "manage.py", "check_eligibility", "--input", target],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        started[name] = (process, stdin)
    finished = {}
    for name, (process, stdin) in started.items():
        out, err = process.communicate(stdin.encode() if stdin else b"", timeout=300)
        finished[name] = subprocess.CompletedProcess(
            process.args, process.returncode, out.decode("utf-8"), err.decode("utf-8")
        )
    return finished


def test_single_object_prints_the_engines_output(runs):
    done = runs["single"]
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == evaluate(EXAMPLE)
    assert json.loads(done.stdout)["verdict"] == "eligible"
    # Vietnamese as is, not \u escapes; indented by two.
    assert "CSTĐCS 2023, 2024, 2025" in done.stdout
    assert done.stdout.startswith('{\n  "award": "CSTD_TINH",')


def test_list_prints_a_list_in_order(runs):
    done = runs["list"]
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [evaluate(EXAMPLE), evaluate(LDTT)]


def test_standard_input(runs):
    done = runs["stdin"]
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == evaluate(LDTT)


def assert_rejected(done, *fragments):
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("check_eligibility: ")
    for fragment in fragments:
        assert fragment in done.stderr


def test_bad_json(runs):
    assert_rejected(runs["bad_json"], "không phải JSON hợp lệ", "(dòng 1, cột 32)")


def test_bad_rating_names_the_field(runs):
    done = runs["bad_rating"]
    assert_rejected(done)
    assert done.stderr.strip() == (
        'check_eligibility: lỗi dữ liệu vào ở trường "ratings.2024": giá trị phải là một'
        " trong HTXSNV, HTTNV, HTNV, KHTNV"
    )


def test_bad_title_kind_names_the_field(runs):
    assert_rejected(runs["bad_title_kind"], '"titles[1].kind"')


def test_members_above_total_names_the_field(runs):
    assert_rejected(runs["members_above_total"], '"members.ldtt"', "phải nhỏ hơn hoặc bằng 24")


def test_missing_award_names_the_field(runs):
    assert_rejected(runs["missing_award"], '"award"', "thiếu trường bắt buộc")


def test_unknown_key_names_the_field(runs):
    assert_rejected(runs["unknown_key"], '"ratting"', "trường không được hỗ trợ")


def test_error_in_a_list_names_the_index_and_prints_nothing(runs):
    assert_rejected(runs["bad_item_in_list"], '"[3].ratings.2024"')


def test_input_of_the_wrong_shape(runs):
    assert_rejected(runs["a_string"], "một đối tượng JSON hoặc một danh sách")


def test_missing_file(runs):
    assert_rejected(runs["missing_file"], "không tìm thấy tệp", "absent.json")
