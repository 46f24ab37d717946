"""The capacity Go's json.Unmarshal leaves on a decoded array, which `slice` can see.

json.Unmarshal builds each JSON array as a `[]interface{}` by appending its elements one by
one to an empty slice, so the slice's capacity is what Go's append growth (runtime.growslice)
reaches at that length: double while small, then about 1.25x, each step rounded up to the
allocator's size classes (objects holding pointers above 512 bytes carry an 8-byte header).
`{{slice .list 0 4}}` on a decoded 3-element list is therefore legal in Go and yields a fourth,
nil element. A plain Python `list` stands for such a decoded array (see README, "Data
model"); a `tuple` has exactly its length as capacity.
"""

from __future__ import annotations

import bisect
import functools

__all__ = ["json_array_capacity"]

#: runtime/internal gc.SizeClassToSize (Go 1.27): the allocator's small object sizes.
_SIZE_CLASSES = (
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288,
    320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536,
    1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192,
    9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576,
    27264, 28672, 32768,
)  # fmt: skip
_MAX_SMALL_SIZE = 32768
_MALLOC_HEADER = 8
_MIN_SIZE_FOR_HEADER = 512
_PAGE_SIZE = 8192
_ELEM_SIZE = 16  # an interface {} value: type word and data word


def _round_up_size(size: int) -> int:
    """runtime.roundupsize for an object holding pointers: what the allocator hands out."""
    if size <= _MAX_SMALL_SIZE - _MALLOC_HEADER:
        request = size + _MALLOC_HEADER if size > _MIN_SIZE_FOR_HEADER else size
        klass = _SIZE_CLASSES[bisect.bisect_left(_SIZE_CLASSES, request)]
        return klass - (request - size)
    return -(-size // _PAGE_SIZE) * _PAGE_SIZE


def _next_capacity(cap: int) -> int:
    """The capacity after appending one element to a full `[]interface {}` of capacity `cap`
    (runtime.nextslicecap, then the size class)."""
    new_len = cap + 1
    new_cap = cap
    if new_len > 2 * cap:
        new_cap = new_len
    elif cap < 256:
        new_cap = 2 * cap
    else:
        while new_cap < new_len:
            new_cap += (new_cap + 3 * 256) >> 2
    return _round_up_size(new_cap * _ELEM_SIZE) // _ELEM_SIZE


@functools.lru_cache(maxsize=4096)
def json_array_capacity(length: int) -> int:
    """The capacity of a `[]interface {}` json.Unmarshal decoded from an array of `length`."""
    cap = 0
    while cap < length:
        cap = _next_capacity(cap)
    return cap
