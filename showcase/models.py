"""What the public sees: the approved public profile of each awarded innovation.

A PublicProfile holds the text and photos the secretariat approved (never the raw proposal) and a
denormalised copy of everything the list filters on (award years and tiers, category, group, agency
type, province, SDGs, replication, lifecycle), so the list, the search and the facet counts read one
table and two small child tables, with indexes. showcase.services recomputes the copy whenever its
sources change; nothing else writes it.

Only decisions that are public count: an award of an archived edition, of an edition whose winners
were published in the showcase (ShowcaseRelease), or one loaded without an edition (earlier years).
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from competitions.models import Edition, Group
from competitions.models.bilingual import Bilingual
from submissions.models import Attachment, Award, Innovation

# Best first: how the list sorts by tier and which badge a card shows.
TIER_RANK = {
    Award.Tier.OUTSTANDING: 4,
    Award.Tier.TOP_45: 3,
    Award.Tier.TOP_99: 2,
    Award.Tier.KHUSUS_FINALIST: 1,
}


class PublicProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicProfile.Status.PUBLISHED)

    def for_cards(self):
        """What a card in the list shows, with the cover photo in the same query and no long text."""
        return self.select_related("cover").defer("summary", "summary_en", "search_vector", "replications")

    def of_edition(self, edition: Edition):
        """Profiles of innovations awarded in `edition`."""
        return self.filter(innovation__awards__edition=edition).distinct()


class PublicProfile(Bilingual, models.Model):
    """The approved public page of one innovation (one per innovation, across all its awards).

    `status` moves draft → approved → published (and back to draft when withdrawn), only through
    showcase.services.transition_profile. The secretariat edits the text and chooses the photos
    while it is a draft; approving freezes who approved it and when; publication happens with the
    edition's results (services.publish_profiles).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    innovation = models.OneToOneField(
        Innovation, on_delete=models.CASCADE, related_name="public_profile", verbose_name=_("innovation")
    )
    slug = models.SlugField(_("web address"), max_length=80)
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    summary = models.TextField(_("public summary"), help_text=_("The edited text the public reads, in Indonesian."))
    summary_en = models.TextField(_("public summary in English"), blank=True)
    contact_name = models.CharField(_("contact for replication"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    video_url = models.URLField(
        _("video"), blank=True, help_text=_("A YouTube link; the video loads only when a visitor asks for it.")
    )
    cover = models.ForeignKey(
        "ShowcasePhoto",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover photo"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Denormalised from the innovation, its proposals and its public awards (services.refresh_profile).
    agency_name = models.CharField(_("agency"), max_length=200, editable=False, default="")
    unit_name = models.CharField(_("UPP"), max_length=200, editable=False, default="")
    agency_kind = models.CharField(
        _("agency type"), max_length=20, choices=Agency.Kind.choices, editable=False, default=""
    )
    region_name = models.CharField(_("region"), max_length=100, editable=False, default="")
    province_code = models.CharField(_("province code"), max_length=13, editable=False, default="")
    province_name = models.CharField(_("province"), max_length=100, editable=False, default="")
    is_eastern = models.BooleanField(_("eastern Indonesia"), default=False, editable=False)
    is_3t = models.BooleanField(_("3T region"), default=False, editable=False)
    category_name = models.CharField(_("category"), max_length=200, editable=False, default="")
    category_name_en = models.CharField(_("category in English"), max_length=200, editable=False, default="")
    group_kind = models.CharField(_("group"), max_length=12, choices=Group.Kind.choices, editable=False, default="")
    latest_year = models.PositiveSmallIntegerField(_("latest award year"), null=True, editable=False)
    best_tier = models.CharField(_("best award"), max_length=20, choices=Award.Tier.choices, editable=False, default="")
    tier_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    started_on = models.DateField(_("implementation started"), null=True, editable=False)
    lifecycle = models.CharField(
        _("lifecycle"), max_length=12, choices=Innovation.Lifecycle.choices, editable=False, default=""
    )
    is_replicated = models.BooleanField(_("replicated elsewhere"), default=False, editable=False)
    # [{"direction": "of"|"by", "title", "agency", "year", "profile": id or null, "slug"}]
    replications = models.JSONField(_("replications"), default=list, editable=False)
    # Filled on PostgreSQL only (title A, agency B, summary C); a GIN index is added by migration 0002.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublicProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("public profile")
        verbose_name_plural = _("public profiles")
        ordering = ["-latest_year", "-tier_rank", "title"]
        indexes = [
            models.Index(fields=["status", "-latest_year", "-tier_rank", "title"], name="profile_newest"),
            models.Index(fields=["status", "title"], name="profile_title"),
            models.Index(fields=["status", "province_code"], name="profile_province"),
            models.Index(fields=["status", "category_name"], name="profile_category"),
            models.Index(fields=["status", "agency_kind"], name="profile_kind"),
            # Every column the facets count, so PostgreSQL answers the GROUP BYs from this narrow
            # index alone instead of scanning rows that carry summaries and search vectors.
            models.Index(
                fields=[
                    "status",
                    "agency_kind",
                    "group_kind",
                    "lifecycle",
                    "is_replicated",
                    "is_eastern",
                    "is_3t",
                    "province_code",
                    "province_name",
                    "category_name",
                    "category_name_en",
                    "id",
                ],
                name="profile_facets",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("showcase:detail", kwargs={"pk": self.pk, "slug": self.slug or "inovasi"})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def agency_kind_label(self) -> str:
        return Agency.Kind(self.agency_kind).label if self.agency_kind else ""

    @property
    def best_tier_label(self) -> str:
        return Award.Tier(self.best_tier).label if self.best_tier else ""

    @property
    def sdg_list(self) -> list[int]:
        return sorted(link.number for link in self.sdg_links.all())

    @property
    def youtube_id(self) -> str:
        from showcase.video import youtube_id

        return youtube_id(self.video_url)


class ProfileAward(models.Model):
    """A public award of a profile's innovation (denormalised from submissions.Award): its badges and
    the rows the year and tier filters count."""

    profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="awards")
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=20, choices=Award.Tier.choices)
    edition_name = models.CharField(_("edition"), max_length=200, blank=True)
    # A copy of "the profile is published", so unfiltered counts need no join (services keep it).
    published = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("public award")
        verbose_name_plural = _("public awards")
        ordering = ["-year", "tier"]
        indexes = [
            models.Index(fields=["published", "year", "profile"], name="profile_award_year"),
            models.Index(fields=["published", "tier", "profile"], name="profile_award_tier"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.year}"

    @property
    def rank(self) -> int:
        return TIER_RANK.get(self.tier, 0)


class ProfileSdg(models.Model):
    """An SDG (1 to 17) a profile's innovation serves, denormalised for the SDG filter and its counts."""

    profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="sdg_links")
    number = models.PositiveSmallIntegerField(_("SDG"))
    published = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["published", "number", "profile"], name="profile_sdg_number")]
        constraints = [models.UniqueConstraint(fields=["profile", "number"], name="profile_sdg_once")]

    def __str__(self) -> str:
        return str(self.number)


def photo_path(instance: "ShowcasePhoto", filename: str) -> str:
    # A new name for every derivative, so a photo's address never changes meaning and can be cached for good.
    return f"showcase/photos/{uuid.uuid4().hex}.jpg"


class ShowcasePhoto(Bilingual, models.Model):
    """A photo on a public profile: a downsized copy (with a thumbnail) of a proposal photo the
    secretariat chose, or of a photo it uploaded. Public files, served by showcase.views.photo once the
    profile is published."""

    profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="photos")
    source = models.ForeignKey(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the proposal's file"),
    )
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=255)
    thumbnail = models.FileField(_("thumbnail"), upload_to=photo_path, max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    thumbnail_width = models.PositiveIntegerField(default=0)
    thumbnail_height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.profile} #{self.order}"

    def get_absolute_url(self) -> str:
        return reverse("showcase:photo", kwargs={"pk": self.pk})

    @property
    def thumbnail_url(self) -> str:
        return reverse("showcase:photo_thumbnail", kwargs={"pk": self.pk})


class ShowcaseRelease(models.Model):
    """The moment an edition's winners became public in the showcase (written by publish_profiles).

    Awards of an edition that is neither archived nor released stay out of every public page.
    """

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="showcase_release", verbose_name=_("edition")
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("showcase release")
        verbose_name_plural = _("showcase releases")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return str(self.edition)


class ProfileEvent(models.Model):
    """The editorial history of a profile: every status change, with who and when."""

    profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=12, choices=PublicProfile.Status.choices, blank=True)
    to_status = models.CharField(pgettext_lazy("status", "to"), max_length=12, choices=PublicProfile.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("profile event")
        verbose_name_plural = _("profile events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.profile}: {self.from_status} → {self.to_status}"
