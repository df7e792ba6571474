"""Talking to the stack as a visitor, nginx, or an editor's browser would."""

import base64
import hashlib
import hmac
import http.client
import json
import socket
import ssl
import struct
import subprocess
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

from deploy.stack.stack import HOSTNAME, PORTS, PYTHON, ROOT, Stack

STACK = Stack("test")
EDITED_ROLE = "producer"


def tls_context():
    return ssl.create_default_context(cafile=STACK.dir / "tls" / "cert.pem")


class Answer:
    def __init__(self, response, body):
        self.status = response.status
        self.headers = response.headers
        self.body = body
        self.text = body.decode(errors="replace")


class LoopbackHTTPSConnection(http.client.HTTPSConnection):
    """Sends `Host: localhost` (and checks the certificate for it) but always connects to
    127.0.0.1, whatever `localhost` resolves to."""

    def __init__(self, host, port, *, context, timeout):
        super().__init__(host, port, context=context, timeout=timeout)
        self.tls = context

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def connection(port=None, timeout=10):
    """To nginx over TLS as `localhost`, or (with port) straight to one app instance over
    plain HTTP, as nginx itself talks to it. Always to 127.0.0.1."""
    if port is None:
        return LoopbackHTTPSConnection(
            HOSTNAME, PORTS["nginx"], context=tls_context(), timeout=timeout
        )
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def fetch(path, port=None, method="GET", body=None, headers=None, timeout=10):
    conn = connection(port, timeout)
    sent = {"Host": f"{HOSTNAME}:{PORTS['nginx']}"} | (headers or {})
    if port is not None:
        # What nginx adds: the original scheme, so Django sees the request as HTTPS.
        sent |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return Answer(response, response.read())
    finally:
        conn.close()


def one_time_code(secret):
    """The code an authenticator app shows now for a base32 `secret` (RFC 6238: 30 s steps,
    6 digits, SHA-1), as the editor types it into the sign-in form."""
    digest = hmac.new(
        base64.b32decode(secret), struct.pack(">Q", int(time.time() // 30)), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def manage(*args, **env):
    """A management command run as the stack's app instances run (their environment)."""
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=STACK.app_env() | env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def django_facts():
    """Addresses that depend on the code (admin path) or the data (a role's id)."""
    code = (
        "import json; from django.urls import reverse; from roles.models import Role; "
        f"role = Role.objects.get(slug={EDITED_ROLE!r}); "
        "print(json.dumps({'admin': reverse('admin:index'), "
        "'change': reverse('admin:roles_role_change', args=[role.pk]), 'roles': "
        "Role.objects.count()}))"
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=STACK.app_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select, self.textarea = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append(
                    (name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
                )
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # A browser drops the newline right after <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None


class Browser:
    """Just enough of a browser for the admin: cookies, CSRF token, Referer."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, path, method="GET", fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOSTNAME}:{PORTS['nginx']}",
                "Referer": f"https://{HOSTNAME}:{PORTS['nginx']}{path}",
            }
        answer = fetch(path, port=self.port, method=method, body=body, headers=headers)
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return answer

    def submit(self, path, form_id, changes):
        form = FormFields(form_id)
        form.feed(self.request(path).text)
        assert form.fields, f"no form {form_id} at {path}"
        names = {name for name, _ in changes}
        fields = [(n, v) for n, v in form.fields if n not in names] + list(changes)
        return self.request(path, "POST", fields)
