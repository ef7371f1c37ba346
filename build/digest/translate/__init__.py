"""Translation: one module per provider behind a small protocol, their retries, the translation
memory, what of an article is translated."""
