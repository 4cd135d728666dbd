"""The words the site itself writes (headings, labels, empty states), in plain Dutch (B1)
and English. Templates read them as `t.<key>`; messages about content live in messages.py.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace

from babel.dates import format_date
from babel.numbers import format_decimal

LABELS: dict[str, tuple[str, str]] = {
    "skip_to_content": ("Naar de inhoud", "Skip to content"),
    "home": ("Home", "Home"),
    "wijken": ("Wijken", "Neighbourhoods"),
    "choose_wijk": ("Kies je wijk", "Choose your neighbourhood"),
    "coming_up": ("Binnenkort in de hele stad", "Coming up in the whole city"),
    "more_that_day": (
        "Nog {count} activiteiten op deze dag: kies je wijk",
        "{count} more activities on this day: choose your neighbourhood",
    ),
    "more_that_day_one": (
        "Nog 1 activiteit op deze dag: kies je wijk",
        "1 more activity on this day: choose your neighbourhood",
    ),
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
    "more_dates_one": ("en nog 1 datum", "and 1 more date"),
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
    "feed_name_organisation": ("Activiteiten van {name}", "Activities by {name}"),
    "feed_name_venue": ("Activiteiten bij {name}", "Activities at {name}"),
    "feed_name_topic": ("Activiteiten: {name}", "Activities: {name}"),
    "feed_name_age": ("Activiteiten voor {group}", "Activities for {group}"),
    "feed_name_wijk_age": ("Activiteiten voor {group} in {name}", "Activities for {group} in {name}"),
    # for an age group whose plural we do not know: the site's own label after a colon
    "feed_name_age_label": ("Activiteiten: {label}", "Activities: {label}"),
    "feed_name_wijk_age_label": ("Activiteiten in {name}: {label}", "Activities in {name}: {label}"),
    # subscribing: the block on every page with a feed, and the help page abonneren/
    "button_apple": ("iPhone, iPad, Mac, Outlook", "iPhone, iPad, Mac, Outlook"),
    "button_google": ("Google Agenda (Android)", "Google Calendar (Android)"),
    "button_outlook_com": ("Outlook.com", "Outlook.com"),
    "copy_link": ("Of kopieer deze link naar je agenda-app:", "Or copy this link into your calendar app:"),
    "qr_label": (
        "QR-code: scan met de camera van je telefoon om {name} in je agenda te zetten",
        "QR code: scan it with your phone's camera to add {name} to your calendar",
    ),
    "qr_hint": ("Op de computer? Scan de code met je telefoon.", "On a computer? Scan the code with your phone."),
    "only_for_age": ("Alleen voor één leeftijd:", "Only for one age group:"),
    "more_feeds_link": (
        "Uitleg, en agenda's per leeftijd, onderwerp, organisatie of plek",
        "Help, and calendars by age, topic, organisation or place",
    ),
    "subscribe_feed": (
        "Zet '{name}' in de agenda van je telefoon. Nieuwe activiteiten komen er vanzelf bij.",
        "Put '{name}' in your phone's calendar. New activities are added automatically.",
    ),
    "subscribe_organisation": (
        "Zet alle activiteiten van {name} in je agenda. Nieuwe activiteiten komen er vanzelf bij.",
        "Put all activities by {name} in your calendar. New activities are added automatically.",
    ),
    "subscribe_venue": (
        "Zet alle activiteiten bij {name} in je agenda. Nieuwe activiteiten komen er vanzelf bij.",
        "Put all activities at {name} in your calendar. New activities are added automatically.",
    ),
    "subscribe_help_title": ("Activiteiten in je eigen agenda", "Activities in your own calendar"),
    "subscribe_help_intro": (
        "Met een agenda-abonnement staan de activiteiten in de agenda van je telefoon of computer. "
        "Komt er iets bij, verandert een tijd of gaat iets niet door? Dan past je agenda zich "
        "vanzelf aan. Het is gratis en je hoeft niets te installeren.",
        "With a calendar subscription the activities appear in the calendar on your phone or "
        "computer. When something is added, a time changes or something is cancelled, your "
        "calendar follows by itself. It is free and you do not need to install anything.",
    ),
    "help_choose_title": ("Kies je agenda", "Choose your calendar"),
    "help_choose": (
        "Kies hieronder welke activiteiten je wilt: de hele stad, je wijk, of alleen wat past "
        "bij de leeftijd van je kind. Op de pagina van je wijk staan dezelfde knoppen.",
        "Choose below which activities you want: the whole city, your neighbourhood, or only "
        "what suits your child's age. Your neighbourhood's page has the same buttons.",
    ),
    "help_iphone_title": ("iPhone en iPad", "iPhone and iPad"),
    "help_iphone": (
        "Tik op de knop \u201ciPhone, iPad, Mac, Outlook\u201d en daarna op \u201cAbonneer\u201d. "
        "De activiteiten staan dan in de app Agenda. Gebeurt er niets? Kopieer de agenda-link, "
        "ga naar Instellingen, Agenda, Accounts, Voeg account toe, Anders, Voeg agenda-abonnement "
        "toe, en plak de link.",
        "Tap the \u201ciPhone, iPad, Mac, Outlook\u201d button, then \u201cSubscribe\u201d. "
        "The activities then appear in the Calendar app. Nothing happens? Copy the calendar "
        "link, go to Settings, Calendar, Accounts, Add Account, Other, Add Subscribed Calendar, "
        "and paste the link.",
    ),
    "help_android_title": ("Android (Google Agenda)", "Android (Google Calendar)"),
    "help_android": (
        "Tik op de knop \u201cGoogle Agenda\u201d, log in met je Google-account en kies "
        "\u201cToevoegen\u201d. Lukt dat niet op je telefoon? Doe het dan één keer op een "
        "computer: ga naar calendar.google.com, klik bij \u201cAndere agenda's\u201d op +, kies "
        "\u201cVia URL\u201d en plak de agenda-link. Je telefoon neemt de agenda daarna vanzelf "
        "over. Zie je niets? Zet de nieuwe agenda aan in het menu van de app Google Agenda.",
        "Tap the \u201cGoogle Calendar\u201d button, sign in with your Google account and "
        "choose \u201cAdd\u201d. Does that not work on your phone? Do it once on a computer: "
        "go to calendar.google.com, click + next to \u201cOther calendars\u201d, choose "
        "\u201cFrom URL\u201d and paste the calendar link. Your phone then picks the calendar "
        "up by itself. Nothing shows? Switch the new calendar on in the Google Calendar menu.",
    ),
    "help_outlook_title": ("Outlook", "Outlook"),
    "help_outlook": (
        "Outlook op een Windows-computer of Mac: klik op \u201ciPhone, iPad, Mac, Outlook\u201d. "
        "Outlook.com of Outlook in de browser (ook met een werk- of schoolaccount): klik op "
        "\u201cOutlook.com\u201d en kies \u201cImporteren\u201d. De Outlook-app op je "
        "telefoon laat de agenda daarna vanzelf zien.",
        "Outlook on a Windows computer or Mac: click \u201ciPhone, iPad, Mac, Outlook\u201d. "
        "Outlook.com or Outlook in the browser (also with a work or school account): click "
        "\u201cOutlook.com\u201d and choose \u201cImport\u201d. The Outlook app on your "
        "phone then shows the calendar by itself.",
    ),
    "help_refresh_title": ("Hoe snel zie ik een wijziging?", "How soon do I see a change?"),
    "help_refresh": (
        "Je agenda-app haalt de activiteiten zelf bij ons op. Een iPhone en Outlook doen dat "
        "meestal een paar keer per dag. Google Agenda doet dat maar een paar keer per dag, en "
        "soms duurt het een dag voordat je een wijziging ziet. Dat kunnen wij niet sneller "
        "maken. Twijfel je of iets doorgaat? Kijk dan op deze website: die is altijd het "
        "nieuwst.",
        "Your calendar app fetches the activities from us by itself. An iPhone and Outlook "
        "usually do so a few times a day. Google Calendar refreshes only a few times a day, and "
        "a change can take up to a day to show. We cannot make that faster. Not sure whether "
        "something is still on? Check this website: it is always the most up to date.",
    ),
    "help_stop_title": ("Stoppen", "Stopping"),
    "help_stop": (
        "Wil je de activiteiten niet meer zien? Verwijder het abonnement in de instellingen van "
        "je agenda-app. De activiteiten verdwijnen dan ook uit je agenda.",
        "No longer want to see the activities? Remove the subscription in your calendar app's "
        "settings. The activities then disappear from your calendar too.",
    ),
    "help_one_activity": (
        "Wil je maar één activiteit in je agenda? Op de pagina van elke activiteit staat de "
        "knop \u201cZet deze activiteit in je agenda\u201d.",
        "Want just one activity in your calendar? Every activity's page has the button "
        "\u201cAdd this activity to your calendar\u201d.",
    ),
    "feeds_wijken": ("De hele stad en de wijken", "The whole city and the neighbourhoods"),
    "feeds_ages": ("Per leeftijd", "By age"),
    "feeds_topics": ("Per onderwerp", "By topic"),
    "feeds_organisations": ("Per organisatie", "By organisation"),
    "feeds_venues": ("Per plek", "By place"),
    "atom_link": (
        "Nieuwe activiteiten volgen met een RSS-lezer (Atom)",
        "Follow new activities in an RSS reader (Atom)",
    ),
    "atom_title": ("Nieuwe activiteiten – {title}", "New activities – {title}"),
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
    "all_their_activities": ("Alle activiteiten van {name}", "All activities by {name}"),
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


# Plural words for the usual age-group keys, so that a feed can be called
# "Activiteiten voor peuters in Stadshagen"; other keys use the site's label.
AGE_GROUPS: dict[str, tuple[str, str]] = {
    "zwanger": ("zwangeren", "expectant parents"),
    "baby": ("baby's", "babies"),
    "babys": ("baby's", "babies"),
    "dreumes": ("dreumesen", "toddlers"),
    "peuter": ("peuters", "toddlers"),
    "peuters": ("peuters", "toddlers"),
    "kleuter": ("kleuters", "pre-schoolers"),
    "kleuters": ("kleuters", "pre-schoolers"),
    "schoolkind": ("schoolkinderen", "school children"),
    "schoolkinderen": ("schoolkinderen", "school children"),
    "tiener": ("tieners", "teenagers"),
    "tieners": ("tieners", "teenagers"),
    "ouders": ("ouders en verzorgers", "parents and carers"),
}


def age_feed_name(key: str, site_label: str, language: str, wijk_name: str | None = None) -> str:
    """"Activiteiten voor peuters (in Stadshagen)", or with the site's label after a colon."""
    words = AGE_GROUPS.get(key.lower())
    if words is not None:
        group = words[1] if language == "en" else words[0]
        if wijk_name is None:
            return label("feed_name_age", language, group=group)
        return label("feed_name_wijk_age", language, group=group, name=wijk_name)
    if wijk_name is None:
        return label("feed_name_age_label", language, label=site_label)
    return label("feed_name_wijk_age_label", language, label=site_label, name=wijk_name)


def labels(language: str) -> SimpleNamespace:
    index = 1 if language == "en" else 0
    return SimpleNamespace(**{key: pair[index] for key, pair in LABELS.items()})


def label(key: str, language: str, **params) -> str:
    """The label `key`; a whole number `count` is written as the language writes numbers,
    and with a `<key>_one` label, 1 takes that one (Dutch and English: one, or more)."""
    count = params.get("count")
    if isinstance(count, int):
        if count == 1 and f"{key}_one" in LABELS:
            key = f"{key}_one"
        params["count"] = number(count, language)
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


@lru_cache(maxsize=1024)  # an activity page counts its dates: babel takes some 35 us a number
def number(count: int, language: str) -> str:
    """`1.764` in Dutch, `1,764` in English."""
    return format_decimal(count, locale=_LOCALES.get(language, "nl_NL"))


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
