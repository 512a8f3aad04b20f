/**
 * Demo content for Mowakaba: teams, users, associations, tickets and knowledge-base articles.
 * All people, associations, phone numbers and e-mail addresses are fictional.
 * Articles are general guidance written from public legal references; they point readers to the
 * local authority or the official portals for details that vary.
 */
import type {
  TContentLanguage,
  TRegionKey,
  TRole,
  TTicketChannel,
  TTicketPriority,
  TTicketStatus,
  TTopicKey,
} from '@mowakaba/shared/constants';

export interface DemoTeam {
  key: string;
  name: { ar: string; fr: string; en: string };
  languages: TContentLanguage[];
  topics: TTopicKey[];
}

export interface DemoUser {
  email: string;
  name: string;
  role: Exclude<TRole, 'admin'>;
  teamKey: string;
  languages: TContentLanguage[];
}

export interface DemoContact {
  name: string;
  role: string;
  phones: string[];
  emails: string[];
}

export interface DemoAssociation {
  key: string;
  name: { ar: string; fr: string };
  registrationRef: string;
  region: TRegionKey;
  province: string;
  city: string;
  fieldOfActivity: string;
  notes: string;
  contacts: DemoContact[];
}

export interface DemoTimelineEntry {
  kind: 'public-reply' | 'internal-note';
  authorEmail: string;
  body: string;
}

export interface DemoTicket {
  associationKey: string;
  channel: TTicketChannel;
  language: TContentLanguage;
  topic: TTopicKey;
  priority: TTicketPriority;
  status: TTicketStatus;
  subject: string;
  description: string;
  teamKey: string;
  assigneeEmail?: string;
  tags: string[];
  timeline: DemoTimelineEntry[];
}

export interface DemoArticle {
  key: string;
  lang: TContentLanguage;
  title: string;
  summary: string;
  body: string;
  topic: TTopicKey;
  tags: string[];
  status: 'draft' | 'published' | 'archived';
  visibility: 'public' | 'internal';
  translationOfKey?: string;
}

// ---------------------------------------------------------------------------------------------
// Teams
// ---------------------------------------------------------------------------------------------

export const demoTeams: DemoTeam[] = [
  {
    key: 'front-line-ar',
    name: {
      ar: 'خط الاستقبال الأول (العربية والدارجة)',
      fr: 'Premier accueil (arabe et darija)',
      en: 'Front line (Arabic and Darija)',
    },
    languages: ['ar', 'zgh'],
    topics: ['founding', 'platform', 'participation', 'award', 'other'],
  },
  {
    key: 'francophone-digital',
    name: {
      ar: 'الفريق الفرنكفوني والمنصة الرقمية',
      fr: 'Équipe francophone et plateforme numérique',
      en: 'French-speaking and digital platform team',
    },
    languages: ['fr', 'ar', 'en'],
    topics: ['platform', 'training', 'data-protection', 'other'],
  },
  {
    key: 'legal-funding',
    name: {
      ar: 'خبراء الإطار القانوني والتمويل',
      fr: 'Experts juridiques et financement',
      en: 'Legal and funding experts',
    },
    languages: ['ar', 'fr'],
    topics: ['founding', 'funding', 'volunteering', 'governance', 'data-protection', 'participation'],
  },
];

// ---------------------------------------------------------------------------------------------
// Users (4 agents, 2 supervisors)
// ---------------------------------------------------------------------------------------------

export const demoUsers: DemoUser[] = [
  {
    email: 'salma.agent@mowakaba.test',
    name: 'Salma Benjelloun',
    role: 'agent',
    teamKey: 'front-line-ar',
    languages: ['ar', 'fr'],
  },
  {
    email: 'youssef.agent@mowakaba.test',
    name: 'Youssef Aït Lahcen',
    role: 'agent',
    teamKey: 'front-line-ar',
    languages: ['ar', 'zgh', 'fr'],
  },
  {
    email: 'khadija.agent@mowakaba.test',
    name: 'Khadija Ouazzani',
    role: 'agent',
    teamKey: 'francophone-digital',
    languages: ['fr', 'ar', 'en'],
  },
  {
    email: 'hamza.agent@mowakaba.test',
    name: 'Hamza Tazi',
    role: 'agent',
    teamKey: 'legal-funding',
    languages: ['ar', 'fr'],
  },
  {
    email: 'nadia.supervisor@mowakaba.test',
    name: 'Nadia Berrada',
    role: 'supervisor',
    teamKey: 'front-line-ar',
    languages: ['ar', 'fr', 'en'],
  },
  {
    email: 'omar.supervisor@mowakaba.test',
    name: 'Omar Chraïbi',
    role: 'supervisor',
    teamKey: 'legal-funding',
    languages: ['ar', 'fr'],
  },
];

// ---------------------------------------------------------------------------------------------
// Associations (fictional)
// ---------------------------------------------------------------------------------------------

