import pytest

from conftest import seed_texts
from digest.ingest.clean import clean
from digest.ingest.meta import extract
from digest.text import dates


@pytest.mark.parametrize(
    "name, lang, title, generated, published, source",
    [
        ("000_5171e5a3172183de.txt", "en", 'INNOPROM\'s main strategy session: "Sustainable production: strategies for updating"',
         False, "2023-07-11", "Formika Event"),
        ("001_e91d40e2839ac9c3.txt", "en", "Mikhail Mishustin holds meeting on implementation of technology policy", False, None, None),
        ("002_fe2789674e39d373.txt", "ru", "Алексей Дюмин провел заседание комиссии Госсовета РФ по промышленности", False,
         "2021-10-27", None),
        ("003_f32622456d1a8adb.txt", "ru", "В Москве обсудили ключевые направления промышленности и технологическое лидерство страны",
         False, "2025-10-07", 'ОЭЗ "Лотос"'),
        ("004_7eb7e0b26dee3f96.txt", "ru",
         "С 27 по 28 мая в областном Конгресс-холле Омской области прошли «Дни промышленности в Омской области»", True, None, None),
    ],
)
def test_seed_metadata(name, lang, title, generated, published, source):
    meta = extract(clean(seed_texts()[name]))
    assert (meta.lang, meta.title, meta.title_generated, meta.published, meta.source) == (lang, title, generated, published, source)


@pytest.mark.parametrize(
    "head, published",
    [
        ("22:29, 27 октября 2021", "2021-10-27"),
        ("5 февраля 2025 года", "2025-02-05"),
        ("March 3, 2025", "2025-03-03"),
        ("2 November 2025", "2025-11-02"),
        ("2025-03-03", "2025-03-03"),
        ("07.10.2025", "2025-10-07"),
        ("14 January '15", "2015-01-14"),  # a year of two digits after an apostrophe
        ("30th December 2014", "2014-12-30"),
        ("17:5912.03.2026", "2026-03-12"),  # a time run into the date by the page's markup
        ("6 Мая 10", "2010-05-06"),  # a year of two digits, on a line that is only a date
        ("05.06.10", "2010-06-05"),  # dotted: day first, as Russian pages write it
        ("12.22.14", "2014-12-22"),  # ... unless the second part cannot be a month
        ("16+ 12 марта 2026", "2026-03-12"),  # an age mark beside the date
        ("March 12, 2026 11:57pm", "2026-03-12"),
        ("Опубликована 16.07.2025 в 10:35", "2025-07-16"),
        ("ПАО «Объединенная авиастроительная корпорация», 3 июня 2022 года", "2022-06-03"),
        ("Перейти к «Новости завода», 3 июня 2022 года", None),  # a quoted title: another article's line
        ("27 октября", None),  # a day and month without a year is not a publication date
        ("31.02.2025", None),  # not a date
    ],
)
def test_dateline_forms(head, published):
    text = f"Завод открыт в Туле\n{head}\nВ Туле открылся новый завод. Он выпускает станки для авиации.\n"
    assert extract(clean(text)).published == published


def test_dates_inside_the_text_are_not_publication_dates():
    text = "Завод открыт в Туле\nПо постановлению № 41 от 28.01.2016 завод открыт 27 октября 2021 года. Он выпускает станки.\n"
    assert extract(clean(text)).published is None


@pytest.mark.parametrize(
    "head, published",
    [
        ("Updated: April 07, 2020 03:49 pm IST", None),  # "modified" is not "published"
        ("Обновлено 12.03.2024 10:00", None),
        ("12.03.2024 (обновлено: 13.03.2024)", "2024-03-12"),  # the first date is the publication
    ],
)
def test_an_update_stamp_is_not_the_publication_date(head, published):
    text = f"Завод открыт в Туле\n{head}\nВ Туле открылся новый завод. Он выпускает станки для авиации.\n"
    assert extract(clean(text)).published == published


def test_a_list_of_dates_above_the_headline_gives_no_dateline():
    # a news lane whose headlines the saved text lost: only the other stories' dates are left
    article = "Завод открыт в Туле\nВ Туле открылся новый завод. Он выпускает станки для авиации.\n"
    lane = "\n".join(["Главная", "06.09.2024", "31.08.2024", "30.08.2024", "29.08.2024", "Яндекс.Метрика"])
    assert extract(clean(f"{lane}\n{article}")).published is None
    assert extract(clean(f"Главная\n29.08.2024\n{article}")).published == "2024-08-29"


def test_a_dateline_above_the_headline_may_carry_a_byline_when_it_says_published():
    article = "Завод открыт в Туле\nВ Туле открылся новый завод. Он выпускает станки для авиации.\n"
    assert extract(clean(f"Юрий Манаков Опубликована 16.07.2025 в 10:35\n{article}")).published == "2025-07-16"
    # without the word, a name and a date above the headline may be anything (a sidebar's line)
    assert extract(clean(f"Юрий Манаков 16.07.2025\n{article}")).published is None


