"""A synthetic city in wijkgen's content format, the same for every seed and size.

    python bench/generate.py --size M --out /dev/shm/city-m
    python bench/generate.py --wijken 2 --activities 30 --organisations 5 --out /tmp/tiny

Standard sizes (activities and organisations as the benchmark issue sets them; wijken
and venues scale with the city): S = 20 wijken, 1,000 activities, 100 organisations;
M = 40 / 5,000 / 500; L = 80 / 20,000 / 2,000. About a third of the activities repeat,
in every form the spec offers (weekly, every other week, monthly by weekday or day
number, daily, `rrule:`), with `until`, `count`, `except` and single-date changes.
Bodies are Dutch Markdown of 150-400 words. Every reference is valid, so
`wijkgen check` reports no errors.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dateutil import rrule

TODAY = date(2026, 11, 28)  # the benchmark builds with --today 2026-11-28


@dataclass(frozen=True)
class Size:
    wijken: int
    activities: int
    organisations: int

    @property
    def venues(self) -> int:
        return max(2, self.activities // 25)


SIZES = {
    "S": Size(20, 1_000, 100),
    "M": Size(40, 5_000, 500),
    "L": Size(80, 20_000, 2_000),
}

TOPICS = {
    "ontmoeten": "Ontmoeten",
    "opvoeding": "Opvoeding",
    "zwangerschap": "Zwangerschap",
    "gezondheid": "Gezondheid",
    "taal": "Taal en lezen",
    "bewegen": "Bewegen en sport",
    "ontwikkeling": "Groei en ontwikkeling",
    "geldzaken": "Geldzaken",
    "spelen": "Spelen en vrije tijd",
}
AGES = {
    "zwanger": "Zwanger",
    "baby": "Baby (0-1 jaar)",
    "peuter": "Peuter (1-4 jaar)",
    "schoolkind": "Schoolkind (4-12 jaar)",
    "ouders": "Voor ouders en verzorgers",
}

WIJK_FIRST = [
    "Stads",
    "Holt",
    "Assen",
    "Dieze",
    "Aa",
    "Berk",
    "Wester",
    "Ooster",
    "Linde",
    "Esch",
    "Beek",
    "Zand",
    "Hooge",
    "Nieuwe",
    "Oude",
    "Kamp",
    "Veen",
    "Wolde",
    "Brink",
    "Mark",
]
WIJK_SECOND = [
    "hagen",
    "enbroek",
    "veld",
    "wijk",
    "kamp",
    "horst",
    "dijk",
    "weerd",
    "laar",
    "hof",
    "hoven",
    "meer",
    "park",
    "wold",
    "haar",
    "berg",
    "broek",
    "terp",
    "lo",
    "beek",
]
ACTIVITY_KINDS = [
    "Oudercafé",
    "Peuterochtend",
    "Babymassage",
    "Voorleesuurtje",
    "Peutergym",
    "Inloopspreekuur",
    "Zwangerschapsyoga",
    "Kinderkledingruil",
    "Muziek met peuters",
    "Babycafé",
    "Taalcafé voor ouders",
    "Speelochtend",
    "Buitenspeelmiddag",
    "Opvoedcursus",
    "Workshop slapen",
    "Moedergroep",
    "Vadergroep",
    "Borstvoedingscafé",
    "Knutselmiddag",
    "Zwemles voor peuters",
]
ACTIVITY_TAILS = [
    "in de bieb",
    "op het plein",
    "bij het wijkcentrum",
    "voor nieuwe ouders",
    "met koffie",
    "in de speeltuin",
    "met de wijkverpleegkundige",
    "voor drukke ouders",
    "op zaterdag",
    "in het buurthuis",
    "voor papa's",
    "met Oma Lies",
    "in de gymzaal",
    "in de kerk",
]
ORGANISATION_KINDS = [
    "Sociaal Wijkteam",
    "Consultatiebureau",
    "Bibliotheek",
    "Buurthuis",
    "Peuterspeelzaal",
    "Welzijnsstichting",
    "Kinderopvang",
    "Voedselbank",
    "Muziekschool",
    "Sportvereniging",
    "Verloskundigenpraktijk",
    "Huisartsenpraktijk",
    "Jeugdgezondheidszorg",
    "Taalhuis",
]
VENUE_KINDS = [
    "Wijkcentrum",
    "Bibliotheek",
    "Speeltuin",
    "Gymzaal",
    "Buurthuis",
    "Kerkzaal",
    "Kantine",
    "Basisschool",
    "Peuterspeelzaal",
    "Sporthal",
]
STREETS = [
    "Hollandstraat",
    "Havezatenplein",
    "Stationsweg",
    "Kerkstraat",
    "Dorpsstraat",
    "Schoolstraat",
    "Molenweg",
    "Parklaan",
    "Julianalaan",
    "Beatrixstraat",
    "Wilhelminastraat",
    "Lindelaan",
]
FREE_PLACES = [
    "Speeltuin De Eekhoorn",
    "Park de Wezenlanden",
    "Het grasveld achter de school",
    "Kinderboerderij Het Hertenkamp",
    "Zwembad De Vrolijkheid",
    "Markt op het plein",
]
SENTENCES = [
    "Samen met andere ouders praat je over wat je bezighoudt.",
    "De koffie en thee staan klaar, en voor de kinderen is er ranja.",
    "Je hoeft je niet aan te melden: loop gewoon binnen wanneer het jou uitkomt.",
    "Kinderen spelen in de speelhoek terwijl de ouders even op adem komen.",
    "Een medewerker van het consultatiebureau is aanwezig voor al je vragen.",
    "Neem gerust een broertje of zusje mee, iedereen is welkom.",
    "We lezen een prentenboek voor en zingen daarna samen een liedje.",
    "Heb je vragen over slapen, eten of huilen? Hier kun je ze stellen.",
    "De ruimte is gelijkvloers en er is plek voor kinderwagens.",
    "Wil je helpen als vrijwilliger? Spreek ons dan even aan.",
    "In de vakanties gaat de activiteit meestal gewoon door.",
    "Je ontmoet ouders uit de buurt met kinderen van dezelfde leeftijd.",
    "Trek makkelijke kleren aan, want we gaan ook bewegen.",
    "Voor kinderen onder de twee jaar zijn er zachte matten en speelgoed.",
    "De begeleiding is in handen van ervaren pedagogisch medewerkers.",
    "Spreek je nog niet zo goed Nederlands? Dat is geen probleem, we helpen elkaar.",
    "Na afloop is er tijd om na te praten en telefoonnummers uit te wisselen.",
    "Met het kindpakket van de gemeente is deelname gratis.",
    "Het programma wisselt per keer, kijk voor het thema op de website.",
    "Ouders vertellen dat ze hier veel steun aan hebben gehad.",
    "We houden rekening met allergieën; laat het ons weten als je kind iets niet mag.",
    "De ingang is aan de achterkant van het gebouw, naast de fietsenstalling.",
    "Parkeren kan gratis op het plein voor de deur.",
    "Op de eerste bijeenkomst maken we kennis en bespreken we wat je wilt leren.",
    "Gemiddeld komen er tien tot vijftien ouders met hun kinderen.",
    "Regent het? Dan spelen we binnen in de grote zaal.",
    "Vergeet geen luier en een extra setje kleren voor je kind.",
    "De wijkverpleegkundige weegt en meet je baby als je dat wilt.",
    "Je mag ook je eigen lunch meenemen; wij zorgen voor fruit.",
    "Deze activiteit is een samenwerking van verschillende organisaties in de wijk.",
]
HEADINGS = ["Voor wie?", "Wat neem je mee?", "Hoe werkt het?", "Goed om te weten", "Aanmelden"]
WEEKDAY_NAMES = [
    ("monday", "maandag"),
    ("tuesday", "dinsdag"),
    ("wednesday", "woensdag"),
    ("thursday", "donderdag"),
    ("friday", "vrijdag"),
    ("saturday", "zaterdag"),
    ("sunday", "zondag"),
]
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ORDINAL_NAMES = [("first", "eerste"), ("second", "tweede"), ("third", "derde"), ("last", "laatste")]
ORDINAL_INDEX = {"first": 1, "second": 2, "third": 3, "last": -1}


def body(rng: random.Random, low: int = 150, high: int = 400) -> str:
    """Dutch Markdown of low..high words: paragraphs, a heading, a list, emphasis, a link."""
    target = rng.randint(low, high)
    blocks: list[str] = []
    words = 0
    while words < target:
        choice = rng.random()
        if choice < 0.15 and blocks:
            heading = f"## {rng.choice(HEADINGS)}"
            blocks.append(heading)
            words += 3
        elif choice < 0.3:
            items = [f"- {s}" for s in rng.sample(SENTENCES, 3)]
            blocks.append("\n".join(items))
            words += sum(len(i.split()) for i in items)
        else:
            sentences = rng.sample(SENTENCES, rng.randint(2, 5))
            if rng.random() < 0.3:
                sentences[0] = f"**{sentences[0]}**"
            if rng.random() < 0.2:
                sentences.append("Meer informatie op [de website](https://example.org/info).")
            blocks.append(" ".join(sentences))
            words += sum(len(s.split()) for s in sentences)
    return "\n\n".join(blocks) + "\n"


def front_matter(fields: list[tuple[str, str]]) -> str:
    return (
        "---\n"
        + "".join(f"{key}: {value}\n" if value else f"{key}:\n" for key, value in fields)
        + "---\n"
    )


def yaml_list(items) -> str:
    return "[" + ", ".join(items) + "]"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wijk_names(count: int) -> list[str]:
    names = [f"{a}{b}" for b in WIJK_SECOND for a in WIJK_FIRST]
    random.Random(0).shuffle(names)
    if count > len(names):
        names += [f"Wijk {n}" for n in range(len(names), count)]
    return names[:count]


def unique_slug(base: str, taken: set[str]) -> str:
    slug = "-".join(base.lower().replace("'", "").replace("é", "e").split())
    slug = "".join(c for c in slug if c.isalnum() or c == "-")
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def site_yaml() -> str:
    lines = [
        "title: Samen opgroeien in Benchstad",
        "base_url: https://example.org/benchstad/",
        "language: nl",
        "timezone: Europe/Amsterdam",
        "horizon_days: 365",
        "topics:",
        *(f"  {key}: {name}" for key, name in TOPICS.items()),
        "ages:",
        *(f"  {key}: {name}" for key, name in AGES.items()),
    ]
    return "\n".join(lines) + "\n"


def generate(out: Path, size: Size, seed: int = 1) -> dict[str, int]:
    """Write the city into `out` (replacing it). Returns the number of files of each kind."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    folders = {
        kind: out / "content" / kind
        for kind in ("wijken", "activiteiten", "organisaties", "locaties")
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    (out / "site.yaml").write_text(site_yaml(), encoding="utf-8")

    wijken = []
    taken: set[str] = set()
    for name in wijk_names(size.wijken):
        slug = unique_slug(name, taken)
        wijken.append(slug)
        text = front_matter([("name", name)]) + body(rng, 60, 120)
        (folders["wijken"] / f"{slug}.md").write_text(text, encoding="utf-8")

    venues = []
    for number in range(size.venues):
        wijk = wijken[number % len(wijken)]
        name = f"{rng.choice(VENUE_KINDS)} {wijk.replace('-', ' ').title()} {number + 1}"
        slug = unique_slug(name, taken)
        venues.append(slug)
        fields = [
            ("name", quoted(name)),
            ("address", quoted(f"{rng.choice(STREETS)} {rng.randint(1, 200)}, Benchstad")),
            ("wijk", wijk),
            (
                "accessibility",
                "Gelijkvloers, invalidentoilet aanwezig" if rng.random() < 0.7 else "",
            ),
        ]
        text = front_matter([f for f in fields if f[1]]) + body(rng, 20, 60)
        (folders["locaties"] / f"{slug}.md").write_text(text, encoding="utf-8")

    organisations = []
    for number in range(size.organisations):
        wijk = wijken[number % len(wijken)]
        name = f"{rng.choice(ORGANISATION_KINDS)} {wijk.replace('-', ' ').title()} {number + 1}"
        slug = unique_slug(name, taken)
        organisations.append(slug)
        served = "all" if rng.random() < 0.05 else yaml_list(sorted({wijk, rng.choice(wijken)}))
        questions = rng.sample(
            [
                "Mijn kind slaapt slecht, wie kan helpen?",
                "Waar vind ik andere ouders in de buurt?",
                "Hoe vraag ik toeslag aan voor de opvang?",
                "Mijn peuter praat nog weinig, is dat erg?",
                "Wij gaan scheiden, hoe houden we het goed voor de kinderen?",
                "Ik ben zwanger, wat nu?",
            ],
            2,
        )
        text = (
            front_matter(
                [
                    ("name", quoted(name)),
                    ("wijk", served),
                    ("topics", yaml_list(rng.sample(sorted(TOPICS), 2))),
                    ("questions", ""),
                ]
            ).removesuffix("---\n")
            + "".join(f"  - {q}\n" for q in questions)
            + front_matter(
                [
                    ("phone", f"038 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"),
                    ("email", f"info@{slug[:30]}.example.org"),
                    ("website", f"https://example.org/{slug}"),
                    ("address", quoted(f"{rng.choice(STREETS)} {rng.randint(1, 200)}, Benchstad")),
                    ("hours", "ma-vr 9:00-17:00"),
                ]
            ).removeprefix("---\n")
            + body(rng, 80, 200)
        )
        (folders["organisaties"] / f"{slug}.md").write_text(text, encoding="utf-8")

    for number in range(size.activities):
        title = f"{rng.choice(ACTIVITY_KINDS)} {rng.choice(ACTIVITY_TAILS)} {number + 1}"
        slug = unique_slug(title, taken)
        fields = activity_fields(rng, number, title, wijken, venues, organisations)
        (folders["activiteiten"] / f"{slug}.md").write_text(
            front_matter(fields) + body(rng), encoding="utf-8"
        )

    return {kind: len(list(folder.glob("*.md"))) for kind, folder in folders.items()}


