"""Words and dates of Russian and English text: language detection, tokens, stems, sentences,
dates."""
