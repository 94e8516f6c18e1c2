"""The QR codes the portal draws (``units.qr``) read back as the text they carry, in every
form a page or a document uses: an SVG document, a ``data:`` URI, a PNG."""

import base64
from io import BytesIO

import pytest
from PIL import Image

from tests.utils.qr import read_data_uri, read_png, read_svg
from units import qr

ADDRESS = "https://tdkt.quangngai.gov.vn/xac-minh/7KQM-4XRT-93HV/"
ENROLMENT = (
    "otpauth://totp/C%E1%BB%95ng%20TĐKT:vanphong?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&algorithm=SHA1&digits=6&period=30&issuer=C%E1%BB%95ng%20T%C4%90KT"
)


@pytest.mark.parametrize("text", [ADDRESS, ENROLMENT])
def test_the_svg_reads_back_as_its_text(text):
    assert read_svg(qr.qr_svg(text)) == [text]


def test_the_svg_is_a_standalone_document_that_scales():
    svg = qr.qr_svg(ADDRESS)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    # One module a millimetre, a viewBox in modules: an <img> of any size scales it.
    size = qr.symbol(ADDRESS).symbol_size(border=qr.BORDER)[0]
    assert f'width="{size}mm" height="{size}mm" viewBox="0 0 {size} {size}"' in svg


def test_the_data_uri_carries_that_svg_and_reads_back():
    uri = qr.qr_data_uri(ADDRESS)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix) :]).decode() == qr.qr_svg(ADDRESS)
    assert read_data_uri(uri) == [ADDRESS]


def test_the_png_reads_back_and_its_modules_are_box_size_pixels():
    png = qr.qr_png(ADDRESS, box_size=4)
    assert png.startswith(b"\x89PNG")
    assert read_png(png) == [ADDRESS]
    size = qr.symbol(ADDRESS).symbol_size(scale=4, border=qr.BORDER)
    assert Image.open(BytesIO(png)).size == size


def test_error_correction_is_at_least_m_for_printed_certificates():
    # M recovers about 15% of a damaged or soiled print; segno raises it for free
    # when a higher level fits the same size.
    assert qr.symbol(ADDRESS).error in {"M", "Q", "H"}
    assert qr.symbol(ADDRESS).is_micro is False