def activity_fields(rng, number, title, wijken, venues, organisations) -> list[tuple[str, str]]:
    roll = rng.random()
    if roll < 0.03:
        wijk = "all"
    elif roll < 0.13:
        wijk = yaml_list(sorted(set(rng.sample(wijken, 2))))
    else:
        wijk = wijken[number % len(wijken)]
    # every organisation organises something: the first pass hands them out in turn
    organisers = {organisations[number % len(organisations)]}
    if rng.random() < 0.3:
        organisers.add(rng.choice(organisations))
    location = rng.choice(venues) if rng.random() < 0.75 else quoted(rng.choice(FREE_PLACES))
    fields = [("title", quoted(title)), ("wijk", wijk)]
    fields += schedule(rng, number)
    fields += [
        ("location", location),
        ("organisers", yaml_list(sorted(organisers))),
        ("topics", yaml_list(rng.sample(sorted(TOPICS), rng.randint(1, 3)))),
        ("ages", yaml_list(rng.sample(sorted(AGES), rng.randint(1, 2)))),
        (
            "cost",
            rng.choice(
                ["gratis", "€ 2 per keer", "€ 15 voor de hele cursus", "gratis met het kindpakket"]
            ),
        ),
    ]
    if rng.random() < 0.4:
        fields.append(
            (
                "registration",
                rng.choice(
                    ["https://example.org/aanmelden", "aanmelden@example.org", "038 123 4567"]
                ),
            )
        )
    if rng.random() < 0.02:
        fields.append(("status", "cancelled"))
    return fields


