"""Generated values, hostile strings included, in every form the site shows and in the desk's
JSON, for the role the page is for and for the wrong one — and what they wrote is kept: then
every page, for every role, again. No server error either time: no input can store a row
that breaks a page afterwards.

The forms are found as the URL walk finds them (walker.py): every URL pattern, filled with
the world's objects, asked by each role; each page's POST fields are posted with Hypothesis's
values, field by field either the page's own (valid) value or a generated one. The examples
are derandomised, so a failure comes back on every run, and bounded to stay a few minutes."""

import json

import pytest
from django.urls import get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from day.tokens import badge_token
from tests.url_walk.hostile import HOSTILE_VALUES
from tests.url_walk.routes import fill, real_path_values, walk
from tests.url_walk.walker import Walk

pytestmark = [pytest.mark.django_db, pytest.mark.walk]

# Generated examples per form for the role the page is for, and for the wrong role (which
# the view turns away, mostly before reading anything).
EXAMPLES_PER_FORM = 4
EXAMPLES_FOR_THE_WRONG_ROLE = 2
# Pages whose POST ends who is asking (a logout, the account's deletion): the rest of the
# run would be anonymous.
LEFT_OUT = {"account_logout", "delete"}

SCALARS = [value for value in HOSTILE_VALUES.values() if isinstance(value, str)]
HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(min_size=250, max_size=400),
    st.integers().map(str),
    st.integers(min_value=2**31 - 1, max_value=2**70).map(str),
    st.floats().map(str),
    st.dates().map(str),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.emails(),
    st.sampled_from(SCALARS),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=12,
)


def generated(examples: int):
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


SETTINGS = generated(EXAMPLES_PER_FORM)


def forms_of_the_site(walk_):
    """(role, url, fields): each page a role reaches with a form it may post."""
    found = []
    for route, pattern in walk(get_resolver().url_patterns):
        if pattern.name in LEFT_OUT or pattern.lookup_str.endswith("delete_view"):
            continue
        url = fill(route, real_path_values(route, pattern, walk_.world))
        for role in walk_.world.roles:
            _seen, page, reached = walk_.probe(role, "get", url)
            fields = {name: value for name, value in page.post_fields.items() if name != "csrfmiddlewaretoken"}
            if reached and fields:
                found.append((role, url, fields))
    return found


def fuzz(walk_, role, url, fields, *, examples=EXAMPLES_PER_FORM):
    @generated(examples)
    @given(st.data())
    def post_generated_values(data):
        values = {name: data.draw(st.just(valid) | HOSTILE_TEXT, label=name) for name, valid in fields.items()}
        walk_.send(role, "post", url, values, keep=True)

    post_generated_values()


def test_generated_values_in_every_form_and_then_every_page(client, world, quiet_logs):
    walk_ = Walk(client, world)
    forms = forms_of_the_site(walk_)
    assert len(forms) > 40  # the walk finds the forms of the whole site, admin included
    roles = list(world.roles)
    for role, url, fields in forms:
        fuzz(walk_, role, url, fields)
        # The same form posted by the role after it in the list (anonymous after the organiser).
        wrong_role = roles[(roles.index(role) + 1) % len(roles)]
        fuzz(walk_, wrong_role, url, fields, examples=EXAMPLES_FOR_THE_WRONG_ROLE)
    fuzzing_requests = walk_.requests

    for role_of_the_desk in ("check-in staff", "attendee", "anonymous"):
        fuzz_desk_sync(walk_, role_of_the_desk, world)

    # Whatever the fuzzing stored, every page answers.
    for route, pattern in walk(get_resolver().url_patterns):
        url = fill(route, real_path_values(route, pattern, world))
        for role in world.roles:
            walk_.send(role, "get", url)
    print(
        f"\nFuzzing: {len(forms)} forms (role, page), {fuzzing_requests} posts of generated values, "
        f"then {walk_.requests - fuzzing_requests} requests of the desk's sync and of every page for every role"
    )
    failures = sorted(set(walk_.failures))
    assert failures == [], "\n".join(failures)


def fuzz_desk_sync(walk_, role, world):
    badge = badge_token(event_id=world.event.pk, kind="registration", pk=1, version=1)

    @SETTINGS
    @given(
        st.one_of(
            JSON_VALUES,
            st.fixed_dictionaries({"scans": st.lists(JSON_VALUES, max_size=5)}),
            st.fixed_dictionaries(
                {
                    "scans": st.lists(
                        st.fixed_dictionaries(
                            {"client_id": st.uuids().map(str) | HOSTILE_TEXT, "code": st.just(badge) | HOSTILE_TEXT},
                            optional={
                                "scanned_at": HOSTILE_TEXT | st.datetimes().map(lambda moment: moment.isoformat()),
                                "desk": HOSTILE_TEXT | st.none(),
                                "mode": st.sampled_from(["check_in", "workshop"]) | HOSTILE_TEXT,
                                "session": st.integers() | HOSTILE_TEXT,
                            },
                        ),
                        max_size=5,
                    )
                }
            ),
        )
    )
    def sync(payload):
        walk_.log_in(role)
        walk_.requests += 1
        try:
            response = walk_.client.post("/en/check-in/sync/", json.dumps(payload), content_type="application/json")
        except Exception as error:  # the test client re-raises what the view raised
            walk_.failures.append(f"{role} sync {str(payload)[:120]} → {type(error).__name__}: {str(error)[:200]}")
            return
        if response.status_code >= 500:
            walk_.failures.append(f"{role} sync {str(payload)[:120]} → {response.status_code}")

    sync()
