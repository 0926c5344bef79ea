from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from agencies.models import AccountRequest, Agency, Membership, Region, Unit

LETTER_MAX_BYTES = 2 * 1024 * 1024


def validate_pdf(upload, *, max_bytes: int = LETTER_MAX_BYTES) -> None:
    """Accept a real PDF of at most `max_bytes`, judged by its content, never by its file name."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB. Scan it at a lower resolution."),
            params={"size": upload.size / 1_048_576, "limit": max_bytes // 1_048_576},
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("The file is not a PDF. Upload the signed letter as a PDF document."))
    try:
        pages = len(PdfReader(upload).pages)
    except (PdfReadError, ValueError, KeyError, OSError):
        pages = 0
    upload.seek(0)
    if pages == 0:
        raise ValidationError(_("The PDF could not be read. Save or scan the letter again and upload the new file."))


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region: Region) -> str:
        if region.level == Region.Level.PROVINCE:
            return str(_("Province %(name)s") % {"name": region.name})
        return region.name


def grouped_region_choices():
    """Regions grouped by province for a single select (the province itself comes first)."""
    regions = list(Region.objects.select_related("province").order_by("code"))
    groups: dict[int, list] = {}
    provinces = []
    for region in regions:
        if region.level == Region.Level.PROVINCE:
            provinces.append(region)
            groups[region.pk] = [(region.pk, str(_("Province %(name)s") % {"name": region.name}))]
    for region in regions:
        if region.level != Region.Level.PROVINCE:
            groups[region.province_id].append((region.pk, region.name))
    return [("", "---------")] + [(province.name, groups[province.pk]) for province in provinces]


class AgencyRequestForm(forms.Form):
    name = forms.CharField(label=_("Agency name"), max_length=200, help_text=_("e.g. Pemerintah Kabupaten Banyuwangi"))
    kind = forms.ChoiceField(label=_("Agency type"), choices=Agency.Kind.choices)
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Required for provincial, regency and city governments and for a BUMD."),
    )
    parent = forms.ModelChoiceField(
        label=_("Parent local government (BUMD only)"),
        queryset=Agency.objects.verified().filter(
            kind__in=[Agency.Kind.PROVINSI, Agency.Kind.KABUPATEN, Agency.Kind.KOTA]
        ),
        required=False,
    )
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}))
    email = forms.EmailField(label=_("Official email of the agency"))
    phone = forms.CharField(label=_("Agency phone number"), max_length=30)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    admin_name = forms.CharField(label=_("Full name"), max_length=150)
    admin_position = forms.CharField(label=_("Position"), max_length=150, help_text=_("e.g. Kepala Bagian Organisasi"))
    admin_email = forms.EmailField(label=_("Email"), help_text=_("The account will be created for this address."))
    admin_phone = forms.CharField(label=_("Mobile phone number"), max_length=30)
    letter = forms.FileField(
        label=_("Signed request letter (PDF, at most 2 MB)"),
        help_text=_("On letterhead, signed and stamped, naming the Admin Lokal."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = grouped_region_choices()

    def clean_letter(self):
        letter = self.cleaned_data["letter"]
        validate_pdf(letter)
        return letter

    def clean_admin_email(self):
        email = self.cleaned_data["admin_email"].lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("This email address already has an account. Use the Admin Lokal's own work address.")
            )
        waiting = AccountRequest.objects.filter(
            admin_email__iexact=email, agency__status__in=[Agency.Status.REQUESTED, Agency.Status.PENDING]
        )
        if waiting.exists():
            raise ValidationError(_("A request with this email address is already waiting for verification."))
        return email

    def clean(self):
        data = super().clean()
        if "kind" in data:
            agency = Agency(
                name=data.get("name", ""), kind=data["kind"], region=data.get("region"), parent=data.get("parent")
            )
            try:
                agency.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the applicant by email."),
    )


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "head_name", "email", "phone", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return unit.name  # the agency is already on the page


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.UPP_STAFF,
        help_text=_("Choose Admin Lokal to appoint a further coordinator for your agency."),
    )
    unit = UnitChoiceField(label=_("UPP"), queryset=Unit.objects.none(), required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agency.units.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("role") == Membership.Role.UPP_STAFF and not data.get("unit"):
            self.add_error("unit", _("Choose the UPP this person works in."))
        return data


class ImportUnitsForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "First row: column names. Required column “nama”; optional “kepala”, “email”, “telepon”, “alamat”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Mobile phone number"), max_length=30)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
