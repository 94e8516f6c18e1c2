"""Seed the public holidays of 2026 and 2027 (Labour Code 2019, Art 112).

Fixed by the Code: New Year 1/1, Victory Day 30/4, Labour Day 1/5, National Day 2/9 plus
one adjacent day. The lunar holidays (Tết Nguyên đán, the Hùng Kings' commemoration 10/3
lunar), the day chosen next to 2/9, and compensatory days are UNCONFIRMED data: they follow
the government's yearly schedule, which the secretariat checks and edits on the holidays
page (thong-bao/ngay-le/). Tết 2026 follows the announced schedule (16–20/2/2026); Tết 2027
(5–9/2/2027) and the other 2027 dates are provisional. 1/5/2027 falls on a Saturday and
Tết 2027 spans a weekend: their compensatory days (Art 112(3)) are left for the secretariat
to add once the government announces them.
"""

from datetime import date

from django.db import migrations

HOLIDAYS = [
    # 2026
    (date(2026, 1, 1), "Tết Dương lịch"),
    (date(2026, 2, 16), "Tết Nguyên đán"),
    (date(2026, 2, 17), "Tết Nguyên đán"),
    (date(2026, 2, 18), "Tết Nguyên đán"),
    (date(2026, 2, 19), "Tết Nguyên đán"),
    (date(2026, 2, 20), "Tết Nguyên đán"),
    (date(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
    (date(2026, 4, 30), "Ngày Chiến thắng"),
    (date(2026, 5, 1), "Ngày Quốc tế lao động"),
    (date(2026, 9, 1), "Quốc khánh"),
    (date(2026, 9, 2), "Quốc khánh"),
    # 2027
    (date(2027, 1, 1), "Tết Dương lịch"),
    (date(2027, 2, 5), "Tết Nguyên đán"),
    (date(2027, 2, 6), "Tết Nguyên đán"),
    (date(2027, 2, 7), "Tết Nguyên đán"),
    (date(2027, 2, 8), "Tết Nguyên đán"),
    (date(2027, 2, 9), "Tết Nguyên đán"),
    (date(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (date(2027, 4, 30), "Ngày Chiến thắng"),
    (date(2027, 5, 1), "Ngày Quốc tế lao động"),
    (date(2027, 9, 2), "Quốc khánh"),
    (date(2027, 9, 3), "Quốc khánh"),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("notifications", "Holiday")
    existing = set(Holiday.objects.values_list("day", flat=True))
    Holiday.objects.bulk_create(
        [Holiday(day=day, name=name) for day, name in HOLIDAYS if day not in existing]
    )


def unseed(apps, schema_editor):
    Holiday = apps.get_model("notifications", "Holiday")
    Holiday.objects.filter(day__in=[day for day, _name in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