def schedule(rng: random.Random, number: int) -> list[tuple[str, str]]:
    """start/end, and for about a third of the activities a repeat with its exceptions."""
    hour = rng.choice([9, 10, 13, 14, 15, 19])
    minute = rng.choice([0, 15, 30])
    clock = time(hour, minute)
    length = timedelta(minutes=rng.choice([45, 60, 90, 120]))
    end_clock = (datetime.combine(TODAY, clock) + length).time()
    if number % 3 != 0:
        return one_off(rng, clock, end_clock)
    first = TODAY + timedelta(days=rng.randint(-120, 60))
    form = rng.random()
    fields: list[tuple[str, str]]
    if form < 0.35:  # weekly on a named day, in English or Dutch
        weekday = rng.randrange(7)
        first += timedelta(days=(weekday - first.weekday()) % 7)
        interval = rng.choice([1, 1, 2])
        rule = rrule.rrule(rrule.WEEKLY, interval=interval, dtstart=first, byweekday=weekday)
        repeat = [("every", "week"), ("on", yaml_list([rng.choice(WEEKDAY_NAMES[weekday])]))]
        if interval > 1:
            repeat.append(("interval", str(interval)))
    elif form < 0.5:  # weekly on the start's own weekday
        rule = rrule.rrule(rrule.WEEKLY, dtstart=first)
        repeat = [("every", "week")]
    elif form < 0.7:  # monthly, "first wednesday" / "laatste vrijdag"
        weekday = rng.randrange(5)
        english, dutch = rng.choice(ORDINAL_NAMES)
        nth = ORDINAL_INDEX[english]
        rule = rrule.rrule(
            rrule.MONTHLY, dtstart=first.replace(day=1), byweekday=rrule.weekday(weekday, nth)
        )
        first = rule[0].date()
        rule = rrule.rrule(rrule.MONTHLY, dtstart=first, byweekday=rrule.weekday(weekday, nth))
        day_name = WEEKDAY_NAMES[weekday][0 if english == dutch else rng.randrange(2)]
        ordinal = rng.choice([english, dutch])
        repeat = [("every", "month"), ("on", yaml_list([f'"{ordinal} {day_name}"']))]
    elif form < 0.8:  # monthly on a day number
        first = first.replace(day=rng.randint(1, 28))
        rule = rrule.rrule(rrule.MONTHLY, dtstart=first, bymonthday=first.day)
        repeat = [("every", "month"), ("on", yaml_list([str(first.day)]))]
    elif form < 0.9:  # a holiday programme: daily, a few times
        count = rng.randint(3, 8)
        rule = rrule.rrule(rrule.DAILY, dtstart=first, count=count)
        repeat = [("every", "day"), ("count", str(count))]
    else:  # written as RFC 5545
        weekday = first.weekday()
        rule = rrule.rrule(rrule.WEEKLY, dtstart=first, byweekday=weekday)
        repeat = []
    start = datetime.combine(first, clock)
    friendly = bool(repeat)
    if friendly and not any(key == "count" for key, _ in repeat) and rng.random() < 0.5:
        until = first + timedelta(days=rng.randint(90, 400))
        rule = rule.replace(until=datetime.combine(until, time(23, 59)))
        repeat.append(("until", until.isoformat()))
    dates = [
        d.date()
        for d in rule.between(
            datetime.combine(TODAY, time()),
            datetime.combine(TODAY + timedelta(days=300), time()),
            inc=True,
        )
    ][:30]
    excepted: list[date] = []
    if friendly and len(dates) > 6 and rng.random() < 0.4:
        excepted = sorted(rng.sample(dates[1:], 2))
        repeat.append(("except", yaml_list(d.isoformat() for d in excepted)))
    fields = [("start", f"{start:%Y-%m-%d %H:%M}"), ("end", f"{end_clock:%H:%M}")]
    if friendly:
        fields.append(("repeat", ""))
        fields += [(f"  {key}", value) for key, value in repeat]
    else:
        fields.append(("rrule", f"FREQ=WEEKLY;BYDAY={RRULE_DAYS[first.weekday()]}"))
    free = [d for d in dates if d not in excepted]
    if len(free) > 4 and rng.random() < 0.3:
        cancelled, moved = rng.sample(free[1:], 2)
        fields.append(("occurrences", ""))
        fields += [
            ("  - date", cancelled.isoformat()),
            ("    status", "cancelled"),
            ("    note", "Geen bijeenkomst i.v.m. de vakantie"),
            ("  - date", moved.isoformat()),
            ("    start", f"{moved.isoformat()} {(hour + 1) % 24:02d}:{minute:02d}"),
            ("    end", f"{(datetime.combine(moved, clock) + length + timedelta(hours=1)):%H:%M}"),
        ]
    return fields


def one_off(rng: random.Random, clock: time, end_clock: time) -> list[tuple[str, str]]:
    day = TODAY + timedelta(days=rng.randint(-60, 330))
    roll = rng.random()
    if roll < 0.1:  # all day, sometimes over several days
        fields = [("start", day.isoformat())]
        if rng.random() < 0.5:
            fields.append(("end", (day + timedelta(days=rng.randint(1, 3))).isoformat()))
        return fields
    return [("start", f"{day.isoformat()} {clock:%H:%M}"), ("end", f"{end_clock:%H:%M}")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size", choices=sorted(SIZES), help="a standard size (overrides the counts)"
    )
    parser.add_argument("--wijken", type=int, default=20)
    parser.add_argument("--activities", type=int, default=1_000)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="the site folder to (re)create")
    args = parser.parse_args(argv)
    size = SIZES[args.size] if args.size else Size(args.wijken, args.activities, args.organisations)
    counts = generate(args.out, size, args.seed)
    print(", ".join(f"{count} {kind}" for kind, count in counts.items()), "->", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
