import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models and settings) lives as long as the
# process. Frozen, it is left out of every full garbage collection from here on, which
# would otherwise walk all of it again: in-process at 100x the content, those collections
# cost a cold career-path render about 14 ms of its 140 (README, Speed).
gc.freeze()
