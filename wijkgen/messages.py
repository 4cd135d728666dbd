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
    "activity_too_long": (
        "de activiteit duurt langer dan {limit} dagen; klopt het jaartal van 'end'?",
        "the activity lasts longer than {limit} days; is the year of 'end' right?",
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
    "horizon_too_large": (
        "horizon_days {value} is te groot (hoogstens {limit})",
        "horizon_days {value} is too large (at most {limit})",
    ),
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
    "rrule_frequency": (
        "FREQ={value} wordt niet ondersteund; gebruik DAILY, WEEKLY, MONTHLY of YEARLY",
        "FREQ={value} is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY",
    ),
    "rrule_part_not_supported": (
        "'{part}' wordt niet ondersteund in een rrule; een activiteit herhaalt hoogstens per dag",
        "'{part}' is not supported in an rrule; an activity repeats at most daily",
    ),
    "count_too_large": (
        "count {value} is te groot (hoogstens {limit}); gebruik 'until' of laat het weg",
        "count {value} is too large (at most {limit}); use 'until' or leave it out",
    ),
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
        "de uitvoermap {output} mag niet de sitemap, een map erboven, / of je thuismap zijn, "
        "niet in content/, templates/ of .git liggen, en geen map met andere bestanden zijn",
        "the output folder {output} may not be the site folder, a folder above it, / or "
        "your home folder, may not lie in content/, templates/ or .git, and may not be a "
        "folder of other files",
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
    "hint_prefix": ("tip", "hint"),
    "none_yet": ("(nog geen)", "(none yet)"),
    "port_in_use": (
        "poort {port} is al in gebruik; kies een andere, bijvoorbeeld: wijkgen serve --port {other}",
        "port {port} is already in use; choose another, for example: wijkgen serve --port {other}",
    ),
    "serve_rebuilt": (
        "Bijgewerkt in {seconds} s: {summary}",
        "Rebuilt in {seconds} s: {summary}",
    ),
    "template_failed": (
        "een sjabloon in templates/ geeft een fout: {problem}",
        "a template in templates/ fails: {problem}",
    ),
    "init_not_empty": (
        "{folder} is niet leeg; kies een nieuwe of lege map",
        "{folder} is not empty; choose a new or empty folder",
    ),
    "init_written": (
        "Nieuwe site in {folder}. Lees eerst {guide}; bekijk de site met: wijkgen serve {folder}",
        "New site in {folder}. Read {guide} first; preview it with: wijkgen serve {folder}",
    ),
    "init_requirement": (
        "De workflows installeren wijkgen met: {requirement} (in {file})",
        "The workflows install wijkgen with: {requirement} (in {file})",
    ),
    "init_requirement_unknown": (
        "Let op: zet in {file} waar wijkgen vandaan komt, anders kan de site niet online "
        "(wijkgen staat niet op PyPI); in het bestand staat hoe",
        "Note: write in {file} where wijkgen comes from, or the site cannot be published "
        "(wijkgen is not on PyPI); the file shows how",
    ),
}

# Texts of the command itself, not problems in content: left out of the error list in docs/.
COMMAND_TEXTS = frozenset({
    "did_you_mean", "summary_ok", "summary_problems", "severity_error", "severity_warning",
    "built", "not_built", "new_written", "new_exists", "serving", "hint_prefix",
    "serve_rebuilt", "init_not_empty", "init_written", "init_requirement", "init_requirement_unknown", "none_yet",
    "port_in_use",
})

