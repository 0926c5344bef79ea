from django.core.management.base import BaseCommand

from sinovik.translations import compile_catalogue, po_files


class Command(BaseCommand):
    help = "Compile every .po catalogue to .mo with Babel (no GNU gettext needed)."

    def handle(self, *args, **options) -> None:
        for path in po_files():
            compile_catalogue(path)
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {path}")
