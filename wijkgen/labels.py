"""The words the site itself writes (headings, labels, empty states), in plain Dutch (B1)
and English. Templates read them as `t.<key>`; messages about content live in messages.py.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace

from babel.dates import format_date

LABELS: dict[str, tuple[str, str]] = {
    "skip_to_content": ("Naar de inhoud", "Skip to content"),
    "home": ("Home", "Home"),
    "wijken": ("Wijken", "Neighbourhoods"),
    "choose_wijk": ("Kies je wijk", "Choose your neighbourhood"),
    "coming_up": ("Binnenkort in de hele stad", "Coming up in the whole city"),
    "agenda": ("Agenda", "What's on"),
    "agenda_of": ("Activiteiten in {name}", "Activities in {name}"),
    "organisations": ("Organisaties", "Organisations"),
    "organisations_in": ("Organisaties in {name}", "Organisations in {name}"),
    "where_to_go": ("Waar kan ik terecht?", "Where can I go?"),
    "where_to_go_intro": (
        "Heb je een vraag over je kind of over opvoeden? Zoek je vraag en zie wie je helpt.",
        "Do you have a question about your child or about parenting? Find your question and see who can help.",
    ),
    "ask_here": ("Hier kun je terecht met vragen als:", "You can come here with questions like:"),
    "nothing_planned": (
        "Er staan nu geen activiteiten in de agenda.",
        "There are no activities in the calendar right now.",
    ),
    "cancelled": ("Gaat niet door", "Cancelled"),
    "cancelled_prefix": ("Afgelast", "Cancelled"),
    "moved": ("Gewijzigd", "Changed"),
    "all_day": ("hele dag", "all day"),
    "time_suffix": ("uur", ""),
    "when": ("Wanneer", "When"),
    "where": ("Waar", "Where"),
    "cost": ("Kosten", "Cost"),
    "for_whom": ("Voor wie", "For whom"),
    "topics": ("Onderwerpen", "Topics"),
    "organised_by": ("Georganiseerd door", "Organised by"),
    "registration": ("Aanmelden", "Registration"),
    "upcoming_dates": ("Komende datums", "Upcoming dates"),
    "no_upcoming_dates": ("Er zijn geen komende datums.", "There are no upcoming dates."),
    "more_dates": ("en nog {count} datums", "and {count} more dates"),
    "citywide": ("Hele stad", "Whole city"),
    "activities": ("Activiteiten", "Activities"),
    "activities_here": ("Activiteiten op deze plek", "Activities at this place"),
    "no_activities": ("Er zijn nu geen activiteiten.", "There are no activities now."),
    "phone": ("Bellen", "Call"),
    "email": ("Mailen", "E-mail"),
    "website": ("Website", "Website"),
    "address": ("Adres", "Address"),
    "hours": ("Open", "Opening hours"),
    "accessibility": ("Toegankelijkheid", "Accessibility"),
    "map": ("Bekijk op de kaart (OpenStreetMap)", "View on the map (OpenStreetMap)"),
    "serves": ("Voor", "Serves"),
    "subscribe": ("Zet in je agenda", "Add to your calendar"),
    "subscribe_wijk": (
        "Zet alle activiteiten van {name} in de agenda van je telefoon. Nieuwe activiteiten komen er vanzelf bij.",
        "Put all activities in {name} in your phone's calendar. New activities are added automatically.",
    ),
    "subscribe_all": (
        "Zet alle activiteiten in de agenda van je telefoon. Nieuwe activiteiten komen er vanzelf bij.",
        "Put all activities in your phone's calendar. New activities are added automatically.",
    ),
    "add_one": ("Zet deze activiteit in je agenda", "Add this activity to your calendar"),
    "download_ics": ("Agenda-bestand (.ics)", "Calendar file (.ics)"),
    "feed_link": ("Agenda-link", "Calendar link"),
    "feed_name_all": ("{title}", "{title}"),
    "feed_name_wijk": ("Activiteiten in {name}", "Activities in {name}"),
    "page_not_found": ("Deze pagina bestaat niet (meer)", "This page does not exist (any more)"),
    "footer": (
        "Deze agenda wordt bijgehouden door vrijwilligers en organisaties uit de wijk.",
        "This calendar is kept by volunteers and organisations from the neighbourhood.",
    ),
    "note": ("Let op", "Note"),
    "this_week": ("Deze week", "This week"),
    "free_text_location": ("Plek", "Place"),
    "see_also": ("Meer informatie", "More information"),
    "in_wijk": ("In de wijk", "In the neighbourhood"),
    "from_partner": ("Overgenomen uit de agenda van {name}.", "Taken from the calendar of {name}."),
    # pages for parents: questions, filters, periods, month overview, 404 (issue 5)
    "where_to_go_citywide": (
        "Waar kan ik terecht? In de hele stad",
        "Where can I go? In the whole city",
    ),
    "where_to_go_in": ("Waar kan ik terecht in {name}?", "Where can I go in {name}?"),
    "where_to_go_link": (
        "Bekijk alle vragen en wie je helpt",
        "See all questions and who can help",
    ),
    "search_question": ("Zoek je vraag", "Find your question"),
    "search_hint": (
        "Typ een woord, bijvoorbeeld: slapen, geld, taal",
        "Type a word, for example: sleep, money, language",
    ),
    "questions_found": ("Aantal vragen: {count}", "Number of questions: {count}"),
    "no_questions_found": (
        "Geen vraag gevonden. Probeer een ander woord, of bel een organisatie hieronder.",
        "No question found. Try another word, or call one of the organisations below.",
    ),
    "no_questions": ("Er zijn nog geen vragen ingevuld.", "No questions have been added yet."),
    "other_questions": ("Andere vragen", "Other questions"),
    "who_helps": ("Hier kun je terecht", "Who can help"),
    "their_activities": ("Activiteiten van {name}", "Activities by {name}"),
    "filter_heading": ("Kies wat bij je past", "Choose what suits you"),
    "filter_age": ("Leeftijd", "Age"),
    "filter_topic": ("Onderwerp", "Topic"),
    "filter_all": ("Alles", "All"),
    "filter_shown": ("Aantal activiteiten: {count}", "Number of activities: {count}"),
    "filter_none": (
        "Er zijn geen activiteiten die hierbij passen. Kies iets anders.",
        "No activities match this choice. Choose something else.",
    ),
    "agenda_age": ("{name}: activiteiten voor {age}", "{name}: activities for {age}"),
    "agenda_topic": ("{name}: activiteiten over {topic}", "{name}: activities about {topic}"),
    "back_to_wijk": ("Terug naar {name}", "Back to {name}"),
    "this_month": ("Deze maand", "This month"),
    "month_overview": ("Maandoverzicht om te printen", "Monthly overview to print"),
    "month_title": ("{name}: activiteiten in {month}", "{name}: activities in {month}"),
    "print_this": ("Print deze pagina", "Print this page"),
    "print_help": (
        "Print deze pagina op A4 en hang hem op, bijvoorbeeld op school of bij het consultatiebureau.",
        "Print this page on A4 and put it up, for example at school or at the baby clinic.",
    ),
    "scan_wijk": ("Scan voor de agenda van {name}", "Scan for the calendar of {name}"),
    "scan_feed": (
        "Scan om de agenda in je telefoon te zetten",
        "Scan to put the calendar in your phone",
    ),
    "qr_code": ("QR-code naar {url}", "QR code to {url}"),
    "not_found_help": (
        "Misschien is de activiteit voorbij of is het adres veranderd. Kies je wijk of ga naar de startpagina.",
        "Maybe the activity is over or the address has changed. Choose your neighbourhood or go to the start page.",
    ),
    "to_home": ("Naar de startpagina", "Go to the start page"),
    "menu": ("Menu", "Menu"),
    "whole_city": ("Hele stad", "Whole city"),
}


def labels(language: str) -> SimpleNamespace:
    index = 1 if language == "en" else 0
    return SimpleNamespace(**{key: pair[index] for key, pair in LABELS.items()})


def label(key: str, language: str, **params) -> str:
    nl, en = LABELS[key]
    return (en if language == "en" else nl).format(**params)


_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@lru_cache(maxsize=2048)
def long_date(day: date, language: str) -> str:
    """`woensdag 7 oktober`, with the year only where it is not obvious is left to callers."""
    return format_date(day, "EEEE d MMMM", locale=_LOCALES.get(language, "nl_NL"))


@lru_cache(maxsize=2048)
def long_date_year(day: date, language: str) -> str:
    return format_date(day, "EEEE d MMMM y", locale=_LOCALES.get(language, "nl_NL"))


@lru_cache(maxsize=256)
def month_name(day: date, language: str) -> str:
    """`december 2026`."""
    return format_date(day, "LLLL y", locale=_LOCALES.get(language, "nl_NL"))


def clock(moment: datetime, language: str) -> str:
    """`9.30` in Dutch (the government writing guide), `9:30` in English."""
    separator = ":" if language == "en" else "."
    return f"{moment.hour}{separator}{moment.minute:02d}"


def time_range(start: datetime, end: datetime, language: str) -> str:
    suffix = " uur" if language != "en" else ""
    if start.date() != end.date():
        return f"{clock(start, language)}{suffix} – {long_date(end.date(), language)} {clock(end, language)}{suffix}"
    return f"{clock(start, language)} – {clock(end, language)}{suffix}"
