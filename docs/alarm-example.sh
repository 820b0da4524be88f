#!/bin/sh
# Example alarm command for raadsorde: posts the alarm text (on stdin) to a
# chat webhook as {"text": "..."}, which Mattermost, Slack, Rocket.Chat and
# Microsoft Teams incoming webhooks all accept.
#
# Install it, e.g. as /usr/local/bin/raadsorde-alarm (chmod 755), and set in
# raadsorde's config.toml:
#
#   [alarm]
#   command = ["/usr/local/bin/raadsorde-alarm"]
#   timeout_secs = 10
#
# and in raadsorde's environment (not in config.toml: the URL is a secret):
#
#   RAADSORDE_ALARM_WEBHOOK=https://chat.example.nl/hooks/...
#
# raadsorde runs this without a shell in between, writes the text to stdin,
# kills it after timeout_secs, and logs the exit code and the first 200
# characters of stderr (or of stdout when stderr is empty). Exit 0 means
# sent; anything else is shown to the aide as a failure, so say why on
# stderr, in Dutch.
#
# Needs only sh, tr, sed, awk and curl.
set -eu

url=${RAADSORDE_ALARM_WEBHOOK:-}
if [ -z "$url" ]; then
    echo "RAADSORDE_ALARM_WEBHOOK is niet gezet; zet de URL van de webhook in de omgeving van raadsorde" >&2
    exit 2
fi

# The text as a JSON string: tabs become spaces, other control characters
# (a carriage return too) are dropped, \ and " are escaped, and line ends
# become \n. $(...) drops the trailing line end.
text=$(tr '\t' ' ' | tr -d '\000-\010\013-\037' |
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' |
    awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }')

# --max-time stays under raadsorde's timeout, so curl says itself what
# went wrong; --fail makes an HTTP error (4xx, 5xx) a non-zero exit.
printf '{"text": "%s"}' "$text" |
    curl --silent --show-error --fail --max-time 8 \
        --header 'Content-Type: application/json' \
        --data-binary @- \
        "$url"
