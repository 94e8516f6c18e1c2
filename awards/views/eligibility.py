"""The eligibility page: pick a person or a collective, an award and a year, and read
the verdict with every check explained in Vietnamese."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import path

from units.selectors import person_list_visible, person_search, unit_list_visible
from units.views.helpers import require_perm

from .. import services
from ..forms import EligibilityForm
from ..models import SubjectKind

MAX_MATCHES = 20


@login_required
def eligibility_check(request):
    require_perm(request, "awards.check_eligibility")
    person = unit = None
    if request.GET.get("person", "").isdigit():
        person = get_object_or_404(person_list_visible(user=request.user), pk=request.GET["person"])
    elif request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(unit_list_visible(user=request.user), pk=request.GET["unit"])
    query = request.GET.get("q", "").strip()[:100]
    matches = []
    if query and person is None and unit is None:
        matches = list(
            person_search(queryset=person_list_visible(user=request.user), text=query)[:MAX_MATCHES]
        )
    subject_kind = SubjectKind.COLLECTIVE if unit else SubjectKind.INDIVIDUAL
    form = None
    result = None
    if person or unit:
        bound = "award" in request.GET
        form = EligibilityForm(request.GET if bound else None, subject_kind=subject_kind)
        if bound and form.is_valid():
            result = services.eligibility_check(
                award=form.cleaned_data["award"],
                year=form.cleaned_data["year"],
                person=person,
                unit=unit,
            )
    return render(
        request,
        "awards/eligibility.html",
        {
            "person": person,
            "unit": unit,
            "query": query,
            "matches": matches,
            "form": form,
            "result": result,
        },
    )


urlpatterns = [
    path("khen-thuong/xet-dieu-kien/", eligibility_check, name="eligibility"),
]
