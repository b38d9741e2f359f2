"""The pure rules of the brand app: template variables, banned phrases, hashtags, the prompt text."""

import pytest

from apps.brand.exceptions import TemplateVariablesInvalid
from apps.brand.rules import (
    Voice,
    banned_in,
    banned_remove,
    hashtags_missing,
    template_render,
    template_variables,
    voice_prompt,
)


def test_template_variables_are_listed_once_in_order_of_appearance():
    assert template_variables("{product} on {date}: {product}! {not valid} {{x}}") == ["product", "date", "x"]


def test_template_render_fills_every_variable_and_does_not_expand_values():
    text = template_render(body="Launch {product} on {date}", variables={"product": "{date}", "date": "Monday"})
    assert text == "Launch {date} on Monday"


def test_template_render_lists_missing_and_unknown_variables():
    with pytest.raises(TemplateVariablesInvalid) as caught:
        template_render(body="Launch {product} on {date}", variables={"product": "X", "colour": "red"})

    assert caught.value.details["missing"] == ["date"]
    assert caught.value.details["unknown"] == ["colour"]
    assert "date" in caught.value.message and "colour" in caught.value.message


def test_banned_in_matches_whole_words_case_insensitively():
    assert banned_in("FREE shipping, cheap thrills", ["free", "cheap thrills", "ship"]) == ["free", "cheap thrills"]
    assert banned_in("freedom for all", ["free"]) == []


def test_banned_remove_drops_the_phrases_and_tidies_spaces():
    assert banned_remove("Our cheap product is here.", ["cheap"]) == "Our product is here."


def test_hashtags_missing_compares_whole_tags_case_insensitively():
    assert hashtags_missing("Launch day #Acme #launches", ["#acme", "#launch"]) == ["#launch"]


def test_voice_prompt_states_every_part_of_the_voice():
    voice = Voice(
        revision=3,
        description="Warm, plain words",
        rules=("No exclamation marks",),
        banned_phrases=("synergy",),
        required_hashtags=("#acme",),
        example_posts=("We fixed the thing.",),
    )

    text = voice_prompt(voice)

    for part in (
        "revision 3",
        "Warm, plain words",
        "No exclamation marks",
        '"synergy"',
        "#acme",
        "We fixed the thing.",
    ):
        assert part in text
