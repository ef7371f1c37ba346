"""From a seed to clean text with metadata: reading and decoding files and web pages, fetching by
address, the cleaner (rules and the learnt line model), metadata, editors' sidecars,
`digest add`."""
