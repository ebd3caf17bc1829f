#!/usr/bin/env bash
# Fills the ${PLACEHOLDERS} of a deployment template from environment variables and
# prints the result.
#
#   REGION=eu-west-1 ACCOUNT_ID=123456789012 ... deploy/fill-template.sh task-definition.json > td.json
#
# A placeholder is ${NAME} with NAME in capitals, digits and underscores (task-definition.json
# and the files in deploy/ use ACCOUNT_ID, REGION, IMAGE, QUEUE_URL, QUEUE_ARN, BUCKET, ...).
# Every placeholder in the file must have a non-empty variable: a missing one is an error,
# listed, and nothing is printed. Values are inserted as they are, so they must not hold
# characters that are special in JSON (quotes, backslashes); ARNs, URLs and names do not.
# Anything else that looks like a variable (IAM policy variables such as ${aws:username})
# is left alone. Needs only bash.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 TEMPLATE > OUTPUT   (placeholders come from the environment)" >&2
  exit 2
fi

text=$(<"$1")
missing=()
# shellcheck disable=SC2016 # the pattern matches a literal ${...}
names=$(grep -o '\${[A-Z][A-Z0-9_]*}' "$1" | sort -u | sed 's/^\${\(.*\)}$/\1/' || true)
for name in $names; do
  value=${!name-}
  if [ -z "$value" ]; then
    missing+=("$name")
    continue
  fi
  # shellcheck disable=SC1003 # '\' is a backslash in single quotes
  case $value in
    *'"'* | *'\'*)
      echo "$0: \$$name holds a quote or backslash, which would break the JSON" >&2
      exit 1
      ;;
  esac
  text=${text//"\${$name}"/$value}
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "$0: $1 needs these environment variables, which are unset or empty: ${missing[*]}" >&2
  exit 1
fi
printf '%s\n' "$text"
