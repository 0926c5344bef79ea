"""Writes of the publications: book definitions and builds, certificates and their revocation.

Exactly one book file, whatever happens to the workers. A build is asked for by
`request_book_build`, which gives the book a new `build_token` and queues a task carrying it
(after commit). `build_book` is what the task runs:
1. it claims the book with a compare-and-set UPDATE (same token, not ready), so a task for an
   older request, or a duplicate that arrives after the build finished, does nothing;
2. it renders into a temporary file beside the final one (a worker killed here leaves the row
   "building" and a stray temporary file; acks_late makes the broker deliver the task again,
   and the redelivered task claims the same token and builds again);
3. in one transaction it locks the row, checks the token is still being built, moves the file
   over the book's single name (os.replace is atomic) and marks the row ready with checksum,
   size, pages and time, and queues the "book_published" notification. A duplicate that finishes
   second finds the row ready and throws its file away. Stray temporary files of killed builds
   are removed after a successful one.
If the database commit failed after the move, the file would be new and the row still
"building": the retried task builds and moves again, so the row and the file agree in the end.

Certificates are rows first (`issue_certificates`, idempotent through unique constraints: one per
award tier of an innovation, one per jury role of a person) and files second
(`generate_certificates`, run by a task per edition), each file written the same way.
"""

import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Membership
from competitions.models import Edition
from jury.models import PanelMember
from notifications.services import notify
from publications import pdf, selectors
from publications.models import Book, Certificate
from sinovik.roles import OrganiserRole
from submissions.models import Award, Proposal

logger = logging.getLogger(__name__)

S = Book.Status
# A build that has reported nothing for this long is presumed dead (its worker was killed and the
# broker has not delivered the task again yet), and the secretariat may start another.
STALE_AFTER = timedelta(minutes=10)
# Progress is written at most this often (and whenever the step changes).
PROGRESS_INTERVAL = 0.5
CERTIFIED_TIERS = (Award.Tier.TOP_99, Award.Tier.TOP_45, Award.Tier.OUTSTANDING, Award.Tier.KHUSUS_FINALIST)
JURY_KIND_BY_ROLE = {OrganiserRole.EVALUATOR: Certificate.Kind.JUROR, OrganiserRole.PANELIST: Certificate.Kind.PANELIST}


# --- Books ---------------------------------------------------------------------------------------


def save_book(*, book: Book, by) -> Book:
    """Create or change a book's definition (title, ISBN, language, chapters, foreword, colophon).

    Side effects: the row (validated first). The PDF is not rebuilt: the page shows that the
    definition changed since the last build, and the secretariat regenerates when ready.
    """
    book.full_clean()
    book.save()
    return book


def is_stale(book: Book, now=None) -> bool:
    now = now or timezone.now()
    last = book.progress_at or book.requested_at
    return book.in_progress and (last is None or now - last > STALE_AFTER)


def request_book_build(*, book: Book, by) -> bool:
    """Queue a build of `book`, unless one is queued or under way (and not stale).

    Returns whether a build was queued. Side effects: status "queued" with a new build token
    (which makes any older queued task do nothing), progress reset, requester and time; after
    commit, a `publications.build_book` task. The previous PDF stays downloadable meanwhile.
    """
    from publications import tasks

    with transaction.atomic():
        locked = Book.objects.select_for_update().get(pk=book.pk)
        if locked.in_progress and not is_stale(locked):
            return False
        token = uuid.uuid4()
        now = timezone.now()
        Book.objects.filter(pk=book.pk).update(
            status=S.QUEUED,
            build_token=token,
            phase="",
            progress=0,
            progress_at=now,
            requested_at=now,
            requested_by=by,
            error="",
        )
        transaction.on_commit(lambda: tasks.build_book_task.delay(book.pk, str(token)))
    book.refresh_from_db()
    return True


