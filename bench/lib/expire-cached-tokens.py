"""expire-cached-tokens.py HOME: makes every access token in the sandbox's plain-text MSAL cache
expired (as an hour of waiting would), leaving refresh tokens and accounts as they are."""
import json
import os
import sys
import time


def msal_caches(home):
    for directory, _, files in os.walk(home):
        for name in files:
            path = os.path.join(directory, name)
            try:
                with open(path, encoding="utf-8") as file:
                    data = json.load(file)
            except (OSError, UnicodeDecodeError, ValueError):
                continue
            if isinstance(data, dict) and "AccessToken" in data and "RefreshToken" in data:
                yield path, data


expired = str(int(time.time()) - 60)
found = 0
for path, cache in msal_caches(sys.argv[1]):
    for token in cache["AccessToken"].values():
        token["expires_on"] = expired
        token["extended_expires_on"] = expired
        token.pop("refresh_on", None)
        found += 1
    with open(path, "w", encoding="utf-8") as file:
        json.dump(cache, file)
if found == 0:
    sys.exit(f"no access token in a plain-text MSAL cache under {sys.argv[1]}")
