"""The prompt texts: pure functions of the brief."""

from apps.content.prompts import shorten_message, system_prompt, user_prompt


def test_system_prompt_names_the_platform_its_limit_and_the_tone():
    text = system_prompt(platform="twitter", tone="casual")

    assert "280 characters" in text and "Tone: casual" in text


def test_user_prompt_new_post_with_audience():
    text = user_prompt(prompt="Our launch", audience="developers")

    assert text == "Write a post about: Our launch\nAudience: developers"


def test_user_prompt_rewrite_carries_the_current_version_and_the_changes():
    text = user_prompt(prompt="Our launch", audience="", previous_text="Old text", modifications="shorter")

    assert text.splitlines() == [
        "Rewrite this post.",
        "Original request: Our launch",
        "Current version:",
        "Old text",
        "Requested changes: shorter",
    ]


def test_shorten_message_states_the_length_and_the_limit():
    assert shorten_message(text="x" * 300, limit=280).startswith("That is 300 characters; the limit is 280.")
