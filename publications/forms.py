from django import forms
from django.utils.translation import gettext_lazy as _

from publications.models import CODE_ALPHABET, CODE_LENGTH, Book, normalise_code


class BookForm(forms.ModelForm):
    class Meta:
        model = Book
        fields = [
            "title",
            "title_en",
            "isbn",
            "language",
            "grouping",
            "foreword",
            "foreword_en",
            "foreword_by",
            "colophon",
        ]
        widgets = {
            "foreword": forms.Textarea(attrs={"rows": 8}),
            "foreword_en": forms.Textarea(attrs={"rows": 8}),
            "colophon": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_isbn(self) -> str:
        return " ".join(self.cleaned_data["isbn"].split())


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Shown on the public verification page, e.g. the decree that withdrew the award."),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The 8 characters printed under the QR code, e.g. 7KQ4-MZ2P."),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in code):
            raise forms.ValidationError(_("A verification code has 8 letters and digits, e.g. 7KQ4-MZ2P."))
        return code
