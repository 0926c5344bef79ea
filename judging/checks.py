"""The automatic screening checks, one function per rule, over data loaded in bulk.

`load_screening_data` reads everything the rules need for a whole edition in a fixed number of
queries (answers, identification answers, attachment counts, SDGs, awards); each check is then a
pure function of one proposal's `ProposalData` and returns findings. Completeness uses the same
validators as submission (competitions.forms_definition), so screening and the editor never
disagree about what "complete" means.

A finding is a dict {code, severity, message: {language: text}, detail}: the message is written
in every language of the site at check time (see `finding`).
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.forms_definition import (
    DRAFT_MAX_CHARACTERS,
    FormDefinition,
    count_words,
    validate_answers,
    validate_attachment_counts,
    validate_identification,
)
from competitions.models import Group
from judging.models import FindingCode, ScreeningRules, Severity
from submissions.models import Answer, Attachment, Award, IdentificationAnswer, Proposal

TOP_99_TIERS = (Award.Tier.TOP_99, Award.Tier.TOP_45, Award.Tier.OUTSTANDING)


@dataclass
class ProposalData:
    """One proposal and everything the checks read about it."""

    proposal: Proposal
    texts: dict[int, str] = field(default_factory=dict)
    identification: dict[int, str] = field(default_factory=dict)
    attachment_counts: dict[int, int] = field(default_factory=dict)
    sdg_count: int = 0
    awards: list[Award] = field(default_factory=list)
    replicates_top99: bool = False

    def text(self, form: FormDefinition) -> str:
        """The narrative answers in the form's section order: the text compared for near-duplicates."""
        ordered = [self.texts.get(section.pk, "") for section in form.sections]
        known = {section.pk for section in form.sections}
        ordered += [text for section_id, text in sorted(self.texts.items()) if section_id not in known]
        return "\n".join(text for text in ordered if text)


def load_screening_data(proposals: list[Proposal]) -> dict[int, ProposalData]:
    """ProposalData for each proposal, keyed by pk, in six queries whatever the number of proposals."""
    data = {proposal.pk: ProposalData(proposal=proposal) for proposal in proposals}
    ids = list(data)
    for chunk in _chunks(ids):
        for proposal_id, section_id, text in Answer.objects.filter(proposal_id__in=chunk).values_list(
            "proposal_id", "section_id", "text"
        ):
            data[proposal_id].texts[section_id] = text
        for proposal_id, question_id, value in IdentificationAnswer.objects.filter(proposal_id__in=chunk).values_list(
            "proposal_id", "question_id", "value"
        ):
            data[proposal_id].identification[question_id] = value
        for row in (
            Attachment.objects.filter(proposal_id__in=chunk, attachment_type__isnull=False)
            .values("proposal_id", "attachment_type_id")
            .annotate(files=Count("pk"))
        ):
            data[row["proposal_id"]].attachment_counts[row["attachment_type_id"]] = row["files"]
        for row in (
            Proposal.sdgs.through.objects.filter(proposal_id__in=chunk).values("proposal_id").annotate(sdgs=Count("pk"))
        ):
            data[row["proposal_id"]].sdg_count = row["sdgs"]
    innovations = defaultdict(list)
    for item in data.values():
        innovations[item.proposal.innovation_id].append(item)
    for chunk in _chunks(list(innovations)):
        for award in Award.objects.filter(innovation_id__in=chunk).order_by("year", "tier"):
            for item in innovations[award.innovation_id]:
                item.awards.append(award)
    replicated = {item.proposal.replicates_id for item in data.values() if item.proposal.replicates_id}
    top99 = set(
        Award.objects.filter(innovation_id__in=replicated, tier__in=TOP_99_TIERS).values_list(
            "innovation_id", flat=True
        )
    )
    for item in data.values():
        item.replicates_top99 = item.proposal.replicates_id in top99
    return data


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    # SQLite allows at most 999 parameters in one statement.
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- Findings ------------------------------------------------------------------------------------


