"""The record of each printing of a decision's certificates (issue 12 point 5): who asked,
when, for which grants, on which stock, and why when it is a reprint."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificateStock(models.TextChoices):
    A4 = "a4", _("Plain A4 landscape")
    PREPRINTED = "preprinted", _("The province's pre-printed stock")


class CertificatePrint(models.Model):
    """One printing of certificates of an issued decision. The first printing of a grant
    needs no reason; printing a grant again (a reprint) records the reason."""

    decision = models.ForeignKey(
        "awards.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="certificate_prints",
    )
    grants = models.ManyToManyField(
        "awards.AwardGrant", verbose_name=_("awards printed"), related_name="certificate_prints"
    )
    stock = models.CharField(
        _("paper"), max_length=12, choices=CertificateStock.choices, default=CertificateStock.A4
    )
    is_reprint = models.BooleanField(_("reprint"), default=False)
    reason = models.CharField(_("reason for reprinting"), max_length=500, blank=True)
    printed_by = models.ForeignKey(
        "units.User", verbose_name=_("printed by"), on_delete=models.PROTECT, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed at"), default=timezone.now)
    job = models.OneToOneField(
        "reports.ReportJob",
        verbose_name=_("report job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate_print",
    )

    class Meta:
        verbose_name = _("certificate printing")
        verbose_name_plural = _("certificate printings")
        ordering = ["-printed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} — {self.printed_at:%d/%m/%Y %H:%M}"
