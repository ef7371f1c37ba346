import pytest

from conftest import seed_texts
from digest.ingest.clean import clean
from digest.ingest.meta import extract


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
