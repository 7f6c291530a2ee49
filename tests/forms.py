"""Form data the tests post, shared so that a new required field is added in one place."""

PASSWORD = "une phrase de passe assez longue"

REGISTRATION_FORM = {
    "first_name": "Aurore",
    "last_name": "Exemple",
    "organisation": "Mines & Métaux",
    "job_title": "Ingénieure",
    "category": "partner",
    "dietary_requirements": "végétarien",
    "accessibility_needs": "",
    "accept_terms": "on",
    "photo_consent": "on",
}

# The registration form with only what it requires, each a placeholder: for tests about
# something other than what is typed in.
MINIMAL_REGISTRATION_FORM = {
    "first_name": "A",
    "last_name": "B",
    "organisation": "C",
    "job_title": "D",
    "category": "client",
    "accept_terms": "on",
}

SPEAKER_PROFILE_FORM = {
    "name": "Aurore Stephant",
    "pronouns": "elle",
    "job_title_fr": "Ingénieure géologue minière",
    "job_title_en": "",
    "organisation": "SystExt",
    "bio_fr": "Première ligne.\n\nDeuxième paragraphe avec https://example.org/mines",
    "bio_en": "",
    "website": "https://example.org",
    "links-TOTAL_FORMS": "2",
    "links-INITIAL_FORMS": "0",
    "links-MIN_NUM_FORMS": "0",
    "links-MAX_NUM_FORMS": "6",
    "links-0-label": "Mastodon",
    "links-0-url": "https://mastodon.example/@aurore",
    "links-1-label": "",
    "links-1-url": "",
}
