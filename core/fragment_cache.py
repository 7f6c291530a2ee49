"""`{% cache %}` (Django's fragment cache) that renders the fragment when the cache cannot
be reached, instead of failing the page: `{% load fragment_cache %}` in place of
`{% load cache %}`, the same arguments."""

import logging

from django import template
from django.templatetags.cache import do_cache
from redis import RedisError

logger = logging.getLogger(__name__)
register = template.Library()
CACHE_AWAY = (RedisError, OSError)  # OSError: ConnectionError, TimeoutError


class FragmentCacheNode(template.Node):
    def __init__(self, cache_node):
        self.cache_node = cache_node
        self.nodelist = cache_node.nodelist

    def render(self, context):
        try:
            return self.cache_node.render(context)
        except CACHE_AWAY as error:
            logger.warning("A page fragment could not be read from or kept in the cache: %s", error)
            return self.nodelist.render(context)


@register.tag("cache")
def cache(parser, token):
    return FragmentCacheNode(do_cache(parser, token))
