"""XLSX import and export of units and people (django-import-export).

The column headers are the documented file layout (README, "Nhập dữ liệu từ Excel"):
fixed Vietnamese headers that officials recognise, independent of the interface language.
"""

from datetime import date, datetime

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import Gender, Person, Unit, UnitKind
from .services import _set_path, clean_name
from .spreadsheet import SafeExportMixin


class UnitCodeWidget(widgets.ForeignKeyWidget):
    """A unit given by its short code, with a clear message when no unit has it."""

    def __init__(self, **kwargs):
        super().__init__(Unit, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValueError(_("No unit has the code “%(code)s”.") % {"code": code})
        return unit


class ChoiceLabelWidget(widgets.Widget):
    """A choice written by its Vietnamese label ("Nam", "Nữ") or its code."""

    def __init__(self, choices, labels: dict[str, str], **kwargs):
        self.choices = dict(choices)
        self.labels = labels
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        for code, label in self.labels.items():
            if text.casefold() in (code.casefold(), label.casefold()):
                return code
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": text, "allowed": ", ".join(self.labels.values())}
        )

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class YesNoWidget(widgets.Widget):
    YES = ("có", "x", "1", "true", "yes")
    NO = ("không", "", "0", "false", "no")

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().casefold()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Write “Có” or “Không”."))

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"


class VietnameseDateWidget(widgets.Widget):
    """dd/mm/yyyy text or a real date cell."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
        except ValueError:
            raise ValueError(_("Write the date as dd/mm/yyyy.")) from None

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            year = int(float(str(value).strip()))
        except ValueError:
            raise ValueError(_("Write the year as four digits.")) from None
        if not 1900 <= year <= 2100:
            raise ValueError(_("Write the year as four digits."))
        return year

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CitizenIdWidget(widgets.Widget):
    """Twelve digits; a number cell that lost its leading zeros gets them back."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        if isinstance(value, int | float):
            value = f"{int(value):012d}"
        text = str(value).strip()
        if not (text.isdigit() and len(text) == 12):
            raise ValueError(_("A citizen ID number has exactly 12 digits."))
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


def text_widget() -> widgets.CharWidget:
    return widgets.CharWidget(allow_blank=True)


UNIT_KIND_LABELS = {choice.value: str(choice.label) for choice in UnitKind}
GENDER_LABELS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


class UnitResource(SafeExportMixin, resources.ModelResource):
    code = fields.Field(attribute="code", column_name="Mã đơn vị")
    name = fields.Field(attribute="name", column_name="Tên đơn vị")
    kind = fields.Field(
        attribute="kind",
        column_name="Loại",
        widget=ChoiceLabelWidget(UnitKind.choices, UNIT_KIND_LABELS),
    )
    parent = fields.Field(
        attribute="parent", column_name="Mã đơn vị cấp trên", widget=UnitCodeWidget()
    )
    is_active = fields.Field(
        attribute="is_active", column_name="Đang hoạt động", widget=YesNoWidget()
    )
    is_mountainous = fields.Field(
        attribute="is_mountainous", column_name="Miền núi", widget=YesNoWidget()
    )
    is_remote = fields.Field(
        attribute="is_remote", column_name="Vùng sâu, vùng xa", widget=YesNoWidget()
    )
    is_island = fields.Field(attribute="is_island", column_name="Hải đảo", widget=YesNoWidget())
    is_ethnic_minority_area = fields.Field(
        attribute="is_ethnic_minority_area",
        column_name="Vùng đồng bào dân tộc thiểu số",
        widget=YesNoWidget(),
    )

    class Meta:
        model = Unit
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "is_active",
            "is_mountainous",
            "is_remote",
            "is_island",
            "is_ethnic_minority_area",
        ]
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_queryset(self):
        return Unit.objects.select_related("parent")

    def before_save_instance(self, instance, row, **kwargs):
        instance.name = clean_name(instance.name)

    def after_save_instance(self, instance, row, **kwargs):
        old_path = instance.path
        _set_path(instance)
        if instance.path != old_path:
            Unit.objects.filter(pk=instance.pk).update(path=instance.path, depth=instance.depth)


class PersonResource(SafeExportMixin, resources.ModelResource):
    id = fields.Field(attribute="id", column_name="ID", widget=widgets.IntegerWidget())
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
    gender = fields.Field(
        attribute="gender",
        column_name="Giới tính",
        widget=ChoiceLabelWidget(Gender.choices, GENDER_LABELS),
    )
    birth_date = fields.Field(
        attribute="birth_date", column_name="Ngày sinh", widget=VietnameseDateWidget()
    )
    birth_year = fields.Field(attribute="birth_year", column_name="Năm sinh", widget=YearWidget())
    ethnicity = fields.Field(attribute="ethnicity", column_name="Dân tộc", widget=text_widget())
    id_number = fields.Field(attribute="id_number", column_name="Số CCCD", widget=CitizenIdWidget())
    position = fields.Field(attribute="position", column_name="Chức vụ", widget=text_widget())
    unit = fields.Field(attribute="unit", column_name="Mã đơn vị", widget=UnitCodeWidget())
    is_manager = fields.Field(
        attribute="is_manager", column_name="Lãnh đạo, quản lý", widget=YesNoWidget()
    )
    is_direct_worker = fields.Field(
        attribute="is_direct_worker", column_name="Trực tiếp lao động", widget=YesNoWidget()
    )

    class Meta:
        model = Person
        import_id_fields = ["id"]
        fields = [
            "id",
            "full_name",
            "gender",
            "birth_date",
            "birth_year",
            "ethnicity",
            "id_number",
            "position",
            "unit",
            "is_manager",
            "is_direct_worker",
        ]
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_queryset(self):
        return Person.objects.select_related("unit")

    def before_import_row(self, row, **kwargs):
        if "Họ và tên" in row:
            row["Họ và tên"] = clean_name(str(row["Họ và tên"] or ""))

    def before_save_instance(self, instance, row, **kwargs):
        if instance.birth_date:
            instance.birth_year = instance.birth_date.year
