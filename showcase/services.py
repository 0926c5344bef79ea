"""Writes of the showcase: drafting, editing, approving and publishing public profiles, their photos,
and keeping the denormalised filter fields in step with their sources.

What issue 8 (final decisions) calls, in this order:
1. after it writes the Award rows of an edition: `draft_profiles_for(edition=..., by=...)`;
2. the secretariat edits and approves each profile (admin, `approve_profile`);
3. when the winners are announced: `publish_profiles(edition=..., by=...)`.
When awards of an innovation change later (a revoked award), call `refresh_profiles(innovations=[...])`.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from competitions.models import Edition, IdentificationQuestion
from showcase import caching
from showcase.models import (
    TIER_RANK,
    ProfileAward,
    ProfileEvent,
    ProfileSdg,
    PublicProfile,
    ShowcasePhoto,
    ShowcaseRelease,
)
from showcase.photos import make_derivatives
from showcase.search import is_postgresql, search_vector
from submissions.models import Answer, Attachment, Award, IdentificationAnswer, Innovation, Proposal

S = PublicProfile.Status
SUMMARY_SECTION = "ringkasan"
PREFILLED_PHOTOS = 5
# The moves of a profile's status; anything else is refused.
MOVES = {
    (S.DRAFT, S.APPROVED),
    (S.APPROVED, S.DRAFT),
    (S.APPROVED, S.PUBLISHED),
    (S.PUBLISHED, S.DRAFT),
}


def public_awards() -> Q:
    """Awards whose decision is public: loaded without an edition (earlier years), of an archived
    edition, or of an edition whose winners were published in the showcase."""
    return (
        Q(edition__isnull=True)
        | Q(edition__status=Edition.Status.ARCHIVED)
        | Q(edition__showcase_release__isnull=False)
    )


def _public_editions() -> Q:
    return Q(edition__status=Edition.Status.ARCHIVED) | Q(edition__showcase_release__isnull=False)


# --- Drafting ------------------------------------------------------------------------------------


def draft_profiles_for(*, edition: Edition, by) -> list[PublicProfile]:
    """Create a draft public profile for every innovation awarded in `edition` that has none.

    The draft is prefilled from the innovation's proposal to `edition`: title, the first section
    ("Ringkasan") as the summary, the UPP's contact, the YouTube link and up to five of its photos
    (the cover photo first). Profiles that exist already keep their text; all are refreshed.
    Side effects: PublicProfile, ShowcasePhoto (files under showcase/photos/) and ProfileEvent rows.
    Returns the profiles of the edition's awarded innovations.
    """
    innovations = Innovation.objects.filter(awards__edition=edition).distinct().select_related("unit", "agency")
    profiles = []
    for innovation in innovations:
        profile = PublicProfile.objects.filter(innovation=innovation).first()
        if profile is None:
            profile = _draft(innovation=innovation, edition=edition, by=by)
        refresh_profile(profile=profile)
        profiles.append(profile)
    return profiles


def _draft(*, innovation: Innovation, edition: Edition, by) -> PublicProfile:
    proposal = (
        Proposal.objects.filter(innovation=innovation, edition=edition).select_related("group").first()
        or Proposal.objects.filter(innovation=innovation).order_by("-edition__year").first()
    )
    unit, agency = innovation.unit, innovation.agency
    with transaction.atomic():
        profile = PublicProfile.objects.create(
            innovation=innovation,
            title=proposal.title if proposal else innovation.title,
            slug=slugify(proposal.title if proposal else innovation.title)[:80],
            summary=_summary_of(proposal),
            contact_name=unit.head_name or unit.name,
            contact_email=unit.email or agency.email,
            contact_phone=unit.phone or agency.phone,
            video_url=_video_of(proposal),
        )
        ProfileEvent.objects.create(profile=profile, to_status=S.DRAFT, actor=by, note=str(edition))
    if proposal:
        for attachment in _photos_of(proposal)[:PREFILLED_PHOTOS]:
            try:
                add_photo(profile=profile, by=by, attachment=attachment)
            except ValidationError:
                continue  # a photo that cannot be read is left for the secretariat to replace
    return profile


def _summary_of(proposal: Proposal | None) -> str:
    if proposal is None:
        return ""
    answers = list(
        Answer.objects.filter(proposal=proposal).select_related("section").order_by("section__order", "section__pk")
    )
    named = [answer for answer in answers if answer.section.title.strip().lower() == SUMMARY_SECTION]
    chosen = named or answers
    return chosen[0].text.strip() if chosen else ""


def _video_of(proposal: Proposal | None) -> str:
    if proposal is None:
        return ""
    answer = (
        IdentificationAnswer.objects.filter(proposal=proposal, question__kind=IdentificationQuestion.Kind.YOUTUBE)
        .exclude(value="")
        .first()
    )
    return answer.value.strip()[:200] if answer else ""


def _photos_of(proposal: Proposal) -> list[Attachment]:
    """The proposal's photos, the cover photo (an attachment type named like it) first."""
    photos = list(
        proposal.attachments.filter(content_type__startswith="image/").select_related("attachment_type", "section")
    )

    def is_cover(attachment: Attachment) -> bool:
        kind = attachment.attachment_type
        names = f"{kind.name} {kind.name_en}".lower() if kind else ""
        return "sampul" in names or "cover" in names

    return sorted(photos, key=lambda attachment: (not is_cover(attachment), attachment.pk))


