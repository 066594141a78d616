#!/usr/bin/env python3
"""Generates a static site for the crawl benchmark: index -> 20 sections -> 100 pages each (2,000 pages + 21),
a sitemap.xml, a robots.txt, every 50th page in GBK, every 100th page with a gambling spam block, every page
with a few links (one to a missing page per section)."""
import os, sys

root = sys.argv[1]
pages = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
sections = 20
per = pages // sections
os.makedirs(os.path.join(root, "s"), exist_ok=True)
os.makedirs(os.path.join(root, "p"), exist_ok=True)
text = "全市深入推进政务公开工作，持续优化营商环境，切实保障和改善民生。" * 8

def page(title, body, charset="utf-8"):
    return f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>{body}<div class="footer">主办单位：某某市人民政府办公室</div></body></html>'

def write(path, html, charset="utf-8"):
    with open(os.path.join(root, path), "wb") as f:
        f.write(html.encode("gb18030" if charset == "gbk" else charset))

write("index.html", page("首页", "".join(f'<a href="/s/{s}.html">栏目{s}</a> ' for s in range(sections))))
write("robots.txt".replace(".txt", ".txt"), "")
with open(os.path.join(root, "robots.txt"), "w") as f:
    f.write("User-agent: *\nDisallow: /private/\n")
urls = []
for s in range(sections):
    links = "".join(f'<li><a href="/p/{s * per + i}.html">文章{s * per + i}</a></li>' for i in range(per))
    write(f"s/{s}.html", page(f"栏目{s}", f'<ul>{links}</ul><a href="/p/missing-{s}.html">旧链接</a>'))
    for i in range(per):
        n = s * per + i
        charset = "gbk" if n % 50 == 0 else "utf-8"
        spam = '<div style="display:none">澳门新葡京娱乐场，真人百家乐在线开户，时时彩平台</div>' if n % 100 == 7 else ""
        nav = f'<a href="/s/{s}.html">返回栏目</a> <a href="/p/{(n + 1) % pages}.html">下一篇</a> <a href="/index.html#top">首页</a>'
        write(f"p/{n}.html", page(f"文章{n}", spam + nav, charset), charset)
        urls.append(f"/p/{n}.html")
print(f"{pages + sections + 1} pages in {root}")