# code -> (Dutch, English): what to do about a problem, in plain words. Shown under the
# message by `wijkgen check`, and in the volunteer guide's list of messages.
HINTS: dict[str, tuple[str, str]] = {
    "file_unreadable": (
        "controleer of het bestand bestaat en niet door een ander programma is geopend",
        "check that the file exists and is not locked by another program",
    ),
    "file_encoding": (
        "kies in je editor 'Opslaan als' en dan de codering UTF-8",
        "in your editor choose 'Save as' and the encoding UTF-8",
    ),
    "file_too_large": (
        "zet alleen tekst in het bestand; foto's en pdf's horen er niet in",
        "keep only text in the file; photos and PDFs do not belong in it",
    ),
    "symlink_outside": (
        "vervang de koppeling door een gewoon bestand",
        "replace the link by an ordinary file",
    ),
    "frontmatter_missing": (
        "de allereerste regel van het bestand moet precies --- zijn, zonder spaties ervoor",
        "the very first line of the file must be exactly ---, without spaces before it",
    ),
    "frontmatter_unclosed": (
        "zet na het laatste veld een regel met alleen ---, en daarna de tekst",
        "put a line with only --- after the last field, and the text after it",
    ),
    "yaml_syntax": (
        "kijk op deze regel en de regel erboven: staat er een dubbele punt en een spatie "
        "na de veldnaam, en zijn de inspringingen gelijk? Zet tekst met een dubbele punt "
        "tussen aanhalingstekens",
        "look at this line and the one above: is there a colon and a space after the field "
        "name, and is the indentation the same? Put text containing a colon in quotes",
    ),
    "yaml_unclosed": (
        "zet aan het eind hetzelfde teken: een \" sluit met \", een [ sluit met ]",
        "end with the matching mark: a \" closes with \", a [ closes with ]",
    ),
    "yaml_alias": (
        "een & of * aan het begin van een waarde heeft een speciale betekenis; zet de "
        "waarde tussen aanhalingstekens",
        "a & or * at the start of a value has a special meaning; put the value in quotes",
    ),
    "yaml_too_deep": (
        "haal inspringingen weg: velden staan onder elkaar, niet in elkaar",
        "remove indentation: fields go below each other, not inside each other",
    ),
    "not_a_mapping": (
        "schrijf elk gegeven als 'veld: waarde' op een eigen regel",
        "write each field as 'field: value' on its own line",
    ),
    "duplicate_key": (
        "haal een van de twee regels weg; alleen de bedoelde waarde mag blijven",
        "remove one of the two lines; keep only the value you mean",
    ),
    "duplicate_slug": (
        "geef een van de twee bestanden een andere naam",
        "rename one of the two files",
    ),
    "bad_slug": (
        "hernoem het bestand, bijvoorbeeld naar oudercafe-stadshagen.md",
        "rename the file, for example to oudercafe-stadshagen.md",
    ),
    "reserved_slug": (
        "hernoem het bestand, bijvoorbeeld door de naam van de stad erachter te zetten",
        "rename the file, for example by adding the city's name",
    ),
    "site_missing": (
        "ga naar de map met site.yaml, of geef die map mee: wijkgen check MAP",
        "go to the folder with site.yaml, or name it: wijkgen check FOLDER",
    ),
    "field_required": (
        "voeg een regel toe zoals in het voorbeeld van 'wijkgen new'",
        "add a line as in the example of 'wijkgen new'",
    ),
    "field_unknown": (
        "controleer de spelling van de veldnaam; de velden staan in de handleiding",
        "check the spelling of the field name; the fields are listed in the guide",
    ),
    "field_empty": (
        "vul een waarde in na de dubbele punt, of haal de regel weg als het veld niet "
        "verplicht is",
        "fill in a value after the colon, or remove the line if the field is optional",
    ),
    "expect_text": (
        "schrijf de waarde op dezelfde regel, na de dubbele punt",
        "write the value on the same line, after the colon",
    ),
    "expect_list": (
        "zet de waarden tussen rechte haken, gescheiden door komma's",
        "put the values between square brackets, separated by commas",
    ),
    "expect_mapping": (
        "zet elk gegeven op een eigen regel als 'veld: waarde', ingesprongen onder de kop",
        "put each field on its own line as 'field: value', indented under the heading",
    ),
    "expect_number": ("schrijf alleen cijfers, zoals 2", "write digits only, like 2"),
    "expect_date": (
        "eerst het jaar, dan de maand, dan de dag, met streepjes: 2026-10-07",
        "year first, then month, then day, with hyphens: 2026-10-07",
    ),
    "expect_datetime": (
        "eerst de datum met streepjes, dan een spatie, dan de tijd met een dubbele punt",
        "the date with hyphens first, then a space, then the time with a colon",
    ),
    "expect_end": (
        "een eindtijd op dezelfde dag is genoeg: end: 11:30",
        "an end time on the same day is enough: end: 11:30",
    ),
    "end_all_day": (
        "een activiteit zonder tijd duurt hele dagen; wil je tijden, zet dan ook een tijd "
        "bij 'start'",
        "an activity without a time lasts whole days; for times, add a time to 'start' too",
    ),
    "end_needs_time": (
        "schrijf alleen de eindtijd, zoals end: 11:30",
        "write only the end time, like end: 11:30",
    ),
    "end_before_start": (
        "controleer of begin en einde niet zijn omgedraaid",
        "check that start and end are not swapped",
    ),
    "bad_url": (
        "een webadres begint met https://, een e-mailadres bevat een @",
        "a web address starts with https://, an e-mail address contains an @",
    ),
    "bad_url_scheme": (
        "kopieer het adres uit de adresbalk van je browser",
        "copy the address from your browser's address bar",
    ),
    "bad_email": ("een e-mailadres ziet eruit als naam@voorbeeld.nl", "an e-mail address looks like name@example.org"),
    "bad_phone": (
        "schrijf alleen cijfers, spaties, streepjes en eventueel een + vooraan",
        "write only digits, spaces, hyphens and perhaps a leading +",
    ),
    "bad_status": (
        "gaat de activiteit gewoon door? Haal de regel met 'status' dan weg",
        "does the activity happen as planned? Then remove the 'status' line",
    ),
    "bad_language": ("zet in site.yaml: language: nl", "put in site.yaml: language: en"),
    "bad_timezone": (
        "in Nederland is dat timezone: Europe/Amsterdam",
        "in the Netherlands that is timezone: Europe/Amsterdam",
    ),
    "bad_base_url": (
        "het adres waarop de site te zien is, met https:// ervoor en een / aan het eind",
        "the address where the site is published, with https:// in front and / at the end",
    ),
    "unknown_wijk": (
        "gebruik de bestandsnaam (zonder .md) uit content/wijken/, of all voor de hele stad",
        "use a file name (without .md) from content/wijken/, or all for the whole city",
    ),
    "unknown_organisation": (
        "gebruik de bestandsnaam (zonder .md) uit content/organisaties/; staat de "
        "organisatie er niet in, maak haar dan aan met: wijkgen new organisation \"Naam\"",
        "use a file name (without .md) from content/organisaties/; if the organisation is "
        "not there, add it with: wijkgen new organisation \"Name\"",
    ),
    "unknown_topic": (
        "de onderwerpen staan in site.yaml onder 'topics'; gebruik het woord voor de dubbele punt",
        "the topics are in site.yaml under 'topics'; use the word before the colon",
    ),
    "unknown_age": (
        "de leeftijdsgroepen staan in site.yaml onder 'ages'; gebruik het woord voor de "
        "dubbele punt",
        "the age groups are in site.yaml under 'ages'; use the word before the colon",
    ),
    "location_like_slug": (
        "bedoel je een locatie uit content/locaties/? Schrijf dan precies de bestandsnaam "
        "zonder .md; anders een gewone omschrijving met hoofdletters en spaties",
        "do you mean a venue from content/locaties/? Write its exact file name without .md; "
        "otherwise a normal description with capitals and spaces",
    ),
    "repeat_and_rrule": (
        "haal 'rrule' weg en houd 'repeat'; dat is makkelijker te lezen",
        "remove 'rrule' and keep 'repeat'; it is easier to read",
    ),
    "bad_every": ("bijvoorbeeld every: week", "for example every: week"),
    "bad_weekday": (
        "schrijf de dag voluit, zoals woensdag of wednesday",
        "write the day in full, like wednesday or woensdag",
    ),
    "bad_month_on": (
        "bijvoorbeeld on: eerste woensdag, of on: 15",
        "for example on: first wednesday, or on: 15",
    ),
    "on_not_allowed": (
        "haal 'on' weg, of kies every: week of every: month",
        "remove 'on', or choose every: week or every: month",
    ),
    "until_and_count": (
        "'until' is een laatste datum, 'count' een aantal keren; kies er een",
        "'until' is a last date, 'count' a number of times; choose one",
    ),
    "until_before_start": (
        "staat het jaartal goed bij 'until' en bij 'start'?",
        "is the year right in 'until' and in 'start'?",
    ),
    "bad_rrule": (
        "gebruik liever 'repeat' met every, on en until (zie de handleiding)",
        "prefer 'repeat' with every, on and until (see the guide)",
    ),
    "rrule_forbidden_part": (
        "de eerste datum staat in 'start', de laatste in 'until' onder 'repeat'",
        "the first date goes in 'start', the last in 'until' under 'repeat'",
    ),
    "start_not_in_pattern": (
        "zet 'start' op de eerste echte datum, of pas de dag bij 'on' aan",
        "set 'start' to the first real date, or change the day under 'on'",
    ),
    "no_dates": (
        "controleer 'until', 'count' en 'except': samen laten ze geen datum over",
        "check 'until', 'count' and 'except': together they leave no date",
    ),
    "except_not_in_pattern": (
        "controleer de datum: valt hij op de dag waarop de activiteit is?",
        "check the date: does it fall on the day the activity happens?",
    ),
    "occurrences_without_repeat": (
        "alleen een activiteit met 'repeat' kan per datum wijzigen",
        "only an activity with 'repeat' can change per date",
    ),
    "occurrence_not_in_pattern": (
        "bij 'date' hoort de oorspronkelijke datum; een nieuwe datum zet je bij 'start'",
        "'date' is the original date; a new date goes in 'start'",
    ),
    "occurrence_is_except": (
        "wil je de datum als afgelast tonen? Haal hem dan weg bij 'except'",
        "do you want to show the date as cancelled? Then remove it from 'except'",
    ),
    "occurrence_duplicate": (
        "voeg de twee blokken voor deze datum samen tot een",
        "merge the two blocks for this date into one",
    ),
    "occurrence_start_day": (
        "schrijf bij 'start' de datum en de tijd",
        "write both the date and the time under 'start'",
    ),
    "all_dates_past": (
        "komt de activiteit terug? Pas de datum aan. Zo niet, dan mag het bestand weg",
        "is the activity coming back? Change the date. If not, the file can go",
    ),
    "no_organiser": (
        "voeg 'organisers' of 'registration' toe, zodat ouders weten bij wie ze terecht kunnen",
        "add 'organisers' or 'registration', so that parents know whom to ask",
    ),
    "organisation_unused": (
        "zet bij de organisatie 'wijk' om haar op de wijkpagina's te tonen, of noem haar "
        "bij 'organisers' van een activiteit",
        "add 'wijk' to the organisation to show it on wijk pages, or name it under "
        "'organisers' of an activity",
    ),
    "html_removed": (
        "schrijf gewone tekst of Markdown; scripts en formulieren kunnen niet",
        "write plain text or Markdown; scripts and forms are not possible",
    ),
    "bad_output_dir": (
        "laat --output weg; dan komt de site in de map output/",
        "leave out --output; the site then goes into the folder output/",
    ),
    "not_a_file": (
        "haal de map of koppeling weg en maak een gewoon bestand met .md erachter",
        "remove the folder or link and create an ordinary file ending in .md",
    ),
    "frontmatter_too_large": (
        "bovenaan staan alleen korte gegevens; de beschrijving komt onder de tweede regel ---",
        "only short fields go at the top; the description goes below the second line ---",
    ),
    "html_in_text": (
        "schrijf de waarde als gewone tekst, zonder < > of codes",
        "write the value as plain text, without < > or codes",
    ),
    "source_bad_url": (
        "kopieer de agenda-link (.ics) van de partner opnieuw; hij begint met https://",
        "copy the partner's calendar link (.ics) again; it starts with https://",
    ),
    "source_name_taken": (
        "geef elke bron in site.yaml een andere 'name'",
        "give each source in site.yaml a different 'name'",
    ),
    "source_needs_wijk": (
        "zet bij de bron in site.yaml bijvoorbeeld wijk: all",
        "add to the source in site.yaml for example wijk: all",
    ),
    "source_failed": (
        "meestal gaat dit vanzelf over; blijft het, vraag de partner of de agenda-link nog klopt",
        "this usually passes by itself; if it stays, ask the partner whether the calendar link is still right",
    ),
    "source_failed_no_copy": (
        "controleer de agenda-link in site.yaml, of vraag de partner of hij nog klopt",
        "check the calendar link in site.yaml, or ask the partner whether it is still right",
    ),
    "source_broken_week": (
        "neem contact op met de partner, of zet een # voor de bron in site.yaml",
        "contact the partner, or put a # before the source in site.yaml",
    ),
    "source_not_fetched": (
        "niets aan doen: bij de volgende keer bouwen wordt de bron opgehaald",
        "nothing to do: the next build fetches the source",
    ),
    "source_old": (
        "niets aan doen: bij de volgende keer bouwen wordt de bron opgehaald",
        "nothing to do: the next build fetches the source",
    ),
    "source_copy_broken": (
        "haal de map .wijkgen-cache weg; bij de volgende keer bouwen wordt de bron opnieuw opgehaald",
        "remove the folder .wijkgen-cache; the next build fetches the source again",
    ),
    "template_failed": (
        "herstel de laatste wijziging in templates/, of haal het bestand daar weg om het "
        "standaardsjabloon te gebruiken",
        "undo the last change in templates/, or remove the file there to use the built-in one",
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


def hint(diagnostic: Diagnostic, language: str) -> str | None:
    """What to do about it, in plain words; None where the message says it all."""
    texts = HINTS.get(diagnostic.code)
    if texts is None:
        return None
    return text("hint_prefix", language) + ": " + (texts[1] if language == "en" else texts[0])


def closest(value: str, options: Iterable[str]) -> str | None:
    """The option a volunteer most likely meant, if one is close enough."""
    matches = difflib.get_close_matches(value.lower(), list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def describe(diagnostic: Diagnostic, language: str) -> str:
    """The message alone, without place or severity: `message; did you mean 'x'?`"""
    message = text(diagnostic.code, language, **diagnostic.params)
    if diagnostic.suggestion:
        message += "; " + text("did_you_mean", language, value=diagnostic.suggestion)
    return message


def render(diagnostic: Diagnostic, language: str) -> str:
    """One line: `path:line:col: error: message; did you mean 'x'?`"""
    message = describe(diagnostic, language)
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
