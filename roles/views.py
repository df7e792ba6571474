from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Role


@require_GET
def home(request):
    return render(request, "home.html", {"roles": Role.objects.by_level()})


@require_GET
def role_detail(request, slug):
    role = get_object_or_404(Role, slug=slug)
    return render(request, "roles/role_detail.html", {"role": role})
