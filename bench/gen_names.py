#!/usr/bin/env python3
"""Realistic customer names for measuring the duplicate check (SPEC 4.6, 5).

Real company names share most of their words: places, surnames, industry
words, generic business words and legal suffixes. This writes, for two
"bases" of names with different vocabularies and patterns:

  base a: business words ("Summit Harbor Retail Enterprises", "Woodgrove
          Bank", "A. Datum Corporation"), a few countries' suffixes;
  base b: places, surnames, industry words and public bodies ("Missouri
          Consulting", "Smith & Jones", "First National Bank of Lima",
          "Travis County Sheriff's Office", "Müller Logistik GmbH"),
          legal suffixes of 24 countries.

  OUT/feed-X.csv      a commerce feed of N customers, one tenant each
                      (tenant_id,domain,customer,tpid,region,seats); 1% of
                      the customers are true variants of other customers
                      of the feed (another TPID), as gen_feed.py's are;
  LABELLED/truth-X.csv  those variants: variant,original,kind;
  LABELLED/dupes-X.csv  the labelled queries: query,target,label,kind.
      label match: a true variant of the feed customer `target`, kinds
        suffix punctuation accents ampersand acronym the typo1 typo2 joined
        split abbreviation word-order;
      label new: a customer that is not in the feed (target empty):
        diff-place diff-industry diff-surname diff-word: a feed name with
        one distinctive word replaced by another of its kind; diff-prefix:
        replaced by a word sharing its first three letters ("Missouri" ->
        "Mississippi", "Consulting" -> "Construction"); plain: a new name
        from the same vocabulary.

and (unless --no-small) a small set for unit tests: fixtures/dupes/
base-small.csv (a feed of ~200 customers, pairwise distinct: `tenant
dupes` on it should find nothing) and fixtures/dupes/labelled-small.csv
(~160 queries against it, every kind above).

What "distinct" means here. Every word of the vocabulary is at least 3
edits (optimal string alignment) away from every other, so that a typo
never turns one word into another. Two customers of the feed, and a `new`
query and any customer, never have
  - the same distinctive words, in any order (generic business words such
    as Global, Services, Group, legal suffixes and of/and/the ignored,
    abbreviations expanded): "Summit Harbor Retail Enterprises" and
    "Harbor Summit Retail Partners Inc" count as the same;
  - the same distinctive words once the spaces are removed ("Wood Grove",
    "Woodgrove");
  - the same distinctive words plus one ("Vintage Terrace Ventures",
    "Vintage Terrace Software Ventures": perhaps one organisation);
  - a bare brand and a longer name with it ("Patriot Cliff Group", "Patriot
    Cliff Automotive and Transport": perhaps one organisation);
  - the same distinctive words but one, that one within 2 edits (1 edit
    for words of 4 letters or fewer: typos are made in longer words only);
  - a one-word name equal to the other's initials.
A variant is checked the same way against every customer of another
cluster (a typo'd word must be nearer its original than any other word).
Acronyms are made only of names whose initials no other customer shares.

Deterministic: the same --seed and --n give the same files byte for byte.

usage: gen_names.py [--n 100000] [--seed 1] [--base a|b|both]
                    [--out DIR] [--labelled DIR] [--no-small]
  default: feeds to bench/out/, labelled sets to bench/labelled/, the
  small set to fixtures/dupes/. With --out DIR every file goes to DIR
  (unless --labelled says otherwise) and the small set is skipped.
"""
import argparse
import csv
import os
import random
import re
import sys
import unicodedata
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MATCH_KINDS = ["suffix", "punctuation", "accents", "ampersand", "acronym", "the", "typo1", "typo2",
               "joined", "split", "abbreviation", "word-order"]
NEW_KINDS = ["diff-place", "diff-industry", "diff-surname", "diff-word", "diff-prefix", "plain"]


def words(text):
    """A vocabulary list: one entry per line or comma."""
    return [w.strip() for w in re.split(r"[,\n]", text) if w.strip()]


# ---------------------------------------------------------------- vocabulary

US_STATES = words("""Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware,
Florida, Georgia, Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland,
Massachusetts, Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska, Nevada, New Hampshire,
New Jersey, New Mexico, New York, North Carolina, North Dakota, Ohio, Oklahoma, Oregon, Pennsylvania,
Rhode Island, South Carolina, South Dakota, Tennessee, Texas, Utah, Vermont, Virginia, Washington,
West Virginia, Wisconsin, Wyoming""")

US_CITIES = words("""Atlanta, Austin, Baltimore, Boston, Buffalo, Charlotte, Chicago, Cincinnati, Cleveland,
Columbus, Dallas, Denver, Detroit, El Paso, Fort Worth, Fresno, Honolulu, Houston, Indianapolis,
Jacksonville, Kansas City, Las Vegas, Long Beach, Los Angeles, Louisville, Memphis, Miami, Milwaukee,
Minneapolis, Nashville, New Orleans, Oakland, Omaha, Orlando, Philadelphia, Phoenix, Pittsburgh,
Portland, Raleigh, Richmond, Sacramento, Salt Lake City, San Antonio, San Diego, San Francisco, San Jose,
Seattle, Spokane, St. Louis, St. Paul, Tampa, Tucson, Tulsa, Albuquerque, Anchorage, Boise, Birmingham,
Charleston, Chattanooga, Des Moines, Durham, Fargo, Greensboro, Hartford, Knoxville, Lexington, Lincoln,
Little Rock, Madison, Mobile, Montgomery, Newark, Norfolk, Providence, Reno, Rochester, Savannah,
Scranton, Syracuse, Toledo, Trenton, Wichita, Worcester, Yonkers, Springfield, Greenville, Fairfield,
Brookhaven, Westchester, Riverside, Lakewood, Plainfield, Bloomfield, Northfield, Clearwater, Hollywood,
Bakersfield, Huntsville, Fayetteville, Ann Arbor, Baton Rouge, Boulder, Cambridge, Dayton, Eugene,
Flagstaff, Galveston, Green Bay, Harrisburg, Ithaca, Juneau, Kalamazoo, Laredo, Macon, Naples, Ogden,
Pasadena, Peoria, Pueblo, Quincy, Salem, Santa Fe, Santa Barbara, Sioux Falls, Tacoma, Topeka, Waco,
Yakima, Aurora, Irvine, Plano, Chandler, Scottsdale, Provo, Billings, Missoula, Duluth, Erie, Akron,
Allentown, Middletown, Georgetown, Newcastle, Southampton, Travis, Cook, Harris, Maricopa, Orange,
Kings, Dade, Broward, Wayne, Tarrant, Bexar, Suffolk, Hennepin, Fulton, Cuyahoga, Allegheny, Oakland""")

REGIONS = words("""Midwest, Pacific Northwest, New England, Gulf Coast, Bay Area, Great Lakes, Rocky Mountain,
Southwest, Northeast, Southeast, Mid-Atlantic, Tri-County, Central Valley, Inland Empire, Upstate,
Lowcountry, Panhandle, Piedmont, Ozark, Appalachian, Cascade, Sierra, Tidewater, Hudson Valley,
Silicon Valley, Bavaria, Flanders, Wallonia, Catalonia, Andalusia, Lombardy, Tuscany, Provence, Normandy,
Brittany, Scandinavia, Nordic, Baltic, Balkan, Iberia, Alsace, Saxony, Silesia, Yorkshire, Cornwall,
Wessex, Highlands, Patagonia, Outback, Riviera""")

COUNTRIES = words("""Argentina, Australia, Perú, Austria, Belgium, Brazil, Canada, Chile, China, Colombia,
Croatia, Czechia, Denmark, Egypt, Estonia, Finland, France, Germany, Greece, Hungary, Iceland, India,
Indonesia, Ireland, Israel, Italy, Japan, Jordan, Kenya, Korea, Latvia, Lithuania, Luxembourg, Malaysia,
Mexico, Morocco, Netherlands, New Zealand, Nigeria, Norway, Pakistan, Peru, Philippines, Poland,
Portugal, Romania, Scotland, Singapore, Slovakia, Slovenia, South Africa, Spain, Sweden, Switzerland,
Thailand, Turkey, Ukraine, Uruguay, Vietnam, Wales, Qatar, Oman, Panama, Ecuador, Bolivia, Paraguay,
Venezuela, Tunisia, Ghana""")

