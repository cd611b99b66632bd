"""Public views of following: the form's target, the confirmation and unsubscribe links. None of
them echoes the address; the answers are the same whether the address was already known or not."""

from django.http import Http404
from django.shortcuts import render as _render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.api.throttling import check_form_rate

from . import actions
from .forms import FollowForm
from .targets import public_target, target_label, target_path
from .tokens import read_confirm_token, read_unsubscribe_token

RATE = ("following", "FOLLOW_RATE", "5/m")


def render(request, template, context, status=200):
    target = context.get("target")
    if target is not None:
        context.update(target_name=target_label(target), target_path=target_path(target))
    return _render(request, template, context, status=status)


@never_cache
@require_POST
def follow(request):
    wait = check_form_rate(request, *RATE)
    if wait:
        response = render(request, "following/result.html", {
            "heading": _("Vui lòng thử lại sau"),
            "message": _("Bạn đã gửi quá nhiều yêu cầu theo dõi. Vui lòng thử lại sau %(seconds)s giây.") % {"seconds": wait}},
            status=429)
        response["Retry-After"] = str(wait)
        return response
    form = FollowForm(request.POST)
    if form.is_spam():  # answered as a success, nothing done
        return _check_your_mail(request, None)
    if not form.is_valid():
        target = public_target(request.POST.get("kind"), request.POST.get("target"))
        return render(request, "following/result.html", {
            "heading": _("Chưa đăng ký được"), "form": form, "target": target, "errors": True}, status=400)
    target = public_target(form.cleaned_data["kind"], form.cleaned_data["target"])
    if target is None:
        raise Http404(_("Không có trang công khai này để theo dõi."))
    actions.subscribe(form.cleaned_data["email"], form.cleaned_data["kind"], target,
                      language=(get_language() or "vi")[:8])
    return _check_your_mail(request, target)


def _check_your_mail(request, target):
    return render(request, "following/result.html", {
        "heading": _("Hãy kiểm tra hộp thư"), "target": target,
        "message": _("Nếu địa chỉ đúng, một thư xác nhận vừa được gửi tới bạn. Hãy mở đường dẫn trong thư "
                     "để bắt đầu nhận bản tin hằng tuần; chưa xác nhận thì không có thư nào khác.")})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows one button (mail scanners that follow links must not subscribe anyone); POST confirms."""
    subscription = read_confirm_token(token)
    if subscription is None:
        return render(request, "following/result.html", {
            "heading": _("Đường dẫn không còn hiệu lực"),
            "message": _("Đường dẫn xác nhận đã hết hạn hoặc không đúng. Hãy đăng ký lại trên trang bạn muốn theo dõi.")},
            status=404)
    if request.method == "POST":
        actions.confirm(subscription)
        return render(request, "following/result.html", {
            "heading": _("Đã xác nhận"), "target": subscription.target, "confirmed": True,
            "message": _("Bạn sẽ nhận bản tin hằng tuần khi có tin mới. Mỗi thư đều có đường dẫn huỷ theo dõi.")})
    return render(request, "following/token_form.html", {
        "heading": _("Xác nhận theo dõi"), "target": subscription.target, "button": _("Xác nhận"),
        "message": _("Bấm nút dưới đây để bắt đầu nhận bản tin hằng tuần về trang này.")})


@never_cache
@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie, no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET (the link in the message) shows one button; POST (the button, or the mail client's
    one-click request) unsubscribes at once. The signed token is the only credential needed."""
    subscription = read_unsubscribe_token(token)
    if subscription is None:
        return render(request, "following/result.html", {
            "heading": _("Đường dẫn không đúng"), "message": _("Không tìm thấy đăng ký theo dõi của đường dẫn này.")},
            status=404)
    if request.method == "POST":
        actions.unsubscribe(subscription)
        return render(request, "following/result.html", {
            "heading": _("Đã huỷ theo dõi"), "target": subscription.target,
            "message": _("Bạn sẽ không nhận thêm thư nào về trang này.")})
    return render(request, "following/token_form.html", {
        "heading": _("Huỷ theo dõi"), "target": subscription.target, "button": _("Huỷ theo dõi"),
        "message": _("Bấm nút dưới đây để không nhận thêm thư về trang này.")})


CONTACT_RATE = ("contact", "CONTACT_RATE", "3/h")


@never_cache
@require_http_methods(["GET", "POST"])
def contact(request, pk):
    """“Đơn vị muốn áp dụng mô hình này”: the origin unit's public contact and the form to its officers."""
    from public.rules import public_initiatives

    from .contact import ContactForm, public_contact, reachable, send_contact

    initiative = public_initiatives().select_related("origin_unit").filter(pk=pk).first()
    if initiative is None:
        raise Http404(_("Không có sáng kiến công khai này."))
    context = {"initiative": initiative, "unit": initiative.origin_unit,
               "contact": public_contact(initiative.origin_unit),
               "reachable": reachable(initiative.origin_unit)}
    if request.method != "POST":
        return _render(request, "following/contact.html", {**context, "form": ContactForm()})
    wait = check_form_rate(request, *CONTACT_RATE)
    if wait:
        response = _render(request, "following/contact.html", {
            **context, "form": ContactForm(request.POST),
            "error": _("Bạn đã gửi quá nhiều lời nhắn. Vui lòng thử lại sau %(seconds)s giây.") % {"seconds": wait}},
            status=429)
        response["Retry-After"] = str(wait)
        return response
    form = ContactForm(request.POST)
    if form.is_spam():
        return _render(request, "following/contact.html", {**context, "sent": True})
    if not form.is_valid():
        return _render(request, "following/contact.html", {**context, "form": form}, status=400)
    if not send_contact(initiative, form.cleaned_data):
        return _render(request, "following/contact.html", {
            **context, "form": form, "error": _("Đơn vị này chưa có cán bộ nhận lời nhắn qua Nhân Rộng.")}, status=409)
    return _render(request, "following/contact.html", {**context, "sent": True})
