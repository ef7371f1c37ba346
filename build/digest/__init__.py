"""digest: turn raw news texts in seeds/ into a bilingual MkDocs Material site."""

__version__ = "0.1.0"
