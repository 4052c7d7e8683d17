import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * Build-only: whitespace and comments out of Lit's `css` and `html`/`svg` tagged templates (the
 * minifier leaves template text alone, and it is a good part of each element's bytes).
 *
 * - CSS: comments removed, whitespace collapsed, none around `{ } ; ,`, after `:` nor around `*` and
 *   `/` after a number or `)`; `0.5` written `.5`; the last `;` of a block dropped.
 * - HTML: a run of whitespace that holds a line break becomes one space (what the browser renders
 *   anyway in normal flow). Templates with `<pre>` or `<textarea>` content, or with HTML comments,
 *   are left as written.
 */
export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/([\d)])\s*([*/])\s*/g, '$1$2')
    .replace(/(^|[\s(,:*/+-])0\.(\d)/g, '$1.$2')
    .replace(/;}/g, '}');
}

export function minifyHtml(text: string): string {
  return text.replace(/[ \t]*\n\s*/g, ' ');
}

const TAGS: Record<string, ((text: string) => string) | undefined> = {
  css: minifyCss,
  html: minifyHtml,
  svg: minifyHtml,
};

/** Raw text ranges of a template's literal parts: [start, end) in the source. */
function literalRanges(template: ts.TemplateLiteral, source: ts.SourceFile): Array<[number, number]> {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [[template.getStart(source) + 1, template.end - 1]];
  const ranges: Array<[number, number]> = [[template.head.getStart(source) + 1, template.head.end - 2]];
  for (const span of template.templateSpans) {
    const lit = span.literal;
    ranges.push([lit.getStart(source) + 1, lit.end - (ts.isTemplateTail(lit) ? 1 : 2)]);
  }
  return ranges;
}

export function minifyTemplates(code: string, fileName: string): string {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const minify = TAGS[node.tag.text];
      const ranges = literalRanges(node.template, source);
      const whole = ranges.map(([s, e]) => code.slice(s, e)).join('');
      const keep = node.tag.text !== 'css' && /<(pre|textarea)\b[^>]*>[^<]|<!--/.test(whole);
      if (minify && !keep) {
        for (const [start, end] of ranges) edits.push({ start, end, text: minify(code.slice(start, end)) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

export const minifyTemplatesPlugin = (): Plugin => ({
  name: 'carstrel-minify-templates',
  apply: 'build',
  enforce: 'pre',
  transform(code, id) {
    if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
    return { code: minifyTemplates(code, id), map: null };
  },
});
