// Reads a workbook with tools nobody here wrote: Info-ZIP's `unzip` for the package and
// saxes, a strict XML 1.0 parser (it refuses U+FFFE, lone surrogates and C0 controls), for
// every XML part. exceljs is not used: it wrote the file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { SaxesParser } from "saxes";

/** The package's parts by name, extracted by `unzip` into a scratch folder. */
export function xlsxParts(file: string): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-unzip-"));
  try {
    execFileSync("unzip", ["-qq", "-o", file, "-d", dir]);
    const parts = new Map<string, Buffer>();
    for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      const path = join(dir, name);
      if (statSync(path).isFile()) parts.set(name.split(sep).join("/"), readFileSync(path));
    }
    return parts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, as the parser returns it. */
  text: string;
}

/** Parses one XML document strictly; throws on anything not well-formed. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  let failure: Error | null = null;
  parser.on("error", (error) => {
    failure ??= error;
  });
  parser.on("opentag", (tag) => {
    const element: XmlElement = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: "",
    };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.on("text", (text) => {
    stack[stack.length - 1].text += text;
  });
  parser.write(xml).close();
  if (failure) throw failure;
  return root.children[0];
}

/** Every XML part of the workbook, each parsed strictly. */
export function parseXlsxParts(file: string): Map<string, XmlElement> {
  const parts = new Map<string, XmlElement>();
  for (const [name, bytes] of xlsxParts(file)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    try {
      parts.set(name, parseXml(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
    } catch (error) {
      throw new Error(`${name} is not well-formed XML: ${(error as Error).message}`);
    }
  }
  return parts;
}

/** Cell text as a spreadsheet reads it: each OOXML `_xHHHH_` escape is one character. */
export function decodeOoxmlText(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    for (const child of e.children) {
      if (child.name === name) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/**
 * A worksheet's string cells by reference ("B2" → text), decoded; inline strings, formula
 * strings and shared strings alike. Numbers are left out.
 */
export function sheetStrings(parts: Map<string, XmlElement>, sheetPart: string): Map<string, string> {
  const sheet = parts.get(sheetPart);
  if (!sheet) throw new Error(`No part ${sheetPart}`);
  const shared = parts.get("xl/sharedStrings.xml");
  const sharedTexts = shared
    ? descendants(shared, "si").map((si) =>
        descendants(si, "t")
          .map((t) => t.text)
          .join(""),
      )
    : [];
  const cells = new Map<string, string>();
  for (const c of descendants(sheet, "c")) {
    const type = c.attributes.t;
    const v = c.children.find((e) => e.name === "v");
    let text: string | undefined;
    if (type === "str") text = v?.text ?? "";
    else if (type === "inlineStr")
      text = descendants(c, "t")
        .map((t) => t.text)
        .join("");
    else if (type === "s" && v) text = sharedTexts[Number(v.text)];
    if (text !== undefined) cells.set(c.attributes.r, decodeOoxmlText(text));
  }
  return cells;
}

/** The part of the sheet named `name` ("Summary", "Data"), from the workbook and its relationships. */
export function sheetPartByName(parts: Map<string, XmlElement>, name: string): string {
  const workbook = parts.get("xl/workbook.xml");
  const rels = parts.get("xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) throw new Error("No workbook part");
  const sheet = descendants(workbook, "sheet").find((s) => s.attributes.name === name);
  if (!sheet) throw new Error(`No sheet named ${name}`);
  const rel = descendants(rels, "Relationship").find((r) => r.attributes.Id === sheet.attributes["r:id"]);
  if (!rel) throw new Error(`No relationship for sheet ${name}`);
  return `xl/${rel.attributes.Target.replace(/^\/?xl\//, "")}`;
}
