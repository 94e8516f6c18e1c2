"""A movement's documents (issue 10 point 1, "attachments"): attached through the one
upload validator by those who may change the movement, downloaded by whoever sees it,
removed after a confirmation; a refused upload keeps the title and says the file must be
chosen again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import MovementAttachment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_secretariat_attaches_a_document_everyone_downloads_it(
    client, launched, users, signed_pdf
):
    client.force_login(users["secretariat"])
    url = reverse("campaigns:movement_detail", args=[launched.pk])
    assert "Chưa có tài liệu kèm theo." in client.get(url).content.decode()
    response = client.post(
        reverse("campaigns:attachment_add", args=[launched.pk]),
        {"title": "Hướng dẫn chấm điểm", "file": signed_pdf("huong-dan.pdf")},
    )
    assert response.status_code == 302
    attachment = MovementAttachment.objects.get()
    assert (attachment.title, attachment.original_name, attachment.uploaded_by) == (
        "Hướng dẫn chấm điểm",
        "huong-dan.pdf",
        users["secretariat"],
    )
    page = client.get(url).content.decode()
    download = reverse("campaigns:attachment_download", args=[attachment.pk])
    assert f'<a href="{download}">Hướng dẫn chấm điểm</a>' in page
    assert "Gỡ tài liệu “Hướng dẫn chấm điểm”?" in page  # the confirmation
    # A unit's staff sees the movement and downloads the file, without the form.
    client.force_login(users["staff_a"])
    page = client.get(url).content.decode()
    assert 'data-testid="attachment-form"' not in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="huong-dan.pdf"' in response["Content-Disposition"]
    # ... and may neither attach nor remove.
    assert (
        client.post(reverse("campaigns:attachment_remove", args=[attachment.pk])).status_code == 404
    )
    assert MovementAttachment.objects.count() == 1


def test_a_refused_file_keeps_the_title_and_saves_nothing(client, launched, users):
    client.force_login(users["secretariat"])
    fake = SimpleUploadedFile("ke-hoach.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("campaigns:attachment_add", args=[launched.pk]),
        {"title": "Kế hoạch triển khai", "file": fake},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Kế hoạch triển khai"' in page
    assert "Chọn lại tệp trước khi gửi." in page
    assert MovementAttachment.objects.count() == 0
    missing = client.post(reverse("campaigns:attachment_add", args=[launched.pk]), {"title": ""})
    assert missing.status_code == 400
    assert MovementAttachment.objects.count() == 0


def test_removing_deletes_the_row_and_the_file(
    client, launched, users, signed_pdf, django_capture_on_commit_callbacks
):
    client.force_login(users["secretariat"])
    client.post(
        reverse("campaigns:attachment_add", args=[launched.pk]),
        {"title": "Biểu mẫu", "file": signed_pdf("bieu-mau.pdf")},
    )
    attachment = MovementAttachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:attachment_remove", args=[attachment.pk]))
    assert response.status_code == 302
    assert MovementAttachment.objects.count() == 0
    assert not storage.exists(name)
