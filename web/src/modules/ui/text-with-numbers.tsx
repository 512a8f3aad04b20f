import { Fragment } from 'react';
import { splitNumbers } from './isolate-numbers';

/** Text whose phone numbers and references stay left to right inside right-to-left text. */
export function TextWithNumbers({ text }: { text: string }) {
  return (
    <>
      {splitNumbers(text).map((part, index) =>
        index % 2 === 1 ? (
          <bdi key={index} dir="ltr">
            {part}
          </bdi>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}
