"""Step 4: what to write. Every output is planned as (URL, bytes) from the site and its
occurrences; templates come from the site's `templates/` first, then the built-in ones.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache, partial
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from . import atom, feedplan, feeds, labels, recurrence, structured, subscribe, urls
from .cache import Store
from .models import Activity, Location, Occurrence, Organisation, Site

AGENDA_DAYS = 42  # a wijk page lists six weeks; each activity's page lists all its dates
HOME_DAYS = 14
# a city has thousands of dates in two weeks: the home page shows the first few of each day
# and sends parents on to their wijk, whose page lists all of its own (M: 1,804 dates, 875 KB)
HOME_PER_DAY = 5
QUESTION_ACTIVITIES = 3  # listed under each question; the organisation's page has them all
BATCH_SIZE = 100  # pages or feeds per task given to a worker (parallel.py)
STATIC_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Day:
    day: date
    occurrences: tuple[Occurrence, ...]
    more: int = 0  # the day's dates left out of this list


@dataclass(frozen=True)
class Output:
    """One file of the site. `content` is its bytes; a feed's are the parts it is made of
    (feeds.calendar); a cached page's come from a function, with its cache key as
    `identity`: the writer asks for them only if the last build did not write them already."""

    url: str
    content: bytes | tuple[bytes, ...] | Callable[[], bytes]
    identity: str = ""


@dataclass(frozen=True)
class Timeline:
    """Every activity's occurrences from `today` to the horizon (`by_activity`), and the first
    weeks of them, which the agendas list (`upcoming`)."""

    today: date
    by_activity: _Expanded

    def upcoming(self, activities, days: int) -> list[Occurrence]:
        last = self.today + timedelta(days=days)
        found = []
        for activity in activities:
            found.extend(self.by_activity.until(activity.slug, last))
        return sorted(found, key=recurrence.sort_key)

    def next_date(self, activity: Activity) -> Occurrence | None:
        """The first date that is not cancelled (lists of activities show it)."""
        return self.by_activity.next_date(activity.slug)


def timeline(site: Site, today: date) -> Timeline:
    # every agenda lies within AGENDA_DAYS: the home page's, and the month overview's, which
    # from the 22nd on shows the next month (up to 40 days ahead; tests/test_pages_parents.py)
    return Timeline(today, _Expanded(site, today, today + timedelta(days=AGENDA_DAYS)))


class _Expanded(Mapping):
    """Each activity's occurrences to the horizon, expanded when asked for: on a big site each
    forked worker (parallel.py) expands those of the pages it renders, not the build up front.

    Only the dates up to `kept_until` are kept for the next page that asks: the agendas list
    those, while all of an activity's dates (a weekly one has fifty) are read by its own page
    alone. Kept, they would cost every worker of a city's build tens of megabytes."""

    def __init__(self, site: Site, today: date, kept_until: date):
        self._activities = site.activities
        self._zone = site.config.zone
        self._today = today
        self._last = today + timedelta(days=site.config.horizon_days)
        self.kept_until = kept_until
        self._soon: dict[str, tuple[tuple[Occurrence, ...], list[date]]] = {}  # with their first days
        self._next: dict[str, Occurrence | None] = {}  # the first that is not cancelled

    def __getitem__(self, slug: str) -> tuple[Occurrence, ...]:
        activity = self._activities[slug]
        found = tuple(recurrence.occurrences(activity, self._zone, self._today, self._last))
        if slug not in self._soon:  # dates are in order: the first weeks are the first ones
            days = [o.first_day for o in found]
            kept = bisect_right(days, self.kept_until)
            self._soon[slug] = found[:kept], days[:kept]
            self._next[slug] = next((o for o in found if not o.cancelled), None)
        return found

    def next_date(self, slug: str) -> Occurrence | None:
        if slug not in self._next:
            if slug not in self._activities:
                return None
            self[slug]  # expanded: its first weeks and its next date kept
        return self._next[slug]

    def until(self, slug: str, last: date) -> tuple[Occurrence, ...]:
        """The dates up to `last`, at most `kept_until`: the same objects every time, for as
        long as this lives (`Pages.agenda_entry` knows an occurrence by its id)."""
        if last > self.kept_until:
            raise ValueError(f"dates up to {last} are not kept, only up to {self.kept_until}")
        if slug not in self._soon:
            if slug not in self._activities:
                return ()
            self[slug]  # expanded, and its first weeks kept
        occurrences, days = self._soon[slug]
        return occurrences[:bisect_right(days, last)]

    def __iter__(self):
        return iter(self._activities)

    def __len__(self) -> int:
        return len(self._activities)


