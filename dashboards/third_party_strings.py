"""Indonesian for the admin's CSV/Excel export screens.

django-import-export, which the agency and proposal admins use for their exports, ships no
Indonesian catalogue. Its strings that the secretariat sees are marked here, so makemessages puts
them in this app's catalogue; Django merges every app's catalogue, so they translate the library's
templates and forms too. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

STRINGS = (
    gettext_noop("Export"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("Format"),
    gettext_noop("Resource"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
)
