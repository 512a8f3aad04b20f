/** Values shared by the server and the web app; the keys are stored in the database. */

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type TRole = (typeof ROLES)[number];

/** Languages of the interface and of content. `zgh` is Standard Moroccan Tamazight (Tifinagh). */
export const UI_LANGUAGES = ['ar', 'fr', 'en'] as const;
export type TUiLanguage = (typeof UI_LANGUAGES)[number];

export const CONTENT_LANGUAGES = ['ar', 'fr', 'en', 'zgh'] as const;
export type TContentLanguage = (typeof CONTENT_LANGUAGES)[number];

/** The 12 regions of the 2015 territorial division. */
export const REGIONS = [
  { key: 'tanger-tetouan-al-hoceima', ar: 'طنجة تطوان الحسيمة', fr: 'Tanger-Tétouan-Al Hoceïma' },
  { key: 'oriental', ar: 'الشرق', fr: "L'Oriental" },
  { key: 'fes-meknes', ar: 'فاس مكناس', fr: 'Fès-Meknès' },
  { key: 'rabat-sale-kenitra', ar: 'الرباط سلا القنيطرة', fr: 'Rabat-Salé-Kénitra' },
  { key: 'beni-mellal-khenifra', ar: 'بني ملال خنيفرة', fr: 'Béni Mellal-Khénifra' },
  { key: 'casablanca-settat', ar: 'الدار البيضاء سطات', fr: 'Casablanca-Settat' },
  { key: 'marrakech-safi', ar: 'مراكش آسفي', fr: 'Marrakech-Safi' },
  { key: 'draa-tafilalet', ar: 'درعة تافيلالت', fr: 'Drâa-Tafilalet' },
  { key: 'souss-massa', ar: 'سوس ماسة', fr: 'Souss-Massa' },
  { key: 'guelmim-oued-noun', ar: 'كلميم واد نون', fr: 'Guelmim-Oued Noun' },
  { key: 'laayoune-sakia-el-hamra', ar: 'العيون الساقية الحمراء', fr: 'Laâyoune-Sakia El Hamra' },
  { key: 'dakhla-oued-ed-dahab', ar: 'الداخلة وادي الذهب', fr: 'Dakhla-Oued Ed-Dahab' },
] as const;
export const REGION_KEYS = REGIONS.map((region) => region.key) as [
  (typeof REGIONS)[number]['key'],
  ...(typeof REGIONS)[number]['key'][],
];
export type TRegionKey = (typeof REGIONS)[number]['key'];

/** What associations ask about. */
export const TOPICS = [
  { key: 'founding', ar: 'التأسيس والإطار القانوني', fr: 'Création et cadre juridique' },
  { key: 'funding', ar: 'الشراكة مع الدولة والتمويل العمومي', fr: "Partenariat avec l'État et financement public" },
  { key: 'volunteering', ar: 'العمل التطوعي التعاقدي', fr: 'Volontariat contractuel' },
  { key: 'platform', ar: 'المنصة الوطنية للجمعيات والخدمات الرقمية', fr: 'Plateforme nationale des associations et services numériques' },
  { key: 'training', ar: 'التكوين عن بعد وتقوية القدرات', fr: 'Formation à distance et renforcement des capacités' },
  { key: 'participation', ar: 'المشاركة المواطنة والعرائض', fr: 'Participation citoyenne et pétitions' },
  { key: 'data-protection', ar: 'حماية المعطيات الشخصية', fr: 'Protection des données personnelles' },
  { key: 'governance', ar: 'الحكامة والتدبير المالي والإداري', fr: 'Gouvernance et gestion financière et administrative' },
  { key: 'award', ar: 'جائزة المجتمع المدني', fr: 'Prix de la société civile' },
  { key: 'other', ar: 'أخرى', fr: 'Autre' },
] as const;
export const TOPIC_KEYS = TOPICS.map((topic) => topic.key) as [
  (typeof TOPICS)[number]['key'],
  ...(typeof TOPICS)[number]['key'][],
];
export type TTopicKey = (typeof TOPICS)[number]['key'];

export const TICKET_CHANNELS = ['voice', 'sms', 'whatsapp', 'web', 'email', 'walk-in'] as const;
export type TTicketChannel = (typeof TICKET_CHANNELS)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TTicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const;
export type TTicketStatus = (typeof TICKET_STATUSES)[number];

export const PRESENCE_STATES = ['available', 'busy', 'wrap-up', 'away', 'offline'] as const;
export type TPresenceState = (typeof PRESENCE_STATES)[number];

export const TIME_ZONE = 'Africa/Casablanca';

/** Knowledge-base article states; here rather than in schemas/kb so the web app can list them without loading zod. */
export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export const ARTICLE_VISIBILITIES = ['public', 'internal'] as const;

/**
 * What erased free text is replaced with: the marker that makes erasure idempotent, which screens
 * show as the reader's own word for it. Here rather than with the privacy schemas so that the
 * portal can recognise it without loading zod.
 */
export const ERASED_TEXT = '[erased]';
