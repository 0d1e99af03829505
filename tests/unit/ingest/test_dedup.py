import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest import dedup
from reader.ingest.dedup import Fingerprint, contains, join_overlapping, key64, near_duplicate, normalize

ARTICLE_BODY = (
    "On December 4, a delegation of the CSTO Joint Staff headed by Colonel General Andrei Serdyukov "
    "observed the final stage of the joint exercise held in Iran.\n\n"
    "The exercise involved units of the armed forces of the member states."
)


def fp(body, title=None):
    return Fingerprint.of(title, body)


def test_normalising_folds_case_space_quotes_dashes_and_hyphens():
    assert (
        normalize("Anti\u2011terrorism  \u201cEquation\u201d \u2014 OK\u00a0")
        == 'anti-terrorism "equation" - ok'
    )


def test_same_text_after_normalising_has_the_same_key():
    a = fp("On 9 December, the Secretary General received the Ambassador. ")
    b = fp("On 9 december,  the Secretary General received the ambassador.")
    assert a.text_key == b.text_key


def test_a_teaser_is_contained_in_its_article_and_shares_a_key():
    teaser = fp(ARTICLE_BODY.split("\n\n")[0])
    article = fp(ARTICLE_BODY, title="CSTO delegation observes exercise in Iran")
    assert contains(article, teaser)
    assert teaser.lead_key in article.sentence_keys
    assert not contains(teaser, article)


def test_a_truncated_teaser_with_an_ellipsis_is_contained():
    teaser = fp("On December 4, a delegation of the CSTO Joint Staff headed by Colonel Gen\u2026")
    assert contains(fp(ARTICLE_BODY), teaser)
    assert contains(fp(ARTICLE_BODY), fp("On December 4, a delegation of the CSTO Joint Staff headed..."))


def test_half_of_a_split_item_is_contained():
    second = fp("The exercise involved units of the armed forces of the member states.")
    whole = fp(ARTICLE_BODY)
    assert contains(whole, second) and second.lead_key in whole.sentence_keys


def test_short_or_partial_word_matches_are_not_containment():
    assert not contains(fp(ARTICLE_BODY), fp("The exercise."))
    assert not contains(
        fp("The exercises involved units of the armed forces today."),
        fp("exercise involved units of the armed"),
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The CSTO Secretary General met the Ambassador of Serbia in Moscow on Monday.",
            "The CSTO Secretary General met the Ambassador of Armenia in Moscow on Monday.",
        ),
        (
            "On 5 December the Council of Foreign Ministers met in Minsk to discuss security.",
            "On 6 December the Council of Foreign Ministers met in Minsk to discuss security.",
        ),
        (
            "The Crisis Response Center hosted a joint training session of the duty shifts of 12 states.",
            "The Crisis Response Center hosted a joint training session of the duty shifts of 14 states.",
        ),
    ],
)
def test_distinct_items_sharing_most_words_are_not_near_duplicates(a, b):
    assert not near_duplicate(fp(a), fp(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The heads of states have discussed in detail current problems of international and regional "
            "security and the main results of the activities during the period.",
            "The heads of states discussed in detail the current problems of international and regional "
            "security and the main results of the activities during the period.",
        ),
        (
            "Representatives of the member states adopted a declaration on strengthening cooperation "
            "in the field of information security and agreed on a plan.",
            "Representatives of the member states adopted a declaration on strengthening co-operation "
            "in the field of information security and agreed on the plan.",
        ),
    ],
)
def test_small_edits_of_one_text_are_near_duplicates(a, b):
    assert near_duplicate(fp(a), fp(b))


words = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=8)


@given(st.lists(words, min_size=6, max_size=40), st.data())
def test_any_run_of_whole_words_is_contained(tokens, data):
    start = data.draw(st.integers(0, len(tokens) - 5))
    end = data.draw(st.integers(start + 5, len(tokens)))
    outer, inner = fp(" ".join(tokens) + "."), fp(" ".join(tokens[start:end]))
    if inner.norm_len >= 25:
        assert contains(outer, inner)


@given(st.text(max_size=300), st.none() | st.text(max_size=50))
def test_fingerprints_never_raise(body, title):
    found = Fingerprint.of(title, body)
    assert found.norm_len == len(found.text)


