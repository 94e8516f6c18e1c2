"""XLSX export of the award archive (django-import-export).

The column headers are the archive page's own labels in Vietnamese, fixed whatever the
interface language; the workbook is a document (``units.spreadsheet.xlsx_document``: a
named sheet, a title, real dates, a frozen header, fitted widths). Every cell goes
through :class:`units.spreadsheet.SafeExportMixin`, so a recipient named ``=HYPERLINK(…)``
is written as text, never as a formula (SECURITY-TESTS.md D1). The legacy import lives in
``awards.legacy``.
"""

from import_export import fields, resources

from units.spreadsheet import SafeExportMixin

from .models import AwardGrant

# The archive page's own column labels (templates/awards/archive/list.html), its
# "Quyết định" split into number and date, the cash reward the page does not show, and the
# revocation the page shows under the award (Law 06/2022, Art. 93): the decision and reason.
HEADERS = [
    "Người/tập thể được khen",
    "Đơn vị",
    "Danh hiệu/Hình thức",
    "Năm",
    "Loại hình",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Số bằng/giấy",
    "Tiền thưởng (đồng)",
    "Thu hồi",
]
SHEET = "Lưu trữ khen thưởng"
TITLE = "DANH SÁCH KHEN THƯỞNG ĐÃ LƯU TRỮ"


def recipient_unit_label(grant: AwardGrant) -> str:
    """The recipient's unit as recorded; a collective is its own unit."""
    if grant.recipient_unit_name:
        return grant.recipient_unit_name
    if grant.unit_id:
        return grant.unit.label
    return ""


class GrantExportResource(SafeExportMixin, resources.ModelResource):
    """One row per award granted, in the order of the queryset given to ``export``."""

    recipient = fields.Field(column_name=HEADERS[0])
    recipient_unit = fields.Field(column_name=HEADERS[1])
    award_name = fields.Field(column_name=HEADERS[2])
    year = fields.Field(column_name=HEADERS[3])
    kind = fields.Field(column_name=HEADERS[4])
    decision_number = fields.Field(column_name=HEADERS[5])
    decision_date = fields.Field(column_name=HEADERS[6])
    decision_issuer = fields.Field(column_name=HEADERS[7])
    certificate_number = fields.Field(column_name=HEADERS[8])
    cash_amount = fields.Field(column_name=HEADERS[9])
    revocation = fields.Field(column_name=HEADERS[10])

    class Meta:
        model = AwardGrant
        fields = [
            "recipient",
            "recipient_unit",
            "award_name",
            "year",
            "kind",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "certificate_number",
            "cash_amount",
            "revocation",
        ]

    def get_queryset(self):
        return AwardGrant.objects.select_related("award", "decision__issuer", "unit", "revoked_by")

    def dehydrate_recipient(self, grant: AwardGrant) -> str:
        return grant.recipient_name

    def dehydrate_recipient_unit(self, grant: AwardGrant) -> str:
        return recipient_unit_label(grant)

    def dehydrate_award_name(self, grant: AwardGrant) -> str:
        return grant.award.name

    def dehydrate_year(self, grant: AwardGrant) -> int:
        return grant.year

    def dehydrate_kind(self, grant: AwardGrant) -> str:
        return str(grant.get_kind_display())  # as the archive page says it

    def dehydrate_decision_number(self, grant: AwardGrant) -> str:
        return grant.decision.number if grant.decision_id else ""

    def dehydrate_decision_date(self, grant: AwardGrant):
        return grant.decision.issued_on if grant.decision_id else ""  # a real date cell

    def dehydrate_decision_issuer(self, grant: AwardGrant) -> str:
        """Numbers are unique per issuer and year: the issuer tells two "01/QĐ-UBND" apart."""
        if grant.decision_id and grant.decision.issuer_id:
            return grant.decision.issuer.label
        return ""

    def dehydrate_certificate_number(self, grant: AwardGrant) -> str:
        return grant.certificate_number

    def dehydrate_cash_amount(self, grant: AwardGrant) -> int | str:
        return grant.cash_amount if grant.cash_amount is not None else ""

    def dehydrate_revocation(self, grant: AwardGrant) -> str:
        """As the archive page says it, with the reason: the cell stays empty for an award
        in force."""
        if not grant.is_revoked:
            return ""
        number = grant.revoked_by.number if grant.revoked_by_id else ""
        text = f"Bị thu hồi theo Quyết định {number} ngày {grant.revoked_on:%d/%m/%Y}"
        return f"{text}. Lý do: {grant.revocation_reason}" if grant.revocation_reason else text
