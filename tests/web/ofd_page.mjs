// Shared by ofd_test.mjs and pdf_ofd_picture.mjs: opens an OFD with ofd.js in a playwright page.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const OFDJS = join(dirname(fileURLToPath(import.meta.url)), "node_modules", "ofd.js", "lib",
  "ofd.umd.min.js");

// Loads ofd.js into page, parses bytes (a Buffer) and renders every page width px across into the
// element with id `into`. Returns { ok, docs, pages } or { ok: false, error }.
export async function renderOfd(page, bytes, width, into) {
  await page.addScriptTag({ path: OFDJS });
  return page.evaluate(
    ([b64, w, id]) =>
      new Promise((resolve) => {
        const bin = atob(b64);
        const buf = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
        window.ofd.parseOfdDocument({
          ofd: buf.buffer,
          success(docs) {
            const divs = window.ofd.renderOfd(w, docs[0]);
            for (const d of divs) document.getElementById(id).appendChild(d);
            resolve({ ok: true, docs: docs.length, pages: divs.length });
          },
          fail(e) {
            resolve({ ok: false, error: String(e) });
          },
        });
      }),
    [bytes.toString("base64"), width, into],
  );
}
