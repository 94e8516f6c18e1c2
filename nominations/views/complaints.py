"""Complaints about an award or a nomination, for the secretariat: the list (open ones by
their time limit, overdue ones marked), registering one, assigning it, answering it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.codes import normalize
from awards.models import AwardGrant
from units.models import Role, User
from units.views.helpers import apply_form_errors, paginate, require_perm

from ..models import Complaint, ComplaintKind, ComplaintOutcome, Nominee
from ..services.complaints import complaint_answer, complaint_assign, complaint_register

PERM = "nominations.handle_complaint"
_DATE = forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d")


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=ComplaintKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    award_code = forms.CharField(
        label=gettext_lazy("Verification code of the award complained about"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    nominee = forms.IntegerField(
        label=gettext_lazy("or number of the nomination complained about"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    complainant = forms.CharField(
        label=gettext_lazy("Complainant"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    contact = forms.CharField(
        label=gettext_lazy("Complainant's address or phone"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    content = forms.CharField(
        label=gettext_lazy("Content of the complaint"),
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=_DATE)

    def clean(self):
        data = super().clean()
        code, nominee_id = data.get("award_code"), data.get("nominee")
        if bool(code) == bool(nominee_id):
            raise ValidationError(
                _("Give either the award's verification code or the nomination's number.")
            )
        if code:
            grant = AwardGrant.objects.filter(verification_code=normalize(code) or "").first()
            if grant is None:
                self.add_error("award_code", _("No award has this verification code."))
            data["grant"] = grant
        else:
            data["nominee_row"] = Nominee.objects.filter(pk=nominee_id).first()
            if data["nominee_row"] is None:
                self.add_error("nominee", _("No nomination has this number."))
        return data


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Assign to"),
        queryset=User.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            is_active=True, roles__role=Role.SECRETARIAT
        ).distinct()


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=ComplaintOutcome.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )
    answered_on = forms.DateField(label=gettext_lazy("Answered on"), widget=_DATE)


@login_required
def complaint_list(request):
    require_perm(request, PERM)
    complaints = Complaint.objects.select_related(
        "grant__decision", "nominee", "assignee"
    ).order_by("answered_on", "due_on", "id")
    state = request.GET.get("state")
    if state in ("registered", "assigned", "answered"):
        complaints = complaints.filter(state=state)
    context = {"page": paginate(request, complaints), "today": timezone.localdate()}
    return render(request, "nominations/complaints/list.html", context)


@login_required
def complaint_new(request):
    require_perm(request, PERM)
    initial = {"received_on": timezone.localdate()}
    form = RegisterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = complaint_register(
                actor=request.user,
                kind=data["kind"],
                grant=data.get("grant"),
                nominee=data.get("nominee_row"),
                complainant=data["complainant"],
                contact=data["contact"],
                content=data["content"],
                received_on=data["received_on"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Complaint registered; it must be answered by %(date)s.")
                % {"date": complaint.due_on.strftime("%d/%m/%Y")},
            )
            return redirect("nominations:complaint_detail", pk=complaint.pk)
    return render(request, "nominations/complaints/new.html", {"form": form})


@login_required
def complaint_detail(request, pk: int):
    require_perm(request, PERM)
    complaint = get_object_or_404(
        Complaint.objects.select_related(
            "grant__decision", "grant__award", "nominee__dossier", "assignee", "pending_case"
        ),
        pk=pk,
    )
    assign_form = AssignForm(request.POST if request.POST.get("action") == "assign" else None)
    answer_form = AnswerForm(
        request.POST if request.POST.get("action") == "answer" else None,
        initial={"answered_on": timezone.localdate()},
    )
    if request.method == "POST":
        form = assign_form if request.POST.get("action") == "assign" else answer_form
        if form.is_valid():
            try:
                if form is assign_form:
                    complaint_assign(
                        complaint=complaint,
                        actor=request.user,
                        assignee=form.cleaned_data["assignee"],
                    )
                else:
                    complaint_answer(complaint=complaint, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("The complaint was updated."))
                return redirect("nominations:complaint_detail", pk=complaint.pk)
    context = {
        "complaint": complaint,
        "assign_form": assign_form,
        "answer_form": answer_form,
        "today": timezone.localdate(),
    }
    return render(request, "nominations/complaints/detail.html", context)


urlpatterns = [
    path("khieu-nai/", complaint_list, name="complaint_list"),
    path("khieu-nai/moi/", complaint_new, name="complaint_new"),
    path("khieu-nai/<int:pk>/", complaint_detail, name="complaint_detail"),
]