WORLD_CITIES = words("""Amsterdam, Antwerp, Athens, Auckland, Bangalore, Bangkok, Barcelona, Beijing, Berlin,
Bern, Bogotá, Bordeaux, Brisbane, Brussels, Bucharest, Budapest, Buenos Aires, Cairo, Calgary,
Cape Town, Copenhagen, Córdoba, Dublin, Düsseldorf, Edinburgh, Frankfurt, Geneva, Genoa, Glasgow,
Göteborg, Hamburg, Helsinki, Hong Kong, Istanbul, Jakarta, Johannesburg, Köln, Kraków, Kyoto, Lagos,
Leeds, León, Lille, Lima, Lisbon, Liverpool, Ljubljana, London, Lyon, Madrid, Málaga, Malmö,
Manchester, Manila, Marseille, Medellín, Melbourne, Milan, Montréal, Mumbai, München, Nairobi, Nantes,
Osaka, Oslo, Ottawa, Palermo, Paris, Perth, Porto, Prague, Québec, Reykjavík, Riga, Rotterdam,
Santiago, São Paulo, Seoul, Sevilla, Shanghai, Sofia, Stockholm, Strasbourg, Stuttgart, Sydney,
Taipei, Tallinn, Tokyo, Toronto, Toulouse, Turin, Utrecht, Valencia, Vancouver, Venice, Vienna,
Vilnius, Warsaw, Wellington, Winnipeg, Zagreb, Zürich, Łódź, Århus, Tromsø, Nagoya, Sapporo, Pune,
Chennai, Hyderabad, Kolkata, Delhi, Karachi, Lahore, Dhaka, Hanoi, Penang, Cebu, Adelaide, Hobart,
Darwin, Canberra, Gdańsk, Poznań, Brno, Graz, Linz, Basel, Lausanne, Lugano, Bilbao, Zaragoza,
Coimbra, Braga, Gent, Leuven, Eindhoven, Groningen, Aarhus, Bergen, Stavanger, Tampere, Turku,
Uppsala, Västerås, Jönköping, Dijon, Rennes, Grenoble, Nancy, Bologna, Florence, Verona, Trieste,
Bari, Catania""")

SURNAMES = words("""Smith, Johnson, Williams, Brown, Jones, García, Miller, Davis, Rodríguez, Martínez,
Hernández, López, González, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Pérez,
Thompson, White, Harris, Sánchez, Clark, Ramírez, Lewis, Robinson, Walker, Young, Allen, King, Wright,
Scott, Torres, Nguyen, Hill, Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell,
Carter, Roberts, Phillips, Evans, Turner, Parker, Collins, Edwards, Stewart, Morris, Murphy, Cook,
Rogers, Morgan, Peterson, Cooper, Reed, Bailey, Bell, Gómez, Kelly, Howard, Ward, Cox, Díaz,
Richardson, Wood, Watson, Brooks, Bennett, Gray, James, Reyes, Hughes, Price, Myers, Long, Foster,
Sanders, Ross, Morales, Powell, Sullivan, Russell, Ortiz, Jenkins, Gutiérrez, Perry, Butler, Barnes,
Fisher, Henderson, Coleman, Simmons, Patterson, Jordan, Reynolds, Hamilton, Graham, Kim, Alexander,
Wallace, Griffin, West, Cole, Hayes, Chávez, Gibson, Bryant, Ellis, Stevens, Murray, Ford, Marshall,
Owens, McDonald, Harrison, Ruiz, Kennedy, Wells, Álvarez, Woods, Mendoza, Castillo, Olson, Webb,
Washington, Tucker, Freeman, Burns, Henry, Vásquez, Snyder, Simpson, Crawford, Jiménez, Porter, Mason,
Shaw, Gordon, Wagner, Hunter, Romero, Hicks, Dixon, Hunt, Palmer, Robertson, Black, Holmes, Stone,
Meyer, Boyd, Mills, Warren, Fox, Rose, Rice, Moreno, Schmidt, Patel, Ferguson, Nichols, Herrera,
Medina, Ryan, Fernández, Weaver, Daniels, Stephens, Gardner, Payne, Kelley, Dunn, Pierce, Arnold,
Tran, Spencer, Peters, Hawkins, Grant, Hansen, Castro, Hoffman, Hart, Elliott, Cunningham, Knight,
Bradley, O'Brien, O'Connor, O'Neill, McCarthy, MacLeod, Müller, Schröder, Schneider, Fischer, Weber,
Becker, Köhler, Schäfer, Krüger, Jürgens, Dupont, Dubois, Lefèvre, Moreau, Laurent, Girard, Bélanger,
Gagné, Côté, François, Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino,
Greco, Bruno, Gallo, Conti, De Luca, Costa, Nuñez, Peña, Muñoz, Ibáñez, Navarro, Domínguez,
Gonçalves, Araújo, Simões, Fernandes, Pereira, Oliveira, Santos, Silva, Souza, Carvalho, Almeida,
Jansen, De Vries, Van Dijk, Bakker, Visser, Mulder, De Jong, Janssens, Peeters, Maes, Jacobs,
Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsen, Håkansson, Sørensen, Christensen,
Rasmussen, Jørgensen, Virtanen, Korhonen, Nieminen, Mäkinen, Kowalski, Nowak, Wiśniewski, Wójcik,
Novák, Dvořák, Nagy, Horváth, Kovács, Szabó, Popescu, Ionescu, Papadopoulos, Yılmaz, Kaya, Sharma,
Gupta, Singh, Kumar, Reddy, Iyer, Mehta, Shah, Chopra, Tanaka, Suzuki, Takahashi, Watanabe, Yamamoto,
Nakamura, Kobayashi, Sato, Kato, Chen, Wang, Zhang, Liu, Huang, Zhao, Zhou, Park, Choi, Jung, Kang,
Yoon, Wong, Chan, Lau, Goldberg, Greenberg, Rosenberg, Silverstein, Goldman, Newman, Whitfield,
Littlefield, Fairbanks, Hartwell, Woodward, Blackwood, Ashford, Pemberton, Thornton, Whitaker,
Langley, Hargreaves, Ainsworth, Caldwell, Donnelly, Gallagher, Brennan, Fitzgerald, Kavanagh, Lynch,
Quinn, Doyle, Byrne, Walsh, Kaufman, Weinstein, Lindqvist, Bergström, Lindgren, Sundberg, Åberg""")

INDUSTRIES = words("""Retail, Energy, Logistics, Consulting, Health, Dental, Bank, Insurance, Construction,
Foods, Motors, Manufacturing, Pharma, Media, Telecom, Software, Engineering, Realty, Properties,
Airlines, Transport, Shipping, Freight, Marine, Mining, Steel, Chemicals, Plastics, Textiles, Apparel,
Furniture, Electric, Solar, Water, Farms, Dairy, Beverages, Brewing, Hospitality, Hotels, Travel,
Education, Publishing, Printing, Packaging, Security, Legal, Accounting, Finance, Investments,
Mortgage, Automotive, Aerospace, Robotics, Biotech, Medical, Pharmacy, Veterinary, Fitness, Sports,
Entertainment, Studios, Design, Architecture, Marketing, Advertising, Staffing, Cleaning, Plumbing,
Roofing, Landscaping, Electronics, Semiconductors, Wireless, Broadband, Analytics, Gaming, Toys,
Jewelry, Cosmetics, Fashion, Footwear, Outdoor, Equipment, Machinery, Supply, Distribution, Wholesale,
Imports, Exports, Lumber, Paper, Glass, Cement, Paving, Trucking, Aviation, Rail, Towing, Storage,
Moving, Catering, Bakery, Seafood, Produce, Nutrition, Wellness, Therapy, Orthodontics, Optical,
Hearing, Radiology, Cardiology, Pediatrics, Imaging, Laboratories, Diagnostics, Genetics, Petroleum,
Pipeline, Utilities, Nuclear, Hydro, Recycling, Waste, Environmental, Agriculture, Organics, Coffee,
Wines, Tobacco, Lighting, Flooring, Cabinets, Windows, Doors, Pools, Fencing, Drilling, Welding,
Fabrication, Tooling, Castings, Polymers, Coatings, Adhesives, Fasteners, Valves, Pumps, Sensors,
Controls, Instruments, Optics, Lasers, Batteries, Cables, Wiring, Telemetry, Satellites, Drones,
Defense, Ammunition, Surveying, Mapping, Translation, Tutoring, Childcare, Eldercare, Hospice,
Chiropractic, Dermatology, Oncology, Urology, Podiatry, Audiology""")

