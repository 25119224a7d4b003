"""The data contract: column names, vocabularies, colours. Constants only."""

from __future__ import annotations

ID = "id"
DATE = "date"
END_DATE = "end_date"
EVENT_TYPE = "event_type"
ACTOR = "actor"
TITLE = "title"
DESCRIPTION = "description"
COUNT = "count"
COUNT_UNIT = "count_unit"
LOCATION = "location"
LATITUDE = "latitude"
LONGITUDE = "longitude"
SOURCES = "sources"
RESPONDS_TO = "responds_to"

COLUMNS: tuple[str, ...] = (
    ID,
    DATE,
    END_DATE,
    EVENT_TYPE,
    ACTOR,
    TITLE,
    DESCRIPTION,
    COUNT,
    COUNT_UNIT,
    LOCATION,
    LATITUDE,
    LONGITUDE,
    SOURCES,
    RESPONDS_TO,
)
# Optional Korean text; shown when the interface is Korean and searched in both languages.
TITLE_KO = "title_ko"
DESCRIPTION_KO = "description_ko"
TRANSLATED_TEXT: tuple[str, ...] = (TITLE_KO, DESCRIPTION_KO)
KNOWN_COLUMNS: tuple[str, ...] = (*COLUMNS, *TRANSLATED_TEXT)

REQUIRED: tuple[str, ...] = (ID, DATE, EVENT_TYPE, ACTOR, TITLE)
TEXT_COLUMNS: tuple[str, ...] = (
    ID,
    TITLE,
    DESCRIPTION,
    COUNT_UNIT,
    LOCATION,
    SOURCES,
    RESPONDS_TO,
    TITLE_KO,
    DESCRIPTION_KO,
)

# Added by the loader: the line of the file each event came from.
LINE = "line"
# Added to rejected rows: why the row was kept out.
REASON = "reason"

DATE_FORMAT = "%Y-%m-%d"
DATE_EXAMPLE = "2024-06-09"
# date and end_date may be known only to the month or the year, and marked approximate or
# uncertain: the EDTF level-1 forms YYYY, YYYY-MM and YYYY-MM-DD, each optionally ending in
# '~' (approximate) or '?' (uncertain). In memory, date is the first day of its period and
# end_date the last day of its own; these columns, added by the loader, keep the rest.
DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISIONS: tuple[str, ...] = (DAY, MONTH, YEAR)
APPROXIMATE = "~"
UNCERTAIN = "?"
# How precisely the date is known: DAY, MONTH or YEAR.
DATE_PRECISION = "date_precision"
# The last day the event may cover: the end of end_date, or of the date's own month or year.
PERIOD_END = "period_end"
# The date and end_date cells as written (EDTF), so exports keep their precision.
DATE_TEXT = "date_text"
END_DATE_TEXT = "end_date_text"
DATE_COLUMNS: tuple[str, ...] = (DATE_PRECISION, PERIOD_END, DATE_TEXT, END_DATE_TEXT)

# key -> (label, plural label, definition)
EVENT_TYPES: dict[str, tuple[str, str, str]] = {
    "balloon_launch": (
        "Balloon launch",
        "Balloon launches",
        "North Korean balloons carrying trash or waste sent south.",
    ),
    "balloon_impact": (
        "Balloon impact",
        "Balloon impacts",
        "What the balloons caused where they landed: fires, airport halts, debris on key sites.",
    ),
    "leaflet_launch": (
        "Leaflet launch",
        "Leaflet launches",
        "Leaflets, USB sticks, rice bottles or money sent north by activists in the South.",
    ),
    "loudspeaker": (
        "Loudspeaker",
        "Loudspeaker broadcasts",
        "Propaganda or noise broadcasts across the border: start, expansion, halt, removal.",
    ),
    "military_agreement": (
        "Military agreement",
        "Military agreement steps",
        "The 2018 Comprehensive Military Agreement: signing, suspension, abandonment.",
    ),
    "defection": (
        "Defection",
        "Defections",
        "A North Korean crossing to the South, or the disclosure of a notable defection.",
    ),
    "border_incident": (
        "Border incident",
        "Border incidents",
        "MDL or NLL crossings, warning shots, shootings, mines, border fortification.",
    ),
    "weapons_test": (
        "Weapons test",
        "Weapons tests",
        "Missile, rocket, artillery, satellite or nuclear test launches and firings.",
    ),
    "gps_jamming": ("GPS jamming", "GPS jamming", "Jamming of satellite navigation signals."),
    "demolition": (
        "Demolition",
        "Demolitions",
        "Destruction of inter-Korean roads, rail links, offices, monuments or facilities.",
    ),
    "drone_incident": (
        "Drone incident",
        "Drone incidents",
        "Drone intrusions across the border, or claims of them.",
    ),
    "policy_statement": (
        "Policy or statement",
        "Policies and statements",
        "A government decision, law, ruling, constitutional change or statement that is news.",
    ),
    "diplomacy": (
        "Diplomacy",
        "Diplomacy",
        "Summits, treaties, talks and agreements between states.",
    ),
    "military_exercise": (
        "Military exercise",
        "Military exercises",
        "Major joint or unilateral military drills.",
    ),
    "troop_deployment": (
        "Troop deployment",
        "Troop deployments",
        "Deployment of troops abroad, such as North Korean soldiers sent to Russia.",
    ),
}

# key -> (label, definition)
ACTORS: dict[str, tuple[str, str]] = {
    "north_korea": ("North Korea", "The North Korean state, its leaders, military and media."),
    "south_korea": ("South Korea", "The South Korean state, its government, military and courts."),
    "activists": ("Activists", "Civic and defector groups in South Korea acting on their own."),
    "defectors": ("Defectors", "Individual North Koreans who crossed to the South."),
    "united_states": ("United States", "The US government and forces."),
    "japan": ("Japan", "The Japanese government and forces."),
    "russia": ("Russia", "The Russian government and forces."),
    "china": ("China", "The Chinese government."),
    "united_nations": ("United Nations", "UN bodies, including the UN Command."),
}

# Colour-blind-safe palette (Paul Tol "muted" and "bright" schemes), with a marker shape per type
# so types stay apart without colour.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "balloon_launch": ("#CC6677", "circle"),
    "balloon_impact": ("#AA3377", "circle-x"),
    "leaflet_launch": ("#332288", "square"),
    "loudspeaker": ("#DDCC77", "diamond"),
    "military_agreement": ("#117733", "triangle-up"),
    "defection": ("#88CCEE", "star"),
    "border_incident": ("#882255", "x"),
    "weapons_test": ("#44AA99", "triangle-down"),
    "gps_jamming": ("#999933", "hexagon"),
    "demolition": ("#AA4499", "cross"),
    "drone_incident": ("#4477AA", "pentagon"),
    "policy_statement": ("#6E6E6E", "circle-open"),
    "diplomacy": ("#228833", "square-open"),
    "military_exercise": ("#EE6677", "diamond-open"),
    "troop_deployment": ("#CCBB44", "star-triangle-up"),
}
OTHER_STYLE: tuple[str, str] = ("#555555", "circle")
