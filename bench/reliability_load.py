"""Load and hostile input against a running `jinguo serve --demo` (see reliability.sh).

Prints throughput and p99 of concurrent logins and draft saves, the count of 5xx answers, and
the server's peak RSS (VmHWM) after each hostile phase. Loopback only, bounded in count.
"""
import concurrent.futures as cf
import http.client
import io
import json
import os
import re
import sys
import time
import urllib.parse
import zipfile

PORT, PID = int(sys.argv[1]), int(sys.argv[2])
PASSWORD, NEW = "Jinguo@2020", "Jinguo@2020bench"
ACCOUNTS = ["qg_admin", "qg_reviewer", "cq_admin", "cq_reviewer", "yz_admin", "yz_reviewer"]


def peak_mib():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Browser:
    def __init__(self):
        self.cookie, self.csrf = None, None

    def send(self, method, path, body=b"", kind=None, timeout=120):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
        headers = {"Host": f"127.0.0.1:{PORT}"}
        if kind:
            headers["Content-Type"] = kind
        if self.cookie:
            headers["Cookie"] = f"jinguo_session={self.cookie}"
        if self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        try:
            conn.request(method, path, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the body was sent whole (a limit): read the answer below
        try:
            answer = conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            conn.close()
            return 0, b"connection closed by the server"
        data = answer.read()
        cookie = answer.getheader("Set-Cookie") or ""
        if cookie.startswith("jinguo_session=") and not cookie.startswith("jinguo_session=;"):
            self.cookie = cookie.split(";")[0].split("=", 1)[1]
        found = re.search(rb'name="_csrf" value="([^"]+)"', data)
        if found:
            self.csrf = found.group(1).decode()
        conn.close()
        return answer.status, data

    def form(self, path, fields):
        fields = dict(fields)
        if self.csrf:
            fields["_csrf"] = self.csrf
        return self.send("POST", path, urllib.parse.urlencode(fields).encode(),
                         "application/x-www-form-urlencoded")

    def json(self, method, path, value):
        return self.send(method, path, json.dumps(value).encode(), "application/json")

    def multipart(self, path, fields, files, timeout=300):
        boundary = "jinguo-bench-boundary"
        out = io.BytesIO()
        for name, value in fields:
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, file_name, data in files:
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                      f'Content-Type: application/octet-stream\r\n\r\n'.encode())
            out.write(data)
            out.write(b"\r\n")
        out.write(f"--{boundary}--\r\n".encode())
        return self.send("POST", path, out.getvalue(), f"multipart/form-data; boundary={boundary}", timeout)

    def sign_in(self, username, password=PASSWORD):
        status, _ = self.form("/login", {"username": username, "password": password})
        if status != 303:
            return False
        status, _ = self.send("GET", "/workbench")
        if status == 303:
            self.send("GET", "/account/password")
            self.form("/account/password", {"current_password": password, "new_password": NEW,
                                            "repeat_password": NEW})
            self.send("GET", "/workbench")
        return True


def timed(work, n, concurrency=64):
    started = time.monotonic()
    with cf.ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(work, range(n)))
    elapsed = time.monotonic() - started
    times = sorted(t for t, _ in results)
    errors = sum(1 for _, status in results if status >= 500)
    p99 = times[max(0, int(len(times) * 0.99) - 1)]
    return n / elapsed, p99 * 1000, errors


def login(i):
    started = time.monotonic()
    status, _ = Browser().form("/login", {"username": ACCOUNTS[i % len(ACCOUNTS)], "password": PASSWORD})
    return time.monotonic() - started, status


rate, p99, errors = timed(login, 640)
print(f"64 concurrent logins:      {rate:7.1f} logins/s, p99 {p99:6.0f} ms, 5xx {errors}, "
      f"peak RSS {peak_mib():6.0f} MiB")

posts = []
for i in range(64):
    b = Browser()
    if not b.sign_in(["gang_demo", "gang_bank"][i % 2], PASSWORD if i < 2 else NEW):
        b.sign_in(["gang_demo", "gang_bank"][i % 2], NEW)
    posts.append(b)
