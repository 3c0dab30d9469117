import type {
  TAccessRequestCreate,
  TAccessStatusCorrection,
  TConsentPositionRecord,
  TAreaCreate,
  TOrganizationCreate,
  TPartyCreate,
  TRole,
  TSensitivity,
} from '@access/contracts';

/**
 * The example that started the product: access to Nagorno-Karabakh as an early-February
 * 2023 news report described it (ArmInfo, citing an RIA Novosti interview with the
 * director of the Russian Foreign Ministry's department of international organisations).
 * Written in our own words; every record cites the report.
 */
export const DEMO_SOURCE = {
  title:
    "Interview with the director of the Russian Foreign Ministry's department of international organisations on humanitarian access to Nagorno-Karabakh",
  publisher: 'ArmInfo, citing RIA Novosti',
  url: null,
  publishedOn: null,
} as const;

export const DEMO_REPORT_DATE = '2023-02-01';
export const TRILATERAL_STATEMENT =
  'Statement by the President of the Republic of Azerbaijan, the Prime Minister of the Republic of Armenia and the President of the Russian Federation, 9 November 2020';

export const DEMO_PARTIES: TPartyCreate[] = [
  {
    name: 'Government of the Republic of Azerbaijan',
    acronym: null,
    kind: 'GOVERNMENT',
    note: null,
  },
  { name: 'Government of the Republic of Armenia', acronym: null, kind: 'GOVERNMENT', note: null },
  { name: 'Government of the Russian Federation', acronym: null, kind: 'GOVERNMENT', note: null },
  {
    name: 'United Nations Security Council',
    acronym: 'UNSC',
    kind: 'INTERGOVERNMENTAL_BODY',
    note: null,
  },
];

export const DEMO_ORGANIZATIONS: TOrganizationCreate[] = [
  {
    name: 'Russian peacekeeping contingent in Nagorno-Karabakh',
    acronym: null,
    aliases: ['Russian peacekeepers', 'Российский миротворческий контингент'],
    typeCode: 440,
  },
  {
    name: 'International Committee of the Red Cross',
    acronym: 'ICRC',
    aliases: ['CICR', 'МККК', 'Կարմիր խաչի միջազգային կոմիտե'],
    typeCode: 445,
  },
  {
    name: 'United Nations Office for the Coordination of Humanitarian Affairs',
    acronym: 'OCHA',
    aliases: ['UN OCHA'],
    typeCode: 447,
    iatiId: 'XM-DAC-41127',
  },
  {
    name: 'Office of the United Nations High Commissioner for Refugees',
    acronym: 'UNHCR',
    aliases: ['UN Refugee Agency'],
    typeCode: 447,
    iatiId: 'XM-DAC-41121',
  },
  {
    // the UN as a whole: the report names no proposer of the missions it mentions
    name: 'United Nations',
    acronym: 'UN',
    aliases: ['Organisation des Nations Unies', 'Организация Объединённых Наций'],
    typeCode: 447,
  },
];

type DemoArea = Omit<TAreaCreate, 'parentId'> & { key: string; parentKey?: string };

export const DEMO_AREAS: DemoArea[] = [
  {
    key: 'AZE',
    kind: 'COUNTRY',
    iso3: 'AZE',
    disputed: false,
    names: [
      { lang: 'en', name: 'Azerbaijan', isDefault: true },
      { lang: 'az', name: 'Azərbaycan', isDefault: false },
      { lang: 'hy', name: 'Ադրբեջան', isDefault: false },
      { lang: 'ru', name: 'Азербайджан', isDefault: false },
    ],
  },
  {
    key: 'ARM',
    kind: 'COUNTRY',
    iso3: 'ARM',
    disputed: false,
    names: [
      { lang: 'en', name: 'Armenia', isDefault: true },
      { lang: 'hy', name: 'Հայաստան', isDefault: false },
      { lang: 'az', name: 'Ermənistan', isDefault: false },
      { lang: 'ru', name: 'Армения', isDefault: false },
    ],
  },
  {
    // The territory's final status is disputed: every party's name is kept, none imposed.
    key: 'NK',
    parentKey: 'AZE',
    kind: 'CUSTOM',
    disputed: true,
    names: [
      { lang: 'en', name: 'Nagorno-Karabakh', isDefault: true },
      { lang: 'hy', name: 'Լեռնային Ղարաբաղ', isDefault: false },
      { lang: 'hy', name: 'Արցախ', usedBy: 'Armenian usage', isDefault: false },
      { lang: 'az', name: 'Dağlıq Qarabağ', isDefault: false },
      {
        lang: 'az',
        name: 'Qarabağ iqtisadi rayonu',
        usedBy: 'Government of the Republic of Azerbaijan',
        isDefault: false,
      },
      { lang: 'ru', name: 'Нагорный Карабах', isDefault: false },
    ],
  },
  {
    key: 'LACHIN',
    parentKey: 'NK',
    kind: 'CORRIDOR',
    disputed: true,
    names: [
      { lang: 'en', name: 'Lachin corridor', isDefault: true },
      { lang: 'hy', name: 'Լաչինի միջանցք', isDefault: false },
      { lang: 'hy', name: 'Բերձորի միջանցք', usedBy: 'Armenian usage', isDefault: false },
      { lang: 'az', name: 'Laçın dəhlizi', isDefault: false },
      { lang: 'ru', name: 'Лачинский коридор', isDefault: false },
    ],
  },
];

