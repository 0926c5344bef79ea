"""Forms of the finalists pages: the balancing rules of a shortlist draft and a manual override."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from competitions.models import Edition, Group
from judging.models import ShortlistOverride
from judging.models.decisions import DEFAULT_SHORTLIST_SIZE
from jury.models import Round
from submissions.models import Award


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=False)


class ShortlistRulesForm(forms.Form):
    """The size of the list and the balancing rules. A minimum and a maximum field exist for every
    category of the edition, every group kind and every agency type; blank means no rule."""

    round = forms.ModelChoiceField(label=_("Ranked round"), queryset=Round.objects.none(), empty_label=None)
    size = forms.IntegerField(label=_("How many to choose"), min_value=1, initial=DEFAULT_SHORTLIST_SIZE)
    province_cap = forms.IntegerField(
        label=_("At most per province"), min_value=1, required=False, help_text=_("Blank: no cap.")
    )
    favoured_minimum = forms.IntegerField(
        label=_("At least from eastern Indonesia or 3T regions"), min_value=0, required=False
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.filter(panel__edition=edition).order_by("-opens_at", "pk")
        self.families = {
            "category": [
                (name, name) for name in edition.categories.order_by("order", "pk").values_list("name", flat=True)
            ],
            "group": [(kind, label) for kind, label in Group.Kind.choices],
            "agency_kind": list(Agency.Kind.choices),
        }
        self.family_titles = {"category": _("Category"), "group": _("Group"), "agency_kind": _("Agency type")}
        for family, values in self.families.items():
            for index, (_value, label) in enumerate(values):
                self.fields[f"min_{family}_{index}"] = _count(_("Minimum for %(value)s") % {"value": label})
                self.fields[f"max_{family}_{index}"] = _count(_("Maximum for %(value)s") % {"value": label})

        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "round" else "form-control form-control-sm"

    def main_fields(self):
        return [self[name] for name in ("round", "size", "province_cap", "favoured_minimum")]

    def rule_rows(self):
        """(family title, [(label, minimum field, maximum field)]) for the template's tables."""
        return [
            (
                self.family_titles[family],
                [(label, self[f"min_{family}_{i}"], self[f"max_{family}_{i}"]) for i, (_v, label) in enumerate(values)],
            )
            for family, values in self.families.items()
        ]

    def clean(self):
        cleaned = super().clean()
        for family, values in self.families.items():
            for index, (_value, label) in enumerate(values):
                low, high = cleaned.get(f"min_{family}_{index}"), cleaned.get(f"max_{family}_{index}")
                if low is not None and high is not None and low > high:
                    self.add_error(
                        f"max_{family}_{index}",
                        _("The maximum for %(value)s is below its minimum.") % {"value": label},
                    )
        return cleaned

    def rules(self) -> dict:
        """The rules as ShortlistDraft.rules stores them (only the values a number was given for)."""
        data = self.cleaned_data
        rules = {
            "minimum": {},
            "maximum": {},
            "province_cap": data.get("province_cap"),
            "favoured_minimum": data.get("favoured_minimum") or 0,
        }
        for family, values in self.families.items():
            for index, (value, _label) in enumerate(values):
                for bound, key in (("min", "minimum"), ("max", "maximum")):
                    number = data.get(f"{bound}_{family}_{index}")
                    if number is not None:
                        rules[key].setdefault(family, {})[value] = number
        return rules


class OverrideForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ShortlistOverride.Action.choices, widget=forms.HiddenInput)
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this proposal is added or removed by hand; kept with the draft."),
    )


class ApplyDecisionsForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Award.Tier.choices)
    number = forms.CharField(label=_("Announcement number"), max_length=100, help_text=_("e.g. B/301/PP.00.05/2026"))
    letter_date = forms.DateField(label=_("Announcement date"), widget=forms.DateInput(attrs={"type": "date"}))
    confirm = forms.BooleanField(
        label=_(
            "I have checked the list: give every proposal on it this tier, publish the letter and tell the agencies."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "confirm":
                field.widget.attrs["class"] = "form-select" if name == "tier" else "form-control"
        self.fields["confirm"].widget.attrs["class"] = "form-check-input"
