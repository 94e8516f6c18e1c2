"""Issue 9's acceptance of points 1 and 2 in a real browser: approval and issuing are two
steps, numbers come from the issuing office's register, every document names its signer.

The demo province (with its signers) and a dossier of Xã Bình Sơn brought to the proposal
stage through the services (ad hoc, simplified procedure: no consultation, no vote); then,
on the pages: the secretariat sends the tờ trình and records it in Sở Nội vụ's register;
the chairman approves, choosing the vice-chairman to sign "KT. CHỦ TỊCH"; the awards are
not in the archive yet; the clerk (the secretariat) issues the decision with the number
the register suggests, the date and the signed original (a PDF upload); the decision PDF
(through the report pipeline) carries the number, the date, the authority line, the
signer's name and the units; the awards are in the archive and on the verification page.
"""

import io
import re
import subprocess
from contextlib import suppress
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, DESKTOP, LOCALE, SCREENSHOTS, TIMEOUT_MS

pytestmark = pytest.mark.e2e

AWARD = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
VICE = "Nguyễn Thị Kim Oanh"  # the demo's vice-chairman (units.demo SIGNERS)
DIRECTOR = "Phan Văn Khánh"  # the demo's Director of Sở Nội vụ
REPORT_WAIT_MS = 90_000


def _pdf_bytes() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _upload(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": _pdf_bytes()}


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def _layout_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def _signature_column(text: str) -> str:
    """The right-hand column of the page holding "Nơi nhận:", from that line down."""
    page = next(p for p in text.split("\f") if "Nơi nhận:" in p)
    lines = page[page.rfind("\n", 0, page.index("Nơi nhận:")) + 1 :].splitlines()
    right = []
    for line in lines:
        if line.startswith(" " * 20):
            right.append(line.strip())
        else:
            right.extend(re.split(r"\s{3,}", line.strip())[1:])
    return " ".join(part for part in right if part)


def _download_report(page, tmp_path, name: str) -> Path:
    match = re.search(r"#(job-\d+)$", page.url)
    assert match, page.url
    job = page.locator(f"#{match.group(1)}")
    expect(job).to_have_attribute("data-status", "done", timeout=REPORT_WAIT_MS)
    with page.expect_download() as info:
        job.get_by_test_id("report-download").click()
    path = tmp_path / name
    info.value.save_as(path)
    return path


@pytest.fixture
def open_as(browser, live_server):
    contexts = []

    def open_page(username: str, url: str):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=DESKTOP,
            locale=LOCALE,
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        _submit(page, page.get_by_role("button", name="Đăng nhập", exact=True))
        return page

    yield open_page
    for context in contexts:
        with suppress(Exception):
            context.close()


@pytest.fixture
def proposal(demo):
    """A draft proposal of two people and a village of Xã Bình Sơn, ready to be sent."""
    from django.utils import timezone

    from awards.models import Award, CommendationKind
    from nominations.services import appraisal, dossiers, proposals
    from units.models import Person, Unit, User

    users = {u.username: u for u in User.objects.filter(username__in=["unitstaff", "unithead"])}
    secretariat = User.objects.get(username="secretariat")
    commune = Unit.objects.get(code="xa-binh-son")
    village = Unit.objects.filter(path__startswith=commune.path, kind="village").first()
    people = list(
        Person.objects.filter(unit__path__startswith=commune.path).order_by("full_name", "pk")[:2]
    )
    award = Award.objects.get(code="BK_TINH")
    year = timezone.localdate().year
    dossier = dossiers.dossier_create(
        unit=commune,
        year=year,
        kind=CommendationKind.AD_HOC,
        title="Tờ trình khen thưởng đột xuất cứu người trong lũ",
        actor=users["unitstaff"],
    )
    for subject in ({"person": people[0]}, {"person": people[1]}, {"collective": village}):
        dossiers.nominee_add(
            dossier=dossier,
            award=award,
            achievement_summary="Dũng cảm cứu người, cứu tài sản của Nhân dân trong lũ.",
            achievement_report="Báo cáo thành tích cứu người trong lũ.",
            actor=users["unitstaff"],
            **subject,
        )
    for code in ("to_trinh", "bien_ban"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        dossiers.attachment_add(
            dossier=dossier,
            document_code=code,
            file=SimpleUploadedFile(f"{code}.pdf", _pdf_bytes(), content_type="application/pdf"),
            actor=users["unitstaff"],
        )
    dossiers.dossier_submit(dossier=dossier, actor=users["unithead"])
    appraisal.dossier_accept(
        dossier=dossier,
        decisions={n.pk: (True, "", False) for n in dossier.nominees.all()},
        actor=secretariat,
    )
    draft = proposals.proposal_create(
        award=award,
        kind=CommendationKind.AD_HOC,
        year=year,
        nominees=list(dossier.nominees.all()),
        title="Đề nghị khen thưởng đột xuất cứu người trong lũ",
        reason_text="dũng cảm cứu người, cứu tài sản của Nhân dân trong mưa lũ",
        actor=secretariat,
    )
    return {"proposal": draft, "dossier": dossier, "nominees": list(dossier.nominees.all())}


def test_the_chairman_approves_then_the_clerk_issues_the_decision(
    open_as, proposal, worker_if_redis, tmp_path, screenshot
):
    from django.utils import timezone

    from awards.models import AwardGrant
    from nominations.models import Proposal

    today = timezone.localdate()
    url = f"/to-trinh/{proposal['proposal'].pk}/"
    names = [n.display_name for n in proposal["nominees"]]

    # 1. The secretariat sends the tờ trình: no number is invented.
    secretariat = open_as("secretariat", url)
    _submit(secretariat, secretariat.get_by_role("button", name="Trình Chủ tịch"))
    expect(secretariat.get_by_test_id("proposal-state")).to_have_text("Chờ Chủ tịch phê duyệt")
    expect(secretariat.get_by_test_id("proposal-number")).to_have_text("chưa cấp số")
    # ... then records the signed tờ trình in Sở Nội vụ's register (number suggested).
    record = secretariat.get_by_test_id("submission-issue-form")
    expect(record.get_by_label("Số trong sổ văn bản")).to_have_value("1")
    record.get_by_label("Số trong sổ văn bản").fill("41")
    # The director, first signer of Sở Nội vụ, is proposed.
    expect(record.get_by_label("Người ký").locator("option:checked")).to_have_text(
        f"Giám đốc — {DIRECTOR}"
    )
    record.get_by_label("Bản gốc đã ký (PDF)").set_input_files(_upload("to-trinh-41.pdf"))
    _submit(secretariat, record.get_by_role("button", name="Vào sổ tờ trình"))
    expect(secretariat.get_by_test_id("proposal-number")).to_contain_text("41/TTr-SNV")

    # 2. The chairman approves; the vice-chairman will sign "KT. CHỦ TỊCH".
    chairman = open_as("chairman", url)
    approve = chairman.get_by_test_id("approve-form")
    approve.get_by_label("Người ký").select_option(label=f"Phó Chủ tịch — {VICE}")
    approve.get_by_label("Thẩm quyền ký").select_option(label="KT. CHỦ TỊCH")
    approve.get_by_label(re.compile("^Tôi đã xem tờ trình")).check()
    screenshot(chairman, "e2e-issuing-approve")
    _submit(chairman, approve.get_by_role("button", name="Phê duyệt quyết định"))
    expect(chairman.get_by_test_id("proposal-state")).to_have_text("Đã phê duyệt, chờ ban hành")
    expect(chairman.get_by_test_id("decision-approved")).to_contain_text(
        f"Người ký: Phó Chủ tịch {VICE} (KT. CHỦ TỊCH)"
    )
    expect(chairman.get_by_test_id("decision-issue-form")).to_have_count(0)
    # Approved is not issued: nothing in the archive, the draft has no number nor date.
    assert not AwardGrant.objects.filter(recipient_name__in=names).exists()
    documents = chairman.get_by_test_id("documents")
    decision_row = documents.locator("div").filter(has_text=re.compile(r"^\s*Quyết định"))
    _submit(chairman, decision_row.get_by_role("button", name="PDF"))
    draft = _flat(_layout_text(_download_report(chairman, tmp_path, "du-thao.pdf")))
    assert "Số: ..../QĐ-UBND" in draft and "ngày ..... tháng ..... năm" in draft

    # 3. The clerk issues it: the number the register suggests, the date, the signed PDF.
    secretariat.goto("/to-trinh/")
    secretariat.get_by_test_id("to-issue").get_by_role(
        "link", name=re.compile("cứu người")
    ).first.click()
    issue = secretariat.get_by_test_id("decision-issue-form")
    number_field = issue.get_by_label("Số trong sổ văn bản")
    suggested = int(number_field.input_value())
    assert suggested >= 1
    expect(issue).to_contain_text(f"{suggested:02d}/QĐ-UBND")
    expect(issue.get_by_label("Người ký").locator("option:checked")).to_have_text(
        f"Phó Chủ tịch — {VICE}"
    )  # as the chairman chose
    expect(issue.get_by_label("Ngày ban hành")).to_have_value(today.isoformat())
    # A file that is not a PDF is refused in Vietnamese; nothing is issued.
    issue.get_by_label("Bản gốc đã ký (PDF)").set_input_files(
        {"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": b"<html>x</html>"}
    )
    _submit(secretariat, issue.get_by_role("button", name="Ban hành quyết định"))
    expect(secretariat.get_by_test_id("decision-issue-form")).to_contain_text(
        "Nội dung tệp không khớp"
    )
    assert not AwardGrant.objects.filter(recipient_name__in=names).exists()
    issue = secretariat.get_by_test_id("decision-issue-form")
    issue.get_by_label("Bản gốc đã ký (PDF)").set_input_files(_upload("quyet-dinh-da-ky.pdf"))
    screenshot(secretariat, "e2e-issuing-issue-form")
    _submit(secretariat, issue.get_by_role("button", name="Ban hành quyết định"))
    expect(secretariat.get_by_test_id("proposal-state")).to_have_text("Đã ban hành")
    number = f"{suggested:02d}/QĐ-UBND"
    expect(secretariat.get_by_test_id("decision-number")).to_contain_text(number)
    expect(secretariat.get_by_test_id("decision-issued")).to_contain_text(VICE)
    expect(secretariat.get_by_test_id("verify-link")).to_have_count(3)
    screenshot(secretariat, "e2e-issuing-issued")

    # 4. The decision as issued: number, date, authority line, signer, units.
    documents = secretariat.get_by_test_id("documents")
    decision_row = documents.locator("div").filter(has_text=re.compile(r"^\s*Quyết định"))
    _submit(secretariat, decision_row.get_by_role("button", name="PDF"))
    path = _download_report(secretariat, tmp_path, "quyet-dinh.pdf")
    layout = _layout_text(path)
    text = _flat(layout)
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    for expected in (
        f"Số: {number}",
        f"Quảng Ngãi, ngày {today.day:02d} tháng {month} năm {today.year}",
        "ỦY BAN NHÂN DÂN",
        "QUYẾT ĐỊNH",
        "Tờ trình số 41/TTr-SNV",
        # The full căn cứ (awards.LegalBasis, as seeded by awards migration 0006/0007).
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ",
        # Điều 2, worked by hand: Bằng khen of the provincial chairman is 1.5 × the base
        # salary of 2,340,000 đồng for a person and twice that for a collective.
        "Mỗi tập thể được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh kèm theo tiền "
        "thưởng 7.020.000 đồng (3,0 lần mức lương cơ sở)",
        "mỗi cá nhân được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh kèm theo tiền "
        "thưởng 3.510.000 đồng (1,5 lần mức lương cơ sở)",
        "mức lương cơ sở 2.340.000 đồng",
        "Tổng số tiền thưởng: 14.040.000 đồng",
        f"(Kèm theo Quyết định số {number}",
        "Xã Bình Sơn",
        *names,
    ):
        assert expected in text, (expected, text[:3000])
    # Full unit names (point 6), read in reading order so a wrapped table cell stays whole.
    raw = _flat(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
    )
    for nominee in proposal["nominees"]:
        unit = nominee.person.unit if nominee.person_id else nominee.collective.parent
        assert unit.full_name in raw, (unit.full_name, raw[-1500:])
    assert "..../QĐ-UBND" not in text
    assert _signature_column(layout) == f"KT. CHỦ TỊCH PHÓ CHỦ TỊCH {VICE}"
    pages = tmp_path / "pages"
    pages.mkdir()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(path), str(pages / "quyet-dinh")], check=True
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for png in sorted(pages.glob("*.png")):
        (SCREENSHOTS / f"e2e-issuing-{png.name}").write_bytes(png.read_bytes())

    # 5. Now, and only now, the awards are in the archive with their verification codes.
    grants = AwardGrant.objects.filter(decision__number=number)
    assert sorted(g.recipient_name for g in grants) == sorted(names)
    issued = Proposal.objects.get(pk=proposal["proposal"].pk)
    assert issued.decision_register.signed_file_name == "quyet-dinh-da-ky.pdf"
    secretariat.goto(f"/khen-thuong/luu-tru/?decision={number}")
    rows = secretariat.get_by_test_id("archive-table").locator("tbody tr")
    expect(rows).to_have_count(3)
    grant = grants.first()
    secretariat.goto(f"/xac-minh/{grant.verification_code}/")
    expect(secretariat.locator("main")).to_contain_text(number)
    expect(secretariat.locator("main")).to_contain_text(grant.recipient_name)
    proposal["dossier"].refresh_from_db()
    assert proposal["dossier"].state == "decided"

    # 6. The signers the documents print, and the register the numbers came from.
    secretariat.goto("/nguoi-ky/")
    expect(secretariat.get_by_test_id("signer-row").filter(has_text=VICE)).to_contain_text(
        "Phó Chủ tịch"
    )
    screenshot(secretariat, "e2e-issuing-signers")
    secretariat.goto("/so-van-ban/")
    entries = secretariat.get_by_test_id("register-row")
    expect(entries.filter(has_text=number)).to_contain_text(
        re.compile(rf"KT\. CHỦ TỊCH\s*Phó Chủ tịch {VICE}")
    )
    expect(entries.filter(has_text="41/TTr-SNV")).to_contain_text(DIRECTOR)
    screenshot(secretariat, "e2e-issuing-register")
