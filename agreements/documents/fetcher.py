"""The URL fetcher of every render: it serves the app's own PDF assets and refuses everything else.

User text is escaped before it reaches the renderer, so a URL typed into an article is only text;
this fetcher is the second wall: nothing on the network or the file system is ever read, whatever
the HTML or CSS asks for (file:, http:, data:, redirects, @import, images, attachments).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

ASSETS = Path(__file__).resolve().parent.parent / "static" / "pdf"
# The base URL of every document: relative URLs in our templates resolve under it. The .invalid
# top-level domain can never resolve (RFC 2606), so nothing else could answer for it.
BASE_URL = "https://assets.agreements.invalid/pdf/"
# The only files served, by name: the documents' stylesheet, the terms card's and the monthly report's.
ALLOWED = frozenset({"document.css", "terms_card.css", "monthly_report.css"})


class Refused(FatalURLFetchingError):
    """A render asked for something that is not one of the app's own assets."""


class AssetsOnly(URLFetcher):
    """Serve the ALLOWED files under ``static/pdf`` for URLs under BASE_URL; refuse every other URL.

    Refusals are remembered in ``refused`` (the tests read it) and stop the render: a document that
    asked for something foreign is a bug to see, not a PDF to sign.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:  # noqa: ARG002 - WeasyPrint's signature
        """The asset's bytes, or Refused."""
        path = _asset_path(url)
        if path is None:
            self.refused.append(url)
            raise Refused(f"Documents may use only the app's own assets, not {url[:200]!r}.")
        self.served.append(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    def open(self, url, data=None, timeout=None):  # noqa: ARG002 - never opens anything itself
        """Everything goes through ``fetch``; urllib's openers are never used."""
        return self.fetch(url if isinstance(url, str) else url.full_url)


def _asset_path(url: str) -> Path | None:
    """The file under ASSETS that ``url`` names, or None when it names anything else."""
    if not isinstance(url, str) or not url.startswith(BASE_URL):
        return None
    name = url[len(BASE_URL) :].split("?", 1)[0].split("#", 1)[0]
    if not name or "/" in name or "\\" in name or name.startswith(".") or "%" in name:
        return None
    if name not in ALLOWED:
        return None
    path = ASSETS / name
    return path if path.is_file() else None
