import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pramoen.web.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, templates' modules) lives as long as the process:
# moving it out of the collector's view makes the full collections that big pages trigger
# much cheaper (measured on the department overview, see README "Performance").
gc.collect()
gc.freeze()
