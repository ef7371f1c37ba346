import pytest

from conftest import seed_texts
from digest.ingest.clean import ALONE, clean

# Lines of the five seeds that are site chrome or head matter, by their start, with the rule.
EXPECTED_REMOVED = {
    "000_5171e5a3172183de.txt": {
        "INNOPROM's main strategy session": "title",
        "July 11, 2023": "dateline",
        "Other news": "end marker",
        "At use of materials": "copyright or reprint terms",
        "© LLC": "copyright or reprint terms",
        "Made in": "site credits",
    },
    "001_e91d40e2839ac9c3.txt": {
        "Mikhail Mishustin: “To boost": "pull quote repeated in the text",
        "Mikhail Mishustin holds meeting": "title",
    },
    "002_fe2789674e39d373.txt": {
        "Алексей Дюмин провел заседание": "title",
        "22:29, 27 октября 2021 154": "dateline",
        **{line: "timestamp (an update time, or another article's)" for line in (
            "13:43, 30 июня 2025 24", "10:45, 29 июня 2025 48", "14:46, 2 июля 2025 224", "19:10, 2 июля 2025 18")},
    },
    "003_f32622456d1a8adb.txt": {
        'Новости ОЭЗ "Лотос"': "outlet header",
        "07.10.2025": "dateline",
        "В Москве обсудили ключевые": "title",
        "Фото с сайта: Вечерняя Москва": "photo credit",
        "Возврат к списку": "end marker",
        "Продолжая использовать наш сайт": "cookie or consent notice",
        "Согласен": "consent button",
    },
    "004_7eb7e0b26dee3f96.txt": {},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_REMOVED))
def test_seed_chrome_is_removed_and_every_article_line_kept(name):
    text = seed_texts()[name]
    cleaned = clean(text)
    removed = {v.text: v.rule for v in cleaned.verdicts if not v.kept}
    for start, rule in EXPECTED_REMOVED[name].items():
        matches = [line for line in removed if line.startswith(start)]
        assert matches, f"{name}: {start!r} should be removed"
        assert removed[matches[0]] == rule
    body = "\n".join(cleaned.paragraphs)
    chrome_or_head = [line for line in removed if not any(line.startswith(s) for s in EXPECTED_REMOVED[name])]
    if name == "002_fe2789674e39d373.txt":  # the rest of the list of other articles' timestamps
        chrome_or_head = [line for line in chrome_or_head if removed[line] != "timestamp (an update time, or another article's)"]
    assert chrome_or_head == [], f"{name}: removed more than expected"
    for verdict in cleaned.verdicts:
        if verdict.kept:
            assert verdict.text in body


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Читайте также", "end marker"),
        ("Read also:", "end marker"),
        ("Related news", "end marker"),
        ("Поделиться", "share buttons"),
        ("VK Telegram Одноклассники", "share buttons"),
        ("Просмотров: 1520", "view or comment counter"),
        ("We use cookies to improve your experience. By continuing you agree.", "cookie or consent notice"),
        ("Accept all", "consent button"),
        ("© 2025 Министерство промышленности и торговли Российской Федерации", "copyright or reprint terms"),
        ("Все права защищены.", "copyright or reprint terms"),
        ("При использовании материалов ссылка на источник обязательна", "copyright or reprint terms"),
        ("Photo: Reuters", "photo credit"),
        ("Фото: пресс-служба Минпромторга", "photo credit"),
        ("Разработка сайта — Студия 1", "site credits"),
        ("Источник: metal-expo.ru", "photo credit"),
        ("Источник и фото - ria.ru", "photo credit"),
        ("Фото: «БрянскToday».", "photo credit"),
        ("Еще по теме:", "end marker"),
        ("You may also like these articles", "end marker"),
        ("Нет комментариев", "comments"),
        ("Your email address will not be published. Required fields are marked *", "comments"),
        ("Читать на сайте RG.RU", "navigation link"),
        ("Нашли опечатку в тексте?", "typo prompt"),
        ("Есть новость? Присылайте »", "call for news tips"),
        ("Следите за развитием событий в нашем Телеграм-канале", "subscribe call"),
        ("Свидетельство о регистрации СМИ ЭЛ № ФС 77-50076", "copyright or reprint terms"),
        ("# КРЭТ", "tags"),
        ("FILED UNDER:", "tags"),
        ("howard.blume@latimes.com", "contact details"),
        ("news_right_column_240_400", "ad slot name"),
        ("Место для размещения информации от партнеров", "advertising"),
        ("Для просмотра видео включите JavaScript в вашем браузере.", "browser notice"),
        ("Для просмотра видео включите JavaScript в вашем браузере. Проверить совместимость вашего браузера "
         "можно по этой ссылке.", "browser notice"),
        ("You’re reading a free article with opinions that may differ from The Motley Fool’s Premium Investing "
         "Services. Become a Motley Fool member today to get instant access to our top analyst recommendations, "
         "in-depth research, investing resources, and more. Learn More", "subscribe call"),
        ("Become a part of news that matters — check out our new introductory offers!", "subscribe call"),
        ("Be the first to know as we launch in new countries and markets around the globe.", "subscribe call"),
        ("Станьте подписчиком и получите доступ ко всем материалам", "subscribe call"),
        ("14:46", "time stamp"),
        ("Калининград, 03 июн, 15:30", "time stamp"),
        ("Иллюстрации: Юрий Реука", "photo credit"),
        ("О проекте", "interface text"),
        ("|", "punctuation only"),
        ("Share this story", "interface text"),
        ("Автор:", "byline"),
        ("Другие новости читайте тут.", "end marker"),
        ("Все новости за сегодня (1)", "end marker"),
        ("1 Подписывайтесь на Газету.Ru в MAX Все ключевые события — в нашем канале. Подписывайтесь!",
         "subscribe call"),
        ("Редакция сайта ТАСС", "press service or newsroom credit"),
    ],
)
def test_generic_chrome_lines(line, rule):
    text = f"Заголовок новости о заводе\n\n{'Первый абзац статьи о заводе и его продукции. Второе предложение. ' * 3}\n\n{line}\n"
    verdicts = {v.text: v for v in clean(text).verdicts}
    assert verdicts[line].rule == rule and not verdicts[line].kept


