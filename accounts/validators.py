from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A strong password mixes letters with digits or symbols; Django's validators do not ask this."""

    def validate(self, password: str, user=None) -> None:
        has_letter = any(char.isalpha() for char in password)
        has_other = any(not char.isalpha() for char in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("Your password must contain letters and at least one digit or symbol."),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain letters and at least one digit or symbol.")
