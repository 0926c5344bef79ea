"""Forms and inline formsets with which the secretariat configures an edition in the admin.

The formsets check the rules that span rows (stages that overlap, criterion weights that do not
add up, deleting what proposals refer to) with the same functions the services use.
"""

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Edition, FormSection, Group, IdentificationQuestion, Stage
from competitions.validation import (
    criteria_weight_errors,
    deletion_problem,
    final_weight_errors,
    schedule_errors,
)
from sinovik.templatetags.sinovik import wib


class EditionChildFormSet(BaseInlineFormSet):
    """Inline rows of one edition: choices limited to this edition, deletion refused when referred to."""

    scoped_fields = {"group": Group, "stage": Stage, "shown_if": IdentificationQuestion}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, model in self.scoped_fields.items():
            if name in form.fields and hasattr(form.fields[name], "queryset"):
                queryset = form.fields[name].queryset
                form.fields[name].queryset = (
                    queryset.filter(edition=self.instance) if self.instance.pk else model.objects.none()
                )

    def kept_and_deleted(self) -> tuple[list[forms.ModelForm], list[forms.ModelForm]]:
        """Forms whose rows stay after saving (existing or newly filled in) and forms marked for deletion."""
        kept, deleted = [], []
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            if self.can_delete and self._should_delete_form(form):
                deleted.append(form)
            elif form.instance.pk or form.has_changed():
                kept.append(form)
        return kept, deleted

    def clean(self):
        kept, deleted = self.kept_and_deleted()
        # Before super().clean(): the admin's own check would otherwise list every answer by name.
        errors = [problem for form in deleted if form.instance.pk and (problem := deletion_problem(form.instance))]
        if errors:
            raise ValidationError(errors)
        super().clean()
        if any(form.errors for form in kept):
            return  # rules across rows make sense once each row is valid
        errors = self.rows_errors(kept, deleted)
        if errors:
            raise ValidationError(errors)

    def rows_errors(self, kept, deleted) -> list[str]:
        return []


class StageFormSet(EditionChildFormSet):
    def rows_errors(self, kept, deleted) -> list[str]:
        stages = [form.instance for form in kept]
        errors = schedule_errors(stages) + final_weight_errors(stages)
        if self.instance.status == Edition.Status.PUBLISHED:
            now = timezone.now()
            for form in kept:
                started = form.instance.pk and form.initial.get("starts_at") and form.initial["starts_at"] <= now
                if started and {"starts_at", "ends_at"} & set(form.changed_data):
                    errors.append(
                        _("“%(stage)s” has started; change its end with “Extend a stage” so the change is logged.")
                        % {"stage": form.instance.title}
                    )
            for form in deleted:
                if form.instance.pk and form.initial.get("starts_at") and form.initial["starts_at"] <= now:
                    errors.append(_("“%(stage)s” has started and cannot be removed.") % {"stage": form.instance.title})
        return errors


class CriterionFormSet(EditionChildFormSet):
    def rows_errors(self, kept, deleted) -> list[str]:
        groups = list(Group.objects.filter(edition=self.instance)) if self.instance.pk else []
        return criteria_weight_errors([form.instance for form in kept], groups)


class FormSectionForm(forms.ModelForm):
    class Meta:
        model = FormSection
        fields = [
            "group",
            "order",
            "title",
            "title_en",
            "word_limit",
            "required",
            "guidance",
            "guidance_en",
            "evidence_max_files",
            "evidence_file_types",
            "evidence_max_size_kb",
        ]
        error_messages = {
            "word_limit": {
                "required": _("Every section needs a word limit."),
                "min_value": _("A word limit is at least 1 word."),
            }
        }


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, stage: Stage) -> str:
        return _("%(stage)s (until %(end)s)") % {"stage": stage.title, "end": wib(stage.ends_at)}


class ExtendStageForm(forms.Form):
    """The admin page "Extend a stage"; competitions.services.extend_stage does the work."""

    stage = StageChoiceField(label=_("Stage"), queryset=Stage.objects.none())
    new_end = forms.SplitDateTimeField(
        label=_("New end (WIB)"),
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("The last moment the stage is open, e.g. 23:59:59."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to participants on the edition's page."),
    )
    shift_following = forms.BooleanField(
        label=_("Move the later stages by the same amount"),
        required=False,
        help_text=_("Needed when the new end reaches into the next stage."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = edition.stages.order_by("starts_at")
        current = edition.current_stage()
        if current and not self.is_bound:
            self.initial.setdefault("stage", current.pk)
