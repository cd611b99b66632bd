from django import template

from ..forms import FollowForm

register = template.Library()


@register.inclusion_tag("following/follow_form.html", takes_context=True)
def follow_form(context, kind, target):
    """The "follow by e-mail" box of an initiative, unit or campaign page."""
    form = FollowForm(initial={"kind": kind, "target": target.pk}, auto_id=f"follow-{kind}-%s")
    return {"form": form, "kind": kind, "target": target, "csrf_token": context.get("csrf_token"),
            "request": context.get("request")}


@register.inclusion_tag("following/contact_box.html", takes_context=True)
def adopt_contact(context, initiative):
    """“Đơn vị muốn áp dụng mô hình này” on an initiative page: the public contact and the form."""
    from ..contact import ContactForm, public_contact, reachable

    unit = initiative.origin_unit
    return {"initiative": initiative, "unit": unit, "contact": public_contact(unit),
            "reachable": reachable(unit), "form": ContactForm(auto_id="adopt-%s"),
            "csrf_token": context.get("csrf_token")}