# --- Editing -------------------------------------------------------------------------------------


def save_profile(*, profile: PublicProfile, by) -> PublicProfile:
    """Save the secretariat's edit of `profile` (text, contact, video, cover) and bring its search
    text up to date. An edit of a published profile is live at once: it is the secretariat's own.
    Side effects: the row is saved, its search vector refreshed, showcase pages invalidated if public.
    """
    profile.full_clean()
    if not profile.slug:
        profile.slug = slugify(profile.title)[:80] or "inovasi"
    profile.save()
    _refresh_search(profile)
    if profile.status == S.PUBLISHED:
        caching.invalidate()
    return profile


def add_photo(
    *,
    profile: PublicProfile,
    by,
    attachment: Attachment | None = None,
    upload=None,
    caption: str = "",
    caption_en: str = "",
) -> ShowcasePhoto:
    """Add a photo to `profile`: a copy of one of its innovation's proposal photos (`attachment`) or
    an uploaded file (`upload`). Refused (ValidationError) for a file of another innovation or one
    that is not a readable photo. The first photo becomes the cover.
    Side effects: the web copy and its thumbnail are stored under showcase/photos/, a ShowcasePhoto
    row is created, the profile's cover set if it had none, pages invalidated if it is public.
    """
    if (attachment is None) == (upload is None):
        raise ValueError("Give exactly one of attachment and upload.")
    if attachment is not None:
        if attachment.proposal.innovation_id != profile.innovation_id or not attachment.is_image:
            raise ValidationError(_("Choose a photo from this innovation's own proposals."))
        with attachment.file.open("rb") as source:
            derivatives = make_derivatives(source)
    else:
        derivatives = make_derivatives(upload)
    photo = ShowcasePhoto(
        profile=profile,
        source=attachment,
        caption=caption,
        caption_en=caption_en,
        width=derivatives.width,
        height=derivatives.height,
        thumbnail_width=derivatives.thumbnail_width,
        thumbnail_height=derivatives.thumbnail_height,
        order=profile.photos.count(),
    )
    photo.image.save("photo.jpg", ContentFile(derivatives.image), save=False)
    photo.thumbnail.save("thumbnail.jpg", ContentFile(derivatives.thumbnail), save=False)
    try:
        with transaction.atomic():
            photo.save()
            if profile.cover_id is None:
                PublicProfile.objects.filter(pk=profile.pk).update(cover=photo)
                profile.cover = photo
    except Exception:
        _delete_files([photo.image, photo.thumbnail])
        raise
    if profile.status == S.PUBLISHED:
        caching.invalidate()
    return photo


def set_cover(*, profile: PublicProfile, photo: ShowcasePhoto, by) -> None:
    """Make `photo` (one of the profile's) its cover. Side effects: the profile row; pages invalidated."""
    if photo.profile_id != profile.pk:
        raise ValidationError(_("Choose one of this profile's photos."))
    PublicProfile.objects.filter(pk=profile.pk).update(cover=photo, updated_at=timezone.now())
    profile.cover = photo
    if profile.status == S.PUBLISHED:
        caching.invalidate()


def remove_photo(*, photo: ShowcasePhoto, by) -> None:
    """Take `photo` off its profile; the next photo becomes the cover if it was the cover.
    Side effects: the row is deleted and its files after commit; pages invalidated if public."""
    profile = PublicProfile.objects.get(pk=photo.profile_id)
    files = [photo.image, photo.thumbnail]
    was_cover = profile.cover_id in (photo.pk, None)
    with transaction.atomic():
        photo.delete()
        if was_cover:
            following = profile.photos.order_by("order", "pk").first()
            PublicProfile.objects.filter(pk=profile.pk).update(cover=following)
        transaction.on_commit(lambda: _delete_files(files))
    if profile.status == S.PUBLISHED:
        caching.invalidate()


def _delete_files(files) -> None:
    for field_file in files:
        if field_file.name:
            field_file.storage.delete(field_file.name)


# --- Status --------------------------------------------------------------------------------------


