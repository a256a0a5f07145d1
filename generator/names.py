"""The names of things in a page's language: registry entries, a profile's name, position and honorific.

English pages take units, movements and award titles from the registries' `en` blocks and a profile's name and
position from its own `en` block (docs/design/english.md); what has no English stays Vietnamese and says so
(`Said.lang`), so the page marks it `<span lang="vi">` for screen readers and search. Personal names are
never translated. Vietnamese pages get every name as it was.
"""

from __future__ import annotations

from .model import AwardTitle, EnglishName, Movement, Profile, ResolvedAward, Unit, Wording


class Said(str):
    """A text that knows the language it is written in, which may not be the page's (the `said` filter marks
    it). It is the text itself for everything else: compared, joined and escaped as a `str`."""

    lang: str

    def __new__(cls, text: str, lang: str = "vi") -> Said:
        said = super().__new__(cls, text)
        said.lang = lang
        return said

    @property
    def text(self) -> str:
        """The text alone, a plain `str`."""
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Said({str.__repr__(self)}, {self.lang!r})"

    def __reduce__(self) -> tuple:  # kept in the preview's memo and passed to worker processes
        return (Said, (self.text, self.lang))


def _english(en: EnglishName | None, vietnamese: str, lang: str, short: bool = False) -> Said:
    if lang == "vi" or en is None:
        return Said(vietnamese)
    return Said((en.short_name if short else None) or en.name, "en")


def unit_name(unit: Unit, lang: str, short: bool = False) -> Said:
    """A unit's name, or its short name for cards."""
    vietnamese = (unit.short_name or unit.name) if short else unit.name
    return _english(unit.en, vietnamese, lang, short)


def movement_name(movement: Movement, lang: str) -> Said:
    """A movement's name."""
    return _english(movement.en, movement.name, lang)


def movement_description(movement: Movement, lang: str) -> Said:
    """A movement's description, or an empty text."""
    if lang != "vi" and movement.en is not None and movement.en.description:
        return Said(movement.en.description, "en")
    return Said(movement.description or "")


def title_name(title: AwardTitle, lang: str) -> Said:
    """An award title's name under the current law."""
    return _english(title.en, title.name, lang)


def award_wording(award: ResolvedAward, lang: str, short: bool = False) -> Said:
    """An award as its decision words it: on an English page the English of that wording (a 2003-law title's
    own rendering when the decision used it), else of the title; its short English name for cards."""
    if lang == "vi":
        return Said(award.wording)
    if award.wording != award.title.name:
        dated = next((w for w in award.title.aliases if isinstance(w, Wording) and w.name == award.wording), None)
        if dated is not None:
            return _english(dated.en, award.wording, lang, short)
    return _english(award.title.en, award.wording, lang, short)


HONORIFICS_EN = {"Ông": "Mr", "Bà": "Ms", "Anh": "Mr", "Chị": "Ms", "Đồng chí": None}
"""How an honorific reads in English: "Đồng chí" (comrade) has no English form a reader expects."""


def honorific(profile: Profile, lang: str) -> str | None:
    """The honorific before the name: Ông, Bà... or Mr, Ms."""
    value = profile.data.honorific
    return value if lang == "vi" or value is None else HONORIFICS_EN[value]


def profile_name(profile: Profile, lang: str) -> Said:
    """The name as written, without prefix: a collective's English name on English pages when it has one."""
    en = profile.data.en
    if lang != "vi" and en is not None and en.name:
        return Said(en.name, "en")
    return Said(profile.name)


def display_name(profile: Profile, lang: str) -> Said:
    """The name with its academic prefix (kept in English: part of the name as published)."""
    name = profile_name(profile, lang)
    prefix = profile.data.prefix
    return Said(f"{prefix} {name.text}", name.lang) if prefix else name


def position(profile: Profile, lang: str) -> Said:
    """The position, or an empty text."""
    en = profile.data.en
    if lang != "vi" and en is not None and en.position:
        return Said(en.position, "en")
    return Said(profile.data.position or "")
