"""Loading the reference regions from the committed CSVs (provenance: agencies/data/README.md)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FLAGS_SOURCE = "agencies/data/region_flags.csv (Keppres 44/2002; Perpres 63/2020)"


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(region_model) -> tuple[int, int]:
    """Upsert provinces and kabupaten/kota by code; return (created, updated).

    Takes the model as an argument so the data migration can pass its historical model. Flags the
    secretariat edited (`flags_edited`) are left alone; nothing is deleted.
    """
    flags = {row["code"]: row for row in _read("region_flags.csv")}
    existing = {region.code: region for region in region_model.objects.all()}
    created = updated = 0

    def upsert(code: str, name: str, level: str, province=None):
        nonlocal created, updated
        flag = flags.get(code) or flags.get(code.split(".")[0], {"eastern": "0", "3t": "0"})
        values = {"name": name, "level": level, "province": province}
        region = existing.get(code)
        if region is None:
            region = region_model(code=code, **values)
            created += 1
        else:
            updated += 1
            for field, value in values.items():
                setattr(region, field, value)
        if not region.flags_edited:
            region.is_eastern = flag["eastern"] == "1"
            region.is_3t = code in flags and flags[code]["3t"] == "1"
            region.flags_source = FLAGS_SOURCE
        region.save()
        return region

    provinces = {row["code"]: upsert(row["code"], row["name"], "province") for row in _read("provinces.csv")}
    for row in _read("regencies.csv"):
        level = "city" if row["name"].startswith("Kota ") else "regency"
        upsert(row["code"], row["name"], level, provinces[row["province_code"]])
    return created, updated