type DemoStatus = Omit<TAccessStatusCorrection, 'terms' | 'sources'> & {
  organization: string;
  areaKey: string;
  terms: (Omit<TAccessStatusCorrection['terms'][number], 'grantingPartyId'> & { party?: string })[];
};

const AZ = 'Government of the Republic of Azerbaijan';
const AM = 'Government of the Republic of Armenia';
const RU = 'Government of the Russian Federation';

export const DEMO_STATUSES: DemoStatus[] = [
  {
    organization: 'Russian peacekeeping contingent in Nagorno-Karabakh',
    areaKey: 'NK',
    status: 'FULL',
    validFrom: '2020-11-09',
    reason:
      'Deployed under the trilateral statement that ended the 2020 hostilities; present and operating since.',
    constraintCategories: [],
    sensitivity: 'LOW',
    terms: [
      {
        type: 'AGREEMENT',
        party: AZ,
        legalReference: TRILATERAL_STATEMENT,
        note: 'Modalities of the deployment are fixed by the statement.',
      },
      {
        type: 'AGREEMENT',
        party: AM,
        legalReference: TRILATERAL_STATEMENT,
        note: 'Supported by both Baku and Yerevan.',
      },
      {
        type: 'AGREEMENT',
        party: RU,
        legalReference: TRILATERAL_STATEMENT,
        note: 'No UN mandate.',
      },
    ],
  },
  {
    organization: 'Russian peacekeeping contingent in Nagorno-Karabakh',
    areaKey: 'LACHIN',
    status: 'FULL',
    validFrom: '2020-11-09',
    reason:
      'The statement places the Lachin corridor under the control of the peacekeeping contingent.',
    constraintCategories: [],
    sensitivity: 'LOW',
    terms: [
      {
        type: 'AREA_CONTROL',
        party: RU,
        legalReference: TRILATERAL_STATEMENT,
        note: 'Corridor controlled by the contingent under the statement.',
      },
    ],
  },
  {
    organization: 'International Committee of the Red Cross',
    areaKey: 'NK',
    status: 'CONSTRAINED',
    validFrom: DEMO_REPORT_DATE,
    reason:
      'Described as the only international organisation still working in Nagorno-Karabakh, and operating with difficulty.',
    constraintCategories: [3, 4, 5],
    sensitivity: 'HIGH',
    terms: [
      {
        type: 'ENTRY_EXIT_MODALITIES',
        party: AZ,
        note: 'Modalities of entry and exit are an open difficulty.',
      },
      {
        type: 'REPORTING_OBLIGATION',
        note: 'How the organisation reports on its work is contested.',
      },
      { type: 'AREA_CONTROL', note: 'Control over its movements and activities is contested.' },
      { type: 'OTHER', note: 'The legal basis of its presence is unsettled.' },
    ],
  },
  ...[
    'United Nations Office for the Coordination of Humanitarian Affairs',
    'Office of the United Nations High Commissioner for Refugees',
  ].map(
    (organization): DemoStatus => ({
      organization,
      areaKey: 'NK',
      status: 'DENIED',
      validFrom: DEMO_REPORT_DATE,
      reason:
        'UN humanitarian agencies have no permission from Azerbaijan and Armenia to enter, not even for a first needs-assessment mission.',
      constraintCategories: [3],
      sensitivity: 'MODERATE',
      terms: [
        { type: 'ALL_PARTIES_CONSENT', party: AZ, note: 'Official consent of Baku required.' },
        { type: 'ALL_PARTIES_CONSENT', party: AM, note: 'Official consent of Yerevan required.' },
      ],
    }),
  ),
];

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_USERS: {
  email: string;
  displayName: string;
  role: TRole;
  clearance: TSensitivity;
  organizations: string[];
}[] = [
  {
    email: 'admin@demo.local',
    displayName: 'Demo administrator',
    role: 'ADMIN',
    clearance: 'SEVERE',
    organizations: [],
  },
  {
    email: 'coordinator@demo.local',
    displayName: 'Demo coordinator (access working group)',
    role: 'COORDINATOR',
    clearance: 'SEVERE',
    organizations: [],
  },
  {
    email: 'editor.icrc@demo.local',
    displayName: 'Demo editor, ICRC',
    role: 'EDITOR',
    clearance: 'HIGH',
    organizations: ['International Committee of the Red Cross'],
  },
  {
    email: 'editor.un@demo.local',
    displayName: 'Demo editor, OCHA',
    role: 'EDITOR',
    clearance: 'HIGH',
    organizations: ['United Nations Office for the Coordination of Humanitarian Affairs'],
  },
  {
    email: 'viewer@demo.local',
    displayName: 'Demo viewer',
    role: 'VIEWER',
    clearance: 'MODERATE',
    organizations: [],
  },
];

