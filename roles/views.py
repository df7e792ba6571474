"""One view per page. Views fetch, call the model or a domain module, and render.

Pages with a swappable part render only that part (a template partial) when htmx asks,
never on a direct visit or a history restore, and say so with `Vary: HX-Request` (and the
history-restore header, so a browser's cache never hands htmx a fragment to restore).
"""

import csv
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from careerguide.page_cache.addresses import reads_query

from . import open_data, seo
from .career_graph import CareerGraph
from .career_path import CareerPath
from .comparison import Comparison
from .context_processors import site as site_context
from .directory import DirectoryFilter
from .forms import CareerPathForm, CompareForm
from .glance import at_a_glance
from .models import Role, Source
from .pay import FiguresDiffer
from .suggestions import suggested_pairs


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def for_htmx(partial: str):
    """The view's whole page, or only `partial` of it when htmx swaps that part in place
    (as django-htmx-patterns' `for_htmx`). The view returns a TemplateResponse; the answer
    varies on both htmx headers, so no cache hands a fragment to a direct visit."""

    def decorator(view):
        @wraps(view)
        @vary_on_headers("HX-Request", "HX-History-Restore-Request")
        def htmx_view(request: HtmxHttpRequest, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.htmx and not request.htmx.history_restore_request:
                response.template_name = f"{response.template_name}#{partial}"
            return response

        return htmx_view

    return decorator


@require_safe
@reads_query()
def home(request):
    roles = list(Role.objects.by_level())
    levels = at_a_glance(roles)
    shown = [role for level in levels for role in level.roles]
    context = {"roles": roles, "levels": levels, "sources": Source.objects.drawn_on_by(shown)}
    return render(request, "home.html", context)


@require_safe
@reads_query(DirectoryFilter)
@for_htmx("results")
def role_list(request: HtmxHttpRequest):
    directory = DirectoryFilter(request.GET)
    page = directory.results()
    roles = list(page)
    return TemplateResponse(
        request,
        "roles/role_list.html",
        {
            "directory": directory,
            "page": page,
            "roles": roles,
            "sources": Source.objects.drawn_on_by(roles),
        },
        status=directory.status,
    )


@require_safe
@reads_query()
def role_detail(request, slug):
    role = Role.objects.with_page_details().with_last_update().filter(slug=slug).first()
    if role is None:
        # Rendered here rather than by the 404 handler, so the page can suggest a role.
        context = {"slug": slug, "suggestion": Role.objects.closest_to(slug)}
        return render(request, "roles/role_not_found.html", context, status=404)
    page_url = site_context(request)["canonical_url"]
    context = {
        "role": role,
        "path": CareerGraph.around(role).position(role),
        "figures_differ": FiguresDiffer.of(role.salary_figures.all()),
        "other_roles": Role.objects.by_level().exclude(pk=role.pk).only("slug", "title"),
        "json_ld": seo.json_ld(seo.occupation(role, page_url)),
    }
    return render(request, "roles/role_detail.html", context)


@require_safe
@reads_query(CompareForm)
@for_htmx("result")
def compare(request: HtmxHttpRequest):
    roles = list(Role.objects.by_level())
    choice = CompareForm(request.GET, roles)
    context = {
        "roles": roles,
        "choice": choice,
        "comparison": Comparison.between(choice.first, choice.second, roles)
        if choice.is_complete
        else None,
        "suggestions": suggested_pairs(roles) if not choice.asked else [],
    }
    return TemplateResponse(request, "roles/compare.html", context, status=choice.status)


@require_safe
@reads_query(CareerPathForm)
@for_htmx("path")
def career_path(request: HtmxHttpRequest):
    path = CareerPath.load()
    # Every role can be marked: one off the path is shown as such, by its title.
    form = CareerPathForm(request.GET, steps=path.roles_by_slug, parts=path.part_count)
    path.show(at=form.chosen("at"), part=form.chosen("part"))
    return TemplateResponse(
        request,
        "roles/career_path.html",
        {"path": path, "problem": form.problem},
        status=form.status,
    )


@require_safe
@reads_query()
def data(request):
    context = {"licence": open_data.LICENCE, "sources": Source.objects.all()}
    return render(request, "open_data.html", context)


@require_safe
@reads_query()
def data_roles(request):
    content = open_data.roles_json(site_context(request)["site_url"])
    return HttpResponse(content, content_type="application/json")


@require_safe
@reads_query()
def data_salaries(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="salaries.csv"'
    writer = csv.writer(response)
    writer.writerow(open_data.SALARY_COLUMNS)
    writer.writerows(open_data.salary_rows(open_data.roles_for_salaries()))
    return response


@require_safe
@reads_query()
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers that ignore the <link rel="icon"> still ask for /favicon.ico; send them to
    # the real icon rather than log a 404. Not permanent: the static name carries a hash.
    return redirect(static("img/favicon.svg"))


def bad_request(request, exception):
    # Rendered without the request: the usual cause is a bad Host header, and the context
    # processors read the host, so rendering with the request would turn a 400 into a 500.
    return HttpResponseBadRequest(loader.render_to_string("400.html"))
