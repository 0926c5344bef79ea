"""Forms of uji publik: the public's objection, the secretariat's decision and list filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from judging.models import Objection
from submissions.attachments import CleanFile, UploadRules, clean_upload

EVIDENCE_RULES = UploadRules(extensions=("pdf", "jpg", "jpeg", "png"), max_size_kb=5 * 1024, max_files=1)


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send a confirmation link to this address; the objection counts only after you confirm."),
    )
    contact = forms.CharField(
        label=_("Phone number or other contact"),
        max_length=100,
        help_text=_("The secretariat may contact you to clarify the objection. It is never published."),
    )
    grounds = forms.CharField(
        label=_("Grounds of the objection"),
        widget=forms.Textarea(attrs={"rows": 7}),
        min_length=30,
        max_length=5000,
        help_text=_("What is wrong with this finalist, and how do you know? At least 30 characters."),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        help_text=_("A PDF, JPG or PNG file of at most 5 MB (a document, photo or screenshot)."),
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_RULES.accept}),
    )

    def clean_evidence(self) -> CleanFile:
        upload = self.cleaned_data["evidence"]
        return clean_upload(upload=upload, rules=EVIDENCE_RULES)

    def clean(self):
        cleaned = super().clean()
        if self.errors and self.files.get("evidence") and "evidence" not in self.errors:
            # Browsers never keep a chosen file after a page is sent back; say so next to the field.
            self.add_error("evidence", _("Please choose the evidence file again: for your security it is not kept."))
        return cleaned


class DecideObjectionForm(forms.Form):
    OUTCOMES = [("accept", _("Accept the objection")), ("reject", _("Reject the objection"))]

    outcome = forms.ChoiceField(label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason of the decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published in the outcome log after the objection period, and sent to the objector and agency."),
    )
    disqualify = forms.BooleanField(
        label=_("Disqualify the finalist"),
        required=False,
        help_text=_("Only with an accepted objection: removes its finalist decision and award for this edition."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("disqualify") and cleaned.get("outcome") == "reject":
            self.add_error("disqualify", _("Only an accepted objection can disqualify the finalist."))
        return cleaned


class ObjectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All received")), *Objection.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
