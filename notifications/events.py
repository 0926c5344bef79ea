"""Every kind of notification the portal sends, with the placeholders its templates may use.

An event's built-in wording lives in files under notifications/templates/notifications/email/:
`<key>.subject.txt`, `<key>.txt` (the body's text, between the standard greeting and footer) and,
optionally, `<key>.html` (the body's HTML; when absent it is made from the text). The secretariat
may replace subject and text per language in the admin (EmailTemplate) using the placeholders
listed here, written `{{ name }}`.

Callers pass the placeholders in `context`. Values may be strings, numbers, dates, aware
datetimes (shown in WIB) or lazy translations, which are rendered in the recipient's language.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WIB = ZoneInfo("Asia/Jakarta")
EXAMPLE_DEADLINE = datetime(2026, 4, 30, 23, 59, tzinfo=WIB)
EXAMPLE_START = datetime(2026, 7, 14, 9, 0, tzinfo=WIB)


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: Promise
    example: Any
    required: bool = True


@dataclass(frozen=True)
class Event:
    key: str
    name: Promise
    # Completes "You receive this email because …" in the footer.
    reason: Promise
    # The label of the button that opens the notification's link.
    action: Promise
    placeholders: tuple[Placeholder, ...] = field(default=())

    @property
    def required(self) -> frozenset[str]:
        return frozenset(p.name for p in self.placeholders if p.required)

    def all_placeholders(self) -> tuple[Placeholder, ...]:
        """The event's own placeholders and those every message has."""
        return self.placeholders + COMMON_PLACEHOLDERS

    def example_context(self) -> dict[str, Any]:
        return {p.name: p.example for p in self.placeholders}


class UnknownEvent(KeyError):
    pass


COMMON_PLACEHOLDERS = (
    Placeholder(
        "recipient_name",
        _("The recipient's name: from the account, or the context's 'name' for a plain email address."),
        "Agus Prasetyo",
    ),
    Placeholder("url", _("The link of the button (absolute), empty when there is none."), "https://sinovik.example"),
    Placeholder("site_url", _("The portal's address."), "https://sinovik.example"),
)

AGENCY = Placeholder("agency", _("The agency's name."), "Pemerintah Kota Surabaya")
NAME = Placeholder("name", _("The name of the person the request or invitation is for."), "Agus Prasetyo", False)
TITLE = Placeholder("proposal_title", _("The innovation's title."), "Klinik Kependudukan Keliling")
UNIT = Placeholder("unit", _("The UPP (public service unit)."), "Dinas Kependudukan dan Pencatatan Sipil", False)
EDITION = Placeholder("edition", _("The competition edition."), "KIPP 2026")
STAGE = Placeholder("stage", _("The stage of the edition."), _("Proposal entry"))
CLOSES_AT = Placeholder("closes_at", _("When the stage closes (shown in WIB)."), EXAMPLE_DEADLINE)
ITEMS = Placeholder(
    "items",
    _("The list of things to do, one per line."),
    ["Klinik Kependudukan Keliling", "Sekolah Sungai Surabaya"],
)


def _events(*events: Event) -> dict[str, Event]:
    return {event.key: event for event in events}