# generic business words: they weigh little in a name
GENERIC_START = words("""Global, International, National, United, First, Premier, Advanced, Integrated,
Strategic, Dynamic, Innovative, Creative, Professional, Consolidated, Allied, General, Universal,
Superior, American, Continental, Metropolitan, Regional, Modern, Standard, Precision, Quality, Elite,
Prime, Select, Trusted, Total, Smart, Digital, Applied, Certified, Complete""")
GENERIC_END = words("""Services, Solutions, Systems, Partners, Associates, Enterprises, Industries,
Holdings, Group, Technologies, Ventures, Resources, Management, Networks, Trading, Works,
Brands, Capital, International, Center, Concepts, Innovations, Dynamics, Alliance, Collective,
Worldwide, Unlimited, Specialists, Outfitters, Agency, Studio, Institute, Exchange, Depot""")
FOREIGN_GENERIC = words("Société, Grupo, Asociados, Fils, Sons, Brothers, Compagnie, Gesellschaft")

WORD1 = words("""Summit, Silver, Blue, Golden, Crystal, Eagle, Cedar, Maple, Pine, Iron, Granite, Coral,
Crimson, Azure, Evergreen, Pioneer, Liberty, Heritage, Horizon, Apex, Zénith, Keystone, Beacon, Falcon,
Phoenix, Atlas, Titan, Orion, Polaris, Nova, Sterling, Royal, Noble, Swift, Bright, Bold, Amber, Ivory,
Onyx, Jade, Scarlet, Indigo, Emerald, Sapphire, Cobalt, Copper, Bronze, Platinum, Diamond, Marble,
Velvet, Thunder, Lightning, Arctic, Polar, Tropical, Coastal, Northern, Southern, Eastern, Western,
Central, Alpine, Lunar, Stellar, Cosmic, Vivid, Rapid, Agile, Nimble, Steady, Loyal, Honest, Gentle,
Grand, Majestic, Regal, Vintage, Classic, Urban, Rustic, Patriot, Frontier, Legacy, Vanguard, Sentinel,
Guardian, Paramount, Pinnacle, Crescent, Harmony, Serenity, Trinity, Élan, Étoile, Crème, Fidelity,
Integrity, Providence, Odyssey, Mosaic, Tandem, Quest, Venture, Triumph, Valor, Radiant, Silk, Scout""")

WORD2 = words("""Harbor, Ridge, Valley, River, Lake, Creek, Bay, Point, Peak, Field, Brook, Crest, Grove,
Hill, Rock, Springs, Bridge, Gate, Path, Way, Star, Wave, Wind, Light, Stream, Forest, Meadow, Canyon,
Mesa, Shore, Park, Crown, Arrow, Shield, Anchor, Compass, Harvest, Haven, Trail, Island, Cove, Falls,
Heights, Plains, Prairie, Desert, Delta, Glen, Hollow, Orchard, Garden, Tower, Castle, Lantern,
Landing, Crossing, Junction, Square, Circle, Avenue, Terrace, Ledge, Cliff, Dune, Reef, Lagoon, Fjord,
Tundra, Timber, Willow, Aspen, Birch, Spruce, Cypress, Sequoia, Magnolia, Juniper, Laurel, Sage,
Thistle, Clover, Fern, Moss, Ember, Flame, Spark, Bolt, Forge, Anvil, Hammer, Quarry, Mill, Café""")

# compounds, with where they split ("Woodgrove" -> "Wood Grove")
COMPOUNDS = words("""Wood|grove, North|wind, Green|field, River|side, Lake|view, Blue|water, South|ridge,
Fair|view, West|brook, Brook|field, Clear|water, Silver|line, Stone|bridge, High|land, Sun|rise,
Pine|crest, Oak|wood, Red|stone, Black|rock, White|hall, Star|light, Moon|stone, Sea|side,
Water|front, Sky|line, Bay|shore, East|gate, North|star, Wild|wood, Iron|wood, Rose|wood, Cloud|peak,
Fire|fly, Blue|bird, Sand|stone, Key|point, Hill|top, Glen|more, Heart|land, Bright|path,
Deep|field, Frost|gate, Lime|light, Path|finder, Trail|blazer, Home|stead, Wind|mill, Tail|spin,
Wing|tip, Tail|wind, Gold|leaf, Snow|crest, Ever|bright,
Open|field, Spring|board, Cross|water, Mid|town, Up|lands, Bell|wether, Bright|stone""")
PLACE_SPLITS = {"Springfield": "Spring|field", "Fairfield": "Fair|field", "Brookhaven": "Brook|haven",
                "Westchester": "West|chester", "Riverside": "River|side", "Lakewood": "Lake|wood",
                "Plainfield": "Plain|field", "Bloomfield": "Bloom|field", "Northfield": "North|field",
                "Clearwater": "Clear|water", "Hollywood": "Holly|wood",
                "Middletown": "Middle|town", "Georgetown": "George|town", "Newcastle": "New|castle",
                "Greenville": "Green|ville", "Blackwood": "Black|wood", "Littlefield": "Little|field"}

NOUNS = words("""Datum, Vector, Matrix, Quantum, Fusion, Nexus, Vertex, Pixel, Signal, Logic, Metric,
Cipher, Vantage, Insight, Synergy, Catalyst, Momentum, Paragon, Prism, Spectrum, Axis, Orbit, Radius,
Helix, Kinetic, Fractal, Tensor, Cortex, Lumen, Photon, Quasar, Nebula, Zephyr, Contoso, Fabrikam,
Litware, Proseware, Relecloud, Lamna, Tailspin, Wingtip, Lucerne, Humongous, Yonder, Coho, Trey,
Adventure, Fourth Coffee, Alpine Ski, Wide World, Blue Yonder, Margie, Munson, Vanarsdel, Bellows,
Graphic, Consolidated Messenger, City Power""")

OFFICES = words("""Sheriff's Office, Health Department, Public Library, School District, Water District,
Fire Department, Parks Department, Clerk's Office, Treasurer's Office, Transit Authority,
Housing Authority, Circuit Court, Public Works, Emergency Services, Assessor's Office,
Board of Education, Airport Authority, Community Hospital, Extension Office, Election Board,
Planning Commission, Animal Services, Social Services, Probation Department, Attorney's Office,
Recorder's Office, Highway Department, Coroner's Office, Detention Center""")

# legal forms by country: (forms, region)
LEGAL = {
    "US": (["Inc", "Inc.", "Incorporated", "LLC", "L.L.C.", "Corp", "Corp.", "Corporation", "Co.",
            "Company", "LLP"], "americas"),
    "CA": (["Inc.", "Ltd.", "Ltée", "Corp."], "americas"),
    "BR": (["Ltda", "Ltda.", "S.A."], "americas"),
    "MX": (["S.A. de C.V.", "SA de CV"], "americas"),
    "UK": (["Ltd", "Ltd.", "Limited", "PLC", "plc", "LLP"], "emea"),
    "DE": (["GmbH", "AG", "SE"], "emea"),
    "AT": (["GmbH", "AG"], "emea"),
    "CH": (["AG", "SA", "GmbH", "Sàrl"], "emea"),
    "FR": (["SA", "S.A.", "SAS", "S.A.S.", "SARL"], "emea"),
    "IT": (["S.r.l.", "Srl", "S.p.A.", "SpA"], "emea"),
    "ES": (["S.L.", "S.A.", "SL"], "emea"),
    "NL": (["BV", "B.V.", "N.V.", "NV"], "emea"),
    "BE": (["NV", "BVBA", "SA", "SRL"], "emea"),
    "FI": (["Oy", "Oyj"], "emea"),
    "SE": (["AB"], "emea"),
    "NO": (["AS", "ASA"], "emea"),
    "DK": (["A/S", "ApS"], "emea"),
    "HU": (["Kft", "Kft.", "Zrt."], "emea"),
    "PL": (["Sp. z o.o.", "S.A."], "emea"),
    "CZ": (["s.r.o.", "a.s."], "emea"),
    "AU": (["Pty Ltd", "Pty. Ltd.", "Pty Limited"], "apj"),
    "JP": (["KK", "K.K.", "Co., Ltd."], "apj"),
    "IN": (["Pvt Ltd", "Pvt. Ltd.", "Private Limited", "Ltd"], "apj"),
    "SG": (["Pte Ltd", "Pte. Ltd."], "apj"),
    "MY": (["Sdn Bhd", "Sdn. Bhd.", "Bhd"], "apj"),
    "CN": (["Co., Ltd.", "Ltd"], "apj"),
}
COUNTRY_WEIGHTS_A = {"US": 50, "UK": 18, "DE": 7, "FR": 4, "NL": 4, "AU": 4, "CA": 4, "CH": 3, "JP": 3,
                     "IN": 3}
COUNTRY_WEIGHTS_B = {"US": 30, "CA": 4, "BR": 4, "MX": 3, "UK": 10, "DE": 7, "AT": 2, "CH": 3, "FR": 5,
                     "IT": 4, "ES": 4, "NL": 3, "BE": 2, "FI": 2, "SE": 2, "NO": 2, "DK": 2, "HU": 1,
                     "PL": 2, "CZ": 1, "AU": 4, "JP": 4, "IN": 4, "SG": 2, "MY": 1, "CN": 3}

