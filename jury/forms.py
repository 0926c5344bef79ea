from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from competitions.models import Category, Group
from jury.models import Assignment, Round
from jury.selectors import ORDERS, provinces

MAX_IMPORT_BYTES = 1024 * 1024


class ScoreForm(forms.Form):
    value = forms.CharField(label=_("Score"), required=False, max_length=20)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea, max_length=10_000)


class OverallCommentForm(forms.Form):
    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea, max_length=10_000)


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot score this proposal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("e.g. I advised this agency on the innovation. The secretariat reads the reason."),
    )


class JurorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


class MoveAssignmentForm(forms.Form):
    proposal = forms.IntegerField(label=_("Proposal number"), min_value=1)
    from_juror = JurorChoiceField(label=_("Take from"), queryset=get_user_model().objects.none())
    to_juror = JurorChoiceField(label=_("Give to"), queryset=get_user_model().objects.none())

    def __init__(self, *args, round: Round, jurors, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["from_juror"].queryset = (
            get_user_model().objects.filter(jury_assignments__round=round).distinct().order_by("full_name")
        )
        self.fields["to_juror"].queryset = jurors

    def clean(self):
        data = super().clean()
        if data.get("proposal") and data.get("from_juror"):
            data["assignment"] = Assignment.objects.filter(
                round=self.round, proposal_id=data["proposal"], juror=data["from_juror"]
            ).first()
            if data["assignment"] is None:
                raise forms.ValidationError(_("This juror is not assigned to that proposal in this round."))
        return data


class AddAssignmentForm(forms.Form):
    juror = JurorChoiceField(label=_("Juror"), queryset=get_user_model().objects.none())
    proposal = forms.IntegerField(label=_("Proposal number"), min_value=1)

    def __init__(self, *args, jurors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = jurors


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One assignment per line: the juror's email, then the proposal number."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 1 MB)."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the file as CSV in UTF-8.")) from None


class RankingFilterForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    agency_kind = forms.ChoiceField(
        label=_("Agency type"), choices=[("", "---------"), *Agency.Kind.choices], required=False
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=provinces(), required=False)
    order = forms.ChoiceField(
        label=_("Rank by"),
        choices=[("raw", _("Mean score")), ("normalised", _("Normalised score"))],
        required=False,
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        edition_id = round.panel.edition_id
        self.fields["category"].queryset = Category.objects.filter(edition_id=edition_id)
        self.fields["group"].queryset = Group.objects.filter(edition_id=edition_id)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {key: data.get(key) for key in ("category", "group", "agency_kind", "province") if data.get(key)}

    def ranking_order(self) -> str:
        value = self.cleaned_data.get("order") if self.is_valid() else ""
        return value if value in ORDERS else "raw"


class ProposalSelectionForm(forms.Form):
    proposals = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("Select at least one proposal.")}
    )

    def __init__(self, *args, proposal_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = [(pk, pk) for pk in proposal_ids]


class ReminderForm(forms.Form):
    jurors = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False)

    def __init__(self, *args, juror_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurors"].choices = [(pk, pk) for pk in juror_ids]
