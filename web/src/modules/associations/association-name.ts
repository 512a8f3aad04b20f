import type { TFunction } from 'i18next';
import type { TAssociation } from '../../../../shared/src/schemas/associations';
import { ERASED_TEXT } from '../../../../shared/src/schemas/privacy';

/** Text that may have been erased (law 09-08), shown as the reader's own word for "erased". */
export function shownText(text: string, t: TFunction): string {
  return text === ERASED_TEXT ? t('privacy.erasedText') : text;
}

/** An association's name in the interface language: Arabic in Arabic, French otherwise. */
export function associationName(association: Pick<TAssociation, 'name'>, language: string, t: TFunction): string {
  return shownText(language === 'ar' ? association.name.ar : association.name.fr, t);
}