EVENTS: dict[str, Event] = _events(
    Event(
        "agency_email_verification",
        _("Agency request: confirm the email address"),
        _("someone asked for a SiNovik agency account with this address."),
        _("Confirm the email address"),
        (AGENCY, NAME),
    ),
    Event(
        "agency_request_received",
        _("Agency request received"),
        _("you asked for a SiNovik agency account."),
        _("Open SiNovik"),
        (AGENCY, NAME),
    ),
    Event(
        "agency_request_pending",
        _("Agency request waiting for verification"),
        _("you verify agency requests for the secretariat."),
        _("Review the request"),
        (AGENCY, Placeholder("applicant", _("The name of the Admin Lokal who asked."), "Agus Prasetyo")),
    ),
    Event(
        "agency_verified",
        _("Agency verified"),
        _("you asked for a SiNovik agency account."),
        _("Set up your account"),
        (AGENCY, NAME),
    ),
    Event(
        "agency_rejected",
        _("Agency request rejected"),
        _("you asked for a SiNovik agency account."),
        _("Open SiNovik"),
        (
            AGENCY,
            NAME,
            Placeholder("reason", _("Why the secretariat rejected the request."), _("The letter is not signed.")),
        ),
    ),
    Event(
        "invitation",
        _("Invitation to join an agency"),
        _("someone at your agency invited this address to SiNovik."),
        _("Accept the invitation"),
        (
            AGENCY,
            UNIT,
            Placeholder("role", _("The role offered."), _("UPP staff")),
            NAME,
            Placeholder("inviter", _("Who sent the invitation."), "Rina Kusumawati", False),
            Placeholder("expires_at", _("When the invitation expires (shown in WIB)."), EXAMPLE_DEADLINE, False),
        ),
    ),
    Event(
        "proposal_submitted",
        _("Proposal submitted to the Admin Lokal"),
        _("you are an Admin Lokal of this agency."),
        _("Review the proposal"),
        (TITLE, UNIT, Placeholder("submitted_by", _("Who submitted it."), "Dewi Lestari")),
    ),
    Event(
        "proposal_returned",
        _("Proposal returned with comments"),
        _("you work on this proposal."),
        _("Revise the proposal"),
        (
            TITLE,
            Placeholder("comments", _("The Admin Lokal's comments."), _("Please add the before-and-after figures.")),
            Placeholder("returned_by", _("Who returned it."), "Agus Prasetyo", False),
        ),
    ),
    Event(
        "proposal_forwarded",
        _("Proposal forwarded to the organiser"),
        _("you work on this proposal."),
        _("Open the proposal"),
        (TITLE, AGENCY, EDITION),
    ),
    Event(
        "screening_result",
        _("Administrative screening result"),
        _("your agency entered this proposal."),
        _("See the result"),
        (
            TITLE,
            EDITION,
            Placeholder("result", _("The result (passed or not passed)."), _("passed")),
            Placeholder("notes", _("The secretariat's notes."), "", False),
        ),
    ),
    Event(
        "jury_assigned",
        _("Proposals assigned to you"),
        _("you are on a jury of this edition."),
        _("Start scoring"),
        (
            EDITION,
            STAGE,
            Placeholder("count", _("How many proposals were assigned."), 120),
            Placeholder("deadline", _("When scores are due (shown in WIB)."), EXAMPLE_DEADLINE),
        ),
    ),
    Event(
        "round_opening",
        _("A stage opens"),
        _("you take part in this edition."),
        _("Open SiNovik"),
        (
            EDITION,
            STAGE,
            Placeholder("opens_at", _("When the stage opens (shown in WIB)."), EXAMPLE_START),
            CLOSES_AT,
        ),
    ),
    Event(
        "round_closing",
        _("A stage is about to close"),
        _("you take part in this edition."),
        _("Open SiNovik"),
        (EDITION, STAGE, CLOSES_AT),
    ),
    Event(
        "deadline_reminder",
        _("Reminder: proposals not yet sent on"),
        _("you work on proposals that have not been sent on yet."),
        _("Open your proposals"),
        (EDITION, STAGE, CLOSES_AT, ITEMS),
    ),
    Event(
        "scoring_reminder",
        _("Reminder: proposals not yet scored"),
        _("you are on a jury with proposals still to score."),
        _("Continue scoring"),
        (EDITION, STAGE, Placeholder("deadline", _("When scores are due (shown in WIB)."), EXAMPLE_DEADLINE), ITEMS),
    ),
    Event(
        "finalists_announced",
        _("Finalists announced"),
        _("you take part in this edition."),
        _("See the finalists"),
        (
            EDITION,
            Placeholder("objections_close_at", _("End of the public objection period (WIB)."), EXAMPLE_DEADLINE),
        ),
    ),
    Event(
        "objection_email_verification",
        _("Objection: confirm the email address"),
        _("someone filed an objection during a public objection period with this address."),
        _("Confirm the email address"),
        (TITLE, EDITION, NAME),
    ),
    Event(
        "objection_received",
        _("Objection received"),
        _("an objection concerns an innovation of your agency, or you handle objections."),
        _("Open the objection"),
        (TITLE, EDITION),
    ),
    Event(
        "objection_decided",
        _("Objection decided"),
        _("you filed this objection or it concerns your agency's innovation."),
        _("See the decision"),
        (
            TITLE,
            Placeholder("decision", _("The decision."), _("The objection is rejected.")),
            Placeholder("reason", _("The grounds of the decision."), _("The data was verified on site."), False),
        ),
    ),
    Event(
        "interview_slot",
        _("Presentation and interview slot"),
        _("your agency's innovation is a finalist."),
        _("Confirm the slot"),
        (
            TITLE,
            Placeholder("starts_at", _("When the interview starts (shown in WIB)."), EXAMPLE_START),
            Placeholder("confirm_by", _("Confirm attendance before (shown in WIB)."), EXAMPLE_DEADLINE, False),
        ),
    ),
    Event(
        "interview_declined",
        _("A finalist declined its interview slot"),
        _("you handle the presentations and interviews of this edition."),
        _("Open the slots"),
        (
            TITLE,
            Placeholder("agency", _("The finalist's agency."), "Pemerintah Kota Surabaya"),
            Placeholder("starts_at", _("When the declined interview was to start (shown in WIB)."), EXAMPLE_START),
        ),
    ),
    Event(
        "field_visit_assigned",
        _("Field verification visit"),
        _("the secretariat made you a verifier of a finalist's field visit."),
        _("Open the visit"),
        (
            TITLE,
            Placeholder("agency", _("The finalist's agency."), "Pemerintah Kota Surabaya"),
            Placeholder("planned_on", _("The planned day of the visit."), date(2026, 7, 20)),
        ),
    ),
    Event(
        "results",
        _("Results published"),
        _("you take part in this edition."),
        _("See the results"),
        (EDITION, TITLE, Placeholder("tier", _("The tier reached."), "Top 45")),
    ),
    Event(
        "certificate_ready",
        _("Certificate ready"),
        _("your agency's innovation received a certificate."),
        _("Download the certificate"),
        (EDITION, TITLE),
    ),
    Event(
        "book_published",
        _("Book published"),
        _("you take part in this edition."),
        _("Read the book"),
        (EDITION, Placeholder("book_title", _("The book's title."), "Top 99 Inovasi Pelayanan Publik 2026")),
    ),
    Event(
        "group_message",
        _("Message from the secretariat"),
        _("the SiNovik secretariat wrote to a group you belong to."),
        _("Open SiNovik"),
        (
            Placeholder("subject", _("The subject the secretariat wrote."), _("Proposal entry closes soon")),
            Placeholder(
                "body",
                _("The message the secretariat wrote."),
                _("Please make sure every proposal of your agency is forwarded before the deadline."),
            ),
        ),
    ),
)


def get_event(key: str) -> Event:
    try:
        return EVENTS[key]
    except KeyError:
        raise UnknownEvent(f"Unknown notification event {key!r}; see notifications/events.py") from None
