"""Translation: providers and their retries, the translation memory, what of an article is
translated."""
