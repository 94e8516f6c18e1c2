"""The province's organisation: units, the people registry, users and their roles."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .search import VI_COLLATION, SearchFold


class UnitKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Provincial People's Committee")
    COUNCIL = "council", _("Emulation and Commendation Council")
    DEPARTMENT = "department", _("Department, board or sector")
    PARTY_MASS = "party_mass", _("Party or mass organisation")
    CENTRAL_AGENCY = "central_agency", _("Central agency in the province")
    ENTERPRISE = "enterprise", _("Enterprise")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    SUB_UNIT = "sub_unit", _("Sub-unit (office, division)")
    VILLAGE = "village", _("Village or residential group")


COMMUNE_LEVEL_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
# Units named only within the unit above them ("Thôn 1", "Văn phòng HĐND và UBND"): their
# label carries the nearest ancestor of another kind (a commune, a department).
CONTEXT_KINDS = (UnitKind.SUB_UNIT, UnitKind.VILLAGE)
FULL_NAME_MAX = 500


def unit_full_name(name: str, kind: str, anchor_name: str = "", anchor_kind: str = "") -> str:
    """The identifiable label of a unit: "Thôn 1, xã Bình Sơn", "Phòng Văn hóa - Xã hội,
    xã Bình Sơn", "Văn phòng, Sở Y tế"; the name alone for every other kind, when there is
    no anchor, or when the name already holds the anchor's ("Văn phòng Sở Y tế")."""
    if kind not in CONTEXT_KINDS or not anchor_name:
        return name
    if anchor_name.casefold() in name.casefold():
        return name
    if anchor_kind in COMMUNE_LEVEL_KINDS:  # "Xã Bình Sơn" inside a phrase: "xã Bình Sơn"
        anchor_name = anchor_name[:1].lower() + anchor_name[1:]
    return f"{name}, {anchor_name}"[:FULL_NAME_MAX]