def transition_profile(*, profile: PublicProfile, to: str, by, note: str = "") -> PublicProfile:
    """The one function that changes a profile's status (draft → approved → published; back to draft).

    Approving needs a title and a summary; publishing needs an approved profile with at least one
    public award. Side effects: status with approved_by/at or published_at, a ProfileEvent, the
    derived fields refreshed, and the showcase pages invalidated when public content changes.
    """
    with transaction.atomic():
        locked = PublicProfile.objects.select_for_update().get(pk=profile.pk)
        current = locked.status
        if (current, to) not in MOVES:
            raise ValidationError(
                _("A profile that is %(current)s cannot become %(to)s.")
                % {"current": S(current).label.lower(), "to": S(to).label.lower()}
            )
        now = timezone.now()
        changes = {"status": to, "updated_at": now}
        if to == S.APPROVED:
            if not locked.title.strip() or not locked.summary.strip():
                raise ValidationError(_("Write the public title and summary before approving the profile."))
            changes.update(approved_by=by, approved_at=now)
        elif to == S.PUBLISHED:
            if not Award.objects.filter(innovation_id=locked.innovation_id).filter(public_awards()).exists():
                raise ValidationError(_("This innovation has no published award yet."))
            changes["published_at"] = locked.published_at or now
        elif to == S.DRAFT:
            changes.update(approved_by=None, approved_at=None)
        PublicProfile.objects.filter(pk=locked.pk).update(**changes)
        ProfileAward.objects.filter(profile=locked).update(published=to == S.PUBLISHED)
        ProfileSdg.objects.filter(profile=locked).update(published=to == S.PUBLISHED)
        ProfileEvent.objects.create(profile=locked, from_status=current, to_status=to, actor=by, note=note)
    profile.refresh_from_db()
    if S.PUBLISHED in (current, to):
        # Replication links of other profiles point at this one (or stop to).
        _refresh_related(profile)
        caching.invalidate()
    return profile


def approve_profile(*, profile: PublicProfile, by) -> PublicProfile:
    """The secretariat approves the public text and photos of `profile` (see transition_profile)."""
    return transition_profile(profile=profile, to=S.APPROVED, by=by)


def withdraw_profile(*, profile: PublicProfile, by, note: str = "") -> PublicProfile:
    """Take a published or approved profile back to draft (e.g. an award revoked for false data)."""
    return transition_profile(profile=profile, to=S.DRAFT, by=by, note=note)


def publish_profiles(*, edition: Edition, by) -> int:
    """Make `edition`'s results public in the showcase: what issue 8 calls when winners are announced.

    Records the edition's ShowcaseRelease (so its awards count as public), publishes every approved
    profile of an innovation awarded in it, and refreshes the derived fields of all its profiles
    (new award badges on profiles published in earlier years). Idempotent. Returns how many
    profiles were published by this call.
    Side effects: ShowcaseRelease, profile statuses and ProfileEvents, derived fields, and the
    showcase pages invalidated.
    """
    with transaction.atomic():
        ShowcaseRelease.objects.get_or_create(
            edition=edition, defaults={"published_at": timezone.now(), "published_by": by}
        )
        profiles = list(PublicProfile.objects.of_edition(edition))
        published = 0
        for profile in profiles:
            refresh_profile(profile=profile)
            if profile.status == S.APPROVED:
                transition_profile(profile=profile, to=S.PUBLISHED, by=by, note=str(edition))
                published += 1
    caching.invalidate()
    return published


# --- Derived fields ------------------------------------------------------------------------------


def refresh_profiles(*, innovations) -> None:
    """Recompute the derived fields of the profiles of `innovations` (after their awards, proposals or
    agency changed). Side effects: profile rows, their award and SDG rows; pages invalidated."""
    for profile in PublicProfile.objects.filter(innovation__in=innovations):
        refresh_profile(profile=profile)
    caching.invalidate()


