"""JAXB's refusal of a request element the schema does not declare, word for word.

CXF reads a request through JAXB with a validation event handler that lets no error pass
(``DataReaderImpl.WSUIDValidationHandler``, cxf-3.1.7 and later: only a ``wsu:Id`` schema
error is forgiven), and no OpenMeetings tag turns that off. JAXB's ``StructureLoader`` then
reports an element it has no property for as

    unexpected element (uri:"<ns>", local:"<name>"). Expected elements are <{ns}a>,<{ns}b>

(``Loader.reportUnexpectedChildElement`` / ``computeExpectedElements``, jaxb-ri; "(none)" when
the type has no elements), and CXF answers ``soap:Client`` (``DocLiteralInInterceptor``
sets FAULT_CODE_CLIENT on a server-side Fault, cxf-3.1.7) with the faultstring
``Unmarshalling Error: {0} `` (``org/apache/cxf/jaxb/Messages.properties`` UNMARSHAL_ERROR,
cxf-3.1.7: note the trailing space) around JAXB's message.

The order of the expected elements is that of a ``java.util.HashSet<QName>``
(``QNameMap.keySet()``, jaxb-ri), filled while walking JAXB's own ``QNameMap`` of child
loaders, which ``StructureLoader.init`` fills from the bean's properties last to first, the
subclass before its superclass. Both tables are reproduced here: Java 8+ ``HashMap``
buckets (``h ^ h >>> 16``, new entries at the tail, splits keep order) and JAXB's
``QNameMap`` (its own hash of the local name, new entries at the head, a resize that
reverses each chain, iteration from the last bucket down). Every OpenMeetings release
from 3.1 runs on Java 8 or later. The HashSet part is checked against a real CXF fault
listing 50 expected elements, bucket by bucket in the order Java 8's spread gives (a payment
gateway's fault quoted in a public test suite); a 2013 fault from a Java 6/7 server
(a BIMserver bug report quoting ``<{}username>,<{}password>``) follows Java 7's different spread, and
is consistent with it. The QNameMap part (which only orders names sharing a bucket) and
that OpenMeetings servers give this order are INFERRED from those sources: no captured
OpenMeetings fault of this kind was available.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

QName = Tuple[str, str]  # (namespace URI, local name)

_MASK = 0xFFFFFFFF


def java_string_hash(text: str) -> int:
    """``String.hashCode()`` as an unsigned 32-bit value (UTF-16 code units)."""
    h = 0
    data = text.encode("utf-16-be")
    for i in range(0, len(data), 2):
        h = (31 * h + ((data[i] << 8) | data[i + 1])) & _MASK
    return h


def _qnamemap_hash(local: str) -> int:
    """JAXB ``QNameMap.hash``: a supplemental hash of the local name only."""
    h = java_string_hash(local)
    h = (h + (~(h << 9) & _MASK)) & _MASK
    h ^= h >> 14
    h = (h + (h << 4)) & _MASK
    h ^= h >> 10
    return h


def _qnamemap_order(names: Sequence[QName]) -> List[QName]:
    """Iteration order of a JAXB QNameMap after ``put`` of ``names`` in that order."""
    table: List[List[Tuple[int, QName]]] = [[] for _ in range(16)]  # each chain head first
    threshold, size = 12, 0
    for name in names:
        h = _qnamemap_hash(name[1])
        chain = table[h & (len(table) - 1)]
        if any(existing == name for _, existing in chain):
            continue  # put() of a known key replaces the value in place
        chain.insert(0, (h, name))
        grow = size >= threshold
        size += 1
        if grow:
            new: List[List[Tuple[int, QName]]] = [[] for _ in range(2 * len(table))]
            for old in table:  # transfer(): each entry moves to the head of its new chain
                for entry in old:
                    new[entry[0] & (len(new) - 1)].insert(0, entry)
            table, threshold = new, len(new)
    return [name for chain in reversed(table) for _, name in chain]


def _java_hashset_order(names: Sequence[QName]) -> List[QName]:
    """Iteration order of a ``java.util.HashSet<QName>`` after adding ``names`` in order
    (``QName.hashCode()`` is the namespace's hash XOR the local name's)."""
    capacity = 16
    while len(names) > capacity * 3 // 4:
        capacity *= 2
    buckets: List[List[QName]] = [[] for _ in range(capacity)]
    for ns, local in names:
        h = java_string_hash(ns) ^ java_string_hash(local)
        h ^= h >> 16
        bucket = buckets[h & (capacity - 1)]
        if (ns, local) not in bucket:
            bucket.append((ns, local))
    return [name for bucket in buckets for name in bucket]


def expected_order(properties: Sequence[Sequence[QName]]) -> List[QName]:
    """The "Expected elements" of a bean, given its element names per class in the
    schema's (= JAXB's property) order, the most derived class first."""
    inserted: List[QName] = []
    for own in properties:
        inserted.extend(reversed(own))
    return _java_hashset_order(_qnamemap_order(inserted))


def unexpected_element(uri: str, local: str, properties: Sequence[Sequence[QName]]) -> str:
    """CXF's faultstring for a child element the bean has no property for."""
    expected = ",".join(f"<{{{ns}}}{name}>" for ns, name in expected_order(properties)) or "(none)"
    return f'Unmarshalling Error: unexpected element (uri:"{uri}", local:"{local}"). Expected elements are {expected} '

