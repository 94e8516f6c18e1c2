"""Official documents (Decree 30/2020): PDF read back, page 1 as an image, DOCX, fetcher."""

import re
import socket
import subprocess
import unicodedata
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
import pikepdf
import pytest
from django.conf import settings
from PIL import Image

from reports.documents import (
    MOTTO,
    NATIONAL_TITLE,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_html,
    render_pdf,
    vietnamese_date_line,
)
from reports.documents.base import header_layout
from reports.documents.fetcher import FetchRefused, RestrictedURLFetcher
from tests.utils.pdf import pages, pdftotext

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "documents"
CSS_FILE = Path(settings.BASE_DIR) / "static" / "reports" / "official.css"


def vietnamese_letters() -> list[str]:
    """The 134 letters of Vietnamese that carry a diacritic, both cases."""
    vowels = "aăâeêioôơuưy"
    tones = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    lower = [c for c in "ăâêôơưđ"]
    lower += [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones]
    letters = lower + [c.upper() for c in lower]
    assert len(set(letters)) == 134
    return letters


def plan(**changes) -> OfficialDocument:
    fields = {
        "issuer_parent": "Ủy ban nhân dân tỉnh Quảng Ngãi",
        "issuer": "Hội đồng Thi đua - Khen thưởng",
        "number": "01/KH-HĐTĐKT",
        "date": date(2026, 1, 5),
        "doc_type": "Kế hoạch",
        "summary": "Tổ chức phong trào thi đua năm 2026",
        "blocks": (
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Paragraph(
                "Nhằm động viên, khuyến khích tập thể, cá nhân thi đua hoàn thành xuất sắc "
                "nhiệm vụ chính trị năm 2026; kịp thời phát hiện, bồi dưỡng, nhân rộng các "
                "điển hình tiên tiến."
            ),
            Table(
                headers=("STT", "Đơn vị", "Ghi chú"),
                rows=tuple((str(i), f"Xã Bình Sơn {i}", "") for i in range(1, 6)),
                widths=(10, 60, 30),
            ),
            Paragraph(" ".join(vietnamese_letters())),
        ),
        "signature": Signature(
            authority="TM. Hội đồng Thi đua - Khen thưởng",
            deputy="KT. Chủ tịch",
            position="Phó Chủ tịch",
            name="Nguyễn Văn An",
        ),
        "recipients": ("Ban Thi đua - Khen thưởng Trung ương;", "Lưu: VT, TĐKT."),
    }
    fields.update(changes)
    return OfficialDocument(**fields)


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return render_pdf(plan())


# (6) the place-and-date line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Quảng Ngãi, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 15), "Quảng Ngãi, ngày 15 tháng 02 năm 2026"),
        (date(2026, 3, 9), "Quảng Ngãi, ngày 09 tháng 3 năm 2026"),
        (date(2026, 10, 1), "Quảng Ngãi, ngày 01 tháng 10 năm 2026"),
        (date(2026, 12, 31), "Quảng Ngãi, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_date_line_leading_zeros_for_days_below_10_and_months_1_and_2(day, expected):
    assert vietnamese_date_line("Quảng Ngãi", day) == expected


# (1) the PDF read back -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "number"),
    [
        ("Kế hoạch", "01/KH-HĐTĐKT"),
        ("Quyết định", "12/QĐ-UBND"),
        ("Tờ trình", "03/TTr-SNV"),
        ("Biên bản", "07/BB-HĐTĐKT"),
        ("Báo cáo", "25/BC-HĐTĐKT"),
    ],
)
def test_pdf_carries_the_decree_elements_in_order(doc_type, number):
    pdf = render_pdf(plan(doc_type=doc_type, number=number))
    # -layout keeps the two header columns side by side, so the order is the page's:
    # national title and motto on lines 1-2, number and date on the line below.
    text = pdftotext(pdf, "-layout")
    wanted = [
        NATIONAL_TITLE,
        MOTTO,
        f"Số: {number}",
        "Quảng Ngãi, ngày 05 tháng 01 năm 2026",
        doc_type.upper(),
        "Nơi nhận:",
    ]
    positions = [text.find(piece) for piece in wanted]
    assert -1 not in positions, dict(zip(wanted, positions, strict=True))
    assert positions == sorted(positions), dict(zip(wanted, positions, strict=True))
    lines = [line for line in text.splitlines() if line.strip()]
    assert NATIONAL_TITLE in lines[0] and MOTTO in lines[1]


def test_every_vietnamese_letter_survives_in_the_pdf(plan_pdf):
    text = pdftotext(plan_pdf)
    missing = [letter for letter in vietnamese_letters() if letter not in text]
    assert missing == []


