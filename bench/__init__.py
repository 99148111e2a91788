"""`make bench`: measurements reported as medians and ratios, never asserted in tests."""