# the legal-form words of SPEC 4.6, plus the other countries'
SPEC_LEGAL = words("""inc, incorporated, corp, corporation, co, company, ltd, limited, llc, llp, plc, gmbh,
ag, sa, sas, srl, spa, bv, nv, pty, kk, oy, ab, as, group, holdings""")
EXTRA_LEGAL = words("ltee, sarl, sl, bvba, oyj, asa, aps, kft, zrt, sro, ltda, pvt, pte, bhd, se")

ABBREV = {  # word -> the forms it is written as
    "international": ["Intl", "Intl.", "Int'l"], "national": ["Natl", "Natl.", "Nat'l"],
    "manufacturing": ["Mfg", "Mfg."], "services": ["Svcs", "Svcs."], "university": ["Univ", "Univ."],
    "department": ["Dept", "Dept."], "association": ["Assn", "Assn.", "Ass'n"],
    "technologies": ["Tech", "Techs"], "management": ["Mgmt", "Mgmt.", "Mgt"],
    "brothers": ["Bros", "Bros."], "center": ["Ctr", "Ctr."],
}
ABBREV_BACK = {}
for _full, _forms in ABBREV.items():
    for _f in _forms:
        ABBREV_BACK[re.sub(r"[.']", "", _f).lower()] = _full

STOP = ["and", "of", "the", "for", "de", "du", "des", "und", "et", "y"]
ACRONYM_SKIP = STOP

KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEAR = {}
for _r, _row in enumerate(KEYBOARD):
    for _c, _ch in enumerate(_row):
        _n = []
        for _dr, _dc in ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0)):
            _rr, _cc = _r + _dr, _c + _dc
            if 0 <= _rr < 3 and 0 <= _cc < len(KEYBOARD[_rr]):
                _n.append(KEYBOARD[_rr][_cc])
        NEAR[_ch] = _n


# ---------------------------------------------------------------- normalising

SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE",
                         "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE", "ı": "i", "’": "'"})


def strip_accents(s):
    s = s.translate(SPECIAL)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def raw_tokens(name):
    s = strip_accents(name).lower().replace("&", " and ")
    s = re.sub(r"[.'`]", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).split()


LEGAL_SEQS = sorted({tuple(raw_tokens(f)) for forms, _ in LEGAL.values() for f in forms}
                    | {(w,) for w in SPEC_LEGAL + EXTRA_LEGAL}, key=lambda t: -len(t))
LEGAL_TOKENS = {t for seq in LEGAL_SEQS for t in seq}
DOTTED = {compact_: f for forms, _ in LEGAL.values() for f in forms if "." in f
          for compact_ in [re.sub(r"[^a-z]", "", f.lower())]}


def tokens(name):
    """Normalised words: lowercase, accents stripped, & -> and, punctuation
    dropped, legal suffixes (of every country here) dropped from the end,
    a leading "the" dropped."""
    toks = raw_tokens(name)
    changed = True
    while changed and len(toks) > 1:
        changed = False
        for seq in LEGAL_SEQS:
            n = len(seq)
            if len(toks) > n and tuple(toks[-n:]) == seq:
                del toks[-n:]
                changed = True
                break
    if len(toks) > 1 and toks[0] == "the":
        toks = toks[1:]
    return toks


GENERIC_TOKENS = {t for w in GENERIC_START + GENERIC_END + FOREIGN_GENERIC for t in raw_tokens(w)}


def distinctive(name):
    """The words that tell a name apart, abbreviations expanded."""
    return [ABBREV_BACK.get(t, t) for t in tokens(name)
            if ABBREV_BACK.get(t, t) not in GENERIC_TOKENS and t not in STOP]


def initials(name):
    sig = [t for t in tokens(name) if t not in ACRONYM_SKIP]
    return "".join(t[0] for t in sig) if len(sig) >= 3 else None


