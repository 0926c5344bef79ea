from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Unit
from competitions.forms_definition import NO, YES
from competitions.models import Category, Edition, Group, IdentificationQuestion, Sdg
from submissions.models import Innovation


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return f"{unit.name} — {unit.agency.name}"


class StartProposalForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none())
    unit = UnitChoiceField(label=_("UPP"), queryset=Unit.objects.none())
    innovation = forms.ModelChoiceField(
        label=_("An innovation entered in an earlier year"),
        queryset=Innovation.objects.none(),
        required=False,
        help_text=_("Leave empty for a new innovation."),
    )
    title = forms.CharField(label=_("Title of the innovation"), max_length=255)

    def __init__(self, *args, edition: Edition, units, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = edition.groups.all()
        self.fields["unit"].queryset = units
        self.fields["innovation"].queryset = innovations
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class ReplicatedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, innovation: Innovation) -> str:
        return f"{innovation.title} — {innovation.agency.name}"


class IdentificationForm(forms.Form):
    """The identification page: the proposal's own fields and the edition's questions."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title of the innovation"), max_length=255)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals (TPB) the innovation serves"),
        queryset=Sdg.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = forms.DateField(
        label=_("Implementation started on"),
        required=False,
        # Browsers' date pickers read and send ISO dates, whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    innovator_kind = forms.ChoiceField(label=_("Innovator"), choices=Innovation.InnovatorKind.choices)
    innovators = forms.CharField(
        label=_("Innovators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person per line: name, role, phone, email."),
    )
    replicates = ReplicatedChoiceField(
        label=_("The Top 99 innovation this one replicates"), queryset=Innovation.objects.none(), required=False
    )

    def __init__(self, *args, proposal, questions, replicable, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["category"].queryset = proposal.edition.categories.all()
        if proposal.group.kind == Group.Kind.REPLIKASI:
            self.fields["replicates"].queryset = replicable
        else:
            del self.fields["replicates"]
        for question in questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)

    def question_answers(self) -> dict[int, str]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.pk}")
            answers[question.pk] = "" if value is None else str(value)
        return answers


def _question_field(question: IdentificationQuestion) -> forms.Field:
    kinds = IdentificationQuestion.Kind
    common = {"label": str(question), "required": False, "help_text": question.localized("help_text")}
    if question.kind == kinds.YES_NO:
        return forms.ChoiceField(choices=[("", "—"), (YES, _("Yes")), (NO, _("No"))], **common)
    if question.kind == kinds.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in question.choice_list], **common)
    if question.kind == kinds.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if question.kind == kinds.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if question.kind in (kinds.URL, kinds.YOUTUBE):
        return forms.CharField(widget=forms.URLInput(attrs={"placeholder": "https://"}), **common)
    if question.kind == kinds.EMAIL:
        return forms.CharField(widget=forms.EmailInput, **common)
    if question.kind in (kinds.NUMBER, kinds.YEAR):
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common)
    return forms.CharField(**common)


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information in this proposal is true. I understand that false data can lead to "
            "disqualification and to the revocation of any award."
        ),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=_("Comment on “%(section)s”") % {"section": section},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def section_comments(self) -> dict[int, str]:
        return {section.pk: self.cleaned_data.get(f"section_{section.pk}", "") for section in self.sections}
