"""One view per page. Views fetch, call the model or a domain module, and render.

Pages with a swappable part render only that part (a template partial) when htmx asks,
never on a direct visit or a history restore, and say so with `Vary: HX-Request`.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .models import Role


def partial_for(request, template, partial):
    """The whole page, or only `partial` of it when htmx swaps that part in place."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template


@require_GET
def home(request):
    return render(request, "home.html", {"roles": Role.objects.by_level()})


@require_GET
@vary_on_headers("HX-Request")
def role_list(request):
    roles = Role.objects.by_level()
    return render(
        request, partial_for(request, "roles/role_list.html", "results"), {"roles": roles}
    )


@require_GET
def role_detail(request, slug):
    role = get_object_or_404(Role, slug=slug)
    return render(request, "roles/role_detail.html", {"role": role})


@require_GET
@vary_on_headers("HX-Request")
def compare(request):
    roles = Role.objects.by_level()
    return render(request, partial_for(request, "roles/compare.html", "result"), {"roles": roles})


@require_GET
@vary_on_headers("HX-Request")
def career_path(request):
    return render(request, partial_for(request, "roles/career_path.html", "path"), {})
