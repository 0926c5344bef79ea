from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Region
from dashboards.selectors import Missing

SELECT = {"class": "form-select"}


class ComplianceFilterForm(forms.Form):
    """Filters of the One Agency, One Innovation list (a GET form: the URL can be shared)."""

    missing = forms.ChoiceField(
        label=_("Show agencies with"), choices=Missing.choices, required=False, widget=forms.Select(attrs=SELECT)
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Region.objects.provinces().order_by("name"),
        required=False,
        empty_label=_("All provinces"),
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("Agency type"),
        choices=[("", _("All agency types")), *Agency.Kind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def filters(self) -> dict:
        """The chosen filters, or none when the input is not valid (the errors are shown)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"missing": data["missing"] or Missing.PROPOSAL, "province": data["province"], "kind": data["kind"]}