@pytest.mark.parametrize(
    "line",
    [
        "Источник в правительстве сообщил, что завод получит заказ на поставку вагонов в марте.",
        "Самые популярные каналы в Telegram выросли за год на треть, следует из отчёта Mediascope.",
        "Read on to see which plants the ministry will fund next year and how much they will get.",
        "Главное: завод начнёт выпуск в марте.",
        "# Заголовок с решёткой, который остаётся текстом абзаца, потому что это текст статьи.",
        "- Прямая речь с дефисом в начале: так пишут цитаты на многих сайтах регионов.",
        "1. Первый пункт, который редакция написала как нумерованный список в тексте статьи.",
        "> Строка, которая начинается с угловой скобки, но остаётся обычным текстом статьи.",
    ],
)
def test_article_lines_that_open_like_chrome_or_markdown_stay(line):
    text = f"Заголовок\n{'Первый абзац статьи о заводе и его продукции. Второе предложение. ' * 3}\n{line}\n"
    assert line in clean(text).paragraphs


def test_the_window_title_saved_with_the_page_is_not_the_headline():
    text = (
        "Top.Mail.Ru\nВ Петербурге появится новый судостроительный комплекс - Агентство Бизнес Новостей\n"
        "сб, 24 января 2026 |\n\nВ Петербурге появится новый судостроительный комплекс\n\n"
        + "В Петербурге появится новый комплекс по производству морской техники. Второе предложение. " * 3
    )
    rules = {v.text: v.rule for v in clean(text).verdicts}
    assert rules["В Петербурге появится новый судостроительный комплекс"] == "title"
    assert rules["В Петербурге появится новый судостроительный комплекс - Агентство Бизнес Новостей"] == (
        "page title with the site's name"
    )


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    text = "Заголовок новости\nПервая строка абзаца, который сайт\nразбил на две строки. Второе предложение абзаца.\n"
    assert clean(text).paragraphs == ("Первая строка абзаца, который сайт разбил на две строки. Второе предложение абзаца.",)


