"""`manage.py enrol_device USERNAME`: give an editor the authenticator-app entry their
admin sign-in asks a code from (where HTTPS is on)."""

import base64

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Enrol a time-based one-time code device (an authenticator app) for an editor and "
        "print its QR code, secret and otpauth:// address. Show them to that editor only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator app", help="What the device is.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the editor's other devices first (a lost or replaced phone).",
        )
        parser.add_argument("--no-qr", action="store_true", help="Print no QR code.")

    def handle(self, *args, username, name, replace, no_qr, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account is called “{username}”.") from None
        if replace:
            removed, _ = TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(f"Removed {removed} earlier device(s) of {username}.")
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        secret = base64.b32encode(device.bin_key).decode()
        if not no_qr:
            segno.make(device.config_url, error="m").terminal(out=self.stdout, compact=True)
        self.stdout.write(
            f"Enrolled “{name}” for {username}. Scan the QR code, or type the secret into the "
            f"authenticator app (time-based, 6 digits, 30 seconds):\n"
            f"secret: {secret}\n"
            f"address: {device.config_url}\n"
            "Anyone who sees these can make this editor's codes: show them to nobody else."
        )
