"""The bottom layer: small helpers every app uses (the site's address, rate limits, fenced
PDF rendering, the domain error base). It imports no app of the project."""
