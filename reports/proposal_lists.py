"""The list attached to a proposal's documents (danh sách kèm theo), collectives,
individuals and households in their own sections with each unit's full label, and the
rendering of a document followed by its list on its own pages (PDF or DOCX)."""

from copy import deepcopy
from io import BytesIO

import docx
import pikepdf
from docx.enum.text import WD_BREAK

from awards.codes import verification_url
from nominations.models import Nominee

from .documents import Heading, OfficialDocument, Paragraph, QrCell, Table, render_docx, render_pdf
from .proposal_wording import (
    ProposalData,
    award_phrase,
    holders_phrase,
    subjects_phrase,
    vote_results,
)


class AttachedList(OfficialDocument):
    """The list attached to a document: the same header, no number and no date line."""

    @property
    def number_line(self) -> str:
        return ""

    @property
    def date_line(self) -> str:
        return ""


# --- The attached list ---------------------------------------------------------------------


def subject_name(nominee: Nominee) -> str:
    """A collective by its full label ("Thôn 1, xã Bình Sơn"), anyone else by name."""
    if nominee.collective_id and nominee.collective is not None:
        return str(nominee.collective)
    return nominee.display_name


def subject_unit(nominee: Nominee) -> str:
    """The "Đơn vị" column: the full label of the person's or household's unit, or of the
    unit a collective belongs to; the name kept on the nominee when none is loaded."""
    unit = None
    if nominee.person_id:
        unit = nominee.person.unit
    elif nominee.household_id:
        unit = nominee.household.unit
    elif nominee.collective_id and nominee.collective.parent_id:
        unit = nominee.collective.parent
    return str(unit) if unit is not None else nominee.unit_name


def code_cell(nominee: Nominee) -> QrCell | str:
    """The verification code of the award a nominee was granted, with its QR code."""
    grant = nominee.grant if nominee.grant_id else None
    if grant is None:
        return ""
    return QrCell(text=grant.verification_code, url=verification_url(grant.verification_code))


def _rows(
    nominees: list[Nominee],
    *,
    with_proposer: bool,
    votes: dict | None = None,
    with_codes: bool = False,
) -> tuple[tuple[str | QrCell, ...], ...]:
    rows = []
    for i, nominee in enumerate(nominees, start=1):
        row = [str(i), subject_name(nominee), nominee.position, subject_unit(nominee)]
        if with_proposer:
            row.append(str(nominee.dossier.unit))
        if votes is not None:
            vote = votes.get(nominee.pk)
            row.append(vote.cell if vote else "Không bỏ phiếu")
        if with_codes:
            row.append(code_cell(nominee))
        rows.append(tuple(row))
    return tuple(rows)


def attached_list_blocks(
    data: ProposalData, *, with_proposer: bool = False, with_codes: bool = False
) -> tuple:
    """The list, collectives, individuals and households in their own sections; a list
    sent up with a proposal (``with_proposer``) also gives each nominee's share of agree
    votes over all the Council's members, when the Council voted; the list of an issued
    decision (``with_codes``) prints each award's verification code and QR code."""
    headers = ["STT", "Tên tập thể, cá nhân", "Chức vụ", "Đơn vị"]
    widths = [8, 37, 25, 30]
    if with_codes:
        headers.append("Mã xác thực")
        widths = [6, 29, 19, 26, 20]
    votes = vote_results(data) if with_proposer else {}
    if with_proposer:
        headers.append("Đơn vị đề nghị")
        widths = [7, 30, 20, 23, 20]
    if votes:
        headers.append("Phiếu đồng ý / tổng số thành viên")
        widths = [6, 25, 16, 19, 17, 17]
    blocks = []
    numerals = iter(("I", "II", "III"))
    for group, label in (
        (data.collectives, "TẬP THỂ"),
        (data.individuals, "CÁ NHÂN"),
        (data.households, "HỘ GIA ĐÌNH"),
    ):
        if not group:
            continue
        blocks.append(Heading(f"{next(numerals)}. {label} ({len(group):02d})"))
        blocks.append(
            Table(
                headers=tuple(headers),
                rows=_rows(
                    group,
                    with_proposer=with_proposer,
                    votes=votes or None,
                    with_codes=with_codes,
                ),
                widths=tuple(widths),
            )
        )
    total = f"Tổng cộng: {subjects_phrase(data)}."
    return (*blocks, Paragraph(total, italic=True))


def attached_list(
    data: ProposalData,
    *,
    issuer: str,
    issuer_parent: str,
    caption: str,
    with_proposer=False,
    granted=False,
) -> AttachedList:
    award = data.proposal.award
    return AttachedList(
        issuer=issuer,
        issuer_parent=issuer_parent,
        doc_type="DANH SÁCH",
        summary=f"{holders_phrase(data).capitalize()} được đề nghị tặng {award_phrase(award)}"
        if data.decision is None and not granted
        else f"{holders_phrase(data).capitalize()} được tặng {award_phrase(award)}",
        blocks=(
            Paragraph(caption, italic=True, align="center"),
            *attached_list_blocks(
                data,
                with_proposer=with_proposer,
                with_codes=granted and data.decision is not None,
            ),
        ),
    )


# --- Rendering in two parts --------------------------------------------------------------


def _concat_pdf(*parts: bytes) -> bytes:
    sources = [pikepdf.Pdf.open(BytesIO(part)) for part in parts]
    merged = pikepdf.Pdf.new()
    for source in sources:
        merged.pages.extend(source.pages)
    buffer = BytesIO()
    merged.save(buffer)
    for source in sources:
        source.close()
    return buffer.getvalue()


def _concat_docx(first: bytes, second: bytes) -> bytes:
    """The second document's body after a page break at the end of the first."""
    main = docx.Document(BytesIO(first))
    other = docx.Document(BytesIO(second))
    main.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    section = main.element.body[-1]
    for element in list(other.element.body):
        if element.tag.endswith("}sectPr"):
            continue
        section.addprevious(deepcopy(element))
    buffer = BytesIO()
    main.save(buffer)
    return buffer.getvalue()


def render(document: OfficialDocument, appendix: AttachedList, fmt: str) -> bytes:
    if fmt == "docx":
        return _concat_docx(render_docx(document), render_docx(appendix))
    return _concat_pdf(render_pdf(document), render_pdf(appendix))