class Unit(models.Model):
    """A node of the province's organisation tree.

    ``path`` is a materialised path ("/1/7/42/") kept by the services, so that a unit's
    subtree is one indexed prefix query. Units are never deleted once they hold records:
    they are deactivated, and a merge points ``merged_into`` at the unit that absorbed them.
    """

    name = models.CharField(_("name"), max_length=255)
    search_name = models.GeneratedField(
        expression=SearchFold("name"), output_field=models.TextField(), db_persist=True
    )
    code = models.SlugField(_("short code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_units",
    )
    is_mountainous = models.BooleanField(_("mountainous area"), default=False)
    is_remote = models.BooleanField(_("remote or disadvantaged area"), default=False)
    is_island = models.BooleanField(_("island"), default=False)
    is_ethnic_minority_area = models.BooleanField(_("ethnic-minority area"), default=False)
    # The label lists, documents and dropdowns show (``unit_full_name``), kept on save so
    # that no page reads the ancestors unit by unit.
    full_name = models.CharField(
        _("full name"), max_length=FULL_NAME_MAX, editable=False, default=""
    )
    history = HistoricalRecords(excluded_fields=["search_name", "full_name"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.full_name = self.compute_full_name()
        fields = kwargs.get("update_fields")
        if fields is not None and "full_name" not in fields:
            kwargs["update_fields"] = [*fields, "full_name"]
        super().save(*args, **kwargs)
        self._relabel_children()

    @property
    def label(self) -> str:
        """The full label; the bare name when a query deferred it (never a query here).
        A deferred field is absent from the instance's ``__dict__``: asking that is cheaper
        than ``get_deferred_fields()``, which walks every field (a list shows hundreds)."""
        return self.__dict__.get("full_name") or self.name

    def compute_full_name(self) -> str:
        """The label from the ancestors (a query per context level, on save only)."""
        anchor = self.parent if self.parent_id else None
        while anchor is not None and anchor.kind in CONTEXT_KINDS and anchor.parent_id:
            anchor = anchor.parent
        if anchor is None:
            return unit_full_name(self.name, self.kind)
        return unit_full_name(self.name, self.kind, anchor.name, anchor.kind)

    def _relabel_children(self) -> None:
        """Units named within this one follow its rename or move."""
        for child in Unit.objects.filter(parent=self, kind__in=CONTEXT_KINDS):
            child.parent = self
            label = child.compute_full_name()
            if label != child.full_name:
                Unit.objects.filter(pk=child.pk).update(full_name=label)
                child.full_name = label
            child._relabel_children()


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class SearchName(models.Model):
    """One distinct folded name (``search_name``) of the person register or the archive.

    The name searches look here first (trigram index, PostgreSQL), then fetch the rows
    carrying the names found by an exact index lookup: ``units.selectors.name_search``.
    Filled by triggers on PostgreSQL (``units.postgres``); never written by the code.
    """

    name = models.TextField(primary_key=True)

    class Meta:
        verbose_name = _("searchable name")
        verbose_name_plural = _("searchable names")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """An individual who may be nominated. Most people in the registry never log in.

    Personal data is classed: the name, position and unit are basic and public in award
    contexts; the birth date and citizen ID number are basic but shown only to those who
    need them; ethnicity is sensitive, masked by default and revealed with a logged event.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    search_name = models.GeneratedField(
        expression=SearchFold("full_name"),
        output_field=models.TextField(),
        db_persist=True,
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    id_number = models.CharField(_("citizen ID number"), max_length=12, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    is_manager = models.BooleanField(_("manager"), default=False)
    is_direct_worker = models.BooleanField(_("direct worker"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # Vietnamese alphabetical order (ICU on PostgreSQL, the same order on SQLite).
        ordering = [Collate("full_name", VI_COLLATION), "id"]
        # The trigram GIN index on search_name exists on PostgreSQL only; it is created
        # by migration 0002 (SQLite has no GIN). This one serves the list's ordering.
        indexes = [
            models.Index(
                Collate("full_name", VI_COLLATION), models.F("id"), name="person_name_order"
            ),
            # The people carrying a name found in SearchName, by exact lookup; with what
            # the search sorts by, so its matches are counted and sorted from the index
            # alone ("nguyen van": 3,958 people, 16 ms from the table, issue 13).
            models.Index(
                fields=["search_name"], include=["full_name", "id"], name="person_search_name"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def year_of_birth(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year


class User(AbstractUser):
    """A login. Roles come from :class:`RoleAssignment`; ``person`` links the registry."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    person = models.OneToOneField(
        Person,
        verbose_name=_("person in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_session_auth_hash(self) -> str:
        """A user kept between requests (units.principal) carries the hash its sessions are
        checked against instead of the password hash; once the password is read or set
        on this object, the hash is worked out from it again."""
        kept = self.__dict__.get("_tdkt_session_hash")
        if kept is not None and "password" not in self.__dict__:
            return kept
        return super().get_session_auth_hash()


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Unit staff")
    UNIT_HEAD = "unit_head", _("Unit head")
    COUNCIL_MEMBER = "council_member", _("Council member")
    SECRETARIAT = "secretariat", _("Secretariat")
    CHAIRMAN = "chairman", _("Chairman")
    ADMINISTRATOR = "administrator", _("Administrator")


UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)


class CouncilPosition(models.TextChoices):
    CHAIRMAN = "chairman", _("Chairman of the Council")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("Standing vice-chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member of the Council")
    SECRETARY = "secretary", _("Secretary")


class RoleAssignment(models.Model):
    """One role held by a user: of a unit (staff, head), on the Council, or portal-wide."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    council_position = models.CharField(
        _("Council position"), max_length=32, choices=CouncilPosition.choices, blank=True
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=UNIT_ROLES) & Q(unit__isnull=False))
                | (~Q(role__in=UNIT_ROLES) & Q(unit__isnull=True)),
                name="role_unit_only_for_unit_roles",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.COUNCIL_MEMBER) | Q(council_position=""),
                name="role_position_only_for_council",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.COUNCIL_MEMBER) | ~Q(council_position=""),
                name="role_council_member_has_position",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="role_term_ordered",
            ),
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique_per_unit"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="role_unique_portal_wide",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.unit_id:
            return f"{label} — {self.unit}"
        if self.council_position:
            return f"{label} ({self.get_council_position_display()})"
        return str(label)

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.term_start and self.term_start > today:
            return False
        return not (self.term_end and self.term_end < today)


class SecurityEventKind(models.TextChoices):
    LOGIN_OK = "login_ok", _("Login succeeded")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Account locked out")
    LOGOUT = "logout", _("Logout")
    OTP_VERIFIED = "otp_verified", _("Second factor verified")
    OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    ACCESS_DENIED = "access_denied", _("Access denied")
    SENSITIVE_VIEWED = "sensitive_viewed", _("Sensitive personal data viewed")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
    ROLE_CHANGED = "role_changed", _("Role changed")
    ACCOUNT_DISABLED = "account_disabled", _("Account disabled")
    BALLOT_CAST = "ballot_cast", _("Ballot cast (the choice is never logged)")
    DOCUMENT_ISSUED = "document_issued", _("Document issued (number recorded in the register)")


class SecurityEvent(models.Model):
    """An append-only record of a security-relevant event (SECURITY-TESTS.md G1)."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=40, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Security events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Security events are append-only.")


# --- Signers and the register of issued documents (Decree 30/2020) ----------------------

# The authority prefixes of a signature block (Decree 30/2020, Article 13 and Appendix I):
# on behalf of a collective body, on behalf of the head, acting, by order, by authorisation.
AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


class Signer(models.Model):
    """A person who signs a unit's documents (chairman, vice-chairman, director ...).

    The secretariat keeps these rows; a unit head keeps his own unit's. Documents print
    the name and position from here, never from a setting.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="signers"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(
        _("position"), max_length=120, help_text=_("As printed above the name, e.g. “Chủ tịch”.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["unit__path", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name}"


def issued_upload_to(document, filename: str) -> str:
    return f"issued/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class IssuedDocument(models.Model):
    """One entry of an issuing office's register of outgoing documents (sổ văn bản đi):
    the number and date the clerk gave a signed document, who signed it, and the signed
    original. Numbers restart each year, per issuer and type (Decree 30/2020, Art. 15)."""

    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="issued"
    )
    doc_type = models.CharField(_("type of document"), max_length=10)
    issuer_symbol = models.CharField(_("issuer's symbol"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    number_text = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date of issue"))
    signer = models.ForeignKey(
        Signer, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="documents"
    )
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_position = models.CharField(_("signer's position"), max_length=120)
    authority_line = models.CharField(
        _("authority line"),
        max_length=200,
        blank=True,
        help_text=_("TM., KT., Q., TL. or TUQ. lines above the position; empty in own right."),
    )
    signed_file = models.FileField(_("signed original"), upload_to=issued_upload_to)
    signed_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    issued_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-year", "issuer", "doc_type", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "doc_type", "year", "number"], name="issued_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number_text} ({self.issued_on:%d/%m/%Y})"

    @property
    def authority_lines(self) -> list[str]:
        return [line for line in self.authority_line.splitlines() if line.strip()]