def test_repeated_headline_is_dropped():
    text = "Завод открыт в Туле\nЗавод открыт в Туле\nВ Туле открылся новый завод. Он выпускает станки.\n"
    cleaned = clean(text)
    assert cleaned.paragraphs == ("В Туле открылся новый завод. Он выпускает станки.",)
    assert [v.rule for v in cleaned.verdicts][:2] == ["title", "headline repeated"]


def test_share_buttons_between_the_headline_and_the_text_do_not_hide_the_headline():
    # a whole page saved as text (reuters.com, 2014): menus, then the headline, byline, dateline,
    # a row of share buttons, a gallery caption and a lane of related stories, then the article
    menu = "\n".join(f"Section {name}" for name in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    head = ("Indonesia expands search for missing AirAsia jet, U.S. sends warship\nBy Fergus Jensen\n"
            "JAKARTA Tue Dec 30, 2014 9:21am IST\n" + "\n".join(["Tweet", "Share this", "Email", "Print"] * 3))
    lane = "\n".join(f"Year in review: the best of {topic}" for topic in
                     ("markets", "sports", "cinema", "photos", "travel", "books", "music", "science",
                      "cars", "food", "art", "fashion", "design", "tennis", "golf", "chess"))
    body = ("JAKARTA (Reuters) - Countries around Asia on Tuesday stepped up the search for the missing AirAsia "
            "jet, and the United States sent a warship to help. " * 3 + "\n"
            "The head of Indonesia's search and rescue agency said the plane was probably at the bottom of the sea. " * 2)
    titles = [v.text for v in clean(f"{menu}\n{head}\n{lane}\n{body}\n").verdicts if v.rule == "title"]
    assert titles == ["Indonesia expands search for missing AirAsia jet, U.S. sends warship"]


def test_an_author_line_by_the_headline_goes_and_a_name_heading_a_part_of_the_text_stays():
    # r6c-sovainfo-1 and newspaper-046 of the real corpus, shortened: a byline under the headline
    # (sometimes with a slash or the author's role), and an economist's name heading his forecast
    lede = "Такую оценку дали эксперты Минэкономразвития по итогам года, сообщает пресс-служба. " * 2
    text = f"Особая экономическая зона «Тольятти» подвела итоги года\nТатьяна Петунина /\n{lede}\nВторой абзац статьи о резидентах зоны и их заводах.\n"
    rules = {v.text: v.rule for v in clean(text).verdicts}
    assert rules["Татьяна Петунина /"] == "author's name, outside the article's text"
    forecasts = (
        "Eric Lascelles\nChief economist, RBC Global Asset Management – Toronto\n"
        + "Collapsing oil prices are poised to reverberate across 2015, and the central banks will follow. " * 3
        + "\nCarl Weinberg\nChief economist, High Frequency Economics – Valhalla, N.Y.\n"
        + "My biggest worry for 2015 is of a default by Russia on its foreign debt, which would hurt the banks. " * 3
    )
    menu = "\n".join(f"Section {letter}" for letter in "ABCDEFGHIJKLMNOPQRST")
    text = f"Oil prices and interest rates: What to watch in 2015\nDavid Parkinson\n{menu}\n{forecasts}\nMore Related to this Story\n"
    cleaned = clean(text)
    rules = {v.text: v.rule for v in cleaned.verdicts}
    assert rules["David Parkinson"] == "author's name, outside the article's text"
    assert "Carl Weinberg" in cleaned.paragraphs  # inside the article's text


def test_a_single_word_outside_the_text_is_a_section_name_and_a_press_service_credit_goes():
    # r6g-vchelyabinske-1 and r5-1saratov-1 of the real corpus, shortened
    text = (
        "Мишустин: российский двигатель ПД-14 станет достойной заменой иностранным\nЭкономика\n"
        + "Мишустин заявил, что необходимо поддержать рыночные позиции российских двигателей. " * 2
        + "\nВообще идея о стимулировании продвижения отечественных авиадвигателей не нова, пишет издание.\n"
        "Пресс-служба Губернатора области\nТоп\n1000inf.ru\n"
    )
    rules = {v.text: v.rule for v in clean(text).verdicts}
    assert rules["Экономика"] == rules["Топ"] == rules["1000inf.ru"] == ALONE
    assert rules["Пресс-служба Губернатора области"] == "press service or newsroom credit"


def test_a_headline_printed_twice_is_the_headline_though_it_ends_with_a_full_stop():
    # r5-snip-1 of the real corpus: the page's heading, then the article's, each with a full stop
    text = (
        "О проекте.\nВ автограде появится промышленный парк.\nВ автограде появится промышленный парк.\n"
        "В промпарке «Развитие» начались подготовительные работы. Сейчас территорию изучают геологи.\n"
        "Крайний срок начала возведения промпарка - 1 апреля, строительство займет три года.\n"
    )
    cleaned = clean(text)
    assert [v.rule for v in cleaned.verdicts][1:3] == ["title", "headline repeated"]
    assert cleaned.paragraphs[0].startswith("В промпарке")


def test_a_headline_named_in_the_page_header_and_printed_again_over_the_article_is_the_headline():
    # trafilatura-110 of the real corpus, shortened: the page opens on its headline, a long menu
    # follows, then the article's own heading, its date, a photo caption and the text
    menu = "\n".join(f"Section {name}" for name in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    body = ("Grenada's Prime Minister, Dr Keith Mitchell, has voiced his support for the annual forum on "
            "financial access, which the regional leaders attended on Wednesday in Barbados. " * 3 + "\n"
            "The forum, proposed by US Congresswoman Maxine Waters, was one of the action items on the agenda. " * 2)
    text = (f"PM attends financial access roundtable in Barbados\n{menu}\n"
            "PM attends financial access roundtable in Barbados\n21 April 2022\n2 min. read\n"
            "Prime Minister, Dr the Rt. Hon. Keith Mitchell greets US Congresswoman Maxine Waters\nShare\n" + body + "\n")
    titles = [v.text for v in clean(text).verdicts if v.rule == "title"]
    assert titles == ["PM attends financial access roundtable in Barbados"]


def test_a_tag_in_lower_case_under_the_headline_does_not_make_it_a_wrapped_line():
    # r6c-fedpress-1 of the real corpus, shortened: the headline, a tag, a photo caption, the text
    lede = ("МОСКВА, 2 июня, ФедералПресс. Правительство России выделит дополнительное финансирование "
            "индустриальным паркам и технопаркам ряда регионов, сообщает пресс-служба кабмина. ") * 2
    text = ("Top.Mail.Ru\nЭкономика\nМосква\n0\n"
            "Индустриальные парки ряда регионов получат дополнительное финансирование в 2025 году\n"
            "технопарк\nТехнопарки регулярно представляют свои достижения на промышленных выставках в России\n"
            f"{lede}\nЗа счет этих денег будут компенсированы затраты на строительство инфраструктуры.\n")
    titles = [v.text for v in clean(text).verdicts if v.rule == "title"]
    assert titles == ["Индустриальные парки ряда регионов получат дополнительное финансирование в 2025 году"]


def test_share_buttons_and_counters_between_headline_and_dateline_do_not_push_the_dateline_away():
    # newspaper-047 of the real corpus, shortened: the headline, a row of share buttons, counters
    # and save-to links (15 lines), the author, then the dateline and the article
    widgets = "\n".join(["Share Tweet HN", "269", "Shares", "0", "Comments", "Save to ▾", "Buffer", "Pocket",
                         "Pro", "Evernote", "Pro", "PDF", "Pro"])
    body = ("After rumors started spreading earlier today that BlackBerry was in talks to be acquired by "
            "Samsung, the company has issued a statement denying them. " * 3 + "\n"
            "BlackBerry then goes on to say its policy is not to comment on rumors of this kind. " * 2)
    text = f"BlackBerry denies Samsung buyout rumors\n{widgets}\nNapier Lopez\n14 January '15, 11:57pm\nFollow\n{body}\n"
    rules = {v.text: v.rule for v in clean(text).verdicts}
    assert rules["14 January '15, 11:57pm"] == "dateline"