def refresh_profile(*, profile: PublicProfile) -> PublicProfile:
    """Copy into `profile` what the list filters on, from the innovation, its proposals and its public
    awards: agency, region, category, group, SDGs, award years and tiers, replications, lifecycle, and
    (PostgreSQL) the search vector. Side effects: the profile row, its ProfileAward and ProfileSdg rows.
    """
    innovation = Innovation.objects.select_related(
        "unit", "agency__region__province", "agency__parent__region__province"
    ).get(pk=profile.innovation_id)
    awards = list(
        Award.objects.filter(innovation=innovation).filter(public_awards()).select_related("edition").order_by("-year")
    )
    proposals = list(
        innovation.proposals.select_related("edition", "group", "category", "replicates")
        .prefetch_related("sdgs")
        .order_by("-edition__year")
    )
    award_editions = [award.edition_id for award in awards if award.edition_id]
    main = next((p for p in proposals if p.edition_id in award_editions), None) or (proposals[0] if proposals else None)
    agency = innovation.agency
    region = agency.region or (agency.parent.region if agency.parent_id else None)
    province = agency.province
    best = max(awards, key=lambda award: TIER_RANK.get(award.tier, 0), default=None)
    fields = {
        "agency_name": agency.name,
        "unit_name": innovation.unit.name,
        "agency_kind": agency.kind,
        "region_name": region.name if region and region != province else "",
        "province_code": province.code if province else "",
        "province_name": province.name if province else "",
        "is_eastern": bool(region and (region.is_eastern or (province and province.is_eastern))),
        "is_3t": bool(region and region.is_3t),
        "category_name": main.category.name if main and main.category else "",
        "category_name_en": main.category.name_en if main and main.category else "",
        "group_kind": main.group.kind if main else "",
        "latest_year": awards[0].year if awards else None,
        "best_tier": best.tier if best else "",
        "tier_rank": TIER_RANK.get(best.tier, 0) if best else 0,
        "started_on": innovation.started_on,
        "lifecycle": innovation.lifecycle,
        "replications": _replications(innovation, proposals),
    }
    fields["is_replicated"] = any(entry["direction"] == "by" for entry in fields["replications"])
    with transaction.atomic():
        PublicProfile.objects.filter(pk=profile.pk).update(**fields)
        published = PublicProfile.objects.filter(pk=profile.pk, status=S.PUBLISHED).exists()
        ProfileAward.objects.filter(profile=profile).delete()
        ProfileAward.objects.bulk_create(
            ProfileAward(
                profile=profile,
                year=award.year,
                tier=award.tier,
                edition_name=str(award.edition) if award.edition else "",
                published=published,
            )
            for award in awards
        )
        ProfileSdg.objects.filter(profile=profile).delete()
        numbers = sorted({sdg.number for sdg in main.sdgs.all()}) if main else []
        ProfileSdg.objects.bulk_create(
            ProfileSdg(profile=profile, number=number, published=published) for number in numbers
        )
    for name, value in fields.items():
        setattr(profile, name, value)
    _refresh_search(profile)
    return profile


def _replications(innovation: Innovation, proposals: list[Proposal]) -> list[dict]:
    """Replication links both ways. "of": the innovations this one replicates (its Replikasi
    proposals); "by": innovations whose Replikasi proposal naming this one passed screening in an
    edition whose results are public, or that have a published profile."""
    targets = {p.replicates_id: p for p in proposals if p.replicates_id}
    replicating = list(
        Proposal.objects.filter(replicates=innovation)
        .filter(
            Q(_public_editions(), status=Proposal.Status.PASSED) | Q(innovation__public_profile__status=S.PUBLISHED)
        )
        .select_related("innovation__agency", "edition")
        .order_by("edition__year", "title")
    )
    related_ids = set(targets) | {p.innovation_id for p in replicating}
    published = {
        profile.innovation_id: profile
        for profile in PublicProfile.objects.published()
        .filter(innovation_id__in=related_ids)
        .only("pk", "slug", "innovation_id", "title")
    }
    entries = []
    for target_id, proposal in targets.items():
        target = proposal.replicates
        linked = published.get(target_id)
        entries.append(
            {
                "direction": "of",
                "title": linked.title if linked else target.title,
                "agency": Innovation.objects.select_related("agency").get(pk=target_id).agency.name,
                "year": proposal.edition.year,
                "profile": linked.pk if linked else None,
                "slug": linked.slug if linked else "",
            }
        )
    seen = set()
    for proposal in replicating:
        if proposal.innovation_id in seen:
            continue
        seen.add(proposal.innovation_id)
        linked = published.get(proposal.innovation_id)
        entries.append(
            {
                "direction": "by",
                "title": linked.title if linked else proposal.title,
                "agency": proposal.innovation.agency.name,
                "year": proposal.edition.year,
                "profile": linked.pk if linked else None,
                "slug": linked.slug if linked else "",
            }
        )
    return entries


def _refresh_related(profile: PublicProfile) -> None:
    """Refresh the profiles that link to `profile` through a replication, either way."""
    innovation_id = profile.innovation_id
    replicated = Proposal.objects.filter(innovation_id=innovation_id, replicates__isnull=False).values("replicates")
    replicating = Proposal.objects.filter(replicates_id=innovation_id).values("innovation")
    for related in PublicProfile.objects.filter(Q(innovation__in=replicated) | Q(innovation__in=replicating)):
        refresh_profile(profile=related)


def _refresh_search(profile: PublicProfile) -> None:
    if is_postgresql():
        PublicProfile.objects.filter(pk=profile.pk).update(search_vector=search_vector())
