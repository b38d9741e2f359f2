"""apps.content.measure: the official twitter-text conformance cases, the other networks' rules and
cutting that never splits a grapheme cluster, a URL, a mention or a hashtag."""

from pathlib import Path

import pytest
import yaml

from apps.content.measure import fit, fit_at_word_boundary, measure, text_length, x_parse

# The official conformance cases of twitter/twitter-text (configuration v2 and v3): every case of
# the sections `tweets`, `WeightedTweetsCounterTest`, `WeightedTweetsWithDiscountedEmojiCounterTest`
# and `UnicodeDirectionalMarkerCounterTest` of conformance/validate.yml, vendored with their
# origin (repository, path, commit) in the fixture's header. None is skipped. The fields asserted
# are weightedLength, valid and permillage (displayRange*/validRange* are the UI highlighting
# offsets of twitter-text, which we do not compute; the fixture's texts were checked against
# displayRangeEnd when they were vendored).
CONFORMANCE = yaml.safe_load((Path(__file__).parent / "data" / "twitter_text_validate.yml").read_text("utf-8"))["tests"]
V2 = {
    "version": 2,
    "max_weighted_tweet_length": 280,
    "scale": 100,
    "default_weight": 200,
    "transformed_url_length": 23,
    "ranges": [
        {"start": 0, "end": 4351, "weight": 100},
        {"start": 8192, "end": 8205, "weight": 100},
        {"start": 8208, "end": 8223, "weight": 100},
        {"start": 8242, "end": 8247, "weight": 100},
    ],
}


def _cases(section):
    return [pytest.param(case, id=case["description"][:60]) for case in CONFORMANCE[section]]


def _check_weighted(case, config=None):
    length, characters_valid = x_parse(case["text"], config)
    expected = case["expected"]
    assert length == expected["weightedLength"]
    assert (characters_valid and 0 < length <= 280) == expected["valid"]
    assert length * 1000 // 280 == expected["permillage"]


@pytest.mark.parametrize("case", _cases("WeightedTweetsWithDiscountedEmojiCounterTest"))
def test_x_conformance_weighted_v3(case):
    _check_weighted(case)


@pytest.mark.parametrize("case", _cases("UnicodeDirectionalMarkerCounterTest"))
def test_x_conformance_directional_markers_v3(case):
    _check_weighted(case)


@pytest.mark.parametrize("case", _cases("WeightedTweetsCounterTest"))
def test_x_conformance_weighted_v2(case):
    _check_weighted(case, V2)


@pytest.mark.parametrize("case", _cases("tweets"))
def test_x_conformance_tweet_validity(case):
    assert measure(platform="twitter", text=case["text"]).valid == case["expected"]


def test_conformance_fixture_holds_every_case():
    assert {name: len(cases) for name, cases in CONFORMANCE.items()} == {
        "tweets": 8,
        "WeightedTweetsCounterTest": 20,
        "WeightedTweetsWithDiscountedEmojiCounterTest": 21,
        "UnicodeDirectionalMarkerCounterTest": 2,
    }


# ---------------------------------------------------------------------------
# The examples and the other networks
# ---------------------------------------------------------------------------
LINK = "https://example.com/" + "a" * 80  # 100 characters


def test_measure_x_160_cjk_characters_are_320_and_refused():
    result = measure(platform="twitter", text="漢" * 160)
    assert (result.length, result.limit, result.valid) == (320, 280, False)
    assert [r.code for r in result.reasons] == ["too_long"]


def test_measure_x_150_emoji_are_300_and_refused():
    result = measure(platform="twitter", text="😀" * 150)
    assert (result.length, result.valid) == (300, False)


def test_measure_x_250_characters_and_a_100_character_link_are_274_and_accepted():
    text = "x" * 250 + " " + LINK
    assert len(text) == 351
    result = measure(platform="twitter", text=text)
    assert (result.length, result.valid) == (274, True)


def test_measure_x_emoji_sequences_count_two():
    assert text_length(platform="twitter", text="👩🏽‍💻🇫🇷👨‍👩‍👧‍👦") == 6


