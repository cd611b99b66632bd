"""{% fragment "name" vary… tags=list %}…{% endfragment %}: the enclosed template cached by
core/fragments.py (valid until the page cache's generation or one of `tags` changes)."""

from django import template
from django.utils.safestring import mark_safe

from core.fragments import cached

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, tags):
        self.nodelist, self.name, self.parts, self.tags = nodelist, name, parts, tags

    def render(self, context):
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        tags = self.tags.resolve(context) if self.tags is not None else ()
        request = context.get("request")
        return mark_safe(cached(name, parts, tags or (), lambda: self.nodelist.render(context), request))


@register.tag
def fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    tags = None
    parts = []
    for bit in bits[1:]:
        if bit.startswith("tags="):
            tags = parser.compile_filter(bit[5:])
        else:
            parts.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[0]), parts, tags)
