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
} from '../../../../shared/src/constants.js';

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
