"""`{% cache %}` (Django's fragment cache) that renders the fragment when the cache cannot
be reached, instead of failing the page: `{% load fragment_cache %}` in place of
`{% load cache %}`, the same arguments."""

import logging

from django import template
from django.templatetags.cache import do_cache

logger = logging.getLogger(__name__)
register = template.Library()


def cache_away(error: Exception) -> bool:
    """A connection that failed, or any error of redis-py (not imported here: the template
    engine loads this library in every process, Redis or not)."""
    return isinstance(error, OSError) or type(error).__module__.split(".")[0] == "redis"


class FragmentCacheNode(template.Node):
    def __init__(self, cache_node):
        self.cache_node = cache_node
        self.nodelist = cache_node.nodelist

    def render(self, context):
        try:
            return self.cache_node.render(context)
        except Exception as error:
            if not cache_away(error):
                raise
            logger.warning("A page fragment could not be read from or kept in the cache: %s", error)
            return self.nodelist.render(context)


@register.tag("cache")
def cache(parser, token):
    return FragmentCacheNode(do_cache(parser, token))