def test_a_date_under_an_updated_label_is_the_update():
    text = "Завод открыт в Туле\nUpdated:\nMar 6, 2018\nOriginal:\nDec 21, 2016\nВ Туле открылся новый завод. Он выпускает станки.\n"
    assert extract(clean(text)).published == "2016-12-21"


def test_an_agency_dateline_at_the_head_of_the_lead_is_read_and_kept():
    lead = "Тула, 28 апреля, 2023, 13:21 — ИА Регнум. В Туле открылся новый завод. Он выпускает станки."
    cleaned = clean(f"Завод открыт в Туле\n{lead}\nЗавод построен за два года. На нём работают 300 человек.\n")
    meta = extract(cleaned)
    assert meta.published == "2023-04-28"
    assert dict(meta.evidence)["published"] == "line 2: dateline at the head of the first paragraph"
    assert any(p.startswith("Тула, 28 апреля, 2023") for p in cleaned.paragraphs)
    # a date inside the lead's sentence is what the article is about, not when it was published
    text = "Завод открыт в Туле\nВ Туле 28 апреля 2023 года — в день металлурга — открылся завод. Он выпускает станки.\n"
    assert extract(clean(text)).published is None


@pytest.mark.parametrize(
    "line, date",
    [
        ("16+ 12 марта 2026", "2026-03-12"),  # an age mark is not a word of text
        ("11:57pm March 12, 2026", "2026-03-12"),
        ("Опубликована 16.07.2025 в 10:35", "2025-07-16"),
        ("Юрий Манаков 16.07.2025", None),  # a name beside it: not a line that is only a date
    ],
)
def test_lines_that_are_nothing_but_a_date(line, date):
    found = dates.dateline_date(line)
    assert (found.isoformat() if found else None) == date


def test_a_photographers_copyright_is_not_the_source_and_a_quote_over_the_lede_is_the_headline():
    # tatar-inform.ru's interviews: the headline is "Name: «quote»", printed again under the lede,
    # and the photo credit carries a © before the photographer's name
    headline = "Олег Коробченко: «Для роста промышленности Татарстану нужен 1 млн человек дополнительно»"
    lede = ("О строительстве завода по производству желтого фосфора в Татарстане, серийном выпуске самолетов "
            "Ту-214, развитии роботизации и путях решения проблемы нехватки кадров в интервью главному редактору "
            "«Татар-информа» рассказал министр промышленности и торговли РТ Олег Коробченко.")
    body = "– Что происходит с индустрией? Есть ли рост по сравнению с прошлым годом? Рост есть, и он заметен."
    meta = extract(clean(f"16+\n{headline}\n{lede}\n{headline}\nФото: © Рамиль Гали /«Татар-информ»\n{body}\n"))
    assert (meta.title, meta.title_generated, meta.source) == (headline, False, None)
    # above a headline, the same line is a pull quote
    pulled = extract(clean(f"{headline}\nЗаводу не хватает кадров\n{lede}\n{headline}\n{body}\n"))
    assert pulled.title == "Заводу не хватает кадров"


@pytest.mark.parametrize(
    "dateline",
    [
        "МОСКВА, 5 декабря. /ТАСС/.",
        "МОСКВА, 5 дек — РИА Новости.",
        "Красноярск. 5 декабря. ИНТЕРФАКС -",
        "Тула, 28 апреля, 2023, 13:21 — ИА Регнум.",
        "Нижний Новгород, 3 марта 2025 — ИА «Время Н».",
    ],
)
def test_an_agency_dateline_is_neither_the_generated_title_nor_the_summary_s_first_words(dateline):
    from digest.enrich.summarize import summarize

    lead = "Правительство выделит 5 млрд рублей на создание промышленных парков в регионах."
    body = "Завод построен за два года. На нём работают 300 человек, а выпуск составит 10 тысяч станков в год."
    cleaned = clean(f"{dateline} {lead}\n{body}\n")
    assert extract(cleaned).title == lead.rstrip(".")
    assert summarize(cleaned.paragraphs, "ru", budget=25)[0] == lead


@pytest.mark.parametrize(
    "text",
    [
        "5 марта правительство выделило 5 млрд рублей на парки.",
        "В Москве 5 марта — в день открытия — прошёл форум.",
        "Москва, 5 марта — Правительство выделит деньги. Завод откроют.",
        "Правительство 5 декабря приняло постановление.",
    ],
)
def test_a_date_that_opens_a_sentence_is_no_agency_dateline(text):
    assert dates.agency_dateline(text) == 0
