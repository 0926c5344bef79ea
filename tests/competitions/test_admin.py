"""The secretariat configures editions in the Django admin: scoping, inline rules, actions, extension."""

from datetime import timedelta

import pytest
from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse
from django.utils import timezone

from competitions.models import Criterion, Edition, FormSection, Stage, StageExtension
from competitions.timing import end_of_day_wib, wib_date
from tests.competitions.factories import (
    CategoryFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db
K = Stage.Kind
ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]


def change_url(edition: Edition) -> str:
    return reverse("admin:competitions_edition_change", args=[edition.pk])


def form_data(response) -> dict:
    """The POST body the admin change page would send back unchanged, from its rendered forms."""
    data = {}

    def put(bound):
        value = bound.value()
        if isinstance(bound.field.widget, AdminSplitDateTime):
            local = timezone.localtime(value) if value else None
            data[f"{bound.html_name}_0"] = local.date().isoformat() if local else ""
            data[f"{bound.html_name}_1"] = local.strftime("%H:%M:%S") if local else ""
        elif isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(bound.field, forms.FileField):
            return
        else:
            data[bound.html_name] = "" if value is None else str(value)

    main = response.context["adminform"].form
    for name in main.fields:
        put(main[name])
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            put(formset.management_form[name])
        for form in formset.forms:
            for name in form.fields:
                put(form[name])
    return data


def add_row(data: dict, prefix: str, **values) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value


def row_index(data: dict, prefix: str, pk: int) -> int:
    return next(
        int(key.split("-")[1])
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(pk)
    )


