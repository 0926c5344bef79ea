from django.utils.translation import get_language


class Bilingual:
    """Text that organisers type in Indonesian, with an optional English version.

    Convention for every such field: `<field>` holds the Indonesian text (the language of record,
    required where the field is) and `<field>_en` the English one (optional). We do not use a
    `<field>_id` suffix because Django already gives `<fk>_id` a meaning. Readers in English see the
    English text when there is one and the Indonesian text otherwise; `language_of` tells a template
    which of the two it got, so it can mark the Indonesian fallback with lang="id".
    """

    def localized(self, field: str) -> str:
        english = getattr(self, f"{field}_en", "")
        if english and _english_active():
            return english
        return getattr(self, field)

    def language_of(self, field: str) -> str:
        return "en" if getattr(self, f"{field}_en", "") and _english_active() else "id"


def _english_active() -> bool:
    return (get_language() or "").startswith("en")
