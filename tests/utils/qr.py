"""Reading QR codes back as a scanner would: an SVG is laid out by WeasyPrint into a PDF,
rasterised by poppler's ``pdftoppm`` and decoded by ZXing (``zxingcpp``); a PNG is decoded
as it is."""

import base64
import io
import subprocess

import zxingcpp
from PIL import Image
from weasyprint import HTML


def _texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "QRCode"]


def read_png(png: bytes) -> list[str]:
    return _texts(Image.open(io.BytesIO(png)))


def read_pdf_page(pdf: bytes, page: int) -> list[str]:
    """The texts of the QR codes drawn on one page (from 1) of a PDF, at 200 dpi."""
    image = subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-f", str(page), "-l", str(page), "-singlefile", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return read_png(image)


def read_svg(svg: str, *, width_mm: int = 40) -> list[str]:
    """The texts of the QR codes an SVG document draws, at ``width_mm`` on paper."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return read_data_uri(uri, width_mm=width_mm)


def read_data_uri(uri: str, *, width_mm: int = 40) -> list[str]:
    html = f'<img src="{uri}" style="width: {width_mm}mm; margin: 10mm">'
    pdf = HTML(string=html).write_pdf()
    page = subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return read_png(page)
