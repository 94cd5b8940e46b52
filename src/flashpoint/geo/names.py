"""Hand-written name tables for the gazetteer: country aliases, demonyms, words that are not places.

These are small editorial lists (written for Flashpoint, not derived from any data set):
* ``COUNTRY_ALIASES`` — short or historical country names used in news, to ISO 3166 alpha-3.
* ``DEMONYMS`` — adjectives of nationality, to alpha-3. Demonyms are never places themselves; they
  are used for "the Iranian capital" and as country context.
* ``NOT_PLACES`` — capitalised English words and actor names that geonames lists as a town or an
  alternate town name ("Police" in Poland, "Of" in Turkey, "Hamas" for Hamm); never matched as
  cities.
* ``PERSON_LIKE`` — country/admin1 names that are also common personal names ("Jordan Smith").
* ``PLACE_ALIASES`` — English news spellings of places the gazetteer knows by other names ("Hodeidah" for Al
  Hudaydah), to the country and the gazetteer key they stand for.
"""

from __future__ import annotations

import re

COUNTRY_ALIASES: dict[str, str] = {
    "US": "USA", "U.S.": "USA", "U.S.A.": "USA", "USA": "USA", "United States of America": "USA",
    "UK": "GBR", "U.K.": "GBR", "Britain": "GBR", "Great Britain": "GBR",
    "England": "GBR", "Scotland": "GBR", "Wales": "GBR", "Northern Ireland": "GBR",
    "Russian Federation": "RUS", "South Korea": "KOR", "Republic of Korea": "KOR",
    "North Korea": "PRK", "DPRK": "PRK", "Ivory Coast": "CIV", "Cote d'Ivoire": "CIV",
    "Czech Republic": "CZE", "DRC": "COD", "DR Congo": "COD", "Congo-Kinshasa": "COD",
    "Congo-Brazzaville": "COG", "Congo": "COD", "Palestine": "PSE",
    "Palestinian territories": "PSE",
    "West Bank": "PSE", "Gaza Strip": "PSE", "Burma": "MMR", "Macedonia": "MKD",
    "Swaziland": "SWZ", "East Timor": "TLS", "Timor-Leste": "TLS", "Turkiye": "TUR",
    "Netherlands": "NLD", "Holland": "NLD", "UAE": "ARE", "Emirates": "ARE",
    "Bosnia": "BIH", "Viet Nam": "VNM", "Lao PDR": "LAO", "Cape Verde": "CPV",
    "The Gambia": "GMB", "Vatican City": "VAT", "Holy See": "VAT", "KSA": "SAU",
    "Kyrgyz Republic": "KGZ", "Moldavia": "MDA", "Byelorussia": "BLR", "Belorussia": "BLR",
    "Somaliland": "SOM", "Kurdistan Region": "IRQ",
}

PLACE_ALIASES: dict[str, tuple[str, str]] = {
    "Hodeidah": ("YEM", "al hudaydah"), "Saladin": ("IRQ", "salah ad din"), "Ninewa": ("IRQ", "nineveh"),
    "Anbar": ("IRQ", "al anbar"), "Sweida": ("SYR", "as suwayda"), "As-Sweida": ("SYR", "as suwayda"),
    "Bekaa": ("LBN", "beqaa"), "Metropolitana": ("CHL", "santiago metropolitan"), "AJK": ("PAK", "azad kashmir"),
}

