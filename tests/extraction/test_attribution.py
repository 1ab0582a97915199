"""Who speaks: each difficulty of attribution on a short passage, in English and Russian."""

import pytest

from app.extraction import extract
from app.extraction.types import Article, Extraction


def _run(text: str) -> Extraction:
    return extract(Article(text=text, language="en"))


def _speaker_of(result: Extraction, words: str) -> str | None:
    """The expert key of the claim whose quote contains the words (None: no such claim)."""
    found = [claim.expert for claim in result.claims if words in claim.quote]
    return found[0] if found else None


CASES = [
    # According to X, ... and the unmarked sentences after it in the paragraph
    ("According to political analyst Kazbek Beisebayev, the reform will take years. "
     "The parliament needs to change its rules first.",
     [("reform will take years", "kazbek-beisebaev"),
      ("parliament needs to change", "kazbek-beisebaev")]),
    # a marker after the words
    ("The economy will grow by four percent next year, economist Dana Omarova believes.",
     [("economy will grow", "dana-omarova")]),
    # X concluded after a quotation running over two paragraphs
    ('Economist Dana Omarova spoke about the budget.\n"The deficit is too large. It has '
     "been growing for years.\nThe government will have to cut spending next year,\" "
     "Omarova concluded.",
     [("deficit is too large", "dana-omarova"), ("will have to cut spending", "dana-omarova")]),
    # role noun and pronoun resolved to the right person
    ("Political observer Gaziz Abishev spoke first. Economist Dana Omarova spoke next.\n"
     "According to the observer, the elections will be calm.\n"
     '"Inflation is likely to slow down," she said.',
     [("elections will be calm", "gaziz-abishev"), ("Inflation is likely", "dana-omarova")]),
    # a second expert introduced with "For his part"
    ('"The tenge will weaken," said analyst Dana Omarova.\n'
     "For his part, political scientist Arman Zhakupov thinks that the tenge will hold.",
     [("tenge will weaken", "dana-omarova"), ("tenge will hold", "arman-jakupov")]),
    # an unnamed group as claimant, and "In their opinion"
    ("Most observers agree that the turnout will be low. In their opinion, the campaign "
     "has been dull.",
     [("turnout will be low", "most-observers"), ("campaign has been dull", "most-observers")]),
    # Russian: "по словам", "— считает эксперт", genitive names
    ("По словам политолога Досыма Сатпаева, выборы пройдут спокойно и без протестов.\n"
     "«Оппозиция не сможет получить места в парламенте», — считает эксперт.",
     [("выборы пройдут спокойно", "dosim-satpaev"), ("Оппозиция не сможет", "dosim-satpaev")]),
    # Russian: "X считает, что" and a pronoun
    ("Экономист Алия Серикбаева считает, что инфляция замедлится к концу года.\n"
     "«Тенге останется стабильным до конца года», — сказала она.",
     [("инфляция замедлится", "alia-serikbaeva"), ("Тенге останется", "alia-serikbaeva")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_claims_are_attributed_to_their_speaker(text: str, expected: list[tuple[str, str]]) -> None:
    result = _run(text)
    for words, speaker in expected:
        assert _speaker_of(result, words) == speaker, words


def test_politicians_words_reported_by_the_expert_are_not_the_experts_claims() -> None:
    result = _run(
        "According to analyst Dana Omarova, President Tokayev said that taxes will fall. "
        "She doubts that the budget can afford it."
    )
    assert _speaker_of(result, "taxes will fall") is None
    assert _speaker_of(result, "budget can afford") == "dana-omarova"


def test_politicians_quoted_by_the_journalist_are_not_experts() -> None:
    result = _run('"Taxes will fall next year," President Kassym-Jomart Tokayev said.')
    assert result.claims == ()
    assert result.experts == ()


def test_the_journalists_framing_and_questions_are_not_attributed() -> None:
    result = _run(
        "Will the reforms continue? The vote takes place on Sunday.\n"
        "Analyst Dana Omarova believes that the reforms will continue."
    )
    assert [claim.expert for claim in result.claims] == ["dana-omarova"]


def test_question_and_answer_interviews_attribute_answers_to_the_interviewee() -> None:
    result = extract(Article(text=(
        "Interview with economist Bauyrzhan Kuanyshev\n"
        "We spoke to economist Bauyrzhan Kuanyshev about prices.\n"
        "Q: What will happen to inflation?\n"
        "Inflation will probably fall to eight percent by December.\n"
        "Q: And the tenge?\n"
        "The tenge will follow the price of oil."
    )))  # fmt: skip
    assert {claim.expert for claim in result.claims} == {"bauirjan-kuanishev"}
    assert len(result.claims) == 2


def test_name_variants_in_one_article_are_one_expert() -> None:
    result = _run(
        "Political analyst Kazbek Beisebayev expects a calm vote. "
        '"Turnout will be high," Beisebaev said.'
    )
    assert [expert.key for expert in result.experts] == ["kazbek-beisebaev"]
    assert {claim.expert for claim in result.claims} == {"kazbek-beisebaev"}


def test_every_span_is_the_quote() -> None:
    text = (
        "According to political analyst Kazbek Beisebayev, the reform will take years.\n"
        "«Тенге останется стабильным», — сказала экономист Алия Серикбаева."
    )
    for claim in extract(Article(text=text)).claims:
        assert text[claim.span[0] : claim.span[1]] == claim.quote
