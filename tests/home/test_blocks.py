from home.blocks import BodyBlock
from nominations.blocks import QuoteBlock
from nominations.models.winners import StoryBodyBlock


def test_pages_and_stories_share_the_one_quote_block():
    # One definition (nominations.blocks.QuoteBlock): a second copy in either body fails here.
    assert type(BodyBlock().child_blocks["quote"]) is QuoteBlock
    assert type(StoryBodyBlock().child_blocks["quote"]) is QuoteBlock


def test_quote_block_renders_text_and_attribution_escaped():
    block = QuoteBlock()
    html = block.render(block.to_python({"text": "Built <here>.", "attribution": "The team"}))
    assert html == (
        '<figure class="quote"><blockquote><p>Built &lt;here&gt;.</p></blockquote>'
        "<figcaption>The team</figcaption></figure>\n"
    )
