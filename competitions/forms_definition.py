"""Checking a proposal's answers against its edition's form, with no proposal model involved.

The submissions app stores answers (section id -> text, question id -> text, files per attachment
type) and asks these functions what is wrong. They are pure: the form is loaded once into a
FormDefinition and nothing here writes to the database.

Words are counted by `count_words`, the one rule used on the server and, mirrored exactly, in the
browser (`SiNovik.countWords` in static/js/competitions.js): a word is a maximal run of characters
that are not Unicode white space (the 25 code points with the White_Space property, listed in
WHITESPACE). Punctuation, numbers, emoji and hyphenated or slashed compounds count as they are
written: "e-KTP" is one word, "sebelum / sesudah" three. Answers are plain text; no HTML is
stripped. Zero-width characters are not white space, so they never split a word.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.models import AttachmentType, FormSection, Group, IdentificationQuestion

# The Unicode White_Space property, written out so Python and JavaScript use the very same set
# (Python's str.split() also splits on U+001C..U+001F; JavaScript's \s also matches U+FEFF).
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WORD = re.compile(f"[^{WHITESPACE}]+")

# A draft may run over the word limit while it is being edited (nothing typed is lost) but not
# grow without bound; about ten characters a word for the longest sections, with room to spare.
DRAFT_MAX_CHARACTERS = 60_000
ANSWER_MAX_CHARACTERS = {IdentificationQuestion.Kind.LONG_TEXT: 5_000}
SHORT_ANSWER_MAX_CHARACTERS = 500

YES, NO = "yes", "no"
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}

# Leading bytes of the file types organisers usually ask for; other types are checked by name only.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
}


def count_words(text: str | None) -> int:
    """The number of words in `text`: maximal runs of non-white-space characters (see module docs)."""
    if not text:
        return 0
    return sum(1 for _match in _WORD.finditer(text))


@dataclass(frozen=True)
class FormDefinition:
    """Everything a proposal in one group of one edition must answer, loaded in three queries."""

    group: Group
    sections: tuple[FormSection, ...]
    questions: tuple[IdentificationQuestion, ...]
    attachment_types: tuple[AttachmentType, ...]

    @classmethod
    def for_group(cls, group: Group) -> "FormDefinition":
        this_group_or_all = Q(group__isnull=True) | Q(group=group)
        return cls(
            group=group,
            sections=tuple(FormSection.objects.filter(group=group).order_by("order", "pk")),
            questions=tuple(
                IdentificationQuestion.objects.filter(this_group_or_all, edition_id=group.edition_id).order_by(
                    "order", "pk"
                )
            ),
            attachment_types=tuple(
                AttachmentType.objects.filter(this_group_or_all, edition_id=group.edition_id).order_by("order", "pk")
            ),
        )

    def section_map(self) -> dict[int, FormSection]:
        return {section.pk: section for section in self.sections}

    def question_map(self) -> dict[int, IdentificationQuestion]:
        return {question.pk: question for question in self.questions}

    def attachment_type_map(self) -> dict[int, AttachmentType]:
        return {kind.pk: kind for kind in self.attachment_types}


def validate_answers(
    *, form: FormDefinition, answers: Mapping[int, str | None], for_submission: bool
) -> dict[int, list[str]]:
    """Problems with the section answers `answers` (section id -> text), keyed by section id.

    Saving a draft (for_submission=False) is refused only for answers to sections that are not on
    this form and for text beyond DRAFT_MAX_CHARACTERS; a draft may be incomplete or over a word
    limit. Submitting (for_submission=True) also needs every required section answered and every
    answer within its word limit. An empty dict means no problem.
    """
    sections = form.section_map()
    errors: dict[int, list[str]] = {}
    for section_id, text in answers.items():
        if section_id not in sections:
            errors[section_id] = [_("This section is not part of the form of this group.")]
        elif len(text or "") > DRAFT_MAX_CHARACTERS:
            errors[section_id] = [_("This answer is far too long to save; shorten it.")]
    if not for_submission:
        return errors
    for section in form.sections:
        words = count_words(answers.get(section.pk))
        if words == 0 and section.required:
            errors.setdefault(section.pk, []).append(_("This section must be filled in."))
        elif words > section.word_limit:
            errors.setdefault(section.pk, []).append(word_limit_message(words, section.word_limit))
    return errors


def word_limit_message(words: int, limit: int) -> str:
    excess = words - limit
    return ngettext(
        "%(words)d words, over the limit of %(limit)d: remove %(excess)d word.",
        "%(words)d words, over the limit of %(limit)d: remove %(excess)d words.",
        excess,
    ) % {"words": words, "limit": limit, "excess": excess}


def validate_identification(
    *, form: FormDefinition, answers: Mapping[int, str | None], for_submission: bool
) -> dict[int, list[str]]:
    """Problems with identification answers (question id -> text), keyed by question id.

    Answers are stored as text: yes/no as "yes" or "no", dates as YYYY-MM-DD. As with sections, a
    draft is refused only for unknown questions and overlong text; submitting also needs required
    questions answered and every answer well formed. A question asked only if another is answered
    yes is neither required nor checked while that answer is not yes.
    """
    questions = form.question_map()
    errors: dict[int, list[str]] = {}
    for question_id, text in answers.items():
        question = questions.get(question_id)
        if question is None:
            errors[question_id] = [_("This question is not part of the form of this group.")]
        elif len(text or "") > ANSWER_MAX_CHARACTERS.get(question.kind, SHORT_ANSWER_MAX_CHARACTERS):
            errors[question_id] = [_("This answer is too long.")]
    if not for_submission:
        return errors
    for question in form.questions:
        if question.pk in errors or not _is_asked(question, answers):
            continue
        value = (answers.get(question.pk) or "").strip()
        if not value:
            if question.required:
                errors[question.pk] = [_("Please answer this question.")]
            continue
        problem = _answer_problem(question, value, year=form.group.edition.year)
        if problem:
            errors[question.pk] = [problem]
    return errors


def _is_asked(question: IdentificationQuestion, answers: Mapping[int, str | None]) -> bool:
    if question.shown_if_id is None:
        return True
    return (answers.get(question.shown_if_id) or "").strip() == YES


def _answer_problem(question: IdentificationQuestion, value: str, *, year: int) -> str | None:
    kinds = IdentificationQuestion.Kind
    if question.kind == kinds.YES_NO and value not in (YES, NO):
        return _("Answer yes or no.")
    if question.kind == kinds.CHOICE and value not in question.choice_list:
        return _("Choose one of the options given.")
    if question.kind == kinds.NUMBER and not (value.isascii() and value.isdigit()):
        return _("Enter a whole number.")
    if question.kind == kinds.YEAR and not (value.isascii() and value.isdigit() and 1945 <= int(value) <= year):
        return _("Enter a year between 1945 and %(year)d.") % {"year": year}
    if question.kind == kinds.DATE:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return _("Enter a date as YYYY-MM-DD.")
    if question.kind in (kinds.URL, kinds.YOUTUBE):
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            return _("Enter a full web address starting with https://.")
        if question.kind == kinds.YOUTUBE and (urlsplit(value).hostname or "").lower() not in YOUTUBE_HOSTS:
            return _("Enter a link to a YouTube video (youtube.com or youtu.be).")
    if question.kind == kinds.EMAIL:
        try:
            EmailValidator()(value)
        except ValidationError:
            return _("Enter a valid email address.")
    return None


def validate_upload(*, allowed_extensions: list[str], max_size_kb: int, name: str, size: int, head: bytes) -> list[str]:
    """Problems with one uploaded file: its extension, its size and, for common types, its content.

    `head` is the file's first bytes (16 are plenty): a file renamed to .pdf without being one is
    refused. Use `upload_problems` for an attachment type or a section's evidence.
    """
    problems = []
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed_extensions:
        problems.append(
            _("Only %(types)s files are accepted.")
            % {"types": get_text_list([kind.upper() for kind in allowed_extensions], _("or"))}
        )
    if size == 0:
        problems.append(_("The file is empty."))
    elif size > max_size_kb * 1024:
        problems.append(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_size_kb * 1024)}
        )
    signatures = FILE_SIGNATURES.get(extension) if extension in allowed_extensions and size else None
    if signatures and not head.startswith(signatures):
        problems.append(_("The file's content is not a %(type)s file.") % {"type": extension.upper()})
    return problems


def upload_problems(*, target: AttachmentType | FormSection, upload) -> list[str]:
    """Problems with `upload` (a Django UploadedFile or File) as an attachment or as section evidence."""
    if isinstance(target, FormSection):
        if not target.evidence_max_files:
            return [_("This section does not take supporting files.")]
        allowed, max_size_kb = target.evidence_extensions, target.evidence_max_size_kb
    else:
        allowed, max_size_kb = target.extensions, target.max_size_kb
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    return validate_upload(
        allowed_extensions=allowed, max_size_kb=max_size_kb, name=upload.name or "", size=upload.size, head=head
    )


def validate_attachment_counts(
    *,
    form: FormDefinition,
    counts: Mapping[int, int],
    evidence_counts: Mapping[int, int] | None = None,
    for_submission: bool,
) -> dict[int | str, list[str]]:
    """Problems with how many files a proposal holds per attachment type (and per section's evidence).

    `counts` maps attachment type id -> number of files, `evidence_counts` section id -> number
    of evidence files. Too many files is always a problem; a missing required attachment only when
    submitting. Keys are attachment type ids, and "section-<id>" for evidence.
    """
    errors: dict[int | str, list[str]] = {}
    types = form.attachment_type_map()
    for type_id, count in counts.items():
        kind = types.get(type_id)
        if kind is None:
            errors[type_id] = [_("This attachment is not part of the form of this group.")]
        elif count > kind.max_files:
            errors[type_id] = [too_many_files_message(kind.max_files)]
    sections = form.section_map()
    for section_id, count in (evidence_counts or {}).items():
        section = sections.get(section_id)
        if section is None:
            errors[f"section-{section_id}"] = [_("This section is not part of the form of this group.")]
        elif count > section.evidence_max_files:
            errors[f"section-{section_id}"] = [too_many_files_message(section.evidence_max_files)]
    if for_submission:
        for kind in form.attachment_types:
            if kind.required and not counts.get(kind.pk):
                errors.setdefault(kind.pk, []).append(_("This attachment is required."))
    return errors


def too_many_files_message(limit: int) -> str:
    if limit == 0:
        return _("No files may be attached here.")
    return ngettext("At most %(limit)d file may be attached.", "At most %(limit)d files may be attached.", limit) % {
        "limit": limit
    }