def test_a_fingerprint_survives_pickling_for_the_worker_process():
    fp = Fingerprint.of("Talks in Minsk", "Leaders of 6 countries met in Minsk. They talked for hours.")
    assert pickle.loads(pickle.dumps(fp)) == fp
    fp.significant  # noqa: B018 - the cached property is stored on the instance
    again = pickle.loads(pickle.dumps(fp))
    assert again == fp and again.significant == fp.significant


def test_a_teaser_cut_mid_word_is_contained_in_the_whole_text():
    whole = fp(
        "The council opened registration for the spring leagues, and places in the football groups are few."
    )
    cut = fp("The council opened registration for the spring leagues, and places in the foo")
    assert contains(whole, cut)


def test_a_version_ending_a_sentence_must_end_on_a_whole_word():
    whole = fp("The council opened registration for the spring leagues in the football groups.")
    assert not contains(whole, fp("The council opened registration for the spring leagues in the foot."))


OVERLAP = [
    "The first paragraph tells what the council decided about the harbour at its meeting on Monday.",
    "The second paragraph gives the figures: forty berths, two cranes and a new office for the pilots.",
    "The third paragraph quotes the harbour master, who said the work would be finished by the autumn.",
    "The fourth paragraph lists the streets that will be closed while the lorries bring in the stone.",
]


def test_two_captures_that_only_overlap_join_in_the_order_of_the_text():
    start = [*OVERLAP[:2], OVERLAP[2][:40]]  # the page was saved part-way through a paragraph
    end = OVERLAP[1:]
    assert join_overlapping(start, end) == tuple(OVERLAP)
    assert join_overlapping(end, start) == tuple(OVERLAP)


def test_captures_with_too_little_or_no_text_in_common_do_not_join():
    assert join_overlapping(OVERLAP[:2], OVERLAP[2:]) is None
    short = ["One line in common here.", "Then the rest of this one"]
    assert join_overlapping(["Only the start.", "One line in common here."], short) is None


def _meets(first, second):
    """Whether one's overlap probes meet the other's overlap keys."""
    a, b = fp("\n\n".join(first)), fp("\n\n".join(second))
    return bool(a.overlap_probes & b.overlap_keys) and bool(b.overlap_probes & a.overlap_keys)


def test_captures_that_join_meet_by_their_overlap_keys():
    start = [*OVERLAP[:2], OVERLAP[2][:40]]
    assert _meets(start, OVERLAP[1:])
    assert _meets(OVERLAP[:3], OVERLAP[1:])
    assert not _meets(OVERLAP[:2], OVERLAP[2:])


_WORDS = st.sampled_from(["the", "council", "met", "harbour", "two", "Berths", "pilots", "stone"])
_PARAGRAPHS = st.lists(st.lists(_WORDS, min_size=1, max_size=30).map(" ".join), min_size=1, max_size=5)


@given(
    text=_PARAGRAPHS,
    cut=st.integers(1, 4),
    shared=st.integers(1, 3),
    keep=st.integers(0, 200),
    extra=_PARAGRAPHS,
)
def test_every_pair_join_overlapping_joins_meets_by_overlap_keys(text, cut, shared, keep, extra):
    # One capture has the start (perhaps cut off mid-paragraph), the other goes on from a paragraph.
    start = text[: cut + 1]
    start = [*start[:-1], start[-1][: keep or None]]
    end = [*text[max(0, len(start) - shared) :], *extra]
    for first, second in ((start, end), (end, start)):
        if join_overlapping(first, second) is not None:
            assert _meets(first, second)


@settings(max_examples=200)
@given(
    st.lists(st.text(alphabet="абв abc.!?\n", min_size=1, max_size=60), min_size=1, max_size=12).map(
        lambda parts: "".join(parts)
    )
)
def test_piece_keys_are_the_keys_of_each_run_from_a_line_start_to_a_sentence_end(body):
    fp = Fingerprint.of(None, body)
    starts, ends, offset = [], [], 0
    for block in dedup._blocks(None, body):
        starts.append(offset)
        ends += [offset + m.start() + len(m.group().rstrip()) for m in dedup.sentence_breaks(block)]
        offset += len(block)
        ends.append(offset)
        offset += 1
    expected = {
        key64(fp.text[start:end])
        for start in starts
        for end in ends
        if dedup.MIN_CONTAINED_CHARS <= end - start < fp.norm_len
    }
    assert fp.piece_keys == expected
