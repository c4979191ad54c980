"""The public directory, an organisation's page and a member's choice of their
organisation (thin views: directory.py and services.py do the work)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practices.models import MethodMaterialPage, SuccessStoryPage

from . import services
from .directory import directory, page_of
from .forms import ChooseOrganisationForm, ProposeOrganisationForm
from .models import Membership, Organisation
from .region_map import region_map


def directory_view(request):
    listing = directory(request.GET)
    page = page_of(listing["items"], request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/directory.html",
        {
            "listing": listing,
            "page_obj": page,
            "query": query.urlencode(),
            "region_map": region_map(listing["by_region"]),
        },
    )


def detail_view(request, slug):
    org = get_object_or_404(
        Organisation.objects.select_related("region").prefetch_related("services", "target_groups"),
        slug=slug,
    )
    if org.status != Organisation.Status.APPROVED:
        raise Http404
    from events.models import EventPage

    practices = SuccessStoryPage.objects.live().public().filter(organisation=org).order_by("title")
    materials = (
        MethodMaterialPage.objects.live().public().filter(organisation=org).order_by("title")
    )
    events = (
        EventPage.objects.live()
        .public()
        .filter(Q(host_organisation__iexact=org.name))
        .order_by("-start")
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": org,
            "practices": practices,
            "materials": materials,
            "events": events,
            "members": org.memberships.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_organisation(request):
    membership = Membership.objects.filter(user=request.user).select_related("organisation").first()
    choose = ChooseOrganisationForm(
        request.POST if request.POST.get("action") == "choose" else None,
        initial={"organisation": membership.organisation_id if membership else None},
    )
    propose = ProposeOrganisationForm(
        request.POST if request.POST.get("action") == "propose" else None, prefix="new"
    )
    if request.method == "POST":
        if request.POST.get("action") == "choose" and choose.is_valid():
            services.join(request.user, choose.cleaned_data["organisation"])
            messages.success(request, _("Организация сохранена в профиле."))
            return redirect("organisations:mine")
        if request.POST.get("action") == "propose" and propose.is_valid():
            services.propose(request.user, propose)
            messages.success(
                request,
                _(
                    "Спасибо! Модератор региона проверит организацию и добавит её в каталог; "
                    "до тех пор она видна только в вашем профиле."
                ),
            )
            return redirect("organisations:mine")
        if request.POST.get("action") == "leave" and membership:
            membership.delete()
            messages.success(request, _("Организация убрана из профиля."))
            return redirect("organisations:mine")
    return render(
        request,
        "organisations/mine.html",
        {"membership": membership, "choose": choose, "propose": propose},
        status=400 if request.method == "POST" else 200,
    )
