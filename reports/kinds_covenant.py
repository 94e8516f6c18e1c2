"""The emulation covenant of a bloc or cluster (giao ước thi đua, issue 11, point 2).

"HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH QUẢNG NGÃI / CỤM THI ĐUA SỐ 1 … GIAO ƯỚC THI ĐUA
năm 2026": the targets the members commit to, one numbered line each, then the list of
member units with the date each signed in the portal, signed for the members by the
head unit of the year (cụm trưởng / khối trưởng). Until every member signed, the summary
says "Dự thảo" or "Đang ký kết" so nobody mistakes it for the signed covenant.

The kind is bound to one :class:`clusters.models.Covenant`: whoever may see the covenant
(the bloc's members, the secretariat, the Council, the chairman) may have it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import BlocLeadership, BlocMembership, Covenant, CovenantState

from .documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from .kinds import ReportKind, register

PROVINCE_COUNCIL = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH QUẢNG NGÃI"
STATE_NOTES = {
    CovenantState.DRAFT: "Dự thảo",
    CovenantState.SIGNING: "Đang ký kết",
}


def _object_check(user, object_id) -> bool:
    if object_id is None:
        return False
    covenant = Covenant.objects.select_related("bloc").filter(pk=object_id).first()
    return covenant is not None and user.has_perm("clusters.view_covenant", covenant)


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def covenant_document(covenant: Covenant) -> OfficialDocument:
    bloc, year = covenant.bloc, covenant.year
    members = list(
        BlocMembership.objects.filter(bloc=bloc, year=year)
        .select_related("unit")
        .order_by("unit__name")
    )
    signatures = {
        s.unit_id: s for s in covenant.signatures.select_related("signed_by").order_by("pk")
    }
    leadership = BlocLeadership.objects.filter(bloc=bloc, year=year).select_related("head").first()
    targets = [line.strip() for line in covenant.targets.splitlines() if line.strip()]
    word = "cụm" if bloc.is_cluster else "khối"
    summary = f"Năm {year}"
    if covenant.state in STATE_NOTES:
        summary = f"{summary} ({STATE_NOTES[covenant.state]})"
    blocks = (
        Paragraph(
            f"Thực hiện phong trào thi đua yêu nước năm {year}, các đơn vị thành viên "
            f"{bloc.name} thống nhất ký kết giao ước thi đua với các nội dung sau:"
        ),
        Heading("I. NỘI DUNG GIAO ƯỚC"),
        *(Paragraph(f"{i}. {text}") for i, text in enumerate(targets, start=1)),
        Heading("II. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            f"Các đơn vị thành viên tổ chức thực hiện các nội dung đã giao ước; cuối năm "
            f"tự chấm điểm, chấm chéo theo bảng chấm điểm của {word}, họp bình xét và đề "
            f"nghị khen thưởng theo quy chế hoạt động của {word}."
        ),
        Heading("III. CÁC ĐƠN VỊ KÝ GIAO ƯỚC"),
        Table(
            headers=("STT", "Đơn vị", "Ngày ký", "Người ký"),
            rows=tuple(
                (
                    str(i),
                    m.unit.name,
                    timezone.localtime(signatures[m.unit_id].signed_at).strftime("%d/%m/%Y")
                    if m.unit_id in signatures
                    else "Chưa ký",
                    _name(signatures[m.unit_id].signed_by) if m.unit_id in signatures else "",
                )
                for i, m in enumerate(members, start=1)
            ),
            widths=(8, 47, 18, 27),
        ),
    )
    return OfficialDocument(
        issuer_parent=PROVINCE_COUNCIL,
        issuer=bloc.name.upper(),
        number=None,
        date=timezone.localdate(covenant.drafted_at),
        doc_type="GIAO ƯỚC THI ĐUA",
        summary=summary,
        blocks=blocks,
        signature=Signature(
            authority="TM. CÁC ĐƠN VỊ THÀNH VIÊN",
            position="CỤM TRƯỞNG" if bloc.is_cluster else "KHỐI TRƯỞNG",
            name=leadership.head.name if leadership else "",
        ),
        recipients=(
            "Các đơn vị thành viên;",
            "Ban Thi đua - Khen thưởng tỉnh;",
            f"Lưu: {word} trưởng.",
        ),
    )


def build_covenant(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    covenant = Covenant.objects.select_related("bloc", "drafted_by").get(pk=object_id)
    document = covenant_document(covenant)
    return render_docx(document) if fmt == "docx" else render_pdf(document)


register(
    ReportKind(
        code="covenant",
        title=_("Emulation covenant of a bloc or cluster"),
        formats=("pdf", "docx"),
        build=build_covenant,
        permission="clusters.request_covenant_document",
        object_check=_object_check,
    )
)