def errors_of(response) -> list[str]:
    messages = list(response.context["adminform"].form.non_field_errors())
    for inline in response.context["inline_admin_formsets"]:
        messages += list(inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            for field_errors in form_errors.values():
                messages += list(field_errors)
    return messages


@pytest.fixture
def open_edition(edition):
    today = wib_date(timezone.now())
    StageFactory(
        edition=edition,
        kind=K.PROPOSAL_ENTRY,
        first_day=today - timedelta(days=10),
        last_day=today + timedelta(days=10),
    )
    StageFactory(
        edition=edition,
        kind=K.DESK_EVALUATION,
        first_day=today + timedelta(days=20),
        last_day=today + timedelta(days=40),
    )
    group = GroupFactory(edition=edition, name="Kelompok Umum")
    FormSectionFactory(group=group, title="Ringkasan", word_limit=200)
    CategoryFactory(edition=edition, name="Pelayanan Kesehatan")
    return edition


@pytest.fixture
def admin_client(client, secretariat):
    client.force_login(secretariat)
    return client


# Who gets in


@pytest.mark.parametrize(("role", "status"), [(role, 200 if role == "secretariat" else 302) for role in ROLES])
def test_only_the_secretariat_opens_the_editions_admin(as_role, edition, role, status):
    client, _user = as_role(role)

    response = client.get(reverse("admin:competitions_edition_changelist"))

    assert response.status_code == status


def test_staff_without_a_secretariat_role_is_refused(client, evaluator):
    evaluator.is_staff = True
    evaluator.save()
    client.force_login(evaluator)

    assert client.get(reverse("admin:competitions_edition_changelist")).status_code == 403


def test_secretariat_sees_and_edits_only_its_organisers_editions(admin_client, edition):
    provincial = EditionFactory(organiser__name="Pemerintah Provinsi Jawa Timur", name="KIPP Jatim 2026")

    changelist = admin_client.get(reverse("admin:competitions_edition_changelist")).content.decode()
    other = admin_client.get(change_url(provincial))

    assert edition.name in changelist and "KIPP Jatim 2026" not in changelist
    assert other.status_code == 302  # the admin's "does not exist" redirect


@pytest.mark.parametrize("count", [1, 3])
def test_changelist_queries_do_not_grow_with_editions(admin_client, secretariat, django_assert_num_queries, count):
    organiser = secretariat.organiser_memberships.get().organiser
    for index in range(count):
        edition = EditionFactory(organiser=organiser, slug=f"kipp-{index}")
        StageFactory(edition=edition)

    with django_assert_num_queries(11):
        response = admin_client.get(reverse("admin:competitions_edition_changelist"))

    assert response.content.decode().count("30 April 2026, 23:59 WIB") == count


def test_change_page_shows_every_inline_and_the_extend_link(admin_client, open_edition):
    response = admin_client.get(change_url(open_edition))

    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == [
        "stages",
        "groups",
        "categories",
        "form_sections",
        "identification_questions",
        "attachment_types",
        "criteria",
        "documents",
        "announcements",
        "status_changes",
    ]
    assert reverse("admin:competitions_edition_extend_stage", args=[open_edition.pk]) in response.content.decode()


def test_saving_the_page_unchanged_works(admin_client, open_edition):
    data = form_data(admin_client.get(change_url(open_edition)))

    response = admin_client.post(change_url(open_edition), data)

    assert response.status_code == 302, errors_of(response)


# Bad input


def test_overlapping_stages_are_refused_with_a_clear_message(admin_client, open_edition):
    data = form_data(admin_client.get(change_url(open_edition)))
    entry_end = open_edition.stage_of(K.PROPOSAL_ENTRY).ends_at
    overlap = timezone.localtime(entry_end - timedelta(days=1))
    add_row(
        data,
        "stages",
        kind=K.ADMINISTRATIVE_SCREENING,
        starts_at_0=overlap.date().isoformat(),
        starts_at_1="00:00:00",
        ends_at_0=(overlap + timedelta(days=5)).date().isoformat(),
        ends_at_1="23:59:59",
        final_weight="0",
    )

    response = admin_client.post(change_url(open_edition), data)

    assert response.status_code == 200
    assert any("tumpang tindih" in message for message in errors_of(response))
    assert not open_edition.stages.filter(kind=K.ADMINISTRATIVE_SCREENING).exists()


def test_reversed_stage_dates_are_refused(admin_client, open_edition):
    data = form_data(admin_client.get(change_url(open_edition)))
    add_row(
        data,
        "stages",
        kind=K.PUBLICATION,
        starts_at_0="2027-06-30",
        starts_at_1="00:00:00",
        ends_at_0="2027-06-01",
        ends_at_1="23:59:59",
        final_weight="0",
    )

    response = admin_client.post(change_url(open_edition), data)

    assert "Tahap harus berakhir setelah dimulai." in errors_of(response)
    assert not open_edition.stages.filter(kind=K.PUBLICATION).exists()


def test_criteria_that_do_not_weigh_100_are_refused(admin_client, open_edition):
    desk = open_edition.stage_of(K.DESK_EVALUATION)
    data = form_data(admin_client.get(change_url(open_edition)))
    add_row(
        data,
        "criteria",
        stage=str(desk.pk),
        group="",
        order="1",
        name="Kebaruan",
        weight="60",
        scale_min="1",
        scale_max="10",
    )
    add_row(
        data,
        "criteria",
        stage=str(desk.pk),
        group="",
        order="2",
        name="Efektif",
        weight="30",
        scale_min="1",
        scale_max="10",
    )

    response = admin_client.post(change_url(open_edition), data)

    assert "Total bobot kriteria “Evaluasi proposal” adalah 90; totalnya harus 100." in errors_of(response)
    assert not Criterion.objects.exists()


def test_criteria_that_weigh_100_are_saved(admin_client, open_edition):
    desk = open_edition.stage_of(K.DESK_EVALUATION)
    data = form_data(admin_client.get(change_url(open_edition)))
    add_row(
        data,
        "criteria",
        stage=str(desk.pk),
        group="",
        order="1",
        name="Kebaruan",
        weight="60",
        scale_min="1",
        scale_max="10",
    )
    add_row(
        data,
        "criteria",
        stage=str(desk.pk),
        group="",
        order="2",
        name="Efektif",
        weight="40",
        scale_min="1",
        scale_max="10",
    )

    response = admin_client.post(change_url(open_edition), data)

    assert response.status_code == 302, errors_of(response)
    assert list(Criterion.objects.values_list("name", "weight")) == [("Kebaruan", 60), ("Efektif", 40)]


def test_final_score_shares_that_do_not_add_up_are_refused(admin_client, open_edition):
    data = form_data(admin_client.get(change_url(open_edition)))
    desk = open_edition.stage_of(K.DESK_EVALUATION)
    data[f"stages-{row_index(data, 'stages', desk.pk)}-final_weight"] = "70"

    response = admin_client.post(change_url(open_edition), data)

    assert "Jumlah porsi nilai akhir adalah 70%; jumlahnya harus 100%." in errors_of(response)


def test_a_section_without_a_word_limit_is_refused(admin_client, open_edition):
    group = open_edition.groups.get()
    data = form_data(admin_client.get(change_url(open_edition)))
    add_row(data, "form_sections", group=str(group.pk), order="2", title="Signifikansi", word_limit="", required="on")

    response = admin_client.post(change_url(open_edition), data)

    assert "Setiap bagian wajib memiliki batas jumlah kata." in errors_of(response)
    assert not FormSection.objects.filter(title="Signifikansi").exists()


def test_a_section_of_another_editions_group_cannot_be_chosen(admin_client, open_edition):
    foreign = GroupFactory(name="Kelompok Lain")
    data = form_data(admin_client.get(change_url(open_edition)))
    add_row(data, "form_sections", group=str(foreign.pk), order="2", title="Signifikansi", word_limit="600")

    response = admin_client.post(change_url(open_edition), data)

    assert response.status_code == 200
    assert not FormSection.objects.filter(title="Signifikansi").exists()


def test_a_started_stage_cannot_be_moved_by_editing_a_published_edition(admin_client, open_edition):
    entry = open_edition.stage_of(K.PROPOSAL_ENTRY)
    data = form_data(admin_client.get(change_url(open_edition)))
    index = row_index(data, "stages", entry.pk)
    data[f"stages-{index}-ends_at_0"] = timezone.localtime(entry.ends_at + timedelta(days=2)).date().isoformat()

    response = admin_client.post(change_url(open_edition), data)

    assert (
        "“Pengisian proposal” sudah dimulai; ubah waktu berakhirnya melalui “Perpanjang tahap” agar perubahan tercatat."
        in errors_of(response)
    )
    entry.refresh_from_db()
    assert entry.ends_at == open_edition.stage_of(K.PROPOSAL_ENTRY).ends_at


def test_archived_edition_is_read_only(admin_client, open_edition):
    Edition.objects.filter(pk=open_edition.pk).update(status=Edition.Status.ARCHIVED)

    page = admin_client.get(change_url(open_edition))
    response = admin_client.post(change_url(open_edition), {"name": "Diubah"})

    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert response.status_code == 403
    open_edition.refresh_from_db()
    assert open_edition.name != "Diubah"


def test_published_edition_cannot_be_deleted_but_a_draft_can(admin_client, open_edition):
    draft = EditionFactory(organiser=open_edition.organiser, status=Edition.Status.DRAFT)

    published = admin_client.post(reverse("admin:competitions_edition_delete", args=[open_edition.pk]), {"post": "yes"})
    removed = admin_client.post(reverse("admin:competitions_edition_delete", args=[draft.pk]), {"post": "yes"})

    assert published.status_code == 403
    assert removed.status_code == 302
    assert list(Edition.objects.all()) == [open_edition]


# Deleting rows proposals refer to (answer_model stands in for the submissions app's table)


@pytest.mark.django_db(transaction=True)
def test_deleting_an_answered_section_in_the_admin_is_refused_with_a_clear_message(
    admin_client, open_edition, answer_model
):
    section = FormSection.objects.get(title="Ringkasan")
    answer_model.objects.create(section=section, category=open_edition.categories.get())
    data = form_data(admin_client.get(change_url(open_edition)))
    data[f"form_sections-{row_index(data, 'form_sections', section.pk)}-DELETE"] = "on"

    response = admin_client.post(change_url(open_edition), data)

    assert response.status_code == 200
    assert errors_of(response) == [
        "“Ringkasan” tidak dapat dihapus: 1 proposal answer merujuk kepadanya. Proposal tetap memakai formulir saat "
        "proposal itu ditulis; ubahlah formulir untuk tahun berikutnya."
    ]
    assert FormSection.objects.filter(pk=section.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_an_answered_category_or_group_in_the_admin_is_refused(admin_client, open_edition, answer_model):
    section = FormSection.objects.get(title="Ringkasan")
    category = open_edition.categories.get()
    answer_model.objects.create(section=section, category=category)
    data = form_data(admin_client.get(change_url(open_edition)))
    data[f"categories-{row_index(data, 'categories', category.pk)}-DELETE"] = "on"
    data[f"groups-{row_index(data, 'groups', section.group_id)}-DELETE"] = "on"

    response = admin_client.post(change_url(open_edition), data)

    assert [message.split(":")[0] for message in errors_of(response)] == [
        "“Kelompok Umum” tidak dapat dihapus",
        "“Pelayanan Kesehatan” tidak dapat dihapus",
    ]
    assert open_edition.groups.exists() and open_edition.categories.exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_an_unanswered_section_in_the_admin_works(admin_client, open_edition, answer_model):
    section = FormSection.objects.get(title="Ringkasan")
    data = form_data(admin_client.get(change_url(open_edition)))
    data[f"form_sections-{row_index(data, 'form_sections', section.pk)}-DELETE"] = "on"

    response = admin_client.post(change_url(open_edition), data)

    assert response.status_code == 302, errors_of(response)
    assert not FormSection.objects.filter(pk=section.pk).exists()


# Actions


def test_publish_action_reports_what_is_missing(admin_client, secretariat):
    organiser = secretariat.organiser_memberships.get().organiser
    draft = EditionFactory(organiser=organiser, status=Edition.Status.DRAFT, short_name="KIPP 2027")

    response = admin_client.post(
        reverse("admin:competitions_edition_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    shown = [str(message) for message in response.context["messages"]]
    assert shown[0].startswith("KIPP 2027: Tambahkan tahap pengisian proposal")


def test_publish_action_publishes_a_ready_draft_and_logs_it(admin_client, open_edition, secretariat):
    Edition.objects.filter(pk=open_edition.pk).update(status=Edition.Status.DRAFT)
    Stage.objects.filter(edition=open_edition).update(starts_at=timezone.now() + timedelta(days=1))
    Stage.objects.filter(edition=open_edition, kind=K.PROPOSAL_ENTRY).update(ends_at=timezone.now() + timedelta(days=2))
    Stage.objects.filter(edition=open_edition, kind=K.DESK_EVALUATION).update(
        starts_at=timezone.now() + timedelta(days=3), ends_at=timezone.now() + timedelta(days=4)
    )

    admin_client.post(
        reverse("admin:competitions_edition_changelist"), {"action": "publish", "_selected_action": [open_edition.pk]}
    )

    open_edition.refresh_from_db()
    assert open_edition.status == Edition.Status.PUBLISHED
    assert open_edition.status_changes.get().created_by == secretariat


def test_clone_action_copies_to_next_year_in_one_step(admin_client, open_edition):
    response = admin_client.post(
        reverse("admin:competitions_edition_changelist"),
        {"action": "clone_to_next_year", "_selected_action": [open_edition.pk]},
        follow=True,
    )

    clone = Edition.objects.get(year=2027)
    assert (clone.slug, clone.status, clone.cloned_from) == ("kipp-2027", Edition.Status.DRAFT, open_edition)
    assert clone.form_sections.get().title == "Ringkasan"
    assert change_url(clone) in str(next(iter(response.context["messages"])))


# Extending a stage from the admin


def test_extend_stage_page_extends_and_logs(admin_client, open_edition, secretariat):
    entry = open_edition.stage_of(K.PROPOSAL_ENTRY)
    new_end = timezone.localtime(entry.ends_at + timedelta(days=4))
    url = reverse("admin:competitions_edition_extend_stage", args=[open_edition.pk])

    page = admin_client.get(url)
    response = admin_client.post(
        url,
        {
            "stage": entry.pk,
            "new_end_0": new_end.date().isoformat(),
            "new_end_1": "23:59:59",
            "reason": "Gangguan akses sistem",
        },
    )

    assert page.status_code == 200 and page.context["form"].initial["stage"] == entry.pk
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.ends_at == end_of_day_wib(new_end.date())
    assert StageExtension.objects.get().created_by == secretariat


def test_extend_stage_page_shows_why_it_refuses(admin_client, open_edition):
    entry = open_edition.stage_of(K.PROPOSAL_ENTRY)
    new_end = timezone.localtime(entry.ends_at + timedelta(days=15))

    response = admin_client.post(
        reverse("admin:competitions_edition_extend_stage", args=[open_edition.pk]),
        {"stage": entry.pk, "new_end_0": new_end.date().isoformat(), "new_end_1": "23:59:59", "reason": "Gangguan"},
    )

    assert response.status_code == 200
    assert "Waktu berakhir baru melewati awal “Evaluasi proposal”" in response.content.decode()
    assert not StageExtension.objects.exists()


def test_extend_stage_page_of_another_organisers_edition_is_refused(admin_client):
    provincial = EditionFactory(organiser__name="Pemerintah Provinsi Jawa Timur")

    response = admin_client.get(reverse("admin:competitions_edition_extend_stage", args=[provincial.pk]))

    assert response.status_code == 403


def test_group_admin_lists_the_secretariats_groups_with_invitations(admin_client, open_edition):
    GroupFactory(name="Kelompok Provinsi", edition=EditionFactory(organiser__name="Pemerintah Provinsi Jawa Timur"))

    html = admin_client.get(reverse("admin:competitions_group_changelist")).content.decode()

    assert "Kelompok Umum" in html and "Kelompok Provinsi" not in html