def by_day(occurrences: list[Occurrence], today: date) -> list[Day]:
    """Group by the day they are listed on: a multi-day one that already began, on today."""
    days: dict[date, list[Occurrence]] = {}
    for occurrence in occurrences:
        days.setdefault(max(occurrence.first_day, today), []).append(occurrence)
    return [Day(day, tuple(items)) for day, items in sorted(days.items())]


def first_of_each_day(days: list[Day], most: int) -> list[Day]:
    """Each day with its first `most` dates, counting the ones left out."""
    return [Day(d.day, d.occurrences[:most], len(d.occurrences) - most) if len(d.occurrences) > most else d
            for d in days]


@dataclass(frozen=True)
class Period:
    """A stretch of the agenda under one heading: this week, this month, then month by month."""

    title: str
    days: tuple[Day, ...]


def by_period(days: list[Day], today: date, language: str) -> list[Period]:
    week_end = today + timedelta(days=6 - today.weekday())
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    periods: dict[str, list[Day]] = {}
    for day in days:
        if day.day <= week_end:
            title = labels.label("this_week", language)
        elif day.day < next_month:
            title = labels.label("this_month", language)
        else:
            title = labels.month_name(day.day, language).capitalize()
        periods.setdefault(title, []).append(day)
    return [Period(title, tuple(items)) for title, items in periods.items()]


def suits(activity: Activity, age: str | None = None, topic: str | None = None) -> bool:
    """The agenda filters. An activity that names no age group is for every age."""
    if age and activity.ages and age not in activity.ages:
        return False
    return not topic or topic in activity.topics


@dataclass(frozen=True)
class QuestionGroup:
    """Parents' questions under one topic, each with the organisation that answers it."""

    key: str
    title: str
    questions: tuple[tuple[str, Organisation], ...]


def question_groups(site: Site, organisations: list[Organisation]) -> list[QuestionGroup]:
    """Each question is listed once, under its organisation's first topic."""
    other = labels.label("other_questions", site.config.language)
    grouped: dict[str, list[tuple[str, Organisation]]] = {}
    for organisation in organisations:
        key = next((t for t in organisation.topics if t in site.config.topics), "")
        grouped.setdefault(key, []).extend((q, organisation) for q in organisation.questions)
    order = [*site.config.topics, ""]
    return [
        QuestionGroup(key or "overig", site.config.topics.get(key, other), tuple(grouped[key]))
        for key in order if grouped.get(key)
    ]


def month_shown(today: date) -> date:
    """The month a printed overview is for: this one, or from the 22nd on the next one,
    because a noticeboard sheet printed late in a month should last the coming month."""
    if today.day < 22:
        return today.replace(day=1)
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


@lru_cache(maxsize=1024)
def qr_svg(text: str) -> str:
    return subscribe.qr_code(text).svg_inline(scale=4, dark="#000", omitsize=True)


def organisations_in(site: Site, wijk: str) -> list[Organisation]:
    return [o for o in site.organisations.values() if o.citywide or wijk in o.wijken]


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept between builds in one process, so that a `serve` rebuild does not
    compile them again. Jinja checks each entry against its template's source before use."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(site_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_COMPILED,
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(site_dir / "templates"),
            jinja2.PackageLoader("wijkgen", "templates"),
        ]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals["routes"] = urls
    env.globals["href"] = _href
    return env


