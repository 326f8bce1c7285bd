"""check-history.py HISTORY.csv METRIC FACTOR: succeeds if METRIC's last
epoch value is at least FACTOR times smaller than its first."""
import csv
import sys

path, metric, factor = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(path) as file:
    rows = list(csv.DictReader(file))
first, last = float(rows[0][metric]), float(rows[-1][metric])
print(f"{metric}: {first:.4f} -> {last:.4f} over {len(rows)} epochs")
if not last * factor <= first:
    sys.exit(f"{metric} did not drop by a factor of {factor}")