def test_pdf_uses_liberation_serif_only(plan_pdf):
    fonts = subprocess.run(["pdffonts", "-"], input=plan_pdf, capture_output=True)
    if fonts.returncode != 0:  # older pdffonts read no stdin
        path = ARTIFACTS / "plan.pdf"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path.write_bytes(plan_pdf)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True)
    names = [line.split()[0] for line in fonts.stdout.decode().splitlines()[2:]]
    assert names and all("Liberation-Serif" in name for name in names), names


def test_unnumbered_draft_shows_a_blank_number():
    text = pdftotext(render_pdf(plan(number=None, blocks=())), "-layout")
    assert "Số: ......" in text


def test_landscape_pages_are_wider_than_tall():
    pdf = render_pdf(plan(landscape=True))
    with pikepdf.open(BytesIO(pdf)) as document:
        _, _, width, height = (float(v) for v in document.pages[0].mediabox)
    assert width > height
    assert round(width / 72 * 25.4) == 297


# (2) page 1 as an image ----------------------------------------------------------------


def test_page_one_shows_a_two_column_header(plan_pdf, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "plan.pdf").write_bytes(plan_pdf)
    source = tmp_path / "plan.pdf"
    source.write_bytes(plan_pdf)
    prefix = ARTIFACTS / "plan-page1"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(source),
            str(prefix),
        ],
        check=True,
    )
    image = Image.open(f"{prefix}.png").convert("L")
    width, height = image.size
    mm = width / 210
    # The header band: below the 20 mm top margin, the first ~25 mm.
    band = (int(20 * mm), int(45 * mm))

    def dark(x0: int, x1: int) -> int:
        region = image.crop((x0, band[0], x1, band[1]))
        return sum(region.histogram()[:110])

    layout = header_layout(plan())
    boundary = 30 + layout.left_mm
    left, right = dark(int(30 * mm), int(boundary * mm)), dark(int(boundary * mm), int(195 * mm))
    assert left > 50 and right > 50, (left, right)
    # The header starts at the left margin (30 mm), nothing in the margin.
    assert dark(0, int(29.5 * mm)) == 0, "the header must start at the left margin"


# (3) page numbers ----------------------------------------------------------------------


def test_page_numbers_from_page_two():
    text = (
        "Các cơ quan, đơn vị, địa phương căn cứ kế hoạch này xây dựng kế hoạch tổ chức "
        "phong trào thi đua, đăng ký danh hiệu thi đua và báo cáo kết quả đúng thời hạn. "
    ) * 4
    doc = plan(blocks=tuple(Paragraph(text) for _ in range(9)))
    pdf = render_pdf(doc)
    assert pages(pdf) == 3

    def first_line(page: int) -> str:
        page_text = pdftotext(pdf, "-layout", "-f", str(page), "-l", str(page))
        return next(line.strip() for line in page_text.splitlines() if line.strip())

    assert NATIONAL_TITLE in first_line(1)
    assert first_line(2) == "2"
    assert first_line(3) == "3"


# (4) DOCX ------------------------------------------------------------------------------


def test_docx_holds_the_same_header_and_recipients(plan_pdf):
    doc = plan()
    document = docx.Document(BytesIO(render_docx(doc)))
    header = document.tables[0]

    def lines(row: int, col: int) -> list[str]:
        return [line for line in header.cell(row, col).text.splitlines() if line.strip()]

    left = lines(0, 0) + lines(1, 0)
    right = lines(0, 1) + lines(1, 1)
    assert tuple(left + right) == doc.header_lines
    assert left == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NGÃI",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Số: 01/KH-HĐTĐKT",
    ]
    assert right == [NATIONAL_TITLE, MOTTO, "Quảng Ngãi, ngày 05 tháng 01 năm 2026"]
    pdf_text = pdftotext(plan_pdf, "-layout")
    for line in doc.header_lines:
        assert line in pdf_text

    body = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in body and doc.summary in body
    footer = document.tables[-1].cell(0, 0).text
    assert footer.splitlines()[0] == "Nơi nhận:"
    assert "- Lưu: VT, TĐKT." in footer
    signature = document.tables[-1].cell(0, 1).text
    assert "TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in signature and "Nguyễn Văn An" in signature
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"


# (5) the fetcher lockdown --------------------------------------------------------------


@pytest.fixture
def listener():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.5)
    yield sock
    sock.close()


def connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except TimeoutError:
            return count
        conn.close()
        count += 1


