"""Near-duplicate text: normalise, shingle, MinHash/LSH for candidates, exact overlap, passages.

Pure functions with no database, so the benchmark and the tests call exactly what the screening
run calls.

How a text becomes comparable (tuned for Indonesian proposals and for the edits copiers make):

* The text is split into sentences (., !, ? followed by space, and line breaks).
* Each sentence becomes word tokens: lowercased; every number becomes "#" and every capitalised
  word inside a sentence (names of places, agencies, people, acronyms) becomes "@", and a run of
  the same mask collapses to one, so "Kota Surabaya" → "Kabupaten Banyuwangi" or 1.250 → 3.400
  leave the tokens unchanged.
* Shingles are windows of SHINGLE_WORDS tokens **inside one sentence** (a shorter sentence is one
  shingle), so reordering sentences or paragraphs changes no shingle at all.
* Shingles are hashed to 32 bits (CRC-32 of each token, combined arithmetically, so the same text
  gives the same numbers in every process and stored fingerprints stay valid).

A MinHash signature of the shingle set (datasketch, NUM_PERM permutations) goes into an LSH index
whose threshold sits below the flagging threshold, to find candidate pairs without comparing every
pair; each candidate is then measured exactly (Jaccard of the shingle sets) and, if flagged, its
overlapping passages are aligned sentence by sentence for the side-by-side view.
"""

import difflib
import re
import string
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

# Bump when anything below changes how a text is fingerprinted; stored fingerprints of another
# version are recomputed.
ALGORITHM_VERSION = 1
SHINGLE_WORDS = 4
NUM_PERM = 64
SEED = 20260501
NAME_MASK = "@"
NUMBER_MASK = "#"

# A sentence ends at a line break or at . ! ? followed by white space; dots inside numbers
# (1.250.000) and addresses stay.
_SENTENCE_END = re.compile(r"[.!?]\s+")
# Punctuation becomes space before splitting into words: one C-level pass over a sentence, several
# times faster than a \w+ regex on Indonesian text (this is the hot loop of a 3,500-proposal run).
_PUNCTUATION = string.punctuation + (
    "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a"  # quotation marks
    "\u2013\u2014\u2015\u2010\u2011\u2026\u2022\u00b7\u00b0\u00a7\u00b6"  # dashes, ellipsis, bullets, signs
)
_TO_SPACE = str.maketrans(dict.fromkeys(_PUNCTUATION, " "))
_DIGIT = re.compile(r"\d")
_MASK32 = np.uint64(0xFFFFFFFF)
# Odd multipliers for combining token hashes into a window hash (mod 2^64).
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], np.uint64)
_CACHE_LIMIT = 500_000

