"""Everything a volunteer reads about their content, in Dutch and English.

A problem is a value (`Diagnostic`): the code of a message plus its parameters and
where it happened. Only `render` turns it into words, so every message lives here
and the rest of the code never writes a sentence of its own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

# code -> (Dutch, English). Parameters are filled with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # reading files
    "file_unreadable": ("kan het bestand niet lezen ({reason})", "cannot read the file ({reason})"),
    "file_encoding": (
        "het bestand is geen UTF-8-tekst; sla het op als UTF-8",
        "the file is not UTF-8 text; save it as UTF-8",
    ),
    "file_too_large": (
        "het bestand is te groot ({size} kB, hoogstens {limit} kB)",
        "the file is too large ({size} kB, at most {limit} kB)",
    ),
    "symlink_outside": (
        "dit bestand verwijst naar een plek buiten de site; dat mag niet",
        "this file points to a place outside the site; that is not allowed",
    ),
    "not_a_file": (
        "dit is geen gewoon bestand; zet er een tekstbestand neer",
        "this is not an ordinary file; put a text file here",
    ),
    "frontmatter_missing": (
        "het bestand moet beginnen met een regel '---', dan de gegevens, dan weer '---'",
        "the file must start with a line '---', then the fields, then '---' again",
    ),
    "frontmatter_unclosed": (
        "de gegevens bovenaan worden niet afgesloten met een regel '---'",
        "the fields at the top are not closed with a line '---'",
    ),
    "frontmatter_too_large": (
        "de gegevens bovenaan zijn te groot ({size} kB, hoogstens {limit} kB); zet lange tekst "
        "onder de tweede '---'",
        "the fields at the top are too large ({size} kB, at most {limit} kB); put long text "
        "below the second '---'",
    ),
    "yaml_syntax": ("de gegevens kloppen niet: {problem}", "the fields are not valid: {problem}"),
    "yaml_unclosed": (
        "hier begint een tekst tussen aanhalingstekens of een lijst tussen haakjes die "
        "niet wordt afgesloten",
        "a quoted text or a bracketed list starts here and is not closed",
    ),
    "yaml_alias": (
        "verwijzingen met & en * worden niet ondersteund; schrijf de waarde voluit",
        "anchors and aliases (& and *) are not supported; write the value out",
    ),
    "yaml_too_deep": (
        "de gegevens zijn te diep genest (hoogstens {limit} niveaus)",
        "the fields are nested too deeply (at most {limit} levels)",
    ),
    "not_a_mapping": (
        "bovenaan horen regels als 'naam: waarde'",
        "the top must hold lines like 'name: value'",
    ),
    "duplicate_key": (
        "'{key}' staat er twee keer in (ook op regel {other})",
        "'{key}' appears twice (also on line {other})",
    ),
    "duplicate_slug": (
        "er is al een bestand met de naam '{slug}': {other}",
        "there is already a file named '{slug}': {other}",
    ),
    "bad_slug": (
        "de bestandsnaam geeft geen bruikbaar adres; gebruik letters, cijfers en streepjes",
        "the file name gives no usable address; use letters, digits and hyphens",
    ),
    "reserved_slug": (
        "de naam '{slug}' is al in gebruik door de site zelf; kies een andere bestandsnaam",
        "the name '{slug}' is used by the site itself; choose another file name",
    ),
    "site_missing": (
        "site.yaml ontbreekt in deze map; is dit de map van de site?",
        "site.yaml is missing in this folder; is this the site folder?",
    ),
    # fields
    "field_required": ("'{field}' ontbreekt, en is verplicht", "'{field}' is missing and required"),
    "field_unknown": (
        "onbekend veld '{field}' wordt overgeslagen",
        "unknown field '{field}' is ignored",
    ),
    "field_empty": ("'{field}' is leeg", "'{field}' is empty"),
    "expect_text": ("'{field}' moet een tekst zijn", "'{field}' must be text"),
    "expect_list": (
        "'{field}' moet een lijst zijn, zoals [a, b]",
        "'{field}' must be a list, like [a, b]",
    ),
    "expect_mapping": (
        "'{field}' moet regels als 'naam: waarde' bevatten",
        "'{field}' must hold lines like 'name: value'",
    ),
    "expect_number": (
        "'{field}' moet een heel getal vanaf 1 zijn, niet '{value}'",
        "'{field}' must be a whole number from 1, not '{value}'",
    ),
    "expect_date": (
        "'{value}' is geen datum; schrijf jaar-maand-dag, zoals 2026-10-07",
        "'{value}' is not a date; write year-month-day, like 2026-10-07",
    ),
    "expect_datetime": (
        "'{value}' is geen datum of datum met tijd; schrijf bijvoorbeeld 2026-10-07 09:30",
        "'{value}' is not a date or date and time; write for example 2026-10-07 09:30",
    ),
    "expect_end": (
        "'{value}' is geen eindtijd; schrijf een tijd (11:30) of datum en tijd",
        "'{value}' is not an end; write a time (11:30) or a date and time",
    ),
    "end_all_day": (
        "bij een activiteit van hele dagen is 'end' de laatste dag, zoals 2026-10-08",
        "for an all-day activity 'end' is the last day, like 2026-10-08",
    ),
    "end_needs_time": (
        "'start' heeft een tijd, dus 'end' ook (zoals 11:30)",
        "'start' has a time, so 'end' needs one too (like 11:30)",
    ),
    "end_before_start": (
        "het einde ({end}) ligt voor het begin ({start}); eindigt het na middernacht, "
        "schrijf dan datum en tijd",
        "the end ({end}) is before the start ({start}); if it ends after midnight, "
        "write the date and time",
    ),
    "bad_url": (
        "'{value}' is geen webadres, e-mailadres of telefoonnummer",
        "'{value}' is not a web address, e-mail address or phone number",
    ),
    "bad_url_scheme": (
        "'{value}': alleen adressen met https:, http:, mailto: of tel: zijn toegestaan",
        "'{value}': only https:, http:, mailto: and tel: addresses are allowed",
    ),
    "bad_email": ("'{value}' is geen e-mailadres", "'{value}' is not an e-mail address"),
    "bad_phone": ("'{value}' is geen telefoonnummer", "'{value}' is not a phone number"),
    "bad_status": (
        "status '{value}' bestaat niet; gebruik 'cancelled' (afgelast)",
        "status '{value}' does not exist; use 'cancelled'",
    ),
    "bad_language": (
        "taal '{value}' wordt niet ondersteund; kies nl of en",
        "language '{value}' is not supported; choose nl or en",
    ),
    "bad_timezone": ("onbekende tijdzone '{value}'", "unknown time zone '{value}'"),
    "bad_base_url": (
        "'{value}' is geen webadres; schrijf het zoals https://example.org/wijkagenda/",
        "'{value}' is not a web address; write it like https://example.org/wijkagenda/",
    ),
    # references
    "unknown_wijk": ("onbekende wijk '{value}'", "unknown wijk '{value}'"),
    "unknown_organisation": ("onbekende organisatie '{value}'", "unknown organisation '{value}'"),
    "unknown_topic": ("onbekend onderwerp '{value}'", "unknown topic '{value}'"),
    "unknown_age": ("onbekende leeftijdsgroep '{value}'", "unknown age group '{value}'"),
    "location_like_slug": (
        "locatie '{value}' lijkt op een locatienaam, maar die bestaat niet; "
        "het wordt als gewone tekst getoond",
        "location '{value}' looks like a venue name, but there is no such venue; "
        "it is shown as plain text",
    ),
    "did_you_mean": ("bedoelde je '{value}'?", "did you mean '{value}'?"),
    # recurrence
    "repeat_and_rrule": (
        "gebruik 'repeat' of 'rrule', niet allebei",
        "use 'repeat' or 'rrule', not both",
    ),
    "bad_every": (
        "'every' moet day, week, month of year zijn (of dag, week, maand, jaar), niet '{value}'",
        "'every' must be day, week, month or year, not '{value}'",
    ),
    "bad_weekday": ("'{value}' is geen dag van de week", "'{value}' is not a day of the week"),
    "bad_month_on": (
        "'{value}' begrijp ik niet; schrijf 'eerste woensdag', 'laatste vrijdag' of een "
        "dagnummer (1-31)",
        "'{value}' is not understood; write 'first wednesday', 'last friday' or a day "
        "number (1-31)",
    ),
    "on_not_allowed": (
        "'on' kan alleen bij every: week of every: month",
        "'on' only works with every: week or every: month",
    ),
    "until_and_count": (
        "gebruik 'until' of 'count', niet allebei",
        "use 'until' or 'count', not both",
    ),
    "until_before_start": (
        "'until' ({until}) ligt voor de eerste datum ({start})",
        "'until' ({until}) is before the first date ({start})",
    ),
    "bad_rrule": ("de rrule klopt niet: {problem}", "the rrule is not valid: {problem}"),
    "rrule_forbidden_part": (
        "'{part}' hoort niet in de rrule; zet de begindatum in 'start'",
        "'{part}' does not belong in the rrule; put the first date in 'start'",
    ),
    "start_not_in_pattern": (
        "de eerste datum ({start}, een {weekday}) past niet bij de herhaling; de eerste "
        "keer volgens de herhaling is {first}",
        "the first date ({start}, a {weekday}) does not fit the repetition; the first "
        "date of the repetition is {first}",
    ),
    "no_dates": (
        "deze herhaling levert geen enkele datum op",
        "this repetition produces no dates at all",
    ),
    "except_not_in_pattern": (
        "{value} is geen datum van deze herhaling",
        "{value} is not a date of this repetition",
    ),
    "occurrences_without_repeat": (
        "'occurrences' kan alleen bij een herhaalde activiteit; pas anders 'start' of "
        "'status' aan",
        "'occurrences' only works for a recurring activity; otherwise change 'start' or "
        "'status'",
    ),
    "occurrence_not_in_pattern": (
        "{value} is geen datum van deze herhaling; de dichtstbijzijnde is {nearest}",
        "{value} is not a date of this repetition; the nearest is {nearest}",
    ),
    "occurrence_is_except": (
        "{value} staat ook bij 'except'; een datum die niet doorgaat kan niet ook wijzigen",
        "{value} is also listed under 'except'; a date that does not happen cannot change",
    ),
    "occurrence_duplicate": (
        "{value} staat twee keer onder 'occurrences' (ook op regel {other})",
        "{value} is listed twice under 'occurrences' (also on line {other})",
    ),
    "occurrence_start_day": (
        "de nieuwe begintijd hoort bij een datum en tijd, zoals {value} 10:00",
        "the new start needs a date and time, like {value} 10:00",
    ),
    # warnings about likely mistakes
    "all_dates_past": (
        "alle datums van deze activiteit liggen in het verleden",
        "every date of this activity is in the past",
    ),
    "no_organiser": (
        "deze activiteit heeft geen organisator en geen aanmelding; hoe komen ouders meer "
        "te weten?",
        "this activity has no organiser and no registration; how do parents find out more?",
    ),
    "organisation_unused": (
        "geen enkele activiteit of wijk verwijst naar deze organisatie",
        "no activity or wijk refers to this organisation",
    ),
    "html_removed": (
        "onveilige HTML is weggehaald uit de tekst: {what}",
        "unsafe HTML was removed from the text: {what}",
    ),
    "html_in_text": (
        "HTML-codes of scriptlinks zijn weggehaald uit '{field}'; dit veld is gewone tekst",
        "HTML tags or script links were removed from '{field}'; this field is plain text",
    ),
    # partner feeds (site.yaml `sources:`)
    "source_bad_url": (
        "'{value}' is geen bruikbaar agenda-adres; gebruik https:// (http:// alleen voor "
        "localhost)",
        "'{value}' is not a usable calendar address; use https:// (http:// only for localhost)",
    ),
    "source_name_taken": (
        "er is al een bron met de naam '{name}' (regel {other}); geef deze een eigen 'name'",
        "there is already a source named '{name}' (line {other}); give this one its own 'name'",
    ),
    "source_needs_wijk": (
        "bron '{name}' heeft 'wijk' of 'wijk_by_location' nodig: in welke wijk horen de "
        "activiteiten?",
        "source '{name}' needs 'wijk' or 'wijk_by_location': which wijk do its activities "
        "belong to?",
    ),
    "source_failed": (
        "bron '{name}' kon niet worden opgehaald ({reason}); de kopie van {fetched} wordt gebruikt",
        "source '{name}' could not be fetched ({reason}); the copy of {fetched} is used",
    ),
    "source_failed_no_copy": (
        "bron '{name}' kon niet worden opgehaald ({reason}) en er is nog geen kopie; de "
        "activiteiten ervan staan niet op de site",
        "source '{name}' could not be fetched ({reason}) and there is no copy yet; its "
        "activities are not on the site",
    ),
    "source_broken_week": (
        "bron '{name}' werkt al sinds {since} niet ({reason}); de site toont nog de kopie van "
        "{fetched}. Vraag de partner de agenda te herstellen, of haal de bron weg",
        "source '{name}' has not worked since {since} ({reason}); the site still shows the copy "
        "of {fetched}. Ask the partner to fix the calendar, or remove the source",
    ),
    "source_not_fetched": (
        "bron '{name}' is nog niet opgehaald; 'wijkgen build' haalt hem op",
        "source '{name}' has not been fetched yet; 'wijkgen build' fetches it",
    ),
    "source_old": (
        "bron '{name}' is voor het laatst opgehaald op {fetched}; 'wijkgen build' haalt hem "
        "opnieuw op",
        "source '{name}' was last fetched on {fetched}; 'wijkgen build' fetches it again",
    ),
    "source_copy_broken": (
        "de bewaarde kopie van bron '{name}' is onleesbaar ({reason})",
        "the kept copy of source '{name}' cannot be read ({reason})",
    ),
    "sources_none": (
        "Er staan geen bronnen in site.yaml (zie 'sources:' in docs/partners.md).",
        "There are no sources in site.yaml (see 'sources:' in docs/partners.md).",
    ),
    "sources_fetched": ("  opgehaald: {when}", "  fetched: {when}"),
    "sources_never": ("nog nooit", "never"),
    "sources_counts": (
        "  activiteiten: {found} gevonden, {kept} overgenomen",
        "  events: {found} found, {kept} kept",
    ),
    # wijkgen import
    "import_unreadable": (
        "{path} is geen leesbaar agenda-bestand ({reason})",
        "{path} is not a readable calendar file ({reason})",
    ),
    "import_written": ("Nieuw: {path}", "New: {path}"),
    "import_kept": (
        "Al eerder overgenomen, niet veranderd: {path}",
        "Imported before, left unchanged: {path}",
    ),
    "import_split": (
        "'{title}' herhaalt zich op een manier die wijkgen niet kan opschrijven; de datums van "
        "het komende jaar staan elk in een eigen bestand",
        "'{title}' repeats in a way wijkgen cannot write down; each date of the coming year has "
        "a file of its own",
    ),
    "import_done": (
        "Klaar: {written} nieuwe en {kept} bestaande bestanden. Kijk ze na en voer 'wijkgen "
        "check' uit.",
        "Done: {written} new and {kept} existing files. Review them and run 'wijkgen check'.",
    ),
    # command line
    "summary_ok": ("Alles in orde: {files} bestanden gecontroleerd.", "All good: {files} files checked."),
    "summary_problems": (
        "{errors} fout(en), {warnings} waarschuwing(en).",
        "{errors} error(s), {warnings} warning(s).",
    ),
    "severity_error": ("fout", "error"),
    "severity_warning": ("waarschuwing", "warning"),
    "built": (
        "Klaar: {pages} pagina's en {feeds} agenda's geschreven naar {output} in {seconds} s.",
        "Done: {pages} pages and {feeds} feeds written to {output} in {seconds} s.",
    ),
    "not_built": (
        "Er is niets veranderd in {output}: los eerst de fouten hierboven op.",
        "Nothing in {output} was changed: fix the errors above first.",
    ),
    "bad_output_dir": (
        "de uitvoermap {output} mag niet de sitemap, een map erboven, / of je thuismap zijn",
        "the output folder {output} may not be the site folder, a folder above it, / or "
        "your home folder",
    ),
    "new_written": ("Nieuw bestand: {path}. Vul het in en bewaar het.", "New file: {path}. Fill it in and save it."),
    "new_exists": (
        "{path} bestaat al; kies een andere titel of pas dat bestand aan",
        "{path} already exists; choose another title or edit that file",
    ),
    "serving": (
        "De site staat op {url} . Stoppen: Ctrl+C.",
        "The site is at {url} . Stop with Ctrl+C.",
    ),
}

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Diagnostic:
    """A problem in one place of one file. `line` and `col` count from 1; 0 means 'whole file'."""

    path: str
    line: int
    col: int
    severity: str
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.code)


def error(path: str, line: int, col: int, code: str, suggestion: str | None = None, **params) -> Diagnostic:
    return Diagnostic(path, line, col, ERROR, code, params, suggestion)


def warning(path: str, line: int, col: int, code: str, suggestion: str | None = None, **params) -> Diagnostic:
    return Diagnostic(path, line, col, WARNING, code, params, suggestion)


def text(code: str, language: str, **params) -> str:
    nl, en = MESSAGES[code]
    return (en if language == "en" else nl).format(**params)


def closest(value: str, options: Iterable[str]) -> str | None:
    """The option a volunteer most likely meant, if one is close enough."""
    matches = difflib.get_close_matches(value.lower(), list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def render(diagnostic: Diagnostic, language: str) -> str:
    """One line: `path:line:col: error: message; did you mean 'x'?`"""
    message = text(diagnostic.code, language, **diagnostic.params)
    if diagnostic.suggestion:
        message += "; " + text("did_you_mean", language, value=diagnostic.suggestion)
    where = diagnostic.path
    if diagnostic.line:
        where += f":{diagnostic.line}:{diagnostic.col or 1}"
    return f"{where}: {text('severity_' + diagnostic.severity, language)}: {message}"


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def summary(diagnostics: list[Diagnostic], language: str, files: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    if not diagnostics:
        return text("summary_ok", language, files=files)
    return text("summary_problems", language, errors=errors, warnings=len(diagnostics) - errors)
