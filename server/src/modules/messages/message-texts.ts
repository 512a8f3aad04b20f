import type { TContentLanguage } from '@mowakaba/shared/constants';
import { foldText } from '@mowakaba/shared/text/fold-text';

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
  portalReplyEmail: {
    ar: {
      subject: (reference: string) => `مواكبة: جواب عن طلبكم ${reference}`,
      lines: (reference: string) => ['السلام عليكم،', `أجاب مركز مواكبة عن طلبكم ${reference}:`],
      follow: 'اطلعوا على الجواب كاملا وأجيبوا عنه برمز التتبع:',
      signature: 'مواكبة · مركز الاتصال ومواكبة الجمعيات',
    },
    fr: {
      subject: (reference: string) => `Mowakaba : réponse à votre demande ${reference}`,
      lines: (reference: string) => ['Bonjour,', `Le centre Mowakaba a répondu à votre demande ${reference} :`],
      follow: 'Lisez la réponse entière et répondez avec votre code de suivi :',
      signature: "Mowakaba · centre d'appel et d'accompagnement des associations",
    },
    en: {
      subject: (reference: string) => `Mowakaba: an answer to your request ${reference}`,
      lines: (reference: string) => ['Hello,', `The Mowakaba center answered your request ${reference}:`],
      follow: 'Read the whole answer and reply with your follow-up code:',
      signature: 'Mowakaba · call and support center for associations',
    },
  },
  portalCodeEmail: {
    ar: {
      subject: (reference: string) => `مواكبة: رمز التتبع الجديد لطلبكم ${reference}`,
      lines: (reference: string) => ['السلام عليكم،', `رمز التتبع الجديد لطلبكم ${reference} هو:`],
      after: 'الرمز السابق لم يعد صالحا. تابعوا طلبكم هنا:',
      signature: 'مواكبة · مركز الاتصال ومواكبة الجمعيات',
    },
    fr: {
      subject: (reference: string) => `Mowakaba : nouveau code de suivi de votre demande ${reference}`,
      lines: (reference: string) => ['Bonjour,', `Le nouveau code de suivi de votre demande ${reference} est :`],
      after: "L'ancien code ne fonctionne plus. Suivez votre demande ici :",
      signature: "Mowakaba · centre d'appel et d'accompagnement des associations",
    },
    en: {
      subject: (reference: string) => `Mowakaba: a new follow-up code for your request ${reference}`,
      lines: (reference: string) => ['Hello,', `The new follow-up code of your request ${reference} is:`],
      after: 'The old code no longer works. Follow your request here:',
      signature: 'Mowakaba · call and support center for associations',
    },
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

const EXCERPT_MAX_LENGTH = 200;

/** The start of a reply for a notice: one line, cut at a word near 200 characters. */
export function replyExcerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line.length <= EXCERPT_MAX_LENGTH) return line;
  const cut = line.slice(0, EXCERPT_MAX_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > EXCERPT_MAX_LENGTH / 2 ? cut.slice(0, lastSpace) : cut}…`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * The e-mail telling a portal requester that the center answered: the reference, the start of the
 * answer and the follow page's address (the code stays with them). Plain text, and HTML laid out
 * right to left for Arabic, which mail clients do not guess from plain text.
 */
export function portalReplyEmail(language: TContentLanguage, reference: string, reply: string, url: string) {
  const replyIn = replyLanguage(language);
  const texts = TEXTS.portalReplyEmail[replyIn];
  const excerpt = replyExcerpt(reply);
  const quoted = replyIn === 'fr' ? `« ${excerpt} »` : `“${excerpt}”`;
  const [greeting, intro] = texts.lines(reference);
  const text = [greeting, '', intro, '', quoted, '', texts.follow, url, '', texts.signature].join('\n');
  const direction = replyIn === 'ar' ? 'rtl' : 'ltr';
  const html = [
    `<div dir="${direction}" lang="${replyIn}">`,
    `<p>${escapeHtml(greeting!)}</p>`,
    `<p>${escapeHtml(intro!)}</p>`,
    `<blockquote dir="auto">${escapeHtml(excerpt)}</blockquote>`,
    `<p>${escapeHtml(texts.follow)} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    `<p>${escapeHtml(texts.signature)}</p>`,
    '</div>',
  ].join('\n');
  return { subject: texts.subject(reference), text, html, language: replyIn };
}

/** A new follow-up code for a portal request given with an e-mail address: the e-mail's subject, text and HTML. */
export function portalCodeEmail(language: TContentLanguage, reference: string, code: string, url: string) {
  const replyIn = replyLanguage(language);
  const texts = TEXTS.portalCodeEmail[replyIn];
  const [greeting, intro] = texts.lines(reference);
  const text = [greeting, '', intro, code, '', texts.after, url, '', texts.signature].join('\n');
  const direction = replyIn === 'ar' ? 'rtl' : 'ltr';
  const html = [
    `<div dir="${direction}" lang="${replyIn}">`,
    `<p>${escapeHtml(greeting!)}</p>`,
    `<p>${escapeHtml(intro!)}</p>`,
    `<p dir="ltr"><strong>${escapeHtml(code)}</strong></p>`,
    `<p>${escapeHtml(texts.after)} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    `<p>${escapeHtml(texts.signature)}</p>`,
    '</div>',
  ].join('\n');
  return { subject: texts.subject(reference), text, html, language: replyIn };
}
