"""Two editors press Save at the same moment. Twenty times between them on the embedded
SQLite database: every save waits its turn and goes through; none is lost to "database
is locked". On one role at once, on either database: one save goes through and the
other is refused as stale, never both applied."""

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from roles.models import Industry, Role, Skill

from .helpers import form_data

# Any 32 letters: the CSRF cookie and the form field only have to agree.
CSRF_SECRET = "a" * 32


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def editor(username):
    client = Client()
    client.force_login(User.objects.create_superuser(username))
    return client


def post_at_once(server_url, saves):
    """Send every (client, path, data) at the same instant, each on its own connection;
    the status, seconds taken and page of each answer."""
    opener = urllib.request.build_opener(NoRedirects)
    start = threading.Barrier(len(saves))

    def send(save):
        client, path, data = save
        body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": CSRF_SECRET}, doseq=True)
        request = urllib.request.Request(
            server_url + path,
            data=body.encode(),
            headers={
                "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_SECRET}"
            },
        )
        start.wait(timeout=30)
        began = time.perf_counter()
        try:
            answer = opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            answer = error
        return answer.code, time.perf_counter() - began, answer.read().decode()

    with ThreadPoolExecutor(max_workers=len(saves)) as pool:
        return list(pool.map(send, saves))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="about SQLite's single writer")
def test_twenty_saves_from_two_editors_at_the_same_moment_all_go_through(live_server, content):
    ann, ben = editor("ann"), editor("ben")
    saves = []
    for role in Role.objects.all():
        url = reverse("admin:roles_role_change", args=[role.pk])
        saves.append((ann, url, form_data(ann.get(url)) | {"summary": f"Ann's {role.slug}."}))
    # Ben renames ten things of the taxonomy: the skills, then industries.
    for row in [*Skill.objects.all(), *Industry.objects.all()][:10]:
        url = reverse(f"admin:roles_{row._meta.model_name}_change", args=[row.pk])
        saves.append((ben, url, form_data(ben.get(url)) | {"name": f"Ben's {row.slug}"}))
    assert len(saves) == 20

    began = time.perf_counter()
    answers = post_at_once(live_server.url, saves)
    took = time.perf_counter() - began
    slowest = max(seconds for _, seconds, _ in answers)
    saved = sum(status == 302 for status, *_ in answers)
    print(f"20 simultaneous saves: {saved} saved, all in {took:.2f} s, the slowest {slowest:.2f} s")

    assert [status for status, *_ in answers] == [302] * 20
    assert sorted(Role.objects.values_list("summary", flat=True)) == sorted(
        f"Ann's {slug}." for slug in Role.objects.values_list("slug", flat=True)
    )
    renamed = [
        Skill.objects.filter(name__startswith="Ben's "),
        Industry.objects.filter(name__startswith="Ben's "),
    ]
    assert sum(rows.count() for rows in renamed) == 10


def test_two_saves_of_one_role_at_the_same_moment_are_never_both_applied(live_server, content):
    ann, ben = editor("ann"), editor("ben")
    url = reverse("admin:roles_role_change", args=[Role.objects.get(slug="producer").pk])

    for round in range(3):
        anns_form = form_data(ann.get(url)) | {"summary": f"Ann's summary {round}."}
        bens_form = form_data(ben.get(url)) | {"overview": f"Ben's overview {round}."}
        answers = post_at_once(live_server.url, [(ann, url, anns_form), (ben, url, bens_form)])

        statuses = sorted(status for status, *_ in answers)
        assert statuses == [200, 302]
        refused = next(page for status, _, page in answers if status == 200)
        assert "Nothing was saved: someone else changed this since you opened the form" in refused
        producer = Role.objects.get(slug="producer")
        saved = [
            producer.summary == f"Ann's summary {round}.",
            producer.overview == f"Ben's overview {round}.",
        ]
        assert sorted(saved) == [False, True]
