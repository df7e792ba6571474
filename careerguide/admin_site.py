"""The admin site the editors sign in to: Django's, with every registered model's pages
checking what a request names before any query or widget uses it, a second factor at
sign-in where HTTPS is on, sessions that end after a working day, and the lockout page.

The admin itself answers a bad id in the address with a 404, but two kinds of input reach
a query or a widget unchecked and end in a 500: an add form's initial values from the
query string (`?role=abc` for a field shown as an autocomplete, a date that is not one)
and the ids an action is asked to run on (`_selected_action=abc`). Registering through
this site gives every model admin, ours and those of django.contrib.auth, django-axes and
django-otp, the same checks, in one place. And no admin input may hold a NUL character.
"""

import math
from datetime import timedelta
from functools import wraps

from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import SESSION_KEY, logout, user_logged_in
from django.contrib.sessions.models import Session
from django.core import checks
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.db.models import Max, Q
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice


def check_key(field, value, what):
    """A 400 unless `value` is one `field` could hold: of its type, in the database's range
    for it, and without a NUL (PostgreSQL refuses one in a query)."""
    try:
        if "\x00" in value:
            raise ValidationError("NUL")
        field.run_validators(field.to_python(value))
    except ValidationError:
        raise BadRequest(f"{what} “{value}” is not a value it can hold.") from None


class AdminInputChecks:
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in initial.items():
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete:
                target = field.target_field if field.is_relation else field
                for key in value if isinstance(value, list) else [value]:
                    check_key(target, key, f"The {name}")
        return initial

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            for key in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                check_key(self.opts.pk, key, "The selected")
        return super().changelist_view(request, extra_context)


def refuse_nul(query):
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            raise BadRequest("A NUL character is never part of the admin's input.")


class SecondFactorForm(OTPAdminAuthenticationForm):
    otp_error_messages = OTPAdminAuthenticationForm.otp_error_messages | {
        "token_required": "Enter the six-digit code your authenticator app shows now.",
        "invalid_token": "That code is not the one your authenticator app shows now. "
        "Codes change every 30 seconds; enter the current one.",
    }

    def clean_otp(self, user):
        # django-otp asks which device the code is from; with one enrolled, it is that one.
        # With several the form shows the choice after the first try.
        if user is not None and not self.cleaned_data.get("otp_device"):
            devices = list(TOTPDevice.objects.devices_for_user(user))
            if len(devices) == 1:
                self.cleaned_data["otp_device"] = devices[0].persistent_id
        super().clean_otp(user)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = "Code from your authenticator app"
        self.fields["otp_token"].widget.attrs |= {
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
        }


class EditorsAdminSite(admin.AdminSite):
    """Where HTTPS is on (settings.ADMIN_SECOND_FACTOR), an editor is let in only after
    their password and a one-time code from their enrolled device (django-otp)."""

    @property
    def login_form(self):
        return SecondFactorForm if settings.ADMIN_SECOND_FACTOR else None

    login_template = "admin/editors_login.html"

    def has_permission(self, request):
        return super().has_permission(request) and (
            not settings.ADMIN_SECOND_FACTOR or request.user.is_verified()
        )

    def each_context(self, request):
        return super().each_context(request) | {"second_factor": settings.ADMIN_SECOND_FACTOR}

    def get_urls(self):
        return [
            path(
                "sign-out-everywhere/",
                self.admin_view(self.sign_out_everywhere),
                name="sign_out_everywhere",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def sign_out_everywhere(self, request):
        """End every session of this editor: other browsers, a lost laptop, this one."""
        user = request.user
        ended = 0
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get(SESSION_KEY) == str(user.pk):
                session.delete()
                ended += 1
        logout(request)
        messages.success(request, f"Signed out everywhere: {ended} session(s) ended.")
        return redirect("admin:login")

    def admin_view(self, view, cacheable=False):
        # A NUL in a filter, a search or a form field would reach PostgreSQL, which
        # refuses it with an error; no admin input ever holds one.
        checked_view = super().admin_view(view, cacheable)

        @wraps(checked_view)
        def inner(request, *args, **kwargs):
            refuse_nul(request.GET)
            if request.method == "POST":
                refuse_nul(request.POST)
            return checked_view(request, *args, **kwargs)

        return inner

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AdminInputChecks):
            admin_class = type(admin_class.__name__, (AdminInputChecks, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


@receiver(user_logged_in)
def end_session_after_a_working_day(sender, request, user, **kwargs):
    # A fixed end, not one that moves whenever the session is saved again.
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' 429 page, with Retry-After: the seconds until the pause ends, counted
    from the last failure that counted (failures during the pause do not)."""
    cool_off = settings.AXES_COOLOFF_TIME
    limit = get_failure_limit(request, credentials)
    username = get_client_username(request, credentials)
    locking = Q(ip_address=request.axes_ip_address)
    if username:
        locking |= Q(username=username)
    last = AccessAttempt.objects.filter(locking, failures_since_start__gte=limit).aggregate(
        last=Max("attempt_time")
    )["last"]
    ends = (last or timezone.now()) + cool_off
    seconds = max(1, math.ceil((ends - timezone.now()).total_seconds()))
    context = {
        "failure_limit": limit,
        "cooloff_timedelta": cool_off,
        "retry_minutes": math.ceil(seconds / 60),
        "retry_at": ends,
    }
    response = render(request, "locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


# The example path in deploy/careerguide.env and .env.example is as public as /admin/.
GUESSABLE_ADMIN_URLS = {"admin/", "editing-change-me/"}


@checks.register(checks.Tags.security, deploy=True)
def admin_not_at_the_default_path(app_configs, **kwargs):
    if settings.ADMIN_URL not in GUESSABLE_ADMIN_URLS:
        return []
    return [
        checks.Warning(
            f"The admin is at /{settings.ADMIN_URL}, an address anyone guessing tries first.",
            hint="Set DJANGO_ADMIN_URL to a path of your own (deploy/careerguide.env).",
            id="careerguide.W001",
        )
    ]
