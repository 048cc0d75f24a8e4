"""MinHash signatures of word shingles and their LSH buckets, for corpus reuse.

The signatures are datasketch's (``MinHash.bulk`` over the shingles' UTF-8 bytes, its
default "affine32" scheme: SHA-1's first 32 bits, the MurmurHash3 finalizer, then
``a * h + b`` modulo 2**32 for permutations drawn from ``RandomState(1)``), computed
with numpy for many texts at once: datasketch makes an object and a few arrays a
text, which cost more than the hashing on short paragraphs. Only the permutations
that the LSH bands read are computed (56 of 128 at the default threshold).

The LSH bands are ``datasketch.MinHashLSH``'s for the threshold (the only use of
datasketch left: its band optimisation imports scipy, 0.4 s, so it is imported here,
when reuse is searched, not by the modules that read the store).

Example::

    bands = lsh_bands(0.2, 128)
    for j, earlier, full in earlier_candidates(signatures(texts, 3, 128, bands), bands, 300):
        ...
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator, Sequence

import numpy as np

_SEED = 1  # datasketch's default seed
# Shingles permuted at once (then a text more): 4 bytes a permutation each, 59 MB at
# the default 56 permutations, whatever the texts' lengths.
_SHINGLES_AT_ONCE = 1 << 18
# MurmurHash3's 32-bit finalizer: (shift, multiplier, shift, multiplier, shift).
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def lsh_bands(threshold: float, num_perm: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` permutations of each LSH band, as ``MinHashLSH`` picks them."""
    from datasketch import MinHashLSH

    ranges: list[tuple[int, int]] = MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges
    return ranges


def shingles(tokens: Sequence[str], size: int) -> list[bytes]:
    """The ``size``-word shingles of ``tokens`` as UTF-8 (the whole text if shorter)."""
    if len(tokens) <= size:
        return [" ".join(tokens).encode()]
    return [" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)]


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations for ``num_perm``: odd ``a``, any ``b``."""
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer on uint32 values (multiplication wraps modulo 2**32)."""
    shift1, mult1, shift2, mult2, shift3 = _FMIX32
    values = values ^ (values >> np.uint32(shift1))
    values = values * np.uint32(mult1)
    values = values ^ (values >> np.uint32(shift2))
    values = values * np.uint32(mult2)
    mixed: np.ndarray = values ^ (values >> np.uint32(shift3))
    return mixed


def signatures(
    texts: Sequence[Sequence[str]], size: int, num_perm: int, bands: Sequence[tuple[int, int]]
) -> np.ndarray:
    """The MinHash values of each text's shingles that the bands read.

    Args:
        texts: Normalised token lists.
        size: Words a shingle.
        num_perm: Permutations of the MinHash (they are drawn for all of them).
        bands: The LSH bands (``lsh_bands``).

    Returns:
        A uint32 array, a row a text, a column a permutation up to the last band's
        end: datasketch's ``MinHash.bulk(...)[k].hashvalues[:end]``.
    """
    used = max((end for _, end in bands), default=0)
    a, b = (part[:used] for part in _permutations(num_perm))
    out = np.empty((len(texts), used), dtype=np.uint32)
    done = 0
    batch: list[list[bytes]] = []
    held = 0
    for tokens in texts:
        batch.append(shingles(tokens, size))
        held += len(batch[-1])
        if held >= _SHINGLES_AT_ONCE:
            out[done : done + len(batch)] = _lowest(batch, a, b)
            done, batch, held = done + len(batch), [], 0
    if batch:
        out[done:] = _lowest(batch, a, b)
    return out


def _lowest(texts: list[list[bytes]], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each text's lowest permuted hash of its shingles, a column a permutation."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(shingle).digest()[:4] for text in texts for shingle in text])
    hashed = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    starts = np.cumsum([0] + [len(text) for text in texts[:-1]])
    lowest: np.ndarray = np.minimum.reduceat(hashed[:, None] * a + b, starts, axis=0)
    return lowest


def earlier_candidates(
    hashes: np.ndarray, bands: Sequence[tuple[int, int]], cap: int | None
) -> Iterator[tuple[int, list[int], bool]]:
    """For each text in order, the earliest ``cap`` earlier texts that share an LSH
    bucket with it.

    A text's bucket in a band is its signature's values in that band; buckets are
    filled in text order, and a bucket keeps only its first ``cap`` texts, so that a
    flood of similar texts (all in the same buckets) gives each text at most ``cap``
    candidates a bucket, the earliest, instead of every text before it (issue 27).

    Args:
        hashes: The texts' signatures (``signatures``), in the order of their age.
        bands: The LSH bands.
        cap: Most texts a bucket keeps and a text is given; None: every text.

    Yields:
        ``(text, earlier texts ascending, whether some were left out)``: a full
        bucket was met or there were more than ``cap``.
    """
    buckets, count = _bucket_numbers(hashes, bands)
    members: list[list[int]] = [[] for _ in range(count)]
    for j, row in enumerate(buckets.tolist()):
        met: list[tuple[list[int], int]] = []  # the buckets met, with their size then
        full = False
        for number in row:
            if number < 0:  # a bucket of this text alone: no candidates
                full = full or cap == 0  # (a cap of 0 keeps no text in any bucket)
                continue
            bucket = members[number]
            met.append((bucket, len(bucket)))
            if cap is None or len(bucket) < cap:
                bucket.append(j)
            else:
                full = True
        # A full bucket holds ``cap`` texts up to its last: the earliest ``cap``
        # candidates are none later than the earliest such last text.
        last = (
            min((b[-1] for b, size in met if size == cap), default=None) if full and cap else None
        )
        found: set[int] = set()
        for bucket, size in met:
            found.update(
                bucket[: size if last is None else bisect.bisect_right(bucket, last, 0, size)]
            )
        earlier = sorted(found)
        yield j, earlier[:cap], full or (cap is not None and len(earlier) > cap)


def _bucket_numbers(hashes: np.ndarray, bands: Sequence[tuple[int, int]]) -> tuple[np.ndarray, int]:
    """Each text's bucket in each band, numbered over all bands (-1: a bucket of one
    text, which gives no text a candidate), and how many numbers there are."""
    numbers = np.empty((len(hashes), len(bands)), dtype=np.int64)
    count = 0
    for column, (start, end) in enumerate(bands):
        values = np.ascontiguousarray(hashes[:, start:end])
        keys = values.view(np.dtype((np.void, values.itemsize * (end - start)))).ravel()
        _, inverse, sizes = np.unique(keys, return_inverse=True, return_counts=True)
        shared = sizes > 1
        renumbered = np.where(shared, np.cumsum(shared) - 1 + count, -1)
        numbers[:, column] = renumbered[inverse.ravel()]
        count += int(shared.sum())
    return numbers, count
