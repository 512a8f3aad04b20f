import { Fragment } from 'react';
import { TextWithNumbers } from '../ui/text-with-numbers';

/**
 * Shows a search snippet whose only markup is <mark>: the text is read by the browser's parser and
 * rebuilt as React nodes, so nothing in it can become live HTML.
 */
export function MarkedSnippet({ snippet }: { snippet: string }) {
  const body = new DOMParser().parseFromString(`<body>${snippet}</body>`, 'text/html').body;
  return (
    <span dir="auto">
      {[...body.childNodes].map((node, index) =>
        node.nodeName === 'MARK' ? (
          <mark key={index}>{node.textContent}</mark>
        ) : (
          <Fragment key={index}>
            <TextWithNumbers text={node.textContent ?? ''} />
          </Fragment>
        ),
      )}
    </span>
  );
}
