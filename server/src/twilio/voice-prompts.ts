import { TOPICS } from '@mowakaba/shared/constants';
import { DEFAULT_PHONE_MENU, type TPhoneMenuKey, type TVoiceLanguage, type TVoicePrompt, type TVoiceSettings } from '@mowakaba/shared/schemas/calls';

export const LANGUAGE_BY_DIGIT: Record<string, TVoiceLanguage> = { '1': 'ar', '2': 'fr', '3': 'zgh' };

/** What Tamazight needs recorded (or written by an admin) before the menu offers it: it has no built-in text. */
const TAMAZIGHT_REQUIRED_PROMPTS: TVoicePrompt[] = ['languageMenu', 'topicMenu', 'invalidChoice', 'waiting', 'callbackOffer', 'callbackConfirmed', 'agentUnavailable'];

export function isTamazightOffered(settings: TVoiceSettings): boolean {
  return TAMAZIGHT_REQUIRED_PROMPTS.every((prompt) => settings.prompts.zgh[prompt] !== undefined || settings.promptTexts?.zgh?.[prompt] !== undefined);
}

/** The topic menu read to a caller: each key of the admin's menu with its topic's name. */
export const topicMenuText = (language: 'ar' | 'fr', menu: TPhoneMenuKey[]) =>
  [...menu]
    .sort((a, b) => (a.digit === '0' ? 1 : b.digit === '0' ? -1 : Number(a.digit) - Number(b.digit)))
    .map(({ digit, topic }) => {
      const label = TOPICS.find((candidate) => candidate.key === topic)![language];
      return language === 'ar' ? `${label}، اضغطوا ${digit}.` : `${label}, tapez ${digit}.`;
    })
    .join(' ');

/**
 * Texts read by text-to-speech when no recording was uploaded. Modern Standard Arabic, because
 * Darija has no text-to-speech voice; admins replace these with recorded Darija prompts.
 */
export const PROMPT_TEXTS: Record<'ar' | 'fr', Record<TVoicePrompt, string>> = {
  ar: {
    welcome: 'مرحبا بكم في مواكبة، مركز الاتصال ومواكبة جمعيات المجتمع المدني.',
    recordingNotice: 'نخبركم أن هذه المكالمة قد تسجل لتحسين جودة الخدمة، طبقا للقانون 09-08 المتعلق بحماية المعطيات الشخصية.',
    languageMenu: 'للعربية، اضغطوا 1.',
    topicMenu: topicMenuText('ar', DEFAULT_PHONE_MENU),
    invalidChoice: 'عذرا، لم نتعرف على اختياركم.',
    waiting: 'شكرا على انتظاركم، سيجيبكم أحد المستشارين قريبا.',
    callbackOffer: 'إذا أردتم أن نتصل بكم دون أن تفقدوا دوركم، اضغطوا 1.',
    callbackConfirmed: 'شكرا، سنتصل بكم في أقرب وقت. إلى اللقاء.',
    closed: 'مركزنا مغلق الآن. اتركوا رسالتكم بعد الإشارة وسنتصل بكم.',
    voicemailThanks: 'شكرا، تم تسجيل رسالتكم وسنتصل بكم. إلى اللقاء.',
    apology: 'نعتذر، نواجه مشكلة تقنية. المرجو الانتظار، سيجيبكم أحد المستشارين.',
    agentUnavailable: 'المستشار غير متاح حاليا، نعيدكم إلى قائمة الانتظار.',
    outboundIntro: 'مرحبا، هنا مواكبة، نتصل بكم بخصوص طلبكم. المرجو الانتظار قليلا.',
  },
  fr: {
    welcome: 'Bienvenue chez Mowakaba, le centre d’appel et d’accompagnement des associations.',
    recordingNotice: 'Cet appel peut être enregistré pour la qualité du service, conformément à la loi 09-08 sur la protection des données personnelles.',
    languageMenu: 'Pour le français, tapez 2.',
    topicMenu: topicMenuText('fr', DEFAULT_PHONE_MENU),
    invalidChoice: 'Désolé, votre choix n’a pas été reconnu.',
    waiting: 'Merci de patienter, un conseiller va vous répondre.',
    callbackOffer: 'Pour être rappelé sans perdre votre place, tapez 1.',
    callbackConfirmed: 'Merci, nous vous rappellerons dès que possible. Au revoir.',
    closed: 'Notre centre est fermé. Laissez votre message après le bip, nous vous rappellerons.',
    voicemailThanks: 'Merci, votre message est enregistré, nous vous rappellerons. Au revoir.',
    apology: 'Nous rencontrons un problème technique. Veuillez patienter, un conseiller va vous répondre.',
    agentUnavailable: 'Le conseiller n’est pas disponible, nous vous remettons en file d’attente.',
    outboundIntro: 'Bonjour, ici Mowakaba, nous vous rappelons au sujet de votre demande. Veuillez patienter un instant.',
  },
};

/** The greeting of a caller whose number belongs to an association contact (names already say "association"). */
export const knownCallerGreeting = (language: 'ar' | 'fr', associationName: string) =>
  language === 'ar' ? `أهلا وسهلا، ${associationName}.` : `Bienvenue, ${associationName}.`;

export const queuePositionText = (language: 'ar' | 'fr', position: number) =>
  language === 'ar' ? `أنتم في الرتبة ${position} في قائمة الانتظار.` : `Vous êtes en position ${position} dans la file d’attente.`;

export const callbackReferenceText = (language: 'ar' | 'fr', reference: string) =>
  language === 'ar' ? `المرجع ${reference.split('').join(' ')}.` : `Référence ${reference.split('').join(' ')}.`;