def build_book(*, book_id: int, token: str, page_callback: Callable[[int], None] | None = None) -> Book | None:
    """Build the PDF of book `book_id` for the build `token` (what the Celery task runs).

    Does nothing and returns None when the book is gone, a newer build was asked for, or this
    build is already done (a redelivered task). `page_callback(page_number)` is called as pages
    are laid out. On an error the book is marked failed and the error re-raised (the task retries).
    Side effects: see the module docstring; the PDF at Book.storage_name, print derivatives of
    photos, the row, a "book_published" notification to the edition's secretariat.
    """
    claimed = Book.objects.filter(pk=book_id, build_token=token, status__in=(S.QUEUED, S.BUILDING, S.FAILED)).update(
        status=S.BUILDING, phase=Book.Phase.COLLECTING, progress=0, progress_at=timezone.now(), error=""
    )
    if not claimed:
        return None
    book = Book.objects.select_related("edition__organiser").get(pk=book_id)
    final = Path(default_storage.path(book.storage_name))
    temporary = final.with_name(f"{final.stem}.{uuid.uuid4().hex}.tmp")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        rendered = pdf.render_book(
            book=book, target=temporary, report=_progress_writer(book_id, token), page_callback=page_callback
        )
        digest, size = file_digest(temporary)
        with transaction.atomic():
            current = Book.objects.select_for_update().filter(pk=book_id, build_token=token, status=S.BUILDING).first()
            if current is None:
                # A duplicate of this task finished first, or a newer build was asked for.
                _discard(temporary)
                return None
            os.replace(temporary, final)
            now = timezone.now()
            Book.objects.filter(pk=book_id).update(
                status=S.READY,
                phase="",
                progress=100,
                progress_at=now,
                file=book.storage_name,
                sha256=digest,
                size=size,
                page_count=rendered.page_count,
                entry_count=rendered.entry_count,
                generated_at=now,
                error="",
            )
            _notify_book_ready(book, token)
    except Exception as error:
        _discard(temporary)
        Book.objects.filter(pk=book_id, build_token=token, status=S.BUILDING).update(
            status=S.FAILED, phase="", progress_at=timezone.now(), error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    _remove_leftovers(final)
    book.refresh_from_db()
    return book


def _progress_writer(book_id: int, token: str) -> Callable[[str, int], None]:
    last = {"phase": None, "percent": -1, "at": 0.0}

    def report(phase: str, percent: int) -> None:
        now = time.monotonic()
        if phase == last["phase"] and (percent <= last["percent"] or now - last["at"] < PROGRESS_INTERVAL):
            return
        last.update(phase=phase, percent=percent, at=now)
        # Outside any transaction: the page that polls the progress sees it at once.
        Book.objects.filter(pk=book_id, build_token=token, status=S.BUILDING).update(
            phase=phase, progress=min(percent, 99), progress_at=timezone.now()
        )

    return report


def _remove_leftovers(final: Path) -> None:
    """Temporary files of builds whose worker was killed before they could clean up."""
    for leftover in final.parent.glob(f"{final.stem}.*.tmp"):
        _discard(leftover)


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        logger.warning("Could not remove %s", path, exc_info=True)


def file_digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _notify_book_ready(book: Book, token: str) -> None:
    notify(
        event="book_published",
        recipients=list(book.edition.secretariat()),
        context={"edition": str(book.edition), "book_title": book.title},
        url=book.get_download_url(),
        dedupe_key=f"book_published:{book.pk}:{token}",
    )


# --- Certificates --------------------------------------------------------------------------------


def issue_certificates(*, edition: Edition) -> list[Certificate]:
    """Create the certificates the edition's awards and juries call for, once each; returns all of
    the edition's certificates.

    Winners: one per innovation and tier (Top 99, Top 45, Outstanding Achievement, Khusus
    finalist), made out to the agency, with the UPP and the title as entered in the edition.
    Jurors and panelists: one per person and role, for active members of the edition's panels.
    A certificate whose award no longer exists is revoked ("the award was withdrawn").
    Refused (ValidationError) before the edition's results are public.
    Side effects: Certificate rows; revocations.
    """
    if not selectors.results_are_public(edition):
        raise ValidationError(_("Certificates can be issued once the edition's results are published."))
    now = timezone.now()
    existing = list(Certificate.objects.filter(edition=edition))
    winners = {(c.innovation_id, c.tier): c for c in existing if c.kind == Certificate.Kind.WINNER}
    jurors = {(c.user_id, c.kind): c for c in existing if c.kind in Certificate.JURY_KINDS}
    awards = list(
        Award.objects.filter(edition=edition, tier__in=CERTIFIED_TIERS).select_related(
            "innovation__agency", "innovation__unit"
        )
    )
    titles = dict(
        Proposal.objects.filter(edition=edition, innovation__in=[award.innovation_id for award in awards]).values_list(
            "innovation_id", "title"
        )
    )
    for award in awards:
        if (award.innovation_id, award.tier) in winners:
            continue
        innovation = award.innovation
        winners[(award.innovation_id, award.tier)] = _create_certificate(
            edition=edition,
            kind=Certificate.Kind.WINNER,
            tier=award.tier,
            innovation=innovation,
            recipient_name=innovation.agency.name,
            recipient_detail=innovation.unit.name,
            innovation_title=titles.get(innovation.pk, innovation.title),
            issued_at=now,
        )
    members = PanelMember.objects.filter(panel__edition=edition, is_active=True).select_related(
        "user__juror_profile", "panel__stage"
    )
    for member in members:
        kind = JURY_KIND_BY_ROLE.get(member.panel.juror_role)
        if kind is None or (member.user_id, kind) in jurors:
            continue
        profile = getattr(member.user, "juror_profile", None)
        jurors[(member.user_id, kind)] = _create_certificate(
            edition=edition,
            kind=kind,
            user=member.user,
            recipient_name=member.user.full_name or member.user.email,
            recipient_detail=profile.affiliation if profile else "",
            issued_at=now,
        )
    current = {(award.innovation_id, award.tier) for award in awards}
    for key, certificate in winners.items():
        if key not in current and not certificate.is_revoked:
            Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
                revoked_at=now, revoked_reason=_("The award was withdrawn.")
            )
    return list(Certificate.objects.filter(edition=edition))


