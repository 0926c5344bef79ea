"""The near-duplicate finder's text handling, without the database."""

import numpy as np

from judging import similarity
from tests.judging import texts


def test_normalise_masks_numbers_and_inner_names_and_lowercases_the_rest():
    tokens = similarity.normalise("Pada tahun 2019 Kota Surabaya mencatat 12.450 pengaduan dari warga RT 05.")

    assert tokens == ["pada", "tahun", "#", "@", "mencatat", "#", "pengaduan", "dari", "warga", "@", "#"]


def test_normalise_makes_changed_names_and_numbers_identical():
    first = similarity.normalise("Inovasi Dinas Kesehatan Kota Surabaya melayani 1.250 pasien per bulan.")
    second = similarity.normalise("Inovasi RSUD Kabupaten Banyuwangi melayani 980 pasien per bulan.")

    assert first == second


def test_split_sentences_keeps_decimal_numbers_and_splits_lines():
    assert similarity.split_sentences("Biaya Rp 1.250.000 per tahun. Gratis!\n- Poin dua\n\nAkhir") == [
        "Biaya Rp 1.250.000 per tahun.",
        "Gratis!",
        "- Poin dua",
        "Akhir",
    ]


def test_shingles_do_not_change_when_sentences_are_reordered():
    text = texts.ORIGINAL_BACKGROUND
    reordered = " ".join(reversed(similarity.split_sentences(text)))

    assert np.array_equal(similarity.shingle_set(text), similarity.shingle_set(reordered))


def test_jaccard_of_a_light_copy_is_high_and_of_same_topic_texts_is_near_zero():
    original = similarity.shingle_set(texts.joined(texts.ORIGINAL))

    copy = similarity.jaccard(original, similarity.shingle_set(texts.joined(texts.COPY)))
    same_topic = similarity.jaccard(original, similarity.shingle_set(texts.joined(texts.SAME_TOPIC)))
    other_topic = similarity.jaccard(original, similarity.shingle_set(texts.joined(texts.OTHER_TOPIC)))

    assert copy > 0.8
    assert same_topic < 0.05 and other_topic < 0.05


def test_containment_catches_a_text_copied_into_a_longer_one():
    original = similarity.shingle_set(texts.ORIGINAL_BACKGROUND)
    padded = similarity.shingle_set(texts.ORIGINAL_BACKGROUND + "\n" + texts.joined(texts.SAME_TOPIC))

    assert similarity.containment(original, padded) == 1.0
    assert similarity.jaccard(original, padded) < 0.6


def test_fingerprints_are_the_same_in_every_process():
    # CRC-32 based, never Python's salted hash(): stored signatures stay valid across restarts.
    signature = similarity.fingerprint("Warga mengurus kartu keluarga tanpa antre di kantor.").signature

    assert similarity.signature_from_bytes(similarity.signature_to_bytes(signature)).tolist() == signature.tolist()
    assert signature.size == similarity.NUM_PERM
    assert similarity.shingle_set("Warga mengurus kartu keluarga tanpa antre.").tolist() == [
        int(value) for value in similarity.shingle_set("Warga   mengurus kartu keluarga tanpa antre.")
    ]


def test_candidate_pairs_find_the_copy_and_nothing_else():
    documents = {
        1: texts.joined(texts.ORIGINAL),
        2: texts.joined(texts.COPY),
        3: texts.joined(texts.SAME_TOPIC),
        4: texts.joined(texts.OTHER_TOPIC),
    }
    signatures = {key: similarity.fingerprint(text).signature for key, text in documents.items()}

    assert similarity.candidate_pairs(signatures, [1, 2, 3], threshold=0.25) == {(1, 2)}
    assert similarity.candidate_pairs(signatures, [2], threshold=0.25) == {(2, 1)}


def test_align_passages_matches_reordered_sentences_and_marks_changed_words():
    alignment = similarity.align_passages(texts.ORIGINAL_BACKGROUND, texts.COPY_BACKGROUND)

    rows = [row for passage in alignment["passages"] for row in passage]
    assert alignment["matched_sentences"] == alignment["sentences_a"] == 9
    first = rows[0]
    assert " ".join(word for word, _changed in first["a"]).startswith("Sebelum inovasi ini berjalan")
    assert " ".join(word for word, _changed in first["b"]).startswith("Sebelum inovasi ini berjalan")
    assert [word for word, changed in first["b"] if changed] == ["21"]


def test_align_passages_groups_consecutive_sentences_into_one_passage():
    alignment = similarity.align_passages(texts.ORIGINAL_BACKGROUND, texts.ORIGINAL_BACKGROUND)

    assert len(alignment["passages"]) == 1 and len(alignment["passages"][0]) == 9


def test_align_passages_of_unrelated_texts_is_empty():
    alignment = similarity.align_passages(texts.joined(texts.ORIGINAL), texts.joined(texts.SAME_TOPIC))

    assert alignment["passages"] == [] and alignment["matched_sentences"] == 0


def test_shingle_set_is_the_union_of_each_sentences_shingles():
    text = (
        texts.joined(texts.ORIGINAL)
        + "\nDi Kota Surabaya Jawa Timur 12 13 14 warga. Ya Bapak Budi. Oke.\n\nRp 1.250.000, 2.000 dan 3.000!"
    )

    sentences = similarity.split_sentences(text)
    parts = [similarity.sentence_shingles(similarity.normalise(sentence)) for sentence in sentences]
    expected = np.unique(np.concatenate(parts)).astype(np.uint32)

    assert similarity.shingle_set(text).tolist() == expected.tolist()
