// Every string in a BenchResult can carry text from outside (error messages, consumer group names),
// so all HTML is built through these helpers, which escape by default.

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/**
 * JSON for a `<script type="application/json">` element. With every `<` written as `\u003c` no
 * `</script>` or `<!--` can appear, and JSON.parse reads the escape back as `<`.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A table cell: plain text, or text with a CSS class (for met/missed and similar). */
export type Cell = string | number | { text: string; className: string };

function cell(tag: 'td' | 'th', value: Cell): string {
  if (typeof value === 'object') {
    return `<${tag} class="${escapeHtml(value.className)}">${escapeHtml(value.text)}</${tag}>`;
  }
  return `<${tag}>${escapeHtml(String(value))}</${tag}>`;
}

/** Headed table; the first cell of each row is a row header. Values align right, for numbers, or left. */
export function table(head: Cell[], rows: Cell[][], align: 'numbers' | 'text' = 'numbers'): string {
  const headRow = `<tr>${head.map((value) => cell('th', value)).join('')}</tr>`;
  const bodyRows = rows.map(
    ([first = '', ...rest]) =>
      `<tr>${cell('th', first)}${rest.map((value) => cell('td', value)).join('')}</tr>`,
  );
  return `<table class="${align}"><thead>${headRow}</thead><tbody>${bodyRows.join('')}</tbody></table>`;
}

export function section(title: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

export function paragraph(text: string, className?: string): string {
  const attribute = className === undefined ? '' : ` class="${escapeHtml(className)}"`;
  return `<p${attribute}>${escapeHtml(text)}</p>`;
}