def _create_certificate(**fields) -> Certificate:
    """Insert a certificate; if a concurrent run inserted the same one first, return that one."""
    for _attempt in range(5):
        certificate = Certificate(**fields)
        try:
            with transaction.atomic():
                certificate.save()
            return certificate
        except IntegrityError:
            twin = _same_certificate(fields)
            if twin is not None:
                return twin
            # Otherwise the random code was taken: draw another.
    raise RuntimeError("Could not draw a free certificate code")


def _same_certificate(fields: dict) -> Certificate | None:
    if fields["kind"] == Certificate.Kind.WINNER:
        lookup = {"innovation": fields["innovation"], "tier": fields["tier"]}
    else:
        lookup = {"user": fields["user"], "kind": fields["kind"]}
    return Certificate.objects.filter(edition=fields["edition"], **lookup).first()


def request_certificates(*, edition: Edition, by, regenerate: bool = False) -> int:
    """Issue the edition's certificates now and queue the task that makes their PDFs.

    With `regenerate`, every valid certificate's PDF is made again (same code, same file name).
    Returns how many certificates the edition has. Side effects: those of issue_certificates;
    after commit, a `publications.generate_certificates` task.
    """
    from publications import tasks

    certificates = issue_certificates(edition=edition)
    transaction.on_commit(lambda: tasks.generate_certificates_task.delay(edition.pk, regenerate))
    return len(certificates)


def generate_certificates(*, edition_id: int, regenerate: bool = False) -> int:
    """Make the PDF of every valid certificate of the edition that has none (all, with `regenerate`).

    Idempotent: a redelivered task finds the files made and makes only what is missing. Returns
    how many files were made. Side effects: those of issue_certificates and generate_certificate_file.
    """
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return 0
    issue_certificates(edition=edition)
    pending = Certificate.objects.filter(edition=edition).valid().select_related("edition__organiser")
    if not regenerate:
        pending = pending.filter(file="")
    made = 0
    for certificate in pending:
        generate_certificate_file(certificate=certificate)
        made += 1
    return made


def generate_certificate_file(*, certificate: Certificate) -> Certificate:
    """Render `certificate` and store it under its single name (temporary file, then atomic move).

    Side effects: the PDF, the row's file/sha256/generated_at; the first time a winner's file is
    made, a "certificate_ready" notification to the Admin Lokal of the innovation's agency.
    """
    data = pdf.render_certificate(certificate)
    final = Path(default_storage.path(certificate.storage_name))
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f"{final.stem}.{uuid.uuid4().hex}.tmp")
    temporary.write_bytes(data)
    try:
        with transaction.atomic():
            first = not Certificate.objects.filter(pk=certificate.pk).exclude(file="").exists()
            os.replace(temporary, final)
            now = timezone.now()
            Certificate.objects.filter(pk=certificate.pk).update(
                file=certificate.storage_name, sha256=hashlib.sha256(data).hexdigest(), generated_at=now
            )
            if first and certificate.kind == Certificate.Kind.WINNER:
                _notify_certificate_ready(certificate)
    finally:
        temporary.unlink(missing_ok=True)
    certificate.refresh_from_db()
    return certificate


def _notify_certificate_ready(certificate: Certificate) -> None:
    agency = certificate.innovation.agency
    admins = [
        membership.user
        for membership in Membership.objects.active()
        .filter(role=Membership.Role.ADMIN_LOKAL, agency_id__in=[agency.pk, agency.parent_id], user__is_active=True)
        .select_related("user")
    ]
    if not admins:
        return
    from django.urls import reverse

    notify(
        event="certificate_ready",
        recipients=admins,
        context={"edition": str(certificate.edition), "proposal_title": certificate.innovation_title},
        url=reverse("publications:my_certificates"),
        dedupe_key=f"certificate_ready:{certificate.pk}",
    )


def revoke_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke `certificate` (false data, a withdrawn award): the verification page then says so.

    Refused (ValidationError) without a reason or when already revoked. The file is kept for the
    record; only the secretariat can still download it. Side effects: revoked_at/_reason/_by.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason, revoked_by=by
    )
    if not updated:
        raise ValidationError(_("This certificate was already revoked."))
    certificate.refresh_from_db()
    return certificate
