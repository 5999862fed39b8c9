"""Checks for documents people upload (a signed consent form, a message's attachment).

`check_upload(file)` decides a file's type from its first bytes, never from its name or the
Content-Type the browser sent, and refuses with a message fit for a form field: a file larger
than the limit, an executable, a file whose content is not one of the allowed types, and one
whose name claims another type than its content (a "form.pdf" that is not a PDF). Nothing is
stored by this module: callers save the file only after it passed.
"""

import os
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]


PDF = FileType("pdf", "PDF", "application/pdf", (".pdf",), (b"%PDF-",))
JPEG = FileType("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
PNG = FileType("png", "PNG", "image/png", (".png",), (b"\x89PNG\r\n\x1a\n",))
DOCUMENTS = (PDF, JPEG, PNG)
ALLOWED_WORDS = "PDF, JPEG or PNG"  # how forms name the accepted types

# Programs and scripts, refused whatever they are named.
_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa",  # Mach-O
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
)
_EXECUTABLE_EXTENSIONS = {
    ".exe", ".dll", ".com", ".bat", ".cmd", ".msi", ".scr", ".sh", ".ps1", ".js", ".vbs",
    ".jar", ".app", ".bin", ".elf", ".py", ".pl",
}  # fmt: skip


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # a safe display name (no path, no control characters)
    file_type: FileType
    size: int

    @property
    def content_type(self) -> str:
        return self.file_type.content_type


def max_upload_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def safe_name(name: str) -> str:
    """The file's base name without path parts or control characters, at most 150 characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(
        c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C"
    )
    base = re.sub(r"\s+", " ", base).strip(" .")
    return (base or "document")[-150:]


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def check_upload(upload, *, allowed=DOCUMENTS, max_bytes: int | None = None) -> CheckedUpload:
    """The checked file's name, type and size, or a ValidationError saying what is wrong."""
    max_bytes = max_bytes or max_upload_bytes()
    labels = ", ".join(t.label for t in allowed)
    if upload is None:
        raise ValidationError("Choose a file.", code="required")
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The file is {_human(size)}; files up to {_human(max_bytes)} are accepted.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = safe_name(getattr(upload, "name", ""))
    extension = os.path.splitext(name)[1].lower()
    if head.startswith(_EXECUTABLE_MAGIC) or extension in _EXECUTABLE_EXTENSIONS:
        raise ValidationError(
            f"Programs and scripts are refused; upload a {labels} file.", code="executable"
        )
    detected = next((t for t in allowed if head.startswith(t.magic)), None)
    claimed = next((t for t in allowed if extension in t.extensions), None)
    if detected is None:
        if claimed is not None:
            raise ValidationError(
                f"The file is named as a {claimed.label} but its content is not a "
                f"{claimed.label}; upload a real {labels} file.",
                code="mismatch",
            )
        raise ValidationError(f"Only {labels} files are accepted.", code="type")
    if claimed is not None and claimed is not detected:
        raise ValidationError(
            f"The file is named as a {claimed.label} but its content is a {detected.label}; "
            "rename it or upload the right file.",
            code="mismatch",
        )
    if claimed is None:
        name = f"{name}{detected.extensions[0]}"
    return CheckedUpload(name=name, file_type=detected, size=size)
