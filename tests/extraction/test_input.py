"""Input handling: HTML to text with offsets kept, language detection, name keys."""

import pytest

from app.extraction import expert_key, extract, html_to_text
from app.extraction.language import detect
from app.extraction.segment import sentences
from app.extraction.types import Article
from app.text import normalise

HTML = """<html><head><title>T</title><style>p{}</style><script>var x = 1;</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Kazakhstan&rsquo;s path</h1>
<p>According to political analyst <b>Kazbek Beisebayev</b>,
   the reforms   will take years.</p>
<p>&laquo;Тенге останется стабильным до конца года&raquo;, &mdash; считает эксперт.<br>
Second line</p></article><footer>© 2024</footer></body></html>"""


def test_html_becomes_normalised_text_one_paragraph_a_line() -> None:
    text = html_to_text(HTML)
    assert text == normalise(text)
    assert text.split("\n") == [
        "Kazakhstan’s path",
        "According to political analyst Kazbek Beisebayev, the reforms will take years.",
        "«Тенге останется стабильным до конца года», — считает эксперт.",
        "Second line",
    ]


def test_spans_index_the_text_made_from_html() -> None:
    text = html_to_text(HTML)
    result = extract(Article(text=text))
    assert result.claims
    for claim in result.claims:
        assert text[claim.span[0] : claim.span[1]] == claim.quote


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tomorrow the presidential elections will be held in Kazakhstan.", "en"),
        ("Завтра в Казахстане пройдут президентские выборы, считают эксперты.", "ru"),
    ],
)
def test_language_is_detected_when_absent(text: str, language: str) -> None:
    assert detect(text) == language
    assert extract(Article(text=text)).language == language


def test_a_given_language_is_kept() -> None:
    assert extract(Article(text="Tomorrow.", language="kk")).language == "kk"


@pytest.mark.parametrize(
    "names",
    [
        ("Kazbek Beisebayev", "Kazbek Beisebaev", "Казбек Бейсебаев"),
        ("Kassym-Jomart Tokayev", "Kasym-Zhomart Tokaev", "Касым-Жомарт Токаев"),
        ("Yerlan Karin", "Erlan Karin", "Ерлан Карин"),
        ("Dmitry Ivanov", "Dmitriy Ivanov", "Дмитрий Иванов", "Дмитрий Сергеевич Иванов"),
    ],
)
def test_spellings_and_scripts_of_one_name_share_a_key(names: tuple[str, ...]) -> None:
    assert len({expert_key(name) for name in names}) == 1


def test_different_people_have_different_keys() -> None:
    assert expert_key("Gaziz Abishev") != expert_key("Kazbek Beisebayev")


def test_a_cyrillic_full_stop_that_lost_its_space_still_ends_the_sentence() -> None:
    text = "Партия наберёт большинство, — говорит политолог Арман Жумабаев.За второе место"
    text += " поборются две партии. Об этом пишет Caliber.Az в понедельник."
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "Партия наберёт большинство, — говорит политолог Арман Жумабаев.",
        "За второе место поборются две партии.",
        "Об этом пишет Caliber.Az в понедельник.",  # a domain name keeps its dot
    ]
