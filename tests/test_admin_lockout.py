"""Someone guessing an editor's password is stopped after a few tries; the editor gets in
again once the pause is over or an administrator lifts it."""

import datetime

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from .helpers import PASSWORD, guess_until_locked, is_signed_in, sign_in


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True, is_superuser=True)


def test_after_too_many_wrong_passwords_even_the_right_one_is_refused(client, editor):
    locked = guess_until_locked(client)

    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    refused = sign_in(client, PASSWORD)
    assert refused.status_code == 429
    assert not is_signed_in(refused)
    assert "_auth_user_id" not in client.session
    html = refused.content.decode()
    assert f"After {settings.AXES_FAILURE_LIMIT} wrong passwords" in html
    assert "paused for 15 minutes" in html


def test_the_lock_covers_the_account_from_another_address(client, editor):
    guess_until_locked(client)

    elsewhere = sign_in(Client(), PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert elsewhere.status_code == 429


def test_the_lock_covers_the_address_for_another_account(client, editor):
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    guess_until_locked(client)

    assert sign_in(client, PASSWORD, username="other").status_code == 429


def test_once_the_pause_is_over_the_right_password_works(client, editor):
    guess_until_locked(client)
    assert sign_in(client, PASSWORD).status_code == 429

    # The pause is counted from the last failure: move that back past the cool-off.
    over = datetime.timedelta(minutes=1) + settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - over)

    assert is_signed_in(sign_in(client, PASSWORD))


def test_an_administrator_can_lift_the_lock(client, editor):
    guess_until_locked(client)

    reset(username="editor")
    reset(ip="127.0.0.1")

    assert is_signed_in(sign_in(client, PASSWORD))


def test_the_lock_is_kept_in_the_database_for_every_instance(client, editor):
    guess_until_locked(client)

    # A second instance shares only the database: a fresh client and handler.
    other_instance = Client()
    attempts = AccessAttempt.objects.get(username="editor")
    assert attempts.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert sign_in(other_instance, PASSWORD).status_code == 429


def test_a_wrong_password_or_two_is_forgiven_by_signing_in(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, f"wrong-{attempt}")
    assert is_signed_in(sign_in(client, PASSWORD))

    client.logout()
    # The count started again: another near-miss series does not lock.
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, f"wrong-again-{attempt}")
    assert is_signed_in(sign_in(client, PASSWORD))


def test_an_unsafe_next_after_sign_in_lands_on_the_admin_not_a_404(client, editor):
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_behind_a_proxy_a_guesser_cannot_dodge_the_lock_by_forging_their_address(
    client, editor, settings
):
    settings.PROXY_COUNT = 1
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The guesser makes up a new left-hand entry each time; the proxy appends the
        # address it really saw.
        forged = f"192.0.2.{attempt}, 203.0.113.9"
        sign_in(client, f"wrong-{attempt}", username="other", HTTP_X_FORWARDED_FOR=forged, **proxy)

    assert AccessAttempt.objects.get(username="other").ip_address == "203.0.113.9"
    guesser = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9", **proxy)
    assert guesser.status_code == 429
    # Someone else behind the same proxy is not locked out with them.
    editor_elsewhere = sign_in(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert is_signed_in(editor_elsewhere)
