from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_following_log_actions(actions):
    from core.audit import register_labels

    register_labels(actions, {
        "nhanrong.following.subscribe": _("Đăng ký theo dõi (gửi thư xác nhận)"),
        "nhanrong.following.confirm": _("Xác nhận theo dõi"),
        "nhanrong.following.unsubscribe": _("Huỷ theo dõi"),
        "nhanrong.following.contact": _("Đơn vị muốn áp dụng mô hình đã gửi lời nhắn"),
    })
