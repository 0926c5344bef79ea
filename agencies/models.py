import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinovik.roles import ParticipantRole


class RegionQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> "Region":
        return self.get(code=code)

    def provinces(self):
        return self.filter(level=Region.Level.PROVINCE)

    def local(self):
        """Kabupaten and kota: the regions a local government governs."""
        return self.exclude(level=Region.Level.PROVINCE)


class Region(models.Model):
    """A province or a kabupaten/kota, with the Ministry of Home Affairs' code (agencies/data/README.md).

    `is_eastern` (Kawasan Timur Indonesia) and `is_3t` (daerah tertinggal, terdepan, terluar) favour a
    region when finalists are balanced. The secretariat may correct them; `flags_edited` then keeps
    `load_regions` from overwriting the correction.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency (kabupaten)")
        CITY = "city", _("City (kota)")

    code = models.CharField(_("code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_regions",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    is_eastern = models.BooleanField(_("eastern Indonesia"), default=False)
    is_3t = models.BooleanField(_("3T region"), default=False)
    flags_source = models.CharField(_("source of the flags"), max_length=200, blank=True)
    flags_edited = models.BooleanField(_("flags edited by the secretariat"), default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        # The official code identifies a region across databases (backups, restores), not its row id.
        return (self.code,)

    @property
    def province_region(self) -> "Region":
        return self if self.level == self.Level.PROVINCE else self.province


class AgencyQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Agency.Status.VERIFIED, is_active=True)

    def managed_by(self, user):
        """Agencies whose Admin Lokal `user` is, and the BUMDs under them (a BUMD uses its local government's)."""
        own = Membership.objects.filter(user=user, role=Membership.Role.ADMIN_LOKAL, is_active=True).values("agency")
        return self.filter(models.Q(pk__in=own) | models.Q(parent__in=own))

    def visible_to(self, user):
        """Agencies `user` may open: all for the secretariat, else those they belong to or manage."""
        from sinovik.roles import OrganiserRole, roles_of

        if OrganiserRole.SECRETARIAT in roles_of(user):
            return self.all()
        member_of = Membership.objects.filter(user=user, is_active=True).values("agency")
        return self.filter(models.Q(pk__in=member_of) | models.Q(pk__in=self.managed_by(user).values("pk"))).distinct()


class Agency(models.Model):
    """An instansi taking part: a ministry, an agency, a local government, a BUMN or a BUMD.

    An agency asks to join through an AccountRequest; it is `requested` until the applicant confirms
    the email address, then `pending` in the secretariat's queue, then `verified` or `rejected`. Only
    agencies/services.py changes `status`, and every change is written to the AuditEntry log.
    """

    class Kind(models.TextChoices):
        KEMENTERIAN = "kementerian", _("Ministry (Kementerian)")
        LEMBAGA = "lembaga", _("Agency (Lembaga)")
        PROVINSI = "provinsi", _("Provincial government")
        KABUPATEN = "kabupaten", _("Regency government (Kabupaten)")
        KOTA = "kota", _("City government (Kota)")
        BUMN = "bumn", _("State-owned enterprise (BUMN)")
        BUMD = "bumd", _("Region-owned enterprise (BUMD)")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Email not yet confirmed")
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    # Which region level each kind of local government governs.
    REGION_LEVEL_OF_KIND = {
        Kind.PROVINSI: Region.Level.PROVINCE,
        Kind.KABUPATEN: Region.Level.REGENCY,
        Kind.KOTA: Region.Level.CITY,
    }

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("agency type"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("region"),
        help_text=_("The province or kabupaten/kota a local government or BUMD belongs to."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
        help_text=_("For a BUMD: the local government that owns it."),
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("official email"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="agencies/logos/", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VERIFIED)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        level = self.REGION_LEVEL_OF_KIND.get(self.kind)
        if level and (self.region is None or self.region.level != level):
            raise ValidationError(
                {
                    "region": _("Choose the %(level)s this government governs.")
                    % {"level": Region.Level(level).label.lower()}
                }
            )
        if self.kind == self.Kind.BUMD and self.region is None and self.parent is None:
            raise ValidationError({"region": _("A BUMD needs its region or its parent local government.")})

    @property
    def province(self) -> Region | None:
        region = self.region or (self.parent.region if self.parent_id else None)
        return region.province_region if region else None


class Unit(models.Model):
    """A UPP (Unit Pelayanan Publik): the unit inside an agency that owns and writes up an innovation."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    head_name = models.CharField(_("head of unit"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("public service unit (UPP)")
        verbose_name_plural = _("public service units (UPP)")
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency}"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


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
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

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


class AccountRequest(models.Model):
    """An agency's online request for an account, replacing the stamped letter sent by post.

    It carries the appointed Admin Lokal and the signed request letter (a private PDF, served only to
    the secretariat). `possible_duplicates` lists existing agencies of the same type and region with a
    similar name, for the secretariat to look at before verifying.
    """

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="account_request", verbose_name=_("agency")
    )
    admin_name = models.CharField(_("Admin Lokal's name"), max_length=150)
    admin_position = models.CharField(_("Admin Lokal's position"), max_length=150)
    admin_email = models.EmailField(_("Admin Lokal's email"))
    admin_phone = models.CharField(_("Admin Lokal's phone number"), max_length=30)
    letter = models.FileField(_("signed request letter"), upload_to="agencies/letters/%Y/")
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    possible_duplicates = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("possible duplicates")
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return str(self.agency)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link that makes a person Admin Lokal or UPP staff of an agency.

    Only a hash of the token is stored, so a leaked database cannot be used to accept invitations.
    """

    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("agency"))
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations", verbose_name=_("UPP")
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    position = models.CharField(_("position"), max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.unit or self.agency}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """Who decided what about an agency and its people, and when. Written only by agencies/services.py."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Account requested")
        EMAIL_CONFIRMED = "email_confirmed", _("Applicant's email confirmed")
        VERIFIED = "verified", _("Agency verified")
        REJECTED = "rejected", _("Agency rejected")
        UNIT_CREATED = "unit_created", _("UPP created")
        UNIT_CHANGED = "unit_changed", _("UPP changed")
        UNIT_DEACTIVATED = "unit_deactivated", _("UPP deactivated")
        UNITS_IMPORTED = "units_imported", _("UPPs imported")
        INVITED = "invited", _("Person invited")
        JOINED = "joined", _("Invitation accepted")
        MEMBER_DEACTIVATED = "member_deactivated", _("Person deactivated")

    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="audit_entries", verbose_name=_("agency"))
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} · {self.agency}"