DEMONYMS: dict[str, str] = {
    "Afghan": "AFG", "Albanian": "ALB", "Algerian": "DZA", "American": "USA", "Angolan": "AGO",
    "Argentine": "ARG", "Argentinian": "ARG", "Armenian": "ARM", "Australian": "AUS",
    "Austrian": "AUT", "Azerbaijani": "AZE", "Azeri": "AZE", "Bahraini": "BHR",
    "Bangladeshi": "BGD", "Belarusian": "BLR", "Belgian": "BEL", "Beninese": "BEN",
    "Bolivian": "BOL", "Bosnian": "BIH", "Brazilian": "BRA", "British": "GBR", "Bulgarian": "BGR",
    "Burkinabe": "BFA", "Burmese": "MMR", "Burundian": "BDI", "Cambodian": "KHM",
    "Cameroonian": "CMR", "Canadian": "CAN", "Chadian": "TCD", "Chilean": "CHL", "Chinese": "CHN",
    "Colombian": "COL", "Congolese": "COD", "Croatian": "HRV", "Cuban": "CUB", "Cypriot": "CYP",
    "Czech": "CZE", "Danish": "DNK", "Dutch": "NLD", "Ecuadorian": "ECU", "Egyptian": "EGY",
    "Emirati": "ARE", "Eritrean": "ERI", "Estonian": "EST", "Ethiopian": "ETH", "Filipino": "PHL",
    "Finnish": "FIN", "French": "FRA", "Gabonese": "GAB", "Gambian": "GMB", "Georgian": "GEO",
    "German": "DEU", "Ghanaian": "GHA", "Greek": "GRC", "Guatemalan": "GTM", "Guinean": "GIN",
    "Haitian": "HTI", "Honduran": "HND", "Hungarian": "HUN", "Indian": "IND",
    "Indonesian": "IDN", "Iranian": "IRN", "Iraqi": "IRQ", "Irish": "IRL", "Israeli": "ISR",
    "Italian": "ITA", "Ivorian": "CIV", "Jamaican": "JAM", "Japanese": "JPN", "Jordanian": "JOR",
    "Kazakh": "KAZ", "Kenyan": "KEN", "Kosovan": "XKX", "Kosovar": "XKX", "Kuwaiti": "KWT",
    "Kyrgyz": "KGZ", "Lao": "LAO", "Laotian": "LAO", "Latvian": "LVA", "Lebanese": "LBN",
    "Liberian": "LBR", "Libyan": "LBY", "Lithuanian": "LTU", "Macedonian": "MKD",
    "Malagasy": "MDG", "Malawian": "MWI", "Malaysian": "MYS", "Malian": "MLI", "Maltese": "MLT",
    "Mauritanian": "MRT", "Mexican": "MEX", "Moldovan": "MDA", "Mongolian": "MNG",
    "Montenegrin": "MNE", "Moroccan": "MAR", "Mozambican": "MOZ", "Namibian": "NAM",
    "Nepalese": "NPL", "Nepali": "NPL", "Nicaraguan": "NIC", "Nigerian": "NGA", "Nigerien": "NER",
    "North Korean": "PRK", "Norwegian": "NOR", "Omani": "OMN", "Pakistani": "PAK",
    "Palestinian": "PSE", "Panamanian": "PAN", "Paraguayan": "PRY", "Peruvian": "PER",
    "Polish": "POL", "Portuguese": "PRT", "Qatari": "QAT", "Romanian": "ROU", "Russian": "RUS",
    "Rwandan": "RWA", "Salvadoran": "SLV", "Saudi": "SAU", "Senegalese": "SEN", "Serbian": "SRB",
    "Sierra Leonean": "SLE", "Singaporean": "SGP", "Slovak": "SVK", "Slovenian": "SVN",
    "Somali": "SOM", "South African": "ZAF", "South Korean": "KOR", "South Sudanese": "SSD",
    "Spanish": "ESP", "Sri Lankan": "LKA", "Sudanese": "SDN", "Swedish": "SWE", "Swiss": "CHE",
    "Syrian": "SYR", "Taiwanese": "TWN", "Tajik": "TJK", "Tanzanian": "TZA", "Thai": "THA",
    "Togolese": "TGO", "Tunisian": "TUN", "Turkish": "TUR", "Turkmen": "TKM", "Ugandan": "UGA",
    "Ukrainian": "UKR", "Uruguayan": "URY", "Uzbek": "UZB", "Venezuelan": "VEN",
    "Vietnamese": "VNM", "Yemeni": "YEM", "Zambian": "ZMB", "Zimbabwean": "ZWE",
}

NOT_PLACES: frozenset[str] = frozenset({
    # capitalised function words, titles, institutions, calendar words
    "of", "the", "and", "man", "bar", "most", "best", "police", "along", "sale", "reading",
    "republic", "independence", "mobile", "union", "state", "states", "army", "university",
    "president", "minister", "ministry", "council", "court", "party", "general", "central",
    "national", "federal", "security", "forces", "force", "government", "city", "province",
    "district", "region", "county", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "upper", "lower", "new", "old", "great", "greater", "saint", "san",
    "santa", "port", "fort", "mount", "lake", "river", "island", "islands", "bay", "valley",
    "march", "may", "june", "july", "august", "january", "april", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "today", "said", "says",
    "christmas", "easter", "ramadan", "eid", "god", "allah", "media", "news", "post", "times",
    "guardian", "reuters", "press", "capital", "victory", "liberty", "hope", "unity", "peace",
    "justice", "progress", "freedom", "dignity", "sources", "officials", "official", "prime",
    "chief", "commander", "colonel", "major", "captain", "sergeant", "lieutenant", "governor",
    "mayor", "king", "queen", "prince", "princess", "sheikh", "emir", "imam", "bishop", "pope",
    "senator", "speaker", "secretary", "ambassador", "envoy", "spokesman", "spokeswoman",
    "director", "agency", "office", "department", "committee", "assembly", "parliament",
    "congress", "senate", "house", "white", "black", "red", "green", "blue", "golden", "royal",
    "democratic", "popular", "islamic", "islamist", "muslim", "christian", "jewish", "arab",
    "kurdish", "shia", "shiite", "sunni", "hamas", "hezbollah", "hizbollah", "taliban",
    "houthi", "houthis", "isis", "isil", "daesh", "shabaab", "boko", "haram", "wagner", "nato",
    "un", "eu", "au", "covid", "coronavirus", "internet", "facebook", "twitter", "whatsapp",
    "telegram", "google", "apple", "amazon", "microsoft", "molotov", "bank", "airport", "hospital",
    "school", "market", "station", "camp", "square", "street", "road", "bridge", "gate", "mine",
    "centre", "center", "tower", "palace", "temple", "church", "mosque", "embassy", "consulate",
    "border", "front", "frontier", "line", "zone", "area", "sector", "base", "mission",
    "operation", "brigade", "battalion", "division", "regiment", "corps", "militia",
    "movement", "front", "alliance", "coalition", "organization", "organisation", "group",
    "company", "corporation", "association", "federation", "foundation", "institute",
    "democracy", "liberal", "labour", "labor", "conservative", "socialist", "communist",
    "orange", "coast", "ash", "al", "el", "as", "at", "an", "ad", "ar", "ras", "bir", "umm", "abu",
    "bin", "ibn", "ben", "van", "von", "de", "da", "du", "la", "le", "ismail",
    # number words ("One person was killed": an alternate name of Onex)
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds",
})

