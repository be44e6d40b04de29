"""Signs in through the login form as a browser does and issues an API token (printed).

A demo post account must change its password at first sign-in: this does it through the
password page, as its user would, then issues the token.
"""
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

base, user = sys.argv[1], sys.argv[2]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def csrf_of(page):
    found = re.search(r'name="csrf-token" content="([^"]+)"', page) or re.search(
        r'name="_csrf" value="([^"]+)"', page
    )
    return found.group(1)


def post_form(path, fields):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(base + path, data=data, headers={"Origin": base})
    return opener.open(request).read().decode()


def issue_token(page):
    request = urllib.request.Request(
        base + "/api/v1/tokens",
        data=json.dumps({"name": "schemathesis-" + user}).encode(),
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf_of(page), "Origin": base},
    )
    return json.loads(opener.open(request).read())["token"]


page = post_form("/login", {"username": user, "password": "Jinguo@2020"})
try:
    print(issue_token(page))
except urllib.error.HTTPError as refused:
    body = refused.read().decode()
    if "password_change_required" not in body:
        sys.exit(f"{user}: {refused.code} {body}")
    form = opener.open(base + "/account/password").read().decode()
    page = post_form(
        "/account/password",
        {
            "_csrf": csrf_of(form),
            "current_password": "Jinguo@2020",
            "new_password": "Schemathesis#2026",
            "repeat_password": "Schemathesis#2026",
        },
    )
    print(issue_token(opener.open(base + "/workbench").read().decode()))
