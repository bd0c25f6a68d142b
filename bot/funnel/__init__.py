"""Count where the sellers stand: the maintained funnel counts and the figures the pages show."""
