from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.models.bilingual import Bilingual
from competitions.models.editions import Edition
from competitions.timing import minus_years, wib_date


class Group(Bilingual, models.Model):
    """A kelompok of an edition: Umum (general), Replikasi (replicating an earlier Top 99 innovation)
    or Khusus (past winners, by invitation only), or any group an organiser defines.

    Each group has its own form (FormSection rows), its quota of proposals per agency and its
    minimum age of implementation, counted back from the WIB date entry closes.
    """

    class Kind(models.TextChoices):
        UMUM = "umum", _("General (Umum)")
        REPLIKASI = "replikasi", _("Replication (Replikasi)")
        KHUSUS = "khusus", _("Special, by invitation (Khusus)")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="groups", verbose_name=_("edition"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.UMUM)
    name = models.CharField(_("name"), max_length=100, help_text=_("As participants know it, e.g. Kelompok Umum."))
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    description = models.TextField(_("who may enter"), blank=True)
    description_en = models.TextField(_("who may enter, in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    quota_per_agency = models.PositiveSmallIntegerField(
        _("quota per agency"),
        null=True,
        blank=True,
        help_text=_("How many proposals one agency may send in this group; blank for no limit."),
    )
    minimum_age_years = models.PositiveSmallIntegerField(
        _("minimum age of implementation (years)"),
        default=1,
        validators=[MaxValueValidator(20)],
        help_text=_("Counted back from the date proposal entry closes; 0 for no minimum."),
    )
    by_invitation = models.BooleanField(
        _("by invitation only"), default=False, help_text=_("Only invited agencies may enter this group.")
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["edition", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="group_name_unique_per_edition")]

    def __str__(self) -> str:
        return self.localized("name")

    def latest_start_date(self) -> date | None:
        """The latest date implementation may have started for the innovation to be old enough.

        Counted back `minimum_age_years` calendar years from the WIB date on which proposal entry
        closes, inclusive: with entry closing 30 April 2026 and a 2-year minimum, an innovation that
        started on 30 April 2024 qualifies and one from 1 May 2024 does not. None while the edition
        has no proposal-entry stage.
        """
        closes_at = self.edition.entry_closes_at
        if closes_at is None:
            return None
        return minus_years(wib_date(closes_at), self.minimum_age_years)

    def is_old_enough(self, start_date: date) -> bool:
        """Whether an innovation implemented since `start_date` meets this group's minimum age."""
        latest = self.latest_start_date()
        if latest is None:
            raise ValueError(f"{self.edition} has no proposal-entry stage to count the minimum age from.")
        return start_date <= latest

    def is_open_to(self, agency) -> bool:
        """Whether `agency` may enter proposals in this group (invitation groups: invited agencies only)."""
        if not self.by_invitation:
            return True
        return self.invitations.filter(agency=agency).exists()

    def quota_for(self, agency) -> int | None:
        """How many proposals `agency` may send in this group: 0 if not invited, None for no limit."""
        if not self.is_open_to(agency):
            return 0
        return self.quota_per_agency


class GroupInvitation(models.Model):
    """An agency invited to a group that is open by invitation only (Kelompok Khusus)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("group"))
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="competition_invitations", verbose_name=_("agency")
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("e.g. Top 45 in 2021"))
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["group", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["group", "agency"], name="group_invitation_unique")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.group}"


class Category(Bilingual, models.Model):
    """A thematic kategori of an edition (10 in 2021, 3 in 2022, 11 in 2023); a proposal picks one."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories", verbose_name=_("edition"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["edition", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="category_name_unique_per_edition")]

    def __str__(self) -> str:
        return self.localized("name")


class SdgManager(models.Manager):
    def get_by_natural_key(self, number: int) -> "Sdg":
        return self.get(number=number)


class Sdg(Bilingual, models.Model):
    """One of the 17 Sustainable Development Goals (Tujuan Pembangunan Berkelanjutan, TPB).

    The same for every edition, loaded by a data migration with the official Indonesian and
    English names; every proposal links to one or more since 2018.
    """

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)

    objects = SdgManager()

    class Meta:
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.localized('name')}"

    def natural_key(self) -> tuple[int]:
        # The goal's number identifies it across databases (backups, restores), not its row id.
        return (self.number,)
