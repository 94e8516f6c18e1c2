"""The charts of the periodic report, drawn on the server as SVG with matplotlib: the
same SVG goes on the page (an ``<img>`` with a ``data:`` URI, allowed by the CSP) and in
the PDF (WeasyPrint renders SVG); the DOCX gets the same chart as PNG."""

import base64
from io import BytesIO

import matplotlib

matplotlib.use("Agg")  # no display on a server: must come before pyplot

import matplotlib.pyplot as plt  # noqa: E402

LEVEL_LABELS = {
    "state": "Nhà nước",
    "government": "Chính phủ",
    "province": "Cấp tỉnh",
    "grassroots": "Cơ sở",
}
SHARE_LABELS = {
    "commune": "Cấp xã và cơ sở",
    "direct_worker": "Người trực tiếp lao động",
    "women": "Nữ",
    "ethnic_minority": "Dân tộc thiểu số",
    "remote_area": "Miền núi, vùng sâu, hải đảo",
    "enterprise": "Doanh nghiệp",
}
STAGE_LABELS = {
    "appraisal": "Thẩm định",
    "consultation": "Lấy ý kiến",
    "council": "Hội đồng",
    "decision": "Quyết định",
}
COLOURS = ("#8c1c13", "#d9822b", "#2f6f9f", "#5b8c3a")

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",  # covers Vietnamese; shipped with matplotlib
        "font.size": 9,
        "svg.fonttype": "path",  # text as outlines: the same drawing everywhere
        "svg.hashsalt": "tdkt",  # stable ids: the same figures give the same SVG
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _output(figure, fmt: str) -> bytes:
    buffer = BytesIO()
    figure.tight_layout()
    metadata = {"Date": None} if fmt == "svg" else {}
    figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150)
    plt.close(figure)
    return buffer.getvalue()


def awards_by_level_chart(five_years: dict[str, dict[str, int]], fmt: str = "svg") -> bytes:
    """Stacked bars: awards by level in each of the five years."""
    years = sorted(five_years)
    figure, axes = plt.subplots(figsize=(6.4, 2.8))
    bottom = [0] * len(years)
    for colour, (level, label) in zip(COLOURS, LEVEL_LABELS.items(), strict=False):
        values = [five_years[year].get(level, 0) for year in years]
        axes.bar(years, values, bottom=bottom, label=label, color=colour, width=0.6)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for x, total in enumerate(bottom):
        axes.annotate(f"{total:,}".replace(",", "."), (x, total), ha="center", va="bottom")
    axes.set_ylabel("Số khen thưởng")
    axes.set_title("Khen thưởng theo cấp, 5 năm")
    axes.legend(loc="upper left", fontsize=8, frameon=False, ncols=4)
    axes.set_ylim(0, max(bottom + [1]) * 1.3)
    return _output(figure, fmt)


def shares_chart(shares: dict[str, dict[str, int]], fmt: str = "svg") -> bytes:
    """Horizontal bars: each share in percent, with its numerator and denominator."""
    keys = [key for key in SHARE_LABELS if key in shares]
    labels = [SHARE_LABELS[key] for key in keys]
    values = [
        100 * shares[key]["num"] / shares[key]["den"] if shares[key]["den"] else 0 for key in keys
    ]
    figure, axes = plt.subplots(figsize=(6.4, 2.6))
    positions = range(len(keys))
    axes.barh(positions, values, color=COLOURS[2], height=0.6)
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlim(0, 115)
    axes.set_xlabel("%")
    for y, (key, value) in enumerate(zip(keys, values, strict=True)):
        text = f"{value:.1f}% ({shares[key]['num']}/{shares[key]['den']})".replace(".", ",")
        axes.annotate(text, (value + 1, y), va="center", fontsize=8)
    axes.set_title("Tỷ lệ khen thưởng theo đối tượng")
    return _output(figure, fmt)


def processing_chart(stages: dict[str, dict], fmt: str = "svg") -> bytes:
    """Grouped bars: median and 90th percentile of the days each stage took."""
    keys = list(STAGE_LABELS)
    medians = [stages.get(key, {}).get("median") or 0 for key in keys]
    p90s = [stages.get(key, {}).get("p90") or 0 for key in keys]
    figure, axes = plt.subplots(figsize=(6.4, 2.6))
    xs = range(len(keys))
    axes.bar([x - 0.2 for x in xs], medians, width=0.4, color=COLOURS[2], label="Trung vị")
    axes.bar([x + 0.2 for x in xs], p90s, width=0.4, color=COLOURS[1], label="Phân vị 90")
    axes.set_xticks(list(xs), [STAGE_LABELS[key] for key in keys])
    axes.set_ylabel("Ngày")
    axes.set_title("Thời gian xử lý hồ sơ theo bước")
    axes.legend(frameon=False, fontsize=8)
    axes.set_ylim(0, max(p90s + medians + [1]) * 1.25)
    return _output(figure, fmt)


def data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def report_charts(figures: dict, fmt: str = "svg") -> list[tuple[str, bytes]]:
    """The report's three charts as (title, drawing), in the order they are printed."""
    current = figures["current"]
    return [
        (
            "Biểu đồ 1. Khen thưởng theo cấp trong 5 năm",
            awards_by_level_chart(figures["five_years"], fmt),
        ),
        (
            "Biểu đồ 2. Tỷ lệ khen thưởng theo đối tượng",
            shares_chart(current["awards"]["shares"], fmt),
        ),
        (
            "Biểu đồ 3. Thời gian xử lý hồ sơ (ngày)",
            processing_chart(current["dossiers"]["stages"], fmt),
        ),
    ]
