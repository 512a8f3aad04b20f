import type { TContentLanguage } from '../../../../shared/src/constants.js';
import { foldText } from '../../../../shared/src/text/fold-text.js';

const TIFINAGH = /[\u2D30-\u2D7F]/;
const ARABIC = /[\u0600-\u06FF]/;
// Darija written in Latin letters ("Arabizi"): digits standing for letters inside words (3=ع, 7=ح, 9=ق…),
// or everyday Darija words.
const ARABIZI_DIGIT_WORD = /\b[a-z]*[a-z][2379][a-z]*\b|\b[2379][a-z]{2,}\b/;
const DARIJA_WORDS = new Set(['salam', 'slm', 'bghit', 'bghina', 'wach', 'wech', 'chno', 'chnou', 'kifach', 'kifash', 'mzyan', 'choukran', 'chokran', 'shukran', 'dyal', 'dial', 'hadchi', 'lach', 'fin', 'imta', 'khoya', 'khouya', 'sahbi', 'afak', 'llah', 'inchallah', 'nta', 'ntoma', 'jam3iya', 'jam3ia']);
const ENGLISH_WORDS = new Set(['the', 'hello', 'hi', 'please', 'thanks', 'thank', 'help', 'how', 'what', 'our', 'we', 'need', 'is', 'are', 'you']);
const FRENCH_WORDS = new Set(['bonjour', 'merci', 'association', 'nous', 'vous', 'le', 'la', 'les', 'est', 'une', 'des', 'pour', 'je', 'svp', 'demande']);

/** The language to answer a message in: Tifinagh, Arabic script or Arabizi, English, else French. */
export function detectMessageLanguage(text: string): TContentLanguage {
  if (TIFINAGH.test(text)) return 'zgh';
  if (ARABIC.test(text)) return 'ar';
  const folded = foldText(text);
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  if (ARABIZI_DIGIT_WORD.test(folded) || words.some((word) => DARIJA_WORDS.has(word))) return 'ar';
  const english = words.filter((word) => ENGLISH_WORDS.has(word)).length;
  const french = words.filter((word) => FRENCH_WORDS.has(word)).length;
  return english > french ? 'en' : 'fr';
}

const STOP_WORDS = new Set(['stop', 'stopall', 'arret', 'unsubscribe', 'cancel', 'end', 'quit', 'توقف', 'توقيف']);
const START_WORDS = new Set(['start', 'unstop', 'demarrer', 'ابدا', 'بدء']);

/** STOP / توقف / ARRET and START, alone in a message (any case, accents or final punctuation). */
export function classifyKeyword(body: string): 'stop' | 'start' | null {
  const word = foldText(body).replace(/[\s.!؟?،,]+$/u, '');
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return null;
}

/** A satisfaction answer: one digit from 1 to 5 (Arabic-Indic digits too). */
export function parseRating(body: string): number | null {
  const match = /^([1-5])(?:\s*\/\s*5)?$/.exec(foldText(body).replace(/[\s.!]+$/, ''));
  return match ? Number(match[1]) : null;
}

type ReplyLanguage = 'ar' | 'fr' | 'en';
const replyLanguage = (language: TContentLanguage): ReplyLanguage => (language === 'fr' || language === 'en' ? language : 'ar');

const TEXTS = {
  acknowledgement: {
    ar: (reference: string) => `مواكبة: توصلنا برسالتكم، مرجع طلبكم ${reference}. سيجيبكم أحد المستشارين قريبا.`,
    fr: (reference: string) => `Mowakaba : nous avons bien reçu votre message, référence ${reference}. Un conseiller vous répondra bientôt.`,
    en: (reference: string) => `Mowakaba: we received your message, reference ${reference}. An adviser will answer soon.`,
  },
  portalReply: {
    ar: (reference: string, url: string) => `مواكبة: أجاب المركز عن طلبكم ${reference}. اطلعوا على الجواب بإدخال رمز التتبع: ${url}`,
    fr: (reference: string, url: string) => `Mowakaba : le centre a répondu à votre demande ${reference}. Lisez la réponse avec votre code de suivi : ${url}`,
    en: (reference: string, url: string) => `Mowakaba: the center answered your request ${reference}. Read the answer with your follow-up code: ${url}`,
  },
  portalCode: {
    ar: (reference: string, code: string, url: string) => `مواكبة: رمز التتبع الجديد لطلبكم ${reference} هو ${code}. الرمز السابق لم يعد صالحا. ${url}`,
    fr: (reference: string, code: string, url: string) => `Mowakaba : nouveau code de suivi de votre demande ${reference} : ${code}. L'ancien code ne fonctionne plus. ${url}`,
    en: (reference: string, code: string, url: string) => `Mowakaba: the new follow-up code of your request ${reference} is ${code}. The old code no longer works. ${url}`,
  },
  optedOut: {
    ar: () => 'مواكبة: لن تتوصلوا برسائل أخرى منا. أرسلوا START للعودة.',
    fr: () => 'Mowakaba : vous ne recevrez plus de messages. Envoyez START pour reprendre.',
    en: () => 'Mowakaba: you will receive no more messages. Send START to resume.',
  },
  optedIn: {
    ar: () => 'مواكبة: مرحبا بعودتكم، ستتوصلون برسائلنا من جديد.',
    fr: () => 'Mowakaba : vous recevrez de nouveau nos messages.',
    en: () => 'Mowakaba: you will receive our messages again.',
  },
  survey: {
    ar: (reference: string) => `مواكبة: تمت معالجة طلبكم ${reference}. ما مدى رضاكم؟ أجيبوا برقم من 1 (غير راض) إلى 5 (راض جدا).`,
    fr: (reference: string) => `Mowakaba : votre demande ${reference} est traitée. Êtes-vous satisfait ? Répondez de 1 (pas du tout) à 5 (très satisfait).`,
    en: (reference: string) => `Mowakaba: your request ${reference} is solved. How satisfied are you? Reply from 1 (not at all) to 5 (very).`,
  },
  surveyThanks: {
    ar: () => 'مواكبة: شكرا على تقييمكم.',
    fr: () => 'Mowakaba : merci pour votre réponse.',
    en: () => 'Mowakaba: thank you for your answer.',
  },
};

export const acknowledgementText = (language: TContentLanguage, reference: string) => TEXTS.acknowledgement[replyLanguage(language)](reference);
export const optedOutText = (language: TContentLanguage) => TEXTS.optedOut[replyLanguage(language)]();
export const optedInText = (language: TContentLanguage) => TEXTS.optedIn[replyLanguage(language)]();
export const surveyQuestionText = (language: TContentLanguage, reference: string) => TEXTS.survey[replyLanguage(language)](reference);
export const surveyThanksText = (language: TContentLanguage) => TEXTS.surveyThanks[replyLanguage(language)]();
/** Tells a portal requester that the center answered, with the follow page's address (never the answer itself). */
export const portalReplyNoticeText = (language: TContentLanguage, reference: string, url: string) => TEXTS.portalReply[replyLanguage(language)](reference, url);
/** A new follow-up code for a portal request, with the follow page's address. */
export const portalCodeText = (language: TContentLanguage, reference: string, code: string, url: string) => TEXTS.portalCode[replyLanguage(language)](reference, code, url);
