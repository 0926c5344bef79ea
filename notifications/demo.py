"""Demo in-app notifications for `manage.py seed_demo`, so the notifications page is not empty.

Rows are written directly, without emails: seeding a demo should not fill anyone's inbox.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import DEMO_DOMAIN
from accounts.models import User
from notifications.events import get_event
from notifications.models import Notification
from notifications.rendering import render_email

# (demo user, event, context, hours ago, already read)
DEMO = [
    ("adminlokal", "agency_verified", {"agency": "Pemerintah Kota Surabaya"}, 72, True),
    (
        "adminlokal",
        "proposal_submitted",
        {"proposal_title": "Klinik Kependudukan Keliling", "unit": "Dinas Dukcapil", "submitted_by": "Dewi Lestari"},
        3,
        False,
    ),
    (
        "upp",
        "invitation",
        {"agency": "Pemerintah Kota Surabaya", "role": "Staf UPP", "inviter": "Agus Prasetyo"},
        96,
        True,
    ),
    (
        "upp",
        "proposal_returned",
        {
            "proposal_title": "Klinik Kependudukan Keliling",
            "comments": "Mohon lengkapi data jumlah layanan sebelum dan sesudah inovasi.",
            "returned_by": "Agus Prasetyo",
        },
        1,
        False,
    ),
    (
        "sekretariat",
        "agency_request_pending",
        {"agency": "Pemerintah Kabupaten Sleman", "applicant": "Sri Wahyuni"},
        2,
        False,
    ),
]


def seed() -> None:
    now = timezone.now()
    for local_part, key, context, hours_ago, read in DEMO:
        user = User.objects.filter(email=f"{local_part}@{DEMO_DOMAIN}").first()
        if user is None or Notification.objects.filter(user=user, event=key).exists():
            continue
        event = get_event(key)
        rendered = render_email(
            event=event,
            language=user.language,
            context={**event.example_context(), **context, "recipient_name": user.full_name, "url": "", "site_url": ""},
        )
        created = now - timedelta(hours=hours_ago)
        Notification.objects.create(
            user=user,
            event=key,
            title=rendered.subject,
            body=rendered.summary,
            url="/dasbor/",
            created_at=created,
            read_at=created + timedelta(hours=1) if read else None,
        )
