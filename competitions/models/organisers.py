from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinovik.roles import OrganiserRole


class Organiser(models.Model):
    """The body that runs competitions: the national ministry (KemenPAN-RB) or a province.

    Provinces run their own competitions on the same engine; their best entries go on to the
    national one (see Edition.feeds_into). Everything an organiser's secretariat configures is
    scoped to the organiser, so a provincial secretariat never touches the national editions.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("level"), max_length=12, choices=Kind.choices, default=Kind.NATIONAL)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class OrganiserMembership(models.Model):
    """A person working for an organiser: Tim Sekretariat, Tim Evaluasi (TE) or Tim Panel Independen (TPI).

    Evaluators and panelists form the organiser's jury pool; judging panels pick from it per stage.
    """

    Role = OrganiserRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organiser_memberships",
        verbose_name=_("user"),
    )
    organiser = models.ForeignKey(
        Organiser, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organiser")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organiser membership")
        verbose_name_plural = _("organiser memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organiser", "role"], name="organiser_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organiser}"
