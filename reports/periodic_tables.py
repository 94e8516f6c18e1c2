"""The tables of the periodic report, built once from its figures and shown three ways:
on the page (each count linking to the records it counts), in the PDF/DOCX and in the
XLSX (one named sheet per table)."""

from dataclasses import dataclass, field

from .periodic_charts import LEVEL_LABELS, SHARE_LABELS, STAGE_LABELS

CHANGE_HEADERS = ("Kỳ này", "Cùng kỳ năm trước", "Tăng (+), giảm (-)")


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple
    key: str = ""  # the figure key of the first value (the page links it)
    den_key: str = ""  # for a share: the key of its denominator


@dataclass
class ReportTable:
    code: str
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    title: str
    headers: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)


def number(value) -> str:
    """1.234 (a dot between thousands); a decimal with a comma; empty for None."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{value:,}".replace(",", ".")


def change(current, previous) -> str:
    if current is None or previous is None:
        return "–"
    difference = current - previous
    if isinstance(difference, float):
        difference = round(difference, 1)
    sign = "+" if difference > 0 else ""
    return sign + number(difference)


def rate(share: dict) -> float | None:
    return round(100 * share["num"] / share["den"], 1) if share["den"] else None


def percent(value: float | None) -> str:
    return "–" if value is None else number(float(value)) + "%"


def _count_row(label: str, current: dict, previous: dict, name: str, key: str) -> Row:
    return Row(
        label,
        (number(current[name]), number(previous[name]), change(current[name], previous[name])),
        key=key,
    )


def _rate_row(label: str, current: dict, previous: dict, key: str = "", den_key: str = "") -> Row:
    now, before = rate(current), rate(previous)
    return Row(
        label,
        (
            number(current["num"]),
            number(current["den"]),
            percent(now),
            percent(before),
            change(now, before),
        ),
        key=key,
        den_key=den_key,
    )


RATE_HEADERS = ("Số lượng", "Tổng số", "Tỷ lệ", "Cùng kỳ năm trước", "Tăng (+), giảm (-) điểm %")


def report_tables(figures: dict) -> list[ReportTable]:
    now, before = figures["current"], figures["previous"]
    tables = []

    movements = ReportTable(
        "movements", "Phong trào", "1. Phong trào thi đua", ("Chỉ tiêu", *CHANGE_HEADERS)
    )
    m, pm = now["movements"], before["movements"]
    movements.rows += [
        _count_row("Phong trào phát động trong kỳ", m, pm, "launched", "movements.launched"),
        _count_row("Phong trào đang triển khai", m, pm, "in_progress", "movements.in_progress"),
        _count_row("Phong trào đã sơ kết, tổng kết", m, pm, "reviewed", "movements.reviewed"),
    ]
    tables.append(movements)
    registration = ReportTable(
        "registration",
        "Đăng ký, chỉ tiêu",
        "2. Đăng ký thi đua và chỉ tiêu",
        ("Nội dung", *RATE_HEADERS),
    )
    registration.rows += [
        _rate_row("Đơn vị đã đăng ký thi đua", m["registration"], pm["registration"]),
        _rate_row("Chỉ tiêu đăng ký đã đạt", m["targets_met"], pm["targets_met"]),
    ]
    tables.append(registration)

    c, pc = now["clusters"], before["clusters"]
    clusters = ReportTable(
        "clusters", "Khối, cụm", "3. Khối, cụm thi đua", ("Chỉ tiêu", *CHANGE_HEADERS)
    )
    clusters.rows += [
        _count_row("Khối, cụm thi đua", c, pc, "blocs", ""),
        _count_row("Đơn vị thành viên", c, pc, "members", ""),
        _count_row("Đợt chấm điểm đã kết thúc", c, pc, "rounds_closed", ""),
        _count_row("Đề nghị Cờ thi đua của UBND tỉnh", c, pc, "flags_proposed", ""),
        _count_row(
            "Cờ thi đua của UBND tỉnh đã tặng", c, pc, "flags_awarded", "clusters.flags_awarded"
        ),
        _count_row("Kiểm tra bất thường đã xử lý", c, pc, "checks_resolved", ""),
    ]
    tables.append(clusters)
    leading = ReportTable(
        "leading", "Đơn vị dẫn đầu", "4. Đơn vị dẫn đầu khối, cụm", ("STT", "Đơn vị", "Khối, cụm")
    )
    leading.rows += [
        Row(str(i), (item["unit"], item["bloc"])) for i, item in enumerate(c["leading_units"], 1)
    ]
    tables.append(leading)

    a, pa = now["awards"], before["awards"]
    levels = ReportTable(
        "levels", "Khen thưởng theo cấp", "5. Khen thưởng theo cấp", ("Cấp", *CHANGE_HEADERS)
    )
    for level, label in LEVEL_LABELS.items():
        levels.rows.append(
            Row(
                label,
                (
                    number(a["by_level"][level]),
                    number(pa["by_level"][level]),
                    change(a["by_level"][level], pa["by_level"][level]),
                ),
                key=f"awards.level.{level}",
            )
        )
    levels.rows += [
        _count_row("Cá nhân", a, pa, "individual", "awards.individual"),
        _count_row("Tập thể", a, pa, "collective", "awards.collective"),
        _count_row("Tổng số", a, pa, "total", "awards.total"),
    ]
    tables.append(levels)
    previous_by_award = {row["code"]: row["n"] for row in pa["by_award"]}
    forms = ReportTable(
        "forms",
        "Theo hình thức",
        "6. Khen thưởng theo danh hiệu, hình thức",
        ("Danh hiệu, hình thức", *CHANGE_HEADERS),
    )
    for row in a["by_award"]:
        before_n = previous_by_award.get(row["code"], 0)
        forms.rows.append(
            Row(
                row["name"],
                (number(row["n"]), number(before_n), change(row["n"], before_n)),
                key=f"awards.award.{row['code']}",
            )
        )
    tables.append(forms)
    shares = ReportTable(
        "shares", "Tỷ lệ", "7. Tỷ lệ khen thưởng theo đối tượng", ("Đối tượng", *RATE_HEADERS)
    )
    for key, label in SHARE_LABELS.items():
        shares.rows.append(
            _rate_row(
                label,
                a["shares"][key],
                pa["shares"][key],
                key=f"awards.share.{key}",
                den_key=f"awards.share.{key}.den",
            )
        )
    tables.append(shares)

    d, pd = now["dossiers"], before["dossiers"]
    dossiers = ReportTable(
        "dossiers", "Hồ sơ", "8. Hồ sơ đề nghị khen thưởng", ("Chỉ tiêu", *CHANGE_HEADERS)
    )
    dossiers.rows += [
        _count_row("Hồ sơ tiếp nhận", d, pd, "received", "dossiers.received"),
        _count_row("Hồ sơ trả lại để hoàn thiện", d, pd, "returned", "dossiers.returned"),
        _count_row("Hồ sơ đã có quyết định", d, pd, "approved", "dossiers.approved"),
        _count_row("Hồ sơ không được chấp thuận", d, pd, "rejected", "dossiers.rejected"),
        _count_row("Hồ sơ thẩm định quá hạn", d, pd, "overdue", "dossiers.overdue"),
        _count_row("Ý kiến phản ánh khi lấy ý kiến", d, pd, "objections", "dossiers.objections"),
        _count_row("Phản ánh được chấp nhận", d, pd, "objections_upheld", ""),
    ]
    tables.append(dossiers)
    stages = ReportTable(
        "stages",
        "Thời gian xử lý",
        "9. Thời gian xử lý hồ sơ theo bước (ngày)",
        ("Bước", "Số lượt", "Trung vị", "Phân vị 90", "Trung vị cùng kỳ", "Tăng (+), giảm (-)"),
    )
    for key, label in STAGE_LABELS.items():
        s, ps = d["stages"][key], pd["stages"][key]
        stages.rows.append(
            Row(
                label,
                (
                    number(s["n"]),
                    number(s["median"]),
                    number(s["p90"]),
                    number(ps["median"]),
                    change(s["median"], ps["median"]),
                ),
            )
        )
    tables.append(stages)
    return tables
