"""Who may see and download what. Views call these first; anything else answers 404.

- Books: the secretariat of the edition's organiser manages them and downloads every build.
  Everyone else may download a book once it is built and the edition's results are public
  (archived, or released in the showcase): before that, the book would announce the winners.
- Certificates: the secretariat of the edition downloads all (revoked ones too, for the record);
  a winner's certificate is downloaded by the Admin Lokal of the innovation's agency (and of the
  BUMD's local government) and by the staff of its UPP; a juror's or panelist's by that person.
  A revoked certificate is no longer downloaded by its recipients. The verification page is public.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from competitions.models import Edition
from publications.models import Book, Certificate, normalise_code


def is_secretariat_of(user, edition: Edition) -> bool:
    return Edition.objects.managed_by(user).filter(pk=edition.pk).exists()


def edition_for_secretariat(user, slug: str) -> Edition:
    """The edition at `slug` if `user` is in its organiser's secretariat, else 404."""
    return get_object_or_404(Edition.objects.managed_by(user).select_related("organiser"), slug=slug)


def book_for_secretariat(user, pk: int) -> Book:
    return get_object_or_404(Book.objects.managed_by(user).select_related("edition"), pk=pk)


def book_for_download(user, pk: int) -> Book:
    """A built book anyone may download (`is_public_download`), or one `user` manages; else 404."""
    book = Book.objects.public().select_related("edition").filter(pk=pk).first()
    if book is not None:
        book.is_public_download = True
    else:
        book = Book.objects.managed_by(user).select_related("edition").filter(pk=pk).first()
        if book is not None:
            book.is_public_download = False
    if book is None or not book.has_file:
        raise Http404
    return book


def certificate_for_secretariat(user, pk: int) -> Certificate:
    return get_object_or_404(Certificate.objects.managed_by(user).select_related("edition"), pk=pk)


def certificate_for_download(user, pk: int) -> Certificate:
    certificate = (
        Certificate.objects.managed_by(user).filter(pk=pk).first()
        or Certificate.objects.held_by(user).valid().filter(pk=pk).first()
    )
    if certificate is None or not certificate.file:
        raise Http404
    return certificate


def certificate_for_verification(code: str) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related("edition__organiser", "innovation"), code=normalise_code(code)
    )