# Country/admin1 names that are also personal names: treated like ambiguous city names.
PERSON_LIKE: frozenset[str] = frozenset({
    "jordan", "chad", "georgia", "israel", "victoria", "florida", "virginia", "carolina",
    "india", "lebanon", "kuwait", "paris", "sydney", "austin", "dallas", "houston", "lincoln",
    "washington", "jackson", "madison", "orlando", "florence", "charlotte", "aurora", "cuba",
    "oman", "niger", "mali", "peru", "china", "sudan", "hamilton", "kent", "essex", "york",
})

# Nouns of place kind that may follow a place name inside one name ("Kabul Province").
PLACE_NOUNS: frozenset[str] = frozenset({
    "city", "town", "village", "province", "governorate", "district", "region", "county",
    "state", "prefecture", "municipality", "area", "neighbourhood", "neighborhood", "camp",
    "countryside", "suburb", "outskirts", "oblast", "raion", "division", "department",
    "territory", "island", "islands", "valley", "desert", "mountains", "border", "strip",
    "subdistrict", "sub-district", "commune", "locality", "quarter",
})

# seats of government named for their building or street, at their capital ("protested outside the White House":
# Washington, not Casablanca, whose Arabic name means "white house")
SEATS: dict[str, str] = {
    "white house": "washington", "capitol hill": "washington", "pentagon": "washington", "kremlin": "moscow",
    "downing street": "london", "whitehall": "london", "elysee": "paris", "elysee palace": "paris",
    "zhongnanhai": "beijing", "blue house": "seoul", "bundestag": "berlin",
}

# things at a place that a town's possessive can name ("Harare's streets", "Kabul's airport"): the place, not its people
SITES: frozenset[str] = frozenset({
    "streets", "roads", "road", "square", "squares", "airport", "airports", "port", "ports", "harbour", "harbor",
    "installations", "facilities", "sites", "bases", "camps", "villages", "towns", "cities", "neighbourhoods",
    "neighborhoods", "districts", "suburbs", "coast", "coastline", "waters", "airspace", "soil", "prison", "prisons",
    "hospital", "hospitals", "compound", "market", "highway",
})

# place nouns that are no part of the ground after a possessive ("Iran's state media", "the army's division"), and
# words that end the possessive's phrase ("Russia's war in the east")
_NOT_GROUND = frozenset({"state", "division", "department", "border"})
_PHRASE_ENDS = frozenset({
    "in", "on", "at", "of", "to", "for", "with", "by", "from", "over", "that", "which", "who", "is", "was", "are",
    "were", "has", "had", "have", "said", "says",
})


def owns_ground(text: str, pos: int) -> bool:
    """The words after a place's possessive that ends at `pos` name ground it owns, after at most a few words
    ("Hyderabad's rutted and chaotic streets", "Thailand's southernmost provinces", "Sri Lanka's north"); not a
    name ("Syria's Aleppo": the possessive says whose), its people or its acts ("Moscow's decision")."""
    for word in text[pos:pos + 60].split()[:4]:
        word = word.strip(",.;:")
        if word[:1].isupper() or word in _PHRASE_ENDS:
            return False
        if _owned_ground(word):
            return True
    return False


def _owned_ground(word: str) -> bool:
    w = word.lower()
    if w in SITES or w == "capital" or re.match(r"(?:north|south|east|west)", w):
        return True
    one = w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") else w  # "cities", "provinces"
    return (w in PLACE_NOUNS or one in PLACE_NOUNS) and one not in _NOT_GROUND


# A country's name before one of these names its money, not the country ("the US dollar exchange rate",
# "the Hong Kong dollar", "Swiss francs"): no place, no actor. Words that are also verbs or names after a
# country ("Israel pounds Gaza", "Iran won", "Rand") are left out.
CURRENCY_WORDS: frozenset[str] = frozenset({
    "dollar", "dollars", "euro", "euros", "yuan", "renminbi", "ruble", "rubles", "rouble", "roubles", "lira",
    "liras", "rial", "rials", "riyal", "riyals", "dinar", "dinars", "rupee", "rupees", "peso", "pesos", "shekel",
    "shekels", "franc", "francs", "yen", "naira", "shilling", "shillings", "dirham", "dirhams", "hryvnia",
    "kwacha", "cedi", "birr", "reais", "bolivar", "bolivars", "taka",
})
