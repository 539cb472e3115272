"""l10n toolkit: localise static HTML sites through gettext catalogues."""

__version__ = "0.1.0"
