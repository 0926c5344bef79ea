"""Awarded innovations built the way the competition leaves them, and profiles taken through the
showcase services (draft → approved → published), so tests see what visitors would."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from agencies.models import Agency, Region
from competitions.models import Edition, Group, Sdg
from showcase import services
from showcase.models import PublicProfile
from submissions.models import Answer, Attachment, Award, Proposal
from tests import factories as base
from tests.competitions.factories import (
    AttachmentTypeFactory,
    CategoryFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
)
from tests.submissions.factories import InnovationFactory, ProposalFactory


def archived_edition(year: int = 2023, *, status: str = Edition.Status.ARCHIVED) -> Edition:
    """An edition of `year` with an Umum and a Replikasi group (each with a Ringkasan section) and a category."""
    edition = EditionFactory(year=year, slug=f"kipp-{year}", status=status)
    for kind in (Group.Kind.UMUM, Group.Kind.REPLIKASI):
        group = GroupFactory(edition=edition, kind=kind, name=f"Kelompok {kind.label}")
        FormSectionFactory(group=group, edition=edition, title="Ringkasan", order=0)
        FormSectionFactory(group=group, edition=edition, title="Latar Belakang", order=1)
    CategoryFactory(edition=edition, name="Pelayanan Kesehatan", name_en="Health Services")
    CategoryFactory(edition=edition, name="Administrasi Kependudukan", name_en="")
    AttachmentTypeFactory(edition=edition, name="Foto Sampul", name_en="Cover photo", allowed_extensions="jpg,png")
    return edition


def agency_in(region_name: str | None, *, name: str, kind: str = Agency.Kind.KOTA) -> Agency:
    region = Region.objects.get(name=region_name) if region_name else None
    return base.AgencyFactory(name=name, kind=kind, region=region)


def jpeg(colour=(140, 29, 24), size=(640, 480)) -> bytes:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse((100, 100, 300, 300), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def awarded_innovation(
    *,
    edition: Edition,
    title: str,
    agency: Agency | None = None,
    unit_name: str = "Dinas Pelayanan",
    tier: str = Award.Tier.TOP_99,
    summary: str = "Ringkasan inovasi pelayanan publik.",
    category: str | None = "Pelayanan Kesehatan",
    sdgs: tuple[int, ...] = (3,),
    group_kind: str = Group.Kind.UMUM,
    replicates=None,
    photo: bool = False,
    status: str = Proposal.Status.PASSED,
    award: bool = True,
):
    agency = agency or base.AgencyFactory()
    unit = base.UnitFactory(agency=agency, name=unit_name, email="inovasi@example.go.id", phone="0812-1111-2222")
    innovation = InnovationFactory(unit=unit, title=title)
    group = edition.groups.get(kind=group_kind)
    proposal = ProposalFactory(
        innovation=innovation,
        group=group,
        edition=edition,
        title=title,
        status=status,
        category=edition.categories.get(name=category) if category else None,
        replicates=replicates,
    )
    Answer.objects.create(proposal=proposal, section=group.sections.get(title="Ringkasan"), text=summary)
    Answer.objects.create(proposal=proposal, section=group.sections.get(title="Latar Belakang"), text="Latar.")
    proposal.sdgs.set(Sdg.objects.filter(number__in=sdgs))
    if photo:
        attachment = Attachment(
            proposal=proposal,
            attachment_type=edition.attachment_types.get(name="Foto Sampul"),
            original_name="sampul.jpg",
            content_type="image/jpeg",
            size=1,
        )
        attachment.file.save("sampul.jpg", ContentFile(jpeg()), save=False)
        attachment.save()
    if award:
        Award.objects.create(innovation=innovation, year=edition.year, tier=tier, edition=edition)
        if tier in (Award.Tier.TOP_45, Award.Tier.OUTSTANDING):
            Award.objects.create(innovation=innovation, year=edition.year, tier=Award.Tier.TOP_99, edition=edition)
    return innovation


def publish_edition(edition: Edition, by) -> list[PublicProfile]:
    """Draft, approve and publish every awarded innovation of `edition`, through the services."""
    profiles = services.draft_profiles_for(edition=edition, by=by)
    for profile in profiles:
        profile.refresh_from_db()
        if profile.status == PublicProfile.Status.DRAFT:
            services.approve_profile(profile=profile, by=by)
    services.publish_profiles(edition=edition, by=by)
    return [PublicProfile.objects.get(pk=profile.pk) for profile in profiles]


def published_profile(edition: Edition, by, **kwargs) -> PublicProfile:
    innovation = awarded_innovation(edition=edition, **kwargs)
    services.draft_profiles_for(edition=edition, by=by)
    profile = PublicProfile.objects.get(innovation=innovation)
    services.approve_profile(profile=profile, by=by)
    services.publish_profiles(edition=edition, by=by)
    profile.refresh_from_db()
    return profile
