from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter
def fallback_lang(obj, field: str) -> SafeString:
    """` lang="id"` when an English page shows the Indonesian text of `field` (no English version)."""
    if (get_language() or "").startswith("en") and obj.language_of(field) == "id":
        return mark_safe(' lang="id"')
    return mark_safe("")


@register.filter
def column_fallback_lang(english: str) -> SafeString:
    """For denormalised pairs (category_name/_en): ` lang="id"` on English pages when `english` is empty."""
    if (get_language() or "").startswith("en") and not english:
        return mark_safe(' lang="id"')
    return mark_safe("")


@register.simple_tag
def localized_column(obj, field: str) -> str:
    """The English copy of a denormalised column (`<field>_en`) on English pages when there is one."""
    english = getattr(obj, f"{field}_en", "")
    if english and (get_language() or "").startswith("en"):
        return english
    return getattr(obj, field)


@register.simple_tag
def tier_badge(tier: str, label: str, year=None) -> SafeString:
    text = f"{label} {year}" if year else label
    return format_html('<span class="badge tier-badge tier-{}">{}</span>', tier or "none", text)