def osa(a, b):
    """Optimal string alignment distance (Damerau-Levenshtein without
    repeated edits of a substring)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > 3:
        return abs(la - lb)
    prev2 = None
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[lb]


def close(a, b):
    """Could one of these words be a typo of the other? Within 2 edits, or
    1 when one of them has 4 letters or fewer (typos are made only in
    words of 5 letters or more)."""
    return osa(a, b) <= (2 if min(len(a), len(b)) >= 5 else 1)


def deletes(w, d=2):
    out = {w}
    frontier = {w}
    for _ in range(d):
        nxt = set()
        for x in frontier:
            for i in range(len(x)):
                nxt.add(x[:i] + x[i + 1:])
        out |= nxt
        frontier = nxt
    return out


class NearIndex:
    """Words within 2 edits of a word, by shared deletions."""

    def __init__(self):
        self.map = {}

    def add(self, w):
        for v in deletes(w):
            self.map.setdefault(v, []).append(w)

    def near(self, w, d=2):
        seen = {}
        for v in deletes(w, d):
            for x in self.map.get(v, ()):
                seen[x] = True
        return sorted(x for x in seen if osa(w, x) <= d)


def compact(text):
    return re.sub(r"[^a-z]", "", strip_accents(text).lower())


# ---------------------------------------------------------------- vocabulary, pruned

class Vocab:
    """Every entry at least 3 edits from every other (the same word in two
    lists is one word)."""

    def __init__(self):
        self.index = NearIndex()
        self.seen = {}
        self.lists = {}
        self.accented = {}  # stripped text -> accented text
        self.token_index = NearIndex()
        self.tokens = {}

    def add(self, cat, items):
        kept = []
        for text in items:
            key = compact(text)
            if not key:
                continue
            if key not in self.seen:
                if self.index.near(key):
                    continue
                self.index.add(key)
                self.seen[key] = text
            if text not in kept:
                kept.append(text)
            if strip_accents(text) != text:
                self.accented[strip_accents(text)] = text
            for t in raw_tokens(text):
                if t not in self.tokens:
                    self.tokens[t] = True
                    self.token_index.add(t)
        self.lists[cat] = self.lists.get(cat, []) + kept
        return kept


def build_vocab():
    v = Vocab()
    for cat, items in [("industry", INDUSTRIES), ("generic-start", GENERIC_START),
                       ("generic-end", GENERIC_END), ("foreign", FOREIGN_GENERIC),
                       ("place", US_STATES + US_CITIES + COUNTRIES + REGIONS + WORLD_CITIES),
                       ("surname", SURNAMES), ("word1", WORD1), ("word2", WORD2),
                       ("compound", [c.replace("|", "") for c in COMPOUNDS]), ("noun", NOUNS),
                       ("office", OFFICES)]:
        v.add(cat, items)
    for w in ["County", "University", "State", "Community", "College", "Medical", "Savings", "Credit",
              "Union", "Association", "Banco", "The", "Bank", "First", "National", "Center"]:
        for t in raw_tokens(w):
            if t not in v.tokens:
                v.tokens[t] = True
                v.token_index.add(t)
    for t in list(LEGAL_TOKENS) + STOP:
        if t not in v.tokens:
            v.tokens[t] = True
            v.token_index.add(t)
    # the words of a bare brand ("Patriot Cliff Group", "Smith & Sons")
    v.brand_tokens = {t for cat in ("word1", "word2", "noun", "compound", "surname")
                      for text in v.lists[cat] for t in raw_tokens(text)}
    v.splits = {}
    for c in COMPOUNDS:
        a, b = c.split("|")
        v.splits[a + b] = (a, b.capitalize())
    for whole, c in PLACE_SPLITS.items():
        a, b = c.split("|")
        v.splits[whole] = (a, b.capitalize())
    # same-category words sharing their first three letters (diff-prefix)
    v.prefix = {}
    for cat in ("place", "surname", "industry", "word1", "word2", "compound", "noun", "office"):
        groups = {}
        for text in v.lists[cat]:
            groups.setdefault(compact(text)[:3], []).append(text)
        v.prefix[cat] = {k: g for k, g in groups.items() if len(g) > 1}
    return v


# ---------------------------------------------------------------- names

PUBLIC = ("University", "County", "College", "Union", "Association", "Medical")
DISTINCT_CATS = ("place", "surname", "industry", "word1", "word2", "compound", "noun", "office")


def render(parts):
    return " ".join(t for t, _ in parts)


class Generator:
    def __init__(self, base, vocab, rng):
        self.base = base
        self.v = vocab
        self.rng = rng
        weights = COUNTRY_WEIGHTS_A if base == "a" else COUNTRY_WEIGHTS_B
        self.countries = list(weights)
        self.states = [p for p in vocab.lists["place"] if p in US_STATES]
        self.cweights = [weights[c] for c in self.countries]

    def pick(self, cat):
        text = self.rng.choice(self.v.lists[cat])
        if strip_accents(text) != text and self.rng.random() < 0.3:
            text = strip_accents(text)  # feeds often lose accents
        return text

    def legal(self, p):
        """A legal suffix (or None), and the customer's region (that of the
        suffix's country)."""
        country = self.rng.choices(self.countries, self.cweights)[0]
        forms, region = LEGAL[country]
        if self.rng.random() >= p:
            return None, region
        return self.rng.choice(forms), region

    def make(self):
        """A new name: (parts, region)."""
        parts = self.make_a() if self.base == "a" else self.make_b()
        return parts

    def make_a(self):
        r = self.rng
        P = self.pick
        pat = r.choices(range(11), [30, 10, 8, 12, 8, 3, 5, 5, 4, 5, 10])[0]
        if pat == 0:
            parts = [(P("word1"), "word1"), (P("word2"), "word2"), (P("industry"), "industry"),
                     (P("generic-end"), "gen")]
        elif pat == 1:
            parts = [(P("word1"), "word1"), (P("word2"), "word2"), (P("generic-end"), "gen")]
        elif pat == 2:
            parts = [(P("generic-start"), "gen"), (P("word2"), "word2"), (P("industry"), "industry")]
        elif pat == 3:
            parts = [(P("compound"), "compound"), (P("industry"), "industry")]
            if r.random() < 0.5:
                parts.append((P("generic-end"), "gen"))
        elif pat == 4:
            parts = [(P("word1"), "word1"), (P("noun"), "noun"), (P("generic-end"), "gen")]
        elif pat == 5:
            parts = [(r.choice("ABCDEFGHJKLMNPRSTVW") + ".", "initial"), (P("noun"), "noun")]
            if r.random() < 0.7:
                parts.append((P("generic-end"), "gen"))
        elif pat == 6:
            parts = [(P("generic-start"), "gen"), (P("word1"), "word1"), (P("word2"), "word2"),
                     (P("generic-end"), "gen")]
        elif pat == 7:
            parts = [(P("word1"), "word1"), (P("word2"), "word2"), (P("industry"), "industry"),
                     ("&" if r.random() < 0.7 else "and", "amp"), (P("industry"), "industry")]
        elif pat == 8:
            parts = [("The", "the"), (P("word1"), "word1"), (P("word2"), "word2"),
                     (P("generic-end"), "gen")]
        elif pat == 9:
            parts = [(P("word1"), "word1"), (P("compound"), "compound"), (P("industry"), "industry")]
        else:
            parts = [(P("noun"), "noun"), (P("industry"), "industry"), (P("generic-end"), "gen")]
        if pat not in (5, 8) and r.random() < 0.03:
            parts.insert(0, ("The", "the"))
        if r.random() < 0.02:
            parts.insert(0, ("Société", "gen") if r.random() < 0.7 else ("Societe", "gen"))
        suffix, region = self.legal(0.5)
        if suffix:
            parts.append((suffix, "legal"))
        return parts, region

    def make_b(self):
        r = self.rng
        P = self.pick
        amp = ("&", "amp") if r.random() < 0.7 else ("and", "amp")
        pat = r.choices(range(26), [15, 8, 8, 2, 10, 8, 2, 2, 2, 1, 1, 1, 2, 5, 2, 1, 1, 2, 2, 3, 1, 1, 1,
                                    1, 4, 4])[0]
        p_legal = 0.6
        if pat == 0:
            parts = [(P("place"), "place"), (P("industry"), "industry")]
        elif pat == 1:
            parts = [(P("place"), "place"), (P("industry"), "industry"), (P("generic-end"), "gen")]
        elif pat == 2:
            parts = [(P("surname"), "surname"), amp, (P("surname"), "surname")]
        elif pat == 3:
            parts = [(P("surname") + ",", "surname"), (P("surname"), "surname"), amp,
                     (P("surname"), "surname")]
        elif pat == 4:
            parts = [(P("surname"), "surname"), (P("industry"), "industry")]
        elif pat == 5:
            parts = [(P("surname"), "surname"), (P("industry"), "industry"), (P("generic-end"), "gen")]
        elif pat == 6:
            parts = [(P("surname"), "surname"), ("Brothers", "gen")]
            if r.random() < 0.5:
                parts.append((P("industry"), "industry"))
        elif pat == 7:
            parts = [(P("surname"), "surname"), amp, ("Sons", "gen")]
        elif pat == 8:
            parts = [("First", "gen"), ("National", "gen"), ("Bank", "fixed"), ("of", "stop"),
                     (P("place"), "place")]
            p_legal = 0.1
        elif pat == 9:
            parts = [(P("place"), "place"), ("National", "gen"), ("Bank", "fixed")]
        elif pat == 10:
            parts = [("Bank", "fixed"), ("of", "stop"), (P("place"), "place")]
            p_legal = 0.2
        elif pat == 11:
            parts = [(P("place"), "place"), ("Savings", "fixed"), ("Bank", "fixed")]
        elif pat == 12:
            parts = [(P("place"), "place"), ("Credit", "fixed"), ("Union", "fixed")]
            p_legal = 0
        elif pat == 13:
            parts = [(P("place"), "place"), ("County", "fixed"), (P("office"), "office")]
            p_legal = 0
        elif pat == 14:
            parts = [("University", "fixed"), ("of", "stop"), (P("place"), "place")]
            p_legal = 0
        elif pat == 15:
            state = r.choice(self.states)  # "State University": a US state's
            parts = [(state, "place"), ("State", "fixed"), ("University", "fixed")]
            p_legal = 0
        elif pat == 16:
            parts = [(P("place"), "place"), ("Community", "fixed"), ("College", "fixed")]
            p_legal = 0
        elif pat == 17:
            parts = [(P("place"), "place"), ("Medical", "fixed"), ("Center", "gen")]
            p_legal = 0.1
        elif pat == 18:
            parts = [(P("place"), "place"), (P("industry"), "industry"), ("Association", "fixed")]
            p_legal = 0
        elif pat == 19:
            parts = [(P("place"), "place"), (P("industry"), "industry"), amp,
                     (P("industry"), "industry")]
        elif pat == 20:
            parts = [("Société" if r.random() < 0.7 else "Societe", "gen"), (P("surname"), "surname"),
                     ("et", "stop"), ("Fils", "gen")]
        elif pat == 21:
            parts = [(P("surname"), "surname"), ("y", "stop"), ("Asociados", "gen")]
        elif pat == 22:
            parts = [("Grupo", "gen"), (P("surname"), "surname")]
        elif pat == 23:
            parts = [("Banco", "fixed"), ("de", "stop"), (P("place"), "place")]
        elif pat == 24:
            parts = [(P("generic-start"), "gen"), (P("industry"), "industry"), ("of", "stop"),
                     (P("place"), "place")]
        else:
            parts = [(P("place"), "place"), (P("word2"), "word2"), (P("industry"), "industry")]
        if parts[0][1] != "the" and r.random() < 0.02:
            parts.insert(0, ("The", "the"))
        suffix, region = self.legal(p_legal)
        if suffix:
            parts.append((suffix, "legal"))
        return parts, region


# ---------------------------------------------------------------- the feed and its checks

def runs(dt):
    """The runs of 1 to 3 consecutive words of dt, dt itself left out."""
    for n in range(1, min(3, len(dt) - 1) + 1):
        for i in range(len(dt) - n + 1):
            yield dt[i:i + n]


def skeletons(dt):
    for i in range(len(dt)):
        yield i, tuple(dt[:i]) + ("*",) + tuple(dt[i + 1:])


