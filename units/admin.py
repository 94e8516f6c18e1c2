"""The administrators' site: users and their roles, the security log, raw records."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    IssuedDocument,
    Person,
    RoleAssignment,
    SecurityEvent,
    SecurityEventKind,
    Signer,
    Unit,
    User,
)
from .security import log_event


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks the posted value up to draw it again beside the
    form's errors; a value that is not an id (a forged form) raised ValueError there: a 500
    on the signer and user pages. It is drawn empty instead, and the field's own error says
    the choice is not valid."""

    def optgroups(self, name, value, attr=None):
        try:
            return super().optgroups(name, value, attr)
        except (ValueError, ValidationError):
            return super().optgroups(name, [], attr)


class SafeAutocomplete:
    """For a ModelAdmin or an inline: its ``autocomplete_fields`` drawn by the widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoleAssignmentInline(SafeAutocomplete, admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("full_name", "person")}),
    )
    raw_id_fields = ["person"]

    def save_formset(self, request, form, formset, change):
        """Role changes made here are security events too."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            log_event(
                SecurityEventKind.ROLE_CHANGED,
                request=request,
                action="revoke",
                target=form.instance.username,
                role=obj.role,
            )
            obj.delete()
        for obj in instances:
            obj._history_user = request.user
            obj.save()
            log_event(
                SecurityEventKind.ROLE_CHANGED,
                request=request,
                action="assign",
                target=form.instance.username,
                role=obj.role,
            )
        formset.save_m2m()


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent", "merged_into"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "unit", "position", "is_active"]
    search_fields = ["full_name"]
    raw_id_fields = ["unit"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "username", "ip_address", "request_id"]
    list_filter = ["kind"]
    search_fields = ["username", "request_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Signer)
class SignerAdmin(SafeAutocomplete, SimpleHistoryAdmin):
    list_display = ["full_name", "position", "unit", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["full_name", "position", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(SimpleHistoryAdmin):
    """The register is written by ``units.issuing.document_issue`` only: read here."""

    list_display = ["number_text", "issued_on", "issuer", "signer_name", "summary"]
    list_filter = ["doc_type", "year"]
    search_fields = ["number_text", "summary", "signer_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
