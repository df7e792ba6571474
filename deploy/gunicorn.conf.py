"""gunicorn settings for one careerguide app instance behind nginx.

    gunicorn careerguide.wsgi -c deploy/gunicorn.conf.py

Run one instance per address in nginx's upstream; each reads its own GUNICORN_BIND.
"""

import multiprocessing
import os

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
