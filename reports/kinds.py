"""The kinds of report the portal can produce, each declared once.

A kind builds its file from the database for one format. Later apps add their kinds
with ``register`` in their ``AppConfig.ready()``; the first two live here: the directory
of units and the Council roster.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import LegalBasisRole, LegalDocument
from awards.selectors import legal_bases_in_force
from units.issuing import active_signers, provincial_committee
from units.models import UnitKind
from units.selectors import council_roster, unit_list_visible
from units.spreadsheet import neutralise_cell

from .documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}

PROVINCE_BODY = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
COUNCIL_BODY = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"


@dataclass(frozen=True)
class ReportKind:
    code: str
    title: str
    formats: tuple[str, ...]
    build: Callable[..., bytes]
    permission: str
    needs_year: bool = False
    extra: dict = field(default_factory=dict)
    # A document of one object (a session's minutes, a decision): ``object_check(user,
    # object_id)`` says whether the user may have it; such kinds are asked for from the
    # object's page, never from the general report form.
    object_check: Callable[..., bool] | None = None

    @property
    def for_object(self) -> bool:
        return self.object_check is not None


_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    _KINDS[kind.code] = kind


def get(code: str) -> ReportKind | None:
    return _KINDS.get(code)


def all_kinds() -> list[ReportKind]:
    return list(_KINDS.values())


def _xlsx(headers: list[str], rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([neutralise_cell(value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _yes(flag: bool) -> str:
    return "x" if flag else ""


def build_unit_directory(
    *, user, fmt: str, year: int | None = None, number: str | None = None
) -> bytes:
    """Every active unit the user may see, by kind, with the area flags reports count."""
    units = list(
        unit_list_visible(user=user)
        .filter(is_active=True)
        .select_related("parent")
        .order_by("kind", "path")
    )
    labels = dict(UnitKind.choices)
    headers = [
        "STT",
        "Mã",
        "Tên đơn vị",
        "Loại hình",
        "Cấp trên",
        "Miền núi",
        "Vùng sâu, vùng xa",
        "Hải đảo",
        "Vùng DTTS",
    ]
    rows = [
        [
            i,
            u.code,
            str(u),
            str(labels[u.kind]),
            str(u.parent) if u.parent else "",
            _yes(u.is_mountainous),
            _yes(u.is_remote),
            _yes(u.is_island),
            _yes(u.is_ethnic_minority_area),
        ]
        for i, u in enumerate(units, start=1)
    ]
    if fmt == "xlsx":
        return _xlsx(headers, rows)
    counts = {}
    for unit in units:
        counts[labels[unit.kind]] = counts.get(labels[unit.kind], 0) + 1
    summary_rows = tuple((str(k), str(v)) for k, v in counts.items())
    document = OfficialDocument(
        issuer_parent=PROVINCE_BODY,
        issuer=COUNCIL_BODY,
        number=number,
        date=timezone.localdate(),
        doc_type="BÁO CÁO",
        summary="Danh bạ đơn vị theo loại hình và địa bàn",
        blocks=(
            Paragraph(f"Tổng số đơn vị đang hoạt động: {len(units)}."),
            Table(headers=("Loại hình", "Số đơn vị"), rows=summary_rows, widths=(70, 30)),
            Heading("Danh sách chi tiết"),
            Table(
                headers=(
                    "STT",
                    "Tên đơn vị",
                    "Loại hình",
                    "Miền núi",
                    "Vùng sâu",
                    "Hải đảo",
                    "DTTS",
                ),
                rows=tuple((str(r[0]), r[2], r[3], r[5], r[6], r[7], r[8]) for r in rows),
                widths=(7, 43, 22, 7, 7, 7, 7),
            ),
        ),
        signature=Signature(authority="TM. HỘI ĐỒNG", position="CHỦ TỊCH", name=""),
        recipients=("Thường trực UBND tỉnh;", "Lưu: VT, TĐKT."),
    )
    return render_pdf(document)


POSITION_TITLES = {
    "chairman": "Chủ tịch Hội đồng",
    "standing_vice_chair": "Phó Chủ tịch Thường trực",
    "vice_chair": "Phó Chủ tịch",
    "member": "Ủy viên",
    "secretary": "Thư ký",
}


def roster_signature() -> Signature:
    """The roster decision is the chairman's own (he decides the Council's composition):
    "CHỦ TỊCH" and his name from the People's Committee's signers, with no "TM." line; a
    vice-chairman signs "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"."""
    signer = active_signers(provincial_committee()).first()
    if signer is None:
        return Signature(position="CHỦ TỊCH")
    deputy = signer.position.strip().lower().startswith("phó")
    return Signature(
        authority="KT. CHỦ TỊCH" if deputy else "",
        position=signer.position.upper(),
        name=signer.full_name,
    )


def roster_preamble(on) -> list[str]:
    """The roster decision's căn cứ (awards.LegalBasis lines of the roster in force on
    ``on``: Law 72/2025/QH15 on Local Government, Law 06/2022/QH15, Decree 152/2025/NĐ-CP,
    seeded; the province's regulation added by the secretariat), then the tờ trình it
    answers as the secretariat entered it, or a dotted one to fill in."""
    lines = [
        f"Căn cứ {line.text.strip().rstrip(';.')};"
        for line in legal_bases_in_force(
            document=LegalDocument.COUNCIL_ROSTER, on=on, role=LegalBasisRole.BASIS
        )
    ]
    proposals = legal_bases_in_force(
        document=LegalDocument.COUNCIL_ROSTER, on=on, role=LegalBasisRole.PROPOSAL
    )
    if proposals:
        lines += [line.text.strip().rstrip(";.") + "." for line in proposals]
    else:
        lines.append(
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số ..../TTr-SNV ngày ..... "
            "tháng ..... năm ........."
        )
    return lines


def roster_effect(on) -> str:
    """ "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số …" when the
    secretariat recorded the decision it replaces."""
    replaced = legal_bases_in_force(
        document=LegalDocument.COUNCIL_ROSTER, on=on, role=LegalBasisRole.REPLACES
    )
    if not replaced:
        return "Quyết định này có hiệu lực kể từ ngày ký."
    texts = "; ".join(line.text.strip().rstrip(";.") for line in replaced)
    return f"Quyết định này có hiệu lực kể từ ngày ký và thay thế {texts}."


def build_council_roster(
    *, user, fmt: str, year: int | None = None, number: str | None = None
) -> bytes:
    """The Council's composition as a decision-style document (PDF for reading, DOCX for
    the officials who edit it before signing)."""
    seats = list(council_roster())
    rows = tuple(
        (
            str(i),
            seat.user.get_full_name(),
            seat.user.person.position if seat.user.person_id else "",
            str(seat.user.person.unit) if seat.user.person_id else "",
            POSITION_TITLES.get(seat.council_position, seat.council_position),
        )
        for i, seat in enumerate(seats, start=1)
    )
    document = OfficialDocument(
        issuer=PROVINCE_BODY,
        number=number,
        date=timezone.localdate(),
        doc_type="QUYẾT ĐỊNH",
        summary="Về việc kiện toàn Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ngãi",
        blocks=(
            Paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", bold=True, align="center"),
            *(Paragraph(line, italic=True) for line in roster_preamble(timezone.localdate())),
            Paragraph("QUYẾT ĐỊNH:", bold=True, align="center"),
            Paragraph(
                "Kiện toàn Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ngãi gồm các thành viên:",
                lead="Điều 1.",
            ),
            Table(
                headers=("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Chức danh trong Hội đồng"),
                rows=rows,
                widths=(7, 23, 25, 25, 20),
            ),
            Paragraph(
                "Hội đồng Thi đua - Khen thưởng tỉnh thực hiện nhiệm vụ tham mưu, tư vấn cho "
                "Chủ tịch Ủy ban nhân dân tỉnh về công tác thi đua, khen thưởng và làm việc "
                "theo quy chế do Chủ tịch Hội đồng ban hành.",
                lead="Điều 2.",
            ),
            Paragraph(
                f"{roster_effect(timezone.localdate())} Chánh Văn phòng Ủy ban nhân dân tỉnh, "
                "Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan và các thành "
                "viên có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
                lead="Điều 3.",
            ),
        ),
        signature=roster_signature(),
        recipients=("Như Điều 3;", "Thường trực Tỉnh ủy;", "Lưu: VT, SNV."),
    )
    return render_docx(document) if fmt == "docx" else render_pdf(document)


register(
    ReportKind(
        code="unit_directory",
        title=_("Directory of units by kind and area"),
        formats=("xlsx", "pdf"),
        build=build_unit_directory,
        permission="units.view_unit",
    )
)
register(
    ReportKind(
        code="council_roster",
        title=_("Council roster (decision)"),
        formats=("pdf", "docx"),
        build=build_council_roster,
        permission="reports.view_council_roster",
    )
)
