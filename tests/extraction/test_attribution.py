"""Who speaks: each difficulty of attribution on a short passage, in English and Russian."""

import pytest

from app.extraction import expert_key, extract
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
     [("tenge will weaken", "dana-omarova"), ("tenge will hold", "arman-zhakupov")]),
    # an unnamed group as claimant, and "In their opinion"
    ("Most observers agree that the turnout will be low. In their opinion, the campaign "
     "has been dull.",
     [("turnout will be low", "most-observers"), ("campaign has been dull", "most-observers")]),
    # Russian: "по словам", "— считает эксперт", genitive names
    ("По словам политолога Досыма Сатпаева, выборы пройдут спокойно и без протестов.\n"
     "«Оппозиция не сможет получить места в парламенте», — считает эксперт.",
     [("выборы пройдут спокойно", "dosym-satpaev"), ("Оппозиция не сможет", "dosym-satpaev")]),
    # Russian: "X считает, что" and a pronoun
    ("Экономист Алия Серикбаева считает, что инфляция замедлится к концу года.\n"
     "«Тенге останется стабильным до конца года», — сказала она.",
     [("инфляция замедлится", "aliya-serikbaeva"), ("Тенге останется", "aliya-serikbaeva")]),
    # what the person is, then their name set off by commas: the name speaks, not "Group"
    ("The elections are near.\nThe director of the Risk Assessment Group, Arman Zhakupov, "
     "said the tenge will hold until spring.",
     [("tenge will hold", "arman-zhakupov")]),
    # the head of an academy is no politician, though "president" names an office
    ("The elections are near.\nThe President of the Academy of Economics, Dana Omarova, "
     "said inflation will slow next year.",
     [("inflation will slow", "dana-omarova")]),
    # a partial quotation finishing the clause a speech verb opened
    ("The elections are near.\nPolitical scientist Arman Zhakupov thinks that once again the "
     'AKP "will not be able to form a government alone, it will be difficult."',
     [("will not be able to form", "arman-zhakupov")]),
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


def test_an_office_of_state_before_a_name_set_off_by_commas_is_no_expert() -> None:
    result = _run(
        "The elections are near.\nThe Foreign Minister of Turkey, Mevlut Cavusoglu, said the "
        "talks will resume in spring."
    )
    assert result.claims == ()
    assert result.experts == ()


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
    assert {claim.expert for claim in result.claims} == {"bauirzhan-kuanyshev"}
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


def _ru(text: str) -> Extraction:
    return extract(Article(text=text, language="ru"))


def test_an_interview_ends_where_the_questions_and_answers_stop() -> None:
    text = (
        "Analyst Timur Bekov spoke to us.\nQ: Will prices rise?\nYes, prices will rise in "
        "spring.\nQ: And wages?\nWages will lag behind prices for a year.\n"
        "The central bank will meet again in June."
    )
    result = _run(text)
    assert _speaker_of(result, "Wages will lag") == "timur-bekov"
    assert _speaker_of(result, "central bank will meet") is None


def test_an_interviewee_named_in_an_oblique_case_is_recognised() -> None:
    text = (
        "Экономист Марина Осипова считает, что рост замедлится.\n"
        "Политолог Ерлан Сагинов полагает, что выборы пройдут спокойно.\n"
        "Мы задали Марине Осиповой два вопроса.\n— Вырастут ли цены?\n"
        "— Цены вырастут к лету.\n— А зарплаты?\n— Зарплаты будут отставать от цен.\n"
        "Решение о ставке примут в июне."
    )
    result = _ru(text)
    assert _speaker_of(result, "Зарплаты будут отставать") == "marina-osipova"
    assert _speaker_of(result, "Решение о ставке") is None


def test_pronouns_follow_gender_and_role_nouns_follow_the_role() -> None:
    text = (
        "Economist Ruslan Tokenov expects growth to slow. Sociologist Aida Nurova disagrees.\n"
        "That puts her at odds with the economist. He thinks exports will fall next year."
    )
    result = _run(text)
    assert _speaker_of(result, "exports will fall") == "ruslan-tokenov"
    assert _speaker_of(result, "at odds") is None


def test_russian_trailing_role_noun_indirect_belief_and_groups() -> None:
    text = (
        "Экономист центра «Альфа» Нурлан Касенов считает, что спрос упадёт.\n"
        "«Цены будут расти до осени», — подчеркнул экономист.\n"
        "Социолог Дина Ахметова, директор центра «Бета», уверена, что реформа не работает.\n"
        "Большинство независимых экспертов уверены, что тарифы вырастут в следующем году."
    )
    result = _ru(text)
    assert _speaker_of(result, "Цены будут расти") == "nurlan-kasenov"
    assert _speaker_of(result, "реформа не работает") == "dina-akhmetova"
    assert _speaker_of(result, "тарифы вырастут") == "bolshinstvo-nezavisimykh-ekspertov"


