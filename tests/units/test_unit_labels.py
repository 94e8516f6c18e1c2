"""Every unit is identifiable (issue 9, 6): a village or an office carries the commune or
department it belongs to ("Thôn 1, xã Bình Sơn"), stored so that no list reads the
ancestors unit by unit; unit dropdowns are grouped by commune or department and
searchable (tom-select from node_modules)."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from awards.filters import GrantFilter
from awards.forms import QuotaForm
from awards.models import Award, AwardGrant
from campaigns.forms import ExemplarForm, RegistrationCreateForm
from nominations.forms.dossiers import DossierForm, PersonQuickForm
from notifications.forms import ManualDeadlineForm
from tests.factories import UnitFactory
from units import services
from units.forms.choices import grouped_unit_choices
from units.forms.signers import SignerForm
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(province):
    commune = province["unit_a"]
    return {
        "vhxh": UnitFactory(
            name="Phòng Văn hóa - Xã hội", code="xa-a-vhxh", kind="sub_unit", parent=commune
        ),
        "vp_a": UnitFactory(
            name="Văn phòng HĐND và UBND", code="xa-a-vp", kind="sub_unit", parent=commune
        ),
        "vp_b": UnitFactory(
            name="Văn phòng HĐND và UBND",
            code="phuong-b-vp",
            kind="sub_unit",
            parent=province["unit_b"],
        ),
    }


def test_villages_and_offices_carry_their_commune(province, offices):
    assert str(province["village_a"]) == "Thôn 1, xã Bình Sơn"
    assert str(offices["vhxh"]) == "Phòng Văn hóa - Xã hội, xã Bình Sơn"
    assert {str(offices["vp_a"]), str(offices["vp_b"])} == {
        "Văn phòng HĐND và UBND, xã Bình Sơn",
        "Văn phòng HĐND và UBND, phường Cẩm Thành",
    }
    assert str(province["unit_a"]) == "Xã Bình Sơn"  # a commune is named by itself


def test_a_department_office_keeps_the_department_capitalised(province):
    department = UnitFactory(
        name="Sở Y tế", code="so-y-te-t", kind="department", parent=province["root"]
    )
    office = UnitFactory(name="Văn phòng", code="so-y-te-vp", kind="sub_unit", parent=department)
    named = UnitFactory(
        name="Văn phòng Sở Y tế", code="so-y-te-vp2", kind="sub_unit", parent=department
    )
    assert (str(office), str(named)) == ("Văn phòng, Sở Y tế", "Văn phòng Sở Y tế")


def test_the_label_follows_a_rename_and_a_move(province, offices):
    services.unit_update(unit=province["unit_a"], actor=None, name="Xã Bình Sơn Mới")
    assert Unit.objects.get(pk=province["village_a"].pk).full_name == "Thôn 1, xã Bình Sơn Mới"
    services.unit_update(unit=offices["vhxh"], actor=None, parent=province["unit_b"])
    assert str(Unit.objects.get(pk=offices["vhxh"].pk)) == (
        "Phòng Văn hóa - Xã hội, phường Cẩm Thành"
    )


def test_labels_cost_no_query_per_unit(province, offices, django_assert_num_queries):
    for n in range(20):
        UnitFactory(
            name=f"Thôn {n + 2}", code=f"xa-a-t{n + 2}", kind="village", parent=province["unit_a"]
        )
    with django_assert_num_queries(2):  # the villages, then their commune's name
        choices = grouped_unit_choices(Unit.objects.filter(kind="village"))
    with django_assert_num_queries(1):
        labels = [str(u) for u in Unit.objects.all()]
    assert "Thôn 7, xã Bình Sơn" in labels
    assert choices[0][0] == "Xã Bình Sơn"  # one group: the commune
    options = dict(choices[0][1])
    assert options[province["village_a"].pk] == "Thôn 1, xã Bình Sơn"


def test_a_label_whose_full_name_was_deferred_is_the_name_without_a_query(
    province, django_assert_num_queries
):
    bare = Unit.objects.only("name").get(pk=province["village_a"].pk)
    full = Unit.objects.only("name", "full_name").get(pk=province["village_a"].pk)
    with django_assert_num_queries(0):
        assert (bare.label, full.label) == ("Thôn 1", "Thôn 1, xã Bình Sơn")


def test_dropdowns_are_grouped_and_searchable(province, offices):
    form = ManualDeadlineForm()
    html = str(form["unit"])
    assert 'data-searchable="1"' in html
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups == ["Xã Bình Sơn", "Phường Cẩm Thành"]
    assert "Văn phòng HĐND và UBND, phường Cẩm Thành" in unescape(html)


def test_the_search_widget_is_served_from_node_modules(client, users):
    assert finders.find("vendor/tom-select/js/tom-select.complete.min.js")
    assert finders.find("vendor/tom-select/css/tom-select.bootstrap5.min.css")
    client.force_login(users["staff_a"])
    body = client.get(reverse("units:dashboard")).content.decode()
    assert 'data-tom-select="/static/vendor/tom-select/js/tom-select.complete.min.js"' in body
    script = (settings.BASE_DIR / "static/js/portal.js").read_text()
    assert "select[data-searchable]" in script and "new window.TomSelect" in script
    # Every script and style sheet from the portal itself, none from a CDN (a bare "cdn"
    # search also matched the page's random CSRF token once in a while: a flaky test).
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', body)
    assert assets and all(asset.startswith("/static/") for asset in assets), assets
    assert "tom-select" in (settings.BASE_DIR / "package.json").read_text()


def test_the_person_list_names_the_unit_fully(client, users, province):
    client.force_login(users["staff_a"])
    body = unescape(client.get(reverse("units:person_list")).content.decode())
    assert "<td>Thôn 1, xã Bình Sơn</td>" in body


def _archive_filter(units):
    return GrantFilter(
        data={},
        queryset=AwardGrant.objects.none(),
        award_queryset=Award.objects.none(),
        unit_queryset=units,
    ).form


@pytest.mark.parametrize(
    "make_form",
    [
        pytest.param(lambda units: QuotaForm(unit_queryset=units), id="quota"),
        pytest.param(_archive_filter, id="archive-filter"),
        pytest.param(lambda units: DossierForm(unit_queryset=units), id="dossier"),
        pytest.param(lambda units: PersonQuickForm(unit_queryset=units), id="person-quick"),
        pytest.param(lambda units: SignerForm(unit_queryset=units), id="signer"),
        pytest.param(lambda units: RegistrationCreateForm(units=units), id="registration"),
        pytest.param(lambda units: ExemplarForm(units=units), id="exemplar"),
    ],
)
def test_every_unit_dropdown_is_grouped_with_full_labels_in_constant_queries(
    province, offices, make_form, django_assert_max_num_queries
):
    """Issue 9 (6): the quota, archive filter, dossier, person, signer and campaign forms
    group their units by commune or department, label them fully and make them
    searchable, in the same few queries whatever the number of units."""
    units = Unit.objects.filter(is_active=True)

    def render() -> str:
        form = make_form(units)
        return unescape(str(form["unit"]))

    with django_assert_max_num_queries(4) as few:
        render()
    for i in range(30):
        UnitFactory(name=f"Tổ {i}", code=f"xa-a-to-{i}", kind="sub_unit", parent=offices["vp_a"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = render()
    # Every one searchable, the nominee page's too: the widget leaves its htmx working.
    assert 'data-searchable="1"' in html
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups[:2] == ["Xã Bình Sơn", "Phường Cẩm Thành"]
    assert ">Văn phòng HĐND và UBND, phường Cẩm Thành</option>" in html
    assert ">Thôn 1, xã Bình Sơn</option>" in html


@pytest.mark.parametrize("value", [None, "village_a", "unit_b"])
def test_the_fast_unit_dropdown_writes_what_django_s_select_writes(province, offices, value):
    """The grouped dropdown is written as one string (a template per option cost most of
    the archive page at province scale); its markup is Django's own Select's, to the
    attribute and the selected option."""
    from django import forms
    from django.test.html import parse_html

    from units.forms.choices import GroupedSelect

    class Form(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.none(), empty_label="Tất cả")

    fast_form = Form(initial={"unit": province[value].pk if value else None})
    from units.forms.choices import use_unit_choices

    use_unit_choices(fast_form.fields["unit"], Unit.objects.all())
    field = fast_form.fields["unit"]
    assert type(field.widget) is GroupedSelect
    slow = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
    slow.is_required = field.widget.is_required
    bound = fast_form["unit"]
    fast_html = bound.as_widget()
    slow_html = bound.as_widget(widget=slow)
    assert "<optgroup" in fast_html and "&lt;" not in fast_html
    assert parse_html(fast_html) == parse_html(slow_html)
    # The opening tag to the character: pages and tests look for '<select name="…"'.
    assert fast_html.split(">", 1)[0] == slow_html.split(">", 1)[0]
    if value:
        selected = re.findall(r'<option value="(\d+)" selected>', fast_html)
        assert selected == [str(province[value].pk)]
