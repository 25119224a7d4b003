import csv
import sys

rows = []
header = None
for p in sys.argv[1:]:
    with open(p, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        header = r.fieldnames
        rows += list(r)
rows.sort(key=lambda r: r["date"])
with open("data/events.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print(len(rows))
