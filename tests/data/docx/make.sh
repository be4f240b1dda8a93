#!/usr/bin/env bash
# Makes the Word fixtures of tests/data/docx/ with the two writers Debian has; CI does not run
# this (the tests read the committed .docx files). Needs: apt-get install pandoc
# libreoffice-writer-nogui. usage: bash tests/data/docx/make.sh
#   pandoc-sample.docx   samples/zixi-wuzhong.md by pandoc (byline as author, the other front
#                        matter as custom document properties)
#   pandoc-features.docx features.md by pandoc: Title/Author styles, Heading 2, bold lead, a
#                        numbered list, a table, an image, a footnote, a tracked change, a comment
#   pandoc-article.docx  samples/xiangcun-bold.txt as plain paragraphs, the heads in bold
#   lo-features.docx     features.fodt by LibreOffice: a centred large title without a style,
#                        Heading 1/2 with automatic 一、/（一） numbering, 1./（1） lists, a bold
#                        lead, a text box, a table, a tracked insertion and deletion, a comment,
#                        a footnote, an embedded image, a header and a footer with a page field
#   lo-sample.docx       pandoc-sample.docx opened and saved again by LibreOffice
#   sample.odt           the same by LibreOffice as OpenDocument (read through LibreOffice)
#   twenty-pages.docx    the sample report twenty times over (the timing in docs/FORMAT.md)
#   lo-table.docx        tables.html by LibreOffice: samples/tongji-biao.md's statistics table as
#                        a Word table, header rows (tblHeader), gridSpan and vMerge cells
#   lo-merged.docx       merged.html by LibreOffice: a table with a tblHeader row and body cells
#                        merged down (vMerge restart/continue), a 会议纪要 form with no header row
#                        and a table of two header rows (tblHeader) without a merge
#   issue-titles.docx    issue-titles.md by pandoc: an issue of two items, each under a Title
#                        paragraph (the second a custom-style Title), a 报头 above the first
#   issue-h1.docx        issue-h1.md by pandoc: a 报头 as plain paragraphs, then a Heading 1 per
#                        item (import finds the items)
#   hostile/             damaged, encrypted, bomb and entity files (hostile.py)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here"
lo() { soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" "$@" >/dev/null 2>&1; }

sed 's/^byline:/author:/' "$root/samples/zixi-wuzhong.md" >"$tmp/sample.md"
pandoc "$tmp/sample.md" -o pandoc-sample.docx
pandoc features.md --resource-path="$here" -o pandoc-features.docx
# a raw article with no styles at all, its heads only bold: import finds the structure
sed 's/^/\n/' "$root/samples/xiangcun-bold.txt" | pandoc -f markdown-smart -o pandoc-article.docx
lo --convert-to docx --outdir "$tmp/lo" features.fodt
cp "$tmp/lo/features.docx" lo-features.docx
cp pandoc-sample.docx "$tmp/lo-sample.docx"
lo --convert-to docx:"MS Word 2007 XML" --outdir "$tmp/lo2" "$tmp/lo-sample.docx"
cp "$tmp/lo2/lo-sample.docx" lo-sample.docx
lo --convert-to odt --outdir "$tmp/odt" "$tmp/lo-sample.docx"
cp "$tmp/odt/lo-sample.odt" sample.odt
python3 - "$tmp/sample.md" "$tmp/twenty.md" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
head, body = text.split("\n---\n", 1)
open(sys.argv[2], "w", encoding="utf-8").write(head + "\n---\n" + "\n".join([body] * 20))
PY
pandoc "$tmp/twenty.md" -o twenty-pages.docx
lo --convert-to docx:"MS Word 2007 XML" --outdir "$tmp/table" tables.html
cp "$tmp/table/tables.docx" lo-table.docx
lo --convert-to docx:"MS Word 2007 XML" --outdir "$tmp/merged" merged.html
cp "$tmp/merged/merged.docx" lo-merged.docx
pandoc issue-titles.md -o issue-titles.docx
pandoc issue-h1.md -o issue-h1.docx
python3 hostile.py
ls -l "$here" "$here/hostile"
# the photo sample as Word: its two pictures must be placed as the Markdown file's are
(cd "$root/samples/photos" && pandoc huodong-photos.md -o "$here/pandoc-photos.docx")
