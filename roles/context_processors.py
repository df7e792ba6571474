from django.conf import settings


def site(request):
    """The site's public address, for canonical links and Open Graph tags."""
    base = settings.SITE_URL or f"{request.scheme}://{request.get_host()}"
    return {"site_url": base, "canonical_url": base + request.path}
