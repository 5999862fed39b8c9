"""Checking an uploaded document (a signed consent form, a message attachment) before storing it.

Only PDF, JPEG and PNG are taken, and the type is read from the file's first bytes (its "magic
number"), never from the name or the browser's Content-Type, which the sender controls: an
executable renamed `form.pdf` is refused. A name whose extension says one type while the
content is another is refused too, so the file a reader downloads is what its name says.
Nothing is stored here; a caller stores the file only after this returns.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from core.csv_import import human_size

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# content type -> (the first bytes that identify it, the extensions its name may have)
ALLOWED_TYPES: dict[str, tuple[bytes, frozenset[str]]] = {
    "application/pdf": (b"%PDF-", frozenset({".pdf"})),
    "image/jpeg": (b"\xff\xd8\xff", frozenset({".jpg", ".jpeg"})),
    "image/png": (b"\x89PNG\r\n\x1a\n", frozenset({".png"})),
}
ALLOWED_WORDS = "PDF, JPEG or PNG"


def max_upload_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", MAX_UPLOAD_BYTES)


def _sniff(head: bytes) -> str | None:
    for content_type, (magic, _extensions) in ALLOWED_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def check_upload(file) -> str:
    """The content type of an uploaded file that may be stored; ValidationError otherwise.

    `file` is a Django UploadedFile (anything with name, size, read and seek).
    """
    limit = max_upload_bytes()
    if not file.size:
        raise ValidationError(f"“{file.name}” is empty; attach a {ALLOWED_WORDS} file.")
    if file.size > limit:
        raise ValidationError(
            f"“{file.name}” is {human_size(file.size)}; the limit is {human_size(limit)}."
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    content_type = _sniff(head)
    if content_type is None:
        raise ValidationError(
            f"“{file.name}” is not a {ALLOWED_WORDS} file (its content says otherwise, "
            "whatever its name); attach a PDF, JPEG or PNG."
        )
    extension = PurePath(file.name).suffix.lower()
    if extension not in ALLOWED_TYPES[content_type][1]:
        raise ValidationError(
            f"“{file.name}”: the name says {extension or 'no type'} but the content is "
            f"{content_type.split('/')[1].upper()}; rename it or attach the right file."
        )
    return content_type
