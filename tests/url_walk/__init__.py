"""The URL walk: every URL pattern, for every role, with hostile parameter values."""