@pytest.mark.parametrize(
    "platform,limit", [("twitter", 280), ("linkedin", 3000), ("instagram", 2200), ("threads", 500), ("facebook", 63206)]
)
def test_measure_each_network_accepts_at_the_limit_and_refuses_past_it(platform, limit):
    assert measure(platform=platform, text="a" * limit).valid
    past = measure(platform=platform, text="a" * (limit + 1))
    assert (past.length, past.limit, [r.code for r in past.reasons]) == (limit + 1, limit, ["too_long"])


def test_measure_counts_code_points_after_nfc_outside_x():
    assert text_length(platform="linkedin", text="e\u0301" * 10) == 10
    assert text_length(platform="threads", text="😀" * 10) == 10


def test_measure_instagram_30_hashtags_accepted_31_refused():
    tags = " ".join(f"#tag{i}" for i in range(31))
    assert measure(platform="instagram", text="Caption " + tags.rsplit(" ", 1)[0]).valid
    result = measure(platform="instagram", text="Caption " + tags)
    assert [r.code for r in result.reasons] == ["too_many_hashtags"]


def test_measure_hashtags_need_a_letter_and_ignore_url_fragments():
    text = " ".join(["#2026"] * 40 + ["https://example.com/#anchor"] * 40 + ["#ok"])
    assert measure(platform="instagram", text=text).valid


def test_measure_empty_and_invalid_characters():
    assert [r.code for r in measure(platform="threads", text="   ").reasons] == ["empty"]
    assert [r.code for r in measure(platform="twitter", text="abc\uffff").reasons] == ["invalid_characters"]


# ---------------------------------------------------------------------------
# Cutting
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "unit",
    [
        "👩🏽‍💻",  # skin tone + ZWJ sequence
        "👨‍👩‍👧‍👦",  # family ZWJ sequence
        "👍🏿",  # skin tone modifier
        "🇯🇵",  # flag (regional indicator pair)
        "🏴󠁧󠁢󠁳󠁣󠁴󠁿",  # subdivision flag (tag sequence)
        "e\u0301\u0302",  # combining marks
    ],
)
def test_fit_never_splits_a_grapheme_cluster(unit):
    text = unit * 400
    for platform in ("twitter", "threads"):
        cut = fit(platform=platform, text=text)
        assert cut and len(cut) % len(unit) == 0 and cut == unit * (len(cut) // len(unit))
        assert measure(platform=platform, text=cut).valid


@pytest.mark.parametrize("entity", [LINK, "@someone_with_a_long_name", "#AHashtagThatIsQuiteLong"])
def test_fit_never_splits_a_url_mention_or_hashtag_at_the_cut_point(entity):
    # No whitespace in the second half: the cut falls where the limit is, at every offset around
    # the entity; it must stop before the entity or keep it whole.
    for platform, limit in (("twitter", 280), ("threads", 500)):
        for start in range(limit - 40, limit + 2):
            text = "a " + "x" * start + "。" + entity + "。" + "z" * 300
            cut = fit(platform=platform, text=text)
            assert measure(platform=platform, text=cut).valid
            at = text.index(entity)
            assert len(cut) <= at or len(cut) >= at + len(entity), (platform, start, cut[-40:])


def test_fit_keeps_a_link_that_x_counts_as_23():
    text = "word " * 50 + LINK + " more words" * 20
    cut = fit(platform="twitter", text=text)
    assert cut.endswith(LINK) or LINK in cut
    assert text_length(platform="twitter", text=cut) <= 280


def test_fit_cuts_instagram_hashtags_to_30():
    text = "Caption " + " ".join(f"#tag{i}" for i in range(40))
    cut = fit(platform="instagram", text=text)
    assert cut.endswith("#tag29") and measure(platform="instagram", text=cut).valid


def test_fit_at_word_boundary_never_splits_an_emoji():
    assert fit_at_word_boundary("ab👩🏽‍💻", 4) == "ab"
