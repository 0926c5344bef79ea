"""Nominations from a round to the next stage: pending until the secretariat confirms the batch."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jury.models import Nomination, Round
from jury.services.assignment import eligible_proposals


@transaction.atomic
def nominate(*, round: Round, proposal_ids: Iterable[int], by, now=None) -> int:
    """Nominate proposals of the round (pending); proposals already nominated are left as they are.

    Refused when a proposal does not take part in the round. Side effects: pending Nomination
    rows. Returns how many were added.
    """
    now = now or timezone.now()
    wanted = {int(pk) for pk in proposal_ids}
    if not wanted:
        raise ValidationError(_("Select at least one proposal."))
    taking_part = set(eligible_proposals(round).filter(pk__in=wanted).values_list("pk", flat=True))
    strangers = wanted - taking_part
    if strangers:
        raise ValidationError(
            _("These proposals do not take part in this round: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in sorted(strangers))}
        )
    already = set(Nomination.objects.filter(round=round, proposal_id__in=wanted).values_list("proposal_id", flat=True))
    created = Nomination.objects.bulk_create(
        [Nomination(round=round, proposal_id=pk, nominated_by=by, nominated_at=now) for pk in sorted(wanted - already)]
    )
    return len(created)


@transaction.atomic
def withdraw_nominations(*, round: Round, proposal_ids: Iterable[int], by) -> int:
    """Take back pending nominations (confirmed ones are final). Returns how many were removed."""
    deleted, _by_model = Nomination.objects.pending().filter(round=round, proposal_id__in=list(proposal_ids)).delete()
    return deleted


@transaction.atomic
def confirm_nominations(*, round: Round, by, now=None) -> int:
    """Confirm every pending nomination of the round in one batch: the next round takes them.

    Side effects: one UPDATE setting them confirmed, with who and when. Returns how many.
    """
    now = now or timezone.now()
    Round.objects.select_for_update().filter(pk=round.pk).first()
    return (
        Nomination.objects.pending()
        .filter(round=round)
        .update(status=Nomination.Status.CONFIRMED, confirmed_by=by, confirmed_at=now)
    )
