#!/usr/bin/env bash
# Renders every line of data/calls/*.script to speech as raw G.711 mu-law, 8 kHz mono (what Twilio streams):
# data/audio/<script>/<NN>-<speaker>.ulaw, NN counting lines from 01. Caller and assistant get different voices.
# Also data/prompts/apology.ulaw and data/prompts/still-there.ulaw (its words in still-there.txt).
# Needs espeak-ng and sox (Debian: apt-get install espeak-ng sox). Deterministic (sox -D: no dither) for a given
# espeak-ng and sox version;
# the committed files were made with the version printed at the end.
set -euo pipefail
cd "$(dirname "$0")"
command -v espeak-ng >/dev/null && command -v sox >/dev/null || { echo "install espeak-ng and sox first" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for script in calls/*.script; do
  name=$(basename "$script" .script)
  rm -rf "audio/$name"; mkdir -p "audio/$name"
  n=0
  grep -v '^#' "$script" | grep -v '^[[:space:]]*$' | while IFS= read -r line; do
    n=$((n + 1))
    speaker=${line%%:*}; speaker=${speaker%%@*}; text=${line#*: }  # "caller@1500:" interrupts; same voice
    case "$speaker" in
      caller) voice="en-us+m3"; speed=150 ;;
      assistant) voice="en-gb+f3"; speed=165 ;;
      *) echo "$script: unknown speaker '$speaker'" >&2; exit 1 ;;
    esac
    espeak-ng -v "$voice" -s "$speed" -w "$tmp/line.wav" "$text"
    # Trim leading/trailing silence, band-limit to the telephone channel (300-3400 Hz, as G.712), resample to
    # 8 kHz, level to -3 dBFS peak, encode mu-law.
    sox -D "$tmp/line.wav" -r 8000 -c 1 -e mu-law -b 8 -t raw "audio/$name/$(printf %02d "$n")-$speaker.ulaw" \
      silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse sinc 300-3400 gain -n -3
  done
done
# The apology a caller hears when no OpenAI session can be had (bundled into the bridge's jar).
mkdir -p prompts
espeak-ng -v "en-gb+f3" -s 160 -w "$tmp/apology.wav" \
  "Sorry, our assistant is not available right now. Please call again in a few minutes. Goodbye."
sox -D "$tmp/apology.wav" -r 8000 -c 1 -e mu-law -b 8 -t raw prompts/apology.ulaw \
  silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse sinc 300-3400 gain -n -3
# What the stand-in says when a session's idle timeout runs out (input_audio_buffer.timeout_triggered).
espeak-ng -v "en-gb+f3" -s 165 -w "$tmp/still-there.wav" "$(cat prompts/still-there.txt)"
sox -D "$tmp/still-there.wav" -r 8000 -c 1 -e mu-law -b 8 -t raw prompts/still-there.ulaw \
  silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse sinc 300-3400 gain -n -3
espeak-ng --version
find audio -name '*.ulaw' | wc -l | xargs echo "files:"
