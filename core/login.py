"""The admin's login form with Vietnamese labels (Wagtail's leaves the password label to Django's
field-name default, "Password", which no catalogue translates). WAGTAILADMIN_USER_LOGIN_FORM."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["remember"].label = _("Ghi nhớ đăng nhập")
