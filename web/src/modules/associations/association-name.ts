import type { TFunction } from 'i18next';
import type { TAssociation } from '@mowakaba/shared/schemas/associations';
import { ERASED_TEXT } from '@mowakaba/shared/constants';

/** Text that may have been erased (law 09-08), shown as the reader's own word for "erased". */
export function shownText(text: string, t: TFunction): string {
  return text === ERASED_TEXT ? t('privacy.erasedText') : text;
}

/** An association's name in the interface language: Arabic in Arabic, French otherwise; an erased one is called so. */
export function associationName(association: Pick<TAssociation, 'name'>, language: string, t: TFunction): string {
  const name = language === 'ar' ? association.name.ar : association.name.fr;
  return name === ERASED_TEXT ? t('firstDay.erasedAssociation') : name;
}

/**
 * An association's registration reference as shown, or null once erased: the stored placeholder
 * (`erased-<id>`, which keeps references unique) means nothing to a reader, and its name already says it.
 */
export function shownRegistrationRef(association: Pick<TAssociation, 'registrationRef'>): string | null {
  return association.registrationRef.startsWith('erased-') ? null : association.registrationRef;
}
