"""What an attachment's bytes say it is (handbook/docs/security.md, "Hostile input").

An extension is a name, not a type: an HTML page renamed ``.pdf`` or an SVG renamed ``.png``
would be published as it is. Each allowed type is recognised by its signature; a DOCX or XLSX is
a ZIP whose ``[Content_Types].xml`` declares the main part of that type.
"""

from __future__ import annotations

import zipfile

MAGIC = {".pdf": (b"%PDF-",), ".png": (b"\x89PNG\r\n\x1a\n",),
         ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}
OFFICE_MAIN = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def content_matches(path: str, extension: str) -> bool:
    """True when the file's content is of the type its (lower-case) extension names."""
    if extension in OFFICE_MAIN:
        return _office(path, OFFICE_MAIN[extension])
    with open(path, "rb") as handle:
        head = handle.read(16)
    return any(head.startswith(magic) for magic in MAGIC.get(extension, ()))


def _office(path: str, main_type: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return False
            return main_type in archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return False
