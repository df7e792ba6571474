import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models and settings) lives as long as the
# process. Frozen, it is left out of every full garbage collection from here on, which
# would otherwise walk all of it: at 100x the content a cold career-path render paid about
# 15 ms a render for those collections, and through gunicorn its median cold render went
# from 126-147 ms to 91-127 ms (README, Speed).
gc.freeze()
