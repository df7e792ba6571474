"""gunicorn settings for one careerguide app instance behind nginx.

    gunicorn careerguide.wsgi -c deploy/gunicorn.conf.py

Run one instance per address in nginx's upstream; each reads its own GUNICORN_BIND.
"""

import multiprocessing
import os
import socket
import struct

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: nginx buffers requests and responses, so a worker is never held by a slow
# client and each request costs a worker only while Django builds the page.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 20
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200

# Trust X-Forwarded-Proto/-For only from nginx (same host by default).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Nothing but nginx talks to an instance; no runtime control socket to secure.
control_socket_disable = True

accesslog = "-"
access_log_format = '%(h)s %({x-request-id}i)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "careerguide")


# An instance can die at any moment (SIGKILL, the OOM killer, a lost host). nginx passes a
# request to the next instance only if nothing of the answer has reached it yet, so an
# answer is held in the kernel until it is complete (TCP_CORK) and, should the worker die
# before then, the connection is reset rather than closed (SO_LINGER 0): nginx receives
# nothing, not a status line without a body, and asks the other instance.
_ALL_OR_NOTHING = hasattr(socket, "TCP_CORK")


def _tcp_socket(req):
    sock = getattr(req.unreader, "sock", None)
    if _ALL_OR_NOTHING and sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        return sock
    return None


def pre_request(worker, req):
    if sock := _tcp_socket(req):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def post_request(worker, req, environ, resp):
    if sock := _tcp_socket(req):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 0, 0))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 0)