/**
 * The requests behind the report (issue 16), told as it tells them: the report is the only
 * source, and its date the day each position is known by. A request names the consents it
 * needs; its state (refused, pending, granted) is derived from the parties' positions.
 */
export interface DemoRequest
  extends Omit<
    TAccessRequestCreate,
    'organizationId' | 'otherOrganizationIds' | 'areaId' | 'neededPartyIds' | 'sources'
  > {
  organization: string;
  otherOrganizations: string[];
  areaKey: string;
  parties: string[];
  /** the status it led to or stands beside (organisation, area) */
  status?: { organization: string; areaKey: string };
  positions: (Omit<TConsentPositionRecord, 'partyId' | 'sources' | 'conditions'> & {
    party: string;
    conditions?: (Omit<TConsentPositionRecord['conditions'][number], 'grantingPartyId'> & {
      party?: string;
    })[];
  })[];
}

const UNSC = 'United Nations Security Council';
const OCHA = 'United Nations Office for the Coordination of Humanitarian Affairs';
const UNHCR = 'Office of the United Nations High Commissioner for Refugees';

export const DEMO_REQUESTS: DemoRequest[] = [
  {
    organization: OCHA,
    otherOrganizations: [UNHCR],
    kind: 'PRESENCE',
    areaKey: 'NK',
    requestedOn: DEMO_REPORT_DATE,
    purpose:
      'UN humanitarian agencies asked to work in Nagorno-Karabakh, a first needs-assessment mission included.',
    parties: [AZ, AM],
    status: { organization: OCHA, areaKey: 'NK' },
    sensitivity: 'MODERATE',
    positions: [AZ, AM].map((party) => ({
      party,
      stance: 'REFUSED' as const,
      statedOn: DEMO_REPORT_DATE,
      reason:
        'No official consent given, not even for a first needs-assessment mission (as reported).',
      sensitivity: 'MODERATE' as const,
    })),
  },
  {
    organization: 'United Nations',
    otherOrganizations: [],
    kind: 'FACT_FINDING_MISSION',
    areaKey: 'LACHIN',
    requestedOn: DEMO_REPORT_DATE,
    purpose:
      'A proposed UN fact-finding mission to the Lachin corridor; it can go only with the official consent of both parties.',
    parties: [AZ, AM],
    sensitivity: 'SEVERE',
    positions: [AZ, AM].map((party) => ({
      party,
      stance: 'REQUESTED' as const,
      statedOn: DEMO_REPORT_DATE,
      reason: 'Consent needed; not given as of the report.',
      sensitivity: 'SEVERE' as const,
    })),
  },
  {
    organization: 'United Nations',
    otherOrganizations: [],
    kind: 'PRESENCE',
    areaKey: 'NK',
    requestedOn: DEMO_REPORT_DATE,
    purpose:
      'A proposed multinational UN peacekeeping mission for Nagorno-Karabakh, judged "hardly realistic": it would need a mandate of the Security Council.',
    parties: [UNSC],
    sensitivity: 'HIGH',
    positions: [],
  },
  {
    organization: 'Russian peacekeeping contingent in Nagorno-Karabakh',
    otherOrganizations: [],
    kind: 'PRESENCE',
    areaKey: 'NK',
    requestedOn: '2020-11-09',
    purpose:
      'Deployment of the Russian peacekeeping contingent along the line of contact and the Lachin corridor.',
    parties: [AZ, AM],
    status: { organization: 'Russian peacekeeping contingent in Nagorno-Karabakh', areaKey: 'NK' },
    sensitivity: 'LOW',
    positions: [AZ, AM].map((party) => ({
      party,
      stance: 'GRANTED_WITH_CONDITIONS' as const,
      statedOn: '2020-11-09',
      reason: 'Agreed in the trilateral statement; no UN mandate.',
      sensitivity: 'LOW' as const,
      conditions: [
        {
          type: 'AGREEMENT' as const,
          party,
          legalReference: TRILATERAL_STATEMENT,
          note: 'Modalities of the deployment fixed by the statement.',
        },
      ],
    })),
  },
];