def test_an_english_group_with_an_adjective_is_a_claimant() -> None:
    result = _run("Most independent economists believe that the tenge will weaken next year.")
    claim = next(c for c in result.claims if "tenge will weaken" in c.quote)
    assert claim.expert == "most-independent-economists"
    assert (claim.hedge or "").lower() == "believe"


def test_narration_about_an_expert_is_not_their_claim() -> None:
    text = (
        "Analyst Olga Petrenko says the deficit is too large. Petrenko does not share the "
        "optimism of the ministry. She is not convinced.\n"
        "The analyst Olga Petrenko told us that the budget is far too dependent on oil."
    )
    result = _run(text)
    assert _speaker_of(result, "does not share") is None
    assert _speaker_of(result, "not convinced") is None
    claim = next(c for c in result.claims if "far too dependent" in c.quote)
    assert not claim.quote.startswith("us")


def test_a_reporting_verb_in_a_comparison_reports_no_one() -> None:
    result = _run("Analyst Olga Petrenko believes prices will rise faster than the ministry said.")
    assert _speaker_of(result, "prices will rise") == "olga-petrenko"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Most economists", "most-economists"),
        ("Several regional analysts", "several-regional-analysts"),
        ("Nilufar Yusupova", "nilufar-yusupova"),
        ("Aidos Temirkhanov", "aidos-temirkhanov"),
        ("Асель Байжанова", "asel-baizhanova"),
    ],
)
def test_keys_of_groups_and_latin_names_stay_readable(name: str, key: str) -> None:
    assert expert_key(name) == key


def test_a_name_after_an_organisation_s_last_word_is_the_person() -> None:
    text = (
        "Steppe trade outlook\n\n"
        "Grain exports will probably fall next year, economist, head of the Steppe Research Group"
        " Aliya Nurlanova told Steppe News on Monday.\n"
        '"Rail freight to Europe will double by 2030," Nurlanova added.\n'
    )
    found = extract(Article(text=text, language="en"))
    assert [e.name for e in found.experts] == ["Aliya Nurlanova"]
    assert found.experts[0].role == "head of the Steppe Research Group"
    # Neither the outlet told nor her description is part of the first claim.
    assert [c.quote for c in found.claims] == [
        "Grain exports will probably fall next year",
        "Rail freight to Europe will double by 2030",
    ]


def test_a_transcript_s_speaker_label_names_who_speaks_and_the_asking_outlet_no_one() -> None:
    text = (
        "Два года реформ\n\n"
        "Степной Вестник спросил об этом политолога Армана Жумабаева.\n"
        "Степной Вестник: Что изменится в следующем году?\n"
        "Арман Жумабаев: Инфляция, скорее всего, замедлится в следующем году. Реформы"
        " продолжатся.\n"
    )
    found = extract(Article(text=text, language="ru"))
    assert [e.name for e in found.experts] == ["Арман Жумабаев"]
    quotes = [c.quote for c in found.claims]
    assert quotes[0] == "Инфляция, скорее всего, замедлится в следующем году"
    assert not any("Что изменится" in q or "Жумабаев:" in q for q in quotes)


def test_the_dash_led_paragraphs_after_a_name_card_are_that_expert_s_words() -> None:
    text = (
        "Что будет с тенге\n\n"
        "Арман Жумабаев — экономист Степного института\n"
        "— Я думаю, что тенге, скорее всего, ослабнет к концу года.\n"
        "— Инфляция замедлится в следующем году.\n"
        "Национальный банк опубликовал прогноз в понедельник.\n"
    )
    found = extract(Article(text=text, language="ru"))
    assert [e.name for e in found.experts] == ["Арман Жумабаев"]
    assert [(c.expert, c.evidence) for c in found.claims] == [("arman-zhumabaev", "card")] * 2
    assert not any("Национальный банк" in c.quote for c in found.claims)


