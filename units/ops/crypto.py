"""Streaming encryption of backup files with Fernet (the ``cryptography`` package).

Fernet works on whole messages, so a file is cut into chunks of ``CHUNK`` bytes, each one a
Fernet token (AES-128-CBC with HMAC-SHA256), stored as raw bytes (not base64) behind its
4-byte length. Every chunk's
plaintext starts with its index and a "last chunk" flag, so chunks cannot be reordered,
dropped or cut off at the end without the reader noticing.
"""

import base64
import struct

from cryptography.fernet import Fernet, InvalidToken

MAGIC = b"TDKT-FERNET-STREAM-1\n"
CHUNK = 4 * 1024 * 1024
_LENGTH = struct.Struct(">I")
_HEADER = struct.Struct(">QB")  # chunk index, 1 on the last chunk


class DecryptionError(Exception):
    """The key is wrong or the file was damaged or tampered with."""


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def fernet(key: str) -> Fernet:
    try:
        return Fernet(key.encode("ascii") if isinstance(key, str) else key)
    except (ValueError, TypeError) as exc:
        raise DecryptionError(
            "Khoá mã hoá không hợp lệ (cần khoá Fernet: 32 byte base64 urlsafe) / "
            "invalid encryption key"
        ) from exc


class EncryptingWriter:
    """A write-only file object: what is written reaches ``raw`` encrypted."""

    def __init__(self, raw, key: str) -> None:
        self.raw = raw
        self.fernet = fernet(key)
        self.buffer = bytearray()
        self.index = 0
        self.raw.write(MAGIC)

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _emit(self, data: bytes, *, last: bool) -> None:
        token = self.fernet.encrypt(_HEADER.pack(self.index, 1 if last else 0) + data)
        token = base64.urlsafe_b64decode(token)  # stored raw: a third smaller than base64
        self.raw.write(_LENGTH.pack(len(token)))
        self.raw.write(token)
        self.index += 1

    def close(self) -> None:
        """Write the last chunk (possibly empty); the raw file stays open."""
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()

    def flush(self) -> None:
        self.raw.flush()


def decrypt_chunks(raw, key: str):
    """Yield the plaintext of an encrypted stream chunk by chunk, checking order and end."""
    box = fernet(key)
    if raw.read(len(MAGIC)) != MAGIC:
        raise DecryptionError("Tệp không phải bản sao lưu mã hoá của Cổng TĐKT / not encrypted")
    expected = 0
    while True:
        head = raw.read(_LENGTH.size)
        if len(head) != _LENGTH.size:
            raise DecryptionError("Tệp mã hoá bị cắt cụt / encrypted file is truncated")
        (length,) = _LENGTH.unpack(head)
        token = base64.urlsafe_b64encode(raw.read(length))
        try:
            plain = box.decrypt(token)
        except InvalidToken as exc:
            raise DecryptionError(
                "Sai khoá giải mã hoặc tệp đã bị sửa / wrong key or damaged file"
            ) from exc
        index, last = _HEADER.unpack_from(plain)
        if index != expected:
            raise DecryptionError("Các khối mã hoá sai thứ tự / chunks out of order")
        yield plain[_HEADER.size :]
        expected += 1
        if last:
            break
    if raw.read(1):
        raise DecryptionError("Có dữ liệu thừa sau khối cuối / data after the last chunk")