export const demoAssociations: DemoAssociation[] = [
  {
    key: 'amal-tiznit',
    name: {
      ar: 'جمعية الأمل للتنمية القروية بتيزنيت',
      fr: 'Association Al Amal pour le développement rural de Tiznit',
    },
    registrationRef: 'RC-2016-00781',
    region: 'souss-massa',
    province: 'Tiznit',
    city: 'Tiznit',
    fieldOfActivity: "Développement rural et accès à l'eau potable",
    notes: 'Travaille avec plusieurs douars de la province ; le président préfère être rappelé en fin d’après-midi.',
    contacts: [
      {
        name: 'Lahcen Aït Ouaaziz',
        role: 'Président',
        phones: ['0661234517', '0528-861204'],
        emails: ['lahcen.aitouaaziz@amal-tiznit.test'],
      },
      {
        name: 'Fatima Id Bella',
        role: 'Trésorière',
        phones: ['+212 6 70 45 12 88'],
        emails: ['tresorerie@amal-tiznit.test'],
      },
    ],
  },
  {
    key: 'nour-oujda',
    name: {
      ar: 'جمعية نور لرعاية الأشخاص في وضعية إعاقة',
      fr: 'Association Nour pour la prise en charge des personnes en situation de handicap',
    },
    registrationRef: 'RC-2012-03318',
    region: 'oriental',
    province: 'Oujda-Angad',
    city: 'Oujda',
    fieldOfActivity: 'Inclusion des personnes en situation de handicap',
    notes: 'Gère un centre de jour ; le compte sur la plateforme a été créé par un ancien secrétaire général.',
    contacts: [
      {
        name: 'Mohammed Berkani',
        role: 'Président',
        phones: ['06 62 18 90 34'],
        emails: ['m.berkani@nour-oujda.test'],
      },
      {
        name: 'Samira Lahlou',
        role: 'Secrétaire générale',
        phones: ['00212 7 01 22 36 48'],
        emails: ['contact@nour-oujda.test'],
      },
    ],
  },
  {
    key: 'waha-erfoud',
    name: {
      ar: 'جمعية الواحة الخضراء للبيئة والتنمية',
      fr: "Association L'Oasis verte pour l'environnement et le développement",
    },
    registrationRef: 'RC-2018-00462',
    region: 'draa-tafilalet',
    province: 'Errachidia',
    city: 'Erfoud',
    fieldOfActivity: 'البيئة وحماية الواحات',
    notes: 'Projets de replantation de palmiers ; contacts surtout par SMS, réseau faible dans les ksour.',
    contacts: [
      {
        name: 'Brahim Oulhaj',
        role: 'Président',
        phones: ['07 00 55 66 17'],
        emails: ['brahim.oulhaj@oasis-verte.test'],
      },
    ],
  },
  {
    key: 'jil-casablanca',
    name: {
      ar: 'جمعية جيل المستقبل للتربية والثقافة',
      fr: 'Association Génération Avenir pour l’éducation et la culture',
    },
    registrationRef: 'RC-2015-11207',
    region: 'casablanca-settat',
    province: 'Préfecture de Casablanca',
    city: 'Casablanca (Aïn Chock)',
    fieldOfActivity: 'Soutien scolaire et activités culturelles pour les jeunes',
    notes: 'Écrit surtout en français, par e-mail ; partenariat en cours avec une direction régionale.',
    contacts: [
      {
        name: 'Houda Benkirane',
        role: 'Présidente',
        phones: ['+212661908172', '0522-447318'],
        emails: ['h.benkirane@generation-avenir.test'],
      },
      {
        name: 'Karim Sebti',
        role: 'Trésorier',
        phones: ['0650 77 31 09'],
        emails: ['tresorier@generation-avenir.test'],
      },
    ],
  },
  {
    key: 'nissae-sefrou',
    name: {
      ar: 'جمعية نساء الأطلس للتنمية والتضامن',
      fr: "Association Femmes de l'Atlas pour le développement et la solidarité",
    },
    registrationRef: 'RC-2019-04512',
    region: 'fes-meknes',
    province: 'Sefrou',
    city: 'Sefrou',
    fieldOfActivity: 'محو الأمية والتمكين الاقتصادي للنساء',
    notes: 'Cours d’alphabétisation et ateliers de couture ; souhaite accueillir des volontaires.',
    contacts: [
      {
        name: 'Zahra Amzil',
        role: 'Présidente',
        phones: ['+212 6 44 90 12 35'],
        emails: ['zahra.amzil@femmes-atlas.test'],
      },
    ],
  },
  {
    key: 'chabab-safi',
    name: {
      ar: 'جمعية شباب المحيط للرياضة والتنشيط',
      fr: "Association Jeunes de l'Océan pour le sport et l'animation",
    },
    registrationRef: 'RC-2021-00935',
    region: 'marrakech-safi',
    province: 'Safi',
    city: 'Safi',
    fieldOfActivity: 'الرياضة والتنشيط الشبابي',
    notes: 'Bureau renouvelé récemment, membres jeunes qui écrivent souvent en darija ou en arabizi.',
    contacts: [
      {
        name: 'Abdelilah Rami',
        role: 'Président',
        phones: ['0767123490'],
        emails: ['chabab.ocean@mail-asso.test'],
      },
      {
        name: 'Yassine El Ouardi',
        role: 'Secrétaire général',
        phones: ['00212 6 55 40 71 26'],
        emails: ['yassine.elouardi@mail-asso.test'],
      },
    ],
  },
  {
    key: 'tadamoun-chefchaouen',
    name: {
      ar: 'جمعية التضامن للتنمية المستدامة بشفشاون',
      fr: 'Association Tadamoun pour le développement durable de Chefchaouen',
    },
    registrationRef: 'RC-2014-02276',
    region: 'tanger-tetouan-al-hoceima',
    province: 'Chefchaouen',
    city: 'Chefchaouen',
    fieldOfActivity: 'Développement local et désenclavement des douars de montagne',
    notes: 'Mobilise les habitants de plusieurs douars ; intéressée par les pétitions et la participation citoyenne.',
    contacts: [
      {
        name: 'Ahmed Riffi',
        role: 'Président',
        phones: ['0539-986420', '06 18 27 36 45'],
        emails: ['tadamoun.chaouen@asso-nord.test'],
      },
    ],
  },
  {
    key: 'oued-noun-patrimoine',
    name: {
      ar: 'جمعية واد نون للتراث والثقافة الحسانية',
      fr: 'Association Oued Noun pour le patrimoine et la culture hassanie',
    },
    registrationRef: 'RC-2017-00158',
    region: 'guelmim-oued-noun',
    province: 'Guelmim',
    city: 'Guelmim',
    fieldOfActivity: 'التراث الشفهي والثقافة الحسانية',
    notes: 'Projet de collecte de poésie orale hassanie ; souhaite candidater au Prix de la société civile.',
    contacts: [
      {
        name: 'Mbarka Lemrabet',
        role: 'Présidente',
        phones: ['+212 7 08 64 21 59'],
        emails: ['mbarka.lemrabet@oued-noun-patrimoine.test'],
      },
      {
        name: 'Sidi Mohamed Ahl Baba',
        role: 'Trésorier',
        phones: ['0671 52 84 03'],
        emails: ['tresorier@oued-noun-patrimoine.test'],
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Tickets
// ---------------------------------------------------------------------------------------------

export const demoTickets: DemoTicket[] = [
  {
    associationKey: 'amal-tiznit',
    channel: 'voice',
    language: 'ar',
    topic: 'funding',
    priority: 'high',
    status: 'open',
    subject: 'الترشح لطلب مشاريع في إطار الشراكة مع قطاع حكومي',
    description:
      'اتصل رئيس الجمعية للاستفسار عن طلب مشاريع أعلنه أحد القطاعات الحكومية لدعم مشاريع التزود بالماء الصالح للشرب في الدواوير. يرغب في معرفة الوثائق المطلوبة لملف طلب الدعم، وهل يمكن للجمعية أن تترشح وهي لم تعقد بعدُ جمعها العام السنوي الأخير.',
    teamKey: 'legal-funding',
    assigneeEmail: 'hamza.agent@mowakaba.test',
    tags: ['appel-a-projets', 'circulaire-7-2003', 'eligibilite'],
    timeline: [
      {
        kind: 'internal-note',
        authorEmail: 'salma.agent@mowakaba.test',
        body: 'حُوّلت المكالمة إلى فريق الخبرة القانونية والتمويل لأن السؤال يتعلق بشروط الأهلية. يفضّل الرئيس أن يُتّصل به بعد الساعة الرابعة مساءً.',
      },
      {
        kind: 'public-reply',
        authorEmail: 'hamza.agent@mowakaba.test',
        body: 'السيد الرئيس، شكراً على اتصالكم. يتضمن ملف طلب الدعم عادةً: نسخة من وصل الإيداع، والقانون الأساسي، ولائحة أعضاء المكتب، وآخر محضر للجمع العام، والتقريرين الأدبي والمالي، والبطاقة التقنية للمشروع مع ميزانية تقديرية. أما شروط الأهلية الدقيقة، ومنها ما يتعلق بانعقاد الجمع العام، فتحددها وثيقة طلب المشاريع نفسها، لذا ننصحكم بقراءتها بعناية. سنرسل إليكم رابط مقالنا حول إعداد ملف طلب الدعم.',
      },
    ],
  },
  {
    associationKey: 'nour-oujda',
    channel: 'whatsapp',
    language: 'ar',
    topic: 'platform',
    priority: 'normal',
    status: 'pending',
    subject: 'ما قدرتش ندخل لحساب الجمعية فالمنصة',
    description:
      'السلام عليكم، بغيت ندخل للحساب ديال الجمعية فالمنصة الوطنية وكيقولي كلمة السر غالطة. درت «نسيت كلمة السر» وما وصلني حتى إيميل. الحساب كان دايرو الكاتب العام القديم وما بقاش معانا. شنو خاصنا نديرو؟',
    teamKey: 'front-line-ar',
    assigneeEmail: 'salma.agent@mowakaba.test',
    tags: ['darija', 'mot-de-passe', 'compte-plateforme'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'salma.agent@mowakaba.test',
        body: 'وعليكم السلام، شكراً على رسالتكم. يُرسَل رابط استرجاع كلمة المرور عادةً إلى البريد الإلكتروني الذي أُنشئ به الحساب، وقد يكون بريد الكاتب العام السابق. المرجو أن تؤكدوا لنا اسم الجمعية ومرجع وصل الإيداع، وأن ترسلوا محضر آخر جمع عام يبيّن تشكيلة المكتب الحالي، حتى نوجهكم إلى مسطرة تحيين البريد الإلكتروني للحساب.',
      },
      {
        kind: 'internal-note',
        authorEmail: 'salma.agent@mowakaba.test',
        body: 'في انتظار محضر الجمع العام. لا نغيّر أي معطى في الحساب قبل التحقق من صفة المتصل وفق المسطرة الداخلية.',
      },
    ],
  },
  {
    associationKey: 'waha-erfoud',
    channel: 'sms',
    language: 'ar',
    topic: 'founding',
    priority: 'normal',
    status: 'new',
    subject: 'bghina nbedlo lmaktab dyal jam3iya',
    description:
      'salam, 3andna jam3 3am f ch-har jay w bghina nbedlo lmaktab. chno homa lwata2i9 li khasna nwjdo l l9iyada mn ba3d? w wach ghadi y3tiwna wasl jdid? choukran',
    teamKey: 'front-line-ar',
    tags: ['arabizi', 'renouvellement-bureau'],
    timeline: [],
  },
  {
    associationKey: 'jil-casablanca',
    channel: 'email',
    language: 'fr',
    topic: 'data-protection',
    priority: 'normal',
    status: 'open',
    subject: 'Fichier des élèves du soutien scolaire : faut-il le déclarer à la CNDP ?',
    description:
      "Bonjour, notre association organise du soutien scolaire pour une centaine d'enfants du quartier. Nous tenons un tableur avec les noms, âges, écoles, numéros de téléphone des parents et parfois des remarques de santé (allergies). Un partenaire nous demande si ce fichier a été déclaré à la CNDP. Que devons-nous faire ? Cordialement, Houda Benkirane, présidente.",
    teamKey: 'francophone-digital',
    assigneeEmail: 'khadija.agent@mowakaba.test',
    tags: ['cndp', 'loi-09-08', 'mineurs'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'khadija.agent@mowakaba.test',
        body: "Bonjour Madame Benkirane, merci pour votre message. Un fichier de bénéficiaires contenant des données personnelles relève de la loi 09-08, et les informations de santé sont des données sensibles qui demandent une attention particulière : la formalité peut alors être une autorisation plutôt qu'une simple déclaration. Nous vous conseillons de limiter le fichier aux données vraiment nécessaires, de recueillir le consentement écrit des parents et de vérifier la formalité applicable sur le site officiel de la CNDP. Notre article sur la protection des données dans les associations détaille ces étapes.",
      },
      {
        kind: 'internal-note',
        authorEmail: 'khadija.agent@mowakaba.test',
        body: "Question sensible (données de santé de mineurs) : deuxième avis demandé à l'équipe juridique avant de clôturer.",
      },
    ],
  },
  {
    associationKey: 'nissae-sefrou',
    channel: 'voice',
    language: 'ar',
    topic: 'volunteering',
    priority: 'normal',
    status: 'solved',
    subject: 'إبرام عقود التطوع التعاقدي مع متطوعات لدروس محو الأمية',
    description:
      'تسأل رئيسة الجمعية عن إمكانية استقبال متطوعات لتأطير دروس محو الأمية في إطار القانون 06.18، وعن الفرق بين المتطوعة والمستخدَمة، وهل يجوز منحهن تعويضاً عن مصاريف التنقل.',
    teamKey: 'legal-funding',
    assigneeEmail: 'hamza.agent@mowakaba.test',
    tags: ['loi-06-18', 'contrat-volontariat'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'hamza.agent@mowakaba.test',
        body: 'السيدة الرئيسة، ينظم القانون 06.18 العمل التطوعي التعاقدي بعقد مكتوب يحدد المهمة ومدتها وحقوق الطرفين وواجباتهما. التطوع ليس عملاً مأجوراً، لكن يمكن تحمّل بعض المصاريف المرتبطة بالمهمة وفق ما ينص عليه القانون ونصوصه التطبيقية. أرسلنا إليكم مقالنا حول مضمون عقد التطوع، وننصحكم بالتأكد من الإجراءات الإدارية لدى الجهة المختصة قبل بدء البرنامج.',
      },
      {
        kind: 'internal-note',
        authorEmail: 'hamza.agent@mowakaba.test',
        body: 'أكدت الرئيسة هاتفياً أن الجواب كافٍ. تُغلق التذكرة بوصفها محلولة.',
      },
    ],
  },
  {
    associationKey: 'chabab-safi',
    channel: 'sms',
    language: 'ar',
    topic: 'training',
    priority: 'low',
    status: 'new',
    subject: 'wach kayna formation 3la b3d f tadbir lmali?',
    description:
      'salam, ana jdid f lmaktab dyal jam3iya dyal riyada f Asfi. wach kayna chi formation 3la b3d bach nt3alem kifach nmsek l7isabat w ndir taqrir mali? w wach kayna b l3arbiya? choukran bzaf',
    teamKey: 'francophone-digital',
    tags: ['arabizi', 'formation-a-distance', 'gestion-financiere'],
    timeline: [],
  },
  {
    associationKey: 'tadamoun-chefchaouen',
    channel: 'web',
    language: 'ar',
    topic: 'participation',
    priority: 'normal',
    status: 'open',
    subject: 'كيف نقدّم عريضة للمطالبة بإصلاح الطريق المؤدية إلى الدواوير؟',
    description:
      'نرغب، بتنسيق مع سكان عدد من الدواوير، في تقديم عريضة للمطالبة بإصلاح الطريق المؤدية إلى المدرسة والمستوصف. ما الجهة التي نوجه إليها العريضة؟ وما الشروط المطلوبة؟ وهل يمكن للجمعية أن تقدمها باسمها؟',
    teamKey: 'front-line-ar',
    assigneeEmail: 'youssef.agent@mowakaba.test',
    tags: ['petition', 'collectivites-territoriales'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'youssef.agent@mowakaba.test',
        body: 'شكراً على سؤالكم. يتوقف الجواب على الجهة المعنية بالموضوع: العرائض الموجهة إلى رئيس الحكومة أو إلى رئيسَي مجلسي البرلمان ينظمها القانون التنظيمي 44.14، أما العرائض الموجهة إلى مجالس الجماعات الترابية فتنظمها القوانين التنظيمية المتعلقة بهذه الجماعات، وقد تختلف شروطها، بما في ذلك من يحق له تقديم العريضة. وبما أن إصلاح الطريق قد يدخل في اختصاص مجلس جماعي أو إقليمي، ننصحكم بالتحقق من ذلك لدى الجماعة. سنرسل إليكم مقالنا حول العرائض.',
      },
      {
        kind: 'internal-note',
        authorEmail: 'youssef.agent@mowakaba.test',
        body: 'طلبتُ رأي الفريق القانوني حول إمكانية تقديم الجمعية للعريضة أمام مجلس الجماعة. في انتظار جوابهم قبل الرد النهائي.',
      },
    ],
  },
  {
    associationKey: 'oued-noun-patrimoine',
    channel: 'voice',
    language: 'ar',
    topic: 'award',
    priority: 'normal',
    status: 'solved',
    subject: 'شروط الترشح لجائزة المجتمع المدني',
    description:
      'تستفسر رئيسة الجمعية عن إمكانية ترشيح مشروع الجمعية لتوثيق التراث الشفهي الحساني لجائزة المجتمع المدني، وعن موعد فتح باب الترشيحات.',
    teamKey: 'front-line-ar',
    assigneeEmail: 'salma.agent@mowakaba.test',
    tags: ['prix-societe-civile'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'salma.agent@mowakaba.test',
        body: 'شكراً على اتصالكم. تُعلن الجهة الحكومية المكلفة بالعلاقات مع المجتمع المدني عن فتح باب الترشح لجائزة المجتمع المدني، مع نظام يحدد فئات الجائزة وشروط الأهلية والوثائق المطلوبة. ننصحكم بمتابعة البوابة الرسمية وقراءة نظام الجائزة عند صدوره، وبتحيين الوثائق القانونية للجمعية وتوثيق منجزات المشروع بالصور والتقارير منذ الآن.',
      },
      {
        kind: 'internal-note',
        authorEmail: 'salma.agent@mowakaba.test',
        body: 'الرئيسة راضية عن الجواب. اقترحتُ عليها معاودة الاتصال بنا عند الإعلان عن الدورة المقبلة لمساعدتها في قراءة النظام.',
      },
    ],
  },
  {
    associationKey: 'jil-casablanca',
    channel: 'web',
    language: 'fr',
    topic: 'funding',
    priority: 'urgent',
    status: 'pending',
    subject: 'Convention de partenariat : pièces demandées avant le versement de la deuxième tranche',
    description:
      "Notre convention de partenariat avec une direction régionale prévoit un versement en deux tranches. Le service financier nous demande un rapport d'étape et les justificatifs des dépenses de la première tranche. Notre comptable est absent et l'activité d'été commence bientôt. Quelles pièces sont indispensables et comment présenter le rapport ?",
    teamKey: 'legal-funding',
    assigneeEmail: 'hamza.agent@mowakaba.test',
    tags: ['convention-partenariat', 'rapport-financier', 'circulaire-7-2003'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'hamza.agent@mowakaba.test',
        body: "Bonjour, le contenu exact du rapport est fixé par votre convention : relisez l'article consacré au suivi et aux rapports. En général, on attend un rapport d'activité (réalisations, indicateurs, difficultés), un état des dépenses comparé au budget prévisionnel et des copies des pièces justificatives (factures, relevés bancaires). Pouvez-vous nous envoyer la clause concernée de la convention ? Nous vous aiderons à structurer le rapport.",
      },
      {
        kind: 'internal-note',
        authorEmail: 'omar.supervisor@mowakaba.test',
        body: "Priorité urgente maintenue : risque de report de l'activité d'été. Hamza, merci de relancer l'association si la convention n'est pas arrivée demain.",
      },
    ],
  },
  {
    associationKey: 'amal-tiznit',
    channel: 'walk-in',
    language: 'ar',
    topic: 'governance',
    priority: 'normal',
    status: 'solved',
    subject: 'نموذج محضر الجمع العام العادي',
    description:
      'حضرت أمينة مال الجمعية إلى مقر المركز وطلبت المساعدة في تحرير محضر الجمع العام العادي الذي سيُعقد قريباً، وفي ترتيب جدول الأعمال (التقرير الأدبي، التقرير المالي، المصادقة عليهما).',
    teamKey: 'legal-funding',
    assigneeEmail: 'omar.supervisor@mowakaba.test',
    tags: ['assemblee-generale', 'proces-verbal'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'omar.supervisor@mowakaba.test',
        body: 'قدّمنا لكم نموذجاً عاماً لمحضر الجمع العام يتضمن: تاريخ الانعقاد ومكانه، وعدد الحاضرين والتحقق من النصاب وفق القانون الأساسي للجمعية، وجدول الأعمال، وملخص المناقشات، ونتائج التصويت على التقريرين الأدبي والمالي، وتوقيع الأشخاص الذين يحددهم القانون الأساسي. المرجو مراجعة القانون الأساسي لمعرفة قواعد الدعوة والنصاب الخاصة بجمعيتكم.',
      },
      {
        kind: 'internal-note',
        authorEmail: 'omar.supervisor@mowakaba.test',
        body: 'زيارة مباشرة دامت قرابة نصف ساعة. سُلِّمت نسخة مطبوعة من مقال تنظيم الجمع العام.',
      },
    ],
  },
  {
    associationKey: 'nour-oujda',
    channel: 'email',
    language: 'fr',
    topic: 'platform',
    priority: 'high',
    status: 'open',
    subject: 'Échec du dépôt du dossier sur la plateforme : fichier refusé',
    description:
      "Bonjour, en déposant notre dossier en ligne, le formulaire refuse le rapport financier scanné avec le message « format ou taille de fichier non autorisé ». Nous avons essayé plusieurs fois depuis la maison de jeunes, où la connexion est lente. Le dépôt doit être fait cette semaine. Merci de nous aider. Samira Lahlou, secrétaire générale.",
    teamKey: 'francophone-digital',
    assigneeEmail: 'khadija.agent@mowakaba.test',
    tags: ['depot-en-ligne', 'fichier-refuse'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'khadija.agent@mowakaba.test',
        body: "Bonjour Madame Lahlou, ce message apparaît en général lorsque le fichier dépasse la taille maximale acceptée ou n'est pas dans un format autorisé (le plus souvent PDF). Essayez de scanner en noir et blanc et en résolution moyenne, d'enregistrer en PDF et, si nécessaire, de diviser le document. Les limites exactes sont indiquées sur la page de dépôt. Si l'erreur persiste, envoyez-nous une capture d'écran.",
      },
      {
        kind: 'internal-note',
        authorEmail: 'khadija.agent@mowakaba.test',
        body: "Vérifié avec l'équipe technique : aucun incident connu sur la plateforme aujourd'hui.",
      },
    ],
  },
  {
    associationKey: 'waha-erfoud',
    channel: 'voice',
    language: 'ar',
    topic: 'funding',
    priority: 'normal',
    status: 'new',
    subject: 'استفسار عن مآل طلب الدعم المقدم للمديرية الإقليمية',
    description:
      'اتصل رئيس الجمعية يسأل عن مآل طلب الدعم الذي قدمته الجمعية لمشروع غرس النخيل وحماية الواحة، إذ لم تتوصل بأي جواب حتى الآن. يرغب في معرفة الجهة التي يمكنه الاستفسار لديها.',
    teamKey: 'legal-funding',
    tags: ['suivi-demande', 'rappel'],
    timeline: [
      {
        kind: 'internal-note',
        authorEmail: 'salma.agent@mowakaba.test',
        body: 'انقطعت المكالمة قبل استكمال المعلومات بسبب ضعف الشبكة. يجب معاودة الاتصال بالرئيس لمعرفة الجهة التي قُدّم إليها الطلب وتاريخ الإيداع.',
      },
    ],
  },
  {
    associationKey: 'chabab-safi',
    channel: 'sms',
    language: 'ar',
    topic: 'founding',
    priority: 'normal',
    status: 'pending',
    subject: 'ضاع لينا الوصل النهائي ديال الجمعية',
    description:
      'السلام، الوصل النهائي ديال الجمعية ضاع لينا فاش بدلنا المقر، وطلبوه منا باش نفتحو حساب بنكي جديد. واش نقدرو ناخدو نسخة؟ وفين نمشيو؟',
    teamKey: 'front-line-ar',
    assigneeEmail: 'salma.agent@mowakaba.test',
    tags: ['darija', 'recepisse', 'compte-bancaire'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'salma.agent@mowakaba.test',
        body: 'وعليكم السلام. ننصحكم بالتوجه إلى السلطة المحلية التي أودعتم لديها ملف التأسيس أو آخر تجديد، ومعكم نسخة من القانون الأساسي وآخر محضر للجمع العام، للاستفسار عن إمكانية الحصول على نسخة أو شهادة تثبت الإيداع. وبما أنكم غيّرتم المقر، فقد يستلزم ذلك بدوره تصريحاً، فاستفسروا عنه في الزيارة نفسها. تختلف الإجراءات من عمالة إلى أخرى، لذا المرجو أن تخبرونا بما قيل لكم لنواصل مواكبتكم.',
      },
    ],
  },
  {
    associationKey: 'nissae-sefrou',
    channel: 'web',
    language: 'fr',
    topic: 'training',
    priority: 'low',
    status: 'solved',
    subject: 'Inscription de deux membres à la formation à distance en gestion de projet',
    description:
      "Bonjour, deux membres de notre bureau souhaitent suivre la formation à distance sur la gestion de projet associatif. Comment s'inscrire, faut-il une adresse e-mail pour chacune, et la formation existe-t-elle en arabe ?",
    teamKey: 'francophone-digital',
    assigneeEmail: 'khadija.agent@mowakaba.test',
    tags: ['formation-a-distance', 'inscription'],
    timeline: [
      {
        kind: 'public-reply',
        authorEmail: 'khadija.agent@mowakaba.test',
        body: "Bonjour, chaque participante doit créer son propre compte avec une adresse e-mail personnelle, puis s'inscrire au module souhaité depuis le catalogue. La langue de chaque module est indiquée sur sa fiche de présentation. Notre article « La formation à distance pour les associations » détaille les étapes.",
      },
      {
        kind: 'internal-note',
        authorEmail: 'khadija.agent@mowakaba.test',
        body: "Inscriptions confirmées par l'association : ticket résolu.",
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Knowledge base
// ---------------------------------------------------------------------------------------------

export const demoArticles: DemoArticle[] = [
  // --- founding --------------------------------------------------------------------------------
  {
    key: 'founding-create-association-ar',
    lang: 'ar',
    title: 'تأسيس جمعية: الخطوات الأساسية',
    summary: 'دليل مبسّط لمراحل تأسيس جمعية وفق ظهير 15 نونبر 1958 المتعلق بحق تأسيس الجمعيات، من الفكرة إلى وصل الإيداع.',
    body: `## لمن هذا الدليل؟
لكل مجموعة من المواطنات والمواطنين ترغب في تأسيس جمعية تعمل في مجال اجتماعي أو ثقافي أو رياضي أو تنموي أو غيره. ينظم حق تأسيس الجمعيات في المغرب الظهير الشريف الصادر في 15 نونبر 1958، كما وقع تغييره وتتميمه.

## الخطوات الرئيسية
1. **تحديد الهدف**: اتفقوا على أهداف الجمعية ومجال عملها والمنطقة التي ستنشط فيها.
2. **إعداد القانون الأساسي**: يحدد اسم الجمعية ومقرها وأهدافها وأجهزتها وطريقة انتخابها ومواردها.
3. **عقد الجمع العام التأسيسي**: يصادق فيه المؤسسون على القانون الأساسي وينتخبون أعضاء المكتب، ويُحرَّر محضر بذلك.
4. **إيداع التصريح**: يودَع ملف التأسيس لدى السلطة الإدارية المحلية التي يوجد في دائرتها مقر الجمعية (الباشوية أو القيادة حسب الحالة).
5. **تسلّم وصل الإيداع**: تسلّم السلطة المحلية وصلاً عند الإيداع، ثم يُسلَّم الوصل النهائي بعد استكمال المسطرة.

## مكونات الملف عادةً
- التصريح بتأسيس الجمعية موقعاً من أعضاء المكتب؛
- نسخ من القانون الأساسي؛
- محضر الجمع العام التأسيسي؛
- لائحة أعضاء المكتب بأسمائهم وصفاتهم ومهنهم وعناوينهم؛
- نسخ من بطائق التعريف الوطنية للأعضاء المسيرين.

قد يختلف عدد النسخ وبعض الوثائق المطلوبة من سلطة محلية إلى أخرى، لذا **ننصحكم بالاستفسار لدى السلطة المحلية أو عبر البوابة الرسمية قبل الإيداع**.

## نصيحة
احتفظوا بنسخة كاملة من الملف المودَع وبوصل الإيداع في مكان آمن، فستطلبها منكم الأبناك والشركاء في مناسبات عديدة.`,
    topic: 'founding',
    tags: ['تأسيس جمعية', 'تسجيل جمعية', 'وصل الإيداع', 'القانون الأساسي', 'ظهير 1958'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'founding-create-association-fr',
    lang: 'fr',
    title: 'Créer une association : les étapes essentielles',
    summary: "Guide simplifié des étapes de création d'une association selon le dahir du 15 novembre 1958, de l'idée au récépissé.",
    body: `## À qui s'adresse ce guide ?
À tout groupe de citoyennes et de citoyens qui souhaite créer une association à vocation sociale, culturelle, sportive, de développement ou autre. Au Maroc, le droit d'association est régi par le dahir du 15 novembre 1958, tel qu'il a été modifié et complété.

## Les étapes principales
1. **Définir le projet** : mettez-vous d'accord sur les objectifs, le domaine d'action et le territoire de l'association.
2. **Rédiger les statuts** : ils fixent le nom, le siège, les objectifs, les organes, le mode d'élection et les ressources.
3. **Tenir l'assemblée générale constitutive** : les fondateurs y adoptent les statuts et élisent le bureau ; un procès-verbal est rédigé.
4. **Déposer la déclaration** : le dossier est déposé auprès de l'autorité administrative locale dont relève le siège (pachalik ou caïdat selon le cas).
5. **Recevoir le récépissé** : l'autorité locale remet un récépissé lors du dépôt, puis le récépissé définitif une fois la procédure achevée.

## Le dossier comprend généralement
- la déclaration de constitution signée par les membres du bureau ;
- des exemplaires des statuts ;
- le procès-verbal de l'assemblée générale constitutive ;
- la liste des membres du bureau avec leurs noms, fonctions, professions et adresses ;
- des copies des cartes nationales d'identité des dirigeants.

Le nombre d'exemplaires et certaines pièces peuvent varier d'une autorité locale à l'autre : **renseignez-vous auprès de l'autorité locale ou sur le portail officiel avant le dépôt**.

## Conseil
Conservez une copie complète du dossier déposé et le récépissé en lieu sûr : les banques et les partenaires vous les demanderont souvent.`,
    topic: 'founding',
    tags: ['création', 'récépissé', 'statuts', 'dahir 1958'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'founding-create-association-ar',
  },
  {
    key: 'founding-create-association-en',
    lang: 'en',
    title: 'Founding an association in Morocco: the essential steps',
    summary: 'A simple guide to founding an association under the dahir of 15 November 1958, from the idea to the receipt.',
    body: `## Who is this guide for?
Any group of citizens who wish to set up an association working in a social, cultural, sports, development or other field. In Morocco, the right of association is governed by the dahir of 15 November 1958, as amended and supplemented.

## The main steps
1. **Define the project**: agree on the association's aims, field of activity and area of work.
2. **Draft the statutes**: they set out the name, registered office, aims, governing bodies, election rules and resources.
3. **Hold the founding general assembly**: the founders adopt the statutes and elect the board; minutes are drawn up.
4. **File the declaration**: the file is lodged with the local administrative authority responsible for the registered office (pachalik or caïdat, as the case may be).
5. **Receive the receipt**: the local authority issues a receipt when the file is lodged, then the final receipt once the procedure is complete.

## The file usually includes
- the declaration of formation signed by the board members;
- copies of the statutes;
- the minutes of the founding general assembly;
- the list of board members with their names, positions, occupations and addresses;
- copies of the national identity cards of the officers.

The number of copies and some documents may differ from one local authority to another: **check with the local authority or the official portal before filing**.

## Tip
Keep a complete copy of the filed documents and the receipt in a safe place: banks and partners will often ask for them.`,
    topic: 'founding',
    tags: ['founding', 'receipt', 'statutes', 'dahir 1958'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'founding-create-association-ar',
  },
  {
    key: 'founding-deposit-receipt-ar',
    lang: 'ar',
    title: 'وصل الإيداع: ما هو ولماذا هو مهم؟',
    summary: 'الفرق بين الوصل المؤقت والوصل النهائي، ومتى تحتاجون إلى وصل الإيداع، وما العمل عند تأخره أو ضياعه.',
    body: `## ما هو وصل الإيداع؟
وصل الإيداع هو الوثيقة التي تثبت أن الجمعية صرّحت بتأسيسها لدى السلطة الإدارية المحلية وفق ظهير 15 نونبر 1958 المتعلق بحق تأسيس الجمعيات. وهو بمثابة بطاقة هوية قانونية للجمعية في تعاملاتها.

## مرحلتان: الوصل المؤقت والوصل النهائي
- **الوصل المؤقت**: يُسلَّم عند إيداع ملف التصريح، ويحمل تاريخ الإيداع.
- **الوصل النهائي**: يُسلَّم بعد دراسة الملف داخل الأجل القانوني.

إذا تأخر تسليم الوصل النهائي، فاحتفظوا بالوصل المؤقت وبنسخة كاملة من الملف، وراسلوا السلطة المحلية كتابةً للاستفسار، ويمكنكم الاتصال بمركز المواكبة لمساعدتكم على تتبع الملف.

## متى تحتاجون إلى وصل الإيداع؟
- فتح حساب بنكي باسم الجمعية أو تغيير المفوَّضين بالتوقيع؛
- تقديم طلب الدعم أو إبرام اتفاقية الشراكة؛
- إنشاء حساب الجمعية على المنصة الوطنية للجمعيات؛
- الترشح للجوائز والبرامج التكوينية.

## كل تغيير يستلزم تصريحاً جديداً
كل تجديد للمكتب أو تعديل للقانون الأساسي يجب التصريح به لدى السلطة المحلية بالكيفية نفسها، ويُسلَّم عنه وصل جديد. لذلك احرصوا على أن يكون الوصل الذي تقدمونه لشركائكم مطابقاً لآخر وضعية قانونية للجمعية.

## في حالة ضياع الوصل
توجهوا إلى السلطة المحلية التي أودعتم لديها الملف، مصحوبين بنسخة من القانون الأساسي وآخر محضر للجمع العام، واستفسروا عن المسطرة المعمول بها للحصول على نسخة أو شهادة تثبت الإيداع، إذ قد تختلف الإجراءات من عمالة أو إقليم إلى آخر.`,
    topic: 'founding',
    tags: ['وصل الإيداع', 'الوصل النهائي', 'تجديد المكتب', 'السلطة المحلية'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'founding-deposit-receipt-fr',
    lang: 'fr',
    title: 'Le récépissé de dépôt : de quoi s’agit-il et pourquoi est-il important ?',
    summary: 'Récépissé provisoire et récépissé définitif, usages du récépissé, et que faire en cas de retard ou de perte.',
    body: `## Qu'est-ce que le récépissé ?
Le récépissé (وصل الإيداع) est le document qui prouve que l'association a déclaré sa constitution auprès de l'autorité administrative locale, conformément au dahir du 15 novembre 1958 relatif au droit d'association. C'est en quelque sorte la carte d'identité juridique de l'association.

## Deux étapes : récépissé provisoire et récépissé définitif
- **Le récépissé provisoire** est remis lors du dépôt de la déclaration et porte la date du dépôt.
- **Le récépissé définitif** est délivré après examen du dossier, dans le délai prévu par la loi.

Si le récépissé définitif tarde, conservez le récépissé provisoire et une copie complète du dossier, écrivez à l'autorité locale pour vous renseigner, et contactez le centre d'accompagnement pour vous aider à suivre le dossier.

## Quand en aurez-vous besoin ?
- pour ouvrir un compte bancaire au nom de l'association ou changer les signataires ;
- pour présenter une demande de subvention ou signer une convention de partenariat ;
- pour créer le compte de l'association sur la plateforme nationale des associations ;
- pour candidater à des prix et à des programmes de formation.

## Tout changement appelle une nouvelle déclaration
Chaque renouvellement du bureau ou modification des statuts doit être déclaré à l'autorité locale dans les mêmes formes et donne lieu à un nouveau récépissé. Veillez à présenter à vos partenaires le récépissé qui correspond à la situation juridique actuelle de l'association.

## En cas de perte
Rendez-vous auprès de l'autorité locale où le dossier a été déposé, avec une copie des statuts et le dernier procès-verbal d'assemblée générale, et renseignez-vous sur la procédure applicable pour obtenir une copie ou une attestation de dépôt : elle peut varier d'une préfecture ou province à l'autre.`,
    topic: 'founding',
    tags: ['récépissé', 'récépissé définitif', 'renouvellement du bureau', 'autorité locale'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'founding-deposit-receipt-ar',
  },
  {
    key: 'founding-statutes-ar',
    lang: 'ar',
    title: 'إعداد القانون الأساسي للجمعية',
    summary: 'العناصر التي ينبغي أن يتضمنها القانون الأساسي للجمعية، ونصائح عملية لصياغته وتعديله.',
    body: `## لماذا يُعدّ القانون الأساسي مهماً؟
القانون الأساسي هو الوثيقة المرجعية التي تنظم حياة الجمعية: يحدد هويتها وأهدافها وقواعد اشتغال أجهزتها. ويُصادَق عليه في الجمع العام التأسيسي، ثم يودَع ضمن ملف التصريح لدى السلطة المحلية.

## العناصر التي ينبغي أن يتضمنها
- **الاسم والمقر** ومدة الجمعية (وهي غالباً غير محددة)؛
- **الأهداف** بصياغة واضحة ودقيقة، مع تجنب الأهداف العامة جداً أو المخالفة للقانون؛
- **شروط العضوية**: الانخراط، والواجبات، والانسحاب، وفقدان الصفة؛
- **الأجهزة**: الجمع العام والمكتب (أو المجلس الإداري) واختصاصات كل منهما؛
- **طريقة الانتخاب** ومدة الانتداب وإمكانية تجديده؛
- **قواعد الدعوة إلى الجمع العام** والنصاب القانوني وطريقة اتخاذ القرارات؛
- **الموارد المالية**: واجبات الانخراط، والدعم العمومي، والهبات في حدود القانون، ومداخيل الأنشطة؛
- **من يمثل الجمعية** ومن يوقّع على الوثائق المالية؛
- **مسطرة تعديل القانون الأساسي**؛
- **حل الجمعية** ومآل ممتلكاتها.

## نصائح عملية
1. لا تنسخوا نموذجاً جاهزاً دون ملاءمته مع واقع جمعيتكم.
2. اعتمدوا لغة بسيطة تتيح لكل عضو فهم حقوقه وواجباته.
3. توقعوا الحالات الصعبة: استقالة الرئيس، أو شغور منصب، أو تعذّر اكتمال النصاب.
4. يمكن إكمال القانون الأساسي بنظام داخلي يفصّل الجوانب العملية.

كل تعديل لاحق للقانون الأساسي يجب أن يصادق عليه الجمع العام وفق الشروط المنصوص عليها فيه، وأن يُصرَّح به لدى السلطة المحلية.`,
    topic: 'founding',
    tags: ['القانون الأساسي', 'تأسيس جمعية', 'النظام الداخلي', 'الجمع العام'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'founding-board-renewal-fr',
    lang: 'fr',
    title: 'Renouveler le bureau ou modifier les statuts : quelles formalités ?',
    summary: 'Les étapes pour déclarer un renouvellement du bureau ou une modification des statuts, et ce qu’il faut mettre à jour ensuite.',
    body: `## Ce que dit le cadre légal
Le dahir du 15 novembre 1958 relatif au droit d'association prévoit que les changements survenus dans l'administration ou la direction de l'association, ainsi que les modifications apportées aux statuts, sont déclarés à l'autorité administrative locale dans les mêmes formes que la déclaration initiale.

## Les étapes habituelles
1. **Convoquer l'assemblée générale** selon les règles prévues par vos statuts (convocation, quorum, mode de vote).
2. **Tenir l'assemblée** : présentation des rapports moral et financier, vote, élection du nouveau bureau ou adoption des modifications statutaires.
3. **Rédiger le procès-verbal**, signé par les personnes désignées dans les statuts.
4. **Préparer le dossier** : déclaration de renouvellement ou de modification, procès-verbal, liste du nouveau bureau, copies des cartes d'identité, statuts modifiés le cas échéant.
5. **Déposer le dossier** auprès de l'autorité locale et conserver le récépissé.

Les pièces exactes et le nombre d'exemplaires peuvent varier : vérifiez-les auprès de votre autorité locale.

## Après le dépôt, pensez à tout mettre à jour
- les personnes habilitées à signer sur le compte bancaire ;
- les coordonnées de l'association sur la plateforme nationale des associations ;
- les contacts déclarés auprès de vos partenaires ;
- le registre interne des membres et des délibérations.

## Erreurs fréquentes
- Attendre plusieurs années avant de déclarer un changement de bureau.
- Oublier que le changement de siège peut, lui aussi, nécessiter une déclaration.
- Présenter à un partenaire un ancien récépissé qui ne correspond plus à la composition actuelle du bureau.`,
    topic: 'founding',
    tags: ['renouvellement du bureau', 'modification des statuts', 'assemblée générale', 'récépissé'],
    status: 'published',
    visibility: 'public',
  },

  // --- funding ---------------------------------------------------------------------------------
  {
    key: 'funding-partnership-state-ar',
    lang: 'ar',
    title: 'الشراكة بين الدولة والجمعيات: ما يجب معرفته عن المنشور 7/2003',
    summary: 'المبادئ التي يقوم عليها الدعم العمومي للجمعيات في إطار منشور الوزير الأول رقم 7/2003، ومضمون اتفاقية الشراكة.',
    body: `## الإطار المرجعي
يحدد منشور الوزير الأول رقم 7/2003 المتعلق بالشراكة بين الدولة والجمعيات المبادئ التي تؤطر الدعم العمومي الذي تقدمه القطاعات الحكومية للجمعيات. والغاية منه أن يكون هذا الدعم شفافاً، وأن يستند إلى مشاريع واضحة، وأن يخضع للتتبع والتقييم.

## المبادئ الأساسية
- **تكافؤ الفرص**: تُنتقى المشاريع في الغالب عبر طلبات مشاريع معلنة، وفق معايير معروفة مسبقاً.
- **التعاقد**: تربط بين الإدارة والجمعية اتفاقية شراكة تحدد التزامات كل طرف.
- **المسؤولية**: تلتزم الجمعية باستعمال الدعم في المشروع المتفق عليه دون غيره.
- **المحاسبة**: تقدم الجمعية تقارير عن الإنجاز وعن صرف الاعتمادات، وتخضع لمراقبة الهيئات المختصة.

## ماذا تتضمن اتفاقية الشراكة عادةً؟
1. موضوع الشراكة وأهداف المشروع؛
2. التزامات الإدارة، ومنها مبلغ المساهمة وطريقة صرفها (دفعة واحدة أو على أشطر)؛
3. التزامات الجمعية، ومنها مساهمتها الذاتية إن وُجدت؛
4. آليات التتبع والتقييم، وتشكيل لجنة للتتبع عند الاقتضاء؛
5. التقارير المطلوبة ومواعيدها؛
6. شروط التعديل والفسخ.

## قبل التوقيع
اقرؤوا الاتفاقية كاملة، وتأكدوا من أن الجدولة الزمنية والميزانية واقعيتان، وأن الجمعية قادرة على تقديم التقارير المطلوبة في وقتها. وإذا كان أحد البنود غير واضح، فاطلبوا توضيحه كتابةً من الإدارة الشريكة قبل التوقيع.

لكل قطاع حكومي شروطه ومساطره الخاصة، لذلك تبقى وثيقة طلب المشاريع ونص الاتفاقية المرجعَ الأول.`,
    topic: 'funding',
    tags: ['الشراكة', 'المنشور 7/2003', 'اتفاقية الشراكة', 'الدعم العمومي'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'funding-partnership-state-fr',
    lang: 'fr',
    title: 'Le partenariat État-associations : ce qu’il faut savoir sur la circulaire 7/2003',
    summary: 'Les principes du soutien public aux associations selon la circulaire du Premier ministre n° 7/2003 et le contenu de la convention de partenariat.',
    body: `## Le cadre de référence
La circulaire du Premier ministre n° 7/2003 relative au partenariat entre l'État et les associations fixe les principes qui encadrent le soutien public accordé aux associations par les départements ministériels. Objectif : un soutien transparent, fondé sur des projets clairs et soumis à un suivi et à une évaluation.

## Les principes essentiels
- **Égalité des chances** : les projets sont le plus souvent sélectionnés par des appels à projets publiés, selon des critères connus à l'avance.
- **Contractualisation** : une convention de partenariat lie l'administration et l'association et précise les engagements de chacune.
- **Responsabilité** : l'association s'engage à utiliser le soutien uniquement pour le projet convenu.
- **Redevabilité** : l'association rend compte de l'exécution et de l'utilisation des fonds, et peut être contrôlée par les organes compétents.

## Ce que contient généralement la convention
1. l'objet du partenariat et les objectifs du projet ;
2. les engagements de l'administration, dont le montant de la contribution et ses modalités de versement (en une fois ou par tranches) ;
3. les engagements de l'association, dont son apport propre le cas échéant ;
4. les modalités de suivi et d'évaluation, avec un comité de suivi si nécessaire ;
5. les rapports attendus et leur calendrier ;
6. les conditions de modification et de résiliation.

## Avant de signer
Lisez la convention en entier, vérifiez que le calendrier et le budget sont réalistes et que l'association pourra produire les rapports à temps. Si une clause n'est pas claire, demandez une précision écrite à l'administration partenaire avant la signature.

Chaque département a ses propres conditions et procédures : l'appel à projets et le texte de la convention restent la première référence.`,
    topic: 'funding',
    tags: ['partenariat', 'circulaire 7/2003', 'convention de partenariat', 'subvention'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'funding-partnership-state-ar',
  },
  {
    key: 'funding-support-application-ar',
    lang: 'ar',
    title: 'إعداد ملف طلب الدعم استجابةً لطلب مشاريع',
    summary: 'الوثائق الإدارية المطلوبة غالباً، ومكونات البطاقة التقنية للمشروع، ونصائح لتقديم ملف مقنع.',
    body: `## ابدؤوا بقراءة طلب المشاريع
يحدد كل طلب مشاريع المجالات المعنية وشروط أهلية الجمعيات والوثائق المطلوبة ومعايير الانتقاء وآجال الإيداع. اقرؤوه كاملاً قبل الشروع في إعداد الملف، وتأكدوا من أن مشروعكم يندرج فعلاً ضمن أهدافه.

## الوثائق الإدارية المطلوبة غالباً
- نسخة من وصل الإيداع النهائي؛
- نسخة من القانون الأساسي؛
- لائحة أعضاء المكتب المسير الحالي؛
- محضر آخر جمع عام؛
- التقريران الأدبي والمالي للسنة الماضية؛
- شهادة التعريف البنكي (RIB) باسم الجمعية.

## البطاقة التقنية للمشروع
1. **السياق والحاجة**: ما المشكل الذي يعالجه المشروع؟ ومن أين استقيتم المعطيات؟
2. **الأهداف**: هدف عام وأهداف خاصة قابلة للقياس.
3. **الفئات المستفيدة**: من هم؟ وكم عددهم تقريباً؟ وكيف سيُختارون؟
4. **الأنشطة والجدولة الزمنية**.
5. **الميزانية التقديرية**: مفصّلة حسب البنود، مع إبراز المساهمة الذاتية للجمعية ومساهمات الشركاء الآخرين.
6. **مؤشرات التتبع والتقييم**.

## نصائح للنجاح
- اجعلوا الميزانية منسجمة مع الأنشطة، وتجنبوا المبالغة في التقدير.
- أرفقوا ما يثبت خبرة الجمعية: صور، وتقارير، وشهادات الشركاء.
- احترموا آجال الإيداع، واحتفظوا بما يثبت إيداع الملف.

إذا كان لديكم شك في أهلية جمعيتكم، فاتصلوا بمركز المواكبة أو بالإدارة صاحبة طلب المشاريع قبل الإيداع.`,
    topic: 'funding',
    tags: ['طلب الدعم', 'طلب مشاريع', 'البطاقة التقنية', 'الميزانية'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'funding-support-application-fr',
    lang: 'fr',
    title: 'Préparer une demande de subvention en réponse à un appel à projets',
    summary: 'Les pièces administratives souvent demandées, le contenu de la fiche technique du projet et des conseils pour un dossier convaincant.',
    body: `## Commencez par lire l'appel à projets
Chaque appel à projets précise les domaines visés, les conditions d'éligibilité, les pièces demandées, les critères de sélection et la date limite de dépôt. Lisez-le en entier avant de préparer le dossier et vérifiez que votre projet correspond bien à ses objectifs.

## Pièces administratives souvent demandées
- copie du récépissé définitif ;
- copie des statuts ;
- liste des membres du bureau en exercice ;
- procès-verbal de la dernière assemblée générale ;
- rapports moral et financier de l'année écoulée ;
- relevé d'identité bancaire (RIB) au nom de l'association.

## La fiche technique du projet
1. **Contexte et besoin** : quel problème le projet traite-t-il ? D'où viennent vos données ?
2. **Objectifs** : un objectif général et des objectifs spécifiques mesurables.
3. **Bénéficiaires** : qui sont-ils, combien environ, comment seront-ils choisis ?
4. **Activités et calendrier**.
5. **Budget prévisionnel** : détaillé par poste, en faisant apparaître l'apport propre de l'association et celui des autres partenaires.
6. **Indicateurs de suivi et d'évaluation**.

## Conseils pour réussir
- Gardez un budget cohérent avec les activités et évitez les surestimations.
- Joignez ce qui prouve l'expérience de l'association : photos, rapports, attestations de partenaires.
- Respectez la date limite et conservez la preuve du dépôt.

En cas de doute sur l'éligibilité de votre association, contactez le centre d'accompagnement ou l'administration qui a lancé l'appel avant de déposer.`,
    topic: 'funding',
    tags: ['demande de subvention', 'appel à projets', 'fiche projet', 'budget'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'funding-support-application-ar',
  },
  {
    key: 'funding-financial-report-fr',
    lang: 'fr',
    title: 'Rendre compte de l’utilisation d’une subvention publique',
    summary: 'Comment construire le rapport d’activité et le rapport financier attendus par une administration partenaire.',
    body: `## Pourquoi rendre compte ?
Lorsqu'une association reçoit un financement public dans le cadre d'un partenariat (circulaire du Premier ministre n° 7/2003), elle s'engage à utiliser les fonds pour le projet prévu et à en justifier l'emploi. Un rapport clair renforce la confiance des partenaires et facilite les financements futurs.

## Les deux volets du rapport
### Le rapport d'activité
- rappel des objectifs et des activités prévues ;
- activités réalisées : dates, lieux, nombre de bénéficiaires ;
- résultats obtenus au regard des indicateurs ;
- difficultés rencontrées et mesures prises.

### Le rapport financier
- tableau des dépenses réalisées, ligne par ligne, comparé au budget prévisionnel ;
- explication des écarts importants ;
- ressources mobilisées : subvention, apport propre, autres partenaires ;
- copies des pièces justificatives : factures, reçus, contrats, relevés bancaires.

## Bonnes pratiques
1. Tenez une comptabilité rigoureuse dès le premier versement.
2. Payez autant que possible par virement ou par chèque depuis le compte de l'association.
3. Classez chaque pièce selon la ligne budgétaire concernée.
4. Faites valider le rapport par le bureau avant l'envoi.
5. Archivez le dossier complet : l'association peut faire l'objet d'un contrôle par les organes compétents.

## Et si le projet change ?
Si une activité doit être modifiée ou reportée, informez l'administration partenaire par écrit **avant** d'engager les dépenses concernées. Le contenu et le calendrier des rapports sont fixés par votre convention de partenariat : c'est la référence à consulter en premier.`,
    topic: 'funding',
    tags: ['rapport financier', 'justificatifs', 'convention de partenariat', 'contrôle'],
    status: 'published',
    visibility: 'public',
  },

  // --- volunteering ----------------------------------------------------------------------------
  {
    key: 'volunteering-law-0618-ar',
    lang: 'ar',
    title: 'العمل التطوعي التعاقدي في ضوء القانون 06.18',
    summary: 'تعريف التطوع التعاقدي، والفرق بينه وبين الشغل، والعناصر الأساسية التي ينبغي أن تعرفها الجمعية قبل استقبال متطوعين.',
    body: `## ما هو العمل التطوعي التعاقدي؟
ينظم القانون رقم 06.18 العمل التطوعي التعاقدي، وهو نشاط يقوم به شخص بمحض إرادته، دون مقابل، خدمةً للصالح العام، في إطار عقد يربطه بالجهة التي تستقبله، كالجمعية. ويهدف هذا القانون إلى تنظيم التطوع وحماية المتطوعين والجهات المستقبِلة على حد سواء.

## ما الفرق بينه وبين الشغل؟
- المتطوع **لا يتقاضى أجراً**، والعلاقة التطوعية ليست علاقة شغل.
- يمكن أن تتحمل الجهة المستقبِلة بعض المصاريف المرتبطة بإنجاز المهمة، في حدود ما يسمح به القانون ونصوصه التطبيقية.
- لا ينبغي أن يُستعمل التطوع بديلاً عن مناصب الشغل.

## العناصر الأساسية
1. **عقد التطوع**: عقد مكتوب يحدد المهمة ومدتها ومكان إنجازها وحقوق الطرفين وواجباتهما.
2. **حماية المتطوع**: يتضمن القانون مقتضيات تتعلق بسلامة المتطوع، ومنها التأمين، وينبغي التأكد من تفاصيلها.
3. **التأطير والتكوين**: على الجمعية أن توفر للمتطوع التوجيه اللازم لإنجاز مهمته.
4. **واجبات المتطوع**: احترام أهداف الجمعية وقواعد اشتغالها، والمحافظة على سرية المعلومات التي يطّلع عليها.

## قبل إطلاق برنامج للتطوع التعاقدي
- حددوا بدقة المهام التي تحتاجون فيها إلى متطوعين؛
- أعدّوا نموذج عقد واضحاً (انظروا مقالنا حول مضمون عقد التطوع)؛
- استفسروا لدى الجهة الحكومية المختصة أو عبر البوابة الرسمية عن الإجراءات الإدارية والنصوص التطبيقية الجاري بها العمل.`,
    topic: 'volunteering',
    tags: ['التطوع التعاقدي', 'القانون 06.18', 'المتطوعون', 'عقد التطوع'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'volunteering-law-0618-fr',
    lang: 'fr',
    title: 'Le volontariat contractuel selon la loi 06.18',
    summary: 'Définition du volontariat contractuel, différence avec un emploi et points essentiels avant d’accueillir des volontaires.',
    body: `## Qu'est-ce que le volontariat contractuel ?
La loi n° 06.18 organise le volontariat contractuel : une activité exercée librement, sans rémunération, au service de l'intérêt général, dans le cadre d'un contrat liant le volontaire à l'organisme d'accueil, par exemple une association. La loi vise à encadrer le volontariat et à protéger à la fois les volontaires et les structures qui les accueillent.

## Quelle différence avec un emploi ?
- Le volontaire **ne perçoit pas de salaire** et la relation de volontariat n'est pas une relation de travail.
- L'organisme d'accueil peut prendre en charge certains frais liés à la mission, dans les limites prévues par la loi et ses textes d'application.
- Le volontariat ne devrait pas servir à remplacer des postes de travail.

## Les éléments essentiels
1. **Le contrat de volontariat** : un contrat écrit précisant la mission, sa durée, son lieu ainsi que les droits et obligations des deux parties.
2. **La protection du volontaire** : la loi contient des dispositions relatives à sa sécurité, notamment l'assurance, dont il faut vérifier les détails.
3. **L'encadrement et la formation** : l'association doit donner au volontaire l'orientation nécessaire pour accomplir sa mission.
4. **Les obligations du volontaire** : respecter les objectifs et les règles de fonctionnement de l'association et garder confidentielles les informations dont il a connaissance.

## Avant de lancer un programme de volontariat contractuel
- définissez précisément les missions pour lesquelles vous avez besoin de volontaires ;
- préparez un modèle de contrat clair ;
- renseignez-vous auprès de l'administration compétente ou sur le portail officiel sur les formalités administratives et les textes d'application en vigueur.`,
    topic: 'volunteering',
    tags: ['volontariat contractuel', 'loi 06.18', 'volontaires', 'contrat de volontariat'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'volunteering-law-0618-ar',
  },
  {
    key: 'volunteering-contract-ar',
    lang: 'ar',
    title: 'عقد التطوع التعاقدي: العناصر التي ينبغي أن يتضمنها',
    summary: 'لائحة مرجعية لإعداد عقد تطوع واضح يحمي المتطوع والجمعية، مع نصائح عملية.',
    body: `## لماذا عقد مكتوب؟
يقوم العمل التطوعي التعاقدي، وفق القانون 06.18، على عقد بين المتطوع والجهة المستقبِلة. والعقد الواضح يحمي الطرفين ويجنّبهما سوء الفهم حول المهام والمسؤوليات.

## العناصر التي ينبغي أن يتضمنها العقد
- **هوية الطرفين**: اسم الجمعية ومرجع وصل الإيداع وممثلها القانوني، وهوية المتطوع؛
- **موضوع المهمة**: وصف دقيق للأنشطة المنتظرة من المتطوع؛
- **مكان الإنجاز** ومدته، والتوقيت الأسبوعي التقريبي؛
- **المصاريف** التي تتحملها الجمعية، كالتنقل أو الإطعام، إن وُجدت، وطريقة تبريرها؛
- **التأمين** الذي يغطي المتطوع أثناء المهمة؛
- **التأطير**: الشخص المرجعي داخل الجمعية والتكوين المقدَّم؛
- **الالتزامات المتبادلة**، ومنها احترام السرية وحماية المعطيات الشخصية للمستفيدين؛
- **شروط إنهاء العقد** قبل أجله من أحد الطرفين؛
- **التوقيعات** وتاريخ الإبرام.

## نصائح عملية
1. اشرحوا العقد للمتطوع قبل توقيعه، وسلّموه نسخة منه.
2. إذا كان المتطوع سيعمل مع أطفال أو أشخاص في وضعية هشاشة، فضعوا قواعد سلوك واضحة واطلبوا منه الالتزام بها.
3. سجّلوا المتطوعين في سجل خاص بالجمعية، مع احترام القانون 09-08 المتعلق بحماية المعطيات الشخصية.
4. في نهاية المهمة، يمكن تسليم المتطوع شهادة تثبت التجربة التي اكتسبها.

قد تحدد النصوص التطبيقية للقانون بيانات إلزامية أو نموذجاً معيناً للعقد، لذا تحققوا من ذلك لدى الجهة المختصة قبل اعتماد نموذجكم.`,
    topic: 'volunteering',
    tags: ['عقد التطوع', 'التطوع التعاقدي', 'القانون 06.18', 'التأمين'],
    status: 'published',
    visibility: 'public',
  },

  // --- platform --------------------------------------------------------------------------------
  {
    key: 'platform-account-ar',
    lang: 'ar',
    title: 'إنشاء حساب الجمعية على المنصة الوطنية للجمعيات',
    summary: 'ما تحتاجون إليه قبل إنشاء حساب الجمعية، وخطوات التسجيل، وقواعد الأمان الأساسية.',
    body: `## لماذا تنشئون حساباً للجمعية؟
تتيح المنصة الوطنية للجمعيات الولوج إلى عدد من الخدمات الرقمية، مثل تحيين معلومات الجمعية، والاطلاع على طلبات المشاريع، وإيداع بعض الملفات وتتبعها. وتختلف الخدمات المتاحة بحسب تطور المنصة، لذا راجعوا البوابة الرسمية لمعرفة ما هو متوفر حالياً.

## قبل أن تبدؤوا
- مرجع وصل الإيداع واسم الجمعية كما يرد في القانون الأساسي؛
- **بريد إلكتروني خاص بالجمعية**، لا بريد شخصي لعضو قد يغادر المكتب؛
- رقم هاتف يمكن التواصل عبره؛
- نسخ ممسوحة ضوئياً وواضحة من الوثائق القانونية.

## الخطوات
1. ادخلوا إلى المنصة من البوابة الرسمية، واختاروا إنشاء حساب جديد.
2. املؤوا معلومات الجمعية ومعلومات الشخص المسؤول عن الحساب.
3. أكّدوا البريد الإلكتروني عبر الرابط الذي يصلكم.
4. أكملوا ملف الجمعية وأرفقوا الوثائق المطلوبة.
5. احتفظوا بمعلومات الدخول في مكان آمن.

## قواعد الأمان
- لا تشاركوا كلمة المرور عبر واتساب أو الرسائل القصيرة.
- عيّنوا عضوين على الأقل يعرفان طريقة الولوج، ضماناً للاستمرارية.
- بعد كل تجديد للمكتب، حيّنوا المعلومات وحدّدوا الشخص المسؤول عن الحساب من جديد.

**تنبيه**: مركز المواكبة لا يطلب منكم أبداً كلمة المرور الخاصة بحسابكم.`,
    topic: 'platform',
    tags: ['المنصة الوطنية للجمعيات', 'إنشاء حساب', 'الخدمات الرقمية', 'الأمان'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'platform-account-fr',
    lang: 'fr',
    title: 'Créer le compte de l’association sur la plateforme nationale des associations',
    summary: 'Ce qu’il faut préparer avant de créer le compte, les étapes d’inscription et les règles de sécurité essentielles.',
    body: `## Pourquoi créer un compte pour l'association ?
La plateforme nationale des associations donne accès à plusieurs services numériques : mise à jour des informations de l'association, consultation des appels à projets, dépôt et suivi de certains dossiers. Les services disponibles évoluent avec la plateforme : consultez le portail officiel pour connaître l'offre actuelle.

## Avant de commencer
- la référence du récépissé et le nom de l'association tel qu'il figure dans les statuts ;
- **une adresse e-mail propre à l'association**, et non l'adresse personnelle d'un membre qui pourrait quitter le bureau ;
- un numéro de téléphone joignable ;
- des copies numérisées et lisibles des documents juridiques.

## Les étapes
1. Accédez à la plateforme depuis le portail officiel et choisissez de créer un nouveau compte.
2. Renseignez les informations de l'association et celles de la personne responsable du compte.
3. Confirmez l'adresse e-mail grâce au lien reçu.
4. Complétez le profil de l'association et joignez les documents demandés.
5. Conservez vos identifiants en lieu sûr.

## Règles de sécurité
- Ne partagez jamais le mot de passe par WhatsApp ou par SMS.
- Désignez au moins deux membres qui savent se connecter, pour assurer la continuité.
- Après chaque renouvellement du bureau, mettez à jour les informations et désignez à nouveau le responsable du compte.

**Attention** : le centre d'accompagnement ne vous demandera jamais le mot de passe de votre compte.`,
    topic: 'platform',
    tags: ['plateforme nationale', 'création de compte', 'services numériques', 'sécurité'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'platform-account-ar',
  },
  {
    key: 'platform-password-reset-ar',
    lang: 'ar',
    title: 'نسيتم كلمة المرور أو تعذّر الدخول إلى حساب الجمعية؟',
    summary: 'تحققات بسيطة، وخطوات استرجاع كلمة المرور، وما العمل إذا أُنشئ الحساب ببريد عضو غادر المكتب.',
    body: `## ابدؤوا بالتحققات البسيطة
- تأكدوا من كتابة البريد الإلكتروني دون أخطاء أو فراغات زائدة.
- تحققوا من أن لوحة المفاتيح مضبوطة على اللغة الصحيحة، وأن الأحرف الكبيرة غير مفعّلة.
- جرّبوا متصفحاً آخر أو امسحوا ذاكرة التخزين المؤقت.

## استرجاع كلمة المرور
1. اضغطوا على رابط «نسيت كلمة المرور» في صفحة الدخول.
2. أدخلوا البريد الإلكتروني الذي أُنشئ به الحساب.
3. افتحوا الرسالة الواردة واتبعوا الرابط لاختيار كلمة مرور جديدة.
4. إذا لم تصلكم الرسالة، فتفقّدوا مجلد الرسائل غير المرغوب فيها، وانتظروا قليلاً قبل إعادة المحاولة.

## إذا لم يعد بإمكانكم الوصول إلى البريد الإلكتروني
يحدث هذا كثيراً حين يُنشأ الحساب ببريد شخصي لعضو غادر المكتب. في هذه الحالة:
- لا تنشئوا حساباً ثانياً للجمعية، لأن ذلك يؤدي إلى ازدواجية في المعلومات؛
- اتصلوا بمركز المواكبة أو بالدعم التقني للمنصة؛
- هيّئوا ما يثبت صفتكم: وصل الإيداع، وآخر محضر للجمع العام، ولائحة المكتب الحالي.

سيتحقق الفريق من صفتكم قبل أي تغيير في معلومات الحساب، حمايةً للجمعية.

## اختيار كلمة مرور جيدة
اختاروا كلمة مرور طويلة تجمع بين الحروف والأرقام والرموز، ولا تستعملوها في مواقع أخرى، واحفظوها في مكان آمن يعرفه عضوان من المكتب على الأقل.`,
    topic: 'platform',
    tags: ['كلمة المرور', 'المنصة الوطنية للجمعيات', 'الدخول إلى الحساب', 'الدعم التقني'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'platform-upload-documents-fr',
    lang: 'fr',
    title: 'Déposer des documents en ligne : conseils pratiques',
    summary: 'Numériser, nommer et déposer vos documents sans erreur, même avec une connexion lente.',
    body: `## Avant de numériser
- Rassemblez les pièces demandées et vérifiez qu'elles sont à jour : dernier récépissé, dernier procès-verbal, bureau actuel.
- Vérifiez que chaque document est complet, signé et lisible.

## Numériser correctement
1. Utilisez un scanner ou une application de numérisation sur téléphone plutôt qu'une simple photo.
2. Choisissez une résolution moyenne : le texte doit rester lisible sans que le fichier devienne trop lourd.
3. Préférez le noir et blanc pour les documents texte.
4. Enregistrez au format demandé, le plus souvent PDF.
5. Regroupez les pages d'un même document dans un seul fichier.

## Nommer ses fichiers
Donnez des noms explicites, par exemple « recepisse-definitif.pdf » ou « pv-assemblee-generale.pdf », sans accents ni caractères spéciaux. Vous retrouverez plus facilement vos documents et éviterez certaines erreurs de dépôt.

## En cas d'erreur « fichier refusé »
- Vérifiez la taille maximale et les formats acceptés, indiqués sur la page de dépôt.
- Compressez ou divisez le document si nécessaire.
- Si la connexion est lente, déposez les fichiers un par un et attendez la confirmation avant de passer au suivant.
- Si le problème persiste, faites une capture d'écran du message et contactez le centre d'accompagnement.

## Garder une trace
Après le dépôt, téléchargez ou notez l'accusé de réception et conservez une copie de tous les fichiers envoyés dans un dossier partagé de l'association.`,
    topic: 'platform',
    tags: ['dépôt en ligne', 'numérisation', 'PDF', 'fichier refusé'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'platform-digital-services-en',
    lang: 'en',
    title: 'Digital services for associations: getting started',
    summary: 'What online services can do for your association, how to get ready, and what to do when something goes wrong.',
    body: `## What digital services can do for you
Many procedures that used to require several trips can now be started or followed online. Depending on what the national associations platform and the official portals currently offer, your association may be able to:
- keep its profile and contact details up to date;
- consult calls for projects and partnership opportunities;
- submit certain applications and follow their progress;
- access distance training and practical guides;
- contact support and keep a record of exchanges.

The list of available services changes over time, so check the official portal for what is open today.

## Getting ready
1. **Create a shared e-mail address** for the association rather than using a board member's personal address.
2. **Scan your key documents**: receipt (récépissé), statutes, latest general assembly minutes, board list, bank details.
3. **Decide who manages the account**, and make sure at least two board members know how to log in.
4. **Protect access**: use a strong password and never share it by SMS or WhatsApp.

## Tips for slow connections
- Prepare your files offline before starting an online form.
- Upload documents one at a time and wait for confirmation.
- Keep PDF files light by scanning in black and white at medium resolution.

## When something goes wrong
Note the exact error message, take a screenshot and contact the Mowakaba centre by phone, SMS, WhatsApp or the web portal. An agent will open a ticket, and you can follow its progress until the problem is solved. Our agents will never ask for your password.`,
    topic: 'platform',
    tags: ['digital services', 'online platform', 'account', 'low bandwidth'],
    status: 'published',
    visibility: 'public',
  },

  // --- training --------------------------------------------------------------------------------
  {
    key: 'training-remote-courses-ar',
    lang: 'ar',
    title: 'التكوين عن بعد لفائدة الجمعيات: كيف تستفيدون منه؟',
    summary: 'مواضيع الوحدات التكوينية عن بعد، وخطوات التسجيل، ونصائح لتكوين أكثر نفعاً للجمعية.',
    body: `## ما هو التكوين عن بعد؟
يتيح التكوين عن بعد لأعضاء الجمعيات متابعة وحدات تكوينية عبر الإنترنت، في الوقت والمكان المناسبين لهم، دون الحاجة إلى التنقل. وهو مفيد خصوصاً للجمعيات البعيدة عن المدن الكبرى.

## مواضيع يمكن أن تشملها الوحدات التكوينية
- الإطار القانوني للجمعيات وتجديد المكاتب؛
- إعداد المشاريع وطلبات الدعم؛
- التدبير المالي والمحاسبي؛
- التواصل والترافع والمشاركة المواطنة؛
- حماية المعطيات الشخصية؛
- تدبير المتطوعين.

تتغير الوحدات المتاحة من فترة إلى أخرى، لذا راجعوا الفضاء الرسمي للتكوين للاطلاع على العرض الحالي.

## كيف تستفيدون؟
1. أنشئوا حساباً شخصياً لكل مشارك ببريد إلكتروني خاص به.
2. اختاروا الوحدة التي تناسب حاجة جمعيتكم، وتأكدوا من لغتها ومدتها التقريبية.
3. تابعوا الدروس بانتظام، وأنجزوا التمارين والاختبارات.
4. احتفظوا بشهادة المشاركة إن كانت متاحة.

## نصائح لتكوين أكثر فائدة
- حددوا داخل المكتب الحاجيات ذات الأولوية قبل التسجيل.
- شاركوا ما تعلمتموه مع باقي الأعضاء في لقاء داخلي قصير.
- إذا كان الاتصال بالإنترنت ضعيفاً، فحمّلوا الوثائق عند توفر اتصال جيد، واستعملوا الهاتف لمتابعة المحتويات الخفيفة.

لأي صعوبة في التسجيل أو الولوج، يمكنكم الاتصال بمركز المواكبة.`,
    topic: 'training',
    tags: ['التكوين عن بعد', 'تقوية القدرات', 'التسجيل', 'الوحدات التكوينية'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'training-remote-courses-fr',
    lang: 'fr',
    title: 'La formation à distance pour les associations',
    summary: 'Les thèmes des modules à distance, les étapes d’inscription et des conseils pour une formation utile à l’association.',
    body: `## Qu'est-ce que la formation à distance ?
La formation à distance permet aux membres des associations de suivre des modules en ligne, au moment et à l'endroit qui leur conviennent, sans se déplacer. Elle est particulièrement utile aux associations éloignées des grandes villes.

## Thèmes que peuvent couvrir les modules
- le cadre juridique des associations et le renouvellement des bureaux ;
- le montage de projets et les demandes de subvention ;
- la gestion financière et comptable ;
- la communication, le plaidoyer et la participation citoyenne ;
- la protection des données personnelles ;
- la gestion des volontaires.

Les modules disponibles changent d'une période à l'autre : consultez l'espace officiel de formation pour connaître l'offre du moment.

## Comment en bénéficier ?
1. Créez un compte personnel pour chaque participant, avec sa propre adresse e-mail.
2. Choisissez le module adapté aux besoins de votre association et vérifiez sa langue et sa durée approximative.
3. Suivez les cours régulièrement et faites les exercices et les évaluations.
4. Conservez l'attestation de participation si elle est proposée.

## Pour une formation plus utile
- Identifiez au sein du bureau les besoins prioritaires avant de vous inscrire.
- Partagez ce que vous avez appris avec les autres membres lors d'une courte réunion interne.
- Si la connexion est faible, téléchargez les documents quand le réseau est bon et utilisez le téléphone pour les contenus légers.

Pour toute difficulté d'inscription ou de connexion, contactez le centre d'accompagnement.`,
    topic: 'training',
    tags: ['formation à distance', 'renforcement des capacités', 'inscription', 'modules'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'training-remote-courses-ar',
  },
  {
    key: 'training-capacity-building-fr',
    lang: 'fr',
    title: 'Renforcer les capacités de votre association : un plan en quatre étapes',
    summary: 'Une méthode simple pour identifier les besoins, choisir les priorités et transmettre les compétences au sein du bureau.',
    body: `## Pourquoi un plan de renforcement des capacités ?
Une association solide ne dépend pas d'une seule personne. Renforcer les capacités, c'est permettre à plusieurs membres de maîtriser les savoir-faire essentiels : gestion, montage de projets, communication, suivi des bénéficiaires.

## Étape 1 : faire le point
Réunissez le bureau et listez ce que l'association sait bien faire et ce qui pose problème : retards dans les rapports, difficultés à répondre aux appels à projets, archives incomplètes, dépendance à l'égard du président…

## Étape 2 : choisir les priorités
Retenez deux ou trois besoins pour l'année, pas davantage. Par exemple :
- tenir une comptabilité simple et régulière ;
- rédiger une fiche projet et un budget ;
- organiser l'assemblée générale dans les règles.

## Étape 3 : trouver les bonnes ressources
- modules de formation à distance ;
- ateliers proposés par des partenaires publics ou associatifs ;
- accompagnement par une association plus expérimentée ;
- articles de la base de connaissances de Mowakaba.

## Étape 4 : transmettre et évaluer
Chaque personne formée présente ce qu'elle a appris lors d'une réunion interne et prépare un outil simple : un modèle, une liste de contrôle. En fin d'année, le bureau vérifie ce qui a changé et ajuste le plan pour l'année suivante.

## Astuce
Inscrivez le plan dans le rapport moral présenté à l'assemblée générale : cela valorise l'effort des membres et montre aux partenaires que l'association investit dans sa gouvernance.`,
    topic: 'training',
    tags: ['renforcement des capacités', 'plan de formation', 'bureau', 'compétences'],
    status: 'published',
    visibility: 'public',
  },

  // --- participation ---------------------------------------------------------------------------
  {
    key: 'participation-petition-ar',
    lang: 'ar',
    title: 'تقديم عريضة إلى السلطات العمومية وفق القانون التنظيمي 44.14',
    summary: 'تعريف العريضة، والجهات التي توجَّه إليها، ومراحل تقديمها، والمواضيع المستثناة، ودور الجمعيات.',
    body: `## ما هي العريضة؟
العريضة، وفق القانون التنظيمي رقم 44.14 المتعلق بتحديد شروط وكيفيات ممارسة الحق في تقديم العرائض إلى السلطات العمومية، هي طلب مكتوب يتضمن مطالب أو مقترحات أو توصيات، يوجهه مواطنات ومواطنون إلى السلطات العمومية المعنية، لتتخذ في شأنه ما تراه مناسباً من إجراءات.

## إلى من توجَّه العريضة؟
توجَّه العرائض التي يؤطرها هذا القانون إلى رئيس الحكومة أو إلى رئيس مجلس النواب أو رئيس مجلس المستشارين. أما العرائض الموجهة إلى مجالس الجهات والعمالات والأقاليم والجماعات، فتنظمها القوانين التنظيمية المتعلقة بالجماعات الترابية، ولها شروطها الخاصة.

## المراحل الأساسية
1. **تشكيل لجنة تقديم العريضة** من بين أصحاب المبادرة، وتعيين وكيل عنها.
2. **صياغة العريضة** بوضوح: الموضوع، والمطالب أو المقترحات، والمبررات.
3. **جمع توقيعات المساندين** وفق الشروط والكيفيات المحددة قانوناً، ورقياً أو إلكترونياً عبر البوابة الرسمية للمشاركة المواطنة.
4. **الإيداع** لدى الجهة المعنية، ثم تتبّع مآل العريضة.

## مواضيع مستثناة
لا تُقبل العرائض التي تمس الثوابت الجامعة للأمة، ولا تلك المتعلقة بقضايا معروضة على القضاء، إلى جانب حالات أخرى يحددها القانون.

## دور الجمعية
يمكن للجمعية أن تساهم في التحسيس وفي صياغة العريضة ومواكبة أصحاب المبادرة، علماً أن شروط تقديم العريضة، ومنها عدد التوقيعات المطلوب، يحددها القانون وقد خضعت لتعديلات. **تحققوا من الشروط المحيَّنة عبر البوابة الرسمية قبل إطلاق أي عريضة.**`,
    topic: 'participation',
    tags: ['عريضة', 'القانون التنظيمي 44.14', 'المشاركة المواطنة', 'الديمقراطية التشاركية'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'participation-petition-fr',
    lang: 'fr',
    title: 'Présenter une pétition aux pouvoirs publics selon la loi organique 44.14',
    summary: 'Définition de la pétition, destinataires, étapes de dépôt, sujets exclus et rôle des associations.',
    body: `## Qu'est-ce qu'une pétition ?
Selon la loi organique n° 44.14 fixant les conditions et modalités d'exercice du droit de présenter des pétitions aux pouvoirs publics, une pétition est une demande écrite contenant des revendications, des propositions ou des recommandations, adressée par des citoyennes et des citoyens aux pouvoirs publics concernés, afin qu'ils prennent les mesures qu'ils jugent appropriées.

## À qui l'adresser ?
Les pétitions régies par cette loi sont adressées au Chef du gouvernement, au président de la Chambre des représentants ou au président de la Chambre des conseillers. Les pétitions adressées aux conseils des régions, des préfectures et provinces et des communes relèvent des lois organiques relatives aux collectivités territoriales, avec leurs propres conditions.

## Les étapes principales
1. **Constituer le comité de présentation de la pétition** parmi les initiateurs et désigner son mandataire.
2. **Rédiger la pétition** clairement : objet, demandes ou propositions, justifications.
3. **Recueillir les signatures de soutien** selon les conditions et modalités fixées par la loi, sur papier ou en ligne via le portail officiel de la participation citoyenne.
4. **Déposer** la pétition auprès de l'autorité concernée, puis suivre la suite qui lui est donnée.

## Sujets exclus
Ne sont pas recevables les pétitions qui portent atteinte aux constantes fédératrices de la Nation, ni celles qui concernent des affaires pendantes devant la justice, ainsi que d'autres cas prévus par la loi.

## Le rôle de l'association
L'association peut contribuer à la sensibilisation, à la rédaction de la pétition et à l'accompagnement des initiateurs. Les conditions de dépôt, dont le nombre de signatures exigé, sont fixées par la loi et ont été modifiées. **Vérifiez les conditions à jour sur le portail officiel avant de lancer une pétition.**`,
    topic: 'participation',
    tags: ['pétition', 'loi organique 44.14', 'participation citoyenne', 'démocratie participative'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'participation-petition-ar',
  },
  {
    key: 'participation-legislative-motion-ar',
    lang: 'ar',
    title: 'الملتمسات في مجال التشريع وفق القانون التنظيمي 64.14',
    summary: 'ما هو الملتمس التشريعي، وما الفرق بينه وبين العريضة، ومراحل تقديمه، ودور الجمعيات في مواكبته.',
    body: `## ما هو الملتمس في مجال التشريع؟
يمكّن القانون التنظيمي رقم 64.14 المتعلق بتحديد شروط وكيفيات ممارسة الحق في تقديم الملتمسات في مجال التشريع المواطناتِ والمواطنين من تقديم مبادرة تتضمن اقتراحات تشريعية إلى أحد مجلسي البرلمان، قصد دراستها.

## الفرق بين العريضة والملتمس
- **العريضة** طلب أو مقترح أو توصية توجَّه إلى سلطة عمومية لتتخذ في شأنها ما تراه مناسباً.
- **الملتمس التشريعي** يندرج في مجال القانون، ويقترح نصاً أو تعديلاً تشريعياً يُعرض على البرلمان.

## المراحل الأساسية
1. **تشكيل لجنة تقديم الملتمس** من أصحاب المبادرة.
2. **إعداد الملتمس** في شكل مقترحات واضحة، مرفقة بمذكرة تبيّن أسبابه وأهدافه.
3. **جمع توقيعات المساندين** وفق الشروط التي يحددها القانون.
4. **الإيداع** لدى مكتب أحد مجلسي البرلمان، الذي يتحقق من استيفاء الشروط، ثم تتبّع مآل الملتمس.

## شروط عامة ينبغي مراعاتها
- أن يخدم الملتمس المصلحة العامة؛
- أن يندرج في مجال القانون؛
- ألا يتعلق بمواضيع يستثنيها القانون التنظيمي.

## دور الجمعيات
تستطيع الجمعيات أن تؤدي دوراً مهماً في التحسيس، وتنظيم لقاءات تشاورية، والمساعدة في الصياغة، ومواكبة اللجنة تقنياً. غير أن الملتمس يبقى مبادرة للمواطنات والمواطنين وفق الشروط القانونية.

عرفت شروط تقديم الملتمسات، ومنها عدد التوقيعات، تعديلات، لذا **راجعوا النص المحيَّن والبوابة الرسمية للمشاركة المواطنة قبل إطلاق المبادرة**.`,
    topic: 'participation',
    tags: ['ملتمس تشريعي', 'القانون التنظيمي 64.14', 'البرلمان', 'المشاركة المواطنة'],
    status: 'published',
    visibility: 'public',
  },

  // --- data protection -------------------------------------------------------------------------
  {
    key: 'data-protection-basics-ar',
    lang: 'ar',
    title: 'حماية المعطيات الشخصية داخل الجمعية: مبادئ أساسية وفق القانون 09-08',
    summary: 'المبادئ التي يجب احترامها عند جمع معطيات المنخرطين والمستفيدين، وحقوق الأشخاص المعنيين، وخطوات عملية للبدء.',
    body: `## لماذا يهمّ هذا جمعيتكم؟
تجمع الجمعيات يومياً معطيات شخصية: لوائح المنخرطين، وملفات المستفيدين، وأرقام هواتف الآباء، وصور الأنشطة. ويؤطر القانون رقم 09-08 المتعلق بحماية الأشخاص الذاتيين تجاه معالجة المعطيات ذات الطابع الشخصي هذه المعالجة، وتسهر على تطبيقه اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي (CNDP).

## المبادئ الأساسية
- **الغاية المحددة**: لا تجمعوا المعطيات إلا لغرض واضح ومشروع.
- **التناسب**: اكتفوا بالمعطيات الضرورية لهذا الغرض.
- **الموافقة**: احصلوا على موافقة الأشخاص المعنيين، أو أوليائهم بالنسبة إلى القاصرين، وأخبروهم بالغرض من الجمع.
- **مدة الحفظ**: لا تحتفظوا بالمعطيات أكثر مما يلزم.
- **الأمن والسرية**: احموا الملفات من الضياع ومن اطلاع غير المخوَّلين.

## حقوق الأشخاص المعنيين
يحق لكل شخص أن يُخبَر بمعالجة معطياته، وأن يطّلع عليها، وأن يطلب تصحيحها، وأن يعترض على معالجتها لأسباب مشروعة.

## المعطيات الحساسة
تخضع المعطيات المتعلقة بالصحة أو بالأصل العرقي أو بالآراء السياسية أو بالقناعات الدينية، وغيرها مما يحدده القانون، لحماية أقوى، وقد تتطلب معالجتها إذناً مسبقاً من اللجنة الوطنية.

## خطوات عملية
1. أعدّوا جرداً لكل الملفات التي تحتوي على معطيات شخصية.
2. احذفوا ما لم يعد ضرورياً.
3. أضيفوا عبارة إخبار وموافقة إلى استمارات التسجيل.
4. قيّدوا الولوج إلى الملفات بكلمات مرور.
5. تحققوا من الإجراء المطلوب لدى اللجنة الوطنية (تصريح أو إذن).`,
    topic: 'data-protection',
    tags: ['المعطيات الشخصية', 'القانون 09-08', 'اللجنة الوطنية CNDP', 'الموافقة'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'data-protection-basics-fr',
    lang: 'fr',
    title: 'Protéger les données personnelles dans l’association : les principes de la loi 09-08',
    summary: 'Les principes à respecter pour les données des adhérents et des bénéficiaires, les droits des personnes et des étapes pratiques.',
    body: `## Pourquoi votre association est concernée
Les associations collectent chaque jour des données personnelles : listes d'adhérents, dossiers de bénéficiaires, numéros de téléphone des parents, photos d'activités. La loi n° 09-08 relative à la protection des personnes physiques à l'égard du traitement des données à caractère personnel encadre ces traitements, et la Commission nationale de contrôle de la protection des données à caractère personnel (CNDP) veille à son application.

## Les principes essentiels
- **Finalité déterminée** : ne collectez des données que pour un objectif clair et légitime.
- **Proportionnalité** : limitez-vous aux données nécessaires à cet objectif.
- **Consentement** : obtenez l'accord des personnes concernées, ou de leurs parents pour les mineurs, et informez-les de l'objectif de la collecte.
- **Durée de conservation** : ne gardez pas les données plus longtemps que nécessaire.
- **Sécurité et confidentialité** : protégez les fichiers contre la perte et les accès non autorisés.

## Les droits des personnes
Toute personne a le droit d'être informée du traitement de ses données, d'y accéder, d'en demander la rectification et de s'opposer au traitement pour des motifs légitimes.

## Les données sensibles
Les données relatives à la santé, à l'origine raciale ou ethnique, aux opinions politiques ou aux convictions religieuses, entre autres catégories définies par la loi, bénéficient d'une protection renforcée ; leur traitement peut nécessiter une autorisation préalable de la CNDP.

## Étapes pratiques
1. Faites l'inventaire de tous les fichiers contenant des données personnelles.
2. Supprimez ce qui n'est plus nécessaire.
3. Ajoutez une mention d'information et de consentement à vos formulaires d'inscription.
4. Protégez l'accès aux fichiers par des mots de passe.
5. Vérifiez la formalité requise auprès de la CNDP (déclaration ou autorisation).`,
    topic: 'data-protection',
    tags: ['données personnelles', 'loi 09-08', 'CNDP', 'consentement'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'data-protection-basics-ar',
  },
  {
    key: 'data-protection-basics-en',
    lang: 'en',
    title: 'Protecting personal data in your association: the principles of Law 09-08',
    summary: 'Principles for handling members’ and beneficiaries’ data, people’s rights and practical first steps.',
    body: `## Why this matters to your association
Associations handle personal data every day: membership lists, beneficiary files, parents' phone numbers, photos of activities. Law 09-08 on the protection of individuals with regard to the processing of personal data governs this processing, and the National Commission for the Control of Personal Data Protection (CNDP) oversees its application.

## Core principles
- **Specific purpose**: collect data only for a clear and legitimate purpose.
- **Proportionality**: keep only the data needed for that purpose.
- **Consent**: obtain the agreement of the people concerned, or of their parents for minors, and tell them why you collect the data.
- **Retention**: do not keep data longer than necessary.
- **Security and confidentiality**: protect files against loss and unauthorised access.

## People's rights
Everyone has the right to be informed that their data is processed, to access it, to ask for corrections and to object to processing on legitimate grounds.

## Sensitive data
Data about health, racial or ethnic origin, political opinions or religious beliefs, among other categories defined by the law, receives stronger protection; processing it may require prior authorisation from the CNDP.

## Practical steps
1. List every file that contains personal data.
2. Delete what is no longer needed.
3. Add an information and consent notice to your registration forms.
4. Protect access to files with passwords.
5. Check which formality applies with the CNDP (declaration or authorisation).`,
    topic: 'data-protection',
    tags: ['personal data', 'Law 09-08', 'CNDP', 'consent'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'data-protection-basics-ar',
  },
  {
    key: 'data-protection-cndp-declaration-ar',
    lang: 'ar',
    title: 'التصريح بمعالجة المعطيات الشخصية لدى اللجنة الوطنية (CNDP)',
    summary: 'متى يلزم التصريح أو طلب الإذن، وأمثلة من حياة الجمعيات، والمعلومات التي ينبغي تحضيرها.',
    body: `## متى يلزم القيام بإجراء لدى اللجنة الوطنية؟
ينص القانون رقم 09-08 على أن معالجة المعطيات ذات الطابع الشخصي تخضع، بحسب طبيعتها، إما لتصريح مسبق أو لإذن مسبق لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي (CNDP). وقد تعتمد اللجنة إجراءات مبسطة لبعض أنواع المعالجات الشائعة.

## أمثلة من حياة الجمعيات
- لائحة المنخرطين وواجبات الانخراط؛
- ملفات المستفيدين من الأنشطة الاجتماعية أو التربوية؛
- قاعدة بيانات المتطوعين؛
- كاميرات المراقبة في مقر الجمعية؛
- نشر صور المستفيدين على مواقع التواصل الاجتماعي.

## التصريح أم الإذن؟
- **التصريح** هو الإجراء العادي: تُعلِم الجمعية اللجنةَ بالمعالجة وغايتها وطبيعة المعطيات.
- **الإذن** يُشترط خصوصاً في المعالجات الأكثر حساسية، كتلك التي تشمل معطيات صحية.

## المعلومات التي ينبغي تحضيرها
1. هوية المسؤول عن المعالجة (الجمعية وممثلها)؛
2. الغاية من المعالجة؛
3. فئات الأشخاص المعنيين وأنواع المعطيات؛
4. الجهات التي قد تتلقى المعطيات؛
5. مدة الحفظ؛
6. التدابير المتخذة لضمان الأمن والسرية.

## أين تجدون الاستمارات؟
تنشر اللجنة الوطنية على موقعها الرسمي الاستمارات والإجراءات المعمول بها والنماذج الخاصة بكل نوع من المعالجات. **راجعوا الموقع الرسمي للجنة للتأكد من الإجراء المناسب لحالتكم**، ولا تترددوا في الاتصال بمركز المواكبة إذا احتجتم إلى مساعدة في فهم المطلوب.`,
    topic: 'data-protection',
    tags: ['المعطيات الشخصية', 'التصريح', 'الإذن المسبق', 'اللجنة الوطنية CNDP'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'data-protection-rights-fr',
    lang: 'fr',
    title: 'Droits d’accès et de rectification : comment répondre à une demande',
    summary: 'Les droits reconnus par la loi 09-08 et une méthode simple pour traiter les demandes des adhérents, bénévoles et bénéficiaires.',
    body: `## Les droits des personnes
La loi n° 09-08 relative à la protection des personnes physiques à l'égard du traitement des données à caractère personnel reconnaît à chaque personne dont les données sont traitées plusieurs droits, notamment :
- le **droit d'être informée** de la collecte et de sa finalité ;
- le **droit d'accès** aux données qui la concernent ;
- le **droit de rectification** des données inexactes ou incomplètes ;
- le **droit d'opposition**, pour des motifs légitimes.

## Recevoir une demande
Une demande peut arriver par courrier, par e-mail, par téléphone ou lors d'une visite. Dans tous les cas :
1. **Enregistrez-la** avec sa date et le canal utilisé.
2. **Vérifiez l'identité** du demandeur, sans collecter plus d'informations que nécessaire.
3. **Identifiez les fichiers concernés** : adhérents, bénéficiaires, bénévoles, photos…
4. **Répondez** clairement et sans tarder, dans le respect des délais prévus par la loi.

## Exemples
- Une ancienne bénévole demande la liste des informations que l'association conserve sur elle : communiquez-lui une copie lisible de ses données.
- Un parent signale une erreur dans le numéro de téléphone enregistré pour son enfant inscrit au soutien scolaire : corrigez-la et confirmez la correction.
- Un adhérent ne souhaite plus apparaître sur les photos publiées : retirez-les et informez-le.

## Organiser l'association
- Désignez au sein du bureau une personne référente pour ces demandes.
- Indiquez dans vos formulaires comment exercer ces droits.
- Conservez une trace des demandes et des réponses.

En cas de doute, consultez les informations publiées par la CNDP, l'autorité chargée de veiller à l'application de la loi.`,
    topic: 'data-protection',
    tags: ['droit d’accès', 'rectification', 'loi 09-08', 'CNDP'],
    status: 'published',
    visibility: 'public',
  },

  // --- governance ------------------------------------------------------------------------------
  {
    key: 'governance-general-assembly-ar',
    lang: 'ar',
    title: 'تنظيم الجمع العام وتحرير محضره',
    summary: 'الفرق بين الجمع العام العادي والاستثنائي، وخطوات التحضير، والعناصر الأساسية لمحضر الجمع العام.',
    body: `## ما هو الجمع العام؟
الجمع العام هو الجهاز الأعلى في الجمعية، ويضم جميع الأعضاء المستوفين لشروط العضوية. ويحدد القانون الأساسي للجمعية دوريته وكيفية الدعوة إليه والنصاب اللازم لصحة مداولاته.

## الجمع العام العادي والاستثنائي
- **الجمع العام العادي**: يُعقد بصفة دورية لعرض التقرير الأدبي والتقرير المالي والمصادقة عليهما، ولانتخاب المكتب عند انتهاء مدة انتدابه.
- **الجمع العام الاستثنائي**: يُعقد للبت في قضايا خاصة، كتعديل القانون الأساسي أو حل الجمعية، وفق ما ينص عليه القانون الأساسي.

## التحضير
1. حددوا داخل المكتب التاريخ والمكان وجدول الأعمال.
2. وجّهوا الدعوة إلى الأعضاء داخل الأجل وبالطريقة المنصوص عليهما في القانون الأساسي.
3. هيّئوا التقريرين الأدبي والمالي ولائحة الحضور.

## يوم الجمع العام
- احرصوا على توقيع الحاضرين على لائحة الحضور، وتحققوا من اكتمال النصاب.
- عيّنوا رئيساً للجلسة ومقرراً إذا كان القانون الأساسي ينص على ذلك.
- ناقشوا النقاط حسب ترتيب جدول الأعمال، وسجّلوا نتائج التصويت.

## تحرير المحضر
يتضمن المحضر عادةً:
- اسم الجمعية، وتاريخ الانعقاد ومكانه؛
- عدد الأعضاء الحاضرين والممثَّلين، والتأكيد على اكتمال النصاب؛
- جدول الأعمال وملخص المناقشات؛
- القرارات المتخذة ونتائج التصويت؛
- تشكيلة المكتب الجديد في حالة الانتخاب؛
- توقيع الأشخاص الذين يحددهم القانون الأساسي.

إذا ترتب على الجمع العام تجديد للمكتب أو تعديل للقانون الأساسي، فيجب التصريح بذلك لدى السلطة المحلية.`,
    topic: 'governance',
    tags: ['الجمع العام', 'محضر الجمع العام', 'النصاب', 'تجديد المكتب'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'governance-general-assembly-fr',
    lang: 'fr',
    title: 'Organiser l’assemblée générale et rédiger son procès-verbal',
    summary: 'Assemblée ordinaire ou extraordinaire, préparation, déroulement et contenu du procès-verbal.',
    body: `## Qu'est-ce que l'assemblée générale ?
L'assemblée générale est l'organe suprême de l'association ; elle réunit tous les membres remplissant les conditions d'adhésion. Les statuts fixent sa périodicité, son mode de convocation et le quorum nécessaire à la validité de ses délibérations.

## Assemblée ordinaire et assemblée extraordinaire
- **L'assemblée générale ordinaire** se réunit périodiquement pour examiner et approuver le rapport moral et le rapport financier, et pour élire le bureau à l'expiration de son mandat.
- **L'assemblée générale extraordinaire** se réunit pour des questions particulières, comme la modification des statuts ou la dissolution, selon ce que prévoient les statuts.

## La préparation
1. Fixez en bureau la date, le lieu et l'ordre du jour.
2. Convoquez les membres dans le délai et selon les modalités prévus par les statuts.
3. Préparez les rapports moral et financier et la feuille de présence.

## Le jour de l'assemblée
- Faites signer la feuille de présence et vérifiez que le quorum est atteint.
- Désignez un président de séance et un rapporteur si les statuts le prévoient.
- Traitez les points dans l'ordre du jour et notez les résultats des votes.

## La rédaction du procès-verbal
Le procès-verbal mentionne généralement :
- le nom de l'association, la date et le lieu de la réunion ;
- le nombre de membres présents et représentés, et la constatation du quorum ;
- l'ordre du jour et un résumé des débats ;
- les décisions prises et les résultats des votes ;
- la composition du nouveau bureau en cas d'élection ;
- la signature des personnes désignées par les statuts.

Si l'assemblée a renouvelé le bureau ou modifié les statuts, ces changements doivent être déclarés à l'autorité locale.`,
    topic: 'governance',
    tags: ['assemblée générale', 'procès-verbal', 'quorum', 'renouvellement du bureau'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'governance-general-assembly-ar',
  },
  {
    key: 'governance-accounting-ar',
    lang: 'ar',
    title: 'مسك الحسابات والتدبير المالي للجمعية',
    summary: 'الأدوات الأساسية للتدبير المالي، وقواعد ذهبية للشفافية، وتوزيع المسؤوليات داخل المكتب.',
    body: `## لماذا مسك الحسابات؟
التدبير المالي الشفاف أساس ثقة الأعضاء والمستفيدين والشركاء. وهو شرط عملي للحصول على الدعم العمومي في إطار الشراكة، إذ تلتزم الجمعية بتبرير استعمال الموارد وتقديم التقارير المالية.

## الأدوات الأساسية
- **حساب بنكي باسم الجمعية**، بتوقيع يحدده القانون الأساسي أو قرار المكتب؛
- **سجل المداخيل والمصاريف**، تُقيَّد فيه كل عملية بتاريخها ومبلغها ومرجعها؛
- **ملف الوثائق المثبِتة**: فواتير، ووصولات، وعقود، وكشوفات بنكية؛
- **الميزانية السنوية التقديرية**، التي يصادق عليها المكتب أو الجمع العام حسب القانون الأساسي.

## قواعد ذهبية
1. لا تخلطوا أبداً بين أموال الجمعية وأموال الأعضاء.
2. فضّلوا الأداء بالتحويل أو بالشيك بدل النقد.
3. سلّموا وصلاً عن كل مبلغ تتوصل به الجمعية، كواجبات الانخراط.
4. افصلوا حسابات كل مشروع ممول، ليسهل تقديم التقرير للشريك.
5. راجعوا الحسابات دورياً داخل المكتب، وقارنوا السجل بالكشف البنكي.

## توزيع المسؤوليات
يتولى أمين المال مسك الحسابات وحفظ الوثائق، ويراقب الرئيس والمكتب التدبير وفق ما ينص عليه القانون الأساسي. ويُستحسن ألا يجمع شخص واحد بين الأمر بالصرف والأداء ومسك الحسابات.

## في نهاية السنة
يُعَدّ التقرير المالي ويُعرض على الجمع العام للمصادقة عليه. وقد تفرض بعض النصوص القانونية أو اتفاقيات الشراكة التزامات إضافية، كالافتحاص أو الإدلاء بالحسابات لدى جهة معينة، لذا تحققوا من الالتزامات المطبقة على جمعيتكم.`,
    topic: 'governance',
    tags: ['التدبير المالي', 'أمين المال', 'الحسابات', 'الشفافية'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'governance-annual-report-ar',
    lang: 'ar',
    title: 'إعداد التقرير الأدبي والتقرير المالي السنويين',
    summary: 'مكونات التقريرين الأدبي والمالي المعروضين على الجمع العام، ونصائح لإعدادهما وحفظهما.',
    body: `## تقريران متكاملان
يعرض المكتب على الجمع العام العادي تقريرين أساسيين: **التقرير الأدبي** الذي يبيّن ما أنجزته الجمعية، و**التقرير المالي** الذي يبيّن مصادر مواردها وأوجه صرفها. ويطلب الشركاء هذين التقريرين عادةً ضمن ملفات طلب الدعم.

## التقرير الأدبي
- تذكير بأهداف الجمعية وأولويات السنة؛
- الأنشطة المنجزة: التاريخ، والمكان، وعدد المستفيدين، والشركاء؛
- النتائج المحققة والصعوبات التي واجهتها الجمعية؛
- الحياة الداخلية: اجتماعات المكتب، والانخراطات، والتكوينات؛
- آفاق السنة المقبلة.

## التقرير المالي
- الرصيد في بداية السنة؛
- المداخيل حسب المصدر: واجبات الانخراط، والدعم العمومي، ومساهمات الشركاء، ومداخيل الأنشطة؛
- المصاريف حسب الأبواب: الأنشطة، والتسيير، والتجهيز؛
- الرصيد في نهاية السنة، مطابقاً للكشف البنكي وللصندوق؛
- ملاحظات حول الدعم المخصص لمشاريع بعينها.

## نصائح للإعداد
1. اجمعوا المعطيات طيلة السنة، لا في الأسبوع الأخير.
2. أرفقوا التقرير الأدبي بصور وشهادات قصيرة.
3. اعرضوا التقرير المالي في جداول بسيطة يفهمها جميع الأعضاء.
4. وزّعوا التقريرين على الأعضاء قبل الجمع العام ليتمكنوا من مناقشتهما.
5. دوّنوا في محضر الجمع العام نتيجة التصويت على كل تقرير.

## بعد المصادقة
احتفظوا بنسخ موقعة من التقريرين ومن المحضر في أرشيف الجمعية، وأرسلوها إلى الشركاء الذين تُلزمكم اتفاقيات الشراكة بذلك.`,
    topic: 'governance',
    tags: ['التقرير الأدبي', 'التقرير المالي', 'الجمع العام', 'الأرشيف'],
    status: 'published',
    visibility: 'public',
  },

  // --- award -----------------------------------------------------------------------------------
  {
    key: 'award-civil-society-ar',
    lang: 'ar',
    title: 'جائزة المجتمع المدني: التعريف وطريقة الترشح',
    summary: 'أهداف جائزة المجتمع المدني، ومن يمكنه الترشح، وكيف تتابعون الإعلان عن الدورات وتستعدون لها.',
    body: `## ما هي جائزة المجتمع المدني؟
جائزة المجتمع المدني مبادرة وطنية تهدف إلى الاعتراف بمجهودات الجمعيات والفاعلين المدنيين، وتثمين المبادرات المتميزة التي تخدم الصالح العام، وتشجيع ثقافة الاعتراف بالعمل المدني. وتشرف على تنظيمها الجهة الحكومية المكلفة بالعلاقات مع المجتمع المدني.

## من يمكنه الترشح؟
تتضمن الجائزة فئات متعددة، قد تشمل الجمعيات العاملة داخل المغرب، وجمعيات مغاربة العالم، والشخصيات المدنية، حسب ما يحدده نظام كل دورة. ولكل فئة شروط أهلية خاصة بها.

## كيف تعرفون موعد الترشح؟
يُعلَن عن فتح باب الترشيحات عبر البوابة الرسمية ووسائل الإعلام، مع نشر نظام الجائزة الذي يحدد:
- الفئات ومجالات العمل المعنية؛
- شروط الأهلية؛
- الوثائق المطلوبة وطريقة الإيداع؛
- آجال الترشح ومعايير التقييم.

## كيف تستعدون منذ الآن؟
1. حيّنوا الوضعية القانونية للجمعية: وصل الإيداع، وآخر جمع عام، والتقارير السنوية.
2. وثّقوا منجزاتكم بانتظام: صور، ومعطيات عن المستفيدين، وشهادات الشركاء، ومقالات صحفية.
3. اختاروا مبادرة واحدة متميزة وأبرزوا أثرها الملموس على الفئات المستهدفة.
4. اقرؤوا نظام الجائزة كاملاً عند صدوره قبل إعداد الملف.

**معلومات الدورة الجارية، من فئات ومواعيد، تُنشر عبر القنوات الرسمية وحدها؛ فتحققوا منها هناك.**`,
    topic: 'award',
    tags: ['جائزة المجتمع المدني', 'الترشح', 'تثمين العمل المدني'],
    status: 'published',
    visibility: 'public',
  },
  {
    key: 'award-civil-society-fr',
    lang: 'fr',
    title: 'Le Prix de la société civile : présentation et candidature',
    summary: 'Les objectifs du Prix de la société civile, qui peut candidater, et comment suivre l’annonce des éditions et s’y préparer.',
    body: `## Qu'est-ce que le Prix de la société civile ?
Le Prix de la société civile est une initiative nationale qui vise à reconnaître les efforts des associations et des acteurs civils, à valoriser les initiatives remarquables au service de l'intérêt général et à encourager une culture de reconnaissance du travail associatif. Son organisation relève du département gouvernemental chargé des relations avec la société civile.

## Qui peut candidater ?
Le prix comporte plusieurs catégories, qui peuvent inclure les associations actives au Maroc, les associations des Marocains du monde et des personnalités de la société civile, selon le règlement de chaque édition. Chaque catégorie a ses propres conditions d'éligibilité.

## Comment connaître la date de candidature ?
L'ouverture des candidatures est annoncée sur le portail officiel et dans les médias, avec la publication du règlement du prix, qui précise :
- les catégories et les domaines concernés ;
- les conditions d'éligibilité ;
- les pièces à fournir et le mode de dépôt ;
- les délais de candidature et les critères d'évaluation.

## Comment vous préparer dès maintenant ?
1. Mettez à jour la situation juridique de l'association : récépissé, dernière assemblée générale, rapports annuels.
2. Documentez régulièrement vos réalisations : photos, données sur les bénéficiaires, témoignages de partenaires, articles de presse.
3. Choisissez une initiative remarquable et mettez en avant son impact concret sur les publics visés.
4. Lisez le règlement du prix en entier dès sa publication, avant de préparer le dossier.

**Les informations sur l'édition en cours (catégories, dates) ne sont publiées que par les canaux officiels : vérifiez-les à la source.**`,
    topic: 'award',
    tags: ['prix de la société civile', 'candidature', 'valorisation'],
    status: 'published',
    visibility: 'public',
    translationOfKey: 'award-civil-society-ar',
  },
  {
    key: 'award-application-tips-ar',
    lang: 'ar',
    title: 'نصائح لإعداد ملف الترشح لجائزة المجتمع المدني',
    summary: 'مسودة: كيف تختارون المبادرة، وتكتبون الملف، وتجمعون الوثائق الداعمة، وتتجنبون الأخطاء الشائعة.',
    body: `## ملاحظة
هذا المقال قيد الإعداد، وسيُراجَع بعد صدور نظام الدورة المقبلة.

## اختيار المبادرة
- اختاروا مبادرة أنجزتها الجمعية فعلاً، لا مشروعاً ما زال في طور الفكرة.
- فضّلوا المبادرة التي يمكن إثبات أثرها بمعطيات ووثائق.
- بيّنوا طابعها المبتكر أو قابليتها للتعميم في مناطق أخرى.

## كتابة الملف
1. ابدؤوا بملخص قصير يجيب عن الأسئلة: ماذا؟ ولمن؟ وأين؟ وما الذي تغيّر؟
2. صِفوا السياق والحاجة التي استجابت لها المبادرة.
3. اعرضوا الأنشطة والنتائج بلغة بسيطة ودقيقة.
4. اذكروا الشركاء ودور المتطوعين.
5. تجنبوا العبارات العامة والمبالغة.

## الوثائق الداعمة
- الوثائق القانونية المحيَّنة للجمعية؛
- صور مؤرخة للأنشطة؛
- شهادات من المستفيدين أو الشركاء؛
- قصاصات صحفية أو روابط لمواد منشورة.

## أخطاء شائعة
- ملف غير مكتمل أو وثائق لم تعد مطابقة للوضعية الحالية للجمعية؛
- اختيار فئة لا تناسب طبيعة المترشح؛
- إرسال الملف في اللحظة الأخيرة مع خطر انقطاع الاتصال.

## للمراجعة قبل النشر
- ملاءمة الفئات مع نظام الدورة المقبلة؛
- إضافة رابط البوابة الرسمية.`,
    topic: 'award',
    tags: ['جائزة المجتمع المدني', 'ملف الترشح', 'نصائح'],
    status: 'draft',
    visibility: 'public',
  },

  // --- internal procedures (agents only) -------------------------------------------------------
  {
    key: 'internal-escalation-legal-fr',
    lang: 'fr',
    title: 'Procédure interne : escalade des questions juridiques et financières',
    summary: 'Quand et comment un agent de premier niveau transfère une demande à l’équipe des experts juridiques et financement.',
    body: `## Objet
Cette procédure interne précise quand et comment un agent de premier niveau transfère une demande à l'équipe « Experts juridiques et financement ». Elle ne doit pas être communiquée telle quelle aux associations.

## Quand escalader ?
Transférez le ticket lorsque la demande porte sur :
- l'interprétation d'un texte (dahir de 1958, circulaire 7/2003, loi 06.18, loi 09-08, lois organiques 44.14 et 64.14) ;
- un litige entre membres du bureau ou la contestation d'une assemblée générale ;
- un refus ou un retard de récépissé signalé par l'association ;
- une convention de partenariat, un contrôle ou un remboursement de subvention ;
- toute situation où une réponse erronée pourrait porter préjudice à l'association.

## Comment escalader ?
1. Complétez la fiche de l'association : région, province, contact, référence du récépissé.
2. Résumez la question en quelques lignes dans une **note interne** : faits, documents disponibles, échéance évoquée par l'association.
3. Changez l'équipe du ticket et conservez la priorité, sauf risque imminent (priorité « urgente »).
4. Informez l'association par une **réponse publique** : sa demande est transmise à un expert, qui la recontactera.

## Ce qu'il ne faut pas faire
- Donner un avis juridique définitif au premier niveau.
- Promettre un résultat (obtention d'un récépissé, d'une subvention…).
- Annoncer un délai ou un montant non vérifié.

## Suivi
Le superviseur vérifie chaque jour les tickets escaladés restés sans réponse et relance l'équipe concernée si nécessaire.`,
    topic: 'founding',
    tags: ['procédure interne', 'escalade', 'premier niveau', 'experts'],
    status: 'published',
    visibility: 'internal',
  },
  {
    key: 'internal-caller-verification-ar',
    lang: 'ar',
    title: 'مسطرة داخلية: التحقق من صفة المتصل قبل تعديل معطيات حساب جمعية',
    summary: 'خطوات التحقق من صفة المتصل قبل تقديم معلومات عن حساب جمعية أو تعديله، حمايةً للمعطيات الشخصية.',
    body: `## الهدف
تحدد هذه المسطرة الداخلية كيفية التحقق من صفة المتصل قبل تقديم معلومات عن حساب جمعية أو تعديلها، حمايةً للجمعيات ولمعطياتها الشخصية، وانسجاماً مع القانون 09-08. وهي موجهة إلى الأعوان وحدهم.

## متى تطبَّق؟
- طلب تغيير البريد الإلكتروني أو الهاتف المرتبط بحساب الجمعية على المنصة؛
- طلب معلومات عن ملف أو تذكرة باسم الجمعية؛
- طلب الحصول على معطيات أعضاء أو مستفيدين.

## خطوات التحقق
1. قارنوا رقم المتصل بأرقام جهات الاتصال المسجلة في بطاقة الجمعية.
2. إذا لم يكن الرقم مسجلاً، فاطلبوا اسم الجمعية ومرجع وصل الإيداع وصفة المتصل داخل المكتب.
3. لأي تعديل في معطيات الحساب، اطلبوا نسخة من آخر محضر للجمع العام أو من لائحة المكتب المودعة لدى السلطة المحلية.
4. دوّنوا في ملاحظة داخلية الوثائق التي تم التحقق منها، دون نسخ أرقام بطائق التعريف كاملة.

## ممنوعات
- لا تطلبوا أبداً كلمة مرور حساب الجمعية.
- لا تقدموا معطيات أعضاء أو مستفيدين لأي طرف عبر الهاتف.
- لا تعدّلوا معطيات حساب بناءً على رسالة واتساب وحدها.

## حالات الشك
إذا تعارضت المعلومات، أو ادّعى شخصان صفة الرئيس، فلا تتخذوا أي إجراء، وحوّلوا التذكرة إلى فريق الخبرة القانونية مع ملاحظة داخلية مفصلة، وأخبروا المشرف.`,
    topic: 'data-protection',
    tags: ['مسطرة داخلية', 'التحقق من الهوية', 'المعطيات الشخصية', 'حساب الجمعية'],
    status: 'published',
    visibility: 'internal',
  },
];