# Attribution real prose uses and the first rules missed: each passage in its own language.
REAL_PROSE = [
    # a speech verb, a long description, the name closing the quotation's sentence
    ("«Партия власти получит большинство голосов на выборах», — говорит политический технолог "
     "и общественный деятель Константин Калачев.",
     [("Партия власти получит", "konstantin-kalachev")]),
    # the same after the speaker's words without quote marks
    ("The new route will double the transit of goods by 2030, said the head of the department "
     "of regional studies at the Institute of Strategic Studies Ravshan Nazarov.",
     [("new route will double", "ravshan-nazarov")]),
    # "по мнению эксперта" inside the sentence, and the paragraph going on
    ("Политолог Константин Калачев ждет перемен в парламенте. За второе место, по мнению "
     "эксперта, поборются две небольшие партии. Они поделят правую и левую части спектра.",
     [("поборются две небольшие", "konstantin-kalachev"),
      ("поделят правую", "konstantin-kalachev")]),
    # "как отмечает X" inside the sentence
    ("Экономист Андрей Чеботарев изучил поправки. Все это, как отмечает Чеботарев, "
     "направлено на перераспределение власти в пользу парламента.",
     [("направлено на перераспределение", "andrei-chebotarev")]),
    # "Такое мнение высказал X, комментируя …" after the words, and a quotation that names its
    # speaker between two dashes inside it
    ("Реформы в Казахстане\n"
     "Президент давно начал политическую реформу, которая уже серьезно изменила страну. Такое "
     "мнение высказал востоковед, кинодокументалист Леонид Млечин, комментируя заявление.\n"
     '"Правила еще только формируются. Страна будет меняться и дальше, — отметил Леонид Млечин. '
     '— Он откликнулся на ожидания общества."',
     [("давно начал политическую реформу", "leonid-mlechin"),
      ("Страна будет меняться", "leonid-mlechin")]),
    # a description with a quoted name of an outlet in it
    ("Страны ОТГ обсуждают широкий перечень вопросов, отметил в беседе с «Известиями» младший "
     "научный сотрудник ИНИОН РАН Разиль Гузаеров.",
     [("обсуждают широкий перечень", "razil-guzaerov")]),
    # role first, the name and verb set off by commas inside the speaker's words
    ("The role of Turkey, political scientist Dana Omarova noted, is growing in Central Asia.",
     [("role of Turkey", "dana-omarova")]),
    ("Роль Турции, отметил политолог Досым Сатпаев, будет расти в Центральной Азии.",
     [("Роль Турции", "dosym-satpaev")]),
    # a name with Slavic diacritics, introduced by "according to X, role"
    ("According to political analyst Damjan Krnjević, the corridor will keep growing.",
     [("corridor will keep growing", expert_key("Damjan Krnjević"))]),
    # "Об этом сообщил X:" gives X the sentence before, and the dash-led paragraphs after
    ("Контакты России и Азербайджана\n"
     "В 2023 году сохранится высокая интенсивность российско-азербайджанских контактов. Об этом "
     "изданию Vzglyad.az сообщил российский политолог, директор по аналитическим проектам "
     "Агентства политических коммуникаций Михаил Нейжмаков:\n"
     "— Одна из встреч президентов может быть приурочена к годовщине декларации.",
     [("сохранится высокая интенсивность", "mikhail-neizhmakov"),
      ("Одна из встреч", "mikhail-neizhmakov")]),
    # a person the parse names with no role, then a surname with an initial after the quote,
    # "according to the conclusions of the expert" and "as X writes" inside the sentence
    ("At the forum the head of the regional studies programme at Ural University Nikolai "
     "Petrenko (Russia) delivered a speech.\n"
     '"The region will face old problems and new ones," N. Petrenko told.\n'
     "According to the conclusions of the expert, the population will grow by a fifth. "
     "Besides, as N. Petrenko writes, the media market will remain rather isolated.",
     [("region will face old problems", "nikolai-petrenko"),
      ("population will grow", "nikolai-petrenko"),
      ("media market will remain", "nikolai-petrenko")]),
    # a description set off by commas before the name after the quotation
    ('"The region is easier for the company than elsewhere," a co-author of the study, '
     "Marek Wisniewski, told the radio.",
     [("region is easier", "marek-wisniewski")]),
    # role and organisation, the name set off by commas, then dash-led soundbites; a group with
    # a nationality, and the bare noun later meaning the same group
    ("Chairman of the Council on Regional Affairs, Aidos Sarym, shared his forecasts.\n"
     " - This year's dynamics should be positive.\n"
     "According to Kazakh analysts, trade will grow this year. Regional ties will deepen, analysts "
     "believe.\n"
     " - The cooperation will mostly take a bilateral form.",
     [("dynamics should be positive", "aidos-sarym"), ("trade will grow", "kazakh-analysts"),
      ("ties will deepen", "kazakh-analysts"), ("bilateral form", "aidos-sarym")]),
    # "said X, an expert at Y, in an interview with Z", a quotation after "However," and
    # "highlighted that"
    ("ALMATY, May 3. Trade between the states has grown fast, said Serik Omarov, an expert at "
     "the Institute of Policy, in an interview with the agency.\n"
     'He noted that "the ties are strengthening." However, "the national interests still '
     'come first in every capital." The expert also highlighted that the greatest potential '
     "lies in energy and transport.",
     [("Trade between the states", "serik-omarov"), ("national interests still", "serik-omarov"),
      ("greatest potential lies", "serik-omarov")]),
    # a quotation whose opening mark is missing; "the expert said" is the one speaking, not the
    # official mentioned in his words
    ("Political scientist Andrei Petrov reviewed the year.\n"
     "The influence of the security services has grown this year. Under the new head Karim "
     "Abenov, the committee has been restructured. The reshuffles show that the competition "
     'between the agencies is decreasing," the expert said.',
     [("influence of the security services", "andrei-petrov"),
      ("competition between the agencies", "andrei-petrov")]),
    # a group named by its community, "According to them" and "The experts" meaning it
    ("Representatives of the expert community of Georgia agree that the northern routes are "
     "safer than the southern ones.\n"
     "According to them, the ports of the region are of strategic importance for trade. The "
     "experts stressed that any project bypassing the ports would fail.",
     [("northern routes are safer", expert_key("Representatives of the expert community of "
                                               "Georgia")),
      ("ports of the region", expert_key("Representatives of the expert community of Georgia")),
      ("bypassing the ports", expert_key("Representatives of the expert community of Georgia"))]),
    # "another <role>, Name, told <outlet>" after the claim, and "told X, touching upon …"
    ("Economist Aset Nurov thinks the plant will be built by 2035. A consortium is an option "
     "that carries several risks, another Kazakh expert, Rashid Omarov, told the agency in an "
     "interview.",
     [("plant will be built", "aset-nurov"), ("carries several risks", "rashid-omarov")]),
    ("The region will need new power plants soon, political scientist Arman Zhakupov told the "
     "agency, touching upon the summit held in Astana.",
     [("new power plants", "arman-zhakupov")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), REAL_PROSE)
def test_attribution_of_real_prose(text: str, expected: list[tuple[str, str]]) -> None:
    result = extract(Article(text=text))
    for words, speaker in expected:
        assert _speaker_of(result, words) == speaker, words


def test_a_long_description_ends_with_a_person_not_an_organisation() -> None:
    result = _run(
        "The new route will double the transit of goods by 2030, said the press office of the "
        "national railway company Kazakhstan Temir Zholy."
    )
    assert result.claims == ()


def test_the_interviewee_is_the_person_the_introduction_names_with_a_long_description() -> None:
    text = (
        "My interview with an American analyst, writer and columnist with expertise on Russia "
        "Mr Paul Goble\n\n"
        "We talked about Kazakhstan\n\n"
        "What do you think about the recent events in Kazakhstan?\n\n"
        "I think the protests will continue for several more weeks.\n\n"
        "Who will win in the end?\n\n"
        "Tokayev may yet win out over Nazarbayev."
    )
    result = _run(text)
    assert _speaker_of(result, "protests will continue") == "paul-goble"
    assert _speaker_of(result, "Tokayev may yet win") == "paul-goble"


def test_an_announced_interview_with_one_question_has_its_interviewee_answer() -> None:
    text = (
        "The corridor grows\n\n"
        "The agency presents an interview with Damjan Krnjević, professor of practice at ADA "
        "University, former senior adviser to the President and Foreign Minister of Serbia.\n\n"
        "- How do you assess the strategic importance of the Middle Corridor?\n\n"
        "- The Middle Corridor will keep growing in strategic importance for years."
    )
    result = _run(text)
    assert _speaker_of(result, "Middle Corridor will keep growing") == expert_key("Damjan Krnjević")


def test_an_english_answer_goes_on_in_paragraphs_without_a_dash() -> None:
    result = _run(
        "The agency presents an interview with political analyst Damir Sultanov.\n"
        "- How do you assess the corridor?\n"
        "- The corridor continues to grow in importance for three reasons.\n"
        "The northern route is sanctioned, and this is unlikely to change for years.\n"
    )
    assert _speaker_of(result, "unlikely to change") == "damir-sultanov"


def test_a_summary_that_only_announces_the_claims_is_none() -> None:
    result = _run(
        '"The second reason is geopolitical. The northern route will stay closed for years," '
        "political analyst Damir Sultanov said."
    )
    assert [c.quote for c in result.claims] == ["The northern route will stay closed for years"]
