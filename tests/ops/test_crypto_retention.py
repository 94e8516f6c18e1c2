"""The pieces of a backup that need no database: the streaming encryption (chunks in order,
nothing cut off, wrong key refused) and the retention of the N newest backups."""

import io
import os

import pytest

from units.ops import crypto
from units.ops.backup import prune
from units.ops.crypto import DecryptionError, EncryptingWriter, decrypt_chunks, generate_key


def _encrypt(data: bytes, key: str) -> bytes:
    raw = io.BytesIO()
    writer = EncryptingWriter(raw, key)
    for start in range(0, len(data), 1000):
        writer.write(data[start : start + 1000])
    writer.close()
    return raw.getvalue()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 4096)


def test_round_trip_over_many_chunks(small_chunks):
    key, data = generate_key(), os.urandom(50_000)
    sealed = _encrypt(data, key)

    assert data[:64] not in sealed
    assert b"".join(decrypt_chunks(io.BytesIO(sealed), key)) == data
    assert b"".join(decrypt_chunks(io.BytesIO(_encrypt(b"", key)), key)) == b""


def _tokens(sealed: bytes) -> tuple[bytes, list[bytes]]:
    body, tokens = sealed[len(crypto.MAGIC) :], []
    while body:
        length = int.from_bytes(body[:4], "big")
        tokens.append(body[: 4 + length])
        body = body[4 + length :]
    return crypto.MAGIC, tokens


def test_reordered_dropped_or_cut_chunks_are_refused(small_chunks):
    key = generate_key()
    magic, tokens = _tokens(_encrypt(os.urandom(20_000), key))
    assert len(tokens) == 5
    swapped = magic + tokens[1] + tokens[0] + b"".join(tokens[2:])
    dropped = magic + b"".join(tokens[:2] + tokens[3:])
    cut = magic + b"".join(tokens[:-1])
    extra = magic + b"".join(tokens) + tokens[0]

    for damaged, message in [
        (swapped, "sai thứ tự"),
        (dropped, "sai thứ tự"),
        (cut, "bị cắt cụt"),
        (extra, "dữ liệu thừa"),
    ]:
        with pytest.raises(DecryptionError, match=message):
            b"".join(decrypt_chunks(io.BytesIO(damaged), key))


def test_wrong_or_malformed_key_is_refused():
    sealed = _encrypt(b"bi mat", generate_key())
    with pytest.raises(DecryptionError, match="Sai khoá giải mã"):
        b"".join(decrypt_chunks(io.BytesIO(sealed), generate_key()))
    with pytest.raises(DecryptionError, match="Khoá mã hoá không hợp lệ"):
        b"".join(decrypt_chunks(io.BytesIO(sealed), "not-a-key"))


def test_retention_keeps_the_newest_complete_backups(tmp_path):
    names = [
        "tdkt-20260601T193000Z",
        "tdkt-20260602T193000Z",
        "tdkt-20260603T193000Z",
        "tdkt-20260604T193000Z",
    ]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text("{}")
    (tmp_path / "tdkt-20260605T193000Z.partial").mkdir()  # being written: never counted
    (tmp_path / "tdkt-20260531T193000Z").mkdir()  # no manifest: not a backup, left alone
    (tmp_path / "notes").mkdir()

    deleted = prune(tmp_path, keep=2)

    assert [path.name for path in deleted] == names[:2]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "notes",
        "tdkt-20260531T193000Z",
        "tdkt-20260603T193000Z",
        "tdkt-20260604T193000Z",
        "tdkt-20260605T193000Z.partial",
    ]
    assert prune(tmp_path, keep=0) == []  # 0 keeps everything
