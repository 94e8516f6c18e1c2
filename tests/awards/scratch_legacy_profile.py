import cProfile, io, pstats, time
import pytest
from django.core.management import call_command
from awards.legacy import import_legacy, read_workbook, row_errors
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_profile(province, users, tmp_path):
    UnitFactory(name="Sở Giáo dục và Đào tạo", code="so-gddt", kind="department")
    path = tmp_path / "s.xlsx"
    call_command("make_legacy_sample", rows=3000, output=str(path), seed=1, stdout=io.StringIO())
    t = time.perf_counter()
    ds = read_workbook(path)
    print("read", time.perf_counter() - t)
    t = time.perf_counter()
    r = import_legacy(ds, dry_run=False, user=users["secretariat"])
    print("real", time.perf_counter() - t, r.totals)
    ds = read_workbook(path)
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    r = import_legacy(ds, dry_run=True, user=users["secretariat"])
    prof.disable()
    print("skip", time.perf_counter() - t, r.totals, row_errors(r)[:3])
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(30)
    print(s.getvalue())