_token_hashes: dict[str, int] = {}
_inner_tokens: dict[str, str] = {}


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` as written (stripped, empty ones dropped)."""
    sentences: list[str] = []
    for line in (text or "").splitlines():
        start = 0
        for end in _SENTENCE_END.finditer(line):
            sentences.append(line[start : end.start() + 1].strip())
            start = end.end()
        sentences.append(line[start:].strip())
    return [sentence for sentence in sentences if sentence]


def words_of(sentence: str) -> list[str]:
    """The words of a sentence as written, punctuation removed."""
    return sentence.translate(_TO_SPACE).split()


def normalise(sentence: str) -> list[str]:
    """Tokens of one sentence: lowercased words, numbers as "#", inner capitalised words as "@",
    a run of the same mask collapsed to one."""
    return _collapse(_tokens(words_of(sentence)))


def _tokens(words: list[str]) -> list[str]:
    if not words:
        return []
    first = words[0]
    cache = _inner_tokens
    return [NUMBER_MASK if _has_digit(first) else first.lower()] + [
        cache.get(word) or _inner_token(word) for word in words[1:]
    ]


def _collapse(tokens: list[str]) -> list[str]:
    collapsed: list[str] = []
    last = ""
    for token in tokens:
        if token == last and token in (NAME_MASK, NUMBER_MASK):
            continue
        collapsed.append(token)
        last = token
    return collapsed


def _has_digit(word: str) -> bool:
    return _DIGIT.search(word) is not None


def _inner_token(word: str) -> str:
    """The token of a word that is not the first of its sentence (cached: words repeat a lot)."""
    if _has_digit(word):
        token = NUMBER_MASK
    elif word[0].isupper():
        token = NAME_MASK
    else:
        token = word.lower()
    if len(_inner_tokens) < _CACHE_LIMIT:
        _inner_tokens[word] = token
    return token


def _hash_token(token: str) -> int:
    value = _token_hashes.get(token)
    if value is None:
        value = zlib.crc32(token.encode()) | (len(token) << 32)
        if len(_token_hashes) < _CACHE_LIMIT:
            _token_hashes[token] = value
    return value


def _hashes(tokens: list[str]) -> np.ndarray:
    known = list(map(_token_hashes.get, tokens))
    if None in known:
        known = [value if value is not None else _hash_token(token) for value, token in zip(known, tokens, strict=True)]
    return np.array(known, dtype=np.uint64)


_NAME_HASH, _NUMBER_HASH = _hash_token(NAME_MASK), _hash_token(NUMBER_MASK)


def _windows(hashes: np.ndarray, width: int) -> np.ndarray:
    windows = len(hashes) - width + 1
    combined = np.zeros(windows, np.uint64)
    for offset in range(width):
        combined = combined + hashes[offset : offset + windows] * _MULTIPLIERS[offset]
    return (combined ^ (combined >> np.uint64(32))) & _MASK32


def sentence_shingles(tokens: list[str]) -> np.ndarray:
    """32-bit hashes of the windows of SHINGLE_WORDS tokens of one sentence (uint64 array)."""
    if len(tokens) < 2:
        return np.empty(0, np.uint64)
    return _windows(_hashes(tokens), min(SHINGLE_WORDS, len(tokens)))


@dataclass
class Fingerprint:
    """A text's shingle set (sorted unique uint32) and its MinHash signature."""

    shingles: np.ndarray
    signature: np.ndarray

    @property
    def is_empty(self) -> bool:
        return self.shingles.size == 0


def shingle_set(text: str) -> np.ndarray:
    """The sorted unique shingle hashes of the whole text (uint32).

    Exactly the union of sentence_shingles(normalise(sentence)) over the sentences, computed for
    all sentences at once: one array of token hashes for the text, mask runs collapsed and windows
    that would cross a sentence boundary dropped with numpy, each sentence shorter than
    SHINGLE_WORDS hashed as one window of its own length.
    """
    tokens: list[str] = []
    lengths: list[int] = []
    for sentence in split_sentences(text):
        words = _tokens(words_of(sentence))
        tokens += words
        lengths.append(len(words))
    if not tokens:
        return np.empty(0, np.uint32)
    hashes = _hashes(tokens)
    sentences = np.repeat(np.arange(len(lengths)), lengths)
    masked = (hashes == _NAME_HASH) | (hashes == _NUMBER_HASH)
    repeated = np.zeros(len(hashes), bool)
    repeated[1:] = masked[1:] & (hashes[1:] == hashes[:-1]) & (sentences[1:] == sentences[:-1])
    hashes, sentences = hashes[~repeated], sentences[~repeated]
    parts = []
    if len(hashes) >= SHINGLE_WORDS:
        inside = sentences[: len(hashes) - SHINGLE_WORDS + 1] == sentences[SHINGLE_WORDS - 1 :]
        parts.append(_windows(hashes, SHINGLE_WORDS)[inside])
    counts = np.bincount(sentences, minlength=len(lengths))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    for start, count in zip(starts.tolist(), counts.tolist(), strict=True):
        if 2 <= count < SHINGLE_WORDS:
            parts.append(_windows(hashes[start : start + count], count))
    if not parts:
        return np.empty(0, np.uint32)
    return np.unique(np.concatenate(parts)).astype(np.uint32)


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def minhash_of(shingles: np.ndarray) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=int, permutations=_PERMUTATIONS)
    if shingles.size:
        minhash.update_batch(shingles.tolist())
    return minhash


def fingerprint(text: str) -> Fingerprint:
    shingles = shingle_set(text)
    return Fingerprint(shingles=shingles, signature=minhash_of(shingles).hashvalues.astype(np.uint32))


def signature_to_bytes(signature: np.ndarray) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


def lean_minhash(signature: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=signature, scheme="affine32")


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays."""
    if not a.size or not b.size:
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller text's shingles found in the other (catches a copied part)."""
    if not a.size or not b.size:
        return 0.0
    return np.intersect1d(a, b, assume_unique=True).size / min(a.size, b.size)


def candidate_pairs(signatures: dict, queries: Iterable, *, threshold: float) -> set[tuple]:
    """Pairs (query key, other key) whose estimated Jaccard may reach `threshold`, via MinHash LSH.

    `signatures` maps every key (this edition's and past editions' proposals) to its signature;
    `queries` are the keys to look for partners of. Each unordered pair among queries appears once,
    as (smaller key, larger key) by sort order of the keys.
    """
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    lean = {}
    with index.insertion_session() as session:
        for key, signature in signatures.items():
            if signature is None:
                continue
            lean[key] = lean_minhash(signature)
            session.insert(key, lean[key], check_duplication=False)
    query_keys = set(queries)
    pairs: set[tuple] = set()
    for key in query_keys:
        if key not in lean:
            continue
        for other in index.query(lean[key]):
            if other == key:
                continue
            if other in query_keys:
                pairs.add((key, other) if key < other else (other, key))
            else:
                pairs.add((key, other))
    return pairs


# --- Passages ------------------------------------------------------------------------------------

# Two sentences are "the same passage" when they share at least this share of shingles (Dice).
SENTENCE_MATCH = 0.5
MAX_PASSAGE_SENTENCES = 40


def _marked_words(words_a: list[str], words_b: list[str]) -> tuple[list, list]:
    """Each side's words as [word, changed] pairs: changed words are those not in the other side."""
    matcher = difflib.SequenceMatcher(
        None, [word.lower() for word in words_a], [word.lower() for word in words_b], autojunk=False
    )
    same_a, same_b = set(), set()
    for block in matcher.get_matching_blocks():
        same_a.update(range(block.a, block.a + block.size))
        same_b.update(range(block.b, block.b + block.size))
    return (
        [[word, index not in same_a] for index, word in enumerate(words_a)],
        [[word, index not in same_b] for index, word in enumerate(words_b)],
    )


def align_passages(text_a: str, text_b: str, *, limit: int = MAX_PASSAGE_SENTENCES) -> dict:
    """The overlapping passages of two texts, sentence by sentence, in the order of text A.

    Works when sentences were reordered: every sentence of A is matched to the sentence of B that
    shares most of its shingles. Consecutive matches that are also consecutive in B form one
    passage. Returns {"passages": [[{"a": words, "b": words, "score": float}, ...], ...],
    "matched_sentences": n, "sentences_a": n, "sentences_b": n}, words being [word, changed] pairs.
    """
    sentences_a, sentences_b = split_sentences(text_a), split_sentences(text_b)
    shingles_b = [set(sentence_shingles(normalise(sentence)).tolist()) for sentence in sentences_b]
    index: dict[int, list[int]] = defaultdict(list)
    for position, shingles in enumerate(shingles_b):
        for shingle in shingles:
            index[shingle].append(position)
    matches: list[tuple[int, int, float]] = []
    for position_a, sentence in enumerate(sentences_a):
        shingles = set(sentence_shingles(normalise(sentence)).tolist())
        if not shingles:
            continue
        shared: dict[int, int] = defaultdict(int)
        for shingle in shingles:
            for position_b in index.get(shingle, ()):
                shared[position_b] += 1
        if not shared:
            continue
        best, count = max(shared.items(), key=lambda item: (item[1], -item[0]))
        score = 2 * count / (len(shingles) + len(shingles_b[best]))
        if score >= SENTENCE_MATCH:
            matches.append((position_a, best, score))
    passages: list[list[dict]] = []
    previous: tuple[int, int] | None = None
    for position_a, position_b, score in matches[:limit]:
        words_a, words_b = _marked_words(sentences_a[position_a].split(), sentences_b[position_b].split())
        row = {"a": words_a, "b": words_b, "score": round(score, 3)}
        if previous and position_a == previous[0] + 1 and position_b == previous[1] + 1:
            passages[-1].append(row)
        else:
            passages.append([row])
        previous = (position_a, position_b)
    return {
        "passages": passages,
        "matched_sentences": len(matches),
        "sentences_a": len(sentences_a),
        "sentences_b": len(sentences_b),
    }