_, campaigns = posts[0].send("GET", "/api/v1/campaigns")
campaign = next(c["id"] for c in json.loads(campaigns)["items"] if c["slug"] == "wangshangxing-2026")
drafts = []
for i, b in enumerate(posts):
    _, body = b.json("POST", "/api/v1/articles", {"campaign_id": campaign, "content": {
        "title": f"压测稿件{i}", "themes": ["guard"], "blocks": [{"type": "paragraph", "text": "开头"}]}})
    article = json.loads(body)
    drafts.append([article["id"], article["version"]])


def save(i):
    b, draft = posts[i % 64], drafts[i % 64]
    started = time.monotonic()
    status, body = b.json("PUT", f"/api/v1/articles/{draft[0]}", {"version": draft[1], "content": {
        "title": f"压测稿件{i % 64}", "themes": ["guard"],
        "blocks": [{"type": "paragraph", "text": f"第{i}次保存：岗位的一天。" * 20}]}})
    if status == 200:
        draft[1] = json.loads(body)["version"]
    return time.monotonic() - started, status


# Each of the 64 clients saves its own draft in turn (ten rounds of 64 at once).
rates, p99s, errs = [], [], 0
for round_ in range(10):
    r, p, e = timed(lambda i: save(round_ * 64 + i), 64)
    rates.append(r); p99s.append(p); errs += e
print(f"64 concurrent draft saves: {sum(rates)/len(rates):7.1f} saves/s, p99 {max(p99s):6.0f} ms, 5xx {errs}")
print(f"peak RSS after load:       {peak_mib():6.0f} MiB")

national = Browser()
national.sign_in("qg_admin")
national.send("GET", "/notices/new")
pdf = b"%PDF-1.4\n" + os.urandom(20 * 1024 * 1024 - 64)
status, _ = national.multipart("/notices/new", [("title", "压测通知"), ("body", "一、测试。"), ("all", "1"),
                                                ("contact_person", "张三"), ("contact_phone", "010-12345678"),
                                                ("issued_on", "2026-06-01")],
                               [("files", f"附件{i}.pdf", pdf) for i in range(10)])
print(f"notice, ten 20 MB files:   status {status}, peak RSS {peak_mib():6.0f} MiB")

bomb = io.BytesIO()
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
    z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (600 * 1024 * 1024) + b"/>")
national.send("GET", "/admin/import")
status, body = national.multipart("/admin/import", [("kind", "orgs")], [("file", "炸弹.xlsx", bomb.getvalue())])
reason = re.search(r'role="alert">([^<]+)', body.decode(errors="replace"))
print(f"xlsx zip bomb ({len(bomb.getvalue()) // 1024} KB):    status {status}, "
      f"{reason.group(1) if reason else '?'}, peak RSS {peak_mib():6.0f} MiB")

status, _ = posts[0].json("PUT", f"/api/v1/articles/{drafts[0][0]}", {"version": drafts[0][1], "content": {
    "title": "长文", "themes": ["guard"], "blocks": [{"type": "paragraph", "text": "岗" * (7 * 1024 * 1024)}]}})
print(f"20 MB paragraph:           status {status}, peak RSS {peak_mib():6.0f} MiB")

_, page = Browser().send("GET", "/api/v1/public/articles")
article = json.loads(page)["items"][0]["id"]
_, detail = Browser().send("GET", f"/api/v1/public/articles/{article}")
cover = next(b["url"] for b in json.loads(detail)["blocks"] if b.get("url"))
_, jpeg = Browser().send("GET", urllib.parse.urlparse(cover).path)
photo = jpeg + b"\0" * (20 * 1024 * 1024 - 4096 - len(jpeg))  # trailing bytes after EOI


def upload(i):
    b, draft = posts[i], drafts[i]
    started = time.monotonic()
    status, _ = b.multipart(f"/articles/{draft[0]}/images", [("_csrf", b.csrf)], [("file", f"p{i}.jpg", photo)])
    return time.monotonic() - started, status


rate, p99, errors = timed(upload, 50, 50)
print(f"50 parallel 20 MB uploads: {rate:7.1f} uploads/s, p99 {p99:6.0f} ms, 5xx {errors}, "
      f"peak RSS {peak_mib():6.0f} MiB")

BUDGET_MIB = 250
if peak_mib() >= BUDGET_MIB:
    print(f"OVER BUDGET: peak RSS {peak_mib():.0f} MiB >= {BUDGET_MIB} MiB")
    sys.exit(1)
print(f"within the memory budget: peak RSS {peak_mib():.0f} MiB < {BUDGET_MIB} MiB")
