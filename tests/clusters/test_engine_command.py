"""``manage.py score_bloc --input FILE`` (``SCORING.md``, "Command line"): the output on
standard output, and each kind of malformed input refused with status 2, nothing on
standard output and the field named as a path on standard error."""

import copy
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.clusters.engine_cases import bloc, cross, lines, sheet

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path, data):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("score_bloc", "--input", str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def valid():
    return bloc(
        3,
        cross(3)
        + [sheet("U1", "U1", "self", lines(85, 1))]
        + [sheet("HĐ-01", "U2", "council", lines(90, 1))],
        adjustments=[{"unit": "U1", "kind": "bonus", "points": 2, "reason": "Mô hình mới"}],
    )


def test_one_object_prints_one_output(tmp_path):
    code, out, err = run(tmp_path, valid())
    assert (code, err) == (0, "")
    output = json.loads(out)
    # U2 90 (Council), U1 80 + 2 = 82 (peers U2, U3 at 80), U3 80.
    assert [(r["unit"], r["rank"], r["score"], r["source"]) for r in output["ranking"]] == [
        ("U2", 1, 90.0, "council_mean"),
        ("U1", 2, 82.0, "peer_mean"),
        ("U3", 3, 80.0, "peer_mean"),
    ]
    assert output["leading"] == "U2"


def test_a_list_prints_a_list_in_the_same_order(tmp_path):
    second = bloc(2, [sheet("HĐ-01", "U2", "council", lines(70, 1))])
    code, out, _ = run(tmp_path, [valid(), second])
    assert code == 0
    outputs = json.loads(out)
    assert [o["leading"] for o in outputs] == ["U2", "U2"]
    assert [r["unit"] for r in outputs[1]["ranking"]] == ["U2", "U1"]


def _sheet_index(data, scorer, target, role="peer"):
    return next(
        i
        for i, s in enumerate(data["sheets"])
        if (s["scorer"], s["target"], s["role"]) == (scorer, target, role)
    )


def malformed():
    """(name, the change, the field the error must name)."""
    cases = []

    def case(name, change, field):
        cases.append(pytest.param(change, field, id=name))

    def above_max(d):
        d["sheets"][0]["lines"]["A1"] = 61

    def below_zero(d):
        d["sheets"][1]["lines"]["C2"] = -0.5

    def not_a_number(d):
        d["sheets"][2]["lines"]["A2"] = "mười"

    def unknown_criterion(d):
        d["sheets"][3]["lines"]["Z9"] = 1

    def missing_criterion(d):
        del d["sheets"][4]["lines"]["C1"]

    def peer_scores_itself(d):
        d["sheets"][5]["target"] = d["sheets"][5]["scorer"]

    def self_scores_another(d):
        d["sheets"][6]["target"] = "U2"

    def scorer_not_in_bloc(d):
        d["sheets"][2]["scorer"] = "U9"

    def target_not_in_bloc(d):
        d["sheets"][7]["target"] = "U9"

    def duplicate(d):
        d["sheets"].append(copy.deepcopy(d["sheets"][1]))

    def negative_adjustment(d):
        d["adjustments"][0]["points"] = -2

    def non_numeric_adjustment(d):
        d["adjustments"][0]["points"] = "2"

    def unknown_role(d):
        d["sheets"][4]["role"] = "friend"

    def adjustment_unit_not_in_bloc(d):
        d["adjustments"][0]["unit"] = "U9"

    def missing_units(d):
        del d["units"]

    case("line above its maximum", above_max, "sheets[0].lines.A1")
    case("line below zero", below_zero, "sheets[1].lines.C2")
    case("non-numeric line", not_a_number, "sheets[2].lines.A2")
    case("unknown criterion", unknown_criterion, "sheets[3].lines.Z9")
    case("missing criterion", missing_criterion, "sheets[4].lines.C1")
    case("peer sheet scoring itself", peer_scores_itself, "sheets[5].target")
    case("self sheet scoring another", self_scores_another, "sheets[6].target")
    case("scorer not in the bloc", scorer_not_in_bloc, "sheets[2].scorer")
    case("target not in the bloc", target_not_in_bloc, "sheets[7].target")
    case("two sheets with the same scorer, target and role", duplicate, "sheets[8]")
    case("negative adjustment", negative_adjustment, "adjustments[0].points")
    case("non-numeric adjustment", non_numeric_adjustment, "adjustments[0].points")
    case("unknown role", unknown_role, "sheets[4].role")
    case(
        "adjustment for a unit not in the bloc", adjustment_unit_not_in_bloc, "adjustments[0].unit"
    )
    case("no units", missing_units, "units")
    return cases


@pytest.mark.parametrize(("change", "field"), malformed())
def test_malformed_input_exits_2_naming_the_field(tmp_path, change, field):
    data = valid()
    # The sheets of valid(): 0…5 the cross-scoring, 6 U1's self sheet, 7 the Council's.
    assert data["sheets"][6]["role"] == "self" and data["sheets"][7]["role"] == "council"
    change(data)
    code, out, err = run(tmp_path, data)
    assert (code, out) == (2, "")
    assert err.startswith(f"score_bloc: {field}")


def test_the_duplicate_names_the_second_sheet(tmp_path):
    data = valid()
    data["sheets"].append(copy.deepcopy(data["sheets"][1]))
    _, _, err = run(tmp_path, data)
    assert err.startswith(
        "score_bloc: sheets[8].scorer: repeats the scorer, target and role of sheets[1]"
    )


def test_an_error_in_the_second_object_of_a_list_is_prefixed_and_nothing_is_printed(tmp_path):
    bad = valid()
    bad["sheets"][0]["lines"]["A1"] = 61
    code, out, err = run(tmp_path, [valid(), bad])
    assert (code, out) == (2, "")
    assert err.startswith("score_bloc: [1].sheets[0].lines.A1: 61 is above the maximum 60")


def test_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "input.json"
    path.write_text("{not json", encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("score_bloc", "--input", str(path), stdout=StringIO(), stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().startswith("score_bloc: input: tệp")


def test_the_real_command_line_exit_status_and_streams(tmp_path):
    bad = valid()
    bad["adjustments"][0]["points"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "score_bloc", "--input", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert "adjustments[0].points" in result.stderr
    good = tmp_path / "good.json"
    good.write_text(json.dumps(valid()), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "score_bloc", "--input", str(good)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["leading"] == "U2"
