import mongoose from 'mongoose';
import { normalizePhoneNumber } from '../../../../shared/src/phone.js';
import { withLock } from '../../database/with-lock.js';
import type { Logger } from '../../logger.js';
import { AssociationModel, type AssociationDocument } from '../associations/association.model.js';
import { createAssociation } from '../associations/associations.service.js';
import { ArticleModel } from '../kb/article.model.js';
import { createArticle } from '../kb/articles.service.js';
import { SettingModel } from '../settings/setting.model.js';
import { computeSla, getSlaContext, scheduleSlaCheck } from '../sla/sla.service.js';
import { TeamModel } from '../teams/team.model.js';
import { TicketEntryModel } from '../tickets/ticket-entry.model.js';
import { addTimelineEntriesToPages } from '../tickets/timeline-pages.js';
import { recordInAssociationHistory } from '../associations/association-history-pages.js';
import { allocateTicketReference } from '../tickets/ticket-reference.js';
import { PRIORITY_RANK, TicketModel } from '../tickets/ticket.model.js';
import { hashPassword } from '../users/password.js';
import { UserModel } from '../users/user.model.js';
import { demoArticles, demoAssociations, demoTeams, demoTickets, demoUsers } from './demo-content.js';

/** The password of every demo agent and supervisor; shown in the README. */
export const DEMO_PASSWORD = 'mowakaba-demo-2026';

const DEMO_MARKER = 'demo-data-loaded';

/**
 * Loads the demo teams, users, associations, tickets and articles, once per database. Each step
 * skips what already exists, so a start interrupted half-way finishes the job next time.
 */
export async function seedDemoData(logger: Logger): Promise<boolean> {
  return withLock('demo-data', async () => {
    if (await SettingModel.exists({ _id: DEMO_MARKER })) return false;

    const teamIds = await seedTeams();
    const userIds = await seedUsers(teamIds);
    const associationIds = await seedAssociations(logger);
    await seedTickets(teamIds, userIds, associationIds);
    await seedArticles(userIds);

    await SettingModel.create({ _id: DEMO_MARKER, value: new Date().toISOString() });
    return true;
  }, { ttlMs: 120_000, waitMs: 120_000 });
}

async function seedTeams(): Promise<Map<string, mongoose.Types.ObjectId>> {
  const ids = new Map<string, mongoose.Types.ObjectId>();
  for (const team of demoTeams) {
    const stored = await TeamModel.findOneAndUpdate(
      { key: team.key },
      { $setOnInsert: { key: team.key, name: team.name, skills: { languages: team.languages, topics: team.topics } } },
      { upsert: true, returnDocument: 'after' },
    );
    ids.set(team.key, stored._id);
  }
  return ids;
}

async function seedUsers(teamIds: Map<string, mongoose.Types.ObjectId>): Promise<Map<string, mongoose.Types.ObjectId>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, mongoose.Types.ObjectId>();
  for (const user of demoUsers) {
    const stored =
      (await UserModel.findOne({ email: user.email })) ??
      (await UserModel.create({ email: user.email, name: user.name, role: user.role, language: 'ar', passwordHash }));
    ids.set(user.email, stored._id);
    await TeamModel.updateOne({ key: user.teamKey }, { $addToSet: { memberIds: stored._id } });
  }
  for (const [key, id] of teamIds) ids.set(`team:${key}`, id);
  return ids;
}

async function seedAssociations(logger: Logger): Promise<Map<string, mongoose.Types.ObjectId>> {
  const ids = new Map<string, mongoose.Types.ObjectId>();
  for (const association of demoAssociations) {
    const existing = await AssociationModel.findOne({ registrationRef: association.registrationRef });
    const contacts = association.contacts.map((contact) => ({
      ...contact,
      phones: contact.phones.map((phone) => {
        const normalized = normalizePhoneNumber(phone);
        if (!normalized) logger.warn({ association: association.key }, 'demo phone number is not valid');
        return normalized;
      }).filter((phone): phone is string => phone !== undefined),
    }));
    if (existing) {
      ids.set(association.key, existing._id);
      continue;
    }
    const { key: _key, ...fields } = association;
    // Through the associations module, so the association is searchable and in the caller-ID directory.
    const created = await createAssociation({ ...fields, contacts });
    ids.set(association.key, new mongoose.Types.ObjectId(created.id));
  }
  return ids;
}

async function seedTickets(
  teamIds: Map<string, mongoose.Types.ObjectId>,
  userIds: Map<string, mongoose.Types.ObjectId>,
  associationIds: Map<string, mongoose.Types.ObjectId>,
): Promise<void> {
  const slaContext = await getSlaContext();
  for (const [index, ticket] of demoTickets.entries()) {
    const demoKey = `demo-ticket-${index + 1}`;
    if (await TicketModel.exists({ 'custom.demoKey': demoKey })) continue;
    const association = await AssociationModel.findById(associationIds.get(ticket.associationKey)).lean();
    const createdAt = new Date();
    const stored = await TicketModel.create({
      createdAt,
      sla: computeSla({ createdAt, priority: ticket.priority, status: ticket.status, sla: null }, slaContext, createdAt),
      reference: await allocateTicketReference(),
      associationId: association?._id,
      contactId: association?.contacts[0]?._id,
      contactPhone: association?.contacts[0]?.phones[0],
      region: association?.region,
      priorityRank: PRIORITY_RANK[ticket.priority],
      solvedAt: ticket.status === 'solved' ? new Date() : null,
      channel: ticket.channel,
      language: ticket.language,
      topic: ticket.topic,
      priority: ticket.priority,
      status: ticket.status,
      subject: ticket.subject,
      description: ticket.description,
      teamId: teamIds.get(ticket.teamKey),
      assigneeId: ticket.assigneeEmail ? userIds.get(ticket.assigneeEmail) : undefined,
      tags: ticket.tags,
      custom: { demoKey },
    });
    await scheduleSlaCheck(stored.toObject(), slaContext.settings.policy.warningMinutes);
    await recordInAssociationHistory({ kind: 'ticket', at: stored.createdAt, id: stored._id.toString() }, stored.associationId);
    const entries = await TicketEntryModel.insertMany(
      ticket.timeline.map((entry) => ({
        ticketId: stored._id,
        kind: entry.kind,
        authorId: userIds.get(entry.authorEmail),
        body: entry.body,
      })),
    );
    await addTimelineEntriesToPages(entries);
  }
}

async function seedArticles(userIds: Map<string, mongoose.Types.ObjectId>): Promise<void> {
  const author = userIds.get(demoUsers.find((user) => user.role === 'supervisor')?.email ?? '')?.toString();
  const idsByKey = new Map<string, string>();
  // Originals first, so a translation finds the article it translates.
  const ordered = [...demoArticles].sort((a, b) => Number(a.translationOfKey !== undefined) - Number(b.translationOfKey !== undefined));
  for (const article of ordered) {
    const existing = await ArticleModel.findOne({ slug: article.key }).select('_id').lean();
    if (existing) {
      idsByKey.set(article.key, existing._id.toString());
      continue;
    }
    const { key, translationOfKey, ...fields } = article;
    // Through the article service, so the article is versioned and indexed for search.
    const created = await createArticle(
      { ...fields, translationOf: translationOfKey ? idsByKey.get(translationOfKey) : undefined },
      author,
      { slug: key },
    );
    idsByKey.set(key, created.id);
  }
}
