"""What is kept between runs: the build cache and the project lock."""
