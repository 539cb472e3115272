"""`l10n build`: localised pages spliced from the source pages and the catalogues.

- `translations`: the catalogue's translations, kept in SQLite per catalogue digest and looked up per page;
- `splice`: one page's edits and their splice (`Edit`, `apply_edits`, `build_page`);
- `head`: ``<html lang dir>``, the charset declaration, hreflang alternates;
- `links`: where each locale's page lives (`SiteLayout`) and the language-switcher edits;
- `site`: the whole site, with its manifest and process pool (`build_site`).
"""

from toolkit.build.head import text_direction
from toolkit.build.links import SiteLayout, language_link_edits
from toolkit.build.site import MANIFEST, BuildReport, Progress, build_site
from toolkit.build.splice import Edit, PageResult, apply_edits, build_page
from toolkit.build.translations import Translations, load_translations

__all__ = [
    "MANIFEST",
    "BuildReport",
    "Edit",
    "PageResult",
    "Progress",
    "SiteLayout",
    "Translations",
    "apply_edits",
    "build_page",
    "build_site",
    "language_link_edits",
    "load_translations",
    "text_direction",
]