def finding(code: str, severity: int, message: Callable[[], str], detail: dict | None = None) -> dict:
    """A finding whose message is rendered by `message()` in every language of the site."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts[language] = str(message())
    return {"code": str(code), "severity": int(severity), "message": texts, "detail": detail or {}}


def _completeness_problems(item: ProposalData, form: FormDefinition) -> tuple[list[str], list[str]]:
    """(missing things, word-limit excesses) in the active language, as submission reports them."""
    proposal = item.proposal
    missing: list[str] = []
    over: list[str] = []
    if not proposal.category_id:
        missing.append(_("Choose a category."))
    if not item.sdg_count:
        missing.append(_("Choose at least one SDG."))
    if not proposal.innovation.started_on:
        missing.append(_("Enter the date implementation started."))
    if proposal.group.kind == Group.Kind.REPLIKASI:
        if proposal.replicates_id is None:
            missing.append(_("Choose the Top 99 innovation this one replicates."))
        elif not item.replicates_top99:
            missing.append(_("The innovation you replicate must be a Top 99 innovation."))
    questions = form.question_map()
    for question_id, messages in validate_identification(
        form=form, answers=item.identification, for_submission=True
    ).items():
        missing.append(f"{questions.get(question_id, question_id)}: {' '.join(messages)}")
    sections = form.section_map()
    answers = {
        section_id: text if section_id not in sections or not _fits(text, sections[section_id].word_limit) else "…"
        for section_id, text in item.texts.items()
    }
    for section_id, messages in validate_answers(form=form, answers=answers, for_submission=True).items():
        section = sections.get(section_id)
        words = count_words(item.texts.get(section_id))
        target = over if section is not None and words > section.word_limit else missing
        target.append(f"{section or section_id}: {' '.join(messages)}")
    for kind in form.attachment_types:
        if kind.required and not item.attachment_counts.get(kind.pk):
            missing.append(_("Attach: %(name)s.") % {"name": kind})
    types = form.attachment_type_map()
    for type_id, messages in validate_attachment_counts(
        form=form, counts=item.attachment_counts, for_submission=False
    ).items():
        missing.append(f"{types.get(type_id, type_id)}: {' '.join(messages)}")
    if not proposal.truthfulness_declared_at:
        missing.append(_("Declare that the information is true."))
    return missing, over


# Python's str.split() splits on the same white space as count_words, plus U+001C..U+001F.
_SPLIT_ONLY = re.compile("[\x1c-\x1f]")


def _fits(text: str, limit: int) -> bool:
    """Whether a section's text is filled in and within its limit, counted the fast way.

    count_words (the rule) walks a regex word by word; over 3,500 proposals of 2,000 words that is
    seconds. Sections that plainly fit are handed to validate_answers as a one-word stand-in, so the
    shared validator still decides everything and words are counted exactly only where it matters.
    """
    if _SPLIT_ONLY.search(text):
        return 0 < count_words(text) <= limit
    return 0 < len(text.split()) <= limit and len(text) <= DRAFT_MAX_CHARACTERS


def check_completeness(item: ProposalData, form: FormDefinition) -> list[dict]:
    """Required identification, sections, attachments and the declaration; word limits."""
    missing, over = _completeness_problems(item, form)
    findings = []
    if missing:
        findings.append(
            finding(
                FindingCode.INCOMPLETE,
                Severity.ERROR,
                lambda: " ".join(_completeness_problems(item, form)[0]),
                {"count": len(missing)},
            )
        )
    if over:
        findings.append(
            finding(
                FindingCode.WORD_LIMIT,
                Severity.ERROR,
                lambda: " ".join(_completeness_problems(item, form)[1]),
                {"count": len(over)},
            )
        )
    return findings


def check_minimum_age(item: ProposalData, latest_start: date | None, years: int) -> list[dict]:
    """Implementation must have started on or before the group's latest start date (see
    Group.latest_start_date: `years` years back from the WIB date proposal entry closed)."""
    started = item.proposal.innovation.started_on
    if started is None or latest_start is None or years == 0 or started <= latest_start:
        return []
    return [
        finding(
            FindingCode.TOO_YOUNG,
            Severity.ERROR,
            lambda: (
                ngettext(
                    "Implementation started on %(started)s; this group needs at least %(years)d year, "
                    "so a start on or before %(latest)s.",
                    "Implementation started on %(started)s; this group needs at least %(years)d years, "
                    "so a start on or before %(latest)s.",
                    years,
                )
                % {
                    "started": date_format(started, "j F Y"),
                    "years": years,
                    "latest": date_format(latest_start, "j F Y"),
                }
            ),
            {"started_on": started.isoformat(), "latest_start": latest_start.isoformat(), "years": years},
        )
    ]


def check_award_history(item: ProposalData, rules: ScreeningRules, edition_year: int) -> list[dict]:
    """Top 99 too often, already a winner (rules per edition); an earlier Top 99 place is noted."""
    proposal = item.proposal
    earlier = [award for award in item.awards if award.year < edition_year]
    top99_years = sorted({award.year for award in earlier if award.tier in TOP_99_TIERS})
    wins = [award for award in earlier if award.tier in rules.winner_tier_list]
    exempt = rules.exempt_khusus and proposal.group.kind == Group.Kind.KHUSUS
    findings = []
    if not exempt and rules.exclude_past_winners and wins:
        findings.append(
            finding(
                FindingCode.PAST_WINNER,
                Severity.ERROR,
                lambda: (
                    _("Already a winner: %(awards)s.")
                    % {"awards": ", ".join(f"{award.get_tier_display()} {award.year}" for award in wins)}
                ),
                {"awards": [[award.tier, award.year] for award in wins]},
            )
        )
    if not exempt and rules.max_top99_times and len(top99_years) >= rules.max_top99_times:
        findings.append(
            finding(
                FindingCode.TOP_99_TWICE,
                Severity.ERROR,
                lambda: (
                    ngettext(
                        "In the Top 99 %(times)d time (%(years)s); %(limit)d times makes an innovation ineligible.",
                        "In the Top 99 %(times)d times (%(years)s); %(limit)d times makes an innovation ineligible.",
                        len(top99_years),
                    )
                    % {
                        "times": len(top99_years),
                        "years": ", ".join(map(str, top99_years)),
                        "limit": rules.max_top99_times,
                    }
                ),
                {"years": top99_years},
            )
        )
    if top99_years and not findings:
        findings.append(
            finding(
                FindingCode.PAST_TOP_99,
                Severity.INFO,
                lambda: _("In the Top 99 before: %(years)s.") % {"years": ", ".join(map(str, top99_years))},
                {"years": top99_years},
            )
        )
    return findings


def normalised_title(title: str) -> str:
    """Titles compared without case, punctuation or extra spaces ("SI-CANTIK" = "Si Cantik")."""
    cleaned = "".join(character if character.isalnum() else " " for character in title.casefold())
    return " ".join(cleaned.split())


def check_duplicate_titles(items: Iterable[ProposalData]) -> dict[int, list[dict]]:
    """Proposals of the edition with the same title, each told which others share it."""
    by_title: dict[str, list[Proposal]] = defaultdict(list)
    for item in items:
        title = normalised_title(item.proposal.title)
        if title:
            by_title[title].append(item.proposal)
    findings: dict[int, list[dict]] = {}
    for proposals in by_title.values():
        if len(proposals) < 2:
            continue
        for proposal in proposals:
            others = [other for other in proposals if other.pk != proposal.pk]
            findings[proposal.pk] = [
                finding(
                    FindingCode.DUPLICATE_TITLE,
                    Severity.WARNING,
                    lambda others=others: (
                        _("The same title was entered by: %(others)s.")
                        % {
                            "others": "; ".join(
                                f"{other.innovation.agency.name} ({other.innovation.unit.name})" for other in others
                            )
                        }
                    ),
                    {"proposals": [other.pk for other in others]},
                )
            ]
    return findings


def near_duplicate_finding(*, pair_id: int, other: Proposal, similarity: float, same_innovation: bool) -> dict:
    """The finding for one side of a near-duplicate pair (a re-entry of the same innovation is a note)."""
    percent = round(similarity * 100)
    detail = {"pair": pair_id, "other": other.pk, "similarity": round(similarity, 4)}
    if same_innovation:
        return finding(
            FindingCode.EARLIER_ENTRY,
            Severity.INFO,
            lambda: (
                _("%(percent)d%% the same as this innovation's own proposal in %(edition)s.")
                % {"percent": percent, "edition": other.edition}
            ),
            detail,
        )
    return finding(
        FindingCode.NEAR_DUPLICATE,
        Severity.WARNING,
        lambda: (
            _("%(percent)d%% the same as “%(title)s” (%(agency)s, %(edition)s).")
            % {
                "percent": percent,
                "title": other.title,
                "agency": other.innovation.agency.name,
                "edition": other.edition,
            }
        ),
        detail,
    )
