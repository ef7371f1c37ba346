"""What is kept between runs and how it is written: the build cache, the project lock, and the
one atomic write."""
