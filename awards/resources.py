"""XLSX export of the award archive (django-import-export).

The column headers are a fixed Vietnamese layout that officials recognise, independent of
the interface language, as for units and people (``units.resources``). Every cell goes
through :class:`units.spreadsheet.SafeExportMixin`, so a recipient named ``=HYPERLINK(…)``
is written as text, never as a formula (SECURITY-TESTS.md D1). The legacy import lives in
``awards.legacy``.
"""

from import_export import fields, resources

from units.spreadsheet import SafeExportMixin

from .models import AwardGrant, CommendationKind

# The kinds of commendation as Law 06/2022/QH15 names them, fixed like the headers.
KIND_LABELS = {
    CommendationKind.MERIT: "Công trạng và thành tích",
    CommendationKind.MOVEMENT: "Phong trào thi đua, chuyên đề",
    CommendationKind.AD_HOC: "Đột xuất",
    CommendationKind.CAREER: "Quá trình cống hiến",
    CommendationKind.SENIORITY: "Niên hạn",
    CommendationKind.FOREIGN: "Đối ngoại",
}

HEADERS = [
    "Họ tên / Tập thể",
    "Đơn vị",
    "Danh hiệu / Hình thức",
    "Năm",
    "Loại hình",
    "Số quyết định",
    "Ngày quyết định",
    "Số bằng/giấy chứng nhận",
    "Tiền thưởng (đồng)",
]


def recipient_unit_label(grant: AwardGrant) -> str:
    """The recipient's unit as recorded; a collective is its own unit."""
    if grant.recipient_unit_name:
        return grant.recipient_unit_name
    if grant.unit_id:
        return grant.unit.name
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
    certificate_number = fields.Field(column_name=HEADERS[7])
    cash_amount = fields.Field(column_name=HEADERS[8])

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
            "certificate_number",
            "cash_amount",
        ]

    def get_queryset(self):
        return AwardGrant.objects.select_related("award", "decision", "unit")

    def dehydrate_recipient(self, grant: AwardGrant) -> str:
        return grant.recipient_name

    def dehydrate_recipient_unit(self, grant: AwardGrant) -> str:
        return recipient_unit_label(grant)

    def dehydrate_award_name(self, grant: AwardGrant) -> str:
        return grant.award.name

    def dehydrate_year(self, grant: AwardGrant) -> int:
        return grant.year

    def dehydrate_kind(self, grant: AwardGrant) -> str:
        return KIND_LABELS.get(grant.kind, grant.kind)

    def dehydrate_decision_number(self, grant: AwardGrant) -> str:
        return grant.decision.number if grant.decision_id else ""

    def dehydrate_decision_date(self, grant: AwardGrant) -> str:
        return grant.decision.issued_on.strftime("%d/%m/%Y") if grant.decision_id else ""

    def dehydrate_certificate_number(self, grant: AwardGrant) -> str:
        return grant.certificate_number

    def dehydrate_cash_amount(self, grant: AwardGrant) -> int | str:
        return grant.cash_amount if grant.cash_amount is not None else ""
