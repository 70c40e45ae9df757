"""JTL-Shop answers built to hurt: zip bombs and entity-expansion XML are refused, not unpacked."""

from __future__ import annotations

import pytest

from adapters.channels.jtl_shop import dbes_format as fmt
from adapters.channels.jtl_shop.order_document import DocumentError, parse_orders
from adapters.channels.raw_payloads import is_stand_in
from simulators import hostile


def test_a_zip_that_unpacks_past_the_limit_is_refused() -> None:
    bomb = hostile.zip_bomb(20 * 1024 * 1024)
    assert len(bomb) < 100_000
    with pytest.raises(fmt.ZipTooLargeError):
        fmt.read_zip(bomb, limit=1024 * 1024)


def test_a_zip_within_the_limit_is_read_whole() -> None:
    files = {"data.xml": b"<bestellungen />", "other.xml": b"x" * 1000}
    assert fmt.read_zip(fmt.make_zip(files), limit=1001 + len(b"<bestellungen />")) == files
    with pytest.raises(fmt.ZipTooLargeError):
        fmt.read_zip(fmt.make_zip(files), limit=1000)


def test_an_order_document_with_entities_is_refused() -> None:
    with pytest.raises(DocumentError, match="declares entities or a DTD"):
        parse_orders(hostile.entity_expansion().decode())


def test_an_order_without_a_readable_key_gets_a_stand_in_id_of_its_own() -> None:
    document = "<bestellungen><tbestellung kBestellung='x'><a>1</a></tbestellung><tbestellung><a>2</a></tbestellung></bestellungen>"
    first, second = parse_orders(document)
    assert is_stand_in(first.order_id) and is_stand_in(second.order_id)
    assert first.order_id != second.order_id