class World:
    """The customers of a feed, with the keys that keep them apart."""

    def __init__(self, vocab):
        self.v = vocab
        self.names = []
        self.parts = []
        self.region = []
        self.cluster = []
        self.kind = []
        self.by_name = {}
        self.reg = {}
        self.exact = {}     # distinctive words, in order -> cluster
        self.minus_one = {}  # distinctive words, in order, one left out -> cluster
        self.bare = {}      # the distinctive words of bare brands -> cluster
        self.runs = {}      # runs of 1-3 distinctive words inside longer names -> cluster (-2: several)
        self.skel_odd = {}  # skeleton -> [(index, word)] for words not in the vocabulary
        self.init_count = {}
        self.init_owner = {}  # initials -> cluster (-2: several)
        self.single = {}
        self.near_cache = {}

    def near_tokens(self, t):
        """Vocabulary words within 2 edits of t, t itself left out."""
        got = self.near_cache.get(t)
        if got is None:
            got = [x for x in self.v.token_index.near(t) if x != t]
            if t in self.v.tokens:
                self.near_cache[t] = got
        return got

    @staticmethod
    def keys(name):
        dt = distinctive(name)
        return dt, ("k4",) + tuple(sorted(dt)), "k5:" + "".join(dt)

    def fits(self, name, cluster):
        """Would `name` stay apart from every customer of another cluster?"""
        if name in self.by_name:
            return False
        dt, k4, k5 = self.keys(name)
        if not dt:
            return False
        for k in (k4, k5):
            c = self.reg.get(k)
            if c is not None and c != cluster:
                return False
        if len(dt) == 1:
            owner = self.init_owner.get(dt[0])
            if owner is not None and owner != cluster:
                return False
        ini = initials(name)
        if ini and ini in self.single and self.single[ini] != cluster:
            return False
        dt = tuple(dt)
        # the same words plus one more, or one fewer
        c = self.minus_one.get(dt)
        if c is not None and c != cluster:
            return False
        for i in range(len(dt)):
            c = self.exact.get(dt[:i] + dt[i + 1:])
            if c is not None and c != cluster:
                return False
        # a bare brand, and a longer name with it ("Patriot Cliff Group",
        # "Patriot Cliff Automotive and Transport")
        if all(t in self.v.brand_tokens for t in dt):
            c = self.runs.get(dt)
            if c is not None and c != cluster:
                return False
        for run in runs(dt):
            c = self.bare.get(run)
            if c is not None and c != cluster:
                return False
        # the same words but one, that one a possible typo of the other
        for i, key in skeletons(dt):
            for x in self.near_tokens(dt[i]):
                if not close(x, dt[i]):
                    continue
                c = self.exact.get(dt[:i] + (x,) + dt[i + 1:])
                if c is not None and c != cluster:
                    return False
            for idx, w in self.skel_odd.get(key, ()):
                if self.cluster[idx] != cluster and w != dt[i] and close(w, dt[i]):
                    return False
        return True

    def add(self, parts, region, cluster=None, kind=None, text=None):
        name = text if text is not None else render(parts)
        idx = len(self.names)
        c = idx if cluster is None else cluster
        if not self.fits(name, c):
            return False
        dt, k4, k5 = self.keys(name)
        self.names.append(name)
        self.parts.append(parts)
        self.region.append(region)
        self.cluster.append(c)
        self.kind.append(kind)
        self.by_name[name] = idx
        self.reg.setdefault(k4, c)
        self.reg.setdefault(k5, c)
        self.exact.setdefault(tuple(dt), c)
        for i in range(len(dt)):
            if len(dt) > 1:
                self.minus_one.setdefault(tuple(dt[:i] + dt[i + 1:]), c)
        if all(t in self.v.brand_tokens for t in dt):
            self.bare.setdefault(tuple(dt), c)
        for run in runs(tuple(dt)):
            owner = self.runs.get(run)
            self.runs[run] = c if owner is None or owner == c else -2
        for i, key in skeletons(dt):
            if dt[i] not in self.v.tokens:
                self.skel_odd.setdefault(key, []).append((idx, dt[i]))
        ini = initials(name)
        if ini:
            self.init_count[ini] = self.init_count.get(ini, 0) + 1
            owner = self.init_owner.get(ini)
            self.init_owner[ini] = c if owner is None or owner == c else -2
        if len(dt) == 1:
            self.single.setdefault(dt[0], c)
        return True

    def is_new(self, name):
        """Is `name` apart from every customer (a fair `new` query)?"""
        return self.fits(name, -1)


# ---------------------------------------------------------------- variants

def flat(parts):
    """The words of a name, each with its part's category."""
    out = []
    for text, cat in parts:
        for w in text.split(" "):
            out.append([w, cat])
    return out


def join(ws):
    return " ".join(w for w, _ in ws if w)


def cap_like(new, old):
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


