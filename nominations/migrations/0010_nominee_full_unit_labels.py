"""Issue 9 (6): nominees keep every unit by its full label ("Thôn 1, xã Bình Sơn").

Nominees added before kept the bare name ("Thôn 1"). Each snapshot that still equals the
unit's current bare name takes the unit's stored label (``Unit.full_name``, filled by
units 0008); a snapshot that differs (the unit renamed since) is history and stays.
"""

from django.db import migrations


def _label(unit) -> str:
    return (unit.full_name or unit.name) if unit is not None else ""


def relabel(apps, schema_editor):
    Nominee = apps.get_model("nominations", "Nominee")
    nominees = Nominee.objects.select_related(
        "person__unit", "collective__parent", "household__unit"
    ).only(
        "pk",
        "display_name",
        "unit_name",
        "person__unit__name",
        "person__unit__full_name",
        "collective__name",
        "collective__full_name",
        "collective__parent__name",
        "collective__parent__full_name",
        "household__unit__name",
        "household__unit__full_name",
    )
    changed = []
    for nominee in nominees.iterator(chunk_size=500):
        if nominee.collective_id:
            unit, parent = nominee.collective, nominee.collective.parent
            fields = {}
            if nominee.display_name == unit.name and _label(unit) != unit.name:
                fields["display_name"] = _label(unit)[:255]
            if parent is not None and nominee.unit_name == parent.name:
                fields["unit_name"] = _label(parent)[:255]
        else:
            owner = nominee.person if nominee.person_id else nominee.household
            unit = owner.unit if owner is not None else None
            fields = {}
            if unit is not None and nominee.unit_name == unit.name:
                fields["unit_name"] = _label(unit)[:255]
        fields = {k: v for k, v in fields.items() if getattr(nominee, k) != v}
        if fields:
            for key, value in fields.items():
                setattr(nominee, key, value)
            changed.append(nominee)
    Nominee.objects.bulk_update(changed, ["display_name", "unit_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0009_nominee_recipient_class_and_bloc_rank"),
        ("units", "0008_unit_full_name"),
    ]

    operations = [
        migrations.RunPython(relabel, migrations.RunPython.noop),
    ]
