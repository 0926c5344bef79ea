"""What a juror sees of a proposal, with names hidden in blind rounds.

The one place that decides what jurors see: the scoring page, the queue, the PDF and the reminder
emails all go through `proposal_for_jury` or `displayed_title`. In a blind round the structured
fields that name the agency or people (agency, UPP, region, innovators, contact questions) are
replaced by "Agency hidden", and the free text is cleaned of the names we know: the agency's, its
parent's, the UPP's, the region's, the innovators', plus email addresses and phone numbers. Free
text can still describe an agency in other words; no filter can promise more than that.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from competitions.forms_definition import FormDefinition, count_words
from competitions.models import IdentificationQuestion
from submissions.models import Proposal

AGENCY_HIDDEN = _("Agency hidden")
HIDDEN = _("[hidden]")
# Questions whose answers are contacts or links (an agency's website names it): hidden outright.
HIDDEN_KINDS = {
    IdentificationQuestion.Kind.EMAIL,
    IdentificationQuestion.Kind.URL,
    IdentificationQuestion.Kind.YOUTUBE,
}
REGION_PREFIXES = ("Kabupaten ", "Kota ", "Provinsi ")
# A bare place name ("Banyuwangi") is hidden only when capitalised and long enough, so that short
# names that are also words ("Batu", "Malang" written in lower case) do not mangle the text.
BARE_NAME_MIN = 5
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(\+62|0)[\d\s().-]{7,16}\d")

# What a proposal needs loaded for these helpers to run without further queries per field.
RELATED = (
    "innovation__agency__region__province",
    "innovation__agency__parent__region",
    "innovation__unit",
    "group",
    "category",
    "edition",
)


@dataclass
class Section:
    title: str
    text: str
    words: int
    word_limit: int


@dataclass
class ProposalForJury:
    proposal: Proposal
    blind: bool
    title: str
    agency: str
    agency_kind: str
    unit: str
    region: str
    province: str
    innovators: list[str]
    started_on: date | None
    group: str
    category: str
    sdgs: list[str] = field(default_factory=list)
    identification: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    attachments: list = field(default_factory=list)


def _innovator_names(proposal: Proposal) -> list[str]:
    names = []
    for line in proposal.innovation.innovators.splitlines():
        name = line.split(",")[0].strip()
        if len(name) >= 3:
            names.append(name)
    return names


def names_of(proposal: Proposal) -> tuple[list[str], list[str]]:
    """(names hidden in any case, bare place names hidden only as capitalised words)."""
    agency = proposal.innovation.agency
    exact = [agency.name, proposal.innovation.unit.name, *_innovator_names(proposal)]
    bare = []
    for related in (agency, agency.parent):
        if related is None:
            continue
        exact.append(related.name)
        if related.region_id:
            exact.append(related.region.name)
            for prefix in REGION_PREFIXES:
                if related.region.name.startswith(prefix):
                    bare.append(related.region.name.removeprefix(prefix))
            if related.region.level == related.region.Level.PROVINCE:
                bare.append(related.region.name)
    # Longest first, so "Pemerintah Kota Surabaya" goes before "Kota Surabaya" and "Surabaya".
    exact = sorted({name.strip() for name in exact if len(name.strip()) >= 3}, key=len, reverse=True)
    bare = sorted({name for name in bare if len(name) >= BARE_NAME_MIN}, key=len, reverse=True)
    return exact, bare


def scrub(text: str, names: tuple[list[str], list[str]]) -> str:
    """`text` with the known names, email addresses and phone numbers replaced by [hidden]."""
    if not text:
        return text
    exact, bare = names
    hidden = str(HIDDEN)
    for name in exact:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", hidden, text, flags=re.IGNORECASE)
    for name in bare:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", hidden, text)
    text = EMAIL.sub(hidden, text)
    return PHONE.sub(hidden, text)


def displayed_title(proposal: Proposal, *, blind: bool) -> str:
    return scrub(proposal.title, names_of(proposal)) if blind else proposal.title


def proposal_for_jury(proposal: Proposal, *, blind: bool, with_attachments: bool = True) -> ProposalForJury:
    """Everything the juror sees of `proposal` (load it with RELATED), names hidden when `blind`."""
    agency = proposal.innovation.agency
    province = agency.province
    names = names_of(proposal) if blind else ([], [])

    def clean(text: str) -> str:
        return scrub(text, names) if blind else text

    form = FormDefinition.for_group(proposal.group)
    answers = {answer.section_id: answer.text for answer in proposal.answers.all()}
    identification = []
    for answer in proposal.identification_answers.select_related("question").order_by(
        "question__order", "question__pk"
    ):
        if not answer.value:
            continue
        value = answer.value
        if blind and answer.question.kind in HIDDEN_KINDS:
            value = str(HIDDEN)
        identification.append((str(answer.question), clean(value)))
    attachments = []
    if with_attachments and not blind:
        attachments = list(proposal.attachments.select_related("attachment_type", "section"))
    return ProposalForJury(
        proposal=proposal,
        blind=blind,
        title=clean(proposal.title),
        agency=str(AGENCY_HIDDEN) if blind else agency.name,
        agency_kind=agency.get_kind_display(),
        unit=str(AGENCY_HIDDEN) if blind else proposal.innovation.unit.name,
        region=str(AGENCY_HIDDEN) if blind else (agency.region.name if agency.region_id else ""),
        province=str(AGENCY_HIDDEN) if blind else (province.name if province else ""),
        innovators=[] if blind else [line for line in proposal.innovation.innovators.splitlines() if line.strip()],
        started_on=proposal.innovation.started_on,
        group=str(proposal.group),
        category=str(proposal.category) if proposal.category_id else "",
        sdgs=[str(sdg) for sdg in proposal.sdgs.all()],
        identification=identification,
        sections=[
            Section(
                title=str(section),
                text=clean(answers.get(section.pk, "")),
                words=count_words(answers.get(section.pk, "")),
                word_limit=section.word_limit,
            )
            for section in form.sections
        ],
        attachments=attachments,
    )
