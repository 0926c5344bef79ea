from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinovik.roles import ParticipantRole


class Agency(models.Model):
    """An instansi taking part: a ministry, an agency, a local government, a BUMN or a BUMD."""

    class Kind(models.TextChoices):
        KEMENTERIAN = "kementerian", _("Ministry (Kementerian)")
        LEMBAGA = "lembaga", _("Agency (Lembaga)")
        PROVINSI = "provinsi", _("Provincial government")
        KABUPATEN = "kabupaten", _("Regency government (Kabupaten)")
        KOTA = "kota", _("City government (Kota)")
        BUMN = "bumn", _("State-owned enterprise (BUMN)")
        BUMD = "bumd", _("Region-owned enterprise (BUMD)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("agency type"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A UPP (Unit Pelayanan Publik): the unit inside an agency that owns and writes up an innovation."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("public service unit (UPP)")
        verbose_name_plural = _("public service units (UPP)")
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency}"


class Membership(models.Model):
    """A person's role in an agency: Admin Lokal (the agency's coordinator) or UPP staff of one unit."""

    Role = ParticipantRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships", verbose_name=_("user")
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agency"))
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("UPP")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=models.Q(unit__isnull=True),
                name="membership_unique_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "unit", "role"], condition=models.Q(unit__isnull=False), name="membership_unique_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(role="admin_lokal") | models.Q(unit__isnull=False),
                name="membership_upp_staff_needs_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit or self.agency}"
