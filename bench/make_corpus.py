#!/usr/bin/env python3
"""Writes N distinct report files (docs/FORMAT.md) for benchmarks, deterministic for a given seed:
generated reports of varied lengths, section patterns and key figures; or, with --shuffle REPORT,
variants of one report of its length: the body's sentences shuffled across its paragraphs (each
paragraph keeps its number of sentences; heads, fields and lead stay, the issue number changes);
or, with --mix REPORT..., variants of each report in turn whose body paragraphs take their
sentences from all the reports' bodies (different articles' words: few characters in common from
one brief to the next, so nothing kept from one font subset serves the next).

usage: make_corpus.py OUTDIR [N] [SEED]
       make_corpus.py --shuffle REPORT OUTDIR [N] [SEED]
       make_corpus.py --mix REPORT... -- OUTDIR [N] [SEED]
"""
import os
import random
import re
import sys

PLACES = ["南城县", "东江市", "西湖区", "青山镇", "北港县", "云岭乡", "石桥街道", "龙泉市", "白沙县", "金水区"]
TOPICS = ["优化营商环境", "安全生产", "乡村振兴", "关心下一代工作", "基层治理", "民生实事", "生态环境保护",
          "就业创业", "养老服务", "文明创建"]
VERBS = ["推进", "深化", "落实", "开展", "加强", "完善", "健全", "创新", "聚焦", "强化"]
NOUNS = ["工作机制", "服务体系", "队伍建设", "阵地建设", "制度保障", "督查考核", "宣传教育", "帮扶措施",
         "数字赋能", "示范创建"]
UNITS = ["个", "人", "场", "次", "家", "项", "件", "户", "万元", "亩"]
HEAD_STYLES = ["parallel", "yishi", "yidun", "paren"]
CN = "一二三四五六七八九十"


def figure(r):
    k = r.random()
    if k < 0.5:
        return f"{r.randint(2, 3000)}{r.choice(UNITS)}"
    if k < 0.7:
        return f"{r.randint(1, 99)}.{r.randint(1, 9)}%"
    if k < 0.85:
        return f"{r.randint(100, 900)}多{r.choice(['人', '户', '件'])}"
    return f"第{r.randint(1, 9)}位"


def sentence(r):
    parts = []
    for _ in range(r.randint(2, 4)):
        parts.append(f"{r.choice(VERBS)}{r.choice(NOUNS)}，累计{r.choice(['完成', '开展', '服务', '覆盖'])}"
                     f"{figure(r)}")
    return "，".join(parts) + "。"


def paragraph(r, n):
    return "".join(sentence(r) for _ in range(n))


def report(i, r):
    place, topic = r.choice(PLACES), r.choice(TOPICS)
    style = HEAD_STYLES[i % len(HEAD_STYLES)]
    n_sec = r.randint(3, 6)
    size = r.choice([1, 2, 2, 3])
    out = ["---", f"masthead: {topic}简报", f"issue: 第{i + 1}期", f"unit: {place}{topic}办公室编",
           f"date: 2024年{r.randint(1, 12)}月{r.randint(1, 28)}日",
           f"title: {place}扎实推进{topic}取得新成效（之{i + 1}）", "---", "",
           f"今年以来，{place}围绕{topic}，" + paragraph(r, 2), ""]
    for s in range(n_sec):
        noun = r.choice(NOUNS)
        if style == "parallel":
            head = f"抓{noun[:2]}，{r.choice(VERBS)}{noun}见实效。"
        elif style == "yishi":
            head = f"{CN[s]}是{r.choice(VERBS)}{noun}。"
        elif style == "yidun":
            head = f"{CN[s]}、{r.choice(VERBS)}{noun}"
        else:
            head = f"（{CN[s]}）{r.choice(VERBS)}{noun}。"
        out += [f"## {head}", "", paragraph(r, size), ""]
    return "\n".join(out)


def shuffled(text, i, r):
    """Variant i of a report: its body paragraphs' sentences shuffled among them."""
    head, sep, body = text.partition("\n---\n")
    head = re.sub(r"(?m)^issue: .*$", f"issue: 第{i + 1}期", head)
    blocks = body.split("\n\n")
    # the body paragraphs: not the lead (the first block), not heads
    paras = [k for k, b in enumerate(blocks) if b.strip() and not b.startswith("#")][1:]
    split = {k: re.findall(r"[^。！？]+[。！？]?", blocks[k].strip()) for k in paras}
    pool = [x for k in paras for x in split[k]]
    r.shuffle(pool)
    for k in paras:
        blocks[k], pool = "".join(pool[:len(split[k])]), pool[len(split[k]):]
    return head + sep + "\n\n".join(blocks)


def body_paragraphs(text):
    """A report's blocks and the indices of its body paragraphs (not the lead, not heads)."""
    head, sep, body = text.partition("\n---\n")
    blocks = body.split("\n\n")
    return head + sep, blocks, [k for k, b in enumerate(blocks)
                                if b.strip() and not b.startswith(("#", "!", "|", "-"))][1:]


def sentences(block):
    return re.findall(r"[^。！？]+[。！？]?", block.strip())


def mixed(texts, i, r):
    """Variant i of report i % len(texts): each body paragraph refilled with sentences drawn from
    every report's body, up to its length (at least one), so that the variant fits as it did."""
    pool = [x for t in texts for _, b, ks in [body_paragraphs(t)] for k in ks for x in sentences(b[k])]
    head, blocks, paras = body_paragraphs(texts[i % len(texts)])
    head = re.sub(r"(?m)^issue: .*$", f"issue: 第{i + 1}期", head)
    for k in paras:
        length, filled = len(blocks[k].strip()), ""
        for x in r.sample(pool, len(pool)):
            if filled and len(filled) + len(x) > length:
                break
            filled += x
        blocks[k] = filled
    return head + "\n\n".join(blocks)


def main():
    args = sys.argv[1:]
    source = mix = None
    if args[:1] == ["--shuffle"]:
        source, args = open(args[1], encoding="utf-8").read(), args[2:]
    elif args[:1] == ["--mix"]:
        end = args.index("--")
        mix = [open(a, encoding="utf-8").read() for a in args[1:end]]
        args = args[end + 1:]
    outdir = args[0]
    n = int(args[1]) if len(args) > 1 else 200
    seed = int(args[2]) if len(args) > 2 else 1
    os.makedirs(outdir, exist_ok=True)
    r = random.Random(seed)
    for i in range(n):
        with open(os.path.join(outdir, f"report-{i:04d}.md"), "w", encoding="utf-8") as f:
            f.write(mixed(mix, i, r) if mix else shuffled(source, i, r) if source else report(i, r))


if __name__ == "__main__":
    main()
