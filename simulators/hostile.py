"""Answers of a channel that misbehaves, shared by every simulator's fault modes.

A drip (a byte every few seconds: no read ever times out), a body padded to any size and streamed
(nothing that large is held in memory), a gzip bomb (a small answer inflating to a huge one), JSON
nested deeper than any parser's stack, a zip bomb and an entity-expansion ("billion laughs") XML.
"""

from __future__ import annotations

import asyncio
import functools
import io
import zipfile
import zlib
from collections.abc import AsyncIterator

from starlette.responses import Response, StreamingResponse

CHUNK = 1024 * 1024
BAD_BYTE = b"\xff"
"""Never valid in UTF-8."""


def drip(body: bytes, every: float, media_type: str = "application/json") -> StreamingResponse:
    """``body`` one byte at a time, ``every`` seconds apart."""

    async def bytes_() -> AsyncIterator[bytes]:
        for byte in body:
            yield bytes([byte])
            await asyncio.sleep(every)

    return StreamingResponse(bytes_(), media_type=media_type)


def padded(
    size: int, body: bytes, media_type: str = "application/json", *, declare_length: bool = False
) -> StreamingResponse:
    """``size`` bytes of spaces (valid padding in JSON and XML), then ``body``; streamed (chunked,
    unless ``declare_length`` sends a Content-Length)."""

    async def chunks() -> AsyncIterator[bytes]:
        left, block = size, b" " * CHUNK
        while left > 0:
            yield block[: min(left, CHUNK)]
            left -= CHUNK
        yield body

    return StreamingResponse(
        chunks(), media_type=media_type, headers={"Content-Length": str(size + len(body))}
    )


@functools.lru_cache(maxsize=4)
def _gzip_of_padding(size: int, body: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block, left, parts = b" " * CHUNK, size, []
    while left > 0:
        parts.append(packer.compress(block[: min(left, CHUNK)]))
        left -= CHUNK
    parts.append(packer.compress(body) + packer.flush())
    return b"".join(parts)


def gzip_bomb(inflated: int, body: bytes, media_type: str = "application/json") -> Response:
    """A gzip answer of about ``inflated / 1000`` bytes that inflates to ``inflated`` bytes of padding + ``body``."""
    return Response(
        _gzip_of_padding(inflated, body), media_type=media_type, headers={"Content-Encoding": "gzip"}
    )


def deep_json(levels: int) -> Response:
    return Response(b"[" * levels + b"]" * levels, media_type="application/json")


@functools.lru_cache(maxsize=4)
def zip_bomb(inflated: int, name: str = "data.xml") -> bytes:
    """A zip archive of one file that unpacks to ``inflated`` bytes (an XML comment of spaces)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        member.write(b"<?xml version='1.0'?><bestellungen><!--")
        block, left = b" " * CHUNK, inflated
        while left > 0:
            member.write(block[: min(left, CHUNK)])
            left -= CHUNK
        member.write(b"--></bestellungen>")
    return buffer.getvalue()


def entity_expansion(root: str = "bestellungen", levels: int = 9) -> bytes:
    """The "billion laughs": a few hundred bytes that expand to 10**levels copies of "lol"."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    doctype = f"<!DOCTYPE {root} [{''.join(entities)}]>"
    return f'<?xml version="1.0"?>{doctype}<{root}>&lol{levels};</{root}>'.encode()


JSON_KINDS = ("drip", "huge", "gzip-bomb", "deep-json")
"""The misbehaviours a JSON API can be told to show (eBay, JTL-Connector fault modes)."""


def json_answer(kind: str, body: bytes, *, size: int, seconds: float) -> Response:
    """``body`` the ``kind`` way: dripped, padded to ``size``, gzip-bombed, or replaced by deep JSON."""
    if kind == "drip":
        return drip(body, seconds)
    if kind == "huge":
        return padded(size, body)
    if kind == "gzip-bomb":
        return gzip_bomb(size, body)
    if kind == "deep-json":
        return deep_json(size)
    raise ValueError(f"unknown misbehaviour {kind!r}; one of {JSON_KINDS}")