class Variants:
    def __init__(self, vocab, rng):
        self.v = vocab
        self.rng = rng

    def make(self, kind, parts, region):
        return getattr(self, kind.replace("-", "_"))(parts, region)

    # -- suffix: a legal suffix added, changed or removed
    def suffix(self, parts, region):
        r = self.rng
        if any(t in PUBLIC for t, _ in parts):
            return None  # a university or a county office has no legal form
        ws = flat(parts)
        legal = [w for w in ws if w[1] == "legal"]
        body = [w for w in ws if w[1] != "legal"]
        if legal and r.random() < 0.4:
            return join(body)
        old = compact(join(legal)) if legal else None
        countries = [c for c, (_, reg) in LEGAL.items() if region is None or reg == region]
        country = r.choice(countries)
        forms = [f for f in LEGAL[country][0] if compact(f) != old]
        if not forms:
            return None
        return join(body) + " " + r.choice(forms)

    # -- punctuation: commas, periods, hyphens, apostrophes
    def punctuation(self, parts, region):
        r = self.rng
        ws = flat(parts)
        options = []
        li = [i for i, w in enumerate(ws) if w[1] == "legal"]
        if li:
            first = li[0]
            if first > 0 and not ws[first - 1][0].endswith(","):
                options.append(("comma", first))
            options.append(("dots", first))
        for i in range(len(ws) - 1):
            if (ws[i][1] in DISTINCT_CATS and ws[i + 1][1] in DISTINCT_CATS
                    and ws[i][0].isalpha() and ws[i + 1][0].isalpha()):
                options.append(("hyphen", i))
        for i, w in enumerate(ws):
            if "'" in w[0]:
                options.append(("apostrophe", i))
            if w[1] == "initial":
                options.append(("initial", i))
            if w[0] in ("St.", "St"):
                options.append(("saint", i))
            if w[0].endswith(",") and w[1] != "legal":
                options.append(("uncomma", i))
        if not options:
            return None
        what = r.choice(sorted({w for w, _ in options}))
        what, i = r.choice([o for o in options if o[0] == what])
        if what == "comma":
            ws[i - 1][0] += ","
        elif what == "dots":
            legal = ws[i:]
            text = join(legal)
            if "/" in text:
                text = text.replace("/", "")  # A/S -> AS
            elif "." in text:
                text = text.replace(".,", ",").replace(".", "")
            elif compact(text) in DOTTED:
                text = DOTTED[compact(text)]
            elif i > 0 and not ws[i - 1][0].endswith(","):
                ws[i - 1][0] += ","
                return join(ws)
            else:
                return None
            return join(ws[:i]) + " " + text
        elif what == "hyphen":
            ws[i][0] = ws[i][0] + "-" + ws[i + 1][0]
            ws[i + 1][0] = ""
        elif what == "apostrophe":
            ws[i][0] = ws[i][0].replace("'", "")
        elif what == "initial":
            ws[i][0] = ws[i][0].rstrip(".") if ws[i][0].endswith(".") else ws[i][0] + "."
        elif what == "saint":
            ws[i][0] = "St" if ws[i][0] == "St." else "St."
        elif what == "uncomma":
            ws[i][0] = ws[i][0].rstrip(",")
        return join(ws)

    # -- accents: stripped, or put back
    def accents(self, parts, region):
        ws = flat(parts)
        acc = [i for i, w in enumerate(ws) if strip_accents(w[0]) != w[0]]
        if acc:
            for i in acc:
                ws[i][0] = strip_accents(ws[i][0])
            return join(ws)
        changed = False
        for p_text, _ in parts:
            if p_text in self.v.accented:
                changed = True
        if not changed:
            return None
        out = [(self.v.accented.get(t, t), c) for t, c in parts]
        return render(out)

    # -- ampersand: & <-> and
    def ampersand(self, parts, region):
        ws = flat(parts)
        idx = [i for i, w in enumerate(ws) if w[1] == "amp"]
        if not idx:
            return None
        for i in idx:
            ws[i][0] = ("And" if self.rng.random() < 0.2 else "and") if ws[i][0] == "&" else "&"
        return join(ws)

    # -- acronym: the initials of three or more significant words
    def acronym(self, parts, region):
        ini = initials(render(parts))
        if not ini or len(ini) > 6 or ini in self.v.tokens:
            return None
        return ini.upper()

    # -- the: a leading The added or removed
    def the(self, parts, region):
        if parts[0][1] == "the":
            return render(parts[1:])
        return "The " + render(parts)

    def _typo(self, word, n):
        """`word` with n typos (keyboard neighbours, a letter dropped,
        doubled, or two swapped); None when that is not n edits away."""
        r = self.rng
        low = word.lower()
        for _ in range(20):
            w = low
            used = []
            for _k in range(n):
                for _t in range(10):
                    pos = r.randrange(1, len(w)) if r.random() < 0.85 else 0
                    if all(abs(pos - u) > 1 for u in used):
                        break
                op = r.choice(["sub", "sub", "del", "ins", "swap"])
                if op == "sub":
                    w = w[:pos] + r.choice(NEAR[w[pos]]) + w[pos + 1:]
                elif op == "del":
                    w = w[:pos] + w[pos + 1:]
                elif op == "ins":
                    ch = w[pos] if r.random() < 0.5 else r.choice(NEAR[w[pos]])
                    w = w[:pos] + ch + w[pos:]
                elif pos + 1 < len(w) and w[pos] != w[pos + 1]:
                    w = w[:pos] + w[pos + 1] + w[pos] + w[pos + 2:]
                else:
                    w = w[:pos] + r.choice(NEAR[w[pos]]) + w[pos + 1:]
                used.append(pos)
            if osa(low, w) != n:
                continue
            # nearer its own word than any other word of the vocabulary
            near = [x for x in self.v.token_index.near(w, min(n, 2)) if x != low]
            if near:
                continue
            return cap_like(w, word)
        return None

    def _typo_words(self, ws, minlen):
        return [i for i, w in enumerate(ws)
                if w[1] in DISTINCT_CATS and w[0].isascii() and w[0].isalpha() and len(w[0]) >= minlen
                and w[0].lower() not in GENERIC_TOKENS]

    def typo1(self, parts, region):
        ws = flat(parts)
        cand = self._typo_words(ws, 5)
        if not cand:
            return None
        i = self.rng.choice(cand)
        t = self._typo(ws[i][0], 1)
        if not t:
            return None
        ws[i][0] = t
        return join(ws)

    def typo2(self, parts, region):
        ws = flat(parts)
        long_ = self._typo_words(ws, 7)
        cand = self._typo_words(ws, 5)
        if long_ and (len(cand) < 2 or self.rng.random() < 0.5):
            i = self.rng.choice(long_)
            t = self._typo(ws[i][0], 2)
            if not t:
                return None
            ws[i][0] = t
            return join(ws)
        if len(cand) < 2:
            return None
        i, j = self.rng.sample(cand, 2)
        a, b = self._typo(ws[i][0], 1), self._typo(ws[j][0], 1)
        if not a or not b:
            return None
        ws[i][0], ws[j][0] = a, b
        return join(ws)

    # -- joined: two words written as one
    def joined(self, parts, region):
        """Two words of a brand, a place or a surname written as one
        ("Wood Grove" -> "Woodgrove", "A. Datum" -> "Adatum", "De Luca" ->
        "DeLuca", "New York" -> "Newyork"); a brand with its trade in
        CamelCase ("Lagos Airlines" -> "LagosAirlines")."""
        ws = []  # [word, cat, part index]
        for pi, (text, cat) in enumerate(parts):
            for w in text.split(" "):
                ws.append([w, cat, pi])
        brand = ("word1", "word2", "noun", "compound")
        first = 1 if parts[0][1] == "the" else 0
        cand = []
        for i in range(len(ws) - 1):
            a, b = ws[i], ws[i + 1]
            if not (b[0].isalpha() and (a[0].isalpha() or a[1] == "initial")):
                continue
            if a[1] == "initial" or (a[2] == b[2] and a[1] in DISTINCT_CATS) \
                    or (a[1] in brand and b[1] in brand):
                cand.append((i, "either"))
            elif (a[1] in DISTINCT_CATS and b[1] in DISTINCT_CATS and len(a[0]) + len(b[0]) <= 18
                  and a[2] == first and " " not in parts[a[2]][0]):
                cand.append((i, "camel"))
        if not cand:
            return None
        i, how = self.rng.choice(cand)
        a, b = ws[i][0].rstrip("."), ws[i + 1][0]
        camel = how == "camel" or (ws[i][1] != "initial" and self.rng.random() < 0.3)
        ws[i][0] = a + (b[:1].upper() + b[1:] if camel else b.lower())
        ws[i + 1][0] = ""
        return " ".join(w for w, _, _ in ws if w)

    # -- split: a compound written as two words
    def split(self, parts, region):
        ws = flat(parts)
        cand = [i for i, w in enumerate(ws) if strip_accents(w[0]) in self.v.splits]
        if not cand:
            return None
        i = self.rng.choice(cand)
        a, b = self.v.splits[strip_accents(ws[i][0])]
        ws[i][0] = a + " " + b
        return join(ws)

    # -- abbreviation: International -> Intl, Services -> Svcs, ...
    def abbreviation(self, parts, region):
        ws = flat(parts)
        cand = [i for i, w in enumerate(ws) if w[0].lower() in ABBREV]
        if not cand:
            return None
        i = self.rng.choice(cand)
        ws[i][0] = self.rng.choice(ABBREV[ws[i][0].lower()])
        return join(ws)

    # -- word order: two words swapped
    def word_order(self, parts, region):
        ws = flat(parts)
        cand = []
        for i in range(len(ws) - 1):
            if ws[i][1] in ("word1", "word2", "noun") and ws[i + 1][1] in ("word1", "word2", "noun") \
                    and ws[i][0].isalpha() and ws[i + 1][0].isalpha():
                cand.append(("adjacent", i))
        pcats = [p[1] for p in parts]
        for i in range(1, len(parts) - 1):
            if pcats[i] == "amp" and pcats[i - 1] == pcats[i + 1] and pcats[i - 1] in ("surname", "industry") \
                    and not parts[i - 1][0].endswith(","):
                cand.append(("amp", i))
        if len(parts) >= 3 and parts[0][0] == "University" and parts[1][0] == "of":
            cand.append(("university", 0))
        if not cand:
            return None
        what, i = self.rng.choice(cand)
        if what == "adjacent":
            ws[i][0], ws[i + 1][0] = ws[i + 1][0], ws[i][0]
            return join(ws)
        if what == "amp":
            p = list(parts)
            p[i - 1], p[i + 1] = p[i + 1], p[i - 1]
            return render(p)
        p = list(parts)
        return render([p[2], ("University", "fixed")] + p[3:])


class NewNames:
    """Names that are not in the feed but share most of its words."""

    KIND_CATS = {"diff-place": ("place",), "diff-industry": ("industry",), "diff-surname": ("surname",),
                 "diff-word": ("word1", "word2", "noun", "compound", "office")}

    def __init__(self, vocab, rng):
        self.v = vocab
        self.rng = rng

    def make(self, kind, parts):
        r = self.rng
        if kind == "diff-prefix":
            cand = []
            for i, (text, cat) in enumerate(parts):
                if cat in DISTINCT_CATS:
                    group = self.v.prefix[cat].get(compact(text)[:3], [])
                    others = [g for g in group if compact(g) != compact(text)]
                    if others:
                        cand.append((i, others))
            if not cand:
                return None
            i, others = r.choice(cand)
            new = r.choice(others)
        else:
            cats = self.KIND_CATS[kind]
            cand = [i for i, (_, cat) in enumerate(parts) if cat in cats]
            if not cand:
                return None
            i = r.choice(cand)
            cat = parts[i][1]
            new = r.choice(self.v.lists[cat])
            if compact(new) == compact(parts[i][0]):
                return None
        if parts[i][0].endswith(","):
            new += ","
        p = list(parts)
        p[i] = (new, parts[i][1])
        return render(p)


# ---------------------------------------------------------------- building the sets

def build_feed(base, n, vocab, rng, variant_share=0.01):
    gen = Generator(base, vocab, rng)
    world = World(vocab)
    n_var = int(round(n * variant_share))
    n_base = n - n_var
    tries = 0
    while len(world.names) < n_base:
        tries += 1
        if tries > n_base * 50:
            sys.exit(f"base {base}: could not make {n_base} distinct names")
        parts, region = gen.make()
        world.add(parts, region)
    # 1% true variants of feed customers, under their own TPID
    var = Variants(vocab, rng)
    truth = []
    used = set()
    k = 0
    attempts = 0
    while len(truth) < n_var:
        attempts += 1
        if attempts > n_var * 200:
            sys.exit(f"base {base}: could not make {n_var} variants")
        kind = MATCH_KINDS[k % len(MATCH_KINDS)]
        o = rng.randrange(n_base)
        if o in used:
            continue
        if kind == "acronym" and world.init_count.get(initials(world.names[o]) or "", 0) != 1:
            continue
        text = var.make(kind, world.parts[o], world.region[o])
        if not text or text == world.names[o]:
            continue
        if world.add(None, world.region[o], cluster=o, kind=kind, text=text):
            used.add(o)
            truth.append((text, world.names[o], kind))
            k += 1
    return world, truth