@jinja2.pass_context
def _href(context, target: str) -> str:
    if context.get("rooted_links"):
        return urls.rooted(context["config"].base_url, target)
    if context.get("any_page"):
        return urls.from_any_page(target)
    return urls.relative(context["page_url"], target)


def _compact(moment: date | datetime) -> str:
    """`20261201` or `20261201T093000` (the wall clock time), as strftime writes them, faster."""
    if isinstance(moment, datetime):
        wall_clock = moment.replace(tzinfo=None).isoformat(timespec="seconds")
        return wall_clock.replace("-", "").replace(":", "")
    return moment.isoformat().replace("-", "")


class Pages:
    """Renders every page of a site; one instance per build."""

    def __init__(
        self, site: Site, env: jinja2.Environment, today: date, feeds_planned: list[feedplan.Feed],
        dev: bool = False, store: Store | None = None, own_templates: frozenset[str] = frozenset(),
    ):
        self.site = site
        self.store = store or Store(None)
        self.env = env
        self.today = today
        self.language = site.config.language
        self.timeline = timeline(site, today)
        # pieces of pages rendered once for every page (`_piece`)
        self._pieces: dict[tuple, str] = {}
        self._listings: dict[int, tuple[Activity, str]] = {}  # `listed`, by the activity's id
        self._own_templates = own_templates
        self._menu_pages = {urls.wijk(slug) for slug in site.wijken} | {urls.questions()}
        self.feeds = {feed.url: feed for feed in feeds_planned}
        # What a built-in template reads besides its own context, digested once per build: the
        # date, the settings, the wijken, the venues (`place`) and the feeds it offers (their
        # names and whether they hold anything; an activity's feed is named by its title).
        offered = [(f.kind, f.url, f.name, bool(f.members)) for f in self.feeds.values() if f.kind != "activity"]
        common = (today, dev, site.config, site.wijken, site.venues, offered)
        self._common_key = self.store.key("common", common) if self.store.enabled else ""
        self.common = {
            "site": site,
            "config": site.config,
            "t": labels.labels(self.language),
            "lang": self.language,
            "today": today,
            "dev": dev,
            "wijken": list(site.wijken.values()),
            "long_date": lambda d: labels.long_date(d, self.language),
            "long_date_year": lambda d: labels.long_date_year(d, self.language),
            "when": self.when,
            "place": self.place,
            "label": lambda key, **kw: labels.label(key, self.language, **kw),
            "topic_label": lambda key: site.config.topics.get(key, key),
            "age_label": lambda key: site.config.ages.get(key, key),
            "subscribe": self.subscribe_links,
            "google_event": self.google_event_link,
            "next_date": self.next_date,
            "periods": lambda days: by_period(days, today, self.language),
            "events_jsonld": lambda found: structured.script(structured.events(site, found)),
            "organisation_jsonld": lambda o: structured.script(structured.organisation(site, o)),
            "feeds": self.feeds,
            "wijk_age_feeds": self.wijk_age_feeds,
            "menu": self.menu,
            "agenda_entry": self.agenda_entry,
            "osm": lambda address: "https://www.openstreetmap.org/search?" + urlencode({"query": address}),
        }

    @cached_property
    def index(self) -> feedplan.Index:
        """Activities by wijk, venue and organisation; not needed for an activity's own page,
        which `serve` renders on every save."""
        return feedplan.index(self.site)

    def render(self, template: str, url: str, made_of: tuple | None = None,
               dated: Callable[[], dict] | None = None, **context) -> Output:
        """A page, from the cache when what it is made of is unchanged. `made_of`, where given,
        names the records its context is computed from (with the date and settings every page
        shares): keying on those skips hashing each of the hundreds of dates a page lists.
        `dated` gives the rest of the context, the dates (and a month sheet's QR codes, the
        groups of questions), only when the page is rendered: they follow from `made_of` and
        the shared settings."""
        def make() -> bytes:
            more = dated() if dated else {}
            html = self.env.get_template(template).render(**self.common, page_url=url, **context, **more)
            return html.encode("utf-8")

        if not self.store.enabled:
            return Output(url, make())
        made_of = sorted(context.items()) if made_of is None else made_of
        key = self.store.page_key((template, url, self._common_key, made_of))
        return Output(url, partial(self.store.page, key, make), identity=key)

    def listed(self, activities: Iterable[Activity]) -> str:
        """What a page that lists these activities is made of, for its cache key: one digest of
        the digests of each one without what only its own page shows (body, cost,
        registration) and without its version, so that editing an activity's text leaves the
        pages of its wijk, organisation and venue as they were. No built-in list template may
        read those fields. Each one's digest is kept between builds: looked up by the
        activity, not hashed again. Without a cache no page has a key: nothing to hash."""
        if not self.store.enabled:
            return ""
        found = []
        for activity in activities:
            known = self._listings.get(id(activity))
            if known is None or known[0] is not activity:
                digest = self.store.remember("listed", activity, lambda a=activity: self.store.digest(
                    replace(a, body_html="", body_text="", cost="", registration=None, version="")))
                known = self._listings[id(activity)] = (activity, digest)  # holding it keeps the id unique
            found.append(known[1])
        return "listing " + hashlib.sha256(" ".join(found).encode()).hexdigest()

    # helpers offered to templates -------------------------------------------------
    @jinja2.pass_context
    def menu(self, context) -> Markup:
        """The site menu; it marks the page it is on, if that is in the menu."""
        page_url = context["page_url"]
        current = page_url if page_url in self._menu_pages else None
        return self._piece(context, "partials/menu.html", (current,))

    @jinja2.pass_context
    def agenda_entry(self, context, occurrence: Occurrence, show_title: bool = True) -> Markup:
        """One date in an agenda: the same on the wijk page, its filter pages and the home page."""
        return self._piece(context, "partials/occurrence.html", (id(occurrence), show_title),
                           o=occurrence, show_title=show_title)

    def _piece(self, context, template: str, key: tuple, **variables) -> Markup:
        """`template` rendered once for every page: its links are marked and fitted to each
        page (urls.placed). `key` names the rest of what the piece shows; occurrences live as
        long as this Pages, so their id is stable. A site's own version of the template may
        read anything of its page, so it is rendered on each page instead."""
        if template in self._own_templates or context.get("rooted_links"):
            return Markup(self.env.get_template(template).render({**context.get_all(), **variables}))
        key = (template, *key)
        piece = self._pieces.get(key)
        if piece is None:
            piece = self.env.get_template(template).render({**context.get_all(), **variables, "any_page": True})
            self._pieces[key] = piece
        return Markup(urls.placed(piece, context["page_url"]))

    def when(self, occurrence: Occurrence) -> str:
        """`9.30 – 11.30 uur`, `hele dag`, or for several days `t/m vrijdag 9 oktober`."""
        if occurrence.all_day:
            if occurrence.last_day != occurrence.first_day:
                until = labels.long_date(occurrence.last_day, self.language)
                return ("until " if self.language == "en" else "t/m ") + until
            return labels.label("all_day", self.language)
        return labels.time_range(occurrence.start, occurrence.end, self.language)

    def place(self, location: Location | None) -> dict | None:
        if location is None:
            return None
        if location.venue:
            venue = self.site.venues[location.venue]
            return {"name": venue.name, "url": urls.venue(venue.slug), "address": venue.address}
        return {"name": location.text, "url": None, "address": ""}

    def next_date(self, activity: Activity) -> Occurrence | None:
        return self.timeline.next_date(activity)

    def subscribe_links(self, feed_url: str) -> dict:
        """subscribe.py's links, and the QR code image with its description."""
        name = self.feeds[feed_url].name if feed_url in self.feeds else self.site.config.title
        return {
            **subscribe.links(self.site.config.base_url, feed_url),
            "qr": urls.qr_code(feed_url),
            "qr_label": labels.label("qr_label", self.language, name=name),
        }

    def google_event_link(self, occurrence: Occurrence) -> str:
        # `dates` as urlencode writes `first/last` (only the slash is quoted): strftime and
        # quoting were most of the time a city's build spent on these links
        if occurrence.all_day:
            after = occurrence.last_day + timedelta(days=1)
            first, last = _compact(occurrence.first_day), _compact(after)
        else:
            first, last = _compact(occurrence.start), _compact(occurrence.end)
        head, tail = self._google_parts(occurrence.activity, occurrence.location)
        return f"{head}{first}%2F{last}{tail}"

    @lru_cache(maxsize=4096)  # noqa: B019 - one Pages per build; most dates share their parts
    def _google_parts(self, activity: Activity, location: Location | None) -> tuple[str, str]:
        """The link around its `dates`, as `urlencode` writes it: only the dates differ per date."""
        head = urlencode({"action": "TEMPLATE", "text": activity.title})
        tail = urlencode({
            "ctz": self.site.config.timezone,
            "details": urls.absolute(self.site.config.base_url, urls.activity(activity.slug)),
            "location": feeds.location_text(self.site, location),
        })
        return f"https://calendar.google.com/calendar/render?{head}&dates=", f"&{tail}"

    # the pages --------------------------------------------------------------------
    def home(self) -> Output:
        activities = list(self.site.activities.values())
        return self.render("home.html", urls.home(), made_of=(self.listed(activities),), dated=lambda: {
            "days": first_of_each_day(by_day(self.timeline.upcoming(activities, HOME_DAYS), self.today),
                                      HOME_PER_DAY)}, feed=urls.all_feed())

    def wijk(self, slug: str) -> Output:
        wijk = self.site.wijken[slug]
        activities = self.index.by_wijk[slug]
        organisations = sorted(organisations_in(self.site, slug), key=lambda o: o.name.lower())
        return self.render(
            "wijk.html", urls.wijk(slug), made_of=(wijk, self.listed(activities), organisations),
            dated=lambda: {"days": by_day(self.timeline.upcoming(activities, AGENDA_DAYS), self.today)},
            wijk=wijk,
            activities=sorted(activities, key=lambda a: a.title.lower()),
            organisations=organisations, feed=urls.wijk_feed(slug),
            chosen_age=None, chosen_topic=None,
        )

    def activity(self, slug: str) -> Output:
        activity = self.site.activities[slug]
        organisers = [self.site.organisations[o] for o in activity.organisers]
        return self.render(
            "activity.html", urls.activity(slug), made_of=(activity, organisers),
            dated=lambda: {"occurrences": list(self.timeline.by_activity.get(slug, ()))},
            activity=activity, organisers=organisers, feed=urls.activity_feed(slug),
        )

    def organisation(self, slug: str) -> Output:
        organisation = self.site.organisations[slug]
        activities = self.index.by_organisation[slug]
        return self.render(
            "organisation.html", urls.organisation(slug), made_of=(organisation, self.listed(activities)),
            organisation=organisation, activities=sorted(activities, key=lambda a: a.title.lower()),
        )

    def venue(self, slug: str) -> Output:
        venue = self.site.venues[slug]
        activities = self.index.by_venue[slug]
        return self.render(
            "venue.html", urls.venue(slug), made_of=(venue, self.listed(activities)), venue=venue,
            activities=sorted(activities, key=lambda a: a.title.lower()),
        )

    def not_found(self) -> Output:
        return self.render("404.html", urls.not_found(), rooted_links=True)

    def wijk_filtered(self, slug: str, age: str | None = None, topic: str | None = None) -> Output:
        """The agenda filter without JavaScript: one static page per age group and per topic."""
        wijk = self.site.wijken[slug]
        chosen = [a for a in self.index.by_wijk[slug] if suits(a, age, topic)]
        if age:
            url, heading = urls.wijk_age(slug, age), labels.label(
                "agenda_age", self.language, name=wijk.name, age=self.site.config.ages[age])
        else:
            url, heading = urls.wijk_topic(slug, topic), labels.label(
                "agenda_topic", self.language, name=wijk.name, topic=self.site.config.topics[topic])
        # an age page offers the wijk's feed for that age ("Activiteiten voor peuters in ...")
        age_feed = self.feeds.get(urls.wijk_age_feed(slug, age)) if age else None
        offered = age_feed if age_feed is not None and age_feed.members else None
        return self.render(
            "wijk-filter.html", url, made_of=(wijk, age, topic, self.listed(chosen)),
            dated=lambda: {"days": by_day(self.timeline.upcoming(chosen, AGENDA_DAYS), self.today)},
            wijk=wijk, heading=heading, chosen_age=age, chosen_topic=topic,
            feed=offered.url if offered else urls.wijk_feed(slug),
            feed_name=offered.name if offered else labels.label("feed_name_wijk", self.language, name=wijk.name),
            offer_feed=offered is not None,
        )

    def questions(self, slug: str | None = None) -> Output:
        """'Waar kan ik terecht?': parents' questions by topic, each with who helps and the
        next few of their activities (their page lists all: a city's organisation may have
        dozens, and every one of its questions would list them again)."""
        wijk = self.site.wijken[slug] if slug else None
        organisations = sorted(
            organisations_in(self.site, slug) if slug else self.site.organisations.values(),
            key=lambda o: o.name.lower())
        in_wijk = {a.slug for a in self.index.by_wijk[slug]} if slug else None
        activities_of = {
            o.slug: [a for a in self.index.by_organisation[o.slug] if in_wijk is None or a.slug in in_wijk]
            for o in organisations
        }
        listed = {slug: self.listed(activities) for slug, activities in activities_of.items()}

        def dated() -> dict:
            next_of = {slug: self._next_few(found) for slug, found in activities_of.items()}
            return {"groups": question_groups(self.site, organisations), "next_of": next_of,
                    "more_of": {slug: len(found) > len(next_of[slug]) for slug, found in activities_of.items()}}

        return self.render("questions.html", urls.questions(slug), made_of=(wijk, organisations, listed),
                           dated=dated, wijk=wijk, organisations=organisations)

    def _next_few(self, activities: list[Activity]) -> list[tuple[Activity, Occurrence]]:
        """The first QUESTION_ACTIVITIES of these activities to take place, with their dates."""
        dated = sorted((recurrence.sort_key(found), a.slug, a, found)
                       for a in activities if (found := self.next_date(a)) is not None)
        return [(a, found) for *_, a, found in dated[:QUESTION_ACTIVITIES]]

    def month(self, slug: str) -> Output:
        """A printable A4 overview of one month for noticeboards, with QR codes."""
        wijk = self.site.wijken[slug]
        first = month_shown(self.today)
        after = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        activities = self.index.by_wijk[slug]

        base = self.site.config.base_url
        wijk_address = urls.absolute(base, urls.wijk(slug))
        feed_address = self.subscribe_links(urls.wijk_feed(slug))["webcal"]

        def dated() -> dict:  # and the QR codes: made only when the page is
            shown = self.timeline.upcoming(activities, (after - timedelta(days=1) - self.today).days)
            upcoming = [o for o in shown if first <= o.first_day]
            return {"days": by_day(upcoming, max(first, self.today)),
                    "wijk_qr": qr_svg(wijk_address), "feed_qr": qr_svg(feed_address)}

        return self.render(
            "month.html", urls.wijk_month(slug), made_of=(wijk, self.listed(activities)), dated=dated, wijk=wijk,
            month=labels.month_name(first, self.language), feed=urls.wijk_feed(slug),
            wijk_address=wijk_address, feed_address=feed_address,
        )

    def wijk_age_feeds(self, slug: str) -> list[feedplan.Feed]:
        """The wijk's feeds per age group that hold something, in site.yaml's order."""
        found = (self.feeds[urls.wijk_age_feed(slug, key)] for key in self.site.config.ages)
        return [feed for feed in found if feed.members]

    def subscribe_help(self) -> Output:
        """How to subscribe, then every feed that holds something, grouped."""
        def offered(kind: str) -> list[feedplan.Feed]:
            return [f for f in self.feeds.values() if f.kind == kind and f.members]

        def groups() -> dict:
            t = labels.labels(self.language)
            found = [
                (t.feeds_wijken, offered("all") + offered("wijk")),
                (t.feeds_ages, offered("wijk_age") + offered("age")),
                (t.feeds_topics, offered("topic")),
                (t.feeds_organisations, offered("organisation")),
                (t.feeds_venues, offered("venue")),
            ]
            return {"groups": [(heading, items) for heading, items in found if items]}

        # made of the feeds every page may offer, which the key of every page names already
        return self.render("subscribe-help.html", urls.subscribe_help(), made_of=(), dated=groups)

    def batches(self) -> list[Callable[[], list[Output]]]:
        """Every page but the closing ones, in groups that may be rendered in any order and in
        any process (parallel.py); their pages, taken in order, are the sitemap's. A wijk's
        pages stay together: they share their agenda entries."""
        def each(method, slugs) -> Callable[[], list[Output]]:
            return lambda: [method(slug) for slug in slugs]

        found = [lambda: [self.home(), self.questions()]]
        found += [partial(self._wijk_pages, slug) for slug in self.site.wijken]
        for method, slugs in ((self.activity, list(self.site.activities)),
                              (self.organisation, list(self.site.organisations)),
                              (self.venue, list(self.site.venues))):
            found += [each(method, slugs[i:i + BATCH_SIZE]) for i in range(0, len(slugs), BATCH_SIZE)]
        found.append(lambda: [self.subscribe_help()])
        return found

    def _wijk_pages(self, slug: str) -> list[Output]:
        return [
            self.wijk(slug), self.questions(slug), self.month(slug),
            *(self.wijk_filtered(slug, age=age) for age in self.site.config.ages),
            *(self.wijk_filtered(slug, topic=topic) for topic in self.site.config.topics),
        ]

    def closing(self, page_urls: list[str]) -> list[Output]:
        """The outputs made from the list of every page: the 404 page comes after, so that the
        sitemap leaves it out."""
        base = self.site.config.base_url
        return [self.not_found(), Output(urls.sitemap(), structured.sitemap(base, page_urls)),
                Output(urls.robots(), structured.robots(base))]


