"""The import-export resource: rows parsed and checked in memory, the grants, people and
decisions built with the services' rules and written in batches."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history

from units.models import Person
from units.resources import YearWidget
from units.search import normalize
from units.services import clean_name

from ..models import (
    Authority,
    AwardGrant,
    CommendationKind,
    Decision,
    SubjectKind,
    provincial_decision_issuer,
)
from ..recipients import derive_recipient_class
from .columns import (
    COL_AWARD,
    COL_BIRTH_YEAR,
    COL_CERTIFICATE,
    COL_DECISION_DATE,
    COL_DECISION_NUMBER,
    COL_GENDER,
    COL_KIND,
    COL_NAME,
    COL_POSITION,
    COL_SIGNER,
    COL_UNIT,
    COL_YEAR,
    KEY_COLUMN,
    KIND_LABELS,
    PREVIEW_ROWS,
    RELATIONS,
    UNKNOWN_SIGNER,
    WRITE_BATCH,
    LegacyFileError,
)
from .matching import AwardWidget, LegacyKeyLoader, Lookups, LookupWidget, UnitWidget
from .widgets import GenderWidget, GrantYearWidget, KindWidget, RequiredDateWidget, TextWidget
from .workbook import blank, file_problems, guess_gender, legacy_key

DECISION_FIELDS = {"legacy_decision_number", "legacy_decision_date"}


class LegacyAwardResource(resources.ModelResource):
    """Award lists of past years (individuals), imported into ``AwardGrant``."""

    legacy_key = fields.Field(
        attribute="legacy_key", column_name=KEY_COLUMN, widget=widgets.CharWidget()
    )
    recipient_name = fields.Field(
        attribute="recipient_name",
        column_name=COL_NAME,
        widget=TextWidget(max_length=150, required=True),
    )
    birth_year = fields.Field(
        attribute="legacy_birth_year", column_name=COL_BIRTH_YEAR, widget=YearWidget()
    )
    gender = fields.Field(attribute="legacy_gender", column_name=COL_GENDER, widget=GenderWidget())
    unit_scope = fields.Field(attribute="unit_scope", column_name=COL_UNIT, widget=UnitWidget())
    position = fields.Field(
        attribute="legacy_position", column_name=COL_POSITION, widget=TextWidget(max_length=200)
    )
    award = fields.Field(attribute="award", column_name=COL_AWARD, widget=AwardWidget())
    year = fields.Field(attribute="year", column_name=COL_YEAR, widget=GrantYearWidget())
    kind = fields.Field(attribute="kind", column_name=COL_KIND, widget=KindWidget())
    decision_number = fields.Field(
        attribute="legacy_decision_number",
        column_name=COL_DECISION_NUMBER,
        widget=TextWidget(max_length=60, required=True),
    )
    decision_date = fields.Field(
        attribute="legacy_decision_date",
        column_name=COL_DECISION_DATE,
        widget=RequiredDateWidget(),
    )
    signer = fields.Field(
        attribute="legacy_signer", column_name=COL_SIGNER, widget=TextWidget(max_length=150)
    )
    certificate_number = fields.Field(
        attribute="certificate_number",
        column_name=COL_CERTIFICATE,
        widget=TextWidget(max_length=60),
    )

    class Meta:
        model = AwardGrant
        fields = [
            "legacy_key",
            "recipient_name",
            "birth_year",
            "gender",
            "unit_scope",
            "position",
            "award",
            "year",
            "kind",
            "decision_number",
            "decision_date",
            "signer",
            "certificate_number",
        ]
        import_id_fields = ["legacy_key"]
        instance_loader_class = LegacyKeyLoader
        skip_unchanged = True  # rows already imported are skipped: see skip_row()
        skip_diff = True  # no per-row deep copies or HTML diffs: 10,000 rows stay fast
        store_row_values = True  # the preview shows the rows as read
        # Rows are validated one by one in memory; writes go in batches (bulk_create()),
        # so no savepoint per row either.
        use_bulk = True
        batch_size = WRITE_BATCH
        use_transactions = True
        clean_model_instances = False  # save_instance() cleans what it builds

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                field.widget.resource = self
        self.lookups: Lookups | None = None
        self.user = None
        self._seen_keys: set[str] = set()
        self.pending_people: list[Person] = []
        self.pending_decisions: list[Decision] = []

    # The column a field's errors belong to, for the error table.
    @classmethod
    def column_for(cls, attribute: str) -> str:
        for field in cls.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return ""

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Refuse the whole file (too many rows, missing columns) before any row."""
        problems = file_problems(dataset)
        if problems:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(LegacyFileError(problem)))
            if raise_errors:
                raise LegacyFileError(" ".join(problems))
            return result
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Load the lookups once and add the computed ``legacy_key`` column."""
        self.user = kwargs.get("user")
        self.lookups = lookups = Lookups()
        self._seen_keys = set()
        if KEY_COLUMN in (dataset.headers or []):
            del dataset[KEY_COLUMN]
        headers = dataset.headers or []
        self.pending_people.clear()
        self.pending_decisions.clear()
        self.create_instances.clear()
        unit_ids: set[int] = set()
        award_ids: set[int] = set()
        years: set[int] = set()
        numbers: set[str] = set()
        keys: list[str] = []
        for values in dataset:
            row = dict(zip(headers, values, strict=False))
            key = ""
            try:
                unit = self.fields["unit_scope"].clean(row)
                unit_ids.add(unit.pk)
                number = self.fields["decision_number"].clean(row)
                numbers.add(number)
                award = self.fields["award"].clean(row)
                award_ids.add(award.pk)
                year = self.fields["year"].clean(row)
                years.add(year)
                key = legacy_key(
                    name=self.fields["recipient_name"].clean(row),
                    birth_year=self._optional(row, "birth_year"),
                    unit_code=unit.code,
                    award_code=award.code,
                    year=year,
                    decision_number=number,
                    decision_date=self.fields["decision_date"].clean(row),
                )
            except (ValueError, KeyError):
                pass  # the row is reported when it is imported
            keys.append(key)
        if dataset.height:
            dataset.append_col(keys, header=KEY_COLUMN)
        else:
            dataset.headers = [*headers, KEY_COLUMN]
        lookups.load_people(unit_ids)
        lookups.load_decisions(numbers)
        lookups.load_existing_keys({key for key in keys if key})
        lookups.load_quotas(award_ids, years)

    def _optional(self, row, field_name):
        field = self.fields[field_name]
        return field.clean(row) if field.column_name in row else None

    def import_instance(self, instance, row, **kwargs):
        """Parse the columns, then check what depends on several of them."""
        instance.legacy_blank = all(
            blank(value) for header, value in row.items() if header != KEY_COLUMN
        )
        if instance.legacy_blank:
            return
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.kind:
            instance.kind = CommendationKind.MERIT.value
        award = instance.award if "award" not in errors else None
        if award is not None:
            if award.subject_kind not in (SubjectKind.INDIVIDUAL, SubjectKind.ANY):
                errors.setdefault("award", []).append(
                    _("“%(award)s” is not awarded to individuals.") % {"award": award.name}
                )
            elif "kind" not in errors and instance.kind not in award.kinds:
                errors.setdefault("kind", []).append(
                    _("“%(award)s” is not given as “%(kind)s”.")
                    % {"award": award.name, "kind": KIND_LABELS[instance.kind]}
                )
        birth_year = getattr(instance, "legacy_birth_year", None)
        checkable = birth_year and not errors.keys() & {"year", "legacy_birth_year"}
        if checkable and birth_year > instance.year:
            errors.setdefault("legacy_birth_year", []).append(
                _("The year of birth is after the year of the award.")
            )
        number = getattr(instance, "legacy_decision_number", None)
        issued_on = getattr(instance, "legacy_decision_date", None)
        if number and issued_on and not errors.keys() & DECISION_FIELDS:
            issuer = self._decision_issuer(number)
            other = issuer and self.lookups.decision_years.get((issuer.pk, number, issued_on.year))
            if other and other.issued_on != issued_on:
                errors.setdefault("legacy_decision_date", []).append(
                    _(
                        "Decision %(number)s of %(year)s is already recorded with the date "
                        "%(date)s: one number of the register is one decision."
                    )
                    % {
                        "number": number,
                        "year": issued_on.year,
                        "date": other.issued_on.strftime("%d/%m/%Y"),
                    }
                )
        already_imported = instance.pk is not None
        if not already_imported and not errors.keys() & {
            "recipient_name",
            "unit_scope",
            "legacy_birth_year",
        }:
            try:
                instance.legacy_person = self._find_person(instance)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _find_person(self, instance) -> Person | None:
        """The registry's person for this row, or None to create one."""
        name = instance.recipient_name
        birth_year = getattr(instance, "legacy_birth_year", None)
        candidates = self.lookups.people.get((instance.unit_scope.pk, normalize(name)), [])
        if birth_year:
            born = [p for p in candidates if p.year_of_birth == birth_year]
            if len(born) > 1:
                raise ValidationError(
                    {
                        "recipient_name": _(
                            "Several people named “%(name)s” born in %(year)s work in this "
                            "unit; the row cannot tell them apart."
                        )
                        % {"name": name, "year": birth_year}
                    }
                )
            if born:
                return born[0]
            unknown = [p for p in candidates if p.year_of_birth is None]
            return unknown[0] if len(unknown) == 1 else None
        if len(candidates) > 1:
            raise ValidationError(
                {
                    "legacy_birth_year": _(
                        "Several people named “%(name)s” work in this unit; give the year of birth."
                    )
                    % {"name": name}
                }
            )
        return candidates[0] if candidates else None

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if kwargs.get("row_number", 0) > PREVIEW_ROWS:
            row_result.row_values = {}  # 50,000 rows must not all stay in memory twice
        return row_result

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip blank rows, rows already in the archive and repeats within the file."""
        if getattr(instance, "legacy_blank", False):
            return True
        if import_validation_errors:
            return False
        if instance.pk is not None or instance.legacy_key in self._seen_keys:
            return True
        self._seen_keys.add(instance.legacy_key)
        return False

    def save_instance(self, instance, is_create, row, **kwargs):
        """Build the row's person, decision and grant, unsaved: ``bulk_create`` writes
        them all at once. Only new rows come here (the others are skipped)."""
        person = instance.legacy_person or self._new_person(instance)
        decision = self._decision(instance)
        self.lookups.take_quota(instance.award, instance.year, person.unit)
        # The record grant_create makes (awards.services), field for field.
        grant = AwardGrant(
            award=instance.award,
            person=person,
            recipient_name=person.full_name,
            recipient_unit_name=person.unit.label,
            unit_scope=person.unit,
            year=instance.year,
            kind=instance.kind,
            decision=decision,
            certificate_number=instance.certificate_number or "",
            cash_amount=self.lookups.cash_for(instance.award, decision.issued_on),
            legacy_key=instance.legacy_key,
            # The class the statistics forms count, from the position in the file.
            recipient_class=derive_recipient_class(
                subject_kind=SubjectKind.INDIVIDUAL,
                position=getattr(instance, "legacy_position", "") or person.position,
                is_direct_worker=person.is_direct_worker,
                is_manager=person.is_manager,
            ),
        )
        # Foreign keys and constraints were checked against the lookups; this checks
        # lengths and choices without a query.
        grant.full_clean(exclude=[*RELATIONS, "verification_code"], validate_constraints=False)
        self.create_instances.append(grant)  # written by bulk_create()
        instance.recipient_name = grant.recipient_name

    def _new_person(self, instance) -> Person:
        """A person for the registry, as ``units.services.person_create`` would save it."""
        name = clean_name(instance.recipient_name)
        person = Person(
            full_name=name,
            gender=getattr(instance, "legacy_gender", "") or guess_gender(name),
            birth_year=getattr(instance, "legacy_birth_year", None),
            position=getattr(instance, "legacy_position", "") or "",
            unit=instance.unit_scope,
        )
        person.full_clean(exclude=["unit"], validate_constraints=False)
        self.pending_people.append(person)
        self.lookups.people[(person.unit.pk, normalize(name))].append(person)
        return person

    def _decision_issuer(self, number: str):
        """The legacy file's decisions are the chairman's: a "…/QĐ-UBND" is the provincial
        People's Committee's; any other issuer is not known."""
        return provincial_decision_issuer(
            number=number, authority=Authority.PROVINCIAL_CHAIRMAN, committee=self.lookups.committee
        )

    def _decision(self, instance) -> Decision:
        number = instance.legacy_decision_number
        issued_on = instance.legacy_decision_date
        issuer = self._decision_issuer(number)
        # Its issuer's decision of that number and date, else one of unknown issuer (as a
        # legacy decision recorded before issuers were kept).
        decision = self.lookups.decisions.get(
            (issuer.pk if issuer else None, number, issued_on)
        ) or self.lookups.decisions.get((None, number, issued_on))
        if decision is None:
            decision = Decision(
                number=number,
                issued_on=issued_on,
                issuer=issuer,
                signer_name=getattr(instance, "legacy_signer", "") or UNKNOWN_SIGNER,
                signer_position="",
                authority=Authority.PROVINCIAL_CHAIRMAN,
                kind=instance.kind,
            )
            decision.full_clean(
                exclude=["signer_position", "issuer"],
                validate_unique=False,
                validate_constraints=False,
            )
            self.pending_decisions.append(decision)
            self.lookups.remember_decision(decision)
        return decision

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write a batch: new people and decisions, then the grants, all with history.

        import-export calls this every ``batch_size`` rows and at the end. Once a row
        has failed nothing more is written: the transaction is rolled back anyway.
        """
        failed = result is not None and (result.has_errors() or result.has_validation_errors())
        try:
            if not failed and (using_transactions or not dry_run):
                user = self.user if getattr(self.user, "pk", None) else None
                for model, objects in (
                    (Person, self.pending_people),
                    (Decision, self.pending_decisions),
                    (AwardGrant, self.create_instances),
                ):
                    if objects:
                        bulk_create_with_history(
                            objects, model, batch_size=WRITE_BATCH, default_user=user
                        )
        except Exception as error:  # noqa: BLE001 - reported as a file-level error
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.pending_people.clear()
            self.pending_decisions.clear()
            self.create_instances.clear()
