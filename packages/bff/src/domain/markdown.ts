/**
 * Connector instructions are Markdown written by the vendor and shown inside the customer's
 * page, so they are rendered here to a small, safe subset of HTML: everything is escaped first,
 * then paragraphs, `#` headings, lists, **bold**, *emphasis*, `code` and links to http(s) and
 * mailto only. No raw HTML ever passes through.
 */
export function renderMarkdown(markdown: string): string {
  const blocks = markdown.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return blocks
    .map((block) => {
      const lines = block.split('\n').filter((l) => l.trim() !== '');
      if (lines.length === 0) return '';
      if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      }
      if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) {
        return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
      }
      const heading = /^(#{1,3})\s+(.*)$/.exec(lines[0] as string);
      if (heading && lines.length === 1) {
        const level = (heading[1] as string).length + 2; // h3–h5 inside the widget
        return `<h${level}>${inline(heading[2] as string)}</h${level}>`;
      }
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .filter(Boolean)
    .join('\n');
}

/** Text or an attribute value, escaped for HTML. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function inline(text: string): string {
  const codes: string[] = [];
  let html = escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${code}</code>`);
    // Escaped text holds no "<", so "<n>" cannot clash with it.
    return `<${codes.length - 1}>`;
  });
  html = html
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)/g, (_, label: string, href: string) => {
      return `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`;
    })
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>');
  return html.replace(/<(\d+)>/g, (_, i: string) => codes[Number(i)] as string);
}
