from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interviews.field_services import checklist, verifier_candidates
from interviews.models import DEFAULT_DURATION_MINUTES, FieldChecklistItem, FinalScoring, Interview, InterviewSlot
from interviews.services import MAX_SLOTS_PER_DAY, presentation_rounds
from jury.models import PanelMember, Round


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every input (the templates render fields plainly)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class RoundChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        return f"{obj.name} · {obj.panel.name}"


class PanelistChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class SlotsForm(forms.Form):
    round = RoundChoice(label=_("Interview round"), queryset=Round.objects.none(), empty_label=None)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("First slot starts (WIB)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=MAX_SLOTS_PER_DAY, initial=9)
    duration_minutes = forms.IntegerField(
        label=_("Minutes per slot"), min_value=5, max_value=240, initial=DEFAULT_DURATION_MINUTES
    )
    gap_minutes = forms.IntegerField(label=_("Break between slots (minutes)"), min_value=0, max_value=120, initial=0)
    video_link = forms.URLField(label=_("Video-call link"), required=False, assume_scheme="https")
    panelists = PanelistChoice(
        label=_("Panelists"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for the whole panel of the round."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = presentation_rounds(edition)
        members = PanelMember.objects.filter(
            panel__edition=edition, panel__rounds__in=presentation_rounds(edition), is_active=True
        ).values("user")
        self.fields["panelists"].queryset = get_user_model().objects.filter(pk__in=members).order_by("full_name")
        style(self)


class SlotChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: InterviewSlot) -> str:
        from sinovik.templatetags.sinovik import wib

        names = ", ".join(user.full_name or user.email for user in obj.panelists.all())
        return f"{wib(obj.starts_at)} · {names}"


class MoveForm(forms.Form):
    slot = SlotChoice(label=_("New slot"), queryset=InterviewSlot.objects.none())

    def __init__(self, *args, interview: Interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = (
            InterviewSlot.objects.for_edition(interview.slot.edition)
            .filter(interview__isnull=True, starts_at__gt=timezone.now())
            .prefetch_related("panelists")
            .order_by("starts_at", "pk")
        )
        style(self)


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[(Interview.Attendance.ATTENDED, _("Attended")), (Interview.Attendance.NO_SHOW, _("No-show"))],
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(Interview.Status.CONFIRMED, _("Confirm")), (Interview.Status.DECLINED, _("Decline"))]
    )


class MaterialsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    deck = forms.FileField(
        label=_("Presentation deck"),
        required=False,
        help_text=_("PDF or PPTX, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.pptx"}),
    )
    summary = forms.FileField(
        label=_("Summary"),
        required=False,
        help_text=_("PDF, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("e.g. the innovation's YouTube video."),
    )


class FinalScoringForm(forms.ModelForm):
    substance_round = RoundChoice(label=_("Substance round"), queryset=Round.objects.none(), empty_label=None)
    interview_round = RoundChoice(label=_("Interview round"), queryset=Round.objects.none(), empty_label=None)

    class Meta:
        model = FinalScoring
        fields = ["substance_round", "interview_round", "substance_weight", "interview_weight", "field_weight"]

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.edition = edition
        rounds = Round.objects.filter(panel__edition=edition).select_related("panel").order_by("opens_at", "pk")
        self.fields["substance_round"].queryset = rounds
        self.fields["interview_round"].queryset = rounds
        style(self)


# --- Field verification ----------------------------------------------------------------------------


class VerifierChoice(forms.ModelMultipleChoiceField):
    """Each name, with the reason when the person has a conflict of interest with the finalist."""

    conflicts: dict[int, str] = {}

    def label_from_instance(self, obj) -> str:
        name = obj.full_name or obj.email
        if obj.pk in self.conflicts:
            return _("%(name)s (conflict of interest: %(reason)s)") % {"name": name, "reason": self.conflicts[obj.pk]}
        return name


class FieldPlanForm(forms.Form):
    verifiers = VerifierChoice(
        label=_("Verifiers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Secretariat, evaluators or panelists of the organiser. "
            "A verifier with a conflict of interest with the finalist is refused."
        ),
    )
    planned_on = forms.DateField(label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, edition, conflicts: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verifiers"].queryset = verifier_candidates(edition)
        self.fields["verifiers"].conflicts = conflicts or {}
        style(self)


class ChecklistChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.localized("label")


class FieldChecklistForm(forms.Form):
    met_items = ChecklistChoice(
        label=_("Checklist"),
        queryset=FieldChecklistItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every point you saw met on site."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photo = forms.FileField(
        label=_("Add a photo"),
        required=False,
        help_text=_("JPG or PNG, at most 15 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met_items"].queryset = checklist(visit.edition)
        style(self)
