"""Turning an event and its context into a subject, a plain-text body and an HTML body.

The wording comes from the secretariat's EmailTemplate for the language when there is one,
otherwise from the event's files. Either way the body is wrapped in the same layout
(notifications/email/base.{txt,html}): greeting, content, link button, "why you receive this".
Rendering always happens inside `translation.override(language)`, so translated strings, month
names and lazy values come out in the recipient's language.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template import Context, TemplateDoesNotExist, engines
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from notifications.events import Event
from sinovik.templatetags.sinovik import wib

TEMPLATE_DIR = "notifications/email"
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class InLanguage:
    """A text written in Indonesian and optionally English; renders as the active language's version."""

    id: str
    en: str = ""

    def __str__(self) -> str:
        return self.en if translation.get_language() == "en" and self.en else self.id


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    # The event's own words without greeting and footer: the body of the in-app notification.
    summary: str


def render_email(*, event: Event, language: str, context: dict[str, Any], override=None) -> RenderedEmail:
    """Render `event` for one recipient; `override` is the EmailTemplate for `language`, if any."""
    with translation.override(language):
        values = {"event_name": event.name, "because": event.reason, "action": event.action, **context}
        if override is not None:
            subject = fill_placeholders(override.subject, values)
            content_text = fill_placeholders(override.body, values)
            content_html = None
        else:
            subject = _render(f"{TEMPLATE_DIR}/{event.key}.subject.txt", values, autoescape=False)
            content_text = _render(f"{TEMPLATE_DIR}/{event.key}.txt", values, autoescape=False)
            content_html = _render_if_exists(f"{TEMPLATE_DIR}/{event.key}.html", values)
        content_text = tidy_text(content_text)
        layout = {
            **values,
            "subject": " ".join(subject.split()),
            "content_text": content_text,
            # Our own template's output, its values already escaped by the template engine.
            "content_html": mark_safe(content_html) if content_html else "",  # noqa: S308
        }
        return RenderedEmail(
            subject=layout["subject"],
            text=tidy_text(_render(f"{TEMPLATE_DIR}/base.txt", layout, autoescape=False)),
            html=_render(f"{TEMPLATE_DIR}/base.html", layout, autoescape=True),
            summary=content_text,
        )


def default_wording(*, event: Event, language: str) -> tuple[str, str]:
    """The built-in subject and text of `event` written with `{{ placeholder }}` fields.

    A starting point for the secretariat's own wording: the file templates are rendered with the
    documented example values, which are then turned back into placeholders.
    """
    rendered = render_email(event=event, language=language, context=event.example_context())
    with translation.override(language):
        examples = sorted(
            ((format_value(p.example), p.name) for p in event.placeholders if format_value(p.example)),
            key=lambda pair: -len(pair[0]),
        )

    def unfill(text: str) -> str:
        for example, name in examples:
            text = text.replace(example, f"{{{{ {name} }}}}")
        return text

    return unfill(rendered.subject), unfill(rendered.summary)


def fill_placeholders(text: str, values: dict[str, Any]) -> str:
    """Replace each `{{ name }}` by its value as text; unknown names become empty.

    Deliberately not the Django template language: the secretariat edits these texts, and plain
    substitution gives them no way to reach attributes of the objects in the context.
    """
    return PLACEHOLDER.sub(lambda match: format_value(values.get(match.group(1), "")), text)


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def format_value(value: Any) -> str:
    """A context value as the recipient reads it, in the active language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return wib(value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return "\n".join(f"- {format_value(item)}" for item in value)
    return str(value)


def tidy_text(text: str) -> str:
    """Strip the blank lines and indentation that template tags leave behind."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _render(name: str, values: dict[str, Any], *, autoescape: bool) -> str:
    # The engine's Template takes a Context, whose autoescape flag keeps text and subjects unescaped.
    template = engines["django"].engine.get_template(name)
    return template.render(Context(values, autoescape=autoescape))


def _render_if_exists(name: str, values: dict[str, Any]) -> str | None:
    try:
        return _render(name, values, autoescape=True)
    except TemplateDoesNotExist as missing:
        if missing.args and missing.args[0] != name:
            raise  # the template exists but includes something that does not
        return None
