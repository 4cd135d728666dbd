"""wijkgen: neighbourhood activity calendars as a static site with iCalendar feeds."""

__version__ = "0.1.0"
