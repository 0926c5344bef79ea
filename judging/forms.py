"""Forms of the judging app (screening: the queue's filters, decisions, publication)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.models import Category, Edition, Group
from judging.models import FailReason, FindingCode, ScreeningDecision, Severity

DECISION_FILTERS = [
    ("", _("Any decision")),
    ("undecided", _("Not decided yet")),
    *ScreeningDecision.Outcome.choices,
]
SORTS = [
    ("severity", _("Most serious findings first")),
    ("similarity", _("Most similar text first")),
    ("title", _("Title")),
    ("agency", _("Agency")),
    ("decided", _("Latest decisions first")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    severity = forms.TypedChoiceField(
        label=_("Findings"),
        choices=[("", _("Any")), *[(value, label) for value, label in reversed(Severity.choices)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    check = forms.ChoiceField(
        label=pgettext_lazy("screening check", "Check"),
        choices=[("", _("Any check")), *FindingCode.choices],
        required=False,
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_FILTERS, required=False)
    sort = forms.ChoiceField(label=_("Order"), choices=SORTS, required=False)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = edition.groups.all()
        self.fields["category"].queryset = edition.categories.all()


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=ScreeningDecision.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label=_("Reason (for a fail)"), choices=[("", "—"), *FailReason.choices], required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The agency reads the reason and this note when the result is published."),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == ScreeningDecision.Outcome.FAIL:
            if not data.get("reason"):
                self.add_error("reason", _("A proposal that does not pass needs a reason."))
            elif data["reason"] == FailReason.OTHER and not (data.get("note") or "").strip():
                self.add_error("note", _("Explain the reason in the note."))
        return data


class BulkDecisionForm(DecisionForm):
    proposals = forms.TypedMultipleChoiceField(label=_("Proposals"), coerce=int, choices=())

    def __init__(self, *args, proposal_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = [(pk, pk) for pk in proposal_ids]
        self.fields["proposals"].error_messages["required"] = _("Select at least one proposal.")


class PublishForm(forms.Form):
    number = forms.CharField(
        label=_("Letter number"), max_length=100, help_text=_("As on the signed letter, e.g. B/187/PP.00.05/2026.")
    )
    letter_date = forms.DateField(
        label=_("Letter date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
