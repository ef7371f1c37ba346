"""What the digest adds to clean text: summaries, topics, and the people and organisations of the
gazetteer."""
