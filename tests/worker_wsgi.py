"""careerguide's WSGI app, saying which worker answered: for the test with two workers."""

import os

from careerguide.wsgi import application as site


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Worker", str(os.getpid()))], exc_info)

    return site(environ, start)
