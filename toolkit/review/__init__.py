"""`l10n serve`: a local web app for reviewing translations in context.

- `model`: pages, units and their status (from toolkit.catalog.status), the annotated page
  (the build's splice with unit markers), one entry's checks, and saving through the locked
  merge (toolkit.catalog.CatalogWriter);
- `app`: the Starlette routes and the security rules (token, same-origin writes, CSP, paths);
- `server`: uvicorn on 127.0.0.1 with the tokened URL and a clean shutdown;
- `static/`: the review script and stylesheet injected into each page.

Starlette and uvicorn are the optional extra `review` (``pip install 'l10n-toolkit[review]'``);
importing `toolkit.review.model` does not need them.
"""
