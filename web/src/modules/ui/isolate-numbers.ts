// Phone numbers (E.164 or Moroccan local) and ticket references, which must read left to right in any text.
const NUMBER_PATTERN = /\+\d{8,15}|\b0[5-7](?:[\s.-]?\d{2}){4}\b|\bT-\d{4}-\d{6}\b/g;

/** Splits text into plain runs and numbers, numbers at odd indexes. */
export function splitNumbers(text: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBER_PATTERN)) {
    parts.push(text.slice(last, match.index), match[0]);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/**
 * Wraps the numbers of sanitised HTML in <bdi dir="ltr">: in an Arabic paragraph "+212…" would
 * otherwise show its plus at the wrong end. Only text nodes are touched; no markup is read in.
 */
export function isolateNumbersInHtml(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_TEXT);
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('bdi, code, pre')) textNodes.push(node as Text);
  }
  for (const node of textNodes) {
    const parts = splitNumbers(node.data);
    if (parts.length === 1) continue;
    const fragment = document.createDocumentFragment();
    parts.forEach((part, index) => {
      if (index % 2 === 0) return void fragment.append(part);
      const bdi = document.createElement('bdi');
      bdi.dir = 'ltr';
      bdi.textContent = part;
      fragment.append(bdi);
    });
    node.replaceWith(fragment);
  }
  return template.innerHTML;
}