def labelled_queries(world, vocab, rng, per_kind, n_hard, n_plain, base, targets=None, distinct=False):
    """[(query, target, label, kind)]; `targets`: the feed indexes to use."""
    var = Variants(vocab, rng)
    newn = NewNames(vocab, rng)
    gen = Generator(base, vocab, rng)
    pool = targets if targets is not None else [i for i in range(len(world.names)) if world.kind[i] is None]
    out = []
    seen = set(world.names)
    for kind in MATCH_KINDS:
        got = 0
        tried = 0
        used = set()
        while got < per_kind and tried < per_kind * 400:
            tried += 1
            o = rng.choice(pool)
            if distinct and o in used:
                continue
            if kind == "acronym" and world.init_count.get(initials(world.names[o]) or "", 0) != 1:
                continue
            q = var.make(kind, world.parts[o], world.region[o])
            if not q or q in seen or not world.fits(q, world.cluster[o]):
                continue
            seen.add(q)
            used.add(o)
            out.append((q, world.names[o], "match", kind))
            got += 1
    hard_kinds = [k for k in NEW_KINDS if k != "plain"]
    if base == "a":
        hard_kinds = [k for k in hard_kinds if k not in ("diff-place", "diff-surname")]
    per = {k: n_hard // len(hard_kinds) + (1 if i < n_hard % len(hard_kinds) else 0)
           for i, k in enumerate(hard_kinds)}
    for kind in hard_kinds:
        got = 0
        tried = 0
        used = set()
        while got < per[kind] and tried < per[kind] * 400:
            tried += 1
            o = rng.choice(pool)
            if distinct and o in used:
                continue
            q = newn.make(kind, world.parts[o])
            if not q or q in seen or not world.is_new(q):
                continue
            seen.add(q)
            used.add(o)
            out.append((q, "", "new", kind))
            got += 1
    got = 0
    while got < n_plain:
        parts, _ = gen.make()
        q = render(parts)
        if q in seen or not world.is_new(q):
            continue
        seen.add(q)
        out.append((q, "", "new", "plain"))
        got += 1
    return out


def write_feed(path, world, rng, order=None):
    order = order if order is not None else list(range(len(world.names)))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["tenant_id", "domain", "customer", "tpid", "region", "seats"])
        for row, idx in enumerate(order, start=1):
            name = world.names[idx]
            guid = uuid.UUID(int=rng.getrandbits(128), version=4)
            slug = re.sub(r"[^a-z0-9]", "", strip_accents(name.split(" ")[0]).lower())[:16] or "c"
            if slug == "the" and len(name.split(" ")) > 1:
                slug = re.sub(r"[^a-z0-9]", "", strip_accents(name.split(" ")[1]).lower())[:16] or "c"
            region = world.region[idx] or rng.choice(["americas", "americas", "emea", "apj"])
            while True:
                seats = int(rng.lognormvariate(6.6, 1.2))
                if 150 <= seats <= 20000:
                    break
            w.writerow([str(guid), f"{slug}{row}.onmicrosoft.com", name, 2_000_000 + row, region, seats])


def feed_order(world, rng):
    """Customers in the order they were made, each variant somewhere after
    its original (as a later feed brings it)."""
    keyed = []
    n_base = sum(1 for k in world.kind if k is None)
    for i, k in enumerate(world.names):
        if world.kind[i] is None:
            keyed.append((float(i), i))
        else:
            o = world.cluster[i]
            keyed.append((rng.uniform(o + 0.5, n_base), i))
    keyed.sort()
    return [i for _, i in keyed]


def write_rows(path, header, rows):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def small_set(vocab, seed, size=200):
    """A small feed covering every kind, and its labelled queries."""
    rng = random.Random(seed * 7919 + 17)
    world = World(vocab)
    gens = {"a": Generator("a", vocab, rng), "b": Generator("b", vocab, rng)}
    var = Variants(vocab, rng)
    newn = NewNames(vocab, rng)
    need_match, need_new = 9, 8
    kinds = MATCH_KINDS + [k for k in NEW_KINDS if k != "plain"]
    have = {k: 0 for k in kinds}
    want = 16  # names that can give each kind (some fail the checks later)

    def feasible(kind, parts, region):
        if kind in MATCH_KINDS:
            q = var.make(kind, parts, region)
            return bool(q) and not (kind == "acronym" and len(q) > 5)
        return bool(newn.make(kind, parts))

    # names that can give each kind, then ordinary ones up to `size`
    for _ in range(50000):
        if all(v >= want for v in have.values()):
            break
        parts, region = gens[rng.choice("ab")].make()
        can = [k for k in kinds if feasible(k, parts, region)]
        if any(have[k] < want for k in can) and world.add(parts, region):
            for k in can:
                have[k] += 1
    t = 0
    while len(world.names) < size:
        t += 1
        world.add(*gens["a" if t % 2 else "b"].make())
    rows = []
    seen = set(world.names)
    targets = list(range(len(world.names)))
    for kind in MATCH_KINDS:
        got, used = 0, set()
        for _ in range(20000):
            if got >= need_match:
                break
            o = rng.choice(targets)
            if o in used:
                continue
            if kind == "acronym" and world.init_count.get(initials(world.names[o]) or "", 0) != 1:
                continue
            q = var.make(kind, world.parts[o], world.region[o])
            if not q or q in seen or not world.fits(q, world.cluster[o]):
                continue
            seen.add(q)
            used.add(o)
            rows.append((q, world.names[o], "match", kind))
            got += 1
        if got < need_match:
            sys.exit(f"small set: only {got} {kind} variants")
    for kind in NEW_KINDS:
        got, used = 0, set()
        want = 12 if kind == "plain" else need_new
        for _ in range(20000):
            if got >= want:
                break
            if kind == "plain":
                parts, _ = gens["a" if got % 2 else "b"].make()
                q = render(parts)
            else:
                o = rng.choice(targets)
                if o in used:
                    continue
                q = newn.make(kind, world.parts[o])
            if not q or q in seen or not world.is_new(q):
                continue
            seen.add(q)
            if kind != "plain":
                used.add(o)
            rows.append((q, "", "new", kind))
            got += 1
        if got < want:
            sys.exit(f"small set: only {got} {kind} names")
    return world, rows, rng


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="customers in each feed (default 100,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base", choices=["a", "b", "both"], default="both")
    ap.add_argument("--out", help="where the feeds go (default bench/out)")
    ap.add_argument("--labelled", help="where the labelled sets go (default bench/labelled, or --out)")
    ap.add_argument("--no-small", action="store_true", help="skip fixtures/dupes/")
    ap.add_argument("--per-kind", type=int, default=150, help="true variants per kind (default 150)")
    ap.add_argument("--hard", type=int, default=600, help="hard new names (default 600)")
    ap.add_argument("--plain", type=int, default=300, help="plain new names (default 300)")
    a = ap.parse_args()
    out = a.out or os.path.join(HERE, "out")
    lab = a.labelled or (a.out if a.out else os.path.join(HERE, "labelled"))
    os.makedirs(out, exist_ok=True)
    os.makedirs(lab, exist_ok=True)
    vocab = build_vocab()
    for base in (["a", "b"] if a.base == "both" else [a.base]):
        rng = random.Random(f"{a.seed}-{base}-{a.n}")
        world, truth = build_feed(base, a.n, vocab, rng)
        feed = os.path.join(out, f"feed-{base}.csv")
        write_feed(feed, world, rng, feed_order(world, rng))
        write_rows(os.path.join(lab, f"truth-{base}.csv"), ["variant", "original", "kind"], truth)
        rows = labelled_queries(world, vocab, rng, a.per_kind, a.hard, a.plain, base, distinct=True)
        write_rows(os.path.join(lab, f"dupes-{base}.csv"), ["query", "target", "label", "kind"], rows)
        counts = {}
        for r in rows:
            counts[r[3]] = counts.get(r[3], 0) + 1
        print(f"base {base}: {len(world.names):,} customers ({len(truth)} variants) -> {feed}; "
              f"{len(rows)} queries -> {os.path.join(lab, f'dupes-{base}.csv')}: "
              + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)
    if not a.no_small and not a.out:
        world, rows, rng = small_set(vocab, a.seed)
        d = os.path.join(ROOT, "fixtures", "dupes")
        os.makedirs(d, exist_ok=True)
        write_feed(os.path.join(d, "base-small.csv"), world, rng)
        write_rows(os.path.join(d, "labelled-small.csv"), ["query", "target", "label", "kind"], rows)
        print(f"small: {len(world.names)} customers -> {d}/base-small.csv; {len(rows)} queries -> "
              f"{d}/labelled-small.csv", file=sys.stderr)


if __name__ == "__main__":
    main()
