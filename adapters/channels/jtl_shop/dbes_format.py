"""The dbeS file formats both sides share: zip containers, answer codes and the Wawi's XML files.

JTL-Shop serialises XML with ``<?xml version="1.0" ?>`` (no encoding declared), tab-indented,
empty values as ``<tag />``; k* keys are attributes, everything else child elements.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

WAWI_USER_AGENT = "JTL-Wawi/1.9.4"

# Text answers of the shop's pull handlers (dbeS/index.php); codes 0..9.
OK = "0"
DB_ERROR = "1"
ZIP_CORRUPT = "2"
NOT_AUTHORISED = "3"
BAD_INPUT = "5"
CUSTOM_ERROR = "8"

ZIP_MAGIC = b"PK\x03\x04"


class CorruptZipError(ValueError):
    """The bytes are not a readable zip archive."""


def make_zip(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


class ZipTooLargeError(ValueError):
    """The archive unpacks to more than the caller may hold (a zip bomb, or a runaway export)."""


def read_zip(data: bytes, limit: int | None = None) -> dict[str, bytes]:
    """All files of a zip archive by base name; ``CorruptZipError`` when it is not one.

    With ``limit``, ``ZipTooLargeError`` as soon as the files would unpack to more than that many
    bytes: the sizes the archive declares are checked first, and no file is read past them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if limit is not None and sum(info.file_size for info in infos) > limit:
                raise ZipTooLargeError(f"the zip unpacks to more than {limit} bytes")
            files, left = {}, limit
            for info in infos:
                with archive.open(info) as member:
                    content = member.read() if left is None else member.read(left + 1)
                if left is not None:
                    left -= len(content)
                    if left < 0:
                        raise ZipTooLargeError(f"the zip unpacks to more than {limit} bytes")
                files[info.filename.rsplit("/", 1)[-1]] = content
            return files
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError, OSError) as exc:
        if isinstance(exc, ZipTooLargeError):
            raise
        raise CorruptZipError(f"not a readable zip archive ({exc})") from None


def decode_xml(data: bytes) -> str:
    """UTF-8 when the shop answered a Wawi user agent; ISO-8859-1 when it fell back (old shops)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def element(tag: str, value: object | None, level: int, attrs: Mapping[str, object] | None = None) -> str:
    """One line the way JTL-Shop's XMLParser writes it."""
    attributes = "".join(f" {k}={quoteattr(str(v))}" for k, v in (attrs or {}).items())
    indent = "\t" * level
    if value is None:
        return f"{indent}<{tag}{attributes} />\n"
    return f"{indent}<{tag}{attributes}>{escape(str(value))}</{tag}>\n"


def id_list_document(root: str, child: str, ids: Iterable[int | str]) -> bytes:
    """``<ack_bestellungen><kBestellung>1</kBestellung>...`` and its siblings (storno, reaktiviere, ...)."""
    body = "".join(element(child, i, 1) for i in ids)
    return f'<?xml version="1.0" ?>\n<{root}>\n{body}</{root}>\n'.encode()


def ack_orders_file(order_ids: Iterable[int | str]) -> dict[str, bytes]:
    return {"ack_bestellung.xml": id_list_document("ack_bestellungen", "kBestellung", order_ids)}


def storno_file(order_ids: Iterable[int | str]) -> dict[str, bytes]:
    return {"storno_bestellung.xml": id_list_document("storno_bestellungen", "kBestellung", order_ids)}


def ack_payments_file(payment_ids: Iterable[int | str]) -> dict[str, bytes]:
    return {
        "ack_zahlungseingang.xml": id_list_document("ack_zahlungseingang", "kZahlungseingang", payment_ids)
    }


def set_order_file(order_id: int, fields: Mapping[str, object | None]) -> dict[str, bytes]:
    """``set_bestellung.xml``: the Wawi's view of one order's payment and shipping state."""
    body = "".join(element(name, value, 2) for name, value in fields.items())
    xml = (
        '<?xml version="1.0" ?>\n<tbestellungen>\n'
        f'\t<tbestellung kBestellung="{order_id}">\n{body}\t</tbestellung>\n</tbestellungen>\n'
    )
    return {"set_bestellung.xml": xml.encode()}


def delivery_note_file(
    note_id: int, order_id: int, number: str, created: str, shipment: Mapping[str, object | None]
) -> dict[str, bytes]:
    """``lief.xml`` for ``Lieferschein_xml``: one delivery note with one parcel (tversand)."""
    note = {
        "kLieferschein": note_id,
        "kInetBestellung": order_id,
        "cLieferscheinNr": number,
        "cHinweis": "",
        "nFulfillment": 0,
        "nStatus": 0,
        "dErstellt": created,
        "bEmailVerschickt": 0,
    }
    body = "".join(element(k, v, 2) for k, v in note.items())
    parcel = "".join(element(k, v, 3) for k, v in shipment.items())
    xml = (
        '<?xml version="1.0" ?>\n<tlieferscheine>\n\t<tlieferschein>\n'
        f"{body}\t\t<tversand>\n{parcel}\t\t</tversand>\n\t</tlieferschein>\n</tlieferscheine>\n"
    )
    return {"lief.xml": xml.encode()}