def test_user_text_is_printed_not_interpreted(listener):
    port = listener.getsockname()[1]
    payloads = (
        '<img src="file:///etc/passwd">',
        "<link rel=attachment href=file:///etc/passwd>",
        f'<img src="http://127.0.0.1:{port}/x.png">',
    )
    doc = plan(
        issuer=payloads[0],
        summary=payloads[1],
        blocks=tuple(Paragraph(p) for p in payloads),
        signature=Signature(name=payloads[2]),
        recipients=(payloads[1],),
    )
    html = render_html(doc)
    assert "<img" not in html and "<link rel=attachment" not in html
    pdf = render_pdf(doc)
    text = "".join(pdftotext(pdf).split())
    for payload in payloads:
        assert "".join(payload.split()) in text
    assert "root:" not in text
    with pikepdf.open(BytesIO(pdf)) as document:
        assert len(document.attachments) == 0
        assert "/EmbeddedFiles" not in document.Root.get("/Names", {})
    assert connections(listener) == 0


def test_stylesheets_cannot_reach_the_network_or_local_files(listener):
    port = listener.getsockname()[1]
    doc = plan(blocks=(Paragraph("Nội dung"),))
    pdf = render_pdf(
        doc,
        extra_stylesheets=(f"http://127.0.0.1:{port}/x.css", "file:///etc/passwd"),
        extra_css=(
            f'@import url("http://127.0.0.1:{port}/y.css");'
            f' body {{ background: url("http://127.0.0.1:{port}/bg.png"); }}'
            ' p { background: url("file:///etc/hostname"); }'
            f' @font-face {{ font-family: X; src: url("http://127.0.0.1:{port}/f.ttf"); }}',
        ),
    )
    assert pdf.startswith(b"%PDF")
    assert connections(listener) == 0
    with pikepdf.open(BytesIO(pdf)) as document:
        assert len(document.attachments) == 0


def test_fetcher_refuses_everything_outside_its_roots(tmp_path):
    fetcher = RestrictedURLFetcher()
    static = Path(settings.BASE_DIR) / "static"
    refused = [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x.css",
        "https://example.com/",
        "ftp://example.com/x.css",
        f"file://{static}/reports/../../../../../etc/passwd",
        f"file://{static}/reports/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"file://example.com{CSS_FILE}",
        "file:/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
        f"file://{static}",  # a directory, not a file
    ]
    for url in refused:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)

    root = tmp_path / "static"
    root.mkdir()
    (root / "ok.css").write_text("p { color: black }")
    (root / "passwd.css").symlink_to("/etc/passwd")
    (root / "etc").symlink_to("/etc", target_is_directory=True)
    confined = RestrictedURLFetcher(roots=(root,))
    for url in (
        (root / "passwd.css").as_uri(),
        (root / "etc" / "passwd").as_uri(),
        CSS_FILE.as_uri(),  # the project's, but outside this fetcher's roots
    ):
        with pytest.raises(FetchRefused):
            confined.fetch(url)
    assert confined.fetch((root / "ok.css").as_uri()).read() == b"p { color: black }"


def test_fetcher_allows_own_static_files_fonts_and_data_urls():
    fetcher = RestrictedURLFetcher()
    response = fetcher.fetch(CSS_FILE.as_uri())
    assert b"@page" in response.read()
    response.close()
    font = fetcher.fetch("file:///usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")
    assert len(font.read()) > 100_000
    assert fetcher.fetch("data:text/css,p%7Bcolor:red%7D").read() == b"p{color:red}"


def test_fetcher_follows_no_redirects():
    from urllib.request import HTTPRedirectHandler

    fetcher = RestrictedURLFetcher()
    assert not any(isinstance(h, HTTPRedirectHandler) for h in fetcher.handlers)


# (7) issue 9: layout read back from the DOCX XML and the PDF ----------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def test_docx_numbers_pages_from_page_two_with_a_page_field():
    document = docx.Document(BytesIO(render_docx(plan())))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(f"{W}titlePg") is not None
    header_xml = section.header._element.xml
    assert "<w:instrText" in header_xml and " PAGE " in header_xml
    assert 'w:fldCharType="begin"' in header_xml and 'w:fldCharType="end"' in header_xml
    assert section.header.paragraphs[0].alignment == 1  # centred
    assert " PAGE " not in section.first_page_header._element.xml


