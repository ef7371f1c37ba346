import pytest

from digest.figures import key_figures


@pytest.mark.parametrize(
    "text, lang, figures",
    [
        ("Last year, the Fund issued a record volume of loans amounting to 140 billion rubles.", "en",
         [("140 billion rubles", "the Fund issued a record volume of loans amounting to 140 billion rubles")]),
        ("В прошлом году Фонд выдал займов на 140 млрд рублей, а рост составил 4,8%.", "ru",
         [("140 млрд рублей", "В прошлом году Фонд выдал займов на 140 млрд рублей"), ("4,8%", "В прошлом году Фонд выдал займов на 140 млрд рублей, а рост составил 4,8%")]),
        ("На предприятии создано 180 рабочих мест.", "ru", [("180 рабочих мест", "На предприятии создано 180 рабочих мест")]),
        ("Modules are exported to 40 countries worldwide.", "en", [("40 countries", "Modules are exported to 40 countries")]),
        ("Постановление № 41 от 28.01.2016 принято в 2016 году.", "ru", []),
    ],
)
def test_key_figures(text, lang, figures):
    assert [(f.value, f.context) for f in key_figures((text,), lang)] == figures


def test_at_most_six_and_each_once():
    text = " ".join(f"Рост составил {n}%." for n in range(1, 10)) + " Рост составил 1%."
    found = key_figures((text,), "ru")
    assert [f.value for f in found] == ["1%", "2%", "3%", "4%", "5%", "6%"]
