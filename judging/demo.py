"""Demo judging for `manage.py seed_demo` (idempotent; after the submissions and jury demos).

- Screening: for every edition with forwarded proposals, run the checks once (so the queue shows
  findings), and where administrative screening has started, record a few decisions. Quiet when
  there is nothing to screen (the submissions demo decides what exists).
- KIPP 2023 (archived), after every other demo: its Top 99 decided as it happened, from the
  desk-evaluation round through the shortlist draft (with the hand-made changes that give the
  demo's awarded innovations their places) to the decision letter; then the public objection
  period with two objections, confirmed and rejected with their reasons. Through the services,
  with the 2023 dates as the clock.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.demo import demo_user
from competitions.models import Edition, StageKind
from judging import services
from judging.forms_objections import EVIDENCE_RULES
from judging.models import DecisionBatch, FailReason, Objection, ScreeningDecision, ScreeningRun, ShortlistOverride
from judging.services.objections import confirm_objection_email, decide_objection, file_objection
from jury.models import Round
from submissions.attachments import clean_upload
from submissions.demo import pdf_bytes
from submissions.models import Award, Proposal

TOP_99_LETTER = ("B/245/PP.00.05/2023", date(2023, 7, 22))
OBJECTIONS_2023 = [
    # (finalist's title, objector, email, grounds, the secretariat's reason for rejecting)
    (
        "Sehat Jiwa Daring",
        "Agus Prasetyo",
        "agus.prasetyo@contoh.id",
        "Layanan ini menurut saya belum berjalan tiga tahun: aplikasinya baru kami kenal pada awal 2022.",
        "Verifikasi dokumen menunjukkan layanan diluncurkan Juli 2019 dan berjalan tanpa henti sejak itu.",
    ),
    (
        "Bela Beli Kulon Progo Sehat",
        "Sri Wahyuni",
        "sri.wahyuni@contoh.id",
        "Foto kegiatan dalam proposal sama dengan foto inovasi kabupaten lain yang saya lihat di media sosial.",
        "Foto berasal dari dokumentasi Dinas Kesehatan Kulon Progo sendiri; unggahan yang dimaksud mengutipnya.",
    ),
]


def seed() -> None:
    secretariat = demo_user("sekretariat", "Rina Kusumawati")
    now = timezone.now()
    for edition in Edition.objects.with_schedule():
        forwarded = services.screened_proposals(edition).filter(status=Proposal.Status.FORWARDED)
        if services.is_locked(edition) or not forwarded.exists():
            continue
        if not ScreeningRun.objects.filter(edition=edition, status=ScreeningRun.Status.DONE).exists():
            services.run_screening_checks(edition=edition)
        stage = edition.stage_of(StageKind.ADMINISTRATIVE_SCREENING)
        started = stage is not None and stage.starts_at <= now
        if not started or ScreeningDecision.objects.filter(proposal__edition=edition).exists():
            continue
        _decide_a_few(edition, forwarded, by=secretariat)


def seed_after_all() -> None:
    """KIPP 2023's Top 99 and objections, once every demo has added its finalists."""
    archived = Edition.objects.filter(slug="kipp-2023").first()
    if archived is not None and not DecisionBatch.objects.filter(edition=archived, tier=Award.Tier.TOP_99).exists():
        secretariat = demo_user("sekretariat", "Rina Kusumawati")
        _decide_top_99(archived, by=secretariat)
        _objections(archived, by=secretariat)


def _decide_top_99(edition: Edition, *, by) -> None:
    """The Top 99 of the desk round's ranking, changed by hand to the innovations the demo awarded."""
    round = Round.objects.filter(panel__edition=edition, panel__stage__kind=StageKind.DESK_EVALUATION).first()
    awarded = set(
        Proposal.objects.filter(
            edition=edition, innovation__awards__year=edition.year, innovation__awards__tier=Award.Tier.TOP_99
        ).values_list("pk", flat=True)
    )
    if round is None or not awarded:
        return
    draft = services.build_shortlist_draft(round=round, size=len(awarded), rules={}, by=by)
    changes = [(pk, ShortlistOverride.Action.REMOVE) for pk in set(draft.final_ids()) - awarded]
    changes += [(pk, ShortlistOverride.Action.ADD) for pk in awarded - set(draft.final_ids())]
    for pk, action in sorted(changes):
        services.override_shortlist(
            draft=draft,
            proposal=Proposal.objects.get(pk=pk),
            action=action,
            justification="Keseimbangan wilayah dan kelompok sesuai Petunjuk Teknis KIPP 2023.",
            by=by,
        )
    number, letter_date = TOP_99_LETTER
    announced = edition.stage_of(StageKind.PUBLIC_OBJECTION).starts_at - timedelta(days=1)
    services.apply_decisions(
        draft=draft, tier=Award.Tier.TOP_99, number=number, letter_date=letter_date, by=by, now=announced
    )


def _objections(edition: Edition, *, by) -> None:
    stage = edition.stage_of(StageKind.PUBLIC_OBJECTION)
    for day, (title, name, email, grounds, reason) in enumerate(OBJECTIONS_2023, start=1):
        proposal = Proposal.objects.filter(edition=edition, title=title).first()
        if proposal is None or Objection.objects.filter(edition=edition, proposal=proposal).exists():
            continue
        filed = stage.starts_at + timedelta(days=day, hours=10)
        evidence = SimpleUploadedFile("bukti.pdf", pdf_bytes(f"Bukti keberatan {title}"), "application/pdf")
        objection = file_objection(
            edition=edition,
            proposal=proposal,
            name=name,
            email=email,
            contact="0812-0000-0000",
            grounds=grounds,
            evidence=clean_upload(upload=evidence, rules=EVIDENCE_RULES),
            now=filed,
        )
        confirm_objection_email(objection=objection, now=filed + timedelta(minutes=12))
        decided = stage.ends_at + timedelta(days=2)
        decide_objection(objection=objection, accept=False, reason=reason, by=by, now=decided)


def _decide_a_few(edition: Edition, forwarded, *, by) -> None:
    """Pass the clean proposals among the first few; fail those the checks found in breach of a rule."""
    for proposal in forwarded.select_related("screening_result", "edition").order_by("pk")[:6]:
        result = getattr(proposal, "screening_result", None)
        reason = result.suggested_reason if result else ""
        if reason and result.severity >= 3:
            services.record_decision(
                proposal=proposal,
                outcome=ScreeningDecision.Outcome.FAIL,
                reason=reason,
                note="Hasil pemeriksaan otomatis dikonfirmasi oleh sekretariat.",
                by=by,
            )
        elif reason != FailReason.COPIED:
            services.record_decision(proposal=proposal, outcome=ScreeningDecision.Outcome.PASS, by=by)