def test_docx_centred_lines_are_not_indented_and_body_lines_are():
    doc = plan(
        blocks=(
            Paragraph("QUYẾT ĐỊNH:", bold=True, align="center"),
            Paragraph("Nội dung căn chỉnh đều hai bên."),
            Paragraph("Tặng Bằng khen.", lead="Điều 1."),
        )
    )
    document = docx.Document(BytesIO(render_docx(doc)))
    by_text = {p.text: p for p in document.paragraphs}
    centred = by_text["QUYẾT ĐỊNH:"].paragraph_format
    assert not centred.first_line_indent
    assert (
        round(by_text["Nội dung căn chỉnh đều hai bên."].paragraph_format.first_line_indent.cm) == 1
    )
    article = by_text["Điều 1. Tặng Bằng khen."]
    assert [(r.text, bool(r.bold)) for r in article.runs] == [
        ("Điều 1. ", True),
        ("Tặng Bằng khen.", False),
    ]


def test_docx_header_starts_at_the_margin_and_fits_its_lines():
    doc = plan()
    layout = header_layout(doc)
    document = docx.Document(BytesIO(render_docx(doc)))
    table = document.tables[0]._tbl
    grid = [int(col.get(f"{W}w")) for col in table.tblGrid.findall(f"{W}gridCol")]
    assert grid == [twips(layout.left_mm), twips(layout.right_mm)]
    assert abs(sum(grid) - twips(165)) <= 2  # the text width, from margin to margin
    assert table.tblPr.find(f"{W}jc").get(f"{W}val") == "left"
    assert table.tblPr.find(f"{W}tblInd") is None
    margins = table.tblPr.find(f"{W}tblCellMar")
    assert [m.get(f"{W}w") for m in margins] == ["0", "0"]
    # Each left line fits its column: measured in Times New Roman metrics.
    from reports.documents.metrics import text_width_mm

    assert text_width_mm("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", 12, bold=True) <= layout.left_mm
    assert text_width_mm(NATIONAL_TITLE, 12, bold=True) <= layout.right_mm
    assert layout.issuer_lines == ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",)
    # The rule under the issuer: 1/3 to 1/2 of the issuer's line.
    rule = next(
        p for p in document.tables[0].cell(0, 0).paragraphs if p._p.find(f".//{W}pBdr") is not None
    )
    indent = rule.paragraph_format.left_indent.mm
    width = layout.left_mm - 2 * indent
    line = text_width_mm("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", 12, bold=True)
    assert line / 3 <= width <= line / 2


@pytest.mark.parametrize(
    ("issuer", "lines"),
    [
        ("Ủy ban nhân dân tỉnh Quảng Ngãi", ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI")),
        ("Sở Nội vụ", ("SỞ NỘI VỤ",)),
        ("Hội đồng Thi đua - Khen thưởng", ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",)),
    ],
)
def test_an_issuer_breaks_only_when_it_cannot_fit_beside_the_national_title(issuer, lines):
    layout = header_layout(OfficialDocument(issuer=issuer))
    assert layout.issuer_lines == lines
    assert layout.left_mm + layout.right_mm == pytest.approx(165)


def test_docx_table_grid_carries_the_real_column_widths():
    document = docx.Document(BytesIO(render_docx(plan())))
    table = document.tables[1]._tbl
    grid = [int(col.get(f"{W}w")) for col in table.tblGrid.findall(f"{W}gridCol")]
    assert grid == [twips(165 * 0.1), twips(165 * 0.6), twips(165 * 0.3)]
    cells = [int(tc.tcPr.tcW.get(f"{W}w")) for tc in table.tr_lst[0].tc_lst]
    assert cells == grid
    order = [child.tag.replace(W, "") for child in table.tblPr]
    assert (
        order.index("tblW") < order.index("jc") < order.index("tblLayout") < order.index("tblLook")
    )


def test_pdf_header_text_starts_inside_the_left_margin_line(plan_pdf):
    """pdftotext -bbox: the header's leftmost word begins at or after the 30 mm margin."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=plan_pdf,
        capture_output=True,
        check=True,
    )

    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)<', result.stdout.decode())
    header = [float(x) for x, y, _w in words if float(y) < 120]
    assert header and min(header) >= 30 / 25.4 * 72 - 0.5


@pytest.mark.parametrize(
    ("configured", "embedded", "named"),
    [
        ("Times New Roman", "Liberation-Serif", "Times New Roman"),  # not installed here
        ("DejaVu Serif", "DejaVu-Serif", "DejaVu Serif"),
    ],
)
def test_the_document_font_is_a_setting_with_liberation_serif_as_fallback(
    settings, configured, embedded, named
):
    settings.TDKT_DOCUMENT_FONT = configured
    pdf = render_pdf(plan(blocks=(Paragraph("Nội dung"),)))
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    names = [line.split()[0] for line in fonts.stdout.decode().splitlines()[2:]]
    assert any(embedded in name for name in names), names
    document = docx.Document(BytesIO(render_docx(plan())))
    assert document.styles["Normal"].font.name == named
