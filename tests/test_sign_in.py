"""Only editors get in: where HTTPS is on, signing in to the admin takes the password and
the code from the editor's authenticator app; a guesser cannot keep an editor locked out;
a session ends after a working day, or everywhere at once when the editor says so."""

import base64
import datetime
import io
import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from .helpers import PASSWORD, guess_until_locked, is_signed_in, sign_in

ROOT = settings.BASE_DIR


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def second_factor(settings):
    """The admin as a site served over HTTPS has it."""
    settings.ADMIN_SECOND_FACTOR = True


def enrol(username):
    """Run the enrolment command; the secret it prints, as the editor's app keeps it."""
    out = io.StringIO()
    call_command("enrol_device", username, stdout=out)
    printed = out.getvalue()
    assert f"otpauth://totp/careerguide%3A{username}?secret=" in printed
    return base64.b32decode(re.search(r"^secret: (\S+)$", printed, re.M).group(1))


def code_now(key, steps_ago=0):
    return f"{totp(key, step=30, t0=0, drift=-steps_ago):06d}"


def sign_in_with_code(client, code, password=PASSWORD):
    return client.post(
        reverse("admin:login"),
        {
            "username": "editor",
            "password": password,
            "otp_token": code,
            "next": reverse("admin:index"),
        },
    )


def test_with_https_the_sign_in_form_asks_for_the_code_and_lets_the_editor_in(
    client, editor, second_factor
):
    key = enrol("editor")

    form = client.get(reverse("admin:login")).content.decode()
    assert "Code from your authenticator app" in form
    assert 'autocomplete="one-time-code"' in form

    assert is_signed_in(sign_in_with_code(client, code_now(key)))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_right_password_with_a_wrong_or_no_code_is_refused(client, editor, second_factor):
    key = enrol("editor")
    wrong = f"{(int(code_now(key)) + 1) % 10**6:06d}"

    no_code = sign_in_with_code(client, "")
    wrong_code = sign_in_with_code(client, wrong)

    assert "Enter the six-digit code your authenticator app shows now." in no_code.content.decode()
    assert "That code is not the one your authenticator app shows now." in (
        wrong_code.content.decode()
    )
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_editor_without_a_device_cannot_get_in_and_is_told_how_to_get_one(
    client, editor, second_factor
):
    response = sign_in_with_code(client, "123456")

    assert not is_signed_in(response)
    assert "manage.py enrol_device" in response.content.decode()


def test_a_session_signed_in_with_the_password_alone_does_not_open_the_admin(
    client, editor, second_factor
):
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_without_https_the_sign_in_form_says_it_asks_for_no_code(client, editor):
    form = client.get(reverse("admin:login")).content.decode()

    assert "asks for no one-time code" in form
    assert is_signed_in(sign_in(client, PASSWORD))


def test_the_enrolment_command_prints_a_qr_code_and_can_replace_a_lost_device(editor):
    first, out = enrol("editor"), io.StringIO()
    call_command("enrol_device", "editor", "--replace", stdout=out)

    assert "Removed 1 earlier device(s) of editor." in out.getvalue()
    assert "█" in out.getvalue()
    assert editor.totpdevice_set.count() == 1
    assert editor.totpdevice_set.get().bin_key != first


# The lockout ---------------------------------------------------------------------------


def move_last_failure_back(minutes):
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_a_wrong_password_during_the_pause_does_not_restart_it(client, editor):
    guess_until_locked(client)
    move_last_failure_back(10)

    assert sign_in(client, "another-wrong-guess").status_code == 429
    move_last_failure_back(6)

    # Sixteen minutes after the fifth failure: the guess during the pause did not count.
    assert is_signed_in(sign_in(client, PASSWORD))


def test_the_pause_page_says_when_to_try_again(client, editor):
    locked = guess_until_locked(client)
    assert locked.status_code == 429
    assert 890 <= int(locked["Retry-After"]) <= 900
    assert "Try again in 15 minutes" in locked.content.decode()

    move_last_failure_back(10)
    later = sign_in(client, PASSWORD)

    assert later.status_code == 429
    assert 290 <= int(later["Retry-After"]) <= 300
    assert "Try again in 5 minutes" in later.content.decode()


# Sessions ------------------------------------------------------------------------------


def test_a_session_ends_a_working_day_after_signing_in_however_busy(client, editor):
    assert is_signed_in(sign_in(client, PASSWORD))
    ends = client.session.get_expiry_date()
    assert abs(ends - (timezone.now() + datetime.timedelta(hours=9))).total_seconds() < 60

    # Working all day (the session saved again and again) does not move the end.
    session = client.session
    session["still working"] = True
    session.save()
    assert client.session.get_expiry_date() == ends


def test_signing_out_everywhere_ends_every_session_of_that_editor_only(editor):
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(editor)
    phone.force_login(editor)
    colleague.force_login(User.objects.create_superuser("ben"))

    response = laptop.post(reverse("admin:sign_out_everywhere"), follow=True)

    assert "Signed out everywhere: 2 session(s) ended." in response.content.decode()
    assert phone.get(reverse("admin:index")).status_code == 302
    assert laptop.get(reverse("admin:index")).status_code == 302
    assert colleague.get(reverse("admin:index")).status_code == 200


def test_every_admin_page_offers_signing_out_everywhere(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()

    assert f'action="{reverse("admin:sign_out_everywhere")}"' in page
    assert admin_client.get(reverse("admin:sign_out_everywhere")).status_code == 405


# Where the admin is --------------------------------------------------------------------


def deploy_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = (
        clean
        | {
            "DJANGO_SECRET_KEY": "k" * 20 + "e" * 20 + "y" * 20 + "s0123456789",
            "DJANGO_ALLOWED_HOSTS": "guide.example",
            "DJANGO_HTTPS": "1",
        }
        | env
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_check_deploy_warns_about_the_admin_at_slash_admin():
    assert "careerguide.W001" in deploy_check()
    assert "careerguide.W001" in deploy_check(DJANGO_ADMIN_URL="editing-change-me/")
    assert "careerguide.W001" not in deploy_check(DJANGO_ADMIN_URL="backstage-41f7/")


def test_the_deployment_environment_moves_the_admin_and_says_to_choose_the_path():
    lines = (ROOT / "deploy" / "careerguide.env").read_text().splitlines()
    admin_url = next(line for line in lines if line.startswith("DJANGO_ADMIN_URL="))

    assert admin_url.split("=", 1)[1].strip("/") not in {"", "admin"}
    assert "choose a path of\n# your own" in "\n".join(lines)


def test_no_admin_page_shows_an_editors_device_secret(admin_client, editor):
    key = enrol("editor")
    device = editor.totpdevice_set.get()

    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert page.status_code == 200
    assert key.hex() not in page.content.decode()
    assert base64.b32encode(key).decode() not in page.content.decode()
