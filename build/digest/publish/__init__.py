"""From articles to the site: Markdown pages, docs/ sync, feeds, the search index, quality gates,
and the MkDocs edge (the two builds, kept conversions)."""