def feed_batches(site: Site, today: date, feeds_planned: list[feedplan.Feed], events: dict[str, bytes],
                 store: Store | None = None) -> list[Callable[[], Iterable[Output]]]:
    """Every iCalendar feed of the plan (feedplan.py) made of the activities' `events`, the QR
    codes of the feeds that pages offer with a subscribe block, then the Atom feed; in groups
    as `Pages.batches`."""
    store = store or Store(None)

    def calendars(planned: list[feedplan.Feed]) -> Callable[[], Iterable[Output]]:
        # one at a time: a city's feed of everything alone is tens of megabytes
        return lambda: (Output(url, data) for url, data in feedplan.calendars(site, planned, events, store))

    def qr_codes(planned: list[feedplan.Feed]) -> Callable[[], list[Output]]:
        def make() -> list[Output]:
            found = []
            for feed in planned:
                address = urls.absolute(site.config.base_url, feed.url)
                svg = store.remember("qr", address, lambda a=address: subscribe.qr_svg(a))
                found.append(Output(urls.qr_code(feed.url), svg))
            return found
        return make

    offered = [feed for feed in feeds_planned if feed.kind in subscribe.BLOCK_KINDS and feed.members]
    return [
        *(calendars(feeds_planned[i:i + BATCH_SIZE]) for i in range(0, len(feeds_planned), BATCH_SIZE)),
        *(qr_codes(offered[i:i + BATCH_SIZE]) for i in range(0, len(offered), BATCH_SIZE)),
        lambda: [Output(urls.atom_feed(), atom.feed(site, today))],
    ]


def static_outputs() -> list[Output]:
    return [
        Output(urls.asset(file.relative_to(STATIC_DIR).as_posix()), file.read_bytes())
        for file in sorted(STATIC_DIR.rglob("*")) if file.is_file()
    ]
