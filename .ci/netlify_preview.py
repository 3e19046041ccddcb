#!/usr/bin/env python3
"""Publish a built site as a Netlify branch deploy (a preview), and print its address.

Used by .github/workflows/preview-publish.yml, which runs this file from the default branch:
never code from the pull request. The folder it publishes came from the pull request's build,
so it is treated as data only: regular files are uploaded, symbolic links and anything else
are skipped, and nothing in it is run or read as configuration here.

    python3 .ci/netlify_preview.py SITE_DIR ALIAS
    (environment: NETLIFY_AUTH_TOKEN, NETLIFY_SITE_ID)

It uses Netlify's documented "file digest" deploy API with the standard library only: the list
of files with their SHA-1, then an upload of only the files Netlify does not have yet. The
deploy is a branch deploy named ALIAS (e.g. pr-12, at https://pr-12--SITE.netlify.app), never
the production site.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

API = "https://api.netlify.com/api/v1"


def call(method: str, path: str, token: str, body: bytes | None = None,
         content_type: str = "application/json") -> dict:
    request = urllib.request.Request(API + path, data=body, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": content_type,
        "User-Agent": "ipt-guide-preview"})
    with urllib.request.urlopen(request, timeout=120) as response:
        text = response.read()
    return json.loads(text) if text else {}


def files_of(site: Path) -> dict[str, Path]:
    """{"/path/in/site": file} for the regular files under site, links not followed."""
    found = {}
    for folder, dirs, names in os.walk(site, followlinks=False):
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in names:
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            found["/" + path.relative_to(site).as_posix()] = path
    return found


def main(site_dir: str, alias: str) -> int:
    token, site_id = os.environ["NETLIFY_AUTH_TOKEN"], os.environ["NETLIFY_SITE_ID"]
    if not alias.replace("-", "").isalnum():
        raise SystemExit(f"alias must be letters, digits and '-': {alias!r}")
    files = files_of(Path(site_dir))
    digests = {name: hashlib.sha1(path.read_bytes()).hexdigest() for name, path in files.items()}
    deploy = call("POST", f"/sites/{urllib.parse.quote(site_id)}/deploys", token,
                  json.dumps({"files": digests, "draft": False, "branch": alias}).encode())
    required = set(deploy.get("required", []))
    for name, digest in sorted(digests.items()):
        if digest in required:
            call("PUT", f"/deploys/{deploy['id']}/files{urllib.parse.quote(name)}", token,
                 files[name].read_bytes(), "application/octet-stream")
            required.discard(digest)
    for _ in range(60):  # until Netlify has processed it (at most about 2 minutes)
        deploy = call("GET", f"/deploys/{deploy['id']}", token)
        if deploy.get("state") in ("ready", "error"):
            break
        time.sleep(2)
    if deploy.get("state") != "ready":
        raise SystemExit(f"the preview deploy did not become ready: {deploy.get('state')} {deploy.get('error_message', '')}")
    print(deploy.get("deploy_ssl_url") or deploy["ssl_url"])
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
