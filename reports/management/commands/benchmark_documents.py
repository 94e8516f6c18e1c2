"""Pages per second of the document pipeline against bare WeasyPrint on the same HTML.

    python manage.py benchmark_documents --pages 100 [--samples 3] [--seed 2026]

The pipeline is ``render_pdf`` (template, restricted fetcher, options); the baseline is
``HTML(string=render_html(doc), base_url=...).write_pdf()`` with WeasyPrint's defaults,
in the same process. The best of ``--samples`` runs of each is compared (``--repeat`` is
its former name), the two taking turns in an order drawn each round from the generator
seeded with ``--seed``, so that warm caches favour neither. A run renders a 100-page PDF:
the default of 3 runs is too few for a 95th percentile, so the maximum is printed beside
the median, named as such (``units.benchmarking``).
"""

import time
from datetime import date
from io import BytesIO

import pikepdf
from django.core.management.base import BaseCommand, CommandError
from weasyprint import HTML

from reports.documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_html,
    render_pdf,
)
from reports.documents.render import base_url
from units.benchmarking import (
    Sample,
    add_samples_argument,
    add_seed_argument,
    samples_note,
    seeded,
)

ROWS_PER_PAGE = 14  # measured: 12 pt rows whose names take two lines, A4 portrait
SAMPLES = 3  # a run renders the whole PDF: a heavy operation


def table_document(rows: int) -> OfficialDocument:
    """A report whose body is one long table of nominees."""
    data = tuple(
        (
            str(i),
            f"Nguyễn Thị Hồng Nhung {i}",
            "Chuyên viên Phòng Tổ chức cán bộ",
            f"Ủy ban nhân dân xã Bình Sơn, tỉnh Quảng Ngãi ({i % 97})",
            "Chiến sĩ thi đua cơ sở",
        )
        for i in range(1, rows + 1)
    )
    return OfficialDocument(
        issuer_parent="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        issuer="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        number="01/BC-HĐTĐKT",
        date=date(2026, 1, 5),
        doc_type="Báo cáo",
        summary="Danh sách cá nhân được đề nghị khen thưởng năm 2025",
        blocks=(
            Heading("I. DANH SÁCH"),
            Paragraph("Hội đồng Thi đua - Khen thưởng tỉnh báo cáo danh sách như sau:"),
            Table(
                headers=("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu"),
                rows=data,
                widths=(7, 22, 23, 28, 20),
            ),
        ),
        signature=Signature(
            authority="TM. Hội đồng Thi đua - Khen thưởng",
            position="Chủ tịch",
            name="Trần Văn Bình",
        ),
        recipients=("Thường trực UBND tỉnh;", "Lưu: VT, TĐKT."),
    )


def page_count(pdf: bytes) -> int:
    with pikepdf.open(BytesIO(pdf)) as document:
        return len(document.pages)


class Command(BaseCommand):
    help = "Time render_pdf against bare WeasyPrint on a long table report."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=100)
        add_samples_argument(parser, SAMPLES, description="runs of each rendering")
        add_seed_argument(parser)

    def handle(self, *args, pages: int, samples: int, seed: int, **options):
        if pages < 1:
            raise CommandError("--pages must be at least 1")
        note = samples_note(samples, SAMPLES)
        rows = pages * ROWS_PER_PAGE
        doc = table_document(rows)
        for _ in range(3):  # adjust the row count to the page count asked for
            got = page_count(render_pdf(doc))
            if abs(got - pages) <= max(1, pages // 50):
                break
            rows = max(1, round(rows * pages / got))
            doc = table_document(rows)
        html = render_html(doc)

        def pipeline() -> bytes:
            return render_pdf(doc)

        def bare() -> bytes:
            return HTML(string=html, base_url=base_url()).write_pdf()

        rng = seeded(seed)
        runs = {"pipeline": pipeline, "bare": bare}
        measured = {name: Sample() for name in runs}
        counts = {}
        for _ in range(samples):
            for name in rng.sample(list(runs), len(runs)):
                start = time.perf_counter()
                pdf = runs[name]()
                measured[name].times_ms.append((time.perf_counter() - start) * 1000)
                counts[name] = page_count(pdf)
        self.stdout.write(f"rows: {rows}, runs each: {samples}, seed: {seed} (best run reported)")
        if note:
            self.stdout.write(self.style.WARNING(note))
        best = {name: measured[name].min / 1000 for name in runs}
        for name in runs:
            self.stdout.write(
                f"{name:9} pages: {counts[name]:4d}  seconds: {best[name]:7.3f}  "
                f"pages/second: {counts[name] / best[name]:6.2f}  "
                f"({measured[name].summary('s', 3)})"
            )
        overhead = best["pipeline"] / best["bare"] - 1
        verdict = "OK (< 15%)" if overhead < 0.15 else "OVER the 15% budget"
        self.stdout.write(f"overhead (pipeline / bare - 1): {overhead * 100:+.1f}%  {verdict}")
        if counts["pipeline"] != counts["bare"]:
            self.stdout.write(self.style.WARNING("page counts differ between the two renderings"))
