"""The walk itself: requests sent as a role, each rolled back, and every 5xx answer or
exception escaping a view recorded as a failure listing what was sent."""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.cache import cache
from django.db import transaction

from tests.url_walk.hostile import COMMON_NAMES, HOSTILE_VALUES, ONE_AT_A_TIME, FieldFinder, watching_querydicts
from tests.url_walk.world import World


@dataclass
class Walk:
    client: object
    world: World
    failures: list = field(default_factory=list)
    requests: int = 0
    parameters: set = field(default_factory=set)
    logged_in: dict = field(default_factory=dict)
    behaviours: set = field(default_factory=set)

    def log_in(self, role):
        """Each role logs in once; its cookies are put back before every request, so that a
        view that logs out (or deletes the account) does not change who asks next."""
        if role not in self.logged_in:
            self.client.cookies.clear()
            if self.world.roles[role] is not None:
                self.client.force_login(self.world.roles[role])
            self.logged_in[role] = {name: morsel.value for name, morsel in self.client.cookies.items()}
        self.client.cookies.clear()
        for name, value in self.logged_in[role].items():
            self.client.cookies[name] = value

    def send(self, role, method, url, data=None, query_string=None, *, keep=False):
        """One request in a savepoint rolled back afterwards, so that no request changes
        what the next one sees (a logout, a deletion, a cancelled seat); with `keep`, what
        it wrote stays (the fuzzing, whose rows the pages must then show)."""
        self.requests += 1
        self.log_in(role)
        cache.clear()  # rate limits would answer 429 before the view reads anything
        savepoint = transaction.savepoint_create()
        try:
            extra = {"QUERY_STRING": query_string} if query_string is not None else {}
            response = getattr(self.client, method)(url, data or {}, **extra)
            if response.status_code >= 500:
                self.failures.append(f"{role} {method.upper()} {url[:120]} {summary(data)} → {response.status_code}")
            return response
        except Exception as error:  # the test client re-raises what the view raised
            self.failures.append(
                f"{role} {method.upper()} {url[:120]} {summary(data)} → {type(error).__name__}: {str(error)[:200]}"
            )
            return None
        finally:
            if keep:
                transaction.savepoint_commit(savepoint)
            else:
                transaction.savepoint_rollback(savepoint)

    def probe(self, role, method, url):
        with watching_querydicts() as seen:
            response = self.send(role, method, url)
        finder = FieldFinder()
        if response is not None and response.get("Content-Type", "").startswith("text/html"):
            finder.feed(response.content.decode(errors="replace"))
        reached = response is not None and not is_turned_away(response)
        return seen, finder, reached

    def attack(self, role, url, *, stock_admin: bool) -> bool:
        """Hostile values in every parameter `url` reads for `role`; False when the role is
        turned away before the view reads anything, or treated like a role already walked."""
        get_seen, get_page, get_reached = self.probe(role, "get", url)
        post_seen, post_page, post_reached = self.probe(role, "post", url)
        page_names = get_page.get_names | set(post_page.post_fields) | set(get_page.post_fields)
        names = get_seen | post_seen | page_names
        # A role the view treats like one already walked (same answers, same parameters
        # read) would only repeat that walk: allauth's pages for any logged-in person, say.
        behaviour = (url, get_reached, post_reached, frozenset(names))
        if behaviour in self.behaviours:
            return False
        self.behaviours.add(behaviour)
        if not names:
            return get_reached or post_reached
        names |= set(COMMON_NAMES)
        self.parameters |= {(url, name) for name in names}
        # Django's own admin views get the values of the one-at-a-time list; ours get all.
        values = [HOSTILE_VALUES[label] for label in ONE_AT_A_TIME] if stock_admin else HOSTILE_VALUES.values()
        for value in values:
            hostile = dict.fromkeys(names, value)
            self.send(role, "get", url, hostile)
            self.send(role, "post", url, hostile)
        # Bytes that are not UTF-8 at all.
        self.send(role, "get", url, query_string="&".join(f"{quote(name)}=%FF%FE%00" for name in sorted(names)))
        # One parameter at a time, the others valid. Django's own admin views validate
        # every field of a form at once, so there only the actions are taken one by one.
        valid = get_page.post_fields | post_page.post_fields
        one_by_one = ACTION_FIELDS & set(valid) if stock_admin else get_seen | post_seen | set(valid)
        for name in sorted(one_by_one):
            for label in ONE_AT_A_TIME:
                self.send(role, "post", url, valid | {name: HOSTILE_VALUES[label]})
                if name in get_seen:
                    self.send(role, "get", url, {name: HOSTILE_VALUES[label]})
        return True


# The fields of an admin changelist's action form, taken one at a time with a valid action.
ACTION_FIELDS = {"_selected_action", "select_across", "index", "confirmed"}


def is_turned_away(response) -> bool:
    """A login page, a refusal or a missing page: the view proper did not run."""
    location = response.get("Location", "")
    return response.status_code in (403, 404, 405) or (
        response.status_code == 302 and ("login" in location or "connexion" in location)
    )


def summary(data):
    if not data:
        return ""
    shown = {
        key: (value[:12] + "…" if isinstance(value, str) and len(value) > 12 else value) for key, value in data.items()
    }
    return str(shown)[:300]
