"""A deployer takes deploy/ as it is: the nginx site and the gunicorn config must be
valid for the real programs, not only look right. (make stack-test proves what they do.)"""

import secrets
import shlex
import subprocess

import pytest

from deploy.stack import stack
from tests.programs import ROOT, program


def test_the_nginx_site_is_valid_nginx(tmp_path):
    program("nginx")
    command = stack.Stack("check", parent=tmp_path).nginx_command()

    result = subprocess.run([*command, "-t"], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_a_template_value_left_out_stops_the_render():
    with pytest.raises(stack.StackError, match=r"\$\{CAREERGUIDE_APP_2\}"):
        stack.render(
            "server ${CAREERGUIDE_APP_1}; server ${CAREERGUIDE_APP_2}; $host",
            {"CAREERGUIDE_APP_1": "127.0.0.1:8001"},
        )


def test_nginx_variables_are_left_for_nginx():
    assert stack.render("$host ${request_time}s ${A}", {"A": "1"}) == "$host ${request_time}s 1"


def test_the_gunicorn_config_is_valid_for_gunicorn():
    result = subprocess.run(
        [
            ROOT / ".venv" / "bin" / "gunicorn",
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "careerguide.wsgi",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "PATH": "/usr/bin:/bin"},
    )

    assert result.returncode == 0, result.stderr + result.stdout


def test_the_example_environment_fills_every_placeholder_of_the_nginx_site():
    values = {}
    for line in (ROOT / "deploy" / "nginx.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            values[name] = shlex.split(value)[0]
    site = (ROOT / "deploy" / "nginx" / "careerguide.conf").read_text()

    rendered = stack.render(site, values)

    assert "server_name careerguide.example www.careerguide.example;" in rendered
    assert "server 127.0.0.1:8002 max_fails=1" in rendered
